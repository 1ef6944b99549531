#pragma once

#include <string>
#include <vector>

#include "godwit/core/graph/plan.hpp"

namespace godwit::core::graph {

// Applies version changes to a set of rows the way the database would, checking each one: an update
// or delete must find its row, an insert or update must not duplicate one. Throws Error(state) naming
// the change that does not fit. Returns the rows sorted by id. Used to preview or verify a plan.
std::vector<std::string> apply_version_changes(std::vector<std::string> rows,
                                               const std::vector<VersionChange>& changes);

// The one check every reader of the version table goes through (the planners, stamp, history and
// `current` call it): no row may be an ancestor of another row, through down_revision or depends_on
// (the ancestry Alembic's upgrade checks). Such rows, written by hand or by another tool, say two
// things at once about one lineage, so any plan from them would run more than its target names (a
// `downgrade -1` that goes down to base). Throws Error(state) naming which row is an ancestor of
// which, and the repair. Rows no revision declares are skipped: the callers report those themselves.
void check_version_rows(const RevisionGraph& graph, const std::vector<std::string>& rows);
// Error(graph) naming the overlap when stamping `targets` would leave `rows`, one an ancestor of another.
void check_stamp_result(const RevisionGraph& graph, const std::vector<std::string>& targets,
                        const std::vector<std::string>& rows);

// What Alembic's `current` lists besides the rows themselves (`get_all_current`): the newest revisions
// the rows imply through depends_on, e.g. the head of another branch a row depends on, which `current`
// prints as "b (effective head)". Tie-break order; checks the rows first (check_version_rows).
std::vector<const Revision*> implied_current(const RevisionGraph& graph,
                                             const std::vector<std::string>& rows);

}  // namespace godwit::core::graph
