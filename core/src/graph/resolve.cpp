#include "godwit/core/graph/resolve.hpp"

#include "godwit/core/graph/target.hpp"
#include "messages.hpp"
#include "resolver.hpp"

namespace godwit::core::graph {

namespace {

// A standalone symbol has no current rows to count from, so of the relative forms only Alembic's
// "-N" / "label@-N" (down from the heads) means something here.
void check_standalone(std::string_view text) {
  const Destination dest = parse_destination(text);
  if (dest.is_relative() && (!dest.symbol.empty() || *dest.step >= 0))
    detail::fail_usage("Target '" + dest.text +
                       "' is relative to the database's current revisions; use it with upgrade or downgrade");
}

}  // namespace

std::vector<const Revision*> resolve_revisions(const RevisionGraph& graph, std::string_view text) {
  check_standalone(text);
  detail::Resolver resolver(graph);
  std::vector<const Revision*> out;
  for (detail::Node node : resolver.get_revisions(text))
    if (node != detail::kNoNode) out.push_back(&graph.at(node));
  return out;
}

const Revision* resolve_revision(const RevisionGraph& graph, std::string_view text) {
  check_standalone(text);
  detail::Resolver resolver(graph);
  const detail::Node node = resolver.get_revision(text);
  return node == detail::kNoNode ? nullptr : &graph.at(node);
}

}  // namespace godwit::core::graph
