#pragma once

#include <nlohmann/json_fwd.hpp>
#include <set>
#include <vector>

#include "godwit/core/graph/revision.hpp"

namespace godwit::core::cli {

// The JSON shape of revisions in --json output: id, down_revisions, branch_labels, depends_on, message,
// path, is_head, is_branch_point, is_merge_point (and current, when `current` is given).
nlohmann::json revision_json(const graph::Revision& revision, const std::set<std::string>* current = nullptr);
nlohmann::json revisions_json(const std::vector<const graph::Revision*>& revisions,
                              const std::set<std::string>* current = nullptr);

}  // namespace godwit::core::cli
