#include "godwit/core/plugin/elf_image.hpp"

#include <elf.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/plugin_file.hpp"
#include "godwit/core/plugin/plugin_library.hpp"
#include "support/elf_copies.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
namespace fixture = godwit::test::fixture;
using godwit::test::padded_copy;
using godwit::test::stripped_copy;
using godwit::test::TempDir;

// The message of the plugin Error that `action` throws; fails the test when it throws nothing else.
template <class F>
std::string plugin_error(F&& action) {
  try {
    action();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::plugin) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no godwit::core::Error thrown";
  return {};
}

std::filesystem::path patched_copy(const TempDir& tmp, const std::string& name, std::size_t offset,
                                   std::vector<char> bytes_to_write) {
  std::vector<char> bytes = godwit::test::read_bytes(fixture::kSingle);
  std::copy(bytes_to_write.begin(), bytes_to_write.end(),
            bytes.begin() + static_cast<std::ptrdiff_t>(offset));
  godwit::test::write_bytes(tmp / name, bytes);
  return tmp / name;
}

// The fixture plugin as a small file (read whole) and as a large one (read in windows).
struct SizedCopies {
  godwit::test::TempDir tmp;
  std::filesystem::path small = stripped_copy(fixture::kSingle, tmp / "small.so");
  std::filesystem::path large = padded_copy(fixture::kSingle, tmp / "large.so", 4 * ElfImage::kWholeFileRead);
};

TEST(ElfImage, ReadsTheRevisionSectionAndDynamicSymbolsOfARealPlugin) {
  const ElfImage image = ElfImage::open(fixture::kSingle);
  EXPECT_EQ(image.file_size(), std::filesystem::file_size(fixture::kSingle));
  const SectionInfo* section = image.find_section("godwit_revisions");
  ASSERT_NE(section, nullptr);
  const std::vector<std::uint8_t> bytes = image.read_section(*section);
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes[0], 'G');  // kRecordMagic "GREV"
  EXPECT_TRUE(image.defines_function("godwit_rev_CreateAuthors"));
  EXPECT_FALSE(image.defines_function("godwit_rev_Nope"));
  EXPECT_FALSE(image.defines_function("execute"));  // imported, not defined
  EXPECT_EQ(image.find_section("no_such_section"), nullptr);
}

TEST(ElfImage, ReadsASmallFileWholeAndALargeOneInWindowsAlike) {
  const SizedCopies copies;
  ASSERT_LE(std::filesystem::file_size(copies.small), ElfImage::kWholeFileRead);
  ASSERT_GT(std::filesystem::file_size(copies.large), ElfImage::kWholeFileRead);
  const ElfImage original = ElfImage::open(fixture::kSingle);
  const std::vector<std::uint8_t> section = original.read_section(*original.find_section("godwit_revisions"));
  for (const auto& path : {copies.small, copies.large}) {
    SCOPED_TRACE(path.filename().string());
    const ElfImage image = ElfImage::open(path);
    EXPECT_EQ(image.file_size(), std::filesystem::file_size(path));
    const SectionInfo* found = image.find_section("godwit_revisions");
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(image.read_section(*found), section);
    ASSERT_NE(image.find_section(".dynstr"), nullptr);
    EXPECT_TRUE(image.defines_function("godwit_rev_CreateAuthors"));
    EXPECT_FALSE(image.defines_function("godwit_rev_Nope"));
    EXPECT_FALSE(image.defines_function("execute"));
    EXPECT_TRUE(image.defines_function("godwit_rev_CreateAuthors"));  // the index is built once, and kept
    const PluginFile plugin = inspect_plugin_file(image);
    ASSERT_EQ(plugin.revisions.size(), 1u);
    EXPECT_EQ(plugin.revisions[0].id, fixture::kSingleId);
  }
  EXPECT_EQ(ElfImage::open(copies.small).find_section(".debug_info"), nullptr);  // really stripped
}

