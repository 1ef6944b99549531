#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace godwit::core::config {

// plugin_trust: who may change the plugin directories (see core/plugin/plugin_trust.hpp). strict refuses
// group/world-writable plugin files and directories; warn only warns; off checks nothing.
enum class PluginTrust { strict, warn, off };

// Everything a command needs to know about the project, after the YAML file, the environment and the
// command line have been merged (in that order of increasing precedence).
struct Config {
  std::optional<std::filesystem::path> file;  // the godwit.yaml that was read, if any
  std::optional<std::string> database_url;    // may hold a password: show only through DatabaseUrl::masked
  std::vector<std::filesystem::path> plugin_dirs;
  std::vector<std::filesystem::path> driver_dirs;  // extra places to look for database drivers
  std::string version_table = "alembic_version";
  std::string version_table_schema;  // empty: the connection's search_path
  std::string history_table = "godwit_history";
  bool transaction_per_revision = false;
  std::chrono::seconds lock_timeout{300};
  std::chrono::seconds connect_timeout{10};
  std::optional<std::filesystem::path> log_file;
  bool debug = false;
  std::map<std::string, std::string> options;  // `options:` in the file, then -x key=value
  bool skip_invalid_plugins = false;
  PluginTrust plugin_trust = PluginTrust::strict;  // then GODWIT_PLUGIN_TRUST, --plugin-trust
};

// What the command line says, to be merged over the file and the environment.
struct Overrides {
  std::optional<std::filesystem::path> config_file;  // -c; when absent, ./godwit.yaml if it exists
  std::vector<std::filesystem::path> plugin_dirs;    // --plugin-dir (replace the file's list)
  std::optional<std::string> url;                    // --url
  std::map<std::string, std::string> arguments;      // -x key=value
  std::optional<std::chrono::seconds> lock_timeout;  // --lock-timeout
  std::optional<bool> transaction_per_revision;      // --transaction-per-revision
  bool skip_invalid_plugins = false;
  std::optional<PluginTrust> plugin_trust;  // --plugin-trust
};

// "strict", "warn" or "off"; nullopt for anything else.
std::optional<PluginTrust> parse_plugin_trust(const std::string& text);

// The environment, injectable for tests.
using Environment = std::map<std::string, std::string>;
Environment process_environment();

// Reads and validates the YAML file (unknown keys, wrong types: Error(config) naming file, line and column),
// then applies the environment (DATABASE_URL, DATABASE_HOST/PORT/NAME/USER/PASSWORD, DEBUG) and the
// overrides. Relative paths in the file are relative to the file's directory.
Config load_config(const Overrides& overrides, const Environment& environment);

// Reads one YAML file (no environment or overrides applied).
Config read_config_file(const std::filesystem::path& path);

// Parses the YAML text of a config file; `origin` names it in errors. Exposed for tests.
Config parse_config_text(const std::string& text, const std::filesystem::path& origin);

}  // namespace godwit::core::config
