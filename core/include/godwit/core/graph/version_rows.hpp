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

}  // namespace godwit::core::graph
