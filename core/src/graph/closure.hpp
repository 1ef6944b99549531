#pragma once

#include <cstdint>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"
#include "graph_index.hpp"

namespace godwit::core::graph::detail {

// Membership vector of `seeds` and every node reachable from them through `edges` (parents for
// ancestors, children for descendants). Iterative: a 100,000-long chain is just a long loop.
std::vector<std::uint8_t> closure(const Csr& edges, const std::vector<Node>& seeds, std::size_t size);

// Alembic's `check=True` traversal: the same closure, but one seed reaching another is an error
// ("Requested revision X overlaps with other requested revisions Y").
std::vector<std::uint8_t> closure_checked(const RevisionGraph& graph, const Csr& edges,
                                          const std::vector<Node>& seeds);

}  // namespace godwit::core::graph::detail
