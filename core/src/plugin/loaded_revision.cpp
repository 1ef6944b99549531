#include "godwit/core/plugin/loaded_revision.hpp"

#include <algorithm>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/plugin_file.hpp"

namespace godwit::core::plugin {

LoadedRevision::LoadedRevision(std::shared_ptr<PluginLibrary> library, RevisionRecord record)
    : library_(std::move(library)),
      record_(std::move(record)),
      entry_(library_->function<int(const godwit::detail::Invocation*) noexcept>(record_.entry)) {}

std::shared_ptr<LoadedRevision> load_revision(const std::filesystem::path& path,
                                              const RevisionRecord& expected) {
  const ElfImage image = ElfImage::open(path);
  const PluginFile current = inspect_plugin_file(image);
  const auto found = std::find_if(current.revisions.begin(), current.revisions.end(),
                                  [&](const RevisionRecord& r) { return r.id == expected.id; });
  if (found == current.revisions.end())
    throw Error(ErrorCategory::plugin, path.string() + ": no longer declares revision " + expected.id +
                                           " (the file changed since discovery); run the command again");
  if (*found != expected)
    throw Error(ErrorCategory::plugin, path.string() + ": the metadata of revision " + expected.id +
                                           " changed since discovery; run the command again");
  return std::make_shared<LoadedRevision>(PluginLibrary::load(image, {found->entry}), *found);
}

std::shared_ptr<PluginLibrary> load_plugin_library(const PluginFile& discovered) {
  const ElfImage image = ElfImage::open(discovered.path);
  const PluginFile current = inspect_plugin_file(image);
  if (current.revisions != discovered.revisions)
    throw Error(
        ErrorCategory::plugin,
        discovered.path.string() + ": the file's revisions changed since discovery; run the command again");
  std::vector<std::string> entries;
  for (const RevisionRecord& record : current.revisions) entries.push_back(record.entry);
  return PluginLibrary::load(image, entries);
}

}  // namespace godwit::core::plugin
