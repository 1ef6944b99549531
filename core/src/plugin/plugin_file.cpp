#include "godwit/core/plugin/plugin_file.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/abi_check.hpp"
#include "godwit/core/plugin/revision_section.hpp"

namespace godwit::core::plugin {

PluginFile inspect_plugin_file(const std::filesystem::path& path) {
  return inspect_plugin_file(ElfImage::open(path));
}

PluginFile inspect_plugin_file(const ElfImage& image) {
  const std::string file = image.path().string();
  const SectionInfo* section = image.find_section(abi::kSectionName);
  const std::vector<std::uint8_t> bytes =
      section ? image.read_section(*section) : std::vector<std::uint8_t>{};
  const std::vector<SectionRecord> records = split_revision_section(bytes, file);
  if (records.empty())
    throw Error(ErrorCategory::plugin,
                file + ": holds no godwit revisions: was it built with GODWIT_REVISION?");

  PluginFile plugin;
  plugin.path = image.path();
  plugin.size = image.file_size();
  plugin.mtime = image.mtime();
  plugin.stamp = records.front().stamp;
  plugin.revisions.reserve(records.size());
  std::unordered_map<std::string, std::string> entry_by_id;  // id -> entry function, for duplicates
  for (const SectionRecord& record : records) {
    // The stamp decides the record layout, so it is checked before anything else in the record is read.
    check_abi(record.stamp, file);
    RevisionRecord revision = parse_revision_metadata(record_text(bytes, record, file), file);
    if (!image.defines_function(revision.entry))
      throw Error(ErrorCategory::plugin, file + ": revision " + revision.id + " names entry function " +
                                             revision.entry +
                                             ", which the library does not export; build it with "
                                             "godwit_add_revision and do not strip its dynamic symbols");
    const auto [twin, fresh] = entry_by_id.emplace(revision.id, revision.entry);
    if (!fresh)
      throw Error(ErrorCategory::plugin, file + ": revision id " + revision.id + " is declared twice (by " +
                                             twin->second + " and " + revision.entry + ")");
    plugin.revisions.push_back(std::move(revision));
  }
  // Compilers emit a translation unit's records in any order (GCC reverses them at -O1 and above), and the
  // linker orders translation units by its command line: the declarations' source positions are the only
  // order an author can see and rely on.
  std::stable_sort(plugin.revisions.begin(), plugin.revisions.end(),
                   [](const RevisionRecord& a, const RevisionRecord& b) {
                     return std::tie(a.source_file, a.source_line) < std::tie(b.source_file, b.source_line);
                   });
  return plugin;
}

}  // namespace godwit::core::plugin
