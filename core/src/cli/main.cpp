#include <CLI/CLI.hpp>
#include <csignal>
#include <functional>
#include <iostream>

#include "commands.hpp"
#include "godwit/core/config/database_url.hpp"
#include "godwit/core/error.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/plugin/abi_check.hpp"
#include "godwit/core/runner/revision_services.hpp"
#include "godwit/core/supervisor/supervisor.hpp"
#include "godwit/driver/secret_masker.hpp"
#include "godwit/version.hpp"
#include "usage_errors.hpp"

namespace {

using namespace godwit::core;
namespace usage = godwit::core::cli::usage;

struct GlobalOptions {
  config::Overrides overrides;
  std::string config_file;
  std::vector<std::string> plugin_dirs;
  std::vector<std::string> arguments;
  std::string url;
  int lock_timeout = -1;
  bool transaction_per_revision = false;
  bool quiet = false;
  bool verbose = false;
  std::string plugin_trust;
};

void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_option("-c,--config", g.config_file, "Configuration file (default: ./godwit.yaml)");
  app.add_option("--plugin-dir", g.plugin_dirs,
                 "Directory of revision plugins (repeatable; replaces the config's)");
  app.add_option("--url", g.url, "Database URL; wins over the config and DATABASE_URL");
  app.add_option("-x", g.arguments, "KEY=VALUE passed to revisions (Context::option)");
  app.add_option("--lock-timeout", g.lock_timeout, "Seconds to wait for another runner's migration lock");
  app.add_flag("--transaction-per-revision", g.transaction_per_revision,
               "Commit after each revision instead of once for the whole run");
  app.add_flag("--skip-invalid", g.overrides.skip_invalid_plugins,
               "Warn about and skip plugin files that fail validation");
  app.add_option("--plugin-trust", g.plugin_trust,
                 "strict (default): refuse group/world-writable plugins; warn: only warn; off: no checks")
      ->check(CLI::IsMember({"strict", "warn", "off"}));
  app.add_flag("-q,--quiet", g.quiet, "Only log warnings and errors");
  app.add_flag("-v,--verbose", g.verbose, "Log debug detail (also: DEBUG=1)");
}

config::Overrides overrides_from(GlobalOptions& g) {
  config::Overrides o = g.overrides;
  if (!g.config_file.empty()) o.config_file = g.config_file;
  for (const auto& dir : g.plugin_dirs) o.plugin_dirs.emplace_back(dir);
  if (!g.url.empty()) o.url = g.url;
  if (g.lock_timeout >= 0) o.lock_timeout = std::chrono::seconds(g.lock_timeout);
  if (g.transaction_per_revision) o.transaction_per_revision = true;
  if (!g.plugin_trust.empty()) o.plugin_trust = config::parse_plugin_trust(g.plugin_trust);
  for (const auto& argument : g.arguments) {
    const auto eq = argument.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(ErrorCategory::usage, "-x expects KEY=VALUE, got '" + argument + "'");
    o.arguments[argument.substr(0, eq)] = argument.substr(eq + 1);
  }
  return o;
}

using Action = std::function<int(const cli::CommandEnv&)>;

struct Verbs {
  cli::HeadsOptions heads;
  cli::BranchesOptions branches;
  cli::HistoryOptions history;
  cli::ShowOptions show;
  cli::GraphOptions graph;
  cli::CurrentOptions current;
  cli::MigrateOptions upgrade;
  cli::MigrateOptions downgrade;
  cli::StampOptions stamp;
  cli::StatusOptions status;
  cli::CheckOptions check;
  cli::VerifyOptions verify;
};

void add_migrate_options(CLI::App* verb, cli::MigrateOptions& o, const char* target_help) {
  verb->add_option("target", o.target, target_help)->required();
  verb->add_flag("--sql", o.sql,
                 "Write the SQL to stdout instead of running it (offline; 'start:end' allowed)");
  verb->add_flag("--dry-run,--plan", o.dry_run, "Print the steps an online run would take, change nothing");
  verb->add_option("--wait-for-db", o.wait_for_db, "Retry connecting for up to this many seconds");
}

