#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "godwit/core/error.hpp"
#include "godwit/core/text.hpp"
#include "graph_index.hpp"

namespace godwit::core::graph::detail {

[[noreturn]] void fail_graph(const std::string& message);
[[noreturn]] void fail_usage(const std::string& message);

using text::join;
std::string ids_text(const RevisionGraph& graph, const std::vector<Node>& nodes);
std::vector<std::string> ids_of(const RevisionGraph& graph, const std::vector<Node>& nodes);
// "id" or "id (plugins/x.so)": how build errors name a revision.
std::string describe(const Revision& revision);

// Alembic's MultipleHeads, with the way out: "Multiple heads are present for target 'head'; use
// 'heads' or a specific head: a1b2, c3d4".
[[noreturn]] void fail_multiple_heads(const std::vector<std::string>& heads, std::string_view argument);
// Alembic's "Relative revision -3 didn't produce 3 migrations".
// `symbol` is the revision the step counts from, empty when it counts from the current heads.
[[noreturn]] void fail_relative(long long step, std::string_view symbol = {});
std::string step_text(long long step);  // "+2" / "-3"

// Alembic's RangeNotAncestorError, caught by each command and worded for it.
struct RangeNotAncestor {
  std::string lower;
  std::string upper;
  Node target = kNoNode;  // the resolved destination, when there is one
};

}  // namespace godwit::core::graph::detail
