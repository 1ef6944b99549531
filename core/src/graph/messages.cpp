#include "messages.hpp"

#include <cstdlib>

namespace godwit::core::graph::detail {

void fail_graph(const std::string& message) {
  throw Error(ErrorCategory::graph, message);
}

void fail_usage(const std::string& message) {
  throw Error(ErrorCategory::usage, message);
}

std::vector<std::string> ids_of(const RevisionGraph& graph, const std::vector<Node>& nodes) {
  std::vector<std::string> ids;
  ids.reserve(nodes.size());
  for (Node node : nodes) ids.push_back(node == kNoNode ? std::string("base") : graph.at(node).id());
  return ids;
}

std::string ids_text(const RevisionGraph& graph, const std::vector<Node>& nodes) {
  return join(ids_of(graph, nodes));
}

std::string describe(const Revision& revision) {
  if (revision.source().empty()) return revision.id();
  return revision.id() + " (" + revision.source() + ")";
}

void fail_multiple_heads(const std::vector<std::string>& heads, std::string_view argument) {
  const std::string arg(argument);
  std::string advice = "name a single revision";
  const auto at = arg.rfind('@');
  const std::string symbol = at == std::string::npos ? arg : arg.substr(at + 1);
  if (symbol == "head") advice = "use '" + arg + "s' or a specific head";
  fail_graph("Multiple heads are present for target '" + arg + "'; " + advice + ": " + join(heads));
}

std::string step_text(long long step) {
  return (step < 0 ? "-" : "+") + std::to_string(std::llabs(step));
}

void fail_relative(long long step, std::string_view symbol) {
  fail_graph("Relative revision " + std::string(symbol) + step_text(step) + " didn't produce " +
             std::to_string(std::llabs(step)) +
             " migrations; the walk leaves the graph, use a smaller step or an absolute revision");
}

}  // namespace godwit::core::graph::detail
