#include "row_tracker.hpp"

#include <algorithm>

#include "messages.hpp"

namespace godwit::core::graph::detail {

RowTracker::RowTracker(const RevisionGraph& graph, Reach& reach, const std::vector<Node>& rows)
    : graph_(graph),
      index_(index_of(graph)),
      reach_(reach),
      position_(index_.size, kNoNode),
      implied_(index_.size, 0) {
  for (Node row : rows)
    if (row != kNoNode && !has(row)) {
      position_[row] = static_cast<std::uint32_t>(rows_.size());
      rows_.push_back(row);
      add_implied(row);
    }
}

void RowTracker::add_implied(Node row) {
  if (implied_[row]++ != 0) return;
  others_.assign(1, row);
  while (!others_.empty()) {
    const Node node = others_.back();
    others_.pop_back();
    for (Node parent : index_.all.parents.of(node))
      if (implied_[parent]++ == 0) others_.push_back(parent);
  }
}

void RowTracker::drop_implied(Node row) {
  if (--implied_[row] != 0) return;
  others_.assign(1, row);
  while (!others_.empty()) {
    const Node node = others_.back();
    others_.pop_back();
    for (Node parent : index_.all.parents.of(node))
      if (--implied_[parent] == 0) others_.push_back(parent);
  }
}

std::vector<Node> RowTracker::rows() const {
  std::vector<Node> sorted = rows_;
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

std::vector<std::string> RowTracker::row_ids() const {
  return ids_of(graph_, rows());
}

void RowTracker::fail(const std::string& problem) const {
  const std::string what = step_ == kNoNode ? std::string("the stamp") : "revision " + graph_.at(step_).id();
  throw Error(ErrorCategory::state,
              "Cannot record " + what + " in the version table: " + problem +
                  " (rows: " + (rows_.empty() ? std::string("none") : join(row_ids())) +
                  "); the rows do not match the revision graph, repair them with `godwit stamp`");
}

void RowTracker::insert(Node node) {
  if (has(node)) fail("row " + graph_.at(node).id() + " is already present");
  position_[node] = static_cast<std::uint32_t>(rows_.size());
  rows_.push_back(node);
  add_implied(node);
  changes_.push_back({VersionChange::Kind::insert, {}, std::string(index_.id(node))});
}

void RowTracker::remove(Node node) {
  if (!has(node)) fail("row " + graph_.at(node).id() + " is not present");
  const std::uint32_t at = position_[node];
  rows_[at] = rows_.back();
  position_[rows_[at]] = at;
  rows_.pop_back();
  position_[node] = kNoNode;
  drop_implied(node);
  changes_.push_back({VersionChange::Kind::delete_, std::string(index_.id(node)), {}});
}

void RowTracker::update(Node from, Node to) {
  if (!has(from)) fail("row " + graph_.at(from).id() + " is not present");
  if (has(to)) fail("row " + graph_.at(to).id() + " is already present");
  const std::uint32_t at = position_[from];
  rows_[at] = to;
  position_[to] = at;
  position_[from] = kNoNode;
  add_implied(to);  // first, so that what both rows imply never drops out and comes back
  drop_implied(from);
  changes_.push_back({VersionChange::Kind::update, std::string(index_.id(from)), std::string(index_.id(to))});
}

std::size_t RowTracker::count_present(NodeSpan nodes) const {
  return static_cast<std::size_t>(std::count_if(nodes.begin(), nodes.end(), [&](Node n) { return has(n); }));
}

// True when `node`, a parent of the revision being applied, is a row other than `excluded` or an
// ancestor of one. Over a plain edge an implied child (other than the excluded) proves it: such a
// child cannot owe that to the excluded rows without the edge being redundant. A redundant edge
// (a parent that is also an ancestor of another parent) takes the full search.
bool RowTracker::implied_by_other_rows(Node node, bool redundant_edge, const std::vector<Node>& excluded) {
  const auto is_excluded = [&](Node n) {
    return std::find(excluded.begin(), excluded.end(), n) != excluded.end();
  };
  if (has(node) && !is_excluded(node)) return true;
  if (!redundant_edge) {
    const NodeSpan children = index_.all.children.of(node);
    return std::any_of(children.begin(), children.end(),
                       [&](Node child) { return implied_[child] > 0 && !is_excluded(child); });
  }
  others_.clear();
  for (Node row : rows_)
    if (!is_excluded(row)) others_.push_back(row);
  return reach_.reaches_any(others_, node);
}

// The parents a downgraded revision's row turns into: those no other row already implies, and
// (Alembic checks this only when there are no other rows) no sibling parent implies either. The
// sibling check matters only for a redundant merge, one parent an ancestor of another, where Alembic
// would write a row for the ancestor next to its descendant.
std::vector<Node> RowTracker::unmerge_targets(Node revision) {
  const NodeSpan parents = index_.all.parents.of(revision);
  const std::uint32_t first_edge = index_.all.parents.offsets[revision];
  const bool others = rows_.size() > 1 || !has(revision);
  std::vector<Node> out;
  for (std::size_t i = 0; i < parents.size(); ++i) {
    const bool redundant = index_.all.redundant[first_edge + i] != 0;
    if (!redundant && !(others && implied_by_other_rows(parents[i], false, {revision})))
      out.push_back(parents[i]);
  }
  return out;
}

// Alembic deletes every parent no other row implies, present or not; a parent that is not a row
// (a redundant merge's ancestor parent, already updated away) made it fail, so only rows are taken.
void RowTracker::merge(Node revision) {
  const NodeSpan parents = index_.all.parents.of(revision);
  const std::vector<Node> parent_list(parents.begin(), parents.end());
  const bool others = rows_.size() > count_present(parents);
  std::vector<Node> from;
  const std::uint32_t first_edge = index_.all.parents.offsets[revision];
  for (std::size_t i = 0; i < parents.size(); ++i) {
    const bool redundant = index_.all.redundant[first_edge + i] != 0;
    if (has(parents[i]) && (!others || !implied_by_other_rows(parents[i], redundant, parent_list)))
      from.push_back(parents[i]);
  }
  if (from.empty()) fail("every parent it merges is implied by another row");
  for (std::size_t i = 0; i + 1 < from.size(); ++i) remove(from[i]);
  update(from.back(), revision);
}

std::vector<VersionChange> RowTracker::revision_step(Node revision, Direction direction) {
  changes_.clear();
  step_ = revision;
  const NodeSpan parents = index_.all.parents.of(revision);
  const bool up = direction == Direction::upgrade;
  if (!up && has(revision) && (parents.empty() || unmerge_targets(revision).empty())) {
    remove(revision);  // a base, or every parent stays implied by another row: the branch ends
  } else if (up && count_present(parents) == 0) {
    insert(revision);  // a base, or none of its parents is a row: a new branch
  } else if (up && parents.size() > 1 && count_present(parents) > 1) {
    merge(revision);
  } else if (!up && has(revision) && parents.size() > 1) {
    const std::vector<Node> to = unmerge_targets(revision);
    for (std::size_t i = 0; i + 1 < to.size(); ++i) insert(to[i]);
    update(revision, to.back());
  } else {
    Node parent = parents.size() == 1 ? parents[0] : kNoNode;
    if (parents.size() != 1) {
      if (count_present(parents) != 1)
        fail("its down revision is ambiguous, so no single row can be updated");
      parent = *std::find_if(parents.begin(), parents.end(), [&](Node n) { return has(n); });
    }
    if (up)
      update(parent, revision);
    else
      update(revision, parent);
  }
  return std::move(changes_);
}

std::vector<VersionChange> RowTracker::stamp_step(const StampMove& move) {
  changes_.clear();
  step_ = kNoNode;
  const auto missing = [&](const std::vector<Node>& nodes) {
    return std::any_of(nodes.begin(), nodes.end(), [&](Node n) { return !has(n); });
  };
  if (!move.upgrade && move.branch_move) {
    remove(move.from.front());
  } else if (move.upgrade && (move.branch_move || missing(move.from)) && missing(move.to)) {
    insert(move.to.front());
  } else if (move.from.size() > 1) {
    for (std::size_t i = 0; i + 1 < move.from.size(); ++i) remove(move.from[i]);
    update(move.from.back(), move.to.front());
  } else if (move.from.empty() || move.to.empty()) {
    fail("there is no row to move");
  } else {
    update(move.from.front(), move.to.front());
  }
  return std::move(changes_);
}

}  // namespace godwit::core::graph::detail
