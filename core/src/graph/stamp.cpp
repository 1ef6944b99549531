// `stamp`: Alembic's ScriptDirectory._stamp_revs, applied through HeadMaintainer's StampStep rules.
#include <algorithm>

#include "godwit/core/graph/plan.hpp"
#include "godwit/core/graph/target.hpp"
#include "godwit/core/graph/version_rows.hpp"
#include "messages.hpp"
#include "resolver.hpp"
#include "row_tracker.hpp"

namespace godwit::core::graph {

namespace {

using detail::Node;
using detail::StampMove;

// The current rows on the lineage of any target (dependencies included): the rows a stamp moves.
std::vector<Node> rows_in_lineage(detail::Resolver& resolver, const std::vector<Node>& rows,
                                  const std::vector<std::string>& targets) {
  std::vector<Node> out;
  for (const auto& target : targets)
    for (Node row : resolver.filter_for_lineage(rows, target, true))
      if (std::find(out.begin(), out.end(), row) == out.end()) out.push_back(row);
  return out;
}

std::vector<StampMove> stamp_moves(detail::Resolver& resolver, const std::vector<Node>& rows,
                                   const std::vector<std::string>& targets) {
  const std::vector<Node> moving = rows_in_lineage(resolver, rows, targets);
  std::vector<Node> dests = resolver.get_revisions(detail::RevArg::list(targets));
  if (dests.empty()) dests.push_back(detail::kNoNode);
  detail::Reach& reach = resolver.reach(detail::Edges::all);
  std::vector<StampMove> moves;
  for (Node dest : dests) {
    if (dest == detail::kNoNode) {  // base: every moving row goes
      for (Node row : moving) moves.push_back({{row}, {}, false, true});
      continue;
    }
    if (std::find(moving.begin(), moving.end(), dest) != moving.end()) continue;  // already a row
    const bool above =
        std::any_of(moving.begin(), moving.end(), [&](Node row) { return reach.reaches(row, dest); });
    const bool below =
        std::any_of(moving.begin(), moving.end(), [&](Node row) { return reach.reaches(dest, row); });
    if (above)
      moves.push_back({moving, {dest}, false, false});  // rows above the target: one step down
    else if (below)
      moves.push_back({moving, {dest}, true, false});  // rows below the target: one step up
    else
      moves.push_back({{}, {dest}, true, true});  // a lineage with no row yet: a new row
  }
  return moves;
}

}  // namespace

std::vector<VersionChange> plan_stamp(const RevisionGraph& graph, const std::vector<std::string>& current,
                                      const std::vector<std::string>& targets, bool purge,
                                      std::vector<std::string>* resulting_heads) {
  std::vector<std::string> wanted = targets.empty() ? std::vector<std::string>{"base"} : targets;
  for (const auto& target : wanted) parse_destination(target);
  detail::Resolver resolver(graph);
  std::vector<Node> rows;
  std::vector<VersionChange> changes;
  if (purge) {
    // Alembic empties the table, then stamps from nothing; the old rows need not even be known.
    std::vector<std::string> gone;
    for (const auto& row : current)
      if (std::find(gone.begin(), gone.end(), row) == gone.end()) gone.push_back(row);
    for (const auto& row : gone) changes.push_back({VersionChange::Kind::delete_, row, ""});
  } else {
    check_version_rows(graph, current);
    rows = resolver.get_revisions(detail::RevArg::list(current));
    rows.erase(std::remove(rows.begin(), rows.end(), detail::kNoNode), rows.end());
  }
  detail::RowTracker tracker(graph, resolver.reach(detail::Edges::all), rows);
  for (const StampMove& move : stamp_moves(resolver, rows, wanted)) {
    const auto step = tracker.stamp_step(move);
    changes.insert(changes.end(), step.begin(), step.end());
  }
  check_stamp_result(graph, wanted, tracker.row_ids());
  if (resulting_heads) *resulting_heads = tracker.row_ids();
  return changes;
}

}  // namespace godwit::core::graph
