#include "closure.hpp"

#include <algorithm>

#include "messages.hpp"

namespace godwit::core::graph::detail {

std::vector<std::uint8_t> closure(const Csr& edges, const std::vector<Node>& seeds, std::size_t size) {
  std::vector<std::uint8_t> mark(size, 0);
  std::vector<Node> stack;
  for (Node seed : seeds) {
    if (seed == kNoNode || mark[seed]) continue;
    mark[seed] = 1;
    stack.push_back(seed);
    while (!stack.empty()) {
      const Node node = stack.back();
      stack.pop_back();
      for (Node next : edges.of(node))
        if (!mark[next]) {
          mark[next] = 1;
          stack.push_back(next);
        }
    }
  }
  return mark;
}

std::vector<std::uint8_t> closure_checked(const RevisionGraph& graph, const Csr& edges,
                                          const std::vector<Node>& seeds) {
  const std::size_t size = edges.offsets.size() - 1;
  std::vector<std::uint8_t> mark(size, 0);
  std::vector<std::uint8_t> is_seed(size, 0);
  for (Node seed : seeds)
    if (seed != kNoNode) is_seed[seed] = 1;
  std::vector<Node> stack;
  for (Node seed : seeds) {
    if (seed == kNoNode) continue;
    std::vector<Node> overlaps;
    stack.push_back(seed);
    // As Alembic: a node already seen from an earlier seed still counts, but is not expanded again.
    while (!stack.empty()) {
      const Node node = stack.back();
      stack.pop_back();
      if (node != seed && is_seed[node] &&
          std::find(overlaps.begin(), overlaps.end(), node) == overlaps.end())
        overlaps.push_back(node);
      if (mark[node]) continue;
      mark[node] = 1;
      for (Node next : edges.of(node)) stack.push_back(next);
    }
    if (!overlaps.empty()) {
      std::sort(overlaps.begin(), overlaps.end());
      fail_graph("Requested revision " + graph.at(seed).id() + " overlaps with other requested revisions " +
                 ids_text(graph, overlaps) + "; one of them is an ancestor of another, name only the newest");
    }
  }
  return mark;
}

}  // namespace godwit::core::graph::detail
