#include "collect.hpp"

#include <algorithm>

#include "closure.hpp"
#include "messages.hpp"

namespace godwit::core::graph::detail {

namespace {

std::vector<Node> without_none(std::vector<Node> nodes) {
  nodes.erase(std::remove(nodes.begin(), nodes.end(), kNoNode), nodes.end());
  return nodes;
}

// "label@base:heads" (history) keeps only the targets on that branch; a revision id used as the
// branch stands for its (single) branch label.
std::vector<Node> targets_on_named_base(Resolver& resolver, const std::string& lower,
                                        std::vector<Node> targets) {
  std::string branch = lower.substr(0, lower.find('@'));
  const Node named = resolver.get_revision(branch);
  if (named != kNoNode && resolver.graph().at(named).id() == branch) {
    const auto& labels = resolver.graph().at(named).branch_labels();
    if (labels.size() != 1)
      fail_graph("Revision " + branch + " in '" + lower + "' has " + std::to_string(labels.size()) +
                 " branch labels, so it does not name one branch; use a branch label instead");
    branch = labels.front();
  }
  std::vector<Node> kept;
  for (Node target : targets) {
    const auto& labels = resolver.graph().at(target).branch_labels();
    if (std::binary_search(labels.begin(), labels.end(), branch) &&
        std::find(kept.begin(), kept.end(), target) == kept.end())
      kept.push_back(target);
  }
  return kept;
}

}  // namespace

Collected collect_upgrade(Resolver& resolver, const RevArg& upper, RevArg lower, bool inclusive,
                          bool implicit_base, bool assert_relative_length) {
  const GraphIndex& index = resolver.index();
  const RevisionGraph& graph = resolver.graph();
  std::vector<Node> targets = parse_upgrade_target(resolver, lower, upper, assert_relative_length);
  if (std::find(targets.begin(), targets.end(), kNoNode) != targets.end())
    fail_graph("Target " + upper.describe() +
               " walks off the graph; use a smaller step or an absolute revision");
  if (lower.is_text && lower.items.front().find('@') != std::string::npos)
    targets = targets_on_named_base(resolver, lower.items.front(), targets);
  std::vector<std::uint8_t> needs = closure_checked(graph, index.all.parents, targets);
  std::vector<Node> current = resolver.get_revisions(lower);
  if (!implicit_base)
    for (Node node : current)
      if (node != kNoNode && !needs[node]) throw RangeNotAncestor{lower.describe(), upper.describe()};
  if (!current.empty() && current.front() == kNoNode) {
    // A relative lower bound ("-3:") that walked off from some head: read it as a downgrade target.
    const WalkPos at =
        parse_downgrade_target(resolver, upper, lower.items.front(), assert_relative_length).second;
    current = at.is_node() ? std::vector<Node>{at.node} : std::vector<Node>{};
    lower = at.is_node() ? RevArg::text(graph.at(at.node).id()) : RevArg::list({});
  }
  current = without_none(current);
  const std::vector<std::uint8_t> done = closure_checked(graph, index.all.parents, current);
  for (Node n = 0; n < index.size; ++n) needs[n] = needs[n] && !done[n];
  if (inclusive)
    for (Node node : without_none(resolver.get_revisions(lower))) needs[node] = 1;
  if (!current.empty() && !implicit_base) {
    const std::vector<std::uint8_t> above = closure_checked(graph, index.versioned.children, current);
    for (Node n = 0; n < index.size; ++n) needs[n] = needs[n] && above[n];
  }
  return {std::move(needs), std::move(targets)};
}

namespace {

// The revisions whose removal takes the database down to the target: the target's children (or
// every base), narrowed to the named branch when the target is shared by several.
std::vector<Node> downgrade_roots(Resolver& resolver, const std::string& branch, WalkPos target,
                                  bool inclusive) {
  const GraphIndex& index = resolver.index();
  std::vector<Node> roots;
  if (target.is_node() && inclusive) {
    roots.push_back(target.node);
  } else if (target.is_node()) {
    const auto children = index.versioned.children.of(target.node);
    roots.assign(children.begin(), children.end());
  } else {
    roots = resolver.bases();
  }
  if (branch.empty() || roots.size() <= 1) return roots;
  const auto on_branch = closure(index.versioned.parents, {resolver.resolve_branch(branch)}, index.size);
  roots.erase(std::remove_if(roots.begin(), roots.end(), [&](Node n) { return !on_branch[n]; }), roots.end());
  if (roots.empty())
    fail_graph("Not a valid downgrade target from current heads: branch '" + branch +
               "' does not go through the target; check the branch label");
  return roots;
}

}  // namespace

Collected collect_downgrade(Resolver& resolver, const RevArg& upper, std::string_view lower, bool inclusive,
                            bool implicit_base) {
  const GraphIndex& index = resolver.index();
  const auto [branch, target] = parse_downgrade_target(resolver, upper, lower, true);
  const std::vector<Node> roots = downgrade_roots(resolver, branch, target, inclusive);
  const std::vector<Node> heads = without_none(resolver.get_revisions(upper));
  std::vector<std::uint8_t> drop = closure(index.all.children, roots, index.size);
  const std::vector<std::uint8_t> active = closure(index.all.parents, heads, index.size);
  const std::vector<std::uint8_t> kept = implicit_base ? closure(index.all.parents, roots, index.size)
                                                       : std::vector<std::uint8_t>(index.size, 0);
  bool any = false;
  for (Node n = 0; n < index.size; ++n) {
    drop[n] = (drop[n] && active[n]) || (implicit_base && active[n] && !kept[n]);
    any = any || drop[n];
  }
  if (target.is_node() && !any && std::find(heads.begin(), heads.end(), target.node) == heads.end())
    throw RangeNotAncestor{std::string(lower), upper.describe(), target.node};
  return {std::move(drop), heads};
}

}  // namespace godwit::core::graph::detail
