#pragma once

#include <chrono>
#include <memory>

#include "godwit/core/app/database.hpp"
#include "godwit/core/app/project.hpp"
#include "godwit/core/config/config.hpp"

namespace godwit::core::app {

// What an online command works with: the project's revisions and a connected database.
struct Session {
  std::unique_ptr<Project> project;
  std::unique_ptr<Database> database;
};

// Opens the project and connects to the database at the same time: plugin discovery and the driver's
// load and connection are independent, and each takes 10-25 ms on a project of 1,000 plugins. Errors are
// those of Project::open, then of Database::connect: when the project cannot be opened, its error is
// reported once the connection attempt under way has ended (a wait for the database is abandoned).
Session open_session(const config::Config& config,
                     std::chrono::seconds wait_for_db = std::chrono::seconds(0));

}  // namespace godwit::core::app
