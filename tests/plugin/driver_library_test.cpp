#include "godwit/core/plugin/driver_library.hpp"

#include <dlfcn.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/abi_check.hpp"
#include "godwit/core/plugin/driver_section.hpp"
#include "godwit/driver/driver_record.hpp"
#include "godwit/version.hpp"
#include "support/elf_copies.hpp"
#include "support/fixtures.hpp"
#include "support/loader_state.hpp"
#include "support/record_patch.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fixture = godwit::test::fixture;
using godwit::test::copy_to;
using godwit::test::copy_with_driver_field;
using godwit::test::is_loaded;
using godwit::test::padded_copy;
using godwit::test::stripped_copy;
using godwit::test::TempDir;
using godwit::test::truncated_copy;

Error error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorCategory::usage, "");
}

TEST(DriverLibrary, LoadsADriverAndCreatesIt) {
  TempDir tmp;
  const auto path = copy_to(fixture::kFakeDriver, tmp / "fake.so");
  const auto library = DriverLibrary::load(path);
  EXPECT_EQ(library->name(), "fake");
  EXPECT_THAT(library->schemes(), ElementsAre("fake", "fakedb"));
  EXPECT_TRUE(library->handles_scheme("FakeDB"));
  EXPECT_FALSE(library->handles_scheme("postgresql"));
  const DriverPtr driver = library->create_driver();
  ASSERT_NE(driver, nullptr);
  EXPECT_EQ(driver->dialect().name(), "fake");
  EXPECT_EQ(driver->dialect().qualified_name("s", "t"), "\"s\".\"t\"");
  EXPECT_THROW(driver->connect({}), godwit::ConnectionLost);
}

TEST(DriverLibrary, TheDriverKeepsItsLibraryLoaded) {
  TempDir tmp;
  const auto path = copy_to(fixture::kFakeDriver, tmp / "fake.so");
  DriverPtr driver = DriverLibrary::load(path)->create_driver();  // the DriverLibrary itself is gone
  EXPECT_TRUE(is_loaded(path));
  EXPECT_EQ(driver->dialect().quote_identifier("x"), "\"x\"");
  driver.reset();
  EXPECT_FALSE(is_loaded(path));
}

// A copy of the fake driver as a driver built against driver API 99 would be.
std::filesystem::path future_driver(const std::filesystem::path& out) {
  return copy_with_driver_field(fixture::kFakeDriver, out, offsetof(driver::DriverRecordHeader, api_version),
                                99);
}

// A copy of the fake driver whose ABI stamp field at `stamp_field` (offsetof(abi::Stamp, ...)) is `value`.
std::filesystem::path stamped_driver(const std::filesystem::path& out, std::size_t stamp_field,
                                     std::uint32_t value) {
  return copy_with_driver_field(fixture::kFakeDriver, out,
                                offsetof(driver::DriverRecordHeader, stamp) + stamp_field, value);
}

TEST(DriverSection, DeclaresNameSchemesApiAndStampReadWithoutLoading) {
  TempDir tmp;
  const auto path = copy_to(fixture::kFakeDriver, tmp / "fake.so");
  const auto small = stripped_copy(fixture::kFakeDriver, tmp / "small.so");
  const auto large = padded_copy(fixture::kFakeDriver, tmp / "large.so", 4 * ElfImage::kWholeFileRead);
  ASSERT_LE(std::filesystem::file_size(small), ElfImage::kWholeFileRead);
  for (const auto& copy : {path, small, large}) {
    SCOPED_TRACE(copy.filename().string());
    const std::optional<DriverDeclaration> declared = read_driver_declaration(ElfImage::open(copy));
    ASSERT_TRUE(declared.has_value());
    EXPECT_EQ(declared->name, "fake");
    EXPECT_THAT(declared->schemes, ElementsAre("fake", "fakedb"));
    EXPECT_EQ(declared->api_version, driver::kDriverApiVersion);
    EXPECT_EQ(abi_mismatch(declared->stamp), std::nullopt);
    EXPECT_TRUE(declared->serves("FakeDB"));
    EXPECT_FALSE(declared->serves("fak"));
    EXPECT_FALSE(is_loaded(copy));
  }
  EXPECT_EQ(read_driver_declaration(ElfImage::open(fixture::kUnmarkedDriver)), std::nullopt);
  EXPECT_EQ(read_driver_declaration(ElfImage::open(fixture::kSingle)), std::nullopt);
}

