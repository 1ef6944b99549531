#pragma once

// White-box access to Alembic's RevisionMap.iterate_revisions(upper, lower, inclusive, implicit_base,
// select_for_downgrade), which test_revision.py exercises directly.
#include "collect.hpp"
#include "graph_test_support.hpp"
#include "messages.hpp"
#include "topo_sort.hpp"

namespace godwit::core::graph::testing {

// A revision argument as Alembic tests write it: a string, a tuple of ids, or None.
struct Arg {
  detail::RevArg value;
  Arg(const char* text) : value(detail::RevArg::text(text)) {}  // NOLINT: implicit, reads like Python
  Arg(std::initializer_list<const char*> items)
      : value(detail::RevArg::list(Ids(items.begin(), items.end()))) {}
  static Arg none() { return Arg(std::initializer_list<const char*>{}); }
};

struct IterateOptions {
  bool inclusive = true;
  bool implicit_base = false;
  bool downgrade = false;
};

inline Ids iterate(const RevisionGraph& graph, const Arg& upper, const Arg& lower,
                   IterateOptions options = {}) {
  detail::Resolver resolver(graph);
  detail::Collected collected;
  try {
    if (options.downgrade) {
      const std::string target = lower.value.items.empty() ? "base" : lower.value.items.front();
      collected =
          detail::collect_downgrade(resolver, upper.value, target, options.inclusive, options.implicit_base);
    } else {
      collected = detail::collect_upgrade(resolver, upper.value, lower.value, options.inclusive,
                                          options.implicit_base, true);
    }
  } catch (const detail::RangeNotAncestor& e) {
    detail::fail_graph("Revision " + e.lower + " is not an ancestor of revision " + e.upper);
  }
  Ids out;
  for (detail::Node node : detail::topological_sort(graph, collected.todo, collected.heads))
    out.push_back(graph.at(node).id());
  return out;
}

}  // namespace godwit::core::graph::testing
