#include "godwit/core/plugin/discovery.hpp"

#include <algorithm>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {
namespace fs = std::filesystem;

std::vector<fs::path> list_shared_objects(const fs::path& dir, const std::string& what) {
  const std::string name = what + " '" + dir.string() + "'";
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (status.type() == fs::file_type::not_found) throw Error(ErrorCategory::config, name + " does not exist");
  if (ec) throw Error(ErrorCategory::config, name + " cannot be read: " + ec.message());
  if (!fs::is_directory(status)) throw Error(ErrorCategory::config, name + " is not a directory");

  std::vector<std::pair<std::string, fs::path>> named;  // sorted by file name, bytewise
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".so") continue;
    std::error_code type_ec;
    // is_regular_file follows symlinks, so a link to a plugin counts.
    if (it->is_regular_file(type_ec)) named.emplace_back(path.filename().native(), path);
  }
  if (ec) throw Error(ErrorCategory::config, name + " cannot be read: " + ec.message());
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<fs::path> files;
  files.reserve(named.size());
  for (auto& entry : named) files.push_back(std::move(entry.second));
  return files;
}

Discovery discover_plugins(const std::vector<fs::path>& dirs, const DiscoveryOptions& options) {
  Discovery found;
  std::vector<fs::path> seen_dirs;
  // id -> index in found.files, to name both files of a duplicate.
  std::unordered_map<std::string, std::size_t> owner;
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!ec && std::find(seen_dirs.begin(), seen_dirs.end(), canonical) != seen_dirs.end()) continue;
    seen_dirs.push_back(ec ? dir : canonical);

    for (const fs::path& path : list_shared_objects(dir, "plugin directory")) {
      try {
        found.files.push_back(inspect_plugin_file(path));
      } catch (const Error& e) {
        if (!options.skip_invalid) throw;
        DiscoveryWarning warning{path, e.what()};
        if (options.on_warning) options.on_warning(warning);
        found.warnings.push_back(std::move(warning));
        continue;
      }
      const std::size_t index = found.files.size() - 1;
      for (const RevisionRecord& revision : found.files.back().revisions) {
        const auto [it, inserted] = owner.emplace(revision.id, index);
        if (!inserted)
          throw Error(ErrorCategory::plugin, "duplicate revision id " + revision.id + ": declared in " +
                                                 found.files[it->second].path.string() + " and in " +
                                                 path.string() + "; give one of them a new id");
      }
    }
  }
  return found;
}

}  // namespace godwit::core::plugin
