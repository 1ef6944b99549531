#include "godwit/core/plugin/elf_image.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the ELF reader assumes a little-endian host");
static_assert(sizeof(void*) == 8, "the ELF reader assumes a 64-bit host");

#if defined(__x86_64__)
constexpr std::uint16_t kHostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr std::uint16_t kHostMachine = EM_AARCH64;
#elif defined(__riscv)
constexpr std::uint16_t kHostMachine = EM_RISCV;
#elif defined(__powerpc64__)
constexpr std::uint16_t kHostMachine = EM_PPC64;
#elif defined(__s390x__)
constexpr std::uint16_t kHostMachine = EM_S390;
#else
#error "unknown host machine: add its EM_* constant"
#endif

// A file larger than ElfImage::kWholeFileRead is read in windows: the first covers the ELF header, the
// program headers behind it and, in a plugin with hidden visibility, .dynsym and .dynstr; the last covers the
// section headers and .shstrtab before them.
constexpr std::size_t kHeadRead = 4096;
constexpr std::size_t kTailRead = 4096;

std::string machine_name(std::uint16_t machine) {
  switch (machine) {
    case EM_X86_64:
      return "x86-64";
    case EM_AARCH64:
      return "AArch64";
    case EM_386:
      return "i386";
    case EM_ARM:
      return "ARM";
    case EM_RISCV:
      return "RISC-V";
    case EM_PPC64:
      return "PowerPC64";
    case EM_S390:
      return "s390x";
    default:
      return "machine " + std::to_string(machine);
  }
}

// offset + size <= limit, without overflow.
bool fits(std::uint64_t offset, std::uint64_t size, std::uint64_t limit) noexcept {
  return offset <= limit && size <= limit - offset;
}

template <class T>
T load(const std::uint8_t* bytes) noexcept {
  T value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

// Closes a descriptor on scope exit unless released.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  ~FdGuard() {
    if (fd_ >= 0) ::close(fd_);
  }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace

ElfImage ElfImage::open(const std::filesystem::path& path) {
  // O_NONBLOCK: a FIFO named *.so must be refused by the S_ISREG check below, not block the host in open().
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) throw Error(ErrorCategory::plugin, path.string() + ": does not exist");
    throw Error(ErrorCategory::plugin, path.string() + ": cannot be opened: " + std::strerror(err));
  }
  FdGuard guard(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    throw Error(ErrorCategory::plugin, path.string() + ": cannot be examined: " + std::strerror(errno));
  ElfImage image(path, guard.release());
  if (!S_ISREG(st.st_mode)) image.fail("is not a regular file");
  image.file_size_ = static_cast<std::uint64_t>(st.st_size);
  image.mtime_ =
      std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
  if (image.file_size_ == 0) image.fail("is empty, not a shared library");

  const bool whole = image.file_size_ <= kWholeFileRead;
  image.fill(image.head_, 0,
             whole ? static_cast<std::size_t>(image.file_size_)
                   : static_cast<std::size_t>(std::min<std::uint64_t>(image.file_size_, kHeadRead)));
  image.validate_header();
  // Everything is in memory: later reads cannot see a different file, and the descriptor is not needed.
  if (whole) image.close_file();
  return image;
}

