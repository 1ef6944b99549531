// The endings of a run that only a database server has, against a real PostgreSQL: a wait for a server
// that is down, a lock session ended under a run, and a rerun behind a killed run's statement, which the
// server keeps running after its client died. (On SQLite there is no server: a file cannot be "down", a
// lock cannot be ended from outside but by deleting its lock file, and a dead process's statement dies with
// it; cli_sqlite_test.cpp has those cases.) Every ending both databases have is in
// cli_db_supervisor_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>

#include "cli/fixture_dirs.hpp"
#include "cli/godwit_process.hpp"
#include "cli/pg_cli_test.hpp"
#include "cli/pg_database.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;

const std::string kCrash = std::string(FIXTURE_DIR) + "/crash";  // ca0001 -> cb0002 (misbehaves)

class SupervisorTest : public PgCliTest {
 protected:
  std::string history() {
    return db.sql(
        "SELECT coalesce(string_agg(revision || ':' || outcome, ',' ORDER BY id), '') FROM godwit_history");
  }
  // Waits (bounded) until the fixture's long statement runs on the server; returns its backend's
  // application name ("godwit pid N on host").
  std::string wait_for_long_statement() {
    std::string name;
    const bool started = eventually([&] {
      name = db.sql(
          "SELECT application_name FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND "
          "datname = '" +
          db.name() + "'");
      return !name.empty();
    });
    EXPECT_TRUE(started) << "the long statement never started";
    return name;
  }
};

TEST_F(SupervisorTest, SigintEndsAWaitForTheDatabase) {
  Process godwit(GODWIT_BINARY, {"--plugin-dir", kCrash, "--url", "postgresql://127.0.0.1:1/none", "upgrade",
                                 "head", "--wait-for-db", "300"});
  ASSERT_TRUE(godwit.prints("waiting for the database"));
  godwit.signal(SIGINT);
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, 130);
  EXPECT_THAT(r.err, HasSubstr("waiting for the database interrupted by SIGINT"));
}

TEST_F(SupervisorTest, LostLockSessionStopsTheRunBeforeItsNextStep) {
  // aa0001 sleeps 2 s holding the lock while its session is ended, as an administrator or a proxy would.
  Process godwit(GODWIT_BINARY, args(kLinear, {"upgrade", "head", "-x", "sleep_ms=2000"}));
  // The lock session is the idle one holding an advisory lock while the work session is in its step.
  ASSERT_TRUE(eventually([&] {
    return db.sql(
               "SELECT pg_terminate_backend(a.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = "
               "l.pid WHERE l.locktype = 'advisory' AND a.state = 'idle' AND a.datname = '" +
               db.name() +
               "' AND EXISTS (SELECT 1 FROM pg_stat_activity w WHERE w.datname = a.datname AND w.state = "
               "'idle in transaction' AND w.application_name LIKE 'godwit pid %') LIMIT 1") == "t";
  }));
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("the migration lock on"));
  EXPECT_THAT(r.err, HasSubstr("was lost before revision bb0002"));
  EXPECT_EQ(db.sql("SELECT count(*) FROM alembic_version"), "0");
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(history(), "bb0002:failed");
  EXPECT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
}

TEST_F(SupervisorTest, RerunBehindAKilledRunSaysWhatItWaitsForAndTimesOut) {
  Process killed(GODWIT_BINARY, args(kCrash, {"upgrade", "head", "-x", "misbehave=long_statement"}));
  const std::string application = wait_for_long_statement();
  const pid_t child = std::stoi(application.substr(std::string("godwit pid ").size()));
  // Both at once, as a container's or a machine's kill -9 does: the child is stopped first, so it cannot
  // cancel its statement when its supervisor's death reaches it.
  ASSERT_TRUE(stop_process(child));
  killed.signal(SIGKILL);
  kill(child, SIGKILL);
  killed.wait();
  const auto started = std::chrono::steady_clock::now();
  const auto r = on(kCrash, {"--lock-timeout", "2", "upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  EXPECT_THAT(r.err, HasSubstr("waiting for the work lock"));
  EXPECT_THAT(r.err, HasSubstr("application '" + application + "'"));
  EXPECT_THAT(r.err, HasSubstr("last statement: SELECT pg_sleep(60)"));
  EXPECT_THAT(r.err, HasSubstr("is still held after 2 s"));
  EXPECT_THAT(r.err, HasSubstr("pg_terminate_backend("));
  db.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'");
}

}  // namespace
