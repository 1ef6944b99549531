#include "godwit/core/app/database_state.hpp"

#include "godwit/core/graph/plan.hpp"
#include "godwit/core/runner/step_text.hpp"
#include "godwit/core/runner/version_table.hpp"

namespace godwit::core::app {

std::string DatabaseState::not_at_head_reason() const {
  if (!unknown.empty())
    return "the database is at " + runner::describe_heads(unknown) +
           ", which no plugin in the plugin directories declares (a newer deploy, or a missing plugin?)";
  if (pending.empty()) return "";
  std::vector<std::string> ids;
  for (const auto* revision : pending) ids.push_back(revision->id());
  return std::to_string(pending.size()) + " revision(s) pending: " + runner::describe_heads(ids) +
         " (database at " + runner::describe_heads(heads) + ")";
}

DatabaseState read_database_state(Project& project, Database& database) {
  DatabaseState state;
  runner::VersionTable versions(database.tables(), database.dialect());
  state.heads = versions.read(database.work());
  for (const auto& id : state.heads)
    if (!project.graph().find(id)) state.unknown.push_back(id);
  if (state.unknown.empty())
    for (const auto& step : graph::plan_upgrade(project.graph(), state.heads, "heads").steps)
      state.pending.push_back(step.revision);
  return state;
}

}  // namespace godwit::core::app
