#include "graph_drawing.hpp"

#include <algorithm>

#include "godwit/core/text.hpp"
#include "revision_format.hpp"

namespace godwit::core::cli {

namespace {

std::string dot_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string lanes_line(std::size_t lane_count, const std::vector<std::pair<std::size_t, char>>& marks) {
  std::string line;
  for (std::size_t i = 0; i < lane_count; ++i) {
    char symbol = '|';
    for (const auto& [lane, mark] : marks)
      if (lane == i) symbol = mark;
    line += symbol;
    line += ' ';
  }
  return line;
}

}  // namespace

std::string render_dot(const graph::RevisionGraph& graph) {
  std::string out = "digraph godwit {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (const graph::Revision* revision : graph.all()) {
    std::string label = revision->id();
    if (!revision->branch_labels().empty()) label += " (" + text::join(revision->branch_labels()) + ")";
    if (!revision->message().empty()) label += "\n" + revision->message();
    out += "  " + dot_quote(revision->id()) + " [label=" + dot_quote(label);
    if (revision->is_head()) out += ", style=bold";
    out += "];\n";
  }
  for (const graph::Revision* revision : graph.all()) {
    for (const auto& parent : revision->down_revisions())
      out += "  " + dot_quote(revision->id()) + " -> " + dot_quote(parent) + ";\n";
    for (const auto& dependency : revision->depends_on())
      out += "  " + dot_quote(revision->id()) + " -> " + dot_quote(dependency) + " [style=dashed];\n";
  }
  return out + "}\n";
}

std::string render_text(const std::vector<const graph::Revision*>& order) {
  std::string out;
  std::vector<std::string> lanes;  // the revision each open lane is waiting for
  for (const graph::Revision* revision : order) {
    std::vector<std::size_t> waiting;
    for (std::size_t i = 0; i < lanes.size(); ++i)
      if (lanes[i] == revision->id()) waiting.push_back(i);
    if (waiting.empty()) {
      lanes.push_back(revision->id());
      waiting.push_back(lanes.size() - 1);
    }
    const std::size_t column = waiting.front();
    if (waiting.size() > 1) {  // branches converge on this revision
      std::vector<std::pair<std::size_t, char>> marks;
      for (std::size_t k = 1; k < waiting.size(); ++k) marks.emplace_back(waiting[k], '/');
      out += lanes_line(lanes.size(), marks) + "\n";
      for (std::size_t k = waiting.size(); k-- > 1;)
        lanes.erase(lanes.begin() + static_cast<long>(waiting[k]));
    }
    FormatOptions options;
    options.include_doc = !revision->message().empty();
    out += lanes_line(lanes.size(), {{column, '*'}}) + format_revision(*revision, options) + "\n";
    const auto& parents = revision->down_revisions();
    if (parents.empty()) {
      lanes.erase(lanes.begin() + static_cast<long>(column));
      continue;
    }
    lanes[column] = parents.front();
    if (parents.size() > 1) {  // a merge point opens one lane per further parent
      std::vector<std::pair<std::size_t, char>> marks;
      for (std::size_t k = 1; k < parents.size(); ++k) {
        lanes.insert(lanes.begin() + static_cast<long>(column + k), parents[k]);
        marks.emplace_back(column + k, '\\');
      }
      out += lanes_line(lanes.size(), marks) + "\n";
    }
  }
  return out;
}

}  // namespace godwit::core::cli
