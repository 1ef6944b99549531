#include "godwit/core/runner/online_runner.hpp"

#include "godwit/core/error.hpp"
#include "godwit/core/graph/revision.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/connection_executor.hpp"
#include "godwit/core/runner/driver_errors.hpp"
#include "godwit/core/runner/interruption.hpp"
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

// The runner's driver calls go through with_database_errors: a driver's exception must become a
// core::Error while the driver that threw it is still loaded. One that reached main() after the session,
// and with it the driver's library, had gone would crash on what() (SQLite's BEGIN IMMEDIATE meeting
// another connection's write lock did: "the migration process crashed: SIGSEGV").
void begin_transaction(driver::Connection& work, const std::string& what) {
  with_database_errors("starting the transaction of " + what, [&] { work.begin(); });
}

}  // namespace

OnlineRunner::OnlineRunner(driver::Connection& work, std::function<driver::Connection&()> lock_connection,
                           const TableNames& names, const driver::Dialect& dialect, RevisionSource& revisions,
                           RunSettings settings)
    : work_(work),
      lock_connection_(std::move(lock_connection)),
      names_(names),
      dialect_(dialect),
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
  take_lock();
  result.heads_before = read_heads();
  const graph::Plan plan = planner(result.heads_before);
  if (!plan.steps.empty()) {
    refuse_unresolved_failure();
    prepare_tables();
    run_steps(plan.steps);
  }
  result.steps = plan.steps.size();
  result.heads_after = read_heads();
  lock_.reset();
  return result;
}

RunResult OnlineRunner::stamp(const StampPlanner& planner) {
  take_lock();
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
  lock_.reset();
  return result;
}

void OnlineRunner::commit_run(const std::string& what) {
  try {
    ensure_may_continue(what);
    ConnectionExecutor executor(work_);
    history_.insert_many(executor, pending_history_);
    // A deferred constraint fails only here: every step of the transaction is rolled back.
    work_.commit();
    pending_history_.clear();
  } catch (const std::exception& e) {
    work_.rollback();
    const Error* own = dynamic_cast<const Error*>(&e);
    const Error error = own ? own->with_context(what) : database_error(what, e);
    record_rolled_back(error);
    throw error;
  }
}

void OnlineRunner::record_rolled_back(const Error& reason) {
  // In autocommit after the rollback, so the record survives; each rolled-back step says why.
  const std::string outcome_text =
      reason.category() == ErrorCategory::interrupted ? outcome::interrupted : outcome::failed;
  for (HistoryEntry& entry : pending_history_) {
    entry.outcome = outcome_text;
    entry.error = std::string("rolled back with the run: ") + reason.what();
  }
  try {
    ConnectionExecutor executor(work_);
    history_.insert_many(executor, pending_history_);
  } catch (const std::exception& e) {
    log::warning("runner", std::string("could not record the rolled-back steps: ") + e.what());
  }
  pending_history_.clear();
}

void OnlineRunner::take_lock() {
  driver::Connection& lock_connection = with_database_errors(
      "opening the lock connection", [&]() -> driver::Connection& { return lock_connection_(); });
  if (settings_.observer) {
    settings_.observer->session_opened(work_.session_id());
    settings_.observer->session_opened(lock_connection.session_id());
  }
  lock_ = std::make_unique<MigrationLock>(lock_connection, work_, names_, settings_.lock_timeout);
}

void OnlineRunner::ensure_may_continue(const std::string& before) const {
  Interruption::check("the run (before " + before + ")");
  if (lock_) lock_->ensure_held(before);
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
  history_.check_columns(work_);
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
  revisions_.prepare(ids, settings_.observer);
  const bool whole_run = !settings_.transaction_per_revision;
  if (whole_run) begin_transaction(work_, "the run");
  for (const auto& step : steps) {
    const std::string& id = step.revision->id();
    if (!revisions_.transactional(id)) {
      // A non-transactional step starts from committed work.
      if (work_.in_transaction()) commit_run("committing the steps before " + id);
      run_autocommit(step);
      if (whole_run) begin_transaction(work_, "the run after revision " + id);
      continue;
    }
    if (!whole_run) begin_transaction(work_, "revision " + id);
    run_in_transaction(step, /*commit=*/!whole_run);
  }
  if (work_.in_transaction()) commit_run("committing the migration");
}

void OnlineRunner::invoke(const graph::Step& step) {
  const std::string& id = step.revision->id();
  RevisionServices services(id, settings_.options, settings_.terminal);
  driver::RevisionScope scope{id, sdk_direction(step.direction)};
  auto context = work_.open_context(scope, services);
  {
    const CancelOnInterrupt cancellable(work_);
    revisions_.run(id, scope.direction, *context);
  }
  // Revision code that caught its cancelled statement and carried on has still been interrupted.
  Interruption::check("revision " + id + " (" + direction_name(step.direction) + ")");
}

Error OnlineRunner::step_error(const graph::Step& step, const std::exception& e) const {
  const std::string name = "revision " + step.revision->id();
  if (const int signal = Interruption::signal())
    return Error::interrupted(signal,
                              name + " (" + direction_name(step.direction) + ") interrupted by " +
                                  Interruption::signal_name(signal) +
                                  (dynamic_cast<const Error*>(&e) ? "" : std::string(": ") + e.what()));
  if (const auto* own = dynamic_cast<const Error*>(&e)) return *own;
  return database_error(name, e);
}

