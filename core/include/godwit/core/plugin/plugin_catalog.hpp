#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "godwit/core/plugin/discovery.hpp"
#include "godwit/core/plugin/loaded_revision.hpp"

namespace godwit::core::plugin {

// The revision plugins of a project: discovered and validated up front without loading any, then loaded
// one revision at a time, only for the revisions that must run. Not thread-safe.
class PluginCatalog {
 public:
  // See discover_plugins(): throws godwit::core::Error on a missing directory, an invalid plugin (unless
  // options.skip_invalid) or a duplicate revision id.
  static PluginCatalog discover(const std::vector<std::filesystem::path>& dirs,
                                const DiscoveryOptions& options = {});

  const std::vector<PluginFile>& files() const noexcept { return discovery_.files; }
  const std::vector<DiscoveryWarning>& warnings() const noexcept { return discovery_.warnings; }

  // nullptr when no plugin declares `id`.
  const RevisionRecord* find(std::string_view id) const;
  const PluginFile* file_of(std::string_view id) const;

  // Loads the plugin declaring `id` (re-validated first, see load_revision) and resolves its entry. The
  // result keeps the library loaded for as long as it lives, independently of the catalog. Throws
  // godwit::core::Error(plugin) for an unknown id or a plugin that cannot be loaded.
  std::shared_ptr<LoadedRevision> load(std::string_view id) const;

 private:
  struct Location {
    std::size_t file;
    std::size_t revision;
  };
  explicit PluginCatalog(Discovery discovery);
  const Location* locate(std::string_view id) const;

  Discovery discovery_;
  std::unordered_map<std::string, Location> index_;
  // Libraries loaded so far, by file index: a bundle is validated and loaded once for all its revisions.
  mutable std::unordered_map<std::size_t, std::shared_ptr<PluginLibrary>> libraries_;
};

}  // namespace godwit::core::plugin
