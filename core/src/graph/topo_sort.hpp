#pragma once

#include <cstdint>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"
#include "graph_index.hpp"

namespace godwit::core::graph::detail {

// Alembic's RevisionMap._topological_sort: orders `todo` newest first (every revision before its
// parents and dependencies), starting from `heads` (sorted into tie-break order) and travelling one
// branch at a time down to the point where it joins another branch that still has work.
//
// Alembic keeps a list of cursors ("current heads") with each cursor's full ancestor set and asks,
// for every candidate, whether another cursor's set contains it: quadratic on wide or merge-heavy
// graphs. Here the union of those sets is kept as counts (how many live children or cursors keep a
// node live), which answers "is this candidate below another cursor?" in O(1); only when it is does
// a pruned search find *which* cursor (the first in list order), exactly as Alembic chooses.
std::vector<Node> topological_sort(const RevisionGraph& graph, std::vector<std::uint8_t> todo,
                                   std::vector<Node> heads);

}  // namespace godwit::core::graph::detail
