// `history -r start:end`: Alembic's ScriptDirectory.walk_revisions.
#include "godwit/core/graph/history.hpp"

#include "collect.hpp"
#include "godwit/core/graph/target.hpp"
#include "godwit/core/graph/version_rows.hpp"
#include "godwit/core/text.hpp"
#include "messages.hpp"
#include "topo_sort.hpp"

namespace godwit::core::graph {

namespace {

// One side of the range: "current" stands for the database's rows, empty for base / heads.
detail::RevArg side(const std::string& text, const std::vector<std::string>& current, const char* open) {
  if (text == "current" && !current.empty()) return detail::RevArg::list(current);
  if (text.empty() || text == "current") return detail::RevArg::text(open);
  return detail::RevArg::text(text);
}

}  // namespace

std::vector<const Revision*> history(const RevisionGraph& graph, std::string_view range,
                                     const std::vector<std::string>& current) {
  check_version_rows(graph, current);
  const std::string text(text::trim(range));
  std::string start;
  std::string end;
  if (!text.empty()) {
    const auto colon = text.find(':');
    if (colon == std::string::npos)
      detail::fail_usage("History range '" + text + "' requires [start]:[end], [start]:, or :[end]");
    parse_target(text);  // syntax of both sides
    start = text.substr(0, colon);
    end = text.substr(colon + 1);
  }
  const detail::RevArg lower = side(start, current, "base");
  const detail::RevArg upper = side(end, current, "heads");
  detail::Resolver resolver(graph);
  detail::Collected collected;
  try {
    collected = detail::collect_upgrade(resolver, upper, lower, true, false, false);
  } catch (const detail::RangeNotAncestor& e) {
    detail::fail_graph("Revision " + e.lower + " is not an ancestor of revision " + e.upper +
                       "; requested range " + lower.describe() + ":" + upper.describe() +
                       " does not refer to ancestor/descendant revisions along the same branch");
  }
  std::vector<const Revision*> out;
  for (detail::Node node :
       detail::topological_sort(graph, std::move(collected.todo), std::move(collected.heads)))
    out.push_back(&graph.at(node));
  return out;
}

}  // namespace godwit::core::graph