// A small file is in memory after open(): cutting it later changes nothing the image serves. A large one is
// read on demand, and a cut that the image runs into is an error, never a crash.
TEST(ElfImage, ServesASmallFileFromMemoryAndRefusesALargeOneCutAfterOpen) {
  const SizedCopies copies;
  ElfImage small = ElfImage::open(copies.small);
  ElfImage large = ElfImage::open(copies.large);
  std::filesystem::resize_file(copies.small, 0);
  std::filesystem::resize_file(copies.large, 64);
  const ElfImage moved = std::move(small);  // moving keeps the buffers the symbol index points into
  EXPECT_TRUE(moved.defines_function("godwit_rev_CreateAuthors"));
  EXPECT_EQ(inspect_plugin_file(moved).revisions.size(), 1u);
  EXPECT_THAT(plugin_error([&] { large.read_section(*large.find_section("godwit_revisions")); }),
              AllOf(HasSubstr("large.so"), HasSubstr("is truncated (it changed while being read)")));
}

TEST(ElfImage, RejectsATextFileNamedSo) {
  TempDir tmp;
  godwit::test::write_text(tmp / "readme.so", "this is not a library\n");
  EXPECT_THAT(plugin_error([&] { ElfImage::open(tmp / "readme.so"); }),
              AllOf(HasSubstr("readme.so"), HasSubstr("not a shared library (no ELF header)")));
}

TEST(ElfImage, RejectsAnEmptyFile) {
  TempDir tmp;
  godwit::test::write_text(tmp / "empty.so", "");
  EXPECT_THAT(plugin_error([&] { ElfImage::open(tmp / "empty.so"); }),
              AllOf(HasSubstr("empty.so"), HasSubstr("is empty")));
}

TEST(ElfImage, RejectsAMissingFileAndADirectory) {
  TempDir tmp;
  EXPECT_THAT(plugin_error([&] { ElfImage::open(tmp / "missing.so"); }),
              AllOf(HasSubstr("missing.so"), HasSubstr("does not exist")));
  const auto dir = tmp.dir("dir.so");
  EXPECT_THAT(plugin_error([&] { ElfImage::open(dir); }),
              AllOf(HasSubstr("dir.so"), HasSubstr("not a regular file")));
}

TEST(ElfImage, RejectsExecutables) {
  TempDir tmp;
  for (const char* exe : {"/proc/self/exe", "/bin/true"}) {
    if (!std::filesystem::exists(exe)) continue;
    const auto copy = godwit::test::copy_to(exe, tmp / "tool.so");
    EXPECT_THAT(plugin_error([&] { ElfImage::open(copy); }),
                AllOf(HasSubstr("tool.so"), HasSubstr("is an executable, not a plugin library")))
        << exe;
    EXPECT_THAT(plugin_error([&] { PluginLibrary::load(copy, {}); }), HasSubstr("is an executable"));
  }
}

TEST(ElfImage, RejectsOtherClassesByteOrdersMachinesAndTypes) {
  TempDir tmp;
  EXPECT_THAT(plugin_error([&] { ElfImage::open(patched_copy(tmp, "elf32.so", EI_CLASS, {ELFCLASS32})); }),
              AllOf(HasSubstr("elf32.so"), HasSubstr("32-bit")));
  EXPECT_THAT(plugin_error([&] { ElfImage::open(patched_copy(tmp, "big.so", EI_DATA, {ELFDATA2MSB})); }),
              AllOf(HasSubstr("big.so"), HasSubstr("big-endian")));
#if defined(__aarch64__)
  const std::uint16_t foreign = EM_X86_64;
  const char* foreign_name = "x86-64";
#else
  const std::uint16_t foreign = EM_AARCH64;
  const char* foreign_name = "AArch64";
#endif
  const auto other = patched_copy(tmp, "other.so", offsetof(Elf64_Ehdr, e_machine),
                                  {static_cast<char>(foreign & 0xff), static_cast<char>(foreign >> 8)});
  EXPECT_THAT(plugin_error([&] { ElfImage::open(other); }),
              AllOf(HasSubstr("other.so"),
                    HasSubstr(std::string("was built for ") + foreign_name + ", this host is")));
  EXPECT_THAT(plugin_error([&] {
                ElfImage::open(patched_copy(tmp, "obj.so", offsetof(Elf64_Ehdr, e_type), {ET_REL, 0}));
              }),
              AllOf(HasSubstr("obj.so"), HasSubstr("is an object file")));
  EXPECT_THAT(plugin_error([&] {
                ElfImage::open(patched_copy(tmp, "exec.so", offsetof(Elf64_Ehdr, e_type), {ET_EXEC, 0}));
              }),
              AllOf(HasSubstr("exec.so"), HasSubstr("is an executable")));
}

