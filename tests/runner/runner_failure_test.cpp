// The runner's failure paths on a scripted connection: failures a real server produces only with effort
// (a COMMIT that fails, bookkeeping that fails after a non-transactional step did its work, a lock session
// that ends under a run, a signal between statements), each checked for what is rolled back, what the
// history table says and what the user is told.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <functional>
#include <map>
#include <set>

#include "core/fake_dialect.hpp"
#include "godwit/core/error.hpp"
#include "godwit/core/graph/plan.hpp"
#include "godwit/core/graph/revision_graph.hpp"
#include "godwit/core/runner/interruption.hpp"
#include "godwit/core/runner/online_runner.hpp"
#include "graph/graph_test_support.hpp"
#include "runner/fake_connection.hpp"

namespace {

using namespace godwit;
using core::Error;
using core::ErrorCategory;
using core::graph::testing::make_graph;
using core::graph::testing::rev;
using ::testing::HasSubstr;

class ScriptedRevisions final : public core::runner::RevisionSource {
 public:
  std::map<std::string, std::function<void(Context&)>> upgrades;
  std::set<std::string> non_transactional;

  bool transactional(const std::string& id) const override { return non_transactional.count(id) == 0; }
  std::string checksum(const std::string&) override { return "sum"; }
  std::string sdk_version(const std::string&) const override { return "test"; }
  void run(const std::string& id, Direction, Context& context) override {
    context.execute("-- work of " + id);
    if (auto found = upgrades.find(id); found != upgrades.end()) found->second(context);
  }
};

// Records what a supervisor would be told.
class RecordingObserver final : public core::runner::RunObserver {
 public:
  std::vector<std::string> events;
  void session_opened(const std::string& id) override { events.push_back("session " + id); }
  void step_started(const std::string& revision, const std::string&, bool, std::int64_t,
                    const std::string&) override {
    events.push_back("start " + revision);
  }
  void step_work_done() override { events.push_back("work done"); }
  void step_failed(const std::string&) override { events.push_back("failed"); }
  void step_recorded() override { events.push_back("recorded"); }
  void library_loading(const std::string&, bool) override {}
};

class RunnerFailures : public ::testing::Test {
 protected:
  void TearDown() override { core::runner::Interruption::reset(); }

