#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
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
// (dlopen of a truncated .so dies with SIGBUS). A small file is read whole by open() and served from memory;
// a large one keeps its descriptor open and has its sections read on demand, so every read sees the file
// that was validated. Move-only; not thread-safe.
class ElfImage {
 public:
  // Files up to this size are read whole by open(), with one pread; larger ones in windows, on demand (3 or
  // 4 preads copying about 10 KB). Copying pages out of the page cache costs about as much as the preads
  // saved: on 1,000 plugins the whole read broke even at about 32 KB, and at the usual 50 KB it made
  // `godwit heads` 12% slower.
  static constexpr std::uint64_t kWholeFileRead = 32 * 1024;

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
  // dlsym() would find it after loading. The table is indexed on the first call; later calls are a binary
  // search.
  bool defines_function(std::string_view name) const;

 private:
  // A chunk of the file read once and served from memory: the whole of a small file, or for a large one the
  // headers and dynamic symbols at the start and the section headers and their names at the end.
  struct Window {
    std::uint64_t offset = 0;
    std::size_t size = 0;
    std::unique_ptr<std::uint8_t[]> bytes;  // not zero-filled: pread_exact() overwrites all of it
    // The bytes [at, at + count) when this window holds them all, else nullptr.
    const std::uint8_t* find(std::uint64_t at, std::uint64_t count) const noexcept {
      if (at < offset || count > size || at - offset > size - count) return nullptr;
      return bytes.get() + (at - offset);
    }
  };

  ElfImage(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  void fill(Window& window, std::uint64_t offset, std::size_t size);
  const std::uint8_t* bytes_at(std::uint64_t offset, std::size_t size,
                               std::vector<std::uint8_t>& storage) const;
  void pread_exact(std::uint64_t offset, void* out, std::size_t size) const;
  void close_file() noexcept;
  void validate_header();
  void read_program_headers(std::uint64_t offset, std::uint32_t count, std::uint32_t entry_size);
  void read_section_headers(std::uint64_t offset, std::uint32_t count, std::uint32_t entry_size,
                            std::uint32_t names_index);
  void load_dynamic_symbols() const;
  [[noreturn]] void fail(const std::string& reason) const;

  std::filesystem::path path_;
  int fd_ = -1;  // closed by open() once a small file is in memory
  std::uint64_t file_size_ = 0;
  std::chrono::system_clock::time_point mtime_{};
  std::vector<SectionInfo> sections_;
  Window head_;
  Window tail_;
  // .dynstr when no window holds it; exported_functions_ points into it or into a window. Moving the
  // image moves these buffers without reallocating them, so the views stay valid.
  mutable std::vector<std::uint8_t> dynamic_strings_;
  mutable std::optional<std::vector<std::string_view>> exported_functions_;  // sorted
};

}  // namespace godwit::core::plugin
