#include <algorithm>
#include <iterator>
#include <map>

#include "graph_builder.hpp"

namespace godwit::core::graph::detail {

namespace {

LabelSet unite(const LabelSet& a, const LabelSet& b) {
  LabelSet out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

// Label sets, shared: along a plain chain every revision points at the same set, so long
// branches cost no memory per revision.
struct LabelSets {
  std::vector<LabelSet> pool{LabelSet{}};  // pool[0] is the empty set
  std::vector<std::size_t> of;             // node -> index into pool
};

// Alembic's _add_branches, computed without its per-label graph walks:
//  1. a label reaches every down_revision descendant of its revision (a DP in topological order);
//  2. when the labelled revision and all its descendants form one plain line (no branch point, merge
//     point or dependent), the labels also flow down from the tip of that line to the revisions
//     below, stopping at the first branch or merge point.
// Alembic does step 2 from "the last descendant its traversal yields"; on a plain line that is the
// tip, and off one the walk stops before leaving the descendants, so the result is the same.
void GraphBuilder::propagate_labels() {
  std::map<std::string, std::uint32_t> label_ids;  // ids in name order, so sorted ids = sorted names
  for (const auto& entry : index_.labels.entries()) label_ids.emplace(std::string(entry.first), 0);
  std::vector<std::string> names;
  for (auto& [label, id] : label_ids) {
    id = static_cast<std::uint32_t>(names.size());
    names.push_back(label);
  }
  LabelSets sets;
  sets.of.assign(size(), 0);
  inherit_labels(label_ids, sets);
  extend_labels_down(sets);
  for (Node node = 0; node < size(); ++node)
    for (std::uint32_t id : sets.pool[sets.of[node]]) revision(node).branch_labels_.push_back(names[id]);
}

void GraphBuilder::inherit_labels(const std::map<std::string, std::uint32_t>& label_ids,
                                  LabelSets& sets) const {
  for (Node node : topo_order_) {
    LabelSet own;
    for (const auto& label : revision(node).own_branch_labels()) own.push_back(label_ids.at(label));
    std::sort(own.begin(), own.end());
    const auto& parents = down_[node];
    if (own.empty() && parents.size() == 1) {
      sets.of[node] = sets.of[parents.front()];
      continue;
    }
    for (Node parent : parents) own = unite(own, sets.pool[sets.of[parent]]);
    if (own.empty()) continue;
    sets.of[node] = sets.pool.size();
    sets.pool.push_back(std::move(own));
  }
}

void GraphBuilder::extend_labels_down(LabelSets& sets) const {
  // `clean`: neither a real branch point nor a merge point, and neither is anything above it.
  std::vector<std::uint8_t> clean(size(), 0);
  std::vector<Node> tip(size(), kNoNode);
  for (auto it = topo_order_.rbegin(); it != topo_order_.rend(); ++it) {
    const Revision& r = revision(*it);
    const NodeSpan children = index_.versioned.children.of(*it);
    tip[*it] = children.empty() ? *it : tip[children[0]];
    clean[*it] = !r.is_real_branch_point() && !r.is_merge_point() && (children.empty() || clean[children[0]]);
  }
  std::vector<std::uint8_t> walked(size(), 0);
  for (Node node = 0; node < size(); ++node) {
    if (revision(node).own_branch_labels().empty() || !clean[node] || walked[tip[node]]) continue;
    walked[tip[node]] = 1;
    const std::size_t line = sets.of[tip[node]];
    for (Node at = tip[node];;) {
      const Revision& r = revision(at);
      if (r.is_real_branch_point() || r.is_merge_point()) break;
      sets.of[at] = line;
      if (down_[at].empty()) break;
      at = down_[at].front();
    }
  }
}

}  // namespace godwit::core::graph::detail
