// Every way a run can end, against a real PostgreSQL: revision code that ends the process, signals during a
// long statement, a killed migration process, a lock session ended under a run, and a rerun behind a killed
// run's still-running statement. Each must exit non-zero, say what happened in one line, leave the database
// rolled back (or recorded as partly applied) and leave a history row that says so.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "cli/fixture_dirs.hpp"
#include "cli/godwit_process.hpp"
#include "cli/pg_cli_test.hpp"
#include "cli/pg_database.hpp"

namespace {

// The state letter of /proc/<pid>/stat ('R', 'S', 'T' stopped, ...), or '?' when it cannot be read.
char process_state(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() ? line[close + 2] : '?';
}

using namespace godwit::test;
using ::testing::HasSubstr;

const std::string kCrash = std::string(FIXTURE_DIR) + "/crash";             // ca0001 -> cb0002 (misbehaves)
const std::string kCrashNonTx = std::string(FIXTURE_DIR) + "/crash_nontx";  // na0001 -> nb0002 (non-tx)

class SupervisorTest : public PgCliTest {
 protected:
  std::string history() {
    return db.sql(
        "SELECT coalesce(string_agg(revision || ':' || outcome, ',' ORDER BY id), '') FROM godwit_history");
  }
  std::string last_error() { return db.sql("SELECT error FROM godwit_history ORDER BY id DESC LIMIT 1"); }
  std::string godwit_sessions() {
    return db.sql(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'godwit pid %' AND datname = '" +
        db.name() + "'");
  }
  // Waits (bounded) until the fixture's long statement runs on the server; returns its backend's
  // application name ("godwit pid N on host").
  std::string wait_for_long_statement() {
    for (int attempt = 0; attempt < 400; ++attempt) {
      const std::string name = db.sql(
          "SELECT application_name FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND datname = "
          "'" +
          db.name() + "'");
      if (!name.empty()) return name;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "the long statement never started";
    return {};
  }
  // Waits (bounded) until `process` has written `text` to stderr.
  static void wait_for_stderr(const Process& process, const std::string& text) {
    for (int attempt = 0; attempt < 400; ++attempt) {
      if (process.err_so_far().find(text) != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "never printed: " << text;
  }
};

struct Ending {
  const char* how;
  const char* says;
};

void PrintTo(const Ending& ending, std::ostream* out) {
  *out << ending.how;
}

class RevisionEndsTheProcess : public SupervisorTest, public ::testing::WithParamInterface<Ending> {};

TEST_P(RevisionEndsTheProcess, ExitsNonZeroRollsBackAndRecords) {
  const auto r = on(kCrash, {"upgrade", "head", "-x", std::string("misbehave=") + GetParam().how});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr(std::string("godwit: error: revision cb0002 (upgrade) ") + GetParam().says));
  EXPECT_THAT(r.err, HasSubstr("the step was rolled back; recorded in the history table"));
  EXPECT_EQ(tables(), "");  // one transaction for the run: ca0001's table went too
  EXPECT_EQ(db.sql("SELECT count(*) FROM alembic_version"), "0");
  EXPECT_EQ(history(), "cb0002:crashed");
  EXPECT_THAT(last_error(), HasSubstr(GetParam().says));
  EXPECT_EQ(godwit_sessions(), "0");
}

INSTANTIATE_TEST_SUITE_P(Endings, RevisionEndsTheProcess,
                         ::testing::Values(Ending{"exit0", "exited with status 0 before finishing"},
                                           Ending{"exit3", "exited with status 3 before finishing"},
                                           Ending{"_exit", "exited with status 0 before finishing"},
                                           Ending{"quick_exit", "exited with status 0 before finishing"},
                                           Ending{"abort", "crashed: SIGABRT"},
                                           Ending{"segv", "crashed: SIGSEGV"},
                                           Ending{"thread_throw", "crashed: SIGABRT"},
                                           Ending{"stack_overflow", "crashed: SIGSEGV"}),
                         [](const auto& info) {
                           std::string name = info.param.how;
                           name.erase(std::remove(name.begin(), name.end(), '_'), name.end());
                           return name;
                         });

TEST_F(SupervisorTest, ACrashInALibrarysStaticInitialiserNamesThatRevision) {
  const auto r =
      run_godwit(args(std::string(FIXTURE_DIR) + "/crash_on_load", {"upgrade", "head", "-x", "sleep_ms=500"}),
                 ProcessOptions{{{"GODWIT_TEST_CRASH_ON_LOAD", "1"}}, {}, {}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("crashed: SIGSEGV while the library of revision ob0002 was being loaded (its "
                               "static initialisers may be at fault)"));
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(db.sql("SELECT count(*) FROM alembic_version"), "0");
}

TEST_F(SupervisorTest, PerRevisionModeKeepsTheCommittedSteps) {
  const auto r = on(kCrash, {"--transaction-per-revision", "upgrade", "head", "-x", "misbehave=segv"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(tables(), "t_ca0001");
  EXPECT_EQ(db.sql("SELECT version_num FROM alembic_version"), "ca0001");
  EXPECT_EQ(history(), "ca0001:applied,cb0002:crashed");
}

TEST_F(SupervisorTest, NonTransactionalCrashIsRecordedAsPartlyApplied) {
  auto r = on(kCrashNonTx, {"upgrade", "head", "-x", "misbehave=segv"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision nb0002 (upgrade) crashed: SIGSEGV; it is non-transactional"));
  EXPECT_EQ(history(), "na0001:applied,nb0002:failed_partial");
  EXPECT_EQ(db.sql("SELECT version_num FROM alembic_version"), "na0001");
  EXPECT_EQ(tables(), "t_na0001,t_nb0002");  // its work stands, as a non-transactional step's does
  r = on(kCrashNonTx, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("nb0002 (upgrade) failed part-way"));
  EXPECT_THAT(r.err, HasSubstr("crashed: SIGSEGV"));
}

TEST_F(SupervisorTest, OfflineScriptOfARevisionThatExitsFails) {
  const auto r = on(kCrash, {"upgrade", "head", "--sql", "-x", "misbehave=exit0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("exited with status 0 before finishing"));
}

struct StopSignal {
  int signal;
  int exit_code;
  const char* name;
  const char* how;
};

void PrintTo(const StopSignal& stop, std::ostream* out) {
  *out << stop.name << " during " << stop.how;
}

class SignalDuringAStatement : public SupervisorTest, public ::testing::WithParamInterface<StopSignal> {};

TEST_P(SignalDuringAStatement, CancelsRollsBackRecordsAndExits128PlusSignal) {
  Process godwit(GODWIT_BINARY,
                 args(kCrash, {"upgrade", "head", "-x", std::string("misbehave=") + GetParam().how}));
  wait_for_long_statement();
  const auto started = std::chrono::steady_clock::now();
  godwit.signal(GetParam().signal);
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, GetParam().exit_code) << r.err;
  // The server's statement was cancelled, not waited for (it would run 60 s).
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_THAT(r.err, HasSubstr(std::string("revision cb0002 (upgrade) interrupted by ") + GetParam().name));
  EXPECT_EQ(history(), "cb0002:interrupted");
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(godwit_sessions(), "0");
  EXPECT_EQ(
      db.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM "
             "pg_database WHERE datname = current_database())"),
      "0");
}

INSTANTIATE_TEST_SUITE_P(Signals, SignalDuringAStatement,
                         ::testing::Values(StopSignal{SIGINT, 130, "SIGINT", "long_statement"},
                                           StopSignal{SIGTERM, 143, "SIGTERM", "long_statement"},
                                           StopSignal{SIGINT, 130, "SIGINT", "swallow_cancel"}),
                         [](const auto& info) {
                           return std::string(info.param.name) + "_" +
                                  (std::string(info.param.how) == "swallow_cancel" ? "swallowed" : "plain");
                         });

TEST_F(SupervisorTest, SecondSigintStopsAtOnceWhenTheFirstFindsNothingToCancel) {
  Process godwit(GODWIT_BINARY, args(kCrash, {"upgrade", "head", "-x", "misbehave=busy"}));
  // In its 60 s of work once its CREATE TABLE has run and its session waits, idle in its transaction.
  for (int attempt = 0; attempt < 400; ++attempt) {
    if (db.sql("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' AND query LIKE "
               "'CREATE TABLE t_cb0002%' AND datname = '" +
               db.name() + "'") == "1")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  godwit.signal(SIGINT);
  wait_for_stderr(godwit, "SIGINT received");
  EXPECT_THAT(godwit.err_so_far(), HasSubstr("SIGINT again stops at once"));
  const auto started = std::chrono::steady_clock::now();
  godwit.signal(SIGINT);
  const auto r = godwit.wait();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));  // not the revision's 60 s
  EXPECT_EQ(r.exit_code, 130);
  EXPECT_THAT(r.err, HasSubstr("revision cb0002 (upgrade) was interrupted by SIGINT and stopped at once by a "
                               "second SIGINT; the step was rolled back; recorded in the history table"));
  EXPECT_EQ(history(), "cb0002:interrupted");
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(godwit_sessions(), "0");
}

TEST_F(SupervisorTest, SigintEndsAWaitForTheDatabase) {
  Process godwit(GODWIT_BINARY, {"--plugin-dir", kCrash, "--url", "postgresql://127.0.0.1:1/none", "upgrade",
                                 "head", "--wait-for-db", "300"});
  wait_for_stderr(godwit, "waiting for the database");
  godwit.signal(SIGINT);
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, 130);
  EXPECT_THAT(r.err, HasSubstr("waiting for the database interrupted by SIGINT"));
}

TEST_F(SupervisorTest, KilledMigrationProcessIsRecordedAndItsSessionEnded) {
  Process godwit(GODWIT_BINARY, args(kCrash, {"upgrade", "head", "-x", "misbehave=long_statement"}));
  const std::string application = wait_for_long_statement();
  const pid_t child = std::stoi(application.substr(std::string("godwit pid ").size()));
  ASSERT_NE(child, godwit.pid());  // the statement runs in the supervised child
  kill(child, SIGKILL);
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision cb0002 (upgrade) was killed: SIGKILL"));
  EXPECT_EQ(history(), "cb0002:crashed");
  EXPECT_EQ(godwit_sessions(), "0");  // the supervisor ended the backend still running the statement
  EXPECT_EQ(tables(), "");
}

TEST_F(SupervisorTest, KilledSupervisorMakesTheChildStopCleanly) {
  Process godwit(GODWIT_BINARY, args(kCrash, {"upgrade", "head", "-x", "misbehave=long_statement"}));
  wait_for_long_statement();
  godwit.signal(SIGKILL);  // kill -9 of the godwit the user started: its child gets SIGTERM
  godwit.wait();
  std::string recorded;
  for (int attempt = 0; attempt < 400 && recorded != "cb0002:interrupted"; ++attempt) {
    recorded = history();
    if (recorded != "cb0002:interrupted") std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(recorded, "cb0002:interrupted");
  EXPECT_THAT(last_error(), HasSubstr("interrupted by SIGTERM"));
  EXPECT_EQ(tables(), "");
}

TEST_F(SupervisorTest, LostLockSessionStopsTheRunBeforeItsNextStep) {
  // aa0001 sleeps 2 s holding the lock while its session is ended, as an administrator or a proxy would.
  Process godwit(GODWIT_BINARY, args(kLinear, {"upgrade", "head", "-x", "sleep_ms=2000"}));
  std::string ended;
  for (int attempt = 0; attempt < 200 && ended != "t"; ++attempt) {
    // The lock session is the idle one holding an advisory lock while the work session is in its step.
    ended = db.sql(
        "SELECT pg_terminate_backend(a.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND a.state = 'idle' AND a.datname = '" +
        db.name() +
        "' AND EXISTS (SELECT 1 FROM pg_stat_activity w WHERE w.datname = a.datname AND w.state = 'idle in "
        "transaction' AND w.application_name LIKE 'godwit pid %') LIMIT 1");
    if (ended != "t") std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(ended, "t");
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
  kill(child, SIGSTOP);
  // kill() returns before the child has stopped: a SIGTERM from its dying supervisor could still be handled
  // first (it is numbered lower) and cancel the statement. Wait until /proc says it is stopped.
  for (int i = 0; i < 500 && process_state(child) != 'T'; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(process_state(child), 'T');
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
