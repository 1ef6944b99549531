#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <unordered_map>

#include "godwit/core/config/config.hpp"
#include "godwit/core/error.hpp"

namespace godwit::core::config {

namespace {

namespace fs = std::filesystem;

std::string where(const fs::path& origin, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return origin.string();
  return origin.string() + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

[[noreturn]] void fail(const fs::path& origin, const YAML::Node& node, const std::string& message) {
  throw Error(ErrorCategory::config, where(origin, node) + ": " + message);
}

std::string scalar(const fs::path& origin, const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) fail(origin, node, "'" + key + "' must be a single value");
  return node.Scalar();
}

bool boolean(const fs::path& origin, const YAML::Node& node, const std::string& key) {
  const std::string text = scalar(origin, node, key);
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  fail(origin, node, "'" + key + "' must be true or false, not '" + text + "'");
}

std::chrono::seconds seconds(const fs::path& origin, const YAML::Node& node, const std::string& key) {
  const std::string text = scalar(origin, node, key);
  std::size_t used = 0;
  long value = -1;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || value < 0)
    fail(origin, node, "'" + key + "' must be a number of seconds (>= 0)");
  return std::chrono::seconds(value);
}

fs::path relative_to(const fs::path& origin, const std::string& text) {
  fs::path path(text);
  if (path.is_relative()) path = origin.parent_path() / path;
  return path.lexically_normal();
}

std::vector<fs::path> path_list(const fs::path& origin, const YAML::Node& node, const std::string& key) {
  std::vector<fs::path> paths;
  if (node.IsScalar()) {
    paths.push_back(relative_to(origin, node.Scalar()));
    return paths;
  }
  if (!node.IsSequence()) fail(origin, node, "'" + key + "' must be a directory or a list of directories");
  for (const auto& item : node) paths.push_back(relative_to(origin, scalar(origin, item, key)));
  return paths;
}

void read_database(const fs::path& origin, const YAML::Node& node, Config& config) {
  if (!node.IsMap()) fail(origin, node, "'database' must be a map with a 'url' key");
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    if (key == "url")
      config.database_url = scalar(origin, entry.second, "database.url");
    else if (key == "connect_timeout")
      config.connect_timeout = seconds(origin, entry.second, "database.connect_timeout");
    else
      fail(origin, entry.first, "unknown key 'database." + key + "' (known: url, connect_timeout)");
  }
}

void read_options(const fs::path& origin, const YAML::Node& node, Config& config) {
  if (!node.IsMap()) fail(origin, node, "'options' must be a map of names to values");
  for (const auto& entry : node)
    config.options[entry.first.as<std::string>()] = scalar(origin, entry.second, "options");
}

using KeyReader = std::function<void(const fs::path&, const YAML::Node&, Config&)>;

const std::unordered_map<std::string, KeyReader>& key_readers() {
  static const std::unordered_map<std::string, KeyReader> readers = {
      {"database", read_database},
      {"plugin_dirs", [](auto& o, auto& n, Config& c) { c.plugin_dirs = path_list(o, n, "plugin_dirs"); }},
      {"driver_dirs", [](auto& o, auto& n, Config& c) { c.driver_dirs = path_list(o, n, "driver_dirs"); }},
      {"version_table", [](auto& o, auto& n, Config& c) { c.version_table = scalar(o, n, "version_table"); }},
      {"version_table_schema",
       [](auto& o, auto& n, Config& c) { c.version_table_schema = scalar(o, n, "version_table_schema"); }},
      {"history_table", [](auto& o, auto& n, Config& c) { c.history_table = scalar(o, n, "history_table"); }},
      {"transaction_per_revision",
       [](auto& o, auto& n, Config& c) {
         c.transaction_per_revision = boolean(o, n, "transaction_per_revision");
       }},
      {"lock_timeout", [](auto& o, auto& n, Config& c) { c.lock_timeout = seconds(o, n, "lock_timeout"); }},
      {"log_file",
       [](auto& o, auto& n, Config& c) { c.log_file = relative_to(o, scalar(o, n, "log_file")); }},
      {"options", read_options},
      {"plugin_trust",
       [](auto& o, auto& n, Config& c) {
         const std::string text = scalar(o, n, "plugin_trust");
         const auto trust = parse_plugin_trust(text);
         if (!trust) fail(o, n, "'plugin_trust' must be strict, warn or off, not '" + text + "'");
         c.plugin_trust = *trust;
       }},
  };
  return readers;
}

std::string known_keys() {
  return "database, plugin_dirs, driver_dirs, version_table, version_table_schema, history_table, "
         "transaction_per_revision, lock_timeout, log_file, options, plugin_trust";
}

// The dialect's length limit is checked once the driver is known (runner::TableNames::from).
void require_identifier(const fs::path& origin, const std::string& key, const std::string& value) {
  if (value.empty())
    throw Error(ErrorCategory::config, origin.string() + ": '" + key + "' must not be empty");
}

}  // namespace

std::optional<PluginTrust> parse_plugin_trust(const std::string& text) {
  if (text == "strict") return PluginTrust::strict;
  if (text == "warn") return PluginTrust::warn;
  if (text == "off") return PluginTrust::off;
  return std::nullopt;
}

Config parse_config_text(const std::string& text, const fs::path& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorCategory::config, origin.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                                           std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
  }
  Config config;
  config.file = origin;
  if (root.IsNull()) return config;
  if (!root.IsMap()) fail(origin, root, "the configuration must be a map of keys (" + known_keys() + ")");
  const auto& readers = key_readers();
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    auto reader = readers.find(key);
    if (reader == readers.end())
      fail(origin, entry.first, "unknown key '" + key + "' (known: " + known_keys() + ")");
    reader->second(origin, entry.second, config);
  }
  require_identifier(origin, "version_table", config.version_table);
  require_identifier(origin, "history_table", config.history_table);
  return config;
}

Config read_config_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw Error(ErrorCategory::config, "configuration file " + path.string() + " is a directory");
  std::ifstream in(path);
  if (!in) throw Error(ErrorCategory::config, "cannot read configuration file " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_config_text(buffer.str(), path);
}

}  // namespace godwit::core::config
