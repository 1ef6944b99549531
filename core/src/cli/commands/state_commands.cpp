// Commands that read the database's state: current, check, status, show.
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "../commands.hpp"
#include "../revision_format.hpp"
#include "../revision_json.hpp"
#include "../target_range.hpp"
#include "../verification_json.hpp"
#include "godwit/core/app/database.hpp"
#include "godwit/core/app/database_state.hpp"
#include "godwit/core/app/project.hpp"
#include "godwit/core/app/session.hpp"
#include "godwit/core/app/verification.hpp"
#include "godwit/core/error.hpp"
#include "godwit/core/graph/plan.hpp"
#include "godwit/core/graph/version_rows.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/driver_errors.hpp"
#include "godwit/core/runner/history_table.hpp"
#include "godwit/core/runner/step_text.hpp"
#include "godwit/core/runner/version_table.hpp"

namespace godwit::core::cli {

using app::DatabaseState;

namespace {

// Empty unless the newest history row is a non-transactional step that failed part-way or never finished
// (HistoryTable::unresolved_failure): upgrades then refuse to run until the database is repaired and
// stamped, and `status` and `check` must say so rather than merely "pending".
std::string blocked_reason(app::Database& database) {
  const runner::HistoryTable history(database.tables(), database.dialect());
  const auto failure = history.unresolved_failure(database.work());
  if (!failure) return {};
  const std::string& outcome = failure->outcome;
  const std::string how = outcome == runner::outcome::running ? "was interrupted (or is still running)"
                          : outcome == runner::outcome::failed_partial ? "failed part-way"
                                                                       : "ended '" + outcome + "'";
  return "blocked by non-transactional revision " + failure->revision + " (" + failure->direction +
         "), which " + how + " at " + failure->started_at +
         (failure->error.empty() ? "" : ": " + failure->error) +
         "; its work may be partly applied. Check the database, finish or undo that work by hand, then "
         "record "
         "the real state with `godwit stamp <revision>`";
}

// Alembic's `current`: each row as `cmd_format(verbose)` prints it (head and tree indicators, no branch
// labels), in the table's order, then what the rows imply through depends_on ("b (effective head)").
void print_current(const CommandEnv& env, const graph::RevisionGraph& graph, const DatabaseState& state,
                   const std::vector<const graph::Revision*>& implied, bool verbose) {
  FormatOptions format;
  format.verbose = verbose;
  format.include_branches = false;
  for (const auto& id : state.heads) {
    if (const auto* revision = graph.find(id))
      env.out << format_revision(*revision, format) << "\n";
    else
      env.out << id << " (unknown revision)\n";
  }
  for (const auto* revision : implied) env.out << format_revision(*revision, format) << "\n";
}

std::vector<std::string> ids_of(const std::vector<const graph::Revision*>& revisions) {
  std::vector<std::string> ids;
  for (const auto* revision : revisions) ids.push_back(revision->id());
  return ids;
}

}  // namespace

int current(const CommandEnv& env, const CurrentOptions& options) {
  const app::Session session = app::open_session(env.config);
  const auto& project = session.project;
  const auto& database = session.database;
  const DatabaseState state = app::read_database_state(*project, *database);
  const auto implied = graph::implied_current(project->graph(), state.heads);
  if (options.json) {
    nlohmann::json j = {{"url", database->display_url()},
                        {"current", state.heads},
                        {"implied", ids_of(implied)},
                        {"unknown", state.unknown},
                        {"at_head", state.not_at_head_reason().empty()}};
    env.out << j.dump(2) << "\n";
  } else {
    log::info("runner", "Current revision(s) for " + database->display_url() + ":");
    print_current(env, project->graph(), state, implied, options.verbose);
  }
  if (options.check_heads) {
    const std::string reason = state.not_at_head_reason();
    if (!reason.empty()) throw Error(ErrorCategory::state, "database is not at head: " + reason);
  }
  return 0;
}

int check(const CommandEnv& env, const CheckOptions& options) {
  const app::Session session = app::open_session(env.config);
  const auto& project = session.project;
  const auto& database = session.database;
  const DatabaseState state = app::read_database_state(*project, *database);
  if (const std::string blocked = blocked_reason(*database); !blocked.empty()) {
    env.out << "Blocked: " << blocked << "\n";
    return 1;
  }
  const std::string reason = state.not_at_head_reason();
  if (!reason.empty()) {
    env.out << "Not up to date: " << reason << "\n";
    return 1;
  }
  // At head is not enough: an applied revision edited since would run its new code on the next downgrade.
  const auto failures = app::verify_applied_revisions(*project, *database, state.heads).failures();
  for (const auto& finding : failures) env.out << finding.describe() << "\n";
  if (!failures.empty() && !options.allow_modified) {
    env.out << "Not verified: " << failures.size()
            << " applied revision(s) modified or missing since they were applied (see `godwit verify`; "
               "--allow-modified accepts them)\n";
    return 1;
  }
  env.out << "Up to date: the database is at " << runner::describe_heads(state.heads) << "\n";
  return 0;
}

int show(const CommandEnv& env, const ShowOptions& options) {
  const auto project = app::Project::open(env.config);
  std::set<std::string> current;
  std::vector<std::string> ids;
  for (const auto& text : options.revisions) {
    if (text != "current") {
      for (auto& id : resolve_ids(project->graph(), text)) ids.push_back(id);
      continue;
    }
    const auto database = app::Database::connect(env.config);
    for (const auto& id : app::read_database_state(*project, *database).heads) {
      ids.push_back(id);
      current.insert(id);
    }
  }
  for (const auto& id : ids) env.out << log_entry(project->graph().get(id), &current) << "\n";
  return 0;
}

namespace {

// "schema.table", or the bare name where the database has no schemas.
std::string table_label(const driver::TableName& table) {
  return table.schema.empty() ? table.name : table.schema + "." + table.name;
}

}  // namespace

int status(const CommandEnv& env, const StatusOptions& options) {
  const app::Session session = app::open_session(env.config);
  const auto& project = session.project;
  const auto& database = session.database;
  const DatabaseState state = app::read_database_state(*project, *database);
  runner::HistoryTable history(database->tables(), database->dialect());
  const auto recent = history.read(database->work(), options.history_limit);
  const std::vector<driver::TableName> tables =
      runner::with_database_errors("listing tables", [&] { return database->work().list_tables(); });
  const std::string reason = state.not_at_head_reason();
  const std::string blocked = blocked_reason(*database);
  const app::Verification verification = app::verify_applied_revisions(*project, *database, state.heads);
  if (options.json) {
    nlohmann::json j = {
        {"url", database->display_url()}, {"current", state.heads}, {"at_head", reason.empty()}};
    j["pending"] = revisions_json(state.pending);
    j["blocked"] = blocked.empty() ? nlohmann::json(nullptr) : nlohmann::json(blocked);
    j["verification"] = verification_json(verification);
    j["tables"] = nlohmann::json::array();
    for (const auto& table : tables) j["tables"].push_back(table_label(table));
    j["history"] = nlohmann::json::array();
    for (const auto& e : recent)
      j["history"].push_back({{"revision", e.revision},
                              {"direction", e.direction},
                              {"outcome", e.outcome},
                              {"started_at", e.started_at},
                              {"duration_ms", e.duration_ms},
                              {"error", e.error}});
    env.out << j.dump(2) << "\n";
    return 0;
  }
  env.out << "Database:  " << database->display_url() << "\n";
  env.out << "Current:   " << runner::describe_heads(state.heads) << "\n";
  env.out << "Status:    " << (!blocked.empty() ? blocked : reason.empty() ? "at head" : reason) << "\n";
  env.out << "Verified:  " << verification.verified << " applied revision(s) match their source, "
          << verification.failures().size() << " modified or missing, "
          << verification.findings.size() - verification.failures().size()
          << " unverifiable (`godwit verify` lists them)\n";
  // Only the failures: a database taken over from Alembic would otherwise list every revision here.
  for (const auto& finding : verification.failures()) env.out << "  " << finding.describe() << "\n";
  env.out << "\nTables (" << tables.size() << "):\n";
  for (const auto& table : tables) env.out << "  " << table_label(table) << "\n";
  env.out << "\nRecent history:\n";
  if (recent.empty()) env.out << "  (none)\n";
  for (const auto& e : recent)
    env.out << "  " << e.started_at << "  " << e.direction << " " << e.revision << "  " << e.outcome
            << (e.error.empty() ? "" : ": " + e.error) << "\n";
  return 0;
}

}  // namespace godwit::core::cli
