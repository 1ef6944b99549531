// upgrade, downgrade and stamp: online through the runner, offline (--sql) through the script writer.
#include <iostream>
#include <set>

#include "../commands.hpp"
#include "../target_range.hpp"
#include "godwit/core/app/database.hpp"
#include "godwit/core/app/project.hpp"
#include "godwit/core/app/session.hpp"
#include "godwit/core/error.hpp"
#include "godwit/core/graph/plan.hpp"
#include "godwit/core/graph/revision.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/runner/offline_runner.hpp"
#include "godwit/core/runner/online_runner.hpp"
#include "godwit/core/runner/step_text.hpp"

namespace godwit::core::cli {

namespace {

using Direction = graph::Direction;

graph::Plan plan(const graph::RevisionGraph& revisions, Direction direction,
                 const std::vector<std::string>& current, const std::string& target) {
  return direction == Direction::upgrade ? graph::plan_upgrade(revisions, current, target)
                                         : graph::plan_downgrade(revisions, current, target);
}

runner::RunSettings run_settings(const CommandEnv& env) {
  runner::RunSettings settings;
  settings.transaction_per_revision = env.config.transaction_per_revision;
  settings.lock_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(env.config.lock_timeout);
  settings.options = env.config.options;
  settings.terminal = env.terminal;
  settings.observer = env.observer;
  return settings;
}

int migrate_offline(const CommandEnv& env, app::Project& project, Direction direction,
                    const MigrateOptions& options) {
  const auto range = split_offline_range(project.graph(), options.target, direction);
  const auto database = app::Database::offline(env.config);
  runner::ScriptWriter writer(env.out, database->dialect());
  const graph::Plan steps = plan(project.graph(), direction, range.start_heads, range.end);
  writer.comment("godwit " + std::string(direction == Direction::upgrade ? "upgrade " : "downgrade ") +
                 options.target + " (" + std::to_string(steps.steps.size()) + " steps, generated offline)");
  writer.prologue();
  runner::OfflineSettings settings{env.config.transaction_per_revision, env.config.options};
  runner::render_plan(writer, steps, range.start_heads, database->tables(), project.revisions(), settings);
  return 0;
}

int print_dry_run(const CommandEnv& env, const std::vector<std::string>& current, const graph::Plan& steps) {
  env.out << "Database is at " << runner::describe_heads(current) << "\n";
  if (steps.steps.empty()) {
    env.out << "Nothing to do\n";
    return 0;
  }
  for (const auto& step : steps.steps) env.out << "  " << runner::describe_step(step) << "\n";
  env.out << "Would leave the database at " << runner::describe_heads(steps.resulting_heads) << "\n";
  return 0;
}

int migrate(const CommandEnv& env, Direction direction, const MigrateOptions& options) {
  if (options.sql) return migrate_offline(env, *app::Project::open(env.config), direction, options);
  if (options.target.find(':') != std::string::npos)
    throw Error(ErrorCategory::usage, "a 'start:end' range is only allowed with --sql");
  const app::Session session = app::open_session(env.config, std::chrono::seconds(options.wait_for_db));
  const auto& project = session.project;
  const auto& database = session.database;
  const auto planner = [&](const std::vector<std::string>& current) {
    return plan(project->graph(), direction, current, options.target);
  };
  if (options.dry_run) {
    runner::VersionTable versions(database->tables(), database->dialect());
    const auto current = versions.read(database->work());
    return print_dry_run(env, current, planner(current));
  }
  runner::OnlineRunner runner(
      database->work(), [&]() -> driver::Connection& { return database->lock_connection(); },
      database->tables(), database->dialect(), project->revisions(), run_settings(env));
  const auto result = runner.run(planner);
  if (result.steps == 0)
    log::info("runner", "Nothing to do: the database is at " + runner::describe_heads(result.heads_after));
  else
    log::info("runner", "Done: " + std::to_string(result.steps) + " step(s); the database is at " +
                            runner::describe_heads(result.heads_after));
  return 0;
}

}  // namespace

int upgrade(const CommandEnv& env, const MigrateOptions& options) {
  return migrate(env, Direction::upgrade, options);
}

int downgrade(const CommandEnv& env, const MigrateOptions& options) {
  return migrate(env, Direction::downgrade, options);
}

int stamp(const CommandEnv& env, const StampOptions& options) {
  if (options.sql) {
    const auto project = app::Project::open(env.config);
    const auto& revisions = project->graph();
    std::vector<std::string> targets = options.revisions;
    std::vector<std::string> start;
    if (targets.size() == 1 && targets[0].find(':') != std::string::npos) {
      const auto range = split_offline_range(revisions, targets[0], Direction::upgrade);
      start = range.start_heads;
      targets = {range.end};
    }
    const auto database = app::Database::offline(env.config);
    runner::ScriptWriter writer(env.out, database->dialect());
    std::vector<std::string> resulting;
    const auto changes = graph::plan_stamp(revisions, start, targets, options.purge, &resulting);
    writer.comment("godwit stamp " + runner::describe_heads(targets) + " (generated offline)");
    writer.prologue();
    runner::render_stamp(writer, changes, start, database->tables());
    return 0;
  }
  const app::Session session = app::open_session(env.config);
  const auto& revisions = session.project->graph();
  const auto& database = session.database;
  runner::OnlineRunner runner(
      database->work(), [&]() -> driver::Connection& { return database->lock_connection(); },
      database->tables(), database->dialect(), session.project->revisions(), run_settings(env));
  const auto result =
      runner.stamp([&](const std::vector<std::string>& current, std::vector<std::string>* resulting) {
        return graph::plan_stamp(revisions, current, options.revisions, options.purge, resulting);
      });
  log::info("runner", "Stamped: the database is at " + runner::describe_heads(result.heads_after));
  return 0;
}

}  // namespace godwit::core::cli
