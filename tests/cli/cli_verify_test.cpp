// `godwit verify`, and `check` / `status` on it, on each driver: an applied revision edited and rebuilt, one
// whose plugin is gone, rows recorded before source checksums existed, and a history table created by an
// older godwit. Also the plugin-directory trust switch, end to end (no database).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cli/db_cli_test.hpp"
#include "cli/godwit_process.hpp"

namespace {

using namespace godwit::test;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

const std::string kApplied = std::string(FIXTURE_DIR) + "/verify_applied";  // vv0001 -> vv0002
const std::string kEdited = std::string(FIXTURE_DIR) + "/verify_edited";    // vv0002 from another source
const std::string kRemoved = std::string(FIXTURE_DIR) + "/verify_removed";  // vv0002's plugin gone

std::string sha256_of(const std::string& file) {
  const auto r = run("/usr/bin/sha256sum", {file});
  if (r.exit_code != 0) throw std::runtime_error("sha256sum " + file + ": " + r.err);
  return r.out.substr(0, 64);
}

class Verify : public DbCliTest {
 protected:
  void SetUp() override {
    const auto r = on(kApplied, {"upgrade", "head"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string recorded(const std::string& revision) {
    return db.sql("SELECT source_checksum FROM godwit_history WHERE revision = '" + revision +
                  "' AND direction = 'upgrade' ORDER BY id DESC LIMIT 1");
  }
};
GODWIT_FOR_EACH_DRIVER(Verify);

TEST_P(Verify, ApplyRecordsTheSourceChecksumStampedAtBuildTime) {
  EXPECT_EQ(recorded("vv0002"), sha256_of(std::string(FIXTURE_SOURCES) + "/table_revision.cpp"));
  const auto r = on(kApplied, {"verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Verified: 2 applied revision(s) match their source, 0 modified or missing"));
  EXPECT_EQ(on(kApplied, {"check"}).exit_code, 0);
  const auto applied = on(kApplied, {"history", "--applied", "--json"});
  EXPECT_THAT(applied.out, HasSubstr("\"source_checksum\": \"" + recorded("vv0002") + "\""));
}

TEST_P(Verify, AnAppliedRevisionEditedAndRebuiltIsReportedWithBothChecksums) {
  const std::string before = recorded("vv0002");
  const std::string after = sha256_of(std::string(FIXTURE_SOURCES) + "/edited_revision.cpp");
  ASSERT_NE(before, after);
  const auto r = on(kEdited, {"verify"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out,
              AllOf(HasSubstr("modified: revision vv0002 (" + kEdited + "/vv0002_edited_revision.cpp.so)"),
                    HasSubstr("source sha256 " + before.substr(0, 12) + " when applied, " +
                              after.substr(0, 12) + " now"),
                    Not(HasSubstr("revision vv0001"))));

  const auto json = on(kEdited, {"verify", "--json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_THAT(json.out, AllOf(HasSubstr("\"ok\": false"), HasSubstr("\"status\": \"modified\""),
                              HasSubstr("\"recorded_source_checksum\": \"" + before + "\""),
                              HasSubstr("\"current_source_checksum\": \"" + after + "\"")));
}

TEST_P(Verify, CheckFailsOnAModifiedRevisionUnlessAllowed) {
  auto r = on(kEdited, {"check"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, AllOf(HasSubstr("modified: revision vv0002"), HasSubstr("Not verified"),
                           HasSubstr("--allow-modified")));
  r = on(kEdited, {"check", "--allow-modified"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, AllOf(HasSubstr("modified: revision vv0002"), HasSubstr("Up to date")));
}

TEST_P(Verify, StatusShowsModifiedRevisionsInTextAndJson) {
  auto r = on(kEdited, {"status"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, AllOf(HasSubstr("Verified:  1 applied revision(s) match their source, 1 modified"),
                           HasSubstr("modified: revision vv0002")));
  r = on(kEdited, {"status", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, AllOf(HasSubstr("\"verification\""), HasSubstr("\"status\": \"modified\"")));
}

TEST_P(Verify, AnAppliedRevisionWithNoPluginIsMissing) {
  const auto r = on(kRemoved, {"verify"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("missing: revision vv0002 (no plugin file): applied (source sha256 " +
                               recorded("vv0002").substr(0, 12) + ") but no plugin declares it"));
  EXPECT_THAT(on(kRemoved, {"verify", "--json"}).out, HasSubstr("\"status\": \"missing\""));
}

TEST_P(Verify, RowsWithoutASourceChecksumAreUnverifiableNotFailures) {
  db.sql("UPDATE godwit_history SET source_checksum = NULL WHERE revision = 'vv0001'");
  const auto r = on(kApplied, {"verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(
      r.out,
      AllOf(HasSubstr("unverifiable: revision vv0001"), HasSubstr("no source checksum recorded"),
            HasSubstr("1 applied revision(s) match their source, 0 modified or missing, 1 unverifiable")));
  EXPECT_EQ(on(kApplied, {"check"}).exit_code, 0);
  const auto status = on(kApplied, {"status"});
  EXPECT_THAT(status.out,
              AllOf(HasSubstr("0 modified or missing, 1 unverifiable (`godwit verify` lists them)"),
                    Not(HasSubstr("unverifiable: revision"))));
  EXPECT_THAT(on(kApplied, {"status", "--json"}).out, HasSubstr("\"status\": \"unverifiable\""));
}

TEST_P(Verify, AStampedRevisionIsUnverifiable) {
  ASSERT_EQ(on(kApplied, {"stamp", "--purge", "vv0001"}).exit_code, 0);
  db.sql("DELETE FROM godwit_history WHERE direction = 'upgrade' AND revision = 'vv0001'");
  const auto r = on(kApplied, {"verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("unverifiable: revision vv0001 (" + kApplied +
                               "/vv0001_table_revision.cpp.so): no applied upgrade in the history table"));
}

// PostgreSQL only: godwit wrote history tables without source_checksum on PostgreSQL before it had the
// column; on SQLite, every history table godwit ever created has it.
class VerifyOlderHistoryTable : public Verify {};
INSTANTIATE_TEST_SUITE_P(, VerifyOlderHistoryTable, ::testing::Values(Driver::postgres), DriverParamName{});

TEST_P(VerifyOlderHistoryTable, IsReadAndUpgradedInPlace) {
  db.sql("ALTER TABLE godwit_history DROP COLUMN source_checksum");
  auto r = on(kApplied, {"verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("0 modified or missing, 2 unverifiable"));
  EXPECT_EQ(on(kApplied, {"status"}).exit_code, 0);
  EXPECT_EQ(on(kApplied, {"history", "--applied"}).exit_code, 0);

  ASSERT_EQ(on(kApplied, {"downgrade", "-1"}).exit_code, 0);  // a run takes the lock and adds the column
  r = on(kApplied, {"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(recorded("vv0002"), sha256_of(std::string(FIXTURE_SOURCES) + "/table_revision.cpp"));
  EXPECT_THAT(on(kApplied, {"verify"}).out,
              HasSubstr("1 applied revision(s) match their source, 0 modified or "
                        "missing, 1 unverifiable"));
  ASSERT_EQ(on(kApplied, {"downgrade", "-1"}).exit_code, 0);  // idempotent: the column is there now
  // (A query naming a column the table lacks fails on both databases.)
  EXPECT_EQ(
      db.sql("SELECT count(*) FROM godwit_history WHERE direction = 'upgrade' AND source_checksum IS NOT "
             "NULL"),
      "1");
}

// The trust rules end to end: a world-writable copy of a plugin directory is refused by name, and the
// documented switches (--plugin-trust, GODWIT_PLUGIN_TRUST) accept it with a warning.
TEST(PluginTrustCli, AWorldWritablePluginDirectoryIsRefusedUnlessSwitchedToWarn) {
  const fs::path dir = make_temp_dir("godwit-trust");
  fs::copy(kApplied, dir, fs::copy_options::recursive);
  fs::permissions(dir, fs::perms::others_write, fs::perm_options::add);
  const std::string real = fs::canonical(dir).string();
  auto r = run_godwit({"--plugin-dir", dir.string(), "heads"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, AllOf(HasSubstr("plugin directory " + real + " is world-writable"),
                           HasSubstr("run chmod o-w " + real), HasSubstr("GODWIT_PLUGIN_TRUST=warn")));

  r = run_godwit({"--plugin-dir", dir.string(), "--plugin-trust", "warn", "heads"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("vv0002"));
  EXPECT_THAT(r.err, HasSubstr("is world-writable"));

  ProcessOptions env;
  env.env["GODWIT_PLUGIN_TRUST"] = "off";
  r = run_godwit({"--plugin-dir", dir.string(), "heads"}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("world-writable")));

  const fs::path config = dir / "godwit.yaml";
  std::ofstream(config) << "plugin_dirs: [.]\nplugin_trust: warn\n";
  r = run_godwit({"-c", config.string(), "heads"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("is world-writable"));
  std::ofstream(config) << "plugin_dirs: [.]\nplugin_trust: lax\n";
  r = run_godwit({"-c", config.string(), "heads"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err,
              HasSubstr(config.string() + ":2:15: 'plugin_trust' must be strict, warn or off, not 'lax'"));

  env.env["GODWIT_PLUGIN_TRUST"] = "lax";
  r = run_godwit({"--plugin-dir", dir.string(), "heads"}, env);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("GODWIT_PLUGIN_TRUST must be strict, warn or off, not 'lax'"));
  fs::remove_all(dir);
}

}  // namespace
