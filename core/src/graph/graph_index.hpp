#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"

namespace godwit::core::graph::detail {

// Nodes are revision indexes (tie-break order), so "sort by node" is "sort by Revision::index()".
using Node = std::uint32_t;
inline constexpr Node kNoNode = ~Node{0};

struct NodeSpan {
  const Node* first;
  const Node* last;
  const Node* begin() const { return first; }
  const Node* end() const { return last; }
  std::size_t size() const { return static_cast<std::size_t>(last - first); }
  bool empty() const { return first == last; }
  Node operator[](std::size_t i) const { return first[i]; }
};

// Compressed adjacency lists: the neighbours of node i are targets[offsets[i] .. offsets[i + 1]).
struct Csr {
  std::vector<std::uint32_t> offsets;
  std::vector<Node> targets;

  NodeSpan of(Node node) const {
    return {targets.data() + offsets[node], targets.data() + offsets[node + 1]};
  }
  static Csr from_lists(const std::vector<std::vector<Node>>& lists);
  Csr reversed() const;  // children from parents; each list ends up in node order
};

// Reachability labels (GRAIL: post-order interval labels from two DFS orders). If `to` is an
// ancestor of `from`, then for both labelings post[to] <= post[from] and low[from] <= low[to]; a
// failed test proves `to` is not an ancestor, which answers most queries without a search.
struct ReachLabels {
  std::array<std::vector<std::uint32_t>, 2> post;
  std::array<std::vector<std::uint32_t>, 2> low;

  bool may_reach(Node from, Node to) const {
    for (int k = 0; k < 2; ++k)
      if (post[k][to] > post[k][from] || low[k][from] > low[k][to]) return false;
    return true;
  }
};

// One edge set: `versioned` follows down_revisions only (what the version table tracks); `all`
// adds the normalized depends_on edges (what step ordering waits for).
struct EdgeSet {
  Csr parents;
  Csr children;
  ReachLabels labels;
  // Per parent edge (aligned with parents.targets): set when the parent is also an ancestor of
  // another parent of the same revision, i.e. the edge is implied by the others ("redundant merge").
  // Only those edges make the version-row rules look further than a revision's direct children.
  std::vector<std::uint8_t> redundant;
};

enum class Edges { versioned, all };

// String -> node map with open addressing: one flat array, no allocation per entry (a node-based
// std::unordered_map costs a malloc per revision, which dominated building large graphs).
class IdTable {
 public:
  void reserve(std::size_t count);
  // Stores `node` under `key` unless the key is taken; returns the node already there, or kNoNode.
  Node insert(std::string_view key, Node node);
  Node find(std::string_view key) const;
  const std::vector<std::pair<std::string_view, Node>>& entries() const {
    return entries_;
  }  // insertion order

 private:
  std::size_t slot_of(std::string_view key) const;
  void grow();

  std::vector<std::uint32_t> slots_;  // index into entries_ + 1; 0 = empty
  std::vector<std::pair<std::string_view, Node>> entries_;
};

struct GraphIndex {
  std::size_t size = 0;
  EdgeSet versioned;
  EdgeSet all;
  std::string id_chars;  // every id, back to back: the ids table's keys view this
  IdTable ids;           // entries in node order
  IdTable labels;        // own branch labels -> the labelled revision; keys view the Revision labels

  const EdgeSet& edges(Edges kind) const { return kind == Edges::versioned ? versioned : all; }
  // The id of a node from the dense id table (entries are in node order), which hot loops read
  // instead of the much larger Revision objects.
  std::string_view id(Node node) const { return ids.entries()[node].first; }
  // Ids and labels longer than 3 characters, sorted, for Alembic's partial-id matching. Built on the
  // first partial lookup: most commands only ever look up full ids.
  const std::vector<std::pair<std::string_view, Node>>& prefix_keys() const;

 private:
  mutable std::once_flag prefix_once_;
  mutable std::vector<std::pair<std::string_view, Node>> prefix_keys_;
};

ReachLabels compute_reach_labels(const Csr& parents, const Csr& children);

// Alembic's identifier lookup without branch filtering: an exact id, an exact branch label, or else
// the revisions whose id or label (longer than 3 characters) starts with `text`, in key order.
struct Lookup {
  enum class Status { found, missing, ambiguous } status;
  Node node = kNoNode;
  std::vector<Node> candidates;  // every prefix match, when there is no exact match
};
Lookup lookup_ident(const GraphIndex& index, std::string_view text);

}  // namespace godwit::core::graph::detail
