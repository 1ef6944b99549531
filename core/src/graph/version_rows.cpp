#include "godwit/core/graph/version_rows.hpp"

#include <algorithm>

#include "godwit/core/error.hpp"

namespace godwit::core::graph {

namespace {

[[noreturn]] void fail_change(const VersionChange& change, const std::string& problem) {
  static const char* const kinds[] = {"insert", "update", "delete"};
  const std::string what = std::string(kinds[static_cast<int>(change.kind)]) + " " +
                           (change.kind == VersionChange::Kind::insert   ? change.to
                            : change.kind == VersionChange::Kind::update ? change.from + " -> " + change.to
                                                                         : change.from);
  throw Error(ErrorCategory::state, "Version change '" + what + "' does not fit the rows: " + problem);
}

}  // namespace

std::vector<std::string> apply_version_changes(std::vector<std::string> rows,
                                               const std::vector<VersionChange>& changes) {
  const auto find = [&](const std::string& id) { return std::find(rows.begin(), rows.end(), id); };
  for (const auto& change : changes) {
    if (change.kind != VersionChange::Kind::delete_ && find(change.to) != rows.end())
      fail_change(change, "row " + change.to + " is already present");
    if (change.kind == VersionChange::Kind::insert) {
      rows.push_back(change.to);
      continue;
    }
    const auto row = find(change.from);
    if (row == rows.end()) fail_change(change, "row " + change.from + " is not present");
    if (change.kind == VersionChange::Kind::update)
      *row = change.to;
    else
      rows.erase(row);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace godwit::core::graph
