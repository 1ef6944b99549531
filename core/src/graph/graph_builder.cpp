#include "graph_builder.hpp"

#include <algorithm>

#include "messages.hpp"

namespace godwit::core::graph {

RevisionGraph::RevisionGraph() : index_(std::make_unique<detail::GraphIndex>()) {}
RevisionGraph::RevisionGraph(RevisionGraph&&) noexcept = default;
RevisionGraph& RevisionGraph::operator=(RevisionGraph&&) noexcept = default;
RevisionGraph::~RevisionGraph() = default;

RevisionGraph RevisionGraph::build(std::vector<RevisionSpec> specs) {
  return detail::GraphBuilder(std::move(specs)).build();
}

namespace detail {

const GraphIndex& index_of(const RevisionGraph& graph) {
  return *graph.index_;
}

GraphBuilder::GraphBuilder(std::vector<RevisionSpec> specs) : index_(*graph_.index_) {
  // Sized once: the id maps view these strings, and revisions point at each other.
  graph_.revisions_.resize(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    Revision& r = graph_.revisions_[i];
    r.index_ = i;
    r.id_ = std::move(specs[i].id);
    r.down_revisions_ = std::move(specs[i].down_revisions);
    r.own_branch_labels_ = std::move(specs[i].branch_labels);
    r.depends_on_ = std::move(specs[i].depends_on);
    r.message_ = std::move(specs[i].message);
    r.source_ = std::move(specs[i].source);
  }
  index_.size = specs.size();
}

RevisionGraph GraphBuilder::build() {
  for (const Revision& r : graph_.revisions_) check_revision(r);
  index_ids();
  index_labels();
  link_down_revisions();
  index_.versioned.parents = Csr::from_lists(down_);
  index_.versioned.children = index_.versioned.parents.reversed();
  topo_order_ = check_acyclic(index_.versioned, false);
  resolve_dependencies();
  raw_.parents = merged_parents(depends_);
  raw_.children = raw_.parents.reversed();
  check_acyclic(raw_, true);
  index_.versioned.labels = compute_reach_labels(index_.versioned.parents, index_.versioned.children);
  normalize_dependencies();
  link_nodes();
  propagate_labels();
  return std::move(graph_);
}

// down_revisions followed by `extra` (dependencies), without repeats: Alembic's _all_down_revisions
// (or, with normalized dependencies, _normalized_down_revisions).
Csr GraphBuilder::merged_parents(const std::vector<std::vector<Node>>& extra) const {
  Csr csr;
  csr.offsets.reserve(size() + 1);
  csr.offsets.push_back(0);
  csr.targets.reserve(index_.versioned.parents.targets.size());
  for (Node node = 0; node < size(); ++node) {
    const std::size_t first = csr.targets.size();
    csr.targets.insert(csr.targets.end(), down_[node].begin(), down_[node].end());
    for (Node dep : extra[node])
      if (std::find(csr.targets.begin() + static_cast<std::ptrdiff_t>(first), csr.targets.end(), dep) ==
          csr.targets.end())
        csr.targets.push_back(dep);
    csr.offsets.push_back(static_cast<std::uint32_t>(csr.targets.size()));
  }
  return csr;
}

void GraphBuilder::index_ids() {
  std::size_t total = 0;
  for (const Revision& r : graph_.revisions_) total += r.id().size();
  index_.id_chars.reserve(total);  // never reallocated after this: the table's keys point into it
  index_.ids.reserve(size());
  for (Node node = 0; node < size(); ++node) {
    const std::size_t start = index_.id_chars.size();
    index_.id_chars += revision(node).id();
    const std::string_view key(index_.id_chars.data() + start, revision(node).id().size());
    const Node first = index_.ids.insert(key, node);
    if (first == kNoNode) continue;
    const auto source = [](const Revision& r) { return r.source().empty() ? std::string("?") : r.source(); };
    fail_graph("Revision " + revision(node).id() + " is present more than once (" + source(revision(first)) +
               " and " + source(revision(node)) + "); give one of them a new id");
  }
}

void GraphBuilder::index_labels() {
  for (Node node = 0; node < size(); ++node) {
    auto& labels = revision(node).own_branch_labels_;
    std::vector<std::string> unique;
    for (const auto& label : labels)
      if (std::find(unique.begin(), unique.end(), label) == unique.end()) unique.push_back(label);
    labels = std::move(unique);
    for (const auto& label : labels) {
      Node owner = index_.ids.find(label);
      if (owner == kNoNode) owner = index_.labels.insert(label, node);
      if (owner != kNoNode)
        fail_graph("Branch name '" + label + "' in revision " + describe(revision(node)) +
                   " already used by revision " + describe(revision(owner)) + "; rename one of them");
    }
  }
}

void GraphBuilder::link_down_revisions() {
  down_.assign(size(), {});
  for (Node node = 0; node < size(); ++node) {
    const Revision& r = revision(node);
    for (const auto& parent : r.down_revisions()) {
      const Node found = index_.ids.find(parent);
      if (found == kNoNode)
        fail_graph("revision " + r.id() + ": down_revision " + parent + " does not exist" +
                   (r.source().empty() ? "" : " (declared in " + r.source() + ")") + "; restore revision " +
                   parent + " or correct the down_revision");
      down_[node].push_back(found);
    }
  }
}

void GraphBuilder::link_nodes() {
  std::vector<Revision>& revisions = graph_.revisions_;
  for (Node node = 0; node < size(); ++node) {
    Revision& r = revisions[node];
    r.parents_.reserve(down_[node].size());
    for (Node parent : down_[node]) r.parents_.push_back(&revisions[parent]);
    for (Node child : index_.versioned.children.of(node)) {
      r.children_.push_back(&revisions[child]);
      r.next_revisions_.push_back(revisions[child].id());
    }
    r.real_next_count_ = raw_.children.of(node).size();  // children and dependents, each counted once
  }
  for (Node node = 0; node < size(); ++node)
    for (Node dep : depends_[node]) revisions[dep].dependents_.push_back(&revisions[node]);
}

}  // namespace detail
}  // namespace godwit::core::graph
