#include "godwit/core/runner/online_runner.hpp"

#include "godwit/core/error.hpp"
#include "godwit/core/graph/revision.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/connection_executor.hpp"
#include "godwit/core/runner/driver_errors.hpp"
#include "godwit/core/runner/migration_lock.hpp"
#include "godwit/core/runner/revision_services.hpp"
#include "godwit/core/runner/step_text.hpp"

namespace godwit::core::runner {

namespace {

using Clock = std::chrono::system_clock;

const char* direction_name(graph::Direction direction) {
  return direction == graph::Direction::upgrade ? "upgrade" : "downgrade";
}

Direction sdk_direction(graph::Direction direction) {
  return direction == graph::Direction::upgrade ? Direction::upgrade : Direction::downgrade;
}

std::int64_t milliseconds_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

OnlineRunner::OnlineRunner(driver::Connection& work, std::function<driver::Connection&()> lock_connection,
                           const TableNames& names, const driver::Dialect& dialect, RevisionSource& revisions,
                           RunSettings settings)
    : work_(work),
      lock_connection_(std::move(lock_connection)),
      names_(names),
      versions_(names, dialect),
      history_(names, dialect),
      revisions_(revisions),
      settings_(std::move(settings)) {}

RunResult OnlineRunner::run(const Planner& planner) {
  RunResult result;
  result.heads_before = read_heads();
  if (planner(result.heads_before).steps.empty()) {  // nothing pending: do not even take the lock
    result.heads_after = result.heads_before;
    return result;
  }
  const MigrationLock held = take_lock();
  result.heads_before = read_heads();
  const graph::Plan plan = planner(result.heads_before);
  if (!plan.steps.empty()) {
    refuse_unresolved_failure();
    prepare_tables();
    run_steps(plan.steps);
  }
  result.steps = plan.steps.size();
  result.heads_after = read_heads();
  return result;
}

RunResult OnlineRunner::stamp(const StampPlanner& planner) {
  const MigrationLock held = take_lock();
  RunResult result;
  result.heads_before = read_heads();
  std::vector<std::string> resulting;
  const auto changes = planner(result.heads_before, &resulting);
  prepare_tables();
  with_database_errors("stamping " + describe_heads(resulting), [&] {
    ConnectionExecutor executor(work_);
    work_.begin();
    try {
      versions_.apply(executor, changes);
      for (const auto& id : resulting) {
        step_started_ = Clock::now();
        HistoryEntry entry;
        entry.revision = id;
        entry.direction = "stamp";
        entry.outcome = outcome::stamped;
        entry.started_at = entry.finished_at = utc_timestamp(step_started_);
        entry.host = host_name();
        entry.os_user = os_user_name();
        history_.insert(executor, entry);
      }
      work_.commit();
    } catch (...) {
      work_.rollback();
      throw;
    }
  });
  result.steps = changes.size();
  result.heads_after = read_heads();
  return result;
}

void OnlineRunner::commit_run() {
  try {
    ConnectionExecutor executor(work_);
    history_.insert_many(executor, pending_history_);
    pending_history_.clear();
    work_.commit();
  } catch (...) {
    pending_history_.clear();
    work_.rollback();
    throw;
  }
}

MigrationLock OnlineRunner::take_lock() {
  return MigrationLock(lock_connection_(), MigrationLock::key_for(names_), settings_.lock_timeout, [] {
    log::info("lock", "another godwit run holds the migration lock; waiting for it");
  });
}

std::vector<std::string> OnlineRunner::read_heads() {
  return versions_.read(work_);
}

void OnlineRunner::prepare_tables() {
  // Under the lock, so concurrent godwit runs cannot race on CREATE TABLE IF NOT EXISTS.
  with_database_errors("creating the version and history tables", [&] {
    ConnectionExecutor executor(work_);
    versions_.create(executor);
    history_.create(executor);
  });
}

void OnlineRunner::refuse_unresolved_failure() {
  auto failure = history_.unresolved_failure(work_);
  if (!failure) return;
  const std::string what = failure->outcome == outcome::running ? "was interrupted" : "failed part-way";
  throw Error(
      ErrorCategory::state,
      "non-transactional revision " + failure->revision + " (" + failure->direction + ") " + what + " at " +
          failure->started_at + (failure->error.empty() ? "" : ": " + failure->error) +
          "; its work may be partly applied. Check the database, finish or undo that work by hand, then "
          "record the state with `godwit stamp <revision>` and run again");
}

void OnlineRunner::run_steps(const std::vector<graph::Step>& steps) {
  std::vector<std::string> ids;
  ids.reserve(steps.size());
  for (const auto& step : steps) ids.push_back(step.revision->id());
  revisions_.prepare(ids);
  const bool whole_run = !settings_.transaction_per_revision;
  if (whole_run) work_.begin();
  for (const auto& step : steps) {
    if (!revisions_.transactional(step.revision->id())) {
      if (work_.in_transaction())  // a non-transactional step starts from committed work
        with_database_errors("committing the steps before " + step.revision->id(), [&] { commit_run(); });
      run_autocommit(step);
      if (whole_run) work_.begin();
      continue;
    }
    if (!whole_run) work_.begin();
    run_in_transaction(step, /*commit=*/!whole_run);
  }
  if (work_.in_transaction()) with_database_errors("committing the migration", [&] { commit_run(); });
}

void OnlineRunner::invoke(const graph::Step& step) {
  RevisionServices services(step.revision->id(), settings_.options, settings_.terminal);
  driver::RevisionScope scope{step.revision->id(), sdk_direction(step.direction)};
  auto context = work_.open_context(scope, services);
  revisions_.run(step.revision->id(), scope.direction, *context);
}

void OnlineRunner::run_in_transaction(const graph::Step& step, bool commit) {
  log::info("runner", describe_step(step));
  step_started_ = Clock::now();
  try {
    invoke(step);
    ConnectionExecutor executor(work_);
    const std::string updating = "revision " + step.revision->id() + ": updating " + names_.version_table;
    // Per revision, the history row commits with its step, written by the statement that makes the last
    // version change. For the whole run the rows are written together just before the one COMMIT
    // (commit_run): both save a round trip per step and commit or roll back with the steps all the same.
    if (commit) {
      with_database_errors(updating, [&] { record_step(executor, step); });
      // A deferred constraint fails only here: it is this step's failure like any other.
      with_database_errors("revision " + step.revision->id() + ": commit", [&] { work_.commit(); });
    } else {
      with_database_errors(updating, [&] { versions_.apply(executor, step.version_changes); });
      pending_history_.push_back(history_entry(step, outcome::applied));
    }
  } catch (const std::exception& e) {
    work_.rollback();
    pending_history_.clear();  // rolled back with their steps
    const Error error = dynamic_cast<const Error*>(&e) ? *dynamic_cast<const Error*>(&e)
                                                       : database_error("revision " + step.revision->id(), e);
    record_failure(step, error.what());
    throw Error(error.category(),
                std::string(error.what()) + "; the step was rolled back" +
                    (settings_.transaction_per_revision ? "" : " together with the rest of this run"));
  }
}

// The folded statement is a data-modifying CTE, as PostgreSQL (the one driver so far) runs it; a driver for
// a database without them would need a Dialect capability here and two statements.
void OnlineRunner::record_step(SqlExecutor& executor, const graph::Step& step) {
  const auto& changes = step.version_changes;
  const HistoryEntry entry = history_entry(step, outcome::applied);
  if (changes.empty()) return history_.insert(executor, entry);
  versions_.apply(executor, {changes.begin(), std::prev(changes.end())});
  const graph::VersionChange& last = changes.back();
  VersionTable::ChangeStatement change = versions_.statement(last);
  versions_.check_matched(
      last, history_.insert_for_each(executor, change.sql + " RETURNING 1", std::move(change.params), entry));
}

void OnlineRunner::run_autocommit(const graph::Step& step) {
  log::info("runner", describe_step(step) + " (non-transactional)");
  step_started_ = Clock::now();
  const std::int64_t id = with_database_errors("recording the start of " + step.revision->id(), [&] {
    return history_.insert_returning_id(work_, history_entry(step, outcome::running));
  });
  ConnectionExecutor executor(work_);
  try {
    invoke(step);
  } catch (const std::exception& e) {
    try {
      history_.finish(executor, id, outcome::failed_partial, utc_timestamp(Clock::now()),
                      milliseconds_since(step_started_), e.what());
    } catch (const std::exception& record_error) {
      log::error("runner", std::string("could not record the failure: ") + record_error.what());
    }
    throw Error(
        ErrorCategory::state,
        std::string(e.what()) + "; revision " + step.revision->id() +
            " is non-transactional, so its work may be partly applied. Check the database, finish or undo "
            "that work by hand, then run `godwit stamp` with the revision that matches the database");
  }
  with_database_errors("revision " + step.revision->id() + ": recording the step", [&] {
    work_.begin();
    versions_.apply(executor, step.version_changes);
    history_.finish(executor, id, outcome::applied, utc_timestamp(Clock::now()),
                    milliseconds_since(step_started_), "");
    work_.commit();
  });
}

HistoryEntry OnlineRunner::history_entry(const graph::Step& step, const std::string& outcome_text) {
  const std::string& id = step.revision->id();
  HistoryEntry entry;
  entry.revision = id;
  entry.direction = direction_name(step.direction);
  entry.outcome = outcome_text;
  entry.started_at = utc_timestamp(step_started_);
  if (outcome_text != outcome::running) {
    entry.finished_at = utc_timestamp(Clock::now());
    entry.duration_ms = milliseconds_since(step_started_);
  }
  entry.checksum = revisions_.checksum(id);
  entry.sdk_version = revisions_.sdk_version(id);
  entry.host = host_name();
  entry.os_user = os_user_name();
  return entry;
}

void OnlineRunner::record_failure(const graph::Step& step, const std::string& error) {
  // After the rollback, in autocommit, so the record survives. If the connection is gone this fails too:
  // the database then holds nothing of the step, which is the state the error reports.
  try {
    ConnectionExecutor executor(work_);
    auto entry = history_entry(step, outcome::failed);
    entry.error = error;
    history_.insert(executor, entry);
  } catch (const std::exception& e) {
    log::warning("runner", std::string("could not record the failure in the history table: ") + e.what());
  }
}

}  // namespace godwit::core::runner
