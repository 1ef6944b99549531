#pragma once

#include <string>
#include <vector>

#include "godwit/core/app/database.hpp"
#include "godwit/core/app/project.hpp"

namespace godwit::core::app {

// Where a database stands against the project's scripts.
struct DatabaseState {
  std::vector<std::string> heads;               // version table rows, in the table's order
  std::vector<std::string> unknown;             // rows no plugin declares
  std::vector<const graph::Revision*> pending;  // what `upgrade heads` would run, in order

  bool at_head() const { return unknown.empty() && pending.empty(); }
  // Empty at head; otherwise one line saying why not.
  std::string not_at_head_reason() const;
};

DatabaseState read_database_state(Project& project, Database& database);

}  // namespace godwit::core::app
