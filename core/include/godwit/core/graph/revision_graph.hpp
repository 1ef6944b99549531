#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "godwit/core/graph/revision.hpp"

namespace godwit::core::graph {

namespace detail {
struct GraphIndex;
const GraphIndex& index_of(const RevisionGraph& graph);
}  // namespace detail

// The validated revision DAG: pure logic, no I/O. Built once from the plugins' specs; every query and
// planner works on it read-only, so one graph can serve many commands (and threads) at a time.
class RevisionGraph {
 public:
  // Validates everything and throws Error(graph) naming the revision(s) at fault: invalid or duplicate
  // ids, self-loops, missing down_revisions, unknown or ambiguous depends_on, duplicate branch labels,
  // cycles and dependency cycles.
  static RevisionGraph build(std::vector<RevisionSpec> specs);

  RevisionGraph(RevisionGraph&&) noexcept;
  RevisionGraph& operator=(RevisionGraph&&) noexcept;
  RevisionGraph(const RevisionGraph&) = delete;  // revisions point into their graph
  RevisionGraph& operator=(const RevisionGraph&) = delete;
  ~RevisionGraph();

  // A full id, a branch label, or a unique prefix (of an id or label longer than 3 characters, as in
  // Alembic). Throws Error(graph) when the prefix is ambiguous; nullptr when nothing matches.
  const Revision* find(std::string_view id_or_prefix) const;
  const Revision& get(std::string_view id_or_prefix) const;  // as find(), but throws when nothing matches

  // Revisions nothing builds on, neither through down_revision nor depends_on: what the target "heads"
  // means (Alembic's `heads --resolve-dependencies`). Tie-break order.
  std::vector<const Revision*> heads() const;
  // Revisions with no down_revision children, including those only others depend on (Alembic's plain
  // `heads`; `Revision::is_head()`). Tie-break order.
  std::vector<const Revision*> effective_heads() const;
  std::vector<const Revision*> bases() const;       // no down_revision (they may have depends_on)
  std::vector<const Revision*> real_bases() const;  // neither down_revision nor depends_on
  // Revisions with more than one down_revision child, in `history` order (newest first), as
  // `alembic branches` lists them.
  std::vector<const Revision*> branch_points() const;
  std::vector<const Revision*> all() const;  // tie-break order
  const Revision& at(std::size_t index) const { return revisions_[index]; }
  std::size_t size() const { return revisions_.size(); }

 private:
  friend class detail::GraphBuilder;
  friend const detail::GraphIndex& detail::index_of(const RevisionGraph& graph);

  RevisionGraph();

  std::vector<Revision> revisions_;
  std::unique_ptr<detail::GraphIndex> index_;
};

}  // namespace godwit::core::graph
