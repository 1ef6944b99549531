#include "godwit/core/plugin/driver_section.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/abi_check.hpp"
#include "godwit/core/text.hpp"
#include "godwit/driver/driver_record.hpp"

namespace godwit::core::plugin {
namespace {

using godwit::driver::DriverRecordHeader;

// Offsets that every driver API version keeps (see DriverRecordHeader): read before the API version is known.
constexpr std::size_t kSizeAt = offsetof(DriverRecordHeader, record_size);
constexpr std::size_t kApiAt = offsetof(DriverRecordHeader, api_version);
constexpr std::size_t kStampAt = offsetof(DriverRecordHeader, stamp);
// The smallest stamp whose size and magic can be read; abi_mismatch() decides whether it is new enough.
constexpr std::uint32_t kMinStampSize = 2 * sizeof(std::uint32_t);

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::uint32_t u32_at(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  std::uint32_t value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

[[noreturn]] void corrupt(const std::string& file, const std::string& reason) {
  throw Error(ErrorCategory::plugin, file + ": its godwit_driver section is corrupt (" + reason +
                                         "); rebuild the driver with GODWIT_DRIVER");
}

// The record's size, checked against the section; anything after the record must be zero (alignment).
std::uint32_t checked_record_size(const std::vector<std::uint8_t>& section, const std::string& file) {
  if (section.size() < kStampAt + kMinStampSize) corrupt(file, "the record header is cut short");
  if (u32_at(section, 0) != godwit::driver::kDriverRecordMagic) corrupt(file, "no driver record magic");
  const std::uint32_t size = u32_at(section, kSizeAt);
  if (size % 4 != 0 || size < kStampAt + kMinStampSize || size > section.size())
    corrupt(file, "record size " + std::to_string(size) + " does not fit the section of " +
                      std::to_string(section.size()) + " bytes");
  if (section.size() - size >= sizeof(std::uint32_t) &&
      u32_at(section, size) == godwit::driver::kDriverRecordMagic)
    throw Error(ErrorCategory::plugin,
                file + ": declares more than one driver; use GODWIT_DRIVER once per library");
  if (std::any_of(section.begin() + size, section.end(), [](std::uint8_t b) { return b != 0; }))
    corrupt(file, "trailing bytes after the record");
  return size;
}

// The stamp, checked like a revision's (abi_mismatch names the field that differs). Returns its size.
std::uint32_t read_stamp(const std::vector<std::uint8_t>& section, std::uint32_t record_size,
                         const std::string& file, abi::Stamp& stamp) {
  const std::uint32_t stamp_size = u32_at(section, kStampAt);
  // The stamp and text_size must fit in the record.
  if (stamp_size < kMinStampSize || stamp_size % 4 != 0 ||
      std::uint64_t{kStampAt} + stamp_size + sizeof(std::uint32_t) > record_size)
    corrupt(file, "stamp size " + std::to_string(stamp_size) + " does not fit record size " +
                      std::to_string(record_size));
  std::memcpy(&stamp, section.data() + kStampAt, std::min<std::size_t>(stamp_size, sizeof(abi::Stamp)));
  check_abi(stamp, file, abi::current_stamp(), LibraryKind::driver);
  return stamp_size;
}

// "<name>\0<scheme>,<scheme>\0" into the declaration.
void read_text(const std::vector<std::uint8_t>& section, std::size_t text_size_at, std::uint32_t record_size,
               const std::string& file, DriverDeclaration& out) {
  const std::uint32_t text_size = u32_at(section, text_size_at);
  const std::size_t text_at = text_size_at + sizeof(std::uint32_t);
  if (text_size == 0 || text_size > record_size - text_at)
    corrupt(file, "text size " + std::to_string(text_size) + " does not fit the record");
  const std::string_view text(reinterpret_cast<const char*>(section.data() + text_at), text_size);
  const std::size_t split = text.find('\0');
  if (text.back() != '\0' || split == text.size() - 1 || text.find('\0', split + 1) != text.size() - 1)
    corrupt(file, "the text is not a name and a scheme list");
  out.name = std::string(text.substr(0, split));
  std::string_view schemes = text.substr(split + 1, text.size() - split - 2);
  while (!schemes.empty()) {
    const std::size_t comma = std::min(schemes.find(','), schemes.size());
    const std::string_view scheme = text::trim(schemes.substr(0, comma));
    if (!scheme.empty()) out.schemes.emplace_back(scheme);
    schemes.remove_prefix(std::min(comma + 1, schemes.size()));
  }
  if (out.name.empty()) corrupt(file, "the driver has no name");
  if (out.schemes.empty())
    throw Error(ErrorCategory::plugin,
                file + ": driver " + out.name + " serves no URL scheme; list its schemes in GODWIT_DRIVER");
}

}  // namespace

bool DriverDeclaration::serves(std::string_view scheme) const noexcept {
  return std::any_of(schemes.begin(), schemes.end(),
                     [&](const std::string& candidate) { return equal_ignoring_case(candidate, scheme); });
}

std::optional<DriverDeclaration> read_driver_declaration(const ElfImage& image) {
  const SectionInfo* info = image.find_section(godwit::driver::kDriverSectionName);
  if (info == nullptr) return std::nullopt;
  const std::string file = image.path().string();
  const std::vector<std::uint8_t> section = image.read_section(*info);
  const std::uint32_t record_size = checked_record_size(section, file);
  DriverDeclaration out;
  // Nothing after api_version is read from another API version's record: its layout may differ.
  out.api_version = u32_at(section, kApiAt);
  if (const auto reason = driver_api_mismatch(out.api_version))
    throw Error(ErrorCategory::plugin, file + ": " + *reason);
  const std::uint32_t stamp_size = read_stamp(section, record_size, file, out.stamp);
  read_text(section, kStampAt + stamp_size, record_size, file, out);
  return out;
}

}  // namespace godwit::core::plugin
