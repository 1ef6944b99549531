#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "../commands.hpp"
#include "../revision_format.hpp"
#include "../revision_json.hpp"
#include "godwit/core/app/database.hpp"
#include "godwit/core/app/project.hpp"
#include "godwit/core/graph/history.hpp"
#include "godwit/core/runner/history_table.hpp"
#include "godwit/core/runner/version_table.hpp"

namespace godwit::core::cli {

namespace {

// `history --applied`: what godwit did to this database, newest first, from the history table.
int applied_history(const CommandEnv& env, const HistoryOptions& options) {
  const auto database = app::Database::connect(env.config);
  runner::HistoryTable table(database->tables(), database->dialect());
  const auto entries = table.read(database->work(), options.limit);
  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : entries)
      list.push_back({{"id", e.id},
                      {"revision", e.revision},
                      {"direction", e.direction},
                      {"outcome", e.outcome},
                      {"started_at", e.started_at},
                      {"finished_at", e.finished_at},
                      {"duration_ms", e.duration_ms},
                      {"error", e.error},
                      {"checksum", e.checksum},
                      {"source_checksum", e.source_checksum},
                      {"sdk_version", e.sdk_version},
                      {"host", e.host},
                      {"os_user", e.os_user}});
    env.out << list.dump(2) << "\n";
    return 0;
  }
  for (const auto& e : entries) {
    env.out << e.started_at << "  " << e.direction << " " << e.revision << "  " << e.outcome << "  "
            << e.duration_ms << " ms  " << e.os_user << "@" << e.host;
    if (!e.error.empty()) env.out << "\n    " << e.error;
    env.out << "\n";
  }
  return 0;
}

}  // namespace

int history(const CommandEnv& env, const HistoryOptions& options) {
  if (options.applied) return applied_history(env, options);
  const auto project = app::Project::open(env.config);
  std::vector<std::string> current_ids;
  const bool needs_database = options.indicate_current || options.range.find("current") != std::string::npos;
  if (needs_database) {
    const auto database = app::Database::connect(env.config);
    runner::VersionTable versions(database->tables(), database->dialect());
    current_ids = versions.read(database->work());
  }
  const std::set<std::string> current(current_ids.begin(), current_ids.end());
  const auto revisions = graph::history(project->graph(), options.range, current_ids);
  if (options.json) {
    env.out << revisions_json(revisions, options.indicate_current ? &current : nullptr).dump(2) << "\n";
    return 0;
  }
  FormatOptions format;
  format.verbose = options.verbose;
  format.include_doc = true;
  format.include_parents = true;
  format.current = options.indicate_current ? &current : nullptr;
  for (const graph::Revision* revision : revisions) env.out << format_revision(*revision, format) << "\n";
  return 0;
}

}  // namespace godwit::core::cli
