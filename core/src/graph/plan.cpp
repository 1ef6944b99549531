// upgrade / downgrade planning: Alembic's ScriptDirectory._upgrade_revs / _downgrade_revs, with the
// version rows HeadMaintainer would write for each step.
#include "godwit/core/graph/plan.hpp"

#include <algorithm>

#include "collect.hpp"
#include "godwit/core/graph/target.hpp"
#include "godwit/core/graph/version_rows.hpp"
#include "messages.hpp"
#include "row_tracker.hpp"
#include "topo_sort.hpp"

namespace godwit::core::graph {

namespace {

using detail::Node;

// A "start:end" target: the start stands in for the database's rows (Alembic's offline
// starting_rev, resolved with get_revision).
struct Bounds {
  std::vector<std::string> current;
  std::string end;
};

Bounds bounds(detail::Resolver& resolver, const std::vector<std::string>& current, std::string_view text) {
  const Target target = parse_target(text);
  if (!target.is_range) return {current, std::string(text)};
  if (!target.end)
    detail::fail_usage("Target '" + target.text + "' has no end; an offline range is 'start:end'");
  Bounds out{{}, target.end->text};
  if (target.start && target.start->is_relative())
    detail::fail_usage("The start of range '" + target.text +
                       "' must name a revision, 'base' or a head; relative steps are not allowed there");
  if (target.start) {
    const Node start = resolver.get_revision(target.start->text);
    if (start != detail::kNoNode) out.current.push_back(resolver.graph().at(start).id());
  }
  return out;
}

std::vector<Node> rows_of(detail::Resolver& resolver, const std::vector<std::string>& current) {
  std::vector<Node> rows = resolver.get_revisions(detail::RevArg::list(current));
  rows.erase(std::remove(rows.begin(), rows.end(), detail::kNoNode), rows.end());
  return rows;
}

// Alembic's "Destination X is not a valid downgrade target from current head(s)", with the reason.
[[noreturn]] void fail_downgrade_target(detail::Resolver& resolver, const std::vector<std::string>& current,
                                        const std::string& target, Node node) {
  const std::string heads = detail::RevArg::list(current).describe();
  std::string reason;
  const std::vector<detail::Node> rows = rows_of(resolver, current);
  if (current.empty())
    reason = "the database is at base, there is nothing to downgrade";
  else if (node != detail::kNoNode && resolver.reach(detail::Edges::all).reaches_any(rows, node))
    reason = target +
             " is applied, but only as a dependency: nothing is built on it through down_revision, so "
             "no downgrade ends there";
  else
    reason = (current.size() == 1 ? heads + " is not a descendant of "
                                  : "none of " + heads + " is a descendant of ") +
             target + "; downgrade only moves down the graph";
  detail::fail_graph("Destination " + target + " is not a valid downgrade target from current head(s) " +
                     heads + ": " + reason);
}

Plan make_plan(detail::Resolver& resolver, const std::vector<std::string>& current,
               const std::vector<Node>& order, Direction direction) {
  detail::RowTracker rows(resolver.graph(), resolver.reach(detail::Edges::all), rows_of(resolver, current));
  Plan plan;
  plan.steps.reserve(order.size());
  for (Node node : order)
    plan.steps.push_back({&resolver.graph().at(node), direction, rows.revision_step(node, direction)});
  plan.resulting_heads = rows.row_ids();
  return plan;
}

Plan upgrade(const RevisionGraph& graph, const std::vector<std::string>& current,
             const detail::RevArg& target, const std::string& target_text) {
  detail::Resolver resolver(graph);
  detail::Collected collected;
  try {
    collected = detail::collect_upgrade(resolver, target, detail::RevArg::list(current), false, true, true);
  } catch (const detail::RangeNotAncestor&) {
    detail::fail_graph("Destination " + target_text + " is not a valid upgrade target from current head(s) " +
                       detail::RevArg::list(current).describe() + "; it is not a descendant of them");
  }
  std::vector<Node> order =
      detail::topological_sort(graph, std::move(collected.todo), std::move(collected.heads));
  std::reverse(order.begin(), order.end());
  return make_plan(resolver, current, order, Direction::upgrade);
}

}  // namespace

Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current,
                  std::string_view target) {
  check_version_rows(graph, current);
  detail::Resolver resolver(graph);
  const Bounds b = bounds(resolver, current, target);
  return upgrade(graph, b.current, detail::RevArg::text(b.end), b.end);
}

Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current,
                  const std::vector<std::string>& targets) {
  for (const auto& target : targets) parse_destination(target);
  check_version_rows(graph, current);
  return upgrade(graph, current, detail::RevArg::list(targets), detail::join(targets));
}

Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current,
                    std::string_view target) {
  check_version_rows(graph, current);
  detail::Resolver resolver(graph);
  const Bounds b = bounds(resolver, current, target);
  detail::Collected collected;
  try {
    collected = detail::collect_downgrade(resolver, detail::RevArg::list(b.current), b.end);
  } catch (const detail::RangeNotAncestor& e) {
    fail_downgrade_target(resolver, b.current, b.end, e.target);
  }
  const std::vector<Node> order =
      detail::topological_sort(graph, std::move(collected.todo), std::move(collected.heads));
  return make_plan(resolver, b.current, order, Direction::downgrade);
}

}  // namespace godwit::core::graph
