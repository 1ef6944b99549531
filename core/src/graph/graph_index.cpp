#include "graph_index.hpp"

#include <algorithm>

namespace godwit::core::graph::detail {

Csr Csr::from_lists(const std::vector<std::vector<Node>>& lists) {
  Csr csr;
  csr.offsets.reserve(lists.size() + 1);
  csr.offsets.push_back(0);
  std::size_t total = 0;
  for (const auto& list : lists) total += list.size();
  csr.targets.reserve(total);
  for (const auto& list : lists) {
    csr.targets.insert(csr.targets.end(), list.begin(), list.end());
    csr.offsets.push_back(static_cast<std::uint32_t>(csr.targets.size()));
  }
  return csr;
}

Csr Csr::reversed() const {
  const std::size_t n = offsets.size() - 1;
  Csr out;
  out.offsets.assign(n + 1, 0);
  for (Node target : targets) ++out.offsets[target + 1];
  for (std::size_t i = 0; i < n; ++i) out.offsets[i + 1] += out.offsets[i];
  out.targets.resize(targets.size());
  std::vector<std::uint32_t> fill(out.offsets.begin(), out.offsets.end() - 1);
  // Sources are visited in node order, so every reversed list comes out sorted.
  for (Node source = 0; source < n; ++source)
    for (Node target : of(source)) out.targets[fill[target]++] = source;
  return out;
}

namespace {

// One GRAIL labelling: an iterative post-order DFS from the sinks (nodes with no children) down
// through the parents. `reverse` flips both the root order and the parent order, so the two
// labellings disagree wherever the graph branches, which is what lets them rule out reachability.
void label_pass(const Csr& parents, const Csr& children, bool reverse, std::vector<std::uint32_t>& post,
                std::vector<std::uint32_t>& low) {
  const std::size_t n = parents.offsets.size() - 1;
  post.assign(n, 0);
  low.assign(n, 0);
  std::vector<std::uint8_t> state(n, 0);
  std::vector<std::pair<Node, std::uint32_t>> stack;
  std::uint32_t counter = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const Node root = static_cast<Node>(reverse ? n - 1 - r : r);
    if (!children.of(root).empty() || state[root] != 0) continue;
    state[root] = 1;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      const Node node = stack.back().first;
      const std::uint32_t next = stack.back().second;
      const NodeSpan ps = parents.of(node);
      if (next < ps.size()) {
        ++stack.back().second;
        const Node parent = reverse ? ps[ps.size() - 1 - next] : ps[next];
        if (state[parent] == 0) {
          state[parent] = 1;
          stack.emplace_back(parent, 0);
        }
        continue;
      }
      post[node] = counter++;
      std::uint32_t lowest = post[node];
      for (Node parent : ps) lowest = std::min(lowest, low[parent]);
      low[node] = lowest;
      stack.pop_back();
    }
  }
}

}  // namespace

ReachLabels compute_reach_labels(const Csr& parents, const Csr& children) {
  ReachLabels labels;
  label_pass(parents, children, false, labels.post[0], labels.low[0]);
  label_pass(parents, children, true, labels.post[1], labels.low[1]);
  return labels;
}

void IdTable::reserve(std::size_t count) {
  entries_.reserve(count);
  std::size_t capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  if (capacity > slots_.size()) {
    slots_.assign(capacity, 0);
    for (std::size_t i = 0; i < entries_.size(); ++i)
      slots_[slot_of(entries_[i].first)] = static_cast<std::uint32_t>(i + 1);
  }
}

void IdTable::grow() {
  reserve(std::max<std::size_t>(16, entries_.size() * 2));
}

// Linear probing from the key's hash: the slot holding `key`, or the empty slot where it belongs.
std::size_t IdTable::slot_of(std::string_view key) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = std::hash<std::string_view>{}(key)&mask;; slot = (slot + 1) & mask)
    if (slots_[slot] == 0 || entries_[slots_[slot] - 1].first == key) return slot;
}

Node IdTable::insert(std::string_view key, Node node) {
  if (slots_.empty() || (entries_.size() + 1) * 2 > slots_.size()) grow();
  const std::size_t slot = slot_of(key);
  if (slots_[slot] != 0) return entries_[slots_[slot] - 1].second;
  entries_.emplace_back(key, node);
  slots_[slot] = static_cast<std::uint32_t>(entries_.size());
  return kNoNode;
}

Node IdTable::find(std::string_view key) const {
  if (slots_.empty()) return kNoNode;
  const std::uint32_t at = slots_[slot_of(key)];
  return at == 0 ? kNoNode : entries_[at - 1].second;
}

const std::vector<std::pair<std::string_view, Node>>& GraphIndex::prefix_keys() const {
  std::call_once(prefix_once_, [this] {
    for (const IdTable* table : {&ids, &labels})
      for (const auto& entry : table->entries())
        if (entry.first.size() > 3) prefix_keys_.push_back(entry);
    std::sort(prefix_keys_.begin(), prefix_keys_.end());
  });
  return prefix_keys_;
}

Lookup lookup_ident(const GraphIndex& index, std::string_view text) {
  Lookup result{Lookup::Status::missing, kNoNode, {}};
  if (const Node node = index.ids.find(text); node != kNoNode) return {Lookup::Status::found, node, {}};
  if (const Node node = index.labels.find(text); node != kNoNode) return {Lookup::Status::found, node, {}};
  const auto& keys = index.prefix_keys();
  auto it = std::lower_bound(keys.begin(), keys.end(), text,
                             [](const auto& key, std::string_view value) { return key.first < value; });
  for (; it != keys.end() && it->first.substr(0, text.size()) == text; ++it)
    if (std::find(result.candidates.begin(), result.candidates.end(), it->second) == result.candidates.end())
      result.candidates.push_back(it->second);
  if (result.candidates.size() == 1) {
    result.status = Lookup::Status::found;
    result.node = result.candidates.front();
  } else if (result.candidates.size() > 1) {
    result.status = Lookup::Status::ambiguous;
  }
  return result;
}

}  // namespace godwit::core::graph::detail