ElfImage::ElfImage(ElfImage&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      file_size_(other.file_size_),
      mtime_(other.mtime_),
      sections_(std::move(other.sections_)),
      head_(std::move(other.head_)),
      tail_(std::move(other.tail_)),
      dynamic_strings_(std::move(other.dynamic_strings_)),
      exported_functions_(std::move(other.exported_functions_)) {}

ElfImage& ElfImage::operator=(ElfImage&& other) noexcept {
  if (this == &other) return *this;
  close_file();
  path_ = std::move(other.path_);
  fd_ = std::exchange(other.fd_, -1);
  file_size_ = other.file_size_;
  mtime_ = other.mtime_;
  sections_ = std::move(other.sections_);
  head_ = std::move(other.head_);
  tail_ = std::move(other.tail_);
  dynamic_strings_ = std::move(other.dynamic_strings_);
  exported_functions_ = std::move(other.exported_functions_);
  return *this;
}

ElfImage::~ElfImage() {
  close_file();
}

void ElfImage::close_file() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

void ElfImage::fail(const std::string& reason) const {
  throw Error(ErrorCategory::plugin, path_.string() + ": " + reason);
}

void ElfImage::fill(Window& window, std::uint64_t offset, std::size_t size) {
  window.bytes.reset(new std::uint8_t[size]);
  window.offset = offset;
  window.size = size;
  pread_exact(offset, window.bytes.get(), size);
}

// Callers check [offset, offset + size) against file_size_ first, so a small file (one window holding all
// of it) never gets here without a hit, and fd_ is open whenever it is needed.
const std::uint8_t* ElfImage::bytes_at(std::uint64_t offset, std::size_t size,
                                       std::vector<std::uint8_t>& storage) const {
  for (const Window* window : {&head_, &tail_})
    if (const std::uint8_t* bytes = window->find(offset, size)) return bytes;
  storage.resize(size);
  pread_exact(offset, storage.data(), size);
  return storage.data();
}

void ElfImage::pread_exact(std::uint64_t offset, void* out, std::size_t size) const {
  auto* cursor = static_cast<std::uint8_t*>(out);
  while (size > 0) {
    const ssize_t got = ::pread(fd_, cursor, size, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(std::string("cannot be read: ") + std::strerror(errno));
    // The size was checked against fstat: a short read means the file shrank under us.
    if (got == 0) fail("is truncated (it changed while being read)");
    cursor += got;
    offset += static_cast<std::uint64_t>(got);
    size -= static_cast<std::size_t>(got);
  }
}

void ElfImage::validate_header() {
  const std::uint8_t* head = head_.bytes.get();
  const std::size_t available = head_.size;
  if (available < SELFMAG || std::memcmp(head, ELFMAG, SELFMAG) != 0)
    fail("is not a shared library (no ELF header)");
  if (available < sizeof(Elf64_Ehdr)) {
    if (available > EI_CLASS && head[EI_CLASS] == ELFCLASS32)
      fail("is a 32-bit ELF file; this godwit loads only 64-bit libraries");
    fail("is truncated (" + std::to_string(available) + " bytes, shorter than an ELF header)");
  }
  if (head[EI_CLASS] != ELFCLASS64) fail("is a 32-bit ELF file; this godwit loads only 64-bit libraries");
  if (head[EI_DATA] != ELFDATA2LSB) fail("is a big-endian ELF file; this host is little-endian");
  if (head[EI_VERSION] != EV_CURRENT) fail("has an unknown ELF version " + std::to_string(head[EI_VERSION]));

  const auto header = load<Elf64_Ehdr>(head);
  if (header.e_machine != kHostMachine)
    fail("was built for " + machine_name(header.e_machine) + ", this host is " + machine_name(kHostMachine));
  if (header.e_type == ET_EXEC) fail("is an executable, not a plugin library");
  if (header.e_type == ET_REL)
    fail("is an object file, not a shared library; link it with godwit_add_revision (or add_library MODULE)");
  if (header.e_type != ET_DYN)
    fail("is not a shared library (ELF type " + std::to_string(header.e_type) + ")");

  read_program_headers(header.e_phoff, header.e_phnum, header.e_phentsize);

  std::uint64_t section_count = header.e_shnum;
  std::uint32_t names_index = header.e_shstrndx;
  if (header.e_shoff != 0 && (section_count == 0 || names_index == SHN_XINDEX)) {
    // Extended numbering: the real values live in section header 0.
    if (!fits(header.e_shoff, sizeof(Elf64_Shdr), file_size_))
      fail("is truncated (its section header table lies past the end of the file)");
    std::vector<std::uint8_t> storage;
    const auto first = load<Elf64_Shdr>(bytes_at(header.e_shoff, sizeof(Elf64_Shdr), storage));
    if (section_count == 0) section_count = first.sh_size;
    if (names_index == SHN_XINDEX) names_index = first.sh_link;
  }
  if (header.e_shoff == 0) section_count = 0;
  if (section_count > file_size_ / sizeof(Elf64_Shdr))
    fail("is truncated (its " + std::to_string(section_count) + " section headers do not fit in " +
         std::to_string(file_size_) + " bytes)");
  read_section_headers(header.e_shoff, static_cast<std::uint32_t>(section_count), header.e_shentsize,
                       names_index);
}

void ElfImage::read_program_headers(std::uint64_t offset, std::uint32_t count, std::uint32_t entry_size) {
  if (count == 0) return;
  if (entry_size != sizeof(Elf64_Phdr))
    fail("has malformed program headers (entry size " + std::to_string(entry_size) + ")");
  const std::uint64_t bytes = std::uint64_t{count} * sizeof(Elf64_Phdr);
  if (!fits(offset, bytes, file_size_))
    fail("is truncated (its program headers end at byte " + std::to_string(offset + bytes) +
         ", the file has " + std::to_string(file_size_) + " bytes)");
  std::vector<std::uint8_t> storage;
  const std::uint8_t* table = bytes_at(offset, static_cast<std::size_t>(bytes), storage);
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto ph = load<Elf64_Phdr>(table + std::size_t{i} * sizeof(Elf64_Phdr));
    if (ph.p_type == PT_INTERP) fail("is an executable, not a plugin library");
    if (ph.p_type == PT_LOAD && !fits(ph.p_offset, ph.p_filesz, file_size_))
      fail("is truncated (a loadable segment ends at byte " + std::to_string(ph.p_offset + ph.p_filesz) +
           ", the file has " + std::to_string(file_size_) + " bytes); rebuild or copy it again");
  }
}

void ElfImage::read_section_headers(std::uint64_t offset, std::uint32_t count, std::uint32_t entry_size,
                                    std::uint32_t names_index) {
  if (count == 0) return;
  if (entry_size != sizeof(Elf64_Shdr))
    fail("has malformed section headers (entry size " + std::to_string(entry_size) + ")");
  const std::uint64_t bytes = std::uint64_t{count} * sizeof(Elf64_Shdr);
  if (!fits(offset, bytes, file_size_))
    fail("is truncated (its section header table ends at byte " + std::to_string(offset + bytes) +
         ", the file has " + std::to_string(file_size_) + " bytes); rebuild or copy it again");
  if (bytes < kTailRead && head_.find(offset, bytes) == nullptr) {
    // The linker puts the section headers last, with .shstrtab right before them: one read gets both.
    const std::uint64_t start = offset + bytes > kTailRead ? offset + bytes - kTailRead : 0;
    fill(tail_, start, static_cast<std::size_t>(offset + bytes - start));
  }
  std::vector<std::uint8_t> table_storage;
  const std::uint8_t* table = bytes_at(offset, static_cast<std::size_t>(bytes), table_storage);
  std::vector<Elf64_Shdr> headers(count);
  std::memcpy(headers.data(), table, static_cast<std::size_t>(bytes));

  for (const Elf64_Shdr& sh : headers) {
    if (sh.sh_type != SHT_NOBITS && !fits(sh.sh_offset, sh.sh_size, file_size_))
      fail("is truncated (a section ends at byte " + std::to_string(sh.sh_offset + sh.sh_size) +
           ", the file has " + std::to_string(file_size_) + " bytes); rebuild or copy it again");
  }
  if (names_index >= count || headers[names_index].sh_type != SHT_STRTAB)
    fail("has a malformed section table (no section name table)");
  const Elf64_Shdr& names_header = headers[names_index];
  std::vector<std::uint8_t> names_storage;
  const std::string_view names(
      reinterpret_cast<const char*>(
          bytes_at(names_header.sh_offset, static_cast<std::size_t>(names_header.sh_size), names_storage)),
      static_cast<std::size_t>(names_header.sh_size));

  sections_.reserve(count);
  for (const Elf64_Shdr& sh : headers) {
    if (sh.sh_name >= names.size() && !(sh.sh_name == 0 && sh.sh_type == SHT_NULL))
      fail("has a malformed section table (a section name lies outside the name table)");
    const std::size_t end = sh.sh_name < names.size() ? names.find('\0', sh.sh_name) : names.npos;
    if (sh.sh_name < names.size() && end == names.npos)
      fail("has a malformed section table (an unterminated section name)");
    SectionInfo info;
    if (sh.sh_name < names.size()) info.name = names.substr(sh.sh_name, end - sh.sh_name);
    info.type = sh.sh_type;
    info.offset = sh.sh_offset;
    info.size = sh.sh_size;
    info.link = sh.sh_link;
    sections_.push_back(std::move(info));
  }
}

const SectionInfo* ElfImage::find_section(std::string_view name) const noexcept {
  for (const SectionInfo& section : sections_)
    if (section.name == name) return &section;
  return nullptr;
}

std::vector<std::uint8_t> ElfImage::read_section(const SectionInfo& section) const {
  if (section.type == SHT_NOBITS) return {};
  std::vector<std::uint8_t> storage;
  const std::uint8_t* bytes = bytes_at(section.offset, static_cast<std::size_t>(section.size), storage);
  if (bytes == storage.data()) return storage;
  return std::vector<std::uint8_t>(bytes, bytes + section.size);
}

bool ElfImage::defines_function(std::string_view name) const {
  if (!exported_functions_) load_dynamic_symbols();
  return std::binary_search(exported_functions_->begin(), exported_functions_->end(), name);
}

// Indexes the exported functions as views into .dynstr, which stays in memory (in a window or in
// dynamic_strings_) for the image's lifetime: no string is copied, however many symbols the library has.
void ElfImage::load_dynamic_symbols() const {
  std::vector<std::string_view> names;
  const auto symtab = std::find_if(sections_.begin(), sections_.end(),
                                   [](const SectionInfo& s) { return s.type == SHT_DYNSYM; });
  if (symtab != sections_.end()) {
    if (symtab->link >= sections_.size() || sections_[symtab->link].type != SHT_STRTAB)
      fail("has a malformed dynamic symbol table (no string table)");
    const SectionInfo& strtab = sections_[symtab->link];
    const auto string_count = static_cast<std::size_t>(strtab.size);
    const auto* strings =
        reinterpret_cast<const char*>(bytes_at(strtab.offset, string_count, dynamic_strings_));
    std::vector<std::uint8_t> symbol_storage;
    const auto symbol_bytes = static_cast<std::size_t>(symtab->size);
    const std::uint8_t* symbols = bytes_at(symtab->offset, symbol_bytes, symbol_storage);
    names.reserve(symbol_bytes / sizeof(Elf64_Sym));
    for (std::size_t at = 0; at + sizeof(Elf64_Sym) <= symbol_bytes; at += sizeof(Elf64_Sym)) {
      const auto sym = load<Elf64_Sym>(symbols + at);
      const unsigned bind = ELF64_ST_BIND(sym.st_info);
      const unsigned type = ELF64_ST_TYPE(sym.st_info);
      const unsigned visibility = ELF64_ST_VISIBILITY(sym.st_other);
      if (sym.st_shndx == SHN_UNDEF || sym.st_name >= string_count) continue;
      if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE) continue;
      if (type != STT_FUNC && type != STT_GNU_IFUNC) continue;
      if (visibility != STV_DEFAULT && visibility != STV_PROTECTED) continue;
      const char* begin = strings + sym.st_name;
      const auto* end = static_cast<const char*>(std::memchr(begin, '\0', string_count - sym.st_name));
      if (end == nullptr) fail("has a malformed dynamic symbol table (an unterminated symbol name)");
      names.emplace_back(begin, static_cast<std::size_t>(end - begin));
    }
  }
  std::sort(names.begin(), names.end());
  exported_functions_ = std::move(names);
}

}  // namespace godwit::core::plugin
