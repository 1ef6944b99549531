#pragma once

#include <string>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"

namespace godwit::core::cli {

// The revision DAG as Graphviz DOT: an edge from each revision to its down revisions, dashed edges for
// depends_on, heads drawn bold.
std::string render_dot(const graph::RevisionGraph& graph);

// The DAG drawn for a terminal, newest first, one lane per open branch (like `git log --graph`).
// `order` is the revisions in history order (every child before its parents).
std::string render_text(const std::vector<const graph::Revision*>& order);

}  // namespace godwit::core::cli
