#include "resolver.hpp"

#include <algorithm>

#include "closure.hpp"
#include "messages.hpp"

namespace godwit::core::graph::detail {

std::string RevArg::describe() const {
  if (items.empty()) return "base";
  return join(items);
}

bool parse_negative(std::string_view text, long long& value) {
  if (text.size() < 2 || text[0] != '-' || text.size() > 19) return false;
  long long parsed = 0;
  for (char c : text.substr(1)) {
    if (c < '0' || c > '9') return false;
    parsed = parsed * 10 + (c - '0');
  }
  value = -parsed;
  return parsed > 0;
}

Resolver::Resolver(const RevisionGraph& graph)
    : graph_(graph),
      index_(index_of(graph)),
      versioned_(index_, Edges::versioned),
      all_(index_, Edges::all) {}

namespace {

std::vector<Node> without_edges(const Csr& edges, std::size_t size) {
  std::vector<Node> out;
  for (Node n = 0; n < size; ++n)
    if (edges.offsets[n] == edges.offsets[n + 1]) out.push_back(n);
  return out;
}

}  // namespace

// A revision with a dependent keeps a child among the normalized edges (the lowest revision that
// declares the dependency keeps it), so "no children" there is Alembic's _is_real_head.
std::vector<Node> Resolver::real_heads() const {
  return without_edges(index_.all.children, index_.size);
}

std::vector<Node> Resolver::versioned_heads() const {
  return without_edges(index_.versioned.children, index_.size);
}

std::vector<Node> Resolver::bases() const {
  return without_edges(index_.versioned.parents, index_.size);
}

Resolver::Number Resolver::resolve_number(std::string_view text) {
  Number number;
  std::string_view id = text;
  if (const auto at = text.find('@'); at != std::string_view::npos) {
    number.branch = std::string(text.substr(0, at));
    id = text.substr(at + 1);
  }
  if (id == "heads") {
    // Alembic: plain "heads" counts dependencies; "label@heads" narrows the versioned heads.
    const auto heads =
        number.branch.empty() ? real_heads() : filter_for_lineage(versioned_heads(), number.branch, false);
    number.ids = ids_of(graph_, heads);
  } else if (id == "head") {
    if (const Node head = current_head(number.branch); head != kNoNode) number.ids = {graph_.at(head).id()};
  } else if (id != "base") {
    number.ids = {std::string(id)};
  }
  return number;
}

Node Resolver::current_head(std::string_view branch) {
  std::vector<Node> heads = versioned_heads();
  if (!branch.empty()) heads = filter_for_lineage(heads, branch, false);
  if (heads.size() > 1)
    fail_multiple_heads(ids_of(graph_, heads),
                        branch.empty() ? std::string("head") : std::string(branch) + "@head");
  return heads.empty() ? kNoNode : heads.front();
}

std::vector<Node> Resolver::get_revisions(std::string_view text) {
  Number number = resolve_number(text);
  long long steps = 0;
  std::vector<Node> out;
  if (number.ids.size() == 1 && parse_negative(number.ids.front(), steps)) {
    // "-N" / "label@-N": walk down from every head (of the branch).
    for (Node head : real_heads()) {
      const auto& labels = graph_.at(head).branch_labels();
      if (!number.branch.empty() && !std::binary_search(labels.begin(), labels.end(), number.branch))
        continue;
      const WalkPos end = walk(WalkPos::at(head), steps, "", true);
      out.push_back(end.is_node() ? end.node : kNoNode);
    }
    return out;
  }
  for (const auto& id : number.ids) out.push_back(revision_for_ident(id, number.branch));
  return out;
}

std::vector<Node> Resolver::get_revisions(const RevArg& arg) {
  if (arg.is_text) return get_revisions(arg.items.front());
  std::vector<Node> out;
  for (const auto& item : arg.items) {
    const auto part = get_revisions(item);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

Node Resolver::get_revision(std::string_view text) {
  const Number number = resolve_number(text);
  if (number.ids.size() > 1) fail_multiple_heads(number.ids, text);
  if (number.ids.empty()) {
    if (!number.branch.empty()) resolve_branch(number.branch);  // still checks that the branch exists
    return kNoNode;
  }
  return revision_for_ident(number.ids.front(), number.branch);
}

Node Resolver::revision_for_ident(std::string_view id, std::string_view branch) {
  const Node branch_node = branch.empty() ? kNoNode : resolve_branch(branch);
  const Lookup found = lookup_ident(index_, id);
  Node node = found.node;
  if (found.status != Lookup::Status::found || !found.candidates.empty()) {
    std::vector<Node> candidates = found.candidates;
    if (branch_node != kNoNode)
      candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                      [&](Node c) { return !shares_lineage(c, {branch_node}, false); }),
                       candidates.end());
    if (candidates.empty())
      fail_graph("No such revision or branch '" + std::string(id) + "'" +
                 (id.size() < 4 ? "; please ensure at least four characters are present for partial revision "
                                  "identifier matches"
                                : "; check the id against `godwit history`"));
    if (candidates.size() > 1)
      fail_graph("Multiple revisions start with '" + std::string(id) + "': " + ids_text(graph_, candidates) +
                 "; give more characters of the id");
    node = candidates.front();
  }
  if (branch_node != kNoNode && !shares_lineage(node, {branch_node}, false))
    fail_graph("Revision " + graph_.at(node).id() + " is not a member of branch '" + std::string(branch) +
               "'; pick a revision on that branch or drop the '" + std::string(branch) + "@' prefix");
  return node;
}

Node Resolver::resolve_branch(std::string_view label) {
  const Lookup found = lookup_ident(index_, label);
  if (found.status != Lookup::Status::found)
    fail_graph("No such branch: '" + std::string(label) +
               "'; use a branch label or a revision id before '@'");
  return found.node;
}

bool Resolver::shares_lineage(Node target, const std::vector<Node>& against, bool with_dependencies) {
  if (against.empty()) return true;
  Reach& reach = this->reach(with_dependencies ? Edges::all : Edges::versioned);
  return std::any_of(against.begin(), against.end(), [&](Node other) {
    return reach.reaches(target, other) || reach.reaches(other, target);
  });
}

std::vector<Node> Resolver::filter_for_lineage(const std::vector<Node>& targets, std::string_view against,
                                               bool with_dependencies) {
  const Number number = resolve_number(against);
  std::vector<Node> shares;
  if (!number.branch.empty()) shares.push_back(revision_for_ident(number.branch, ""));
  for (const auto& id : number.ids) shares.push_back(revision_for_ident(id, ""));
  std::vector<Node> out;
  for (Node target : targets)
    if (shares_lineage(target, shares, with_dependencies)) out.push_back(target);
  return out;
}

std::vector<Node> Resolver::all_current(const std::vector<std::string>& ids) {
  std::vector<Node> top = get_revisions(RevArg::list(ids));
  top.erase(std::remove(top.begin(), top.end(), kNoNode), top.end());
  const std::vector<std::uint8_t> closed = closure(index_.all.parents, top, index_.size);
  std::vector<Node> out;
  for (Node n = 0; n < index_.size; ++n) {
    if (!closed[n]) continue;
    const auto children = index_.versioned.children.of(n);
    if (std::none_of(children.begin(), children.end(), [&](Node c) { return closed[c] != 0; }))
      out.push_back(n);
  }
  return out;
}

}  // namespace godwit::core::graph::detail
