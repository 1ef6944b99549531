#include <unistd.h>

#include "godwit/core/config/config.hpp"
#include "godwit/core/config/database_url.hpp"
#include "godwit/core/error.hpp"

extern char** environ;

namespace godwit::core::config {

namespace {

namespace fs = std::filesystem;

std::optional<std::string> lookup(const Environment& environment, const std::string& name) {
  auto it = environment.find(name);
  if (it == environment.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

// DATABASE_HOST/PORT/NAME/USER/PASSWORD, as the seed's deployment sets them, make a URL for the driver
// DATABASE_SCHEME names, or else for the scheme of the file's database.url.
std::optional<std::string> url_from_components(const Environment& environment,
                                               const std::optional<std::string>& file_url) {
  auto host = lookup(environment, "DATABASE_HOST");
  auto name = lookup(environment, "DATABASE_NAME");
  if (!host && !name) return std::nullopt;
  auto scheme = lookup(environment, "DATABASE_SCHEME");
  if (!scheme && file_url) scheme = DatabaseUrl::parse(*file_url).scheme();
  if (!scheme)
    throw Error(ErrorCategory::config,
                "DATABASE_HOST or DATABASE_NAME is set, but nothing says which database driver they are for: "
                "set DATABASE_SCHEME to the driver's URL scheme, or database.url in godwit.yaml");
  auto user = lookup(environment, "DATABASE_USER");
  auto password = lookup(environment, "DATABASE_PASSWORD");
  auto port = lookup(environment, "DATABASE_PORT");
  std::string url = *scheme + "://";
  if (user) {
    url += percent_encode(*user);
    if (password) url += ":" + percent_encode(*password);
    url += "@";
  }
  url += host.value_or("localhost");
  if (port) url += ":" + *port;
  if (name) url += "/" + percent_encode(*name);
  return url;
}

Config base_config(const Overrides& overrides) {
  if (overrides.config_file) {
    if (!fs::exists(*overrides.config_file))
      throw Error(ErrorCategory::config,
                  "configuration file " + overrides.config_file->string() + " does not exist");
    return read_config_file(*overrides.config_file);
  }
  const fs::path default_file = "godwit.yaml";
  if (fs::exists(default_file)) return read_config_file(default_file);
  return Config{};
}

void apply_environment(const Environment& environment, Config& config) {
  if (auto url = lookup(environment, "DATABASE_URL"))
    config.database_url = *url;
  else if (auto built = url_from_components(environment, config.database_url))
    config.database_url = *built;
  if (auto debug = lookup(environment, "DEBUG")) config.debug = *debug != "0";
  if (auto trust = lookup(environment, "GODWIT_PLUGIN_TRUST")) {
    const auto parsed = parse_plugin_trust(*trust);
    if (!parsed)
      throw Error(ErrorCategory::config,
                  "GODWIT_PLUGIN_TRUST must be strict, warn or off, not '" + *trust + "'");
    config.plugin_trust = *parsed;
  }
  if (auto drivers = lookup(environment, "GODWIT_DRIVER_PATH")) {
    std::size_t start = 0;
    while (start <= drivers->size()) {
      auto end = drivers->find(':', start);
      if (end == std::string::npos) end = drivers->size();
      if (end > start) config.driver_dirs.emplace_back(drivers->substr(start, end - start));
      start = end + 1;
    }
  }
}

void apply_overrides(const Overrides& overrides, Config& config) {
  if (!overrides.plugin_dirs.empty()) config.plugin_dirs = overrides.plugin_dirs;
  if (overrides.url) config.database_url = *overrides.url;
  if (overrides.lock_timeout) config.lock_timeout = *overrides.lock_timeout;
  if (overrides.transaction_per_revision)
    config.transaction_per_revision = *overrides.transaction_per_revision;
  if (overrides.skip_invalid_plugins) config.skip_invalid_plugins = true;
  if (overrides.plugin_trust) config.plugin_trust = *overrides.plugin_trust;
  for (const auto& [key, value] : overrides.arguments) config.options[key] = value;
}

}  // namespace

Environment process_environment() {
  Environment environment;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq != std::string::npos) environment[text.substr(0, eq)] = text.substr(eq + 1);
  }
  return environment;
}

Config load_config(const Overrides& overrides, const Environment& environment) {
  Config config = base_config(overrides);
  apply_environment(environment, config);
  apply_overrides(overrides, config);
  if (config.database_url) DatabaseUrl::parse(*config.database_url);  // fail early on a malformed URL
  return config;
}

}  // namespace godwit::core::config
