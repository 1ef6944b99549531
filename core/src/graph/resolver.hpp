#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph_index.hpp"
#include "reach.hpp"

namespace godwit::core::graph::detail {

// Where a relative walk stands: on a revision, just below the bases ("base"), or nowhere (Alembic's
// None: a walk not started yet, or one that left the graph).
struct WalkPos {
  enum class Kind { nothing, base, node } kind = Kind::nothing;
  Node node = kNoNode;

  static WalkPos at(Node n) { return n == kNoNode ? WalkPos{} : WalkPos{Kind::node, n}; }
  bool is_node() const { return kind == Kind::node; }
};

// Alembic passes revision arguments either as one string (symbolic, relative, "label@...") or as a
// tuple of ids; several rules depend on which, so the distinction is kept.
struct RevArg {
  std::vector<std::string> items;
  bool is_text = false;

  static RevArg text(std::string value) { return {{std::move(value)}, true}; }
  static RevArg list(std::vector<std::string> values) { return {std::move(values), false}; }
  std::string describe() const;  // for messages; "base" when empty
};

// Alembic's RevisionMap symbol resolution (get_revisions, get_revision, _revision_for_ident,
// _resolve_branch, filter_for_lineage, _walk) over the index. Throws Error(graph) with Alembic's
// meaning: unknown names, ambiguous prefixes, several heads where one is needed, ambiguous walks.
class Resolver {
 public:
  explicit Resolver(const RevisionGraph& graph);

  const RevisionGraph& graph() const { return graph_; }
  const GraphIndex& index() const { return index_; }
  Reach& reach(Edges kind) { return kind == Edges::versioned ? versioned_ : all_; }

  struct Number {  // _resolve_revision_number: symbolic names replaced by ids, plus the branch part
    std::vector<std::string> ids;
    std::string branch;
  };
  Number resolve_number(std::string_view text);
  std::vector<Node> get_revisions(std::string_view text);  // kNoNode where a "-N" walk leaves the graph
  std::vector<Node> get_revisions(const RevArg& arg);
  Node get_revision(std::string_view text);  // kNoNode = base
  Node revision_for_ident(std::string_view id, std::string_view branch);
  Node resolve_branch(std::string_view label);
  std::vector<Node> filter_for_lineage(const std::vector<Node>& targets, std::string_view against,
                                       bool with_dependencies);
  bool shares_lineage(Node target, const std::vector<Node>& against, bool with_dependencies);
  WalkPos walk(WalkPos start, long long steps, std::string_view branch, bool no_overwalk);
  // _get_all_current: the current rows plus all they imply, reduced to branch tips.
  std::vector<Node> all_current(const std::vector<std::string>& ids);

  std::vector<Node> real_heads() const;       // no children, no dependents
  std::vector<Node> versioned_heads() const;  // no down_revision children
  std::vector<Node> bases() const;            // no down_revision

 private:
  Node current_head(std::string_view branch);
  std::vector<WalkPos> walk_candidates(WalkPos pos, bool up, std::string_view branch);

  const RevisionGraph& graph_;
  const GraphIndex& index_;
  Reach versioned_;
  Reach all_;
};

bool parse_negative(std::string_view text, long long& value);  // Python's int(text) < 0, for "-N"

}  // namespace godwit::core::graph::detail