  core::runner::RunResult upgrade(bool per_revision = false) {
    core::runner::RunSettings settings;
    settings.transaction_per_revision = per_revision;
    settings.observer = &observer;
    core::runner::OnlineRunner runner(
        work, [this]() -> driver::Connection& { return lock; }, names, dialect, revisions, settings);
    return runner.run([this](const std::vector<std::string>& current) {
      return core::graph::plan_upgrade(graph, current, "head");
    });
  }
  // The error upgrade() throws, or fails the test.
  Error upgrade_error(bool per_revision = false) {
    try {
      upgrade(per_revision);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "the run succeeded";
    return Error(ErrorCategory::usage, "");
  }

  test::FakeDialect dialect;
  core::runner::TableNames names{"", "alembic_version", "godwit_history", "alembic_version",
                                 "godwit_history"};
  core::graph::RevisionGraph graph = make_graph({rev("a1"), rev("b2", {"a1"}), rev("c3", {"b2"})});
  test::FakeConnection work;
  test::FakeConnection lock;
  ScriptedRevisions revisions;
  RecordingObserver observer;
};

TEST_F(RunnerFailures, CleanRunCommitsEveryStepAndItsHistory) {
  const auto result = upgrade();
  EXPECT_EQ(result.steps, 3u);
  EXPECT_EQ(work.committed.versions, std::vector<std::string>{"c3"});
  EXPECT_EQ(work.outcomes(), "a1:applied,b2:applied,c3:applied");
}

TEST_F(RunnerFailures, FailedCommitOfTheWholeRunRecordsEveryRolledBackStep) {
  work.fail_commits = 1;
  const Error error = upgrade_error();
  EXPECT_EQ(error.category(), ErrorCategory::database);
  EXPECT_THAT(error.what(), HasSubstr("committing the migration"));
  EXPECT_THAT(error.what(), HasSubstr("deferred constraint violated at COMMIT"));
  EXPECT_TRUE(work.committed.versions.empty());
  EXPECT_EQ(work.outcomes(), "a1:failed,b2:failed,c3:failed");
  EXPECT_THAT(work.committed.history[0]["error"], HasSubstr("rolled back with the run"));
}

TEST_F(RunnerFailures, FailedCommitOfOneRevisionRecordsThatStep) {
  work.fail_commits = 0;
  revisions.upgrades["b2"] = [this](Context&) { work.fail_commits = 1; };
  const Error error = upgrade_error(/*per_revision=*/true);
  EXPECT_THAT(error.what(), HasSubstr("revision b2: commit"));
  EXPECT_THAT(error.what(), HasSubstr("the step was rolled back"));
  EXPECT_EQ(work.committed.versions, std::vector<std::string>{"a1"});
  EXPECT_EQ(work.outcomes(), "a1:applied,b2:failed");
}

TEST_F(RunnerFailures, NonTransactionalStepWhoseBookkeepingFailsIsRecordedAsDoneButUnrecorded) {
  revisions.non_transactional = {"b2"};
  work.fail_statement["UPDATE alembic_version"] = "40001";
  const Error error = upgrade_error();
  EXPECT_THAT(error.what(), HasSubstr("completed its work, but the version table does not say so"));
  EXPECT_THAT(error.what(), HasSubstr("godwit stamp b2"));
  EXPECT_EQ(work.committed.versions, std::vector<std::string>{"a1"});
  // Not "running": the next run must not report a completed step as interrupted.
  EXPECT_EQ(work.outcomes(), "a1:applied,b2:unrecorded");
  EXPECT_THAT(observer.events,
              ::testing::ElementsAre("session fake-session", "session fake-session", "start a1", "recorded",
                                     "start b2", "work done", "failed", "recorded"));
}

TEST_F(RunnerFailures, UnrecordedStepBlocksTheNextUpgrade) {
  revisions.non_transactional = {"b2"};
  work.fail_statement["UPDATE alembic_version"] = "40001";
  upgrade_error();
  const Error error = upgrade_error();
  EXPECT_EQ(error.category(), ErrorCategory::state);
  EXPECT_THAT(error.what(), HasSubstr("b2"));
}

TEST_F(RunnerFailures, FailureThatCannotBeRecordedLeavesTheStepOpenForTheSupervisor) {
  revisions.upgrades["b2"] = [](Context&) { throw ConnectionLost("server closed the connection", "08006"); };
  work.fail_statement["INSERT INTO godwit_history"] = "08006";
  const Error error = upgrade_error();
  EXPECT_THAT(error.what(), HasSubstr("server closed the connection"));
  EXPECT_TRUE(work.committed.history.empty());
  // "failed" with no "recorded": the supervisor records it on its own connection.
  EXPECT_THAT(observer.events, ::testing::ElementsAre("session fake-session", "session fake-session",
                                                      "start a1", "recorded", "start b2", "failed"));
}

TEST_F(RunnerFailures, FailedRollbackStillReportsTheStepsOwnError) {
  revisions.upgrades["b2"] = [](Context&) { throw std::runtime_error("b2 found bad data"); };
  work.dies_on_rollback = true;
  const Error error = upgrade_error();
  EXPECT_THAT(error.what(), HasSubstr("b2 found bad data"));
  EXPECT_THAT(error.what(), HasSubstr("the step was rolled back"));
  EXPECT_TRUE(work.committed.versions.empty());
  EXPECT_TRUE(work.committed.history.empty());  // nothing could be recorded on the broken connection
  EXPECT_EQ(observer.events.back(), "failed");  // so the supervisor records it
}

TEST_F(RunnerFailures, LostLockSessionStopsBeforeTheNextStep) {
  revisions.upgrades["a1"] = [this](Context&) { lock.alive = false; };
  const Error error = upgrade_error(/*per_revision=*/true);
  EXPECT_EQ(error.category(), ErrorCategory::lock);
  EXPECT_THAT(error.what(),
              HasSubstr("the migration lock on fake://db was lost before the COMMIT of revision a1"));
  EXPECT_TRUE(work.committed.versions.empty());
  EXPECT_EQ(work.outcomes(), "a1:failed");
}

TEST_F(RunnerFailures, LostLockSessionStopsTheWholeRunBeforeItsCommit) {
  revisions.upgrades["c3"] = [this](Context&) { lock.alive = false; };
  const Error error = upgrade_error();
  EXPECT_THAT(error.what(), HasSubstr("was lost before committing the migration"));
  EXPECT_TRUE(work.committed.versions.empty());
  EXPECT_EQ(work.outcomes(), "a1:failed,b2:failed,c3:failed");
}

TEST_F(RunnerFailures, SignalDuringRevisionCodeInterruptsEvenWhenTheRevisionCarriesOn) {
  revisions.upgrades["b2"] = [](Context& ctx) {
    core::runner::Interruption::request(SIGTERM);
    try {
      ctx.execute("SELECT pg_sleep(60)");  // cancelled on a real server; the revision swallows it
    } catch (...) {
    }
  };
  const Error error = upgrade_error();
  EXPECT_EQ(error.category(), ErrorCategory::interrupted);
  EXPECT_EQ(error.exit_code(), 143);
  EXPECT_THAT(error.what(), HasSubstr("revision b2 (upgrade) interrupted by SIGTERM"));
  EXPECT_TRUE(work.committed.versions.empty());
  EXPECT_EQ(work.outcomes(), "b2:interrupted");
}

TEST_F(RunnerFailures, SignalBeforeTheRunTakesNoStep) {
  core::runner::Interruption::request(SIGINT);
  const Error error = upgrade_error();
  EXPECT_EQ(error.exit_code(), 130);
  EXPECT_TRUE(work.committed.versions.empty());
  EXPECT_EQ(work.outcomes(), "a1:interrupted");
}

}  // namespace