void add_verbs(CLI::App& app, Verbs& v, Action& action) {
  auto* heads = app.add_subcommand("heads", "Show the current head revisions of the scripts");
  heads->add_flag("-v,--verbose", v.heads.verbose, "Full revision details");
  heads->add_flag("--resolve-dependencies", v.heads.resolve_dependencies,
                  "Treat depends_on as down revisions");
  heads->add_flag("--json", v.heads.json, "Machine-readable output");
  heads->callback([&] { action = [&](const cli::CommandEnv& env) { return cli::heads(env, v.heads); }; });

  auto* branches = app.add_subcommand("branches", "Show the branch points");
  branches->add_flag("-v,--verbose", v.branches.verbose, "Full revision details");
  branches->callback(
      [&] { action = [&](const cli::CommandEnv& env) { return cli::branches(env, v.branches); }; });

  auto* history = app.add_subcommand("history", "List revisions in order, newest first");
  history->add_option("-r,--rev-range", v.history.range, "Range START:END (either side may be empty)");
  history->add_flag("-v,--verbose", v.history.verbose, "Full revision details");
  history->add_flag("-i,--indicate-current", v.history.indicate_current,
                    "Mark the database's current revisions");
  history->add_flag("--applied", v.history.applied, "Show what godwit did to the database (history table)");
  history->add_option("--limit", v.history.limit, "With --applied: how many entries (default 50)");
  history->add_flag("--json", v.history.json, "Machine-readable output");
  history->callback(
      [&] { action = [&](const cli::CommandEnv& env) { return cli::history(env, v.history); }; });

  auto* show = app.add_subcommand("show", "Show revisions in detail ('current' for the database's)");
  show->add_option("revisions", v.show.revisions, "Revisions, or 'current', 'head', 'heads', 'base'")
      ->required();
  show->callback([&] { action = [&](const cli::CommandEnv& env) { return cli::show(env, v.show); }; });

  auto* graph = app.add_subcommand("graph", "Draw the revision graph");
  graph->add_option("--format", v.graph.format, "text (default) or dot (Graphviz)")
      ->check(CLI::IsMember({"text", "dot"}));
  graph->callback([&] { action = [&](const cli::CommandEnv& env) { return cli::graph(env, v.graph); }; });

  auto* current = app.add_subcommand("current", "Show the database's current revisions");
  current->add_flag("-v,--verbose", v.current.verbose, "Full revision details");
  current->add_flag("--check-heads", v.current.check_heads,
                    "Exit 1 unless the database is at the script heads");
  current->add_flag("--json", v.current.json, "Machine-readable output");
  current->callback(
      [&] { action = [&](const cli::CommandEnv& env) { return cli::current(env, v.current); }; });

  auto* upgrade = app.add_subcommand("upgrade", "Upgrade the database to a later revision");
  add_migrate_options(upgrade, v.upgrade, "Target: head, heads, a revision, +N, label@head, ...");
  upgrade->callback(
      [&] { action = [&](const cli::CommandEnv& env) { return cli::upgrade(env, v.upgrade); }; });

  auto* downgrade = app.add_subcommand("downgrade", "Revert the database to an earlier revision");
  add_migrate_options(downgrade, v.downgrade, "Target: base, a revision, -N, label@-N, ...");
  downgrade->callback(
      [&] { action = [&](const cli::CommandEnv& env) { return cli::downgrade(env, v.downgrade); }; });

  auto* stamp = app.add_subcommand("stamp", "Set the version table to revisions without running them");
  stamp->add_option("revisions", v.stamp.revisions, "Revisions (head, heads, base, ids)")->required();
  stamp->add_flag("--purge", v.stamp.purge, "Delete all version rows first");
  stamp->add_flag("--sql", v.stamp.sql, "Write the SQL to stdout instead of running it");
  stamp->callback([&] { action = [&](const cli::CommandEnv& env) { return cli::stamp(env, v.stamp); }; });

  auto* check = app.add_subcommand("check", "Exit 0 only if the database is at the script heads");
  check->add_flag("--allow-modified", v.check.allow_modified,
                  "Do not fail on applied revisions edited or removed since (see verify)");
  check->callback([&] { action = [&](const cli::CommandEnv& env) { return cli::check(env, v.check); }; });

  auto* verify =
      app.add_subcommand("verify", "Exit 1 if an applied revision's source changed or its plugin is gone");
  verify->add_flag("--json", v.verify.json, "Machine-readable output");
  verify->callback([&] { action = [&](const cli::CommandEnv& env) { return cli::verify(env, v.verify); }; });

  auto* status =
      app.add_subcommand("status", "Current version, pending revisions, tables and recent history");
  status->add_flag("--json", v.status.json, "Machine-readable output");
  status->add_option("--history", v.status.history_limit, "How many history entries (default 10)");
  status->callback([&] { action = [&](const cli::CommandEnv& env) { return cli::status(env, v.status); }; });

  for (auto* verb : app.get_subcommands({})) verb->fallthrough();
}

// The verbs that load and run revision code: online and offline upgrade and downgrade, not a dry run.
bool runs_revision_code(const CLI::App& app, const Verbs& v) {
  return (app.got_subcommand("upgrade") && !v.upgrade.dry_run) ||
         (app.got_subcommand("downgrade") && !v.downgrade.dry_run);
}

// Runs `body`, printing what it throws as one line (passwords masked) and returning the exit code.
int report_errors(const std::function<int()>& body) {
  try {
    return body();
  } catch (const Error& e) {
    std::cout.flush();
    std::cerr << "godwit: error: " << godwit::driver::mask_secrets(e.what()) << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "godwit: error: " << godwit::driver::mask_secrets(e.what()) << "\n";
    return 1;
  }
}

int run(int argc, char** argv) {
  CLI::App app{"godwit: database migrations as compiled revision plugins"};
  // "godwit 0.2.0 (speaks SDK ABI 2.0 and driver API 2)": what plugins and drivers must be built for.
  app.set_version_flag("--version", std::string("godwit ") + GODWIT_SDK_VERSION_STRING + " (speaks " +
                                        plugin::host_interfaces() + ")");
  app.require_subcommand(1);
  GlobalOptions globals;
  Verbs verbs;
  Action action;
  add_global_options(app, globals);
  add_verbs(app, verbs, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (const auto why =
            e.get_exit_code() == 0 ? std::nullopt : usage::explain(app, {argv + 1, argv + argc})) {
      std::cerr << "godwit: error: " << *why << "\n";
      return 2;
    }
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  const auto environment = config::process_environment();
  auto config = config::load_config(overrides_from(globals), environment);
  config::register_database_secrets(config, environment);
  log::Settings settings;
  settings.level = globals.verbose || config.debug ? log::Level::debug
                   : globals.quiet                 ? log::Level::warning
                                                   : log::Level::info;
  settings.file = config.log_file;
  log::init(settings);
  cli::CommandEnv env{std::move(config), std::cout, runner::RevisionServices::stderr_is_terminal()};
  if (!runs_revision_code(app, verbs)) return action(env);
  // Revision code may end the process any way it likes: a supervisor process makes sure that never goes
  // unreported (core/supervisor).
  return supervisor::run_supervised(env.config, [&](runner::RunObserver& observer) {
    env.observer = &observer;
    return report_errors([&] { return action(env); });
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a dropped server connection must be an error, not a silent death
  return report_errors([&] { return run(argc, argv); });
}
