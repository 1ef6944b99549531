#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "godwit/abi.hpp"
#include "godwit/core/plugin/elf_image.hpp"
#include "godwit/core/plugin/revision_metadata.hpp"

namespace godwit::core::plugin {

// A revision plugin as found on disk, validated but not loaded.
struct PluginFile {
  std::filesystem::path path;
  std::uint64_t size = 0;
  std::chrono::system_clock::time_point mtime{};
  // In section order: translation units in link order; within one unit, the order the compiler emitted the
  // records (GCC at -O1 and above reverses declaration order unless -fno-toplevel-reorder).
  std::vector<RevisionRecord> revisions;
  abi::Stamp stamp{};  // of the first record; every record's stamp is checked
};

// Reads and checks everything about a revision plugin that can be known without loading it: the ELF
// structure (ElfImage::open), the `godwit_revisions` section, each record's ABI stamp and metadata, that
// each record's entry function is exported, and that no id repeats within the file. Throws
// godwit::core::Error(plugin) naming the file and the reason.
PluginFile inspect_plugin_file(const std::filesystem::path& path);
PluginFile inspect_plugin_file(const ElfImage& image);

}  // namespace godwit::core::plugin
