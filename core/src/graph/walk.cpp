// Relative steps ("+2", "head-1", "label@+1"): Alembic's RevisionMap._walk.
#include "messages.hpp"
#include "resolver.hpp"

namespace godwit::core::graph::detail {

namespace {

std::string position_text(const RevisionGraph& graph, WalkPos pos) {
  return pos.is_node() ? "revision " + graph.at(pos.node).id() : std::string("base");
}

}  // namespace

std::vector<WalkPos> Resolver::walk_candidates(WalkPos pos, bool up, std::string_view branch) {
  std::vector<WalkPos> out;
  if (up) {
    // Up from nothing starts at the bases; a branch name keeps the walk on that branch.
    std::vector<Node> next;
    if (pos.is_node()) {
      const auto children = index_.versioned.children.of(pos.node);
      next.assign(children.begin(), children.end());
    } else {
      next = bases();
    }
    if (!branch.empty()) next = filter_for_lineage(next, branch, false);
    for (Node n : next) out.push_back(WalkPos::at(n));
    return out;
  }
  if (pos.kind == WalkPos::Kind::base) return out;
  std::vector<Node> next;
  if (pos.is_node()) {
    const auto parents = index_.versioned.parents.of(pos.node);
    next.assign(parents.begin(), parents.end());
  } else {
    next = versioned_heads();
  }
  if (next.empty()) return {WalkPos{WalkPos::Kind::base, kNoNode}};
  for (Node n : next) out.push_back(WalkPos::at(n));
  return out;
}

WalkPos Resolver::walk(WalkPos start, long long steps, std::string_view branch, bool no_overwalk) {
  WalkPos pos = start;
  const bool up = steps > 0;
  // Each step moves or returns, so a huge step count ends at the graph's edge.
  for (long long i = 0; i < (up ? steps : -steps); ++i) {
    const std::vector<WalkPos> next = walk_candidates(pos, up, branch);
    if (next.empty()) return no_overwalk ? WalkPos{} : pos;
    if (next.size() > 1) {
      std::vector<Node> nodes;
      for (const auto& n : next) nodes.push_back(n.node);
      fail_graph(
          "Ambiguous walk: " + position_text(graph_, pos) + (up ? " leads up to " : " leads down to ") +
          ids_text(graph_, nodes) +
          "; name the branch (e.g. 'label@+1') or use an absolute revision instead of a relative step");
    }
    pos = next.front();
  }
  return pos;
}

}  // namespace godwit::core::graph::detail
