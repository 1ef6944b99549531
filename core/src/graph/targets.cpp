// Targets read against the current rows: Alembic's _parse_upgrade_target / _parse_downgrade_target.
#include <algorithm>

#include "closure.hpp"
#include "collect.hpp"
#include "godwit/core/graph/target.hpp"
#include "messages.hpp"

namespace godwit::core::graph::detail {

namespace {

// The newest revisions on `branch` among everything the current rows imply: where "label@+N" starts
// when no current row is on that branch yet.
std::vector<Node> branch_tips(Resolver& resolver, const std::vector<Node>& current, std::string_view branch) {
  const GraphIndex& index = resolver.index();
  const auto implied = closure(index.all.parents, current, index.size);
  std::vector<Node> active;
  for (Node n = 0; n < index.size; ++n)
    if (implied[n]) active.push_back(n);
  active = resolver.filter_for_lineage(active, branch, false);
  std::vector<std::uint8_t> below(index.size, 0);
  for (Node n : active)
    for (Node parent : index.all.parents.of(n)) below[parent] = 1;
  active.erase(std::remove_if(active.begin(), active.end(), [&](Node n) { return below[n] != 0; }),
               active.end());
  return active;
}

[[noreturn]] void fail_ambiguous_upgrade(const RevisionGraph& graph, const std::vector<Node>& from) {
  fail_graph("Ambiguous upgrade from multiple current revisions (" + ids_text(graph, from) +
             "); name the branch ('label@+N') or an absolute target");
}

// The branch labels that single out `row` among `rows`: "label@-1" moves that row and no other.
std::vector<std::string> labels_naming(Resolver& resolver, const std::vector<Node>& rows, Node row) {
  std::vector<std::string> out;
  for (const auto& label : resolver.graph().at(row).branch_labels())
    if (resolver.filter_for_lineage(rows, label, false) == std::vector<Node>{row}) out.push_back(label);
  return out;
}

// "-N" / "+N" from several rows would move one head picked by row order (Alembic warns and takes the
// first row, saying the usage will be disallowed). For a step that may destroy data the only safe
// reading is none: the user names the head, and the message gives the forms that do ("<rev>@-1" for
// every head, "label@-1" for the labels that single one out).
[[noreturn]] void fail_relative_from_heads(Resolver& resolver, const char* verb, const Destination& dest,
                                           const std::vector<Node>& rows) {
  const std::string step = step_text(*dest.step);
  std::vector<std::string> by_rev;
  std::vector<std::string> by_label;
  for (Node row : rows) {
    // "<rev>@-1", not "<rev>-1": the latter names the revision below, and a downgrade to a branch point
    // takes every branch above it down, the very surprise this refusal prevents.
    by_rev.push_back(resolver.graph().at(row).id() + "@" + step);
    for (const auto& label : labels_naming(resolver, rows, row)) by_label.push_back(label + "@" + step);
  }
  fail_graph(std::string(verb) + " " + dest.text + " is ambiguous: the database has " +
             std::to_string(rows.size()) + " heads (" + ids_text(resolver.graph(), rows) + "); name one: " +
             join(by_rev) + (by_label.empty() ? std::string() : " (or " + join(by_label) + ")"));
}

std::vector<Node> row_nodes(Resolver& resolver, const RevArg& current) {
  std::vector<Node> rows;
  for (const auto& id : current.items) rows.push_back(resolver.revision_for_ident(id, ""));
  return rows;
}

std::vector<Node> upgrade_from_current(Resolver& resolver, const RevArg& current, const Destination& dest,
                                       bool assert_relative_length) {
  WalkPos start;
  if (dest.has_branch()) {
    std::vector<Node> rows = resolver.get_revisions(RevArg::list(current.items));
    rows.erase(std::remove(rows.begin(), rows.end(), kNoNode), rows.end());
    std::vector<Node> from = resolver.filter_for_lineage(rows, dest.branch, false);
    if (from.empty()) from = branch_tips(resolver, rows, dest.branch);
    if (from.size() > 1) fail_ambiguous_upgrade(resolver.graph(), from);
    if (!from.empty()) start = WalkPos::at(from.front());
  } else {
    if (current.items.size() > 1)
      fail_relative_from_heads(resolver, "upgrade", dest, row_nodes(resolver, current));
    if (!current.items.empty()) start = WalkPos::at(resolver.get_revision(current.items.front()));
  }
  const WalkPos end = resolver.walk(start, *dest.step, dest.branch, assert_relative_length);
  if (!end.is_node()) fail_relative(*dest.step);
  return {end.node};
}

}  // namespace

std::vector<Node> parse_upgrade_target(Resolver& resolver, const RevArg& current, const RevArg& target,
                                       bool assert_relative_length) {
  if (!target.is_text) return resolver.get_revisions(target);
  const Destination dest = parse_destination(target.items.front());
  if (!dest.is_relative()) return resolver.get_revisions(target.items.front());
  const long long step = *dest.step;
  if (step > 0) {
    if (dest.symbol.empty()) return upgrade_from_current(resolver, current, dest, assert_relative_length);
    const WalkPos start = WalkPos::at(resolver.get_revision(dest.symbol));
    const WalkPos end = resolver.walk(start, step, dest.branch, assert_relative_length);
    if (!end.is_node()) fail_relative(step, dest.symbol);
    return {end.node};
  }
  if (dest.symbol.empty()) fail_relative(step);  // upgrading to "current - N" goes the wrong way
  const std::string from = dest.has_branch() ? dest.branch + "@" + dest.symbol : dest.symbol;
  const WalkPos end =
      resolver.walk(WalkPos::at(resolver.get_revision(from)), step, "", assert_relative_length);
  if (end.kind == WalkPos::Kind::nothing) fail_relative(step, dest.symbol);
  if (!end.is_node()) return {};  // walked exactly down to base: nothing to upgrade to
  return {end.node};
}

namespace {

// "-N" / "label@-N": the current row the step counts down from.
std::string downgrade_anchor(Resolver& resolver, const RevArg& current, const Destination& dest) {
  if (!dest.has_branch()) {
    if (current.items.empty()) fail_relative(*dest.step);
    if (current.items.size() > 1)
      fail_relative_from_heads(resolver, "downgrade", dest, row_nodes(resolver, current));
    return current.items.front();
  }
  const std::vector<Node> rows = row_nodes(resolver, current);
  std::vector<Node> on_branch = resolver.filter_for_lineage(rows, dest.branch, false);
  // Rows that only imply the branch (a dependency on it) still count, through what they imply.
  if (on_branch.empty())
    on_branch = resolver.filter_for_lineage(resolver.all_current(current.items), dest.branch, false);
  if (on_branch.size() != 1)
    fail_graph("Relative revision " + dest.text + " is ambiguous: " +
               (on_branch.empty() ? std::string("no current revision is on branch '") + dest.branch + "'"
                                  : "current revisions " + ids_text(resolver.graph(), on_branch) +
                                        " are all on branch '" + dest.branch + "'") +
               "; downgrade to an absolute revision instead");
  return resolver.graph().at(on_branch.front()).id();
}

}  // namespace

std::pair<std::string, WalkPos> parse_downgrade_target(Resolver& resolver, const RevArg& current,
                                                       std::string_view target, bool assert_relative_length) {
  const Destination dest = parse_destination(target);
  if (!dest.is_relative()) return {dest.branch, WalkPos::at(resolver.get_revision(dest.symbol))};
  const long long step = *dest.step;
  if (step >= 0) {
    if (dest.symbol.empty()) fail_relative(step);  // downgrading to "current + N" goes the wrong way
    const WalkPos start = WalkPos::at(resolver.get_revision(dest.symbol));
    const WalkPos end = resolver.walk(start, step, dest.branch, assert_relative_length);
    if (end.kind == WalkPos::Kind::nothing) fail_relative(step, dest.symbol);
    return {dest.branch, end};
  }
  std::string branch = dest.branch;
  std::string symbol = dest.symbol;
  if (symbol.empty()) {
    symbol = downgrade_anchor(resolver, current, dest);
    if (branch.empty()) branch = symbol;  // restricts the downgrade to the anchor's own branch
  }
  // Alembic resolves "anchor@anchor" here, which fails when the anchor is symbolic ("heads", from a
  // history range's upper end); the anchor alone names the same revision.
  const Node start =
      resolver.get_revision(branch.empty() || branch == symbol ? symbol : branch + "@" + symbol);
  const WalkPos end = resolver.walk(WalkPos::at(start), step, "", assert_relative_length);
  if (end.kind == WalkPos::Kind::nothing) fail_relative(step, dest.symbol);
  return {branch, end};
}

}  // namespace godwit::core::graph::detail
