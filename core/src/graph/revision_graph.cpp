#include "godwit/core/graph/revision_graph.hpp"

#include "godwit/core/graph/history.hpp"
#include "graph_index.hpp"
#include "messages.hpp"

namespace godwit::core::graph {

namespace {

template <typename Predicate>
std::vector<const Revision*> select(const RevisionGraph& graph, Predicate keep) {
  std::vector<const Revision*> out;
  for (std::size_t i = 0; i < graph.size(); ++i)
    if (keep(graph.at(i))) out.push_back(&graph.at(i));
  return out;
}

}  // namespace

const Revision* RevisionGraph::find(std::string_view id_or_prefix) const {
  const detail::Lookup found = detail::lookup_ident(*index_, id_or_prefix);
  if (found.status == detail::Lookup::Status::ambiguous)
    detail::fail_graph("Multiple revisions start with '" + std::string(id_or_prefix) + "': " +
                       detail::ids_text(*this, found.candidates) + "; give more characters of the id");
  return found.status == detail::Lookup::Status::found ? &revisions_[found.node] : nullptr;
}

const Revision& RevisionGraph::get(std::string_view id_or_prefix) const {
  if (const Revision* revision = find(id_or_prefix)) return *revision;
  detail::fail_graph("No such revision or branch '" + std::string(id_or_prefix) + "'" +
                     (id_or_prefix.size() < 4
                          ? "; please ensure at least four characters are present for partial "
                            "revision identifier matches"
                          : "; check the id against `godwit history`"));
}

std::vector<const Revision*> RevisionGraph::heads() const {
  return select(*this, [](const Revision& r) { return r.is_real_head(); });
}

std::vector<const Revision*> RevisionGraph::effective_heads() const {
  return select(*this, [](const Revision& r) { return r.is_head(); });
}

std::vector<const Revision*> RevisionGraph::bases() const {
  return select(*this, [](const Revision& r) { return r.is_base(); });
}

std::vector<const Revision*> RevisionGraph::real_bases() const {
  return select(*this, [](const Revision& r) { return r.is_real_base(); });
}

std::vector<const Revision*> RevisionGraph::branch_points() const {
  std::vector<const Revision*> out;
  for (const Revision* revision : history(*this, "", {}))
    if (revision->is_branch_point()) out.push_back(revision);
  return out;
}

std::vector<const Revision*> RevisionGraph::all() const {
  return select(*this, [](const Revision&) { return true; });
}

}  // namespace godwit::core::graph
