#pragma once

// Makes a copy of a real plugin with one field of its first revision record (or of a driver's record)
// changed, as a plugin built with other settings would have it.

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "godwit/abi.hpp"
#include "godwit/core/plugin/elf_image.hpp"
#include "godwit/driver/driver_record.hpp"
#include "support/temp_dir.hpp"

namespace godwit::test {

// File offset of the first record of `plugin`'s godwit_revisions section.
inline std::uint64_t first_record_offset(const std::filesystem::path& plugin) {
  const auto image = godwit::core::plugin::ElfImage::open(plugin);
  const auto* section = image.find_section(godwit::abi::kSectionName);
  if (section == nullptr) throw std::runtime_error(plugin.string() + " has no godwit_revisions section");
  return section->offset;
}

// Copies `plugin` to `out` with the stamp field at `field_offset` (offsetof(abi::Stamp, ...)) set to `value`.
inline std::filesystem::path copy_with_stamp_field(const std::filesystem::path& plugin,
                                                   const std::filesystem::path& out, std::size_t field_offset,
                                                   std::uint32_t value) {
  std::vector<char> bytes = read_bytes(plugin);
  const std::size_t stamp_at = first_record_offset(plugin) + offsetof(godwit::abi::RecordHeader, stamp);
  poke(bytes, stamp_at + field_offset, value);
  write_bytes(out, bytes);
  return out;
}

// Copies driver library `driver` to `out` with the field at `field_offset` of its godwit_driver record
// (offsetof(driver::DriverRecordHeader, ...), plus offsetof(abi::Stamp, ...) for a stamp field) set to
// `value`.
inline std::filesystem::path copy_with_driver_field(const std::filesystem::path& driver,
                                                    const std::filesystem::path& out,
                                                    std::size_t field_offset, std::uint32_t value) {
  const auto image = godwit::core::plugin::ElfImage::open(driver);
  const auto* section = image.find_section(godwit::driver::kDriverSectionName);
  if (section == nullptr) throw std::runtime_error(driver.string() + " has no godwit_driver section");
  std::vector<char> bytes = read_bytes(driver);
  poke(bytes, section->offset + field_offset, value);
  write_bytes(out, bytes);
  return out;
}

}  // namespace godwit::test
