#pragma once

#include <set>
#include <string>

#include "godwit/core/graph/revision.hpp"

namespace godwit::core::cli {

// Alembic's Script.cmd_format and log_entry, so godwit's output reads like alembic's.
struct FormatOptions {
  bool verbose = false;
  bool include_branches = true;
  bool include_doc = false;
  bool include_parents = false;
  bool tree_indicators = true;
  bool head_indicators = true;
  const std::set<std::string>* current = nullptr;  // mark "(current)"
};

std::string format_revision(const graph::Revision& revision, const FormatOptions& options);

// The multi-line verbose block ("Rev: ...", "Parent: ...", "Path: ...", message).
std::string log_entry(const graph::Revision& revision, const std::set<std::string>* current);

}  // namespace godwit::core::cli