// A truncated library kills dlopen with SIGBUS: every cut must be refused by reading, before any load.
void expect_every_cut_refused(const std::filesystem::path& plugin, std::size_t step) {
  TempDir tmp;
  const std::vector<char> whole = godwit::test::read_bytes(plugin);
  std::vector<std::size_t> cuts = {4,
                                   16,
                                   63,
                                   64,
                                   100,
                                   1000,
                                   4096,
                                   whole.size() / 4,
                                   whole.size() / 2,
                                   whole.size() - 4096,
                                   whole.size() - 100,
                                   whole.size() - 1};
  for (std::size_t cut = 128; cut < whole.size(); cut += step) cuts.push_back(cut);
  ASSERT_GT(whole.size(), 8192u);
  for (std::size_t cut : cuts) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const auto path = tmp / "cut.so";
    godwit::test::write_bytes(
        path, std::vector<char>(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut)));
    EXPECT_THAT(plugin_error([&] { ElfImage::open(path); }),
                AllOf(HasSubstr("cut.so"), HasSubstr("is truncated")));
    EXPECT_THAT(plugin_error([&] { inspect_plugin_file(path); }), HasSubstr("is truncated"));
    EXPECT_THAT(plugin_error([&] { PluginLibrary::load(path, {}); }), HasSubstr("is truncated"));
  }
}

TEST(ElfImage, RefusesTruncatedCopiesAtEveryCutWithoutCrashing) {
  const SizedCopies copies;
  for (const auto& plugin : {fixture::kSingle, copies.small, copies.large}) {
    SCOPED_TRACE(plugin.filename().string() + ", " + std::to_string(std::filesystem::file_size(plugin)) +
                 " bytes");
    expect_every_cut_refused(plugin, 499);
  }
}

// The section header table sits at the end of the file, so a plain cut always loses it. These files keep
// their headers intact and lie about what follows: only the bounds checks can refuse them.
TEST(ElfImage, RefusesASegmentOrSectionThatEndsPastTheFile) {
  TempDir tmp;
  const std::vector<char> whole = godwit::test::read_bytes(fixture::kSingle);
  Elf64_Ehdr header;
  std::memcpy(&header, whole.data(), sizeof header);

  // No section headers at all (as sstrip leaves a library), then cut in half: only PT_LOAD can tell.
  std::vector<char> stripped = whole;
  godwit::test::poke<std::uint64_t>(stripped, offsetof(Elf64_Ehdr, e_shoff), 0);
  godwit::test::poke<std::uint16_t>(stripped, offsetof(Elf64_Ehdr, e_shnum), 0);
  godwit::test::poke<std::uint16_t>(stripped, offsetof(Elf64_Ehdr, e_shstrndx), 0);
  stripped.resize(header.e_phoff + header.e_phnum * sizeof(Elf64_Phdr) + 64);
  godwit::test::write_bytes(tmp / "stripped.so", stripped);
  EXPECT_THAT(plugin_error([&] { PluginLibrary::load(tmp / "stripped.so", {}); }),
              AllOf(HasSubstr("stripped.so"), HasSubstr("is truncated (a loadable segment ends at byte")));

  // A section whose size runs past the end of the file.
  std::vector<char> oversized = whole;
  const std::size_t text_header = header.e_shoff + 12 * sizeof(Elf64_Shdr);  // any section but the null one
  godwit::test::poke<std::uint64_t>(oversized, text_header + offsetof(Elf64_Shdr, sh_size), whole.size());
  godwit::test::write_bytes(tmp / "oversized.so", oversized);
  EXPECT_THAT(plugin_error([&] { ElfImage::open(tmp / "oversized.so"); }),
              AllOf(HasSubstr("oversized.so"), HasSubstr("is truncated (a section ends at byte")));
}

TEST(ElfImage, FindsNoRevisionSectionInAPlainLibrary) {
  EXPECT_NO_THROW(ElfImage::open(fixture::kNoRevisions));
  EXPECT_THAT(plugin_error([&] { inspect_plugin_file(fixture::kNoRevisions); }),
              AllOf(HasSubstr(fixture::kNoRevisions.filename().string()),
                    HasSubstr("holds no godwit revisions: was it built with GODWIT_REVISION?")));
}

}  // namespace
}  // namespace godwit::core::plugin
