#pragma once

#include <string>
#include <vector>

#include "godwit/core/graph/plan.hpp"
#include "godwit/core/graph/revision_graph.hpp"

namespace godwit::core::cli {

// An offline run's starting point, which the database cannot tell: "start:end" names it, and a bare
// target starts from base (upgrade). Downgrade offline needs "start:end", as in Alembic.
struct OfflineRange {
  std::vector<std::string> start_heads;  // full ids; empty = base
  std::string end;
};

OfflineRange split_offline_range(const graph::RevisionGraph& revisions, const std::string& target,
                                 graph::Direction direction);

// Full ids for a list of symbolic revisions ("heads", "head", "base", ids, prefixes, label@head).
std::vector<std::string> resolve_ids(const graph::RevisionGraph& revisions, const std::string& text);

}  // namespace godwit::core::cli
