#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"

namespace godwit::core::graph {

// `history -r start:end`: the revisions between start and end inclusive, newest first, in the order
// `alembic history` prints them (each branch down to its branch point before the branch point itself).
// An empty range, or an empty side, means the whole graph ("base" / "heads"). Either side may be
// "current", which stands for the `current` rows (empty = base for the start, heads for the end).
// Throws Error(usage) for a malformed range, Error(graph) when start is not an ancestor of end and
// Error(state) when the `current` rows overlap (check_version_rows).
std::vector<const Revision*> history(const RevisionGraph& graph, std::string_view range,
                                     const std::vector<std::string>& current);

}  // namespace godwit::core::graph
