#include "topo_sort.hpp"

#include <algorithm>
#include <stdexcept>

#include "messages.hpp"

namespace godwit::core::graph::detail {

namespace {

class TopoSorter {
 public:
  TopoSorter(const GraphIndex& index, std::vector<std::uint8_t> todo, std::vector<Node> heads);
  std::vector<Node> run();
  std::vector<Node> leftover() const;

 private:
  void mark_live();
  void release(Node node);
  std::size_t blocking_cursor(std::size_t index);
  bool reaches_live(Node from, Node to);
  void emit(std::size_t& index);

  const EdgeSet& edges_;
  std::vector<std::uint8_t> todo_;
  std::size_t remaining_ = 0;
  std::vector<Node> cursors_;  // Alembic's current_heads, in its list order
  std::vector<std::uint8_t> is_cursor_;
  // live_[n] = live children of n + (n is a cursor). n is live (an ancestor-or-self of some cursor)
  // iff live_[n] > 0, and a cursor is blocked by another cursor iff it has a live child.
  std::vector<std::uint32_t> live_;
  std::vector<std::uint32_t> seen_;
  std::uint32_t stamp_ = 0;
  std::vector<Node> stack_;
  std::vector<Node> added_;
  std::vector<Node> out_;
};

TopoSorter::TopoSorter(const GraphIndex& index, std::vector<std::uint8_t> todo, std::vector<Node> heads)
    : edges_(index.all),
      todo_(std::move(todo)),
      is_cursor_(index.size, 0),
      live_(index.size, 0),
      seen_(index.size, 0) {
  remaining_ = static_cast<std::size_t>(std::count(todo_.begin(), todo_.end(), 1));
  std::sort(heads.begin(), heads.end());
  heads.erase(std::unique(heads.begin(), heads.end()), heads.end());
  for (Node head : heads)
    if (head != kNoNode && todo_[head]) {
      cursors_.push_back(head);
      is_cursor_[head] = 1;
    }
  out_.reserve(remaining_);
}

void TopoSorter::mark_live() {
  std::vector<std::uint8_t> in(live_.size(), 0);
  std::vector<Node> order;
  for (Node cursor : cursors_) {
    in[cursor] = 1;
    order.push_back(cursor);
  }
  for (std::size_t i = 0; i < order.size(); ++i)
    for (Node parent : edges_.parents.of(order[i]))
      if (!in[parent]) {
        in[parent] = 1;
        order.push_back(parent);
      }
  for (Node node : order) {
    live_[node] += is_cursor_[node];
    for (Node parent : edges_.parents.of(node)) ++live_[parent];
  }
}

void TopoSorter::release(Node node) {
  if (--live_[node] != 0) return;
  stack_.clear();
  stack_.push_back(node);
  while (!stack_.empty()) {
    const Node dead = stack_.back();
    stack_.pop_back();
    for (Node parent : edges_.parents.of(dead))
      if (--live_[parent] == 0) stack_.push_back(parent);
  }
}

// Every node on a path from a cursor down to `to` is live, so the search stays on live nodes; nodes
// it finishes without reaching `to` stay marked for the other cursors tried in the same round.
bool TopoSorter::reaches_live(Node from, Node to) {
  if (!edges_.labels.may_reach(from, to) || seen_[from] == stamp_) return false;
  seen_[from] = stamp_;
  stack_.clear();
  stack_.push_back(from);
  while (!stack_.empty()) {
    const Node node = stack_.back();
    stack_.pop_back();
    for (Node parent : edges_.parents.of(node)) {
      if (parent == to) return true;
      if (seen_[parent] == stamp_ || live_[parent] == 0) continue;
      seen_[parent] = stamp_;
      if (edges_.labels.may_reach(parent, to)) stack_.push_back(parent);
    }
  }
  return false;
}

std::size_t TopoSorter::blocking_cursor(std::size_t index) {
  if (++stamp_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    stamp_ = 1;
  }
  const Node candidate = cursors_[index];
  for (std::size_t other = 0; other < cursors_.size(); ++other)
    if (other != index && reaches_live(cursors_[other], candidate)) return other;
  throw std::logic_error("topological_sort: a blocked revision has no blocking cursor");
}

void TopoSorter::emit(std::size_t& index) {
  const Node node = cursors_[index];
  out_.push_back(node);
  todo_[node] = 0;
  --remaining_;
  added_.clear();
  for (Node parent : edges_.parents.of(node))
    if (todo_[parent] && !is_cursor_[parent]) added_.push_back(parent);
  for (Node parent : added_) {
    is_cursor_[parent] = 1;
    ++live_[parent];
  }
  is_cursor_[node] = 0;
  if (added_.empty()) {
    cursors_.erase(cursors_.begin() + static_cast<std::ptrdiff_t>(index));
    index = index > 0 ? index - 1 : 0;
  } else {
    cursors_[index] = added_.front();
    cursors_.insert(cursors_.end(), added_.begin() + 1, added_.end());
  }
  release(node);
}

std::vector<Node> TopoSorter::run() {
  mark_live();
  std::size_t index = 0;
  while (!cursors_.empty()) {
    if (live_[cursors_[index]] > 1)
      index = blocking_cursor(index);
    else
      emit(index);
  }
  return std::move(out_);
}

std::vector<Node> TopoSorter::leftover() const {
  std::vector<Node> nodes;
  for (Node n = 0; n < todo_.size(); ++n)
    if (todo_[n]) nodes.push_back(n);
  return nodes;
}

}  // namespace

std::vector<Node> topological_sort(const RevisionGraph& graph, std::vector<std::uint8_t> todo,
                                   std::vector<Node> heads) {
  TopoSorter sorter(index_of(graph), std::move(todo), std::move(heads));
  std::vector<Node> order = sorter.run();
  const std::vector<Node> left = sorter.leftover();
  if (!left.empty())
    fail_graph(
        "Revisions " + ids_text(graph, left) +
        " are in the requested range but not below its upper end; name the range by revisions on one line");
  return order;
}

}  // namespace godwit::core::graph::detail
