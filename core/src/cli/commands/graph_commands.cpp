// Commands that read only the revision graph: heads, branches, graph. They never touch a database.
#include <nlohmann/json.hpp>
#include <ostream>

#include "../commands.hpp"
#include "../graph_drawing.hpp"
#include "../revision_format.hpp"
#include "../revision_json.hpp"
#include "godwit/core/app/project.hpp"
#include "godwit/core/graph/history.hpp"

namespace godwit::core::cli {

int heads(const CommandEnv& env, const HeadsOptions& options) {
  const auto project = app::Project::open(env.config);
  const auto& graph = project->graph();
  const auto revisions = options.resolve_dependencies ? graph.heads() : graph.effective_heads();
  if (options.json) {
    env.out << revisions_json(revisions).dump(2) << "\n";
    return 0;
  }
  FormatOptions format;
  format.verbose = options.verbose;
  format.tree_indicators = false;
  for (const graph::Revision* revision : revisions) env.out << format_revision(*revision, format) << "\n";
  return 0;
}

// As `alembic branches`: each branch point, then the revisions it branches into, then a blank line.
int branches(const CommandEnv& env, const BranchesOptions& options) {
  const auto project = app::Project::open(env.config);
  const auto& graph = project->graph();
  FormatOptions point_format;
  point_format.verbose = options.verbose;
  FormatOptions child_format;
  child_format.include_doc = options.verbose;
  for (const graph::Revision* revision : graph.branch_points()) {
    env.out << format_revision(*revision, point_format) << "\n";
    for (const graph::Revision* child : revision->children())
      env.out << std::string(revision->id().size(), ' ') << " -> " << format_revision(*child, child_format)
              << "\n";
    env.out << "\n";
  }
  return 0;
}

int graph(const CommandEnv& env, const GraphOptions& options) {
  const auto project = app::Project::open(env.config);
  if (options.format == "dot")
    env.out << render_dot(project->graph());
  else
    env.out << render_text(graph::history(project->graph(), "", {}));
  return 0;
}

}  // namespace godwit::core::cli
