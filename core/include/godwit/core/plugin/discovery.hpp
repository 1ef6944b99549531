#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "godwit/core/plugin/plugin_file.hpp"
#include "godwit/core/plugin/plugin_trust.hpp"

namespace godwit::core::plugin {

// A plugin file that failed validation and was skipped (DiscoveryOptions::skip_invalid).
struct DiscoveryWarning {
  std::filesystem::path path;
  std::string message;  // the full error message, naming the file
};

struct DiscoveryOptions {
  // Skip a *.so that fails validation (reported as a warning) instead of failing the whole discovery.
  bool skip_invalid = false;
  // Called for each skipped file, as it is skipped; warnings are also returned in Discovery::warnings.
  std::function<void(const DiscoveryWarning&)> on_warning;
  // Who may change the plugin directories and files (see plugin_trust.hpp). In strict mode a refused
  // directory fails discovery, and a refused file does too unless skip_invalid skips it.
  TrustMode trust = TrustMode::strict;
  // Called for each trust problem that does not stop discovery; also returned in Discovery::trust_warnings.
  std::function<void(const std::string&)> on_trust_warning;
};

struct Discovery {
  std::vector<PluginFile> files;  // directory order as given, then file name order
  std::vector<DiscoveryWarning> warnings;
  std::vector<std::string> trust_warnings;  // directory order, then file order
};

// The regular files named *.so directly in `dir`, sorted by file name. Other files are ignored. Throws
// godwit::core::Error(config) "<what> '<dir>' does not exist" (or is not a directory, or cannot be read).
std::vector<std::filesystem::path> list_shared_objects(const std::filesystem::path& dir,
                                                       const std::string& what);

// Finds and validates (without loading: see inspect_plugin_file) every revision plugin in `dirs`. A
// directory listed twice is read once. A revision id declared twice, in one file or two, is an error naming
// both files, even with skip_invalid. Reads only headers and the small sections it needs; no hashing.
// Before reading anything, checks the directories and files can be trusted (options.trust); a refusal is
// godwit::core::Error(plugin) naming the path and the chmod that fixes it.
Discovery discover_plugins(const std::vector<std::filesystem::path>& dirs,
                           const DiscoveryOptions& options = {});

}  // namespace godwit::core::plugin
