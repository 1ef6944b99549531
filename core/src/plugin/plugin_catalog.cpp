#include "godwit/core/plugin/plugin_catalog.hpp"

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {

PluginCatalog PluginCatalog::discover(const std::vector<std::filesystem::path>& dirs,
                                      const DiscoveryOptions& options) {
  return PluginCatalog(discover_plugins(dirs, options));
}

PluginCatalog::PluginCatalog(Discovery discovery) : discovery_(std::move(discovery)) {
  for (std::size_t f = 0; f < discovery_.files.size(); ++f)
    for (std::size_t r = 0; r < discovery_.files[f].revisions.size(); ++r)
      index_.emplace(discovery_.files[f].revisions[r].id, Location{f, r});
}

const PluginCatalog::Location* PluginCatalog::locate(std::string_view id) const {
  const auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &it->second;
}

const RevisionRecord* PluginCatalog::find(std::string_view id) const {
  const Location* at = locate(id);
  return at ? &discovery_.files[at->file].revisions[at->revision] : nullptr;
}

const PluginFile* PluginCatalog::file_of(std::string_view id) const {
  const Location* at = locate(id);
  return at ? &discovery_.files[at->file] : nullptr;
}

std::shared_ptr<LoadedRevision> PluginCatalog::load(std::string_view id) const {
  const Location* at = locate(id);
  if (!at) throw Error(ErrorCategory::plugin, "no plugin declares revision " + std::string(id));
  const PluginFile& file = discovery_.files[at->file];
  std::shared_ptr<PluginLibrary>& library = libraries_[at->file];
  if (!library) library = load_plugin_library(file);
  return std::make_shared<LoadedRevision>(library, file.revisions[at->revision]);
}

}  // namespace godwit::core::plugin
