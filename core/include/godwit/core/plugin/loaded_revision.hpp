#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "godwit/core/plugin/plugin_file.hpp"
#include "godwit/core/plugin/plugin_library.hpp"
#include "godwit/core/plugin/revision_metadata.hpp"
#include "godwit/revision.hpp"

namespace godwit::core::plugin {

using RevisionEntry = int (*)(const godwit::detail::Invocation*) noexcept;

// A revision whose library is loaded and whose entry function is resolved. It holds the library, so the
// entry stays callable for as long as this object lives, whatever happens to the catalog that made it.
class LoadedRevision {
 public:
  // Resolves record.entry in `library`; throws godwit::core::Error(plugin) when it is missing.
  LoadedRevision(std::shared_ptr<PluginLibrary> library, RevisionRecord record);

  const RevisionRecord& record() const noexcept { return record_; }
  const std::string& id() const noexcept { return record_.id; }
  const std::filesystem::path& path() const noexcept { return library_->path(); }
  RevisionEntry entry() const noexcept { return entry_; }
  const std::shared_ptr<PluginLibrary>& library() const noexcept { return library_; }

 private:
  std::shared_ptr<PluginLibrary> library_;  // declared first: destroyed last
  RevisionRecord record_;
  RevisionEntry entry_;
};

// Loads the library of a discovered plugin file once for all its revisions: the file is inspected again
// right before dlopen, and every revision's metadata must still equal the discovered one (Error(plugin)
// otherwise). A bundle of N revisions is inspected and loaded once, not N times.
std::shared_ptr<PluginLibrary> load_plugin_library(const PluginFile& discovered);

// Loads revision `expected.id` from the plugin at `path`, found there by discovery. The file is inspected
// again right before dlopen, and the revision's metadata must still equal `expected`: a file replaced or
// truncated since discovery is refused (Error(plugin)) instead of loaded.
std::shared_ptr<LoadedRevision> load_revision(const std::filesystem::path& path,
                                              const RevisionRecord& expected);

}  // namespace godwit::core::plugin
