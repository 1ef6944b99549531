// The godwit binary against what only a database server has: a server that is down while the project is
// broken, an unknown database, a wrong password, and a session ended by the server in the middle of a step
// (a refused connection's message is in cli_messages_test.cpp). Everything both
// drivers do is written once in the cli_db_*_test.cpp suites (round trips, failures, concurrency, offline
// scripts, the supervisor) and runs there on PostgreSQL as well as on SQLite.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "cli/fixture_dirs.hpp"
#include "cli/godwit_process.hpp"
#include "cli/pg_cli_test.hpp"
#include "cli/pg_database.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;

using PgCli = PgCliTest;

// The project is opened while the connection is attempted: a broken project is reported as such, without
// waiting out --wait-for-db for a server that is also down.
TEST_F(PgCli, ABrokenProjectIsReportedWithoutWaitingForTheDatabase) {
  const auto started = std::chrono::steady_clock::now();
  const auto r = run_godwit({"--plugin-dir", "/nonexistent/plugins", "--url", "postgresql://127.0.0.1:1/none",
                             "upgrade", "head", "--wait-for-db", "60"});
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("godwit: error: plugin directory '/nonexistent/plugins' does not exist"));
  EXPECT_LT(waited, std::chrono::seconds(20)) << "waited for the database";
}

TEST_F(PgCli, UnknownDatabaseIsReported) {
  const std::string url = pg_url_with_database(pg_test_url(), "no_such_db_here");
  const auto r = run_godwit({"--plugin-dir", kLinear, "--url", url, "current"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no_such_db_here"));
}

TEST_F(PgCli, WrongPasswordIsReportedWithoutThePassword) {
  std::string url = db.password_url();
  url.replace(url.find("godwit_pw_secret"), 16, "wrong-secret");
  const auto r = run_godwit({"--plugin-dir", kLinear, "--url", url, "current"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("password"));
  EXPECT_THAT(r.err, Not(HasSubstr("wrong-secret")));
}

TEST_F(PgCli, ConnectionKilledMidRunIsReportedAsSuch) {
  Process runner(GODWIT_BINARY, args(kLinear, {"upgrade", "head", "-x", "sleep_ms=3000"}));
  const std::string sessions =
      "FROM pg_stat_activity WHERE datname = '" + db.name() + "' AND application_name LIKE 'godwit pid %'";
  // Inside aa0001's step: its work session waits in its transaction while the revision sleeps.
  ASSERT_TRUE(eventually(
      [&] { return db.sql("SELECT count(*) " + sessions + " AND state = 'idle in transaction'") != "0"; }));
  db.sql("SELECT pg_terminate_backend(pid) " + sessions);
  const auto r = runner.wait();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("connection to the database was lost"));
  EXPECT_THAT(r.err, testing::ContainsRegex("\\[SQLSTATE (08|57P0)[0-9A-Z]*\\]"));  // the server's own code
  EXPECT_THAT(r.err, HasSubstr("aa0001"));
  // The run's own connection is gone, so the supervisor records the failure on a connection of its own.
  EXPECT_THAT(r.err, HasSubstr("recorded in the history table by the supervisor"));
  EXPECT_EQ(outcomes(), "aa0001:upgrade:failed");
  EXPECT_THAT(db.sql("SELECT error FROM godwit_history"), HasSubstr("connection to the database was lost"));
  EXPECT_EQ(db.sql("SELECT count(*) FROM pg_tables WHERE tablename LIKE 't\\_%'"), "0");
}

}  // namespace
