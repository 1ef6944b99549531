#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "godwit/core/error.hpp"
#include "godwit/core/graph/plan.hpp"
#include "godwit/core/runner/history_table.hpp"
#include "godwit/core/runner/migration_lock.hpp"
#include "godwit/core/runner/revision_source.hpp"
#include "godwit/core/runner/run_observer.hpp"
#include "godwit/core/runner/table_names.hpp"
#include "godwit/core/runner/version_table.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

struct RunSettings {
  bool transaction_per_revision = false;
  std::chrono::milliseconds lock_timeout{300000};
  std::map<std::string, std::string> options;
  bool terminal = false;            // draw progress bars
  RunObserver* observer = nullptr;  // the supervisor's, when a process watches this one
};

struct RunResult {
  std::vector<std::string> heads_before;
  std::vector<std::string> heads_after;
  std::size_t steps = 0;  // steps applied by this run (0: nothing was pending)
};

// Plans from the current heads; called before taking the lock and again once it is held, because another
// runner may have moved the database meanwhile.
using Planner = std::function<graph::Plan(const std::vector<std::string>& current)>;
// For stamp: the version changes from the current heads.
using StampPlanner = std::function<std::vector<graph::VersionChange>(
    const std::vector<std::string>& current, std::vector<std::string>* resulting_heads)>;

// Applies plans to a live database: takes the migration lock, runs each step in its transaction with its
// version-row changes, records every step in the history table, and on failure rolls back and records it.
class OnlineRunner {
 public:
  // `lock_connection` is asked for only when there is something to do, so an up-to-date database costs
  // one connection.
  OnlineRunner(driver::Connection& work, std::function<driver::Connection&()> lock_connection,
               const TableNames& names, const driver::Dialect& dialect, RevisionSource& revisions,
               RunSettings settings);

  RunResult run(const Planner& planner);
  RunResult stamp(const StampPlanner& planner);

 private:
  void take_lock();
  // Throws when a signal asked to stop or the migration lock was lost: checked before each step and COMMIT.
  void ensure_may_continue(const std::string& before) const;
  // Writes the buffered history rows, then commits the run's transaction. On failure rolls back, records
  // the buffered steps as rolled back with the reason, and throws.
  void commit_run(const std::string& what);
  void record_rolled_back(const core::Error& reason);
  std::vector<std::string> read_heads();
  void prepare_tables();
  void refuse_unresolved_failure();
  void run_steps(const std::vector<graph::Step>& steps);
  void run_in_transaction(const graph::Step& step, bool commit);
  void run_autocommit(const graph::Step& step);
  void invoke(const graph::Step& step);
  // A transactional step's version changes and its history row; the last change and the row in one
  // statement where the dialect can.
  void record_step(SqlExecutor& executor, const graph::Step& step);
  HistoryEntry history_entry(const graph::Step& step, const std::string& outcome_text);
  void record_failure(const graph::Step& step, const core::Error& error);
  // The error a step ends with: an interruption when a signal asked to stop (its statement was cancelled),
  // else the error itself, naming the revision.
  core::Error step_error(const graph::Step& step, const std::exception& e) const;
  void observe_step(const graph::Step& step, bool transactional, std::int64_t history_id);
  // Before recording a failure, so the supervisor has the error if the record cannot be written.
  void observe_failed(const core::Error& error);
  void observe_recorded();

  driver::Connection& work_;
  std::function<driver::Connection&()> lock_connection_;
  const TableNames& names_;
  const driver::Dialect& dialect_;
  VersionTable versions_;
  HistoryTable history_;
  RevisionSource& revisions_;
  RunSettings settings_;
  std::chrono::system_clock::time_point step_started_{};
  std::vector<HistoryEntry> pending_history_;  // whole-run mode: applied steps not yet written
  std::unique_ptr<MigrationLock> lock_;        // held while run() or stamp() change the database
};

}  // namespace godwit::core::runner
