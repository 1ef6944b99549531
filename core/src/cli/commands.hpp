#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "godwit/core/config/config.hpp"
#include "godwit/core/runner/run_observer.hpp"

// One function per CLI verb: each wires config, project, database and runner together and writes its
// result to `out`. Errors are thrown as core::Error and reported once, by main().
namespace godwit::core::cli {

struct CommandEnv {
  config::Config config;
  std::ostream& out;
  bool terminal = false;                    // stderr is a terminal: draw progress bars
  runner::RunObserver* observer = nullptr;  // the supervisor's, in a supervised migration process
};

struct HeadsOptions {
  bool verbose = false;
  bool resolve_dependencies = false;
  bool json = false;
};
struct BranchesOptions {
  bool verbose = false;
};
struct HistoryOptions {
  std::string range;
  bool verbose = false;
  bool indicate_current = false;
  bool applied = false;
  std::size_t limit = 50;
  bool json = false;
};
struct ShowOptions {
  std::vector<std::string> revisions;
};
struct GraphOptions {
  std::string format = "text";
};
struct CurrentOptions {
  bool verbose = false;
  bool check_heads = false;
  bool json = false;
};
struct MigrateOptions {
  std::string target;
  bool sql = false;
  bool dry_run = false;
  int wait_for_db = 0;  // seconds
};
struct StampOptions {
  std::vector<std::string> revisions;
  bool purge = false;
  bool sql = false;
};
struct StatusOptions {
  bool json = false;
  std::size_t history_limit = 10;
};
struct CheckOptions {
  bool allow_modified = false;  // applied revisions edited or removed since do not fail the check
};
struct VerifyOptions {
  bool json = false;
};

int heads(const CommandEnv& env, const HeadsOptions& options);
int branches(const CommandEnv& env, const BranchesOptions& options);
int history(const CommandEnv& env, const HistoryOptions& options);
int show(const CommandEnv& env, const ShowOptions& options);
int graph(const CommandEnv& env, const GraphOptions& options);
int current(const CommandEnv& env, const CurrentOptions& options);
int upgrade(const CommandEnv& env, const MigrateOptions& options);
int downgrade(const CommandEnv& env, const MigrateOptions& options);
int stamp(const CommandEnv& env, const StampOptions& options);
int check(const CommandEnv& env, const CheckOptions& options);
int status(const CommandEnv& env, const StatusOptions& options);
int verify(const CommandEnv& env, const VerifyOptions& options);

}  // namespace godwit::core::cli
