#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godwit::core::plugin {

// One section header, as far as godwit needs it.
struct SectionInfo {
  std::string name;
  std::uint32_t type = 0;    // SHT_*
  std::uint64_t offset = 0;  // in the file
  std::uint64_t size = 0;
  std::uint32_t link = 0;  // sh_link: for a symbol table, the index of its string table
};

// The ELF structure of a would-be plugin, read with bounded pread()s: never mapped, never dlopen()ed, so a
// corrupt or hostile file cannot run code in (or crash) the host. open() refuses anything dlopen() could
// not load safely: non-ELF files, other classes/byte orders/machines, executables, and truncated files
// (dlopen of a truncated .so dies with SIGBUS). Sections are read on demand from the same open descriptor,
// so every read sees the file that was validated. Move-only; not thread-safe.
class ElfImage {
 public:
  // Validates the headers of `path`. Throws godwit::core::Error(plugin) "<file>: <reason>".
  static ElfImage open(const std::filesystem::path& path);

  ElfImage(ElfImage&& other) noexcept;
  ElfImage& operator=(ElfImage&& other) noexcept;
  ElfImage(const ElfImage&) = delete;
  ElfImage& operator=(const ElfImage&) = delete;
  ~ElfImage();

  const std::filesystem::path& path() const noexcept { return path_; }
  std::uint64_t file_size() const noexcept { return file_size_; }
  std::chrono::system_clock::time_point mtime() const noexcept { return mtime_; }
  const std::vector<SectionInfo>& sections() const noexcept { return sections_; }

  const SectionInfo* find_section(std::string_view name) const noexcept;
  // The bytes of a section (empty for SHT_NOBITS). Bounds were checked by open().
  std::vector<std::uint8_t> read_section(const SectionInfo& section) const;

  // Whether the dynamic symbol table (.dynsym/.dynstr) defines and exports a function `name`, i.e. whether
  // dlsym() would find it after loading. The table is read on the first call.
  bool defines_function(std::string_view name) const;

 private:
  // A chunk of the file read once and served from memory: the headers, the dynamic symbols and (at the
  // end) the section headers and their names are each a few KB, so a whole inspection costs a few preads.
  struct Window {
    std::uint64_t offset = 0;
    std::vector<std::uint8_t> bytes;
    bool covers(std::uint64_t at, std::uint64_t size) const noexcept {
      return at >= offset && size <= bytes.size() && at - offset <= bytes.size() - size;
    }
  };

  ElfImage(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  void read_exact(std::uint64_t offset, void* out, std::size_t size) const;
  void pread_exact(std::uint64_t offset, void* out, std::size_t size) const;
  void validate_header();
  void read_program_headers(std::uint64_t offset, std::uint32_t count, std::uint32_t entry_size);
  void read_section_headers(std::uint64_t offset, std::uint32_t count, std::uint32_t entry_size,
                            std::uint32_t names_index);
  void load_dynamic_symbols() const;
  [[noreturn]] void fail(const std::string& reason) const;

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t file_size_ = 0;
  std::chrono::system_clock::time_point mtime_{};
  std::vector<SectionInfo> sections_;
  Window head_;
  Window tail_;
  mutable std::optional<std::vector<std::string>> exported_functions_;  // sorted
};

}  // namespace godwit::core::plugin
