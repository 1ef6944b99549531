// Every way a run can end, on each driver: revision code that ends the process, signals during a long
// statement and during work that has nothing to cancel, a killed migration process, a killed supervisor.
// Each must exit non-zero, say what happened in one line, leave the database rolled back (or recorded as
// partly applied), leave nothing holding the database, and leave a history row that says so. On SQLite
// there are no server sessions to end: SQLite rolls a dead process's transaction back itself and the kernel
// frees its lock, and the supervisor must still record what happened.
// The PostgreSQL-only endings (sessions ended by the server, a statement outliving its client) are in
// cli_supervisor_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;

const std::string kCrash = std::string(FIXTURE_DIR) + "/crash";             // ca0001 -> cb0002 (misbehaves)
const std::string kCrashNonTx = std::string(FIXTURE_DIR) + "/crash_nontx";  // na0001 -> nb0002 (non-tx)

template <class Param>
class SupervisorTestWith : public DbCliTestWith<Param> {
 protected:
  std::string history() const {
    return this->list("SELECT revision || ':' || outcome FROM godwit_history ORDER BY id");
  }
  std::string last_error() const {
    return this->db.sql("SELECT error FROM godwit_history ORDER BY id DESC LIMIT 1");
  }
  // Waits (bounded) until the fixture's long statement runs in the database.
  void wait_for_long_statement() const {
    EXPECT_TRUE(eventually([&] { return this->db.long_statement_running(); }, std::chrono::seconds(20)))
        << "the long statement never started";
  }
  // The migration process the supervisor `godwit` started.
  static pid_t migration_process_of(const Process& godwit) {
    const auto children = children_of(godwit.pid());
    if (children.size() != 1) {
      ADD_FAILURE() << "godwit " << godwit.pid() << " has " << children.size() << " child processes, not 1";
      return -1;
    }
    return children.front();
  }
};

using SupervisorTest = SupervisorTestWith<Driver>;
GODWIT_FOR_EACH_DRIVER(SupervisorTest);

struct Ending {
  const char* how;
  const char* says;
};

using EndingParam = std::tuple<Driver, Ending>;

class RevisionEndsTheProcess : public SupervisorTestWith<EndingParam> {
 protected:
  const Ending& ending() const { return std::get<1>(GetParam()); }
};

TEST_P(RevisionEndsTheProcess, ExitsNonZeroRollsBackAndRecords) {
  const auto r = on(kCrash, {"upgrade", "head", "-x", std::string("misbehave=") + ending().how});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr(std::string("godwit: error: revision cb0002 (upgrade) ") + ending().says));
  EXPECT_THAT(r.err, HasSubstr("the step was rolled back; recorded in the history table"));
  EXPECT_EQ(tables(), "");  // one transaction for the run: ca0001's table went too
  EXPECT_EQ(versions(), "");
  EXPECT_EQ(history(), "cb0002:crashed");
  EXPECT_THAT(last_error(), HasSubstr(ending().says));
  EXPECT_EQ(db.leftovers(), "");
}

INSTANTIATE_TEST_SUITE_P(
    , RevisionEndsTheProcess,
    ::testing::Combine(kEachDriver,
                       ::testing::Values(Ending{"exit0", "exited with status 0 before finishing"},
                                         Ending{"exit3", "exited with status 3 before finishing"},
                                         Ending{"_exit", "exited with status 0 before finishing"},
                                         Ending{"quick_exit", "exited with status 0 before finishing"},
                                         Ending{"abort", "crashed: SIGABRT"},
                                         Ending{"segv", "crashed: SIGSEGV"},
                                         Ending{"thread_throw", "crashed: SIGABRT"},
                                         Ending{"stack_overflow", "crashed: SIGSEGV"})),
    [](const auto& info) {
      std::string how = std::get<1>(info.param).how;
      how.erase(std::remove(how.begin(), how.end(), '_'), how.end());
      return driver_name(std::get<0>(info.param)) + "_" + how;
    });