TEST(DriverSection, ThePostgresDriverDeclaresItsSchemesAndLoads) {
  const std::optional<DriverDeclaration> declared =
      read_driver_declaration(ElfImage::open(fixture::kPostgresDriver));
  ASSERT_TRUE(declared.has_value());
  EXPECT_EQ(declared->name, "postgresql");
  EXPECT_THAT(declared->schemes, ElementsAre("postgresql", "postgres"));
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  copy_to(fixture::kPostgresDriver, dir / "postgres.so");
  copy_to(fixture::kFakeDriver, dir / "fake.so");
  const auto found = find_driver_for_scheme("postgres", {dir});
  EXPECT_EQ(found->path(), dir / "postgres.so");
  EXPECT_EQ(found->create_driver()->dialect().name(), "postgresql");
  EXPECT_FALSE(is_loaded(dir / "fake.so"));
}

TEST(DriverLibrary, FindsTheDriverForASchemeWithoutLoadingAnyOtherFile) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  // Named to sort first: the old loader dlopened each file in turn, and the unmarked one answers "fake" too.
  const auto unmarked = copy_to(fixture::kUnmarkedDriver, dir / "a_unmarked.so");
  const auto other = copy_to(fixture::kOtherDriver, dir / "b_other.so");
  const auto lying = copy_to(fixture::kLyingDriver, dir / "c_lying.so");
  const auto revision = copy_to(fixture::kSingle, dir / "d_revision.so");
  const auto fake = copy_to(fixture::kFakeDriver, dir / "fake.so");
  const auto last = copy_to(fixture::kOtherDriver, dir / "z_other.so");
  godwit::test::write_text(dir / "e_text.so", "not a library\n");
  const auto found = find_driver_for_scheme("fake", {dir});
  EXPECT_EQ(found->path(), fake);
  EXPECT_TRUE(is_loaded(fake));
  for (const auto& path : {unmarked, other, lying, revision, last, dir / "e_text.so"})
    EXPECT_FALSE(is_loaded(path)) << path << " was loaded";
}

TEST(DriverLibrary, TwoDriversServeTheirOwnSchemesAndOnlyTheOneAskedForIsLoaded) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  const auto fake = copy_to(fixture::kFakeDriver, dir / "fake.so");
  const auto other = copy_to(fixture::kOtherDriver, dir / "other.so");
  {
    const auto found = find_driver_for_scheme("OTHERDB", {dir});
    EXPECT_EQ(found->path(), other);
    EXPECT_EQ(found->name(), "other");
    EXPECT_THAT(found->schemes(), ElementsAre("otherdb"));
    EXPECT_EQ(found->create_driver()->dialect().name(), "other");
    EXPECT_FALSE(is_loaded(fake));
  }
  const auto found = find_driver_for_scheme("fakedb", {dir});
  EXPECT_EQ(found->path(), fake);
  EXPECT_EQ(found->create_driver()->dialect().name(), "fake");
  EXPECT_FALSE(is_loaded(other)) << "the other driver stays unloaded once nothing uses it";
}

TEST(DriverLibrary, ALibraryWithoutTheSectionIsNeverLoaded) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  const auto unmarked = copy_to(fixture::kUnmarkedDriver, dir / "unmarked.so");
  const Error error = error_of([&] { find_driver_for_scheme("unmarked", {dir}); });
  EXPECT_EQ(error.category(), ErrorCategory::config);
  EXPECT_THAT(error.what(),
              AllOf(HasSubstr("no database driver for URL scheme 'unmarked'"), HasSubstr("available: none"),
                    HasSubstr(unmarked.string() + ": has no godwit_driver section")));
  EXPECT_THAT(
      error_of([&] { DriverLibrary::load(unmarked); }).what(),
      AllOf(HasSubstr("unmarked.so"), HasSubstr("has no godwit_driver section"), HasSubstr("GODWIT_DRIVER")));
  EXPECT_FALSE(is_loaded(unmarked));
  const auto revision = copy_to(fixture::kSingle, tmp / "revision.so");
  EXPECT_THAT(error_of([&] { DriverLibrary::load(revision); }).what(),
              AllOf(HasSubstr("revision.so"), HasSubstr("has no godwit_driver section")));
  EXPECT_FALSE(is_loaded(revision));
  godwit::test::write_text(tmp / "text.so", "#!/bin/sh\n");
  EXPECT_THAT(error_of([&] { DriverLibrary::load(tmp / "text.so"); }).what(), HasSubstr("no ELF header"));
}

