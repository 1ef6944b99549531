#include "recovery.hpp"

#include <chrono>
#include <iostream>

#include "godwit/core/app/database.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/connection_executor.hpp"
#include "godwit/core/runner/history_table.hpp"
#include "godwit/driver/secret_masker.hpp"

namespace godwit::core::supervisor::detail {

namespace {

using runner::outcome::crashed;

constexpr std::chrono::milliseconds kSessionEndTimeout{10000};

// The history row that says what became of the step, and the sentence that says it to the user.
struct StepRecord {
  const char* outcome;
  std::string error;
  std::string consequence;
};

StepRecord record_for(const OpenStep& step, const ChildEnd& end, const std::string& subject) {
  if (end.reported && !step.error.empty()) {  // it failed on its own and only its record is missing
    const char* outcome = step.transactional ? runner::outcome::failed
                          : step.work_done   ? runner::outcome::unrecorded
                                             : runner::outcome::failed_partial;
    return {outcome, step.error, "the migration process could not record it"};
  }
  if (step.transactional)
    return {end.interrupted ? runner::outcome::interrupted : crashed,
            subject + " " + end.how + "; rolled back", "the step was rolled back"};
  if (step.work_done)
    return {runner::outcome::unrecorded,
            subject + " completed its work, then the process " + end.how +
                " before the version table was updated",
            "its work is done but the version table does not say so: check the database, then run `godwit "
            "stamp " +
                step.revision + "`"};
  return {runner::outcome::failed_partial, subject + " " + end.how,
          "it is non-transactional, so its work may be partly applied: check the database, finish or undo "
          "that work by hand, then run `godwit stamp` with the revision that matches the database"};
}

void write_record(runner::HistoryTable& history, driver::Connection& connection, const OpenStep& step,
                  const StepRecord& record) {
  runner::ConnectionExecutor executor(connection);
  const std::string now = runner::utc_timestamp(std::chrono::system_clock::now());
  if (step.history_id != 0) {
    history.finish(executor, step.history_id, record.outcome, now, 0, record.error);
    return;
  }
  runner::HistoryEntry entry;
  entry.revision = step.revision;
  entry.direction = step.direction;
  entry.outcome = record.outcome;
  entry.started_at = step.started_at;
  entry.finished_at = now;
  entry.error = record.error;
  entry.host = runner::host_name();
  entry.os_user = runner::os_user_name();
  history.insert(executor, entry);
}

// Ends the child's sessions, then records the step. Returns what could not be done, or empty.
std::string clean_up(const config::Config& config, const RunReport& report, const StepRecord* record) {
  try {
    const auto database = app::Database::connect(config);
    driver::Connection& connection = database->work();
    for (const std::string& session : report.sessions) connection.end_session(session, kSessionEndTimeout);
    if (record == nullptr) return {};
    runner::HistoryTable history(database->tables(), database->dialect());
    write_record(history, connection, *report.step, *record);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

void recover(const config::Config& config, const RunReport& report, const ChildEnd& end) {
  std::string line;
  std::string failure;
  if (report.step) {
    const std::string subject = "revision " + report.step->revision + " (" + report.step->direction + ")";
    const StepRecord record = record_for(*report.step, end, subject);
    failure = clean_up(config, report, &record);
    if (end.reported && !report.step->error.empty()) {
      // The migration process has printed the error itself: say only who recorded it.
      if (failure.empty())
        log::warning("supervisor", subject + " failed and " + record.consequence +
                                       ": recorded in the history table by the supervisor");
      else
        std::cerr << "godwit: error: could not record the failure of " << subject << ": "
                  << driver::mask_secrets(failure) << "\n";
      return;
    }
    line = subject + " " + end.how + "; " + record.consequence +
           (failure.empty() ? "; recorded in the history table" : "");
  } else {
    line = "the migration process " + end.how + " while no revision step was running";
    if (!report.sessions.empty()) failure = clean_up(config, report, nullptr);
    if (!report.sessions.empty() && failure.empty())
      line += "; its database sessions were ended, so any work it had not committed was rolled back";
  }
  std::cout.flush();
  std::cerr << "godwit: error: " << driver::mask_secrets(line) << "\n";
  if (!failure.empty())
    std::cerr << "godwit: error: could not finish the record on the database: "
              << driver::mask_secrets(failure) << "\n";
}

}  // namespace godwit::core::supervisor::detail
