#include <algorithm>
#include <cctype>

#include "graph_builder.hpp"
#include "messages.hpp"

namespace godwit::core::graph::detail {

namespace {

constexpr std::size_t kMaxIdLength = 32;

bool is_reserved(const std::string& name) {
  return name == "head" || name == "heads" || name == "base";
}

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// The characters Alembic's target syntax gives a meaning to ('@' label, '-'/'+' relative step,
// ':' range), plus whitespace, which cannot survive a command line.
std::string illegal_id_characters(const std::string& id) {
  std::string found;
  for (const char c : std::string("@-+:"))
    if (id.find(c) != std::string::npos) found += std::string(found.empty() ? "" : ", ") + c;
  if (std::any_of(id.begin(), id.end(), is_space))
    found += std::string(found.empty() ? "" : ", ") + "whitespace";
  return found;
}

void check_id(const Revision& r) {
  const std::string where = r.source().empty() ? std::string() : " (" + r.source() + ")";
  if (r.id().empty())
    fail_graph("A revision" + where + " has an empty id; give it an id of 1 to 32 characters");
  if (r.id().size() > kMaxIdLength)
    fail_graph("Revision id '" + r.id() + "'" + where + " is " + std::to_string(r.id().size()) +
               " characters long; ids are at most 32 characters");
  if (const std::string bad = illegal_id_characters(r.id()); !bad.empty())
    fail_graph("Character(s) '" + bad + "' not allowed in revision identifier '" + r.id() + "'" + where +
               "; ids may not contain '@', '-', '+', ':' or whitespace");
  if (is_reserved(r.id()))
    fail_graph("Revision id '" + r.id() + "'" + where + " is a reserved target name; choose another id");
}

}  // namespace

void GraphBuilder::check_revision(const Revision& r) const {
  check_id(r);
  const auto& down = r.down_revisions();
  if (std::find(down.begin(), down.end(), r.id()) != down.end())
    fail_graph("Self-loop is detected in revisions (" + r.id() + "): revision " + describe(r) +
               " names itself as its down_revision; remove it");
  for (auto it = down.begin(); it != down.end(); ++it)
    if (std::find(down.begin(), it, *it) != it)
      fail_graph("Revision " + describe(r) + " lists down_revision " + *it + " twice; list it once");
  const auto& deps = r.depends_on();
  if (std::find(deps.begin(), deps.end(), r.id()) != deps.end())
    fail_graph("Dependency self-loop is detected in revisions (" + r.id() + "): revision " + describe(r) +
               " names itself in depends_on; remove it");
  check_labels(r);
}

void GraphBuilder::check_labels(const Revision& r) const {
  for (const auto& label : r.own_branch_labels()) {
    if (label.empty()) fail_graph("Revision " + describe(r) + " has an empty branch label; remove it");
    const bool bad =
        label.find_first_of("@:") != std::string::npos || std::any_of(label.begin(), label.end(), is_space);
    if (bad)
      fail_graph("Branch label '" + label + "' of revision " + describe(r) +
                 " may not contain '@', ':' or whitespace; rename it");
    if (is_reserved(label))
      fail_graph("Branch label '" + label + "' of revision " + describe(r) +
                 " is a reserved target name; rename it");
  }
}

namespace {

// Kahn's algorithm leaves exactly the nodes on a cycle or above one; peeling the nodes with no
// remaining children off that rest leaves the cycles themselves (and anything between two cycles).
std::vector<Node> cycle_members(const EdgeSet& edges, const std::vector<std::uint32_t>& missing) {
  const std::size_t n = missing.size();
  std::vector<std::uint8_t> left(n, 0);
  for (Node node = 0; node < n; ++node) left[node] = missing[node] > 0;
  std::vector<std::uint32_t> children(n, 0);
  for (Node node = 0; node < n; ++node)
    if (left[node])
      for (Node parent : edges.parents.of(node)) children[parent] += left[parent];
  std::vector<Node> peel;
  for (Node node = 0; node < n; ++node)
    if (left[node] && children[node] == 0) peel.push_back(node);
  while (!peel.empty()) {
    const Node node = peel.back();
    peel.pop_back();
    left[node] = 0;
    for (Node parent : edges.parents.of(node))
      if (left[parent] && --children[parent] == 0) peel.push_back(parent);
  }
  std::vector<Node> members;
  for (Node node = 0; node < n; ++node)
    if (left[node]) members.push_back(node);
  return members;
}

}  // namespace

std::vector<Node> GraphBuilder::check_acyclic(const EdgeSet& edges, bool with_dependencies) const {
  const std::size_t n = size();
  std::vector<std::uint32_t> missing(n, 0);  // parents not yet placed
  std::vector<Node> order;
  order.reserve(n);
  for (Node node = 0; node < n; ++node) {
    missing[node] = static_cast<std::uint32_t>(edges.parents.of(node).size());
    if (missing[node] == 0) order.push_back(node);
  }
  for (std::size_t i = 0; i < order.size(); ++i)
    for (Node child : edges.children.of(order[i]))
      if (--missing[child] == 0) order.push_back(child);
  if (order.size() == n) return order;
  std::vector<std::string> names = ids_of(graph_, cycle_members(edges, missing));
  std::sort(names.begin(), names.end());
  if (!with_dependencies)
    fail_graph("Cycle is detected in revisions (" + join(names) +
               "): each descends from itself through down_revision; remove one of these down_revision links");
  fail_graph("Dependency cycle is detected in revisions (" + join(names) +
             "): they depend on themselves through down_revision and depends_on; remove one of these "
             "depends_on entries");
}

}  // namespace godwit::core::graph::detail
