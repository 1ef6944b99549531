#pragma once

#include <vector>

#include "godwit/core/graph/plan.hpp"
#include "graph_index.hpp"
#include "reach.hpp"

namespace godwit::core::graph::detail {

// A stamp's single move (Alembic's StampStep): rows `from` become `to`.
struct StampMove {
  std::vector<Node> from;
  std::vector<Node> to;
  bool upgrade = true;
  bool branch_move = false;  // starts or ends a row of its own instead of moving existing rows
};

// Alembic's HeadMaintainer: the version table's rows, and the inserts, updates and deletes each step
// makes. Where Alembic picks from a Python set (which row a merge updates, which an unmerge inserts),
// the choice here follows the order of down_revisions then depends_on: a merge deletes all rows but
// the last parent's and updates that one; an unmerge inserts all but the last parent and updates the
// revision's row to the last. Throws Error(state) when the rows cannot take the step.
class RowTracker {
 public:
  RowTracker(const RevisionGraph& graph, Reach& reach, const std::vector<Node>& rows);

  std::vector<VersionChange> revision_step(Node revision, Direction direction);
  std::vector<VersionChange> stamp_step(const StampMove& move);
  std::vector<Node> rows() const;  // tie-break order
  std::vector<std::string> row_ids() const;

 private:
  bool has(Node node) const { return position_[node] != kNoNode; }
  std::size_t count_present(NodeSpan nodes) const;
  void add_implied(Node row);
  void drop_implied(Node row);
  bool implied_by_other_rows(Node node, bool redundant_edge, const std::vector<Node>& excluded);
  std::vector<Node> unmerge_targets(Node revision);
  void merge(Node revision);
  void insert(Node node);
  void remove(Node node);
  void update(Node from, Node to);
  [[noreturn]] void fail(const std::string& problem) const;

  const RevisionGraph& graph_;
  const GraphIndex& index_;
  Reach& reach_;
  std::vector<Node> rows_;               // unordered
  std::vector<std::uint32_t> position_;  // node -> index in rows_, kNoNode when absent
  // implied_[n] = children of n that are implied + (n is a row): n is a row or an ancestor of one iff
  // implied_[n] > 0. Rows only move up during an upgrade and only down during a downgrade, so each
  // node changes state at most once per plan.
  std::vector<std::uint32_t> implied_;
  std::vector<Node> others_;  // scratch
  std::vector<VersionChange> changes_;
  Node step_ = kNoNode;  // the revision being applied, for messages
};

}  // namespace godwit::core::graph::detail
