#include "reach.hpp"

#include <algorithm>

namespace godwit::core::graph::detail {

Reach::Reach(const GraphIndex& index, Edges kind) : edges_(index.edges(kind)) {}

void Reach::next_stamp() {
  if (seen_.empty()) seen_.assign(edges_.parents.offsets.size() - 1, 0);
  if (++stamp_ == 0) {  // wrapped: old stamps would read as "seen"
    std::fill(seen_.begin(), seen_.end(), 0);
    stamp_ = 1;
  }
  stack_.clear();
}

bool Reach::reaches(Node from, Node to) {
  if (from == to) return true;
  if (!edges_.labels.may_reach(from, to)) return false;
  next_stamp();
  seen_[from] = stamp_;
  stack_.push_back(from);
  return search(to);
}

bool Reach::reaches_any(const std::vector<Node>& from, Node to) {
  bool started = false;
  for (Node source : from) {
    if (source == to) return true;
    if (!edges_.labels.may_reach(source, to)) continue;
    if (!started) next_stamp();
    started = true;
    if (seen_[source] == stamp_) continue;
    seen_[source] = stamp_;
    stack_.push_back(source);
  }
  return started && search(to);
}

bool Reach::search(Node to) {
  while (!stack_.empty()) {
    const Node node = stack_.back();
    stack_.pop_back();
    for (Node parent : edges_.parents.of(node)) {
      if (parent == to) return true;
      if (seen_[parent] == stamp_) continue;
      seen_[parent] = stamp_;
      if (edges_.labels.may_reach(parent, to)) stack_.push_back(parent);
    }
  }
  return false;
}

}  // namespace godwit::core::graph::detail
