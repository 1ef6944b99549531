// The messages a user sees, on each driver: statements under -v, unknown verbs and options, a database
// blocked by a partly applied revision, an empty plugin directory. (PostgreSQL's own messages are in
// cli_messages_test.cpp, SQLite's in cli_sqlite_test.cpp.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

class Messages : public DbCliTest {};
GODWIT_FOR_EACH_DRIVER(Messages);

TEST_P(Messages, VerboseLogsEveryStatementWithItsDuration) {
  const auto r = on(kLinear, {"-v", "upgrade", "+1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, testing::ContainsRegex(
                         "DEBUG \\[godwit\\.revision\\.aa0001\\] statement \\([0-9]+\\.[0-9] ms\\): "
                         "CREATE TABLE [^ ]*t_aa0001"));
  EXPECT_THAT(r.err, HasSubstr("ms): INSERT INTO "));
  // godwit's own bookkeeping too.
  EXPECT_THAT(r.err, testing::ContainsRegex("DEBUG \\[godwit\\.runner\\] statement \\([0-9]+\\.[0-9] ms\\): "
                                            "INSERT INTO \"alembic_version\""));
  const auto quiet = on(kLinear, {"upgrade", "+1"});
  EXPECT_THAT(quiet.err, Not(HasSubstr("statement (")));
}

TEST(CommandLineMessages, AnUnknownCommandIsNamedWithTheClosestOne) {
  const auto r = run_godwit({"--plugin-dir", kLinear, "upgarde", "head"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "godwit: error: unknown command 'upgarde'; did you mean 'upgrade'?\n");
}

TEST(CommandLineMessages, AnUnknownOptionIsNamedWithTheClosestOne) {
  const auto r = run_godwit({"--plugin-dir", kLinear, "upgrade", "head", "--dryrun"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "godwit: error: unknown option '--dryrun' for 'upgrade'; did you mean '--dry-run'?\n");
}

TEST_P(Messages, StatusAndCheckSayWhenAPartlyAppliedRevisionBlocksTheDatabase) {
  ASSERT_EQ(on(kShop, {"upgrade", "head", "-x", "fail_upgrade=6f0006"}).exit_code, 1);
  const std::string blocked =
      "blocked by non-transactional revision 6f0006 (upgrade), which failed part-way at ";
  auto r = on(kShop, {"status"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Status:    " + blocked));
  EXPECT_THAT(r.out, HasSubstr("record the real state with `godwit stamp <revision>`"));
  r = on(kShop, {"status", "--json"});
  EXPECT_THAT(r.out, HasSubstr("\"blocked\": \"" + blocked));
  r = on(kShop, {"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("Blocked: " + blocked));

  ASSERT_EQ(on(kShop, {"stamp", "6f0006"}).exit_code, 0);
  r = on(kShop, {"check"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(on(kShop, {"status", "--json"}).out, HasSubstr("\"blocked\": null"));
}

TEST_P(Messages, AnEmptyPluginDirectoryIsAnErrorNamingIt) {
  const fs::path dir = make_temp_dir("godwit-noplugins-");
  for (const std::vector<std::string>& verb : {std::vector<std::string>{"upgrade", "head"}, {"heads"}}) {
    const auto r = on(dir.string(), verb);
    EXPECT_EQ(r.exit_code, 2) << verb[0];
    EXPECT_THAT(r.err, HasSubstr("godwit: error: no revisions found in plugin directory '" + dir.string() +
                                 "' (did you build the plugins?)"))
        << verb[0];
  }
  EXPECT_EQ(db.all_tables(), "");
  fs::remove_all(dir);
}

TEST_P(Messages, ADirectoryWhosePluginsWereAllSkippedIsAnErrorToo) {
  const fs::path dir = make_temp_dir("godwit-skipped-");
  std::ofstream(dir / "broken.so") << "not a shared library";
  const auto r = on(dir.string(), {"--skip-invalid", "upgrade", "head"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no revisions found in plugin directory '" + dir.string() +
                               "'; 1 plugin file(s) were skipped as invalid (did you build the plugins?)"));
  fs::remove_all(dir);
}

}  // namespace
