#include "revision_json.hpp"

#include <nlohmann/json.hpp>

namespace godwit::core::cli {

nlohmann::json revision_json(const graph::Revision& revision, const std::set<std::string>* current) {
  nlohmann::json j = {
      {"id", revision.id()},
      {"down_revisions", revision.down_revisions()},
      {"branch_labels", revision.branch_labels()},
      {"depends_on", revision.depends_on()},
      {"message", revision.message()},
      {"path", revision.source()},
      {"is_head", revision.is_head()},
      {"is_branch_point", revision.is_branch_point()},
      {"is_merge_point", revision.is_merge_point()},
  };
  if (current) j["current"] = current->count(revision.id()) != 0;
  return j;
}

nlohmann::json revisions_json(const std::vector<const graph::Revision*>& revisions,
                              const std::set<std::string>* current) {
  nlohmann::json list = nlohmann::json::array();
  for (const graph::Revision* revision : revisions) list.push_back(revision_json(*revision, current));
  return list;
}

}  // namespace godwit::core::cli