void OnlineRunner::run_in_transaction(const graph::Step& step, bool commit) {
  log::info("runner", describe_step(step));
  step_started_ = Clock::now();
  observe_step(step, /*transactional=*/true, 0);
  try {
    ensure_may_continue("revision " + step.revision->id());
    invoke(step);
    ConnectionExecutor executor(work_);
    const std::string updating = "revision " + step.revision->id() + ": updating " + names_.version_table;
    // Per revision, the history row commits with its step, written by the statement that makes the last
    // version change. For the whole run the rows are written together just before the one COMMIT
    // (commit_run): both save a round trip per step and commit or roll back with the steps all the same.
    if (commit) {
      with_database_errors(updating, [&] { record_step(executor, step); });
      ensure_may_continue("the COMMIT of revision " + step.revision->id());
      // A deferred constraint fails only here: it is this step's failure like any other.
      with_database_errors("revision " + step.revision->id() + ": commit", [&] { work_.commit(); });
    } else {
      with_database_errors(updating, [&] { versions_.apply(executor, step.version_changes); });
      pending_history_.push_back(history_entry(step, outcome::applied));
    }
  } catch (const std::exception& e) {
    work_.rollback();
    pending_history_.clear();  // rolled back with their steps
    const Error error = step_error(step, e);
    observe_failed(error);
    record_failure(step, error);
    throw error.with_detail(
        "; the step was rolled back" +
        std::string(settings_.transaction_per_revision ? "" : " together with the rest of this run"));
  }
  observe_recorded();
}

// Where the dialect runs data-modifying CTEs, the last version change and the history row are one
// statement (one round trip per step); elsewhere they are two.
void OnlineRunner::record_step(SqlExecutor& executor, const graph::Step& step) {
  const auto& changes = step.version_changes;
  const HistoryEntry entry = history_entry(step, outcome::applied);
  const driver::Capabilities& can = dialect_.capabilities();
  if (changes.empty() || !can.data_modifying_cte || !can.returning) {
    versions_.apply(executor, changes);
    return history_.insert(executor, entry);
  }
  versions_.apply(executor, {changes.begin(), std::prev(changes.end())});
  const graph::VersionChange& last = changes.back();
  VersionTable::ChangeStatement change = versions_.statement(last);
  versions_.check_matched(last,
                          history_.insert_for_each(executor, change.sql + dialect_.returning_clause("1"),
                                                   std::move(change.params), entry));
}

void OnlineRunner::run_autocommit(const graph::Step& step) {
  const std::string& id = step.revision->id();
  log::info("runner", describe_step(step) + " (non-transactional)");
  step_started_ = Clock::now();
  ensure_may_continue("revision " + id);
  const std::int64_t row = with_database_errors("recording the start of " + id, [&] {
    return history_.insert_returning_id(work_, history_entry(step, outcome::running));
  });
  observe_step(step, /*transactional=*/false, row);
  ConnectionExecutor executor(work_);
  const auto finish = [&](const char* outcome_text, const std::string& error) {
    history_.finish(executor, row, outcome_text, utc_timestamp(Clock::now()),
                    milliseconds_since(step_started_), error);
  };
  // A failure's outcome is recorded in autocommit, or left for the supervisor when even that fails.
  const auto record_failed = [&](const char* outcome_text, const Error& error) {
    observe_failed(error);
    try {
      finish(outcome_text, error.what());
      observe_recorded();
    } catch (const std::exception& record_error) {
      log::error("runner", std::string("could not record the step's outcome: ") + record_error.what());
    }
  };
  try {
    invoke(step);
  } catch (const std::exception& e) {
    const Error error = step_error(step, e);
    record_failed(outcome::failed_partial, error);
    throw error.with_detail(
        "; revision " + id +
        " is non-transactional, so its work may be partly applied. Check the database, finish or undo "
        "that work by hand, then run `godwit stamp` with the revision that matches the database");
  }
  if (settings_.observer) settings_.observer->step_work_done();
  try {
    with_database_errors("revision " + id + ": recording the step", [&] {
      ensure_may_continue("recording revision " + id);
      work_.begin();
      versions_.apply(executor, step.version_changes);
      finish(outcome::applied, "");
      work_.commit();
    });
  } catch (const Error& error) {
    work_.rollback();
    // The work is done and cannot be undone: what is wrong is only the version table. Say exactly that,
    // so the next run does not report a completed step as interrupted.
    record_failed(outcome::unrecorded, error);
    throw error.with_detail("; non-transactional revision " + id +
                            " completed its work, but the version table does not say so: check the "
                            "database, then run `godwit stamp " +
                            id + "` to record it");
  }
  observe_recorded();
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
  entry.source_checksum = revisions_.source_checksum(id);
  entry.sdk_version = revisions_.sdk_version(id);
  entry.host = host_name();
  entry.os_user = os_user_name();
  return entry;
}

void OnlineRunner::record_failure(const graph::Step& step, const Error& error) {
  // After the rollback, in autocommit, so the record survives. If the connection is gone this fails too:
  // the step is then left open for the supervisor to record on a connection of its own.
  try {
    ConnectionExecutor executor(work_);
    auto entry = history_entry(
        step, error.category() == ErrorCategory::interrupted ? outcome::interrupted : outcome::failed);
    entry.error = error.what();
    history_.insert(executor, entry);
  } catch (const std::exception& e) {
    log::warning("runner", std::string("could not record the failure in the history table: ") + e.what());
    return;
  }
  observe_recorded();
}

void OnlineRunner::observe_step(const graph::Step& step, bool transactional, std::int64_t history_id) {
  if (!settings_.observer) return;
  settings_.observer->step_started(step.revision->id(), direction_name(step.direction), transactional,
                                   history_id, utc_timestamp(step_started_));
}

void OnlineRunner::observe_failed(const Error& error) {
  if (settings_.observer) settings_.observer->step_failed(error.what());
}

void OnlineRunner::observe_recorded() {
  if (settings_.observer) settings_.observer->step_recorded();
}

}  // namespace godwit::core::runner