TEST_P(SupervisorTest, ACrashInALibrarysStaticInitialiserNamesThatRevision) {
  const auto r =
      run_godwit(args(std::string(FIXTURE_DIR) + "/crash_on_load", {"upgrade", "head", "-x", "sleep_ms=500"}),
                 ProcessOptions{{{"GODWIT_TEST_CRASH_ON_LOAD", "1"}}, {}, {}, {}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("crashed: SIGSEGV while the library of revision ob0002 was being loaded (its "
                               "static initialisers may be at fault)"));
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(versions(), "");
  EXPECT_EQ(db.leftovers(), "");
}

TEST_P(SupervisorTest, PerRevisionModeKeepsTheCommittedSteps) {
  const auto r = on(kCrash, {"--transaction-per-revision", "upgrade", "head", "-x", "misbehave=segv"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(tables(), "t_ca0001");
  EXPECT_EQ(versions(), "ca0001");
  EXPECT_EQ(history(), "ca0001:applied,cb0002:crashed");
}

TEST_P(SupervisorTest, NonTransactionalCrashIsRecordedAsPartlyApplied) {
  auto r = on(kCrashNonTx, {"upgrade", "head", "-x", "misbehave=segv"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision nb0002 (upgrade) crashed: SIGSEGV; it is non-transactional"));
  EXPECT_EQ(history(), "na0001:applied,nb0002:failed_partial");
  EXPECT_EQ(versions(), "na0001");
  EXPECT_EQ(tables(), "t_na0001,t_nb0002");  // its work stands, as a non-transactional step's does
  r = on(kCrashNonTx, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("nb0002 (upgrade) failed part-way"));
  EXPECT_THAT(r.err, HasSubstr("crashed: SIGSEGV"));
}

TEST_P(SupervisorTest, OfflineScriptOfARevisionThatExitsFails) {
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

using SignalParam = std::tuple<Driver, StopSignal>;

class SignalDuringAStatement : public SupervisorTestWith<SignalParam> {
 protected:
  const StopSignal& stop() const { return std::get<1>(GetParam()); }
};

TEST_P(SignalDuringAStatement, CancelsRollsBackRecordsAndExits128PlusSignal) {
  Process godwit(GODWIT_BINARY,
                 args(kCrash, {"upgrade", "head", "-x", std::string("misbehave=") + stop().how}));
  wait_for_long_statement();
  const auto started = std::chrono::steady_clock::now();
  godwit.signal(stop().signal);
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, stop().exit_code) << r.err;
  // The statement was cancelled, not waited for (it would run a minute).
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_THAT(r.err, HasSubstr(std::string("revision cb0002 (upgrade) interrupted by ") + stop().name));
  EXPECT_EQ(history(), "cb0002:interrupted");
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(db.leftovers(), "");
}

INSTANTIATE_TEST_SUITE_P(
    , SignalDuringAStatement,
    ::testing::Combine(kEachDriver, ::testing::Values(StopSignal{SIGINT, 130, "SIGINT", "long_statement"},
                                                      StopSignal{SIGTERM, 143, "SIGTERM", "long_statement"},
                                                      StopSignal{SIGINT, 130, "SIGINT", "swallow_cancel"})),
    [](const auto& info) {
      const StopSignal& stop = std::get<1>(info.param);
      return driver_name(std::get<0>(info.param)) + "_" + stop.name + "_" +
             (std::string(stop.how) == "swallow_cancel" ? "swallowed" : "plain");
    });

TEST_P(SupervisorTest, SecondSigintStopsAtOnceWhenTheFirstFindsNothingToCancel) {
  Process godwit(GODWIT_BINARY, args(kCrash, {"upgrade", "head", "-x", "misbehave=busy"}));
  // In its 60 s of work, once its CREATE TABLE has run.
  ASSERT_TRUE(godwit.prints("busy for 60 s"));
  godwit.signal(SIGINT);
  ASSERT_TRUE(godwit.prints("SIGINT received"));
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
  EXPECT_EQ(db.leftovers(), "");
}

TEST_P(SupervisorTest, KilledMigrationProcessIsRecordedAndNothingHoldsTheDatabase) {
  Process godwit(GODWIT_BINARY, args(kCrash, {"upgrade", "head", "-x", "misbehave=long_statement"}));
  wait_for_long_statement();
  const pid_t child = migration_process_of(godwit);
  ASSERT_GT(child, 0);
  kill(child, SIGKILL);
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision cb0002 (upgrade) was killed: SIGKILL"));
  EXPECT_EQ(history(), "cb0002:crashed");
  // PostgreSQL: the supervisor ended the backend still running the statement. SQLite: the kernel freed the
  // dead process's locks.
  EXPECT_EQ(db.leftovers(), "");
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(on(kCrash, {"upgrade", "head", "--lock-timeout", "5"}).exit_code, 0);
  EXPECT_EQ(versions(), "cb0002");
}

TEST_P(SupervisorTest, KilledSupervisorMakesTheChildStopCleanly) {
  Process godwit(GODWIT_BINARY, args(kCrash, {"upgrade", "head", "-x", "misbehave=long_statement"}));
  wait_for_long_statement();
  godwit.signal(SIGKILL);  // kill -9 of the godwit the user started: its child gets SIGTERM
  godwit.wait();
  // The orphaned migration process records its own ending.
  EXPECT_TRUE(eventually([&] { return history() == "cb0002:interrupted"; })) << history();
  EXPECT_THAT(last_error(), HasSubstr("interrupted by SIGTERM"));
  EXPECT_EQ(tables(), "");
}

}  // namespace
