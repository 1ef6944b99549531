#include "revision_format.hpp"

namespace godwit::core::cli {

namespace {

std::string down_text(const graph::Revision& revision) {
  return revision.down_revisions().empty() ? "<base>" : join_ids(revision.down_revisions());
}

bool is_current(const graph::Revision& revision, const std::set<std::string>* current) {
  return current && current->count(revision.id()) != 0;
}

}  // namespace

std::string join_ids(const std::vector<std::string>& ids) {
  std::string text;
  for (const auto& id : ids) text += (text.empty() ? "" : ", ") + id;
  return text;
}

std::string format_revision(const graph::Revision& revision, const FormatOptions& o) {
  if (o.verbose) return log_entry(revision, o.current);
  std::string text = revision.id();
  if (o.include_parents) {
    if (!revision.depends_on().empty())
      text = down_text(revision) + " (" + join_ids(revision.depends_on()) + ") -> " + text;
    else
      text = down_text(revision) + " -> " + text;
  }
  if (o.include_branches && !revision.branch_labels().empty()) text += " (" + join_ids(revision.branch_labels()) + ")";
  if (o.head_indicators || o.tree_indicators) {
    if (revision.is_real_head()) text += " (head)";
    if (revision.is_head() && !revision.is_real_head()) text += " (effective head)";
    if (is_current(revision, o.current)) text += " (current)";
  }
  if (o.tree_indicators) {
    if (revision.is_branch_point()) text += " (branchpoint)";
    if (revision.is_merge_point()) text += " (mergepoint)";
  }
  if (o.include_doc) text += ", " + revision.message();
  return text;
}

std::string log_entry(const graph::Revision& revision, const std::set<std::string>* current) {
  std::string entry = "Rev: " + revision.id();
  if (revision.is_head()) entry += " (head)";
  if (revision.is_branch_point()) entry += " (branchpoint)";
  if (revision.is_merge_point()) entry += " (mergepoint)";
  if (is_current(revision, current)) entry += " (current)";
  entry += "\n";
  entry += (revision.is_merge_point() ? "Merges: " : "Parent: ") + down_text(revision) + "\n";
  if (!revision.depends_on().empty()) entry += "Also depends on: " + join_ids(revision.depends_on()) + "\n";
  if (revision.is_branch_point()) entry += "Branches into: " + join_ids(revision.next_revisions()) + "\n";
  if (!revision.branch_labels().empty()) entry += "Branch names: " + join_ids(revision.branch_labels()) + "\n";
  entry += "Path: " + revision.source() + "\n\n";
  entry += "    " + revision.message() + "\n\n";
  entry += "    Revision ID: " + revision.id() + "\n";
  entry += "    Revises: " + join_ids(revision.down_revisions()) + "\n";
  return entry;
}

}  // namespace godwit::core::cli