// The strongest form of "never loaded": dlopen would run the foreign library's constructor, which writes a
// marker file, before any check the host could make afterwards. Resolving drivers must never create it.
TEST(DriverLibrary, AForeignLibrarysConstructorNeverRunsWhileDriversAreResolved) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  const auto marker = tmp / "constructor-ran";
  ASSERT_EQ(::setenv("GODWIT_TEST_FOREIGN_MARKER", marker.c_str(), 1), 0);
  // Sorted first, and its entry answers "fake": a loader that opened files to ask them would run it first.
  const auto foreign = copy_to(fixture::kForeignLibrary, dir / "a_foreign.so");
  const auto fake = copy_to(fixture::kFakeDriver, dir / "fake.so");
  EXPECT_EQ(find_driver_for_scheme("fake", {dir})->path(), fake);
  EXPECT_THAT(error_of([&] { find_driver_for_scheme("foreign", {dir}); }).what(),
              AllOf(HasSubstr("no database driver for URL scheme 'foreign'"),
                    HasSubstr(foreign.string() + ": has no godwit_driver section")));
  EXPECT_THAT(error_of([&] { find_driver_for_scheme("nosuchdb", {dir}); }).what(),
              HasSubstr("no database driver for URL scheme 'nosuchdb'"));
  EXPECT_THAT(error_of([&] { DriverLibrary::load(foreign); }).what(),
              HasSubstr("has no godwit_driver section"));
  EXPECT_FALSE(std::filesystem::exists(marker)) << "the host ran the foreign library's constructor";
  EXPECT_FALSE(is_loaded(foreign));
  // The control: loading the file does run the constructor, so the marker's absence above means something.
  void* handle = ::dlopen(foreign.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << ::dlerror();
  ::dlclose(handle);
  ::unsetenv("GODWIT_TEST_FOREIGN_MARKER");
  EXPECT_TRUE(std::filesystem::exists(marker));
}

TEST(DriverLibrary, RefusesAnotherDriverApiByNameBeforeLoading) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  const auto path = future_driver(dir / "future.so");
  const Error error = error_of([&] { DriverLibrary::load(path); });
  EXPECT_EQ(error.category(), ErrorCategory::plugin);
  EXPECT_THAT(error.what(), AllOf(HasSubstr("future.so"),
                                  HasSubstr("built for godwit driver API 99, this godwit speaks SDK ABI " +
                                            std::to_string(GODWIT_SDK_ABI_MAJOR) + "." +
                                            std::to_string(GODWIT_SDK_ABI_MINOR) + " and driver API " +
                                            std::to_string(godwit::driver::kDriverApiVersion)),
                                  HasSubstr("rebuild the driver against this godwit's driver API")));
  EXPECT_THAT(error_of([&] { find_driver_for_scheme("fake", {dir}); }).what(),
              AllOf(HasSubstr("no database driver for URL scheme 'fake'"),
                    HasSubstr("future.so: built for godwit driver API 99")));
  EXPECT_FALSE(is_loaded(path));
}

TEST(DriverLibrary, RefusesAnAbiStampFieldThatDiffersByNameBeforeLoading) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  const abi::Stamp host = abi::current_stamp();
  const auto strings =
      stamped_driver(dir / "strings.so", offsetof(abi::Stamp, cxx11_string_abi), 1 - host.cxx11_string_abi);
  const auto major =
      stamped_driver(dir / "major.so", offsetof(abi::Stamp, sdk_abi_major), host.sdk_abi_major + 1);
  const auto magic = stamped_driver(dir / "magic.so", offsetof(abi::Stamp, magic), 0x12345678);
  EXPECT_THAT(error_of([&] { DriverLibrary::load(strings); }).what(),
              AllOf(HasSubstr("strings.so"), HasSubstr("built with _GLIBCXX_USE_CXX11_ABI=" +
                                                       std::to_string(1 - host.cxx11_string_abi))));
  EXPECT_THAT(error_of([&] { DriverLibrary::load(major); }).what(),
              AllOf(HasSubstr("major.so"),
                    HasSubstr("built for godwit SDK ABI " + std::to_string(host.sdk_abi_major + 1) + "." +
                              std::to_string(host.sdk_abi_minor) + " and driver API " +
                              std::to_string(godwit::driver::kDriverApiVersion) + ", this godwit speaks " +
                              host_interfaces())));
  const Error error = error_of([&] { find_driver_for_scheme("fake", {dir}); });
  EXPECT_THAT(error.what(), AllOf(HasSubstr("magic.so: has no valid godwit ABI stamp (magic 0x12345678"),
                                  HasSubstr("strings.so: built with _GLIBCXX_USE_CXX11_ABI"),
                                  HasSubstr("major.so: built for godwit SDK ABI")));
  for (const auto& path : {strings, major, magic}) EXPECT_FALSE(is_loaded(path)) << path;
}

TEST(DriverLibrary, RefusesACorruptSectionBeforeLoading) {
  TempDir tmp;
  const auto path = copy_with_driver_field(fixture::kFakeDriver, tmp / "corrupt.so",
                                           offsetof(driver::DriverRecordHeader, record_size), 1u << 30);
  EXPECT_THAT(error_of([&] { DriverLibrary::load(path); }).what(),
              AllOf(HasSubstr("corrupt.so: its godwit_driver section is corrupt (record size"),
                    HasSubstr("rebuild the driver with GODWIT_DRIVER")));
  EXPECT_FALSE(is_loaded(path));
}

