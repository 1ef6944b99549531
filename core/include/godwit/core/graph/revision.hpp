#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace godwit::core::graph {

// One revision as its plugin declares it: the input to RevisionGraph::build. Specs are given in
// tie-break order (sorted plugin file order, then declaration order); every ordering choice the graph
// makes falls back on that order.
struct RevisionSpec {
  std::string id;
  std::vector<std::string> down_revisions;  // empty = a base (root); 2+ = a merge point
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;  // full ids, unique prefixes or branch labels (as Alembic allows)
  std::string message;
  std::string source;  // where it came from, e.g. "plugins/1975ea83b712_add.so"; named in error messages
};

class RevisionGraph;
namespace detail {
class GraphBuilder;
}

// A node of the revision graph. Revisions are owned by their RevisionGraph: pointers and references
// stay valid for the graph's lifetime, moves of the graph included.
//
// Alembic distinguishes edges from `down_revision` ("versioned" edges, which the version table
// follows) from `depends_on` edges (which only order the steps). The plain predicates below follow
// versioned edges; the `real_` ones count dependencies too, as Alembic's `_is_real_head` etc. do.
class Revision {
 public:
  const std::string& id() const { return id_; }
  std::size_t index() const { return index_; }  // tie-break order: position in the specs given to build()
  const std::vector<std::string>& down_revisions() const { return down_revisions_; }  // as declared
  const std::vector<std::string>& depends_on() const {
    return depends_on_;
  }  // resolved full ids, no duplicates
  // depends_on() minus the dependencies some down_revision ancestor already declares (Alembic's
  // "normalized" dependencies): the edges a step actually waits for.
  const std::vector<std::string>& normalized_depends_on() const { return normalized_depends_on_; }
  const std::vector<std::string>& own_branch_labels() const { return own_branch_labels_; }  // as declared
  // Own labels plus those Alembic propagates along the branch (to descendants, and down to the
  // nearest branch or merge point): what `label@...` targets and `history` match. Sorted.
  const std::vector<std::string>& branch_labels() const { return branch_labels_; }
  const std::string& message() const { return message_; }
  const std::string& source() const { return source_; }

  const std::vector<const Revision*>& parents() const { return parents_; }  // down_revisions(), as nodes
  // Alembic's `nextrev`: revisions naming this one in down_revisions, in tie-break order.
  const std::vector<const Revision*>& children() const { return children_; }
  const std::vector<std::string>& next_revisions() const { return next_revisions_; }  // children() as ids
  const std::vector<const Revision*>& dependents() const { return dependents_; }      // name it in depends_on

  bool is_head() const { return children_.empty(); }  // nothing builds on it through down_revision
  bool is_real_head() const { return children_.empty() && dependents_.empty(); }
  bool is_base() const { return down_revisions_.empty(); }
  bool is_real_base() const { return down_revisions_.empty() && depends_on_.empty(); }
  bool is_branch_point() const { return children_.size() > 1; }
  bool is_real_branch_point() const { return real_next_count_ > 1; }  // children and dependents, counted once
  bool is_merge_point() const { return down_revisions_.size() > 1; }

 private:
  friend class detail::GraphBuilder;

  std::string id_;
  std::size_t index_ = 0;
  std::vector<std::string> down_revisions_;
  std::vector<std::string> depends_on_;
  std::vector<std::string> normalized_depends_on_;
  std::vector<std::string> own_branch_labels_;
  std::vector<std::string> branch_labels_;
  std::string message_;
  std::string source_;
  std::vector<const Revision*> parents_;
  std::vector<const Revision*> children_;
  std::vector<std::string> next_revisions_;
  std::vector<const Revision*> dependents_;
  std::size_t real_next_count_ = 0;
};

}  // namespace godwit::core::graph
