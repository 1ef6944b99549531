#include "target_range.hpp"

#include "godwit/core/error.hpp"
#include "godwit/core/graph/resolve.hpp"
#include "godwit/core/graph/revision.hpp"

namespace godwit::core::cli {

std::vector<std::string> resolve_ids(const graph::RevisionGraph& revisions, const std::string& text) {
  std::vector<std::string> ids;
  for (const graph::Revision* revision : graph::resolve_revisions(revisions, text))
    ids.push_back(revision->id());
  return ids;
}

OfflineRange split_offline_range(const graph::RevisionGraph& revisions, const std::string& target,
                                 graph::Direction direction) {
  const auto colon = target.find(':');
  if (colon == std::string::npos) {
    if (direction == graph::Direction::downgrade)
      throw Error(ErrorCategory::usage,
                  "downgrade with --sql needs the starting point: use START:END, e.g. 'heads:base' or "
                  "'7d8e9f1a2b3c:-1'");
    return OfflineRange{{}, target};
  }
  if (target.find(':', colon + 1) != std::string::npos)
    throw Error(ErrorCategory::usage, "invalid range '" + target + "': use START:END");
  const std::string start = target.substr(0, colon);
  const std::string end = target.substr(colon + 1);
  if (start.empty() || end.empty())
    throw Error(ErrorCategory::usage,
                "invalid range '" + target + "': both START and END are needed with --sql");
  return OfflineRange{resolve_ids(revisions, start), end};
}

}  // namespace godwit::core::cli