TEST(DriverLibrary, SkipsTruncatedCopiesOfADriverWithoutCrashing) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  const auto fake = copy_to(fixture::kFakeDriver, dir / "fake.so");
  const std::size_t size = std::filesystem::file_size(fixture::kFakeDriver);
  for (const std::size_t cut :
       {std::size_t{4}, std::size_t{64}, std::size_t{1000}, size / 3, size / 2, size - 100, size - 1}) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    // Sorts first and declares the same schemes: read, it must be refused; loaded, it would kill the host.
    const auto cut_copy = truncated_copy(fixture::kFakeDriver, dir / "a_cut.so", cut);
    EXPECT_EQ(find_driver_for_scheme("fake", {dir})->path(), fake);
    EXPECT_THAT(error_of([&] { find_driver_for_scheme("mysql", {dir}); }).what(),
                AllOf(HasSubstr("available: fake, fakedb"), HasSubstr(cut_copy.string() + ": is")));
    EXPECT_FALSE(is_loaded(cut_copy));
  }
}

TEST(DriverLibrary, RefusesADriverWhoseEntryContradictsItsSection) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  const auto lying = copy_to(fixture::kLyingDriver, dir / "lying.so");
  // Chosen by its section only: what its code would answer is never asked.
  EXPECT_THAT(error_of([&] { find_driver_for_scheme("postgresql", {dir}); }).what(),
              HasSubstr("available: lyingdb)"));
  EXPECT_FALSE(is_loaded(lying));
  const Error error = error_of([&] { find_driver_for_scheme("lyingdb", {dir}); });
  EXPECT_EQ(error.category(), ErrorCategory::config);
  EXPECT_THAT(error.what(),
              HasSubstr(lying.string() +
                        ": its godwit_driver_entry reports driver lying for lyingdb, postgresql, its "
                        "godwit_driver section declares driver lying for lyingdb"));
  EXPECT_FALSE(is_loaded(lying)) << "a refused driver stays loaded";
}

TEST(DriverLibrary, FindsTheDriverForASchemeAcrossDirectories) {
  TempDir tmp;
  const auto first = tmp.dir("first"), second = tmp.dir("second");
  future_driver(first / "a_future.so");
  copy_to(fixture::kFakeDriver, second / "fake.so");
  const auto found = find_driver_for_scheme("FAKE", {tmp / "missing", first, second});
  EXPECT_EQ(found->path(), second / "fake.so");
  EXPECT_EQ(found->name(), "fake");
  EXPECT_FALSE(is_loaded(first / "a_future.so"));
}

TEST(DriverLibrary, NoDriverForASchemeListsWhereItLookedAndWhatExists) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  copy_to(fixture::kFakeDriver, dir / "fake.so");
  future_driver(dir / "future.so");
  const Error error = error_of([&] { find_driver_for_scheme("mysql", {dir}); });
  EXPECT_EQ(error.category(), ErrorCategory::config);
  EXPECT_THAT(error.what(), HasSubstr("no database driver for URL scheme 'mysql' (looked in " + dir.string() +
                                      "; available: fake, fakedb)"));
  EXPECT_THAT(error.what(), HasSubstr("future.so: built for godwit driver API 99"));
  EXPECT_FALSE(is_loaded(dir / "fake.so"));
  EXPECT_THAT(error_of([&] { find_driver_for_scheme("mysql", {tmp / "none"}); }).what(),
              AllOf(HasSubstr("none (unreadable or missing)"), HasSubstr("available: none")));
}

TEST(DriverLibrary, AWritableDriverIsRefusedLikeAWritablePluginUnlessTrustIsRelaxed) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  copy_to(fixture::kFakeDriver, dir / "fake.so");
  std::filesystem::permissions(dir / "fake.so", std::filesystem::perms::others_write,
                               std::filesystem::perm_options::add);
  const Error error = error_of([&] { find_driver_for_scheme("FAKE", {dir}); });
  EXPECT_EQ(error.category(), ErrorCategory::config);
  EXPECT_THAT(error.what(), AllOf(HasSubstr("no database driver for URL scheme 'FAKE'"),
                                  HasSubstr((dir / "fake.so").string()), HasSubstr("chmod go-w")));
  EXPECT_FALSE(is_loaded(dir / "fake.so")) << "an untrusted driver ran code";
  std::vector<std::string> warnings;
  const auto found = find_driver_for_scheme("FAKE", {dir}, TrustMode::warn,
                                            [&](const std::string& warning) { warnings.push_back(warning); });
  EXPECT_EQ(found->path(), dir / "fake.so");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("fake.so"));
  EXPECT_EQ(find_driver_for_scheme("FAKE", {dir}, TrustMode::off)->path(), dir / "fake.so");
}

}  // namespace
}  // namespace godwit::core::plugin
