// The godwit binary on fixture plugin directories, for everything that needs no database: graph
// commands, usage and configuration errors, plugin validation errors, offline --sql scripts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli/fixture_dirs.hpp"
#include "cli/godwit_process.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

// Offline scripts are written in the configured database's dialect; it is never connected to.
constexpr const char* kOfflineUrl = "postgresql://nobody@offline.invalid/db";

ProcessResult on_shop(std::vector<std::string> args) {
  args.insert(args.begin(), {"--plugin-dir", kShop});
  return run_godwit(args);
}

TEST(CliGraph, HeadsPrintsTheHeadWithItsLabels) {
  const auto r = on_shop({"heads"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "6f0006 (reporting) (head)\n");
}

TEST(CliGraph, HistoryMatchesAlembicsFormat) {
  const auto r = on_shop({"history"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "5e0005 -> 6f0006 (reporting) (head), index notes concurrently\n"
            "3c0003, 4d0004 -> 5e0005 (reporting) (mergepoint), merge reports and invoices\n"
            "2b0002 -> 3c0003 (reporting), add reports\n"
            "2b0002 -> 4d0004, add invoices\n"
            "1a0001 -> 2b0002 (branchpoint), create orders\n"
            "<base> -> 1a0001, create customers\n");
}

TEST(CliGraph, HistoryRange) {
  const auto r = on_shop({"history", "-r", "2b0002:3c0003"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "2b0002 -> 3c0003 (reporting), add reports\n"
            "1a0001 -> 2b0002 (branchpoint), create orders\n");
}

TEST(CliGraph, HistoryVerboseShowsPathAndParents) {
  const auto r = on_shop({"history", "-v", "-r", "1a0001:1a0001"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Rev: 1a0001\nParent: <base>\nPath: "));
  EXPECT_THAT(r.out, HasSubstr("1a0001_table_revision.cpp.so"));
  EXPECT_THAT(r.out, HasSubstr("    create customers\n"));
}

TEST(CliGraph, BranchesListsBranchPointsAndTheirChildren) {
  const auto r = on_shop({"branches"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "2b0002 (branchpoint)\n"
            "       -> 3c0003 (reporting)\n"
            "       -> 4d0004\n"
            "\n");
}

TEST(CliGraph, ShowResolvesPrefixesAndSymbols) {
  auto r = on_shop({"show", "5e0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Rev: 5e0005 (mergepoint)\nMerges: 3c0003, 4d0004\n"));
  r = on_shop({"show", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Rev: 6f0006 (head)"));
}

TEST(CliGraph, GraphAsDotAndText) {
  auto r = on_shop({"graph", "--format", "dot"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("digraph godwit {"));
  EXPECT_THAT(r.out, HasSubstr("\"5e0005\" -> \"3c0003\";"));
  EXPECT_THAT(r.out, HasSubstr("\"5e0005\" -> \"4d0004\";"));
  r = on_shop({"graph"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("* 6f0006"));
  EXPECT_THAT(r.out, HasSubstr("| \\"));
  EXPECT_THAT(r.out, HasSubstr("| /"));
}

TEST(CliGraph, JsonHeads) {
  const auto r = on_shop({"heads", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"id\": \"6f0006\""));
  EXPECT_THAT(r.out, HasSubstr("\"is_head\": true"));
}

TEST(CliUsage, VersionAndHelp) {
  auto r = run_godwit({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("godwit 0.2.0"));
  r = run_godwit({"upgrade", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("--sql"));
}

TEST(CliUsage, UnknownVerbAndMissingArgumentsExit2) {
  EXPECT_EQ(run_godwit({"fly"}).exit_code, 2);
  EXPECT_EQ(run_godwit({}).exit_code, 2);
  EXPECT_EQ(on_shop({"upgrade"}).exit_code, 2);
}

TEST(CliUsage, MalformedTargetIsAUsageError) {
  const auto r = on_shop({"--url", kOfflineUrl, "upgrade", "--sql", "he@d@x"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("godwit: error:"));
}

TEST(CliUsage, UnknownRevisionIsNamed) {
  const auto r = on_shop({"show", "zz9999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("zz9999"));
}

TEST(CliConfig, MissingPluginDirectoryIsNamed) {
  const auto r = run_godwit({"--plugin-dir", "/nonexistent/plugins", "heads"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/plugins"));
}

TEST(CliConfig, MalformedUrlIsAConfigurationError) {
  const auto r = run_godwit({"--plugin-dir", kLinear, "--url", "localhost:5432/noah", "current"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("malformed database URL 'localhost:5432/noah'"));
}

TEST(CliConfig, NoConfigAndNoPluginDirSaysWhatToDo) {
  const fs::path dir = make_temp_dir("godwit-empty-");
  ProcessOptions options;
  options.cwd = dir;
  const auto r = run_godwit({"heads"}, options);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--plugin-dir"));
  fs::remove_all(dir);
}

TEST(CliConfig, BadYamlAndUnknownKeyNameFileAndLine) {
  const fs::path dir = make_temp_dir("godwit-cfg-");
  std::ofstream(dir / "bad.yaml") << "plugin_dirs: [" << kShop << "\n";
  std::ofstream(dir / "typo.yaml") << "plugin_dirs: [" << kShop << "]\nlock_timout: 3\n";
  auto r = run_godwit({"-c", (dir / "bad.yaml").string(), "heads"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr((dir / "bad.yaml").string() + ":"));
  EXPECT_THAT(r.err, HasSubstr("invalid YAML"));
  r = run_godwit({"-c", (dir / "typo.yaml").string(), "heads"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr((dir / "typo.yaml").string() + ":2:1: unknown key 'lock_timout'"));
  fs::remove_all(dir);
}

TEST(CliConfig, ConfigFileInWorkingDirectoryIsUsedAndPathsAreRelativeToIt) {
  const fs::path dir = make_temp_dir("godwit-cwd-");
  fs::create_directory(dir / "plugins");
  fs::copy_file(SINGLE_PLUGIN, dir / "plugins" / "one.so");
  std::ofstream(dir / "godwit.yaml") << "plugin_dirs: plugins\n";
  ProcessOptions options;
  options.cwd = dir;
  const auto r = run_godwit({"heads"}, options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1a0001 (head)\n");
  fs::remove_all(dir);
}

class CliBadPlugins : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("godwit-bad-");
    fs::copy_file(SINGLE_PLUGIN, dir_ / "good.so");
    std::ofstream(dir_ / "README.txt") << "not a plugin, ignored\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  ProcessResult heads(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--plugin-dir", dir_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("heads");
    return run_godwit(args);
  }
  fs::path dir_;
};

TEST_F(CliBadPlugins, TextFilesAreIgnored) {
  const auto r = heads();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1a0001 (head)\n");
}

TEST_F(CliBadPlugins, TruncatedPluginIsRefusedNotCrashed) {
  const auto full = read_file(SINGLE_PLUGIN);
  std::ofstream(dir_ / "truncated.so", std::ios::binary) << full.substr(0, full.size() / 2);
  const auto r = heads();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("truncated.so"));
  EXPECT_THAT(r.err, HasSubstr("truncated"));
}

TEST_F(CliBadPlugins, NonElfAndEmptyFilesAreRefusedByName) {
  std::ofstream(dir_ / "text.so") << "hello\n";
  auto r = heads();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("text.so"));
  fs::remove(dir_ / "text.so");
  std::ofstream(dir_ / "empty.so");
  r = heads();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("empty.so"));
}

TEST_F(CliBadPlugins, SkipInvalidWarnsAndGoesOn) {
  std::ofstream(dir_ / "text.so") << "hello\n";
  const auto r = heads({"--skip-invalid"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1a0001 (head)\n");
  EXPECT_THAT(r.err, HasSubstr("text.so"));
}

TEST_F(CliBadPlugins, DuplicateRevisionAcrossFilesNamesBoth) {
  fs::copy_file(SINGLE_PLUGIN, dir_ / "copy.so");
  const auto r = heads();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("1a0001"));
  EXPECT_THAT(r.err, HasSubstr("good.so"));
  EXPECT_THAT(r.err, HasSubstr("copy.so"));
}

TEST_F(CliBadPlugins, MissingParentIsAGraphError) {
  fs::remove(dir_ / "good.so");
  fs::copy_file(std::string(FIXTURE_DIR) + "/linear/bb0002_table_revision.cpp.so", dir_ / "orphan.so");
  const auto r = heads();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("bb0002"));
  EXPECT_THAT(r.err, HasSubstr("aa0001"));
}

TEST(CliOffline, UpgradeSqlWritesAScriptWithVersionStatements) {
  const auto r = run_godwit({"--url", kOfflineUrl, "--plugin-dir", kLinear, "upgrade", "--sql", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("BEGIN;"));
  EXPECT_THAT(r.out, HasSubstr("CREATE TABLE IF NOT EXISTS \"alembic_version\""));
  EXPECT_THAT(r.out, HasSubstr("CREATE TABLE \"t_aa0001\""));
  EXPECT_THAT(r.out, HasSubstr("INSERT INTO \"t_aa0001\" (id, note) VALUES ('1', 'it''s \"quoted\"');"));
  EXPECT_THAT(r.out, HasSubstr("INSERT INTO \"alembic_version\" (version_num) VALUES ('aa0001');"));
  EXPECT_THAT(
      r.out,
      HasSubstr("UPDATE \"alembic_version\" SET version_num = 'dd0004' WHERE version_num = 'cc0003';"));
  EXPECT_THAT(r.out, HasSubstr("COMMIT;"));
}

TEST(CliOffline, RangeStartsFromTheGivenRevision) {
  const auto r =
      run_godwit({"--url", kOfflineUrl, "--plugin-dir", kLinear, "upgrade", "--sql", "bb0002:dd0004"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("CREATE TABLE \"t_bb0002\"")));
  EXPECT_THAT(r.out, HasSubstr("CREATE TABLE \"t_cc0003\""));
  EXPECT_THAT(r.out, Not(HasSubstr("CREATE TABLE IF NOT EXISTS \"alembic_version\"")));
}

TEST(CliOffline, DowngradeSqlNeedsARange) {
  auto r = run_godwit({"--url", kOfflineUrl, "--plugin-dir", kLinear, "downgrade", "--sql", "base"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("START:END"));
  r = run_godwit({"--url", kOfflineUrl, "--plugin-dir", kLinear, "downgrade", "--sql", "dd0004:bb0002"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("DROP TABLE \"t_dd0004\""));
  EXPECT_THAT(
      r.out,
      HasSubstr("UPDATE \"alembic_version\" SET version_num = 'cc0003' WHERE version_num = 'dd0004';"));
  EXPECT_THAT(
      r.out,
      HasSubstr("UPDATE \"alembic_version\" SET version_num = 'bb0002' WHERE version_num = 'cc0003';"));
  EXPECT_THAT(r.out, Not(HasSubstr("DROP TABLE \"t_bb0002\"")));
}

TEST(CliOffline, NonTransactionalRevisionRunsOutsideTheTransaction) {
  const auto r = on_shop({"--url", kOfflineUrl, "upgrade", "--sql", "5e0005:head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto commit = r.out.find("COMMIT;");
  const auto index = r.out.find("CREATE INDEX CONCURRENTLY");
  ASSERT_NE(index, std::string::npos);
  EXPECT_LT(commit, index);
}

TEST(CliOffline, DataRevisionRefusesByName) {
  const auto r = run_godwit({"--url", kOfflineUrl, "--plugin-dir", kReads, "upgrade", "--sql", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision ff0002"));
  EXPECT_THAT(r.err, HasSubstr("run it online"));
}

TEST(CliOffline, StampSql) {
  const auto r = run_godwit({"--url", kOfflineUrl, "--plugin-dir", kLinear, "stamp", "--sql", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("INSERT INTO \"alembic_version\" (version_num) VALUES ('dd0004');"));
}

TEST(CliOffline, WithoutAUrlSaysWhichDialectIsMissing) {
  const auto r = run_godwit({"--plugin-dir", kLinear, "upgrade", "--sql", "head"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("written in the dialect of the configured database"));
  EXPECT_THAT(r.err, HasSubstr("--url"));
}

TEST(CliOnlineWithoutDatabase, MissingUrlSaysHowToSetIt) {
  const auto r = run_godwit({"--plugin-dir", kLinear, "current"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("DATABASE_URL"));
}

TEST(CliOnlineWithoutDatabase, UnknownSchemeNamesTheDriversAvailable) {
  const auto r = run_godwit({"--plugin-dir", kLinear, "--url", "mysql://u:secret@h/db", "current"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("mysql"));
  EXPECT_THAT(r.err, HasSubstr("postgresql"));
  EXPECT_THAT(r.err, Not(HasSubstr("secret")));
}

}  // namespace
