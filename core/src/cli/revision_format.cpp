#include "revision_format.hpp"

#include "godwit/core/text.hpp"

namespace godwit::core::cli {

namespace {

std::string down_text(const graph::Revision& revision) {
  return revision.down_revisions().empty() ? "<base>" : text::join(revision.down_revisions());
}

bool is_current(const graph::Revision& revision, const std::set<std::string>* current) {
  return current && current->count(revision.id()) != 0;
}

}  // namespace

std::string format_revision(const graph::Revision& revision, const FormatOptions& o) {
  if (o.verbose) return log_entry(revision, o.current);
  std::string line = revision.id();
  if (o.include_parents) {
    if (!revision.depends_on().empty())
      line = down_text(revision) + " (" + text::join(revision.depends_on()) + ") -> " + line;
    else
      line = down_text(revision) + " -> " + line;
  }
  if (o.include_branches && !revision.branch_labels().empty())
    line += " (" + text::join(revision.branch_labels()) + ")";
  if (o.head_indicators || o.tree_indicators) {
    if (revision.is_real_head()) line += " (head)";
    if (revision.is_head() && !revision.is_real_head()) line += " (effective head)";
    if (is_current(revision, o.current)) line += " (current)";
  }
  if (o.tree_indicators) {
    if (revision.is_branch_point()) line += " (branchpoint)";
    if (revision.is_merge_point()) line += " (mergepoint)";
  }
  if (o.include_doc) line += ", " + revision.message();
  return line;
}

std::string log_entry(const graph::Revision& revision, const std::set<std::string>* current) {
  std::string entry = "Rev: " + revision.id();
  if (revision.is_head()) entry += " (head)";
  if (revision.is_branch_point()) entry += " (branchpoint)";
  if (revision.is_merge_point()) entry += " (mergepoint)";
  if (is_current(revision, current)) entry += " (current)";
  entry += "\n";
  entry += (revision.is_merge_point() ? "Merges: " : "Parent: ") + down_text(revision) + "\n";
  if (!revision.depends_on().empty()) entry += "Also depends on: " + text::join(revision.depends_on()) + "\n";
  if (revision.is_branch_point()) entry += "Branches into: " + text::join(revision.next_revisions()) + "\n";
  if (!revision.branch_labels().empty())
    entry += "Branch names: " + text::join(revision.branch_labels()) + "\n";
  entry += "Path: " + revision.source() + "\n\n";
  entry += "    " + revision.message() + "\n\n";
  entry += "    Revision ID: " + revision.id() + "\n";
  entry += "    Revises: " + text::join(revision.down_revisions()) + "\n";
  return entry;
}

}  // namespace godwit::core::cli
