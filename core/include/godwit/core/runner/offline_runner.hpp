#pragma once

#include <map>
#include <string>
#include <vector>

#include "godwit/core/graph/plan.hpp"
#include "godwit/core/runner/revision_source.hpp"
#include "godwit/core/runner/script_writer.hpp"
#include "godwit/core/runner/table_names.hpp"

namespace godwit::core::runner {

struct OfflineSettings {
  bool transaction_per_revision = false;
  std::map<std::string, std::string> options;
};

// Renders a plan as a SQL script (`upgrade --sql start:end`) with no connection: the revisions' statements,
// BEGIN/COMMIT as the transaction mode says, and the version-table statements. The history table is an
// online audit trail and is not written by scripts.
void render_plan(ScriptWriter& writer, const graph::Plan& plan, const std::vector<std::string>& start_heads,
                 const TableNames& names, RevisionSource& revisions, const OfflineSettings& settings);

void render_stamp(ScriptWriter& writer, const std::vector<graph::VersionChange>& changes,
                  const std::vector<std::string>& start_heads, const TableNames& names);

}  // namespace godwit::core::runner
