#pragma once

#include <cstdint>
#include <vector>

#include "graph_index.hpp"

namespace godwit::core::graph::detail {

// Ancestor queries on one edge set. The reachability labels answer most queries at once; the rest
// fall back to a depth-first search that the labels prune. Holds scratch space, so keep one per
// operation rather than per query.
class Reach {
 public:
  Reach(const GraphIndex& index, Edges kind);

  // True when `to` is `from` or one of its ancestors.
  bool reaches(Node from, Node to);
  // True when `to` is one of `from`, or an ancestor of one of them.
  bool reaches_any(const std::vector<Node>& from, Node to);

 private:
  bool search(Node to);
  void next_stamp();

  const EdgeSet& edges_;
  std::vector<std::uint32_t> seen_;
  std::uint32_t stamp_ = 0;
  std::vector<Node> stack_;
};

}  // namespace godwit::core::graph::detail
