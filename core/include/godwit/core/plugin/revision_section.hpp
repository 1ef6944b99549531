#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "godwit/abi.hpp"

namespace godwit::core::plugin {

// One record found in a `godwit_revisions` section (layout: abi::RecordHeader, see godwit/abi.hpp).
struct SectionRecord {
  std::size_t offset = 0;        // of the record within the section
  std::size_t size = 0;          // record_size, header included
  std::uint32_t stamp_size = 0;  // the stamp's size as the plugin wrote it
  abi::Stamp stamp{};            // the plugin's stamp; fields past stamp_size read as zero
};

// Splits the section into records in declaration (link) order, skipping the zero 4-byte words the linker
// puts between records of different translation units. Every size field is checked against the section
// bounds; a corrupt section throws godwit::core::Error(plugin) "<file>: ...". The text is not decoded here:
// its position depends on the stamp layout, so check the stamp first (check_abi), then call record_text().
std::vector<SectionRecord> split_revision_section(const std::vector<std::uint8_t>& section,
                                                  const std::string& file);

// The record's "key: value" text, without its terminating NUL.
std::string record_text(const std::vector<std::uint8_t>& section, const SectionRecord& record,
                        const std::string& file);

}  // namespace godwit::core::plugin
