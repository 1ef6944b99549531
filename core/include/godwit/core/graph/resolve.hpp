#pragma once

#include <string_view>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"

namespace godwit::core::graph {

// Target -> revisions, exactly as Alembic resolves a symbol (`RevisionMap.get_revisions`): "heads" is
// every head counting dependencies, "head" must be unique (else Error(graph) listing the heads),
// "base" is empty, "label@head" / "label@heads" narrow to the branch, "-N" / "label@-N" walk down
// from the heads, and ids, unique prefixes and labels name one revision. Throws Error(graph) for
// unknown or ambiguous names and Error(usage) for malformed syntax.
std::vector<const Revision*> resolve_revisions(const RevisionGraph& graph, std::string_view text);

// One revision (Alembic's `get_revision`): nullptr for "base"; Error(graph) when the text names
// several revisions (e.g. "heads" with two heads).
const Revision* resolve_revision(const RevisionGraph& graph, std::string_view text);

}  // namespace godwit::core::graph
