#pragma once

#include <map>
#include <string>
#include <vector>

#include "godwit/core/graph/revision_graph.hpp"
#include "graph_index.hpp"

namespace godwit::core::graph::detail {

using LabelSet = std::vector<std::uint32_t>;  // sorted label ids
struct LabelSets;

// Turns specs into a validated RevisionGraph. Each stage validates what the next one relies on, so
// errors come out in a fixed order: per-revision syntax, duplicate ids, duplicate labels, missing
// down_revisions, cycles, dependencies, dependency cycles.
class GraphBuilder {
 public:
  explicit GraphBuilder(std::vector<RevisionSpec> specs);
  RevisionGraph build();

 private:
  // graph_builder.cpp
  void index_ids();
  void index_labels();
  void link_down_revisions();
  Csr merged_parents(const std::vector<std::vector<Node>>& extra) const;
  void link_nodes();
  // build_checks.cpp
  void check_revision(const Revision& revision) const;
  void check_labels(const Revision& revision) const;
  std::vector<Node> check_acyclic(const EdgeSet& edges, bool with_dependencies) const;
  // build_dependencies.cpp
  void resolve_dependencies();
  Node resolve_dependency(const Revision& revision, const std::string& text) const;
  void normalize_dependencies();
  void mark_redundant_parents();
  // build_labels.cpp
  void propagate_labels();
  void inherit_labels(const std::map<std::string, std::uint32_t>& label_ids, LabelSets& sets) const;
  void extend_labels_down(LabelSets& sets) const;

  Revision& revision(Node node) { return graph_.revisions_[node]; }
  const Revision& revision(Node node) const { return graph_.revisions_[node]; }
  std::size_t size() const { return graph_.revisions_.size(); }

  RevisionGraph graph_;
  GraphIndex& index_;
  std::vector<std::vector<Node>> down_;        // versioned parents, as declared
  std::vector<std::vector<Node>> depends_;     // resolved depends_on, declaration order
  std::vector<std::vector<Node>> normalized_;  // depends_ minus those an ancestor declares
  std::vector<Node> topo_order_;               // versioned edges, parents first
  EdgeSet raw_;  // down_revisions + every resolved dependency (before normalization); no labels
};

}  // namespace godwit::core::graph::detail
