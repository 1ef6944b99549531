#include "godwit/core/plugin/revision_section.hpp"

#include <algorithm>
#include <cstring>

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {
namespace {

// record_magic, record_size, then the stamp, whose first field is its own size.
constexpr std::size_t kStampOffset = 2 * sizeof(std::uint32_t);
// The smallest stamp whose size and magic can be read; check_abi() decides whether it is new enough.
constexpr std::uint32_t kMinStampSize = 2 * sizeof(std::uint32_t);

std::uint32_t u32_at(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  std::uint32_t value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

[[noreturn]] void corrupt(const std::string& file, std::size_t offset, const std::string& reason) {
  throw Error(ErrorCategory::plugin, file + ": its godwit_revisions section is corrupt at offset " +
                                         std::to_string(offset) + " (" + reason +
                                         "); rebuild the plugin with GODWIT_REVISION");
}

}  // namespace

std::vector<SectionRecord> split_revision_section(const std::vector<std::uint8_t>& section,
                                                  const std::string& file) {
  std::vector<SectionRecord> records;
  std::size_t at = 0;
  while (at < section.size()) {
    if (section.size() - at < sizeof(std::uint32_t)) {
      if (std::any_of(section.begin() + static_cast<std::ptrdiff_t>(at), section.end(),
                      [](auto b) { return b != 0; }))
        corrupt(file, at, "trailing bytes after the last record");
      break;
    }
    const std::uint32_t magic = u32_at(section, at);
    if (magic == 0) {  // inter-record padding
      at += sizeof(std::uint32_t);
      continue;
    }
    if (magic != abi::kRecordMagic) corrupt(file, at, "no record magic");
    const std::size_t available = section.size() - at;
    if (available < kStampOffset + kMinStampSize) corrupt(file, at, "the record header is cut short");
    const std::uint32_t record_size = u32_at(section, at + sizeof(std::uint32_t));
    if (record_size % 4 != 0 || record_size > available)
      corrupt(
          file, at,
          "record size " + std::to_string(record_size) + " exceeds the section or is not a multiple of 4");
    const std::uint32_t stamp_size = u32_at(section, at + kStampOffset);
    // The header (magic, size, stamp, text_size) must fit in the record.
    if (stamp_size < kMinStampSize || stamp_size % 4 != 0 ||
        std::uint64_t{kStampOffset} + stamp_size + sizeof(std::uint32_t) > record_size)
      corrupt(file, at,
              "stamp size " + std::to_string(stamp_size) + " does not fit record size " +
                  std::to_string(record_size));
    SectionRecord record;
    record.offset = at;
    record.size = record_size;
    record.stamp_size = stamp_size;
    std::memcpy(&record.stamp, section.data() + at + kStampOffset,
                std::min<std::size_t>(stamp_size, sizeof(abi::Stamp)));
    records.push_back(record);
    at += record_size;
  }
  return records;
}

std::string record_text(const std::vector<std::uint8_t>& section, const SectionRecord& record,
                        const std::string& file) {
  const std::size_t text_size_at = record.offset + kStampOffset + record.stamp_size;
  const std::size_t text_at = text_size_at + sizeof(std::uint32_t);
  const std::uint32_t text_size = u32_at(section, text_size_at);
  const std::size_t room = record.offset + record.size - text_at;
  if (text_size == 0 || text_size > room)
    corrupt(file, record.offset, "text size " + std::to_string(text_size) + " does not fit the record");
  const char* text = reinterpret_cast<const char*>(section.data() + text_at);
  if (text[text_size - 1] != '\0') corrupt(file, record.offset, "the text is not NUL-terminated");
  if (std::memchr(text, '\0', text_size - 1) != nullptr)
    corrupt(file, record.offset, "the text holds a NUL byte");
  return std::string(text, text_size - 1);
}

}  // namespace godwit::core::plugin
