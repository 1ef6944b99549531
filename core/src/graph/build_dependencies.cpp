#include <algorithm>

#include "graph_builder.hpp"
#include "messages.hpp"
#include "reach.hpp"

namespace godwit::core::graph::detail {

Node GraphBuilder::resolve_dependency(const Revision& r, const std::string& text) const {
  const Lookup found = lookup_ident(index_, text);
  if (found.status == Lookup::Status::found) return found.node;
  const std::string where = r.source().empty() ? std::string() : " (declared in " + r.source() + ")";
  if (found.status == Lookup::Status::ambiguous)
    fail_graph("revision " + r.id() + ": depends_on '" + text + "' is ambiguous, it starts " +
               ids_text(graph_, found.candidates) + where + "; give more characters of the id");
  fail_graph("revision " + r.id() + ": depends_on " + text +
             " does not match any revision id, branch label or unique id prefix" + where +
             "; restore that revision or correct the depends_on");
}

void GraphBuilder::resolve_dependencies() {
  depends_.assign(size(), {});
  for (Node node = 0; node < size(); ++node) {
    Revision& r = revision(node);
    for (const auto& text : r.depends_on()) {
      const Node dep = resolve_dependency(r, text);
      if (dep == node)
        fail_graph("Dependency self-loop is detected in revisions (" + r.id() + "): revision " + describe(r) +
                   " depends on itself through '" + text + "'; remove it");
      auto& deps = depends_[node];
      if (std::find(deps.begin(), deps.end(), dep) == deps.end()) deps.push_back(dep);
    }
    r.depends_on_ = ids_of(graph_, depends_[node]);
  }
}

// Alembic drops a dependency that some down_revision ancestor already declares: that ancestor
// will wait for it anyway, and keeping the edge would make the step order (and the version rows)
// treat the revision as a merge of two lines when it is not.
void GraphBuilder::normalize_dependencies() {
  Reach versioned(index_, Edges::versioned);
  normalized_.assign(size(), {});
  for (Node node = 0; node < size(); ++node) {
    for (Node dep : depends_[node]) {
      const NodeSpan others = raw_.children.of(dep);  // everything depending on (or built on) dep
      const bool implied = std::any_of(others.begin(), others.end(), [&](Node other) {
        const auto& deps = depends_[other];
        return other != node && std::find(deps.begin(), deps.end(), dep) != deps.end() &&
               versioned.reaches(node, other);
      });
      if (!implied) normalized_[node].push_back(dep);
    }
    if (!normalized_[node].empty()) revision(node).normalized_depends_on_ = ids_of(graph_, normalized_[node]);
  }
  index_.all.parents = merged_parents(normalized_);
  index_.all.children = index_.all.parents.reversed();
  index_.all.labels = compute_reach_labels(index_.all.parents, index_.all.children);
  mark_redundant_parents();
}

void GraphBuilder::mark_redundant_parents() {
  EdgeSet& all = index_.all;
  all.redundant.assign(all.parents.targets.size(), 0);
  Reach reach(index_, Edges::all);
  for (Node node = 0; node < size(); ++node) {
    const NodeSpan parents = all.parents.of(node);
    if (parents.size() < 2) continue;
    for (std::size_t i = 0; i < parents.size(); ++i)
      for (Node sibling : parents)
        if (sibling != parents[i] && reach.reaches(sibling, parents[i]))
          all.redundant[all.parents.offsets[node] + i] = 1;
  }
}

}  // namespace godwit::core::graph::detail
