#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"

namespace godwit::core::graph {

enum class Direction { upgrade, downgrade };

// One change to the version table (Alembic's alembic_version: one row per current head).
struct VersionChange {
  enum class Kind { insert, update, delete_ } kind;
  std::string from;  // update/delete: the row changed or removed
  std::string to;    // insert/update: the row's new value

  friend bool operator==(const VersionChange& a, const VersionChange& b) {
    return a.kind == b.kind && a.from == b.from && a.to == b.to;
  }
  friend bool operator!=(const VersionChange& a, const VersionChange& b) { return !(a == b); }
};

struct Step {
  const Revision* revision;
  Direction direction;
  std::vector<VersionChange> version_changes;  // applied together with the step, in order
};

struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> resulting_heads;  // the version table's rows after the plan, tie-break order
};

// `current` holds the version table's rows (empty = base). The steps, their order and their version
// changes are Alembic's `command.upgrade` / `command.downgrade`: branches are travelled one at a time
// down to their branch point, merge points merge and unmerge rows, depends_on pulls dependencies in
// (upgrade) or takes dependents down (downgrade), and relative targets count from the current heads.
// A "start:end" target is an offline range: `start` replaces `current` (as `upgrade a:b --sql`).
// Where Alembic leaves a choice to Python set order, the order of down_revisions then depends_on
// decides: a merge deletes the other parents' rows and updates the last parent's row; an unmerge
// inserts rows for all parents but the last and updates the revision's row to the last.
// Throws Error(usage) for malformed targets, Error(graph) for unresolvable ones, e.g. "Destination X
// is not a valid downgrade target from current head(s)" or "Relative revision -3 didn't produce 3
// migrations", or a relative step ("-1", "+1") from several rows, which names no single head (Alembic
// warns and takes the first row; godwit refuses and lists the "rev-1" / "label@-1" forms to use), and
// Error(state) when the rows in `current` overlap (check_version_rows) or cannot take a step (they
// contradict the graph).
Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current,
                  std::string_view target);
Plan plan_downgrade(const RevisionGraph& graph, const std::vector<std::string>& current,
                    std::string_view target);
// Several destinations at once (Alembic accepts a tuple), e.g. two branch heads.
Plan plan_upgrade(const RevisionGraph& graph, const std::vector<std::string>& current,
                  const std::vector<std::string>& targets);

// Alembic's `stamp`: moves the rows to `targets` without running revisions (StampStep semantics:
// each target updates the rows on its lineage, or starts a new row when none is). `purge` deletes
// every row first; without it, overlapping rows are refused (check_version_rows). Returns the changes in
// order; `resulting_heads` (optional) receives the rows after.
std::vector<VersionChange> plan_stamp(const RevisionGraph& graph, const std::vector<std::string>& current,
                                      const std::vector<std::string>& targets, bool purge,
                                      std::vector<std::string>* resulting_heads);

}  // namespace godwit::core::graph
