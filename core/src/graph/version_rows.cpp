#include "godwit/core/graph/version_rows.hpp"

#include <algorithm>

#include "godwit/core/error.hpp"
#include "messages.hpp"
#include "resolver.hpp"

namespace godwit::core::graph {

namespace {

using detail::Node;

[[noreturn]] void fail_change(const VersionChange& change, const std::string& problem) {
  static const char* const kinds[] = {"insert", "update", "delete"};
  const std::string what = std::string(kinds[static_cast<int>(change.kind)]) + " " +
                           (change.kind == VersionChange::Kind::insert   ? change.to
                            : change.kind == VersionChange::Kind::update ? change.from + " -> " + change.to
                                                                         : change.from);
  throw Error(ErrorCategory::state, "Version change '" + what + "' does not fit the rows: " + problem);
}

// The rows that name a revision, in table order, each once.
std::vector<Node> known_rows(const RevisionGraph& graph, const std::vector<std::string>& rows) {
  std::vector<Node> out;
  for (const auto& row : rows)
    if (const Revision* revision = graph.find(row)) {
      const auto node = static_cast<Node>(revision->index());
      if (std::find(out.begin(), out.end(), node) == out.end()) out.push_back(node);
    }
  return out;
}

struct Overlap {
  std::vector<std::string> pairs;  // "a is an ancestor of b"
  std::vector<Node> newest;        // the rows no other row descends from
};

[[noreturn]] void fail_overlap(const RevisionGraph& graph, const std::vector<std::string>& rows,
                               const std::vector<std::string>& pairs, const std::vector<Node>& newest) {
  throw Error(
      ErrorCategory::state,
      "The version table's rows overlap: " + detail::join(pairs) + " (rows: " + detail::join(rows) +
          "), so they do not say which revisions are applied and no command runs from them. Repair the "
          "table with `godwit stamp --purge <rev>`, naming the revision(s) the database is really "
          "at (e.g. `godwit stamp --purge " +
          detail::ids_text(graph, newest) + "`); a plain `godwit stamp` refuses these rows too");
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

Overlap find_overlap(const RevisionGraph& graph, const std::vector<std::string>& rows) {
  Overlap overlap;
  const std::vector<Node> nodes = known_rows(graph, rows);
  if (nodes.size() < 2) return overlap;
  detail::Resolver resolver(graph);
  detail::Reach& reach = resolver.reach(detail::Edges::all);
  for (Node row : nodes) {
    bool is_ancestor = false;
    for (Node other : nodes)
      if (other != row && reach.reaches(other, row)) {
        overlap.pairs.push_back(graph.at(row).id() + " is an ancestor of " + graph.at(other).id());
        is_ancestor = true;
      }
    if (!is_ancestor) overlap.newest.push_back(row);
  }
  return overlap;
}

void check_version_rows(const RevisionGraph& graph, const std::vector<std::string>& rows) {
  const Overlap overlap = find_overlap(graph, rows);
  if (!overlap.pairs.empty()) fail_overlap(graph, rows, overlap.pairs, overlap.newest);
}

void check_stamp_result(const RevisionGraph& graph, const std::vector<std::string>& targets,
                        const std::vector<std::string>& rows) {
  const Overlap overlap = find_overlap(graph, rows);
  if (overlap.pairs.empty()) return;
  throw Error(ErrorCategory::graph,
              "stamp " + detail::join(targets) +
                  " would leave overlapping rows in the version table: " + detail::join(overlap.pairs) +
                  "; name only the newest (`godwit stamp " + detail::ids_text(graph, overlap.newest) + "`)");
}

std::vector<const Revision*> implied_current(const RevisionGraph& graph,
                                             const std::vector<std::string>& rows) {
  check_version_rows(graph, rows);
  const std::vector<Node> nodes = known_rows(graph, rows);
  detail::Resolver resolver(graph);
  std::vector<const Revision*> out;
  for (Node node : resolver.all_current(detail::ids_of(graph, nodes)))
    if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) out.push_back(&graph.at(node));
  return out;
}

}  // namespace godwit::core::graph
