#include "godwit/core/plugin/driver_library.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "godwit/core/error.hpp"
#include "support/fixtures.hpp"
#include "support/loader_state.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fixture = godwit::test::fixture;
using godwit::test::copy_to;
using godwit::test::is_loaded;
using godwit::test::TempDir;

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

TEST(DriverLibrary, RefusesAWrongApiVersionNamingBoth) {
  TempDir tmp;
  const auto path = copy_to(fixture::kWrongApiDriver, tmp / "future.so");
  const Error error = error_of([&] { DriverLibrary::load(path); });
  EXPECT_EQ(error.category(), ErrorCategory::plugin);
  EXPECT_THAT(error.what(),
              AllOf(HasSubstr("future.so"),
                    HasSubstr("built for godwit driver API 99, this godwit speaks driver API 1")));
}

TEST(DriverLibrary, RefusesLibrariesWithoutTheEntryBeforeLoadingThem) {
  TempDir tmp;
  const auto revision = copy_to(fixture::kSingle, tmp / "revision.so");
  EXPECT_THAT(error_of([&] { DriverLibrary::load(revision); }).what(),
              AllOf(HasSubstr("revision.so"), HasSubstr("does not export godwit_driver_entry")));
  EXPECT_FALSE(is_loaded(revision));
  godwit::test::write_text(tmp / "text.so", "#!/bin/sh\n");
  EXPECT_THAT(error_of([&] { DriverLibrary::load(tmp / "text.so"); }).what(), HasSubstr("no ELF header"));
}

TEST(DriverLibrary, FindsTheDriverForASchemeAcrossDirectories) {
  TempDir tmp;
  const auto first = tmp.dir("first"), second = tmp.dir("second");
  copy_to(fixture::kWrongApiDriver, first / "a_future.so");
  copy_to(fixture::kFakeDriver, second / "fake.so");
  const auto found = find_driver_for_scheme("FAKE", {tmp / "missing", first, second});
  EXPECT_EQ(found->path(), second / "fake.so");
  EXPECT_EQ(found->name(), "fake");
}

TEST(DriverLibrary, NoDriverForASchemeListsWhereItLookedAndWhatExists) {
  TempDir tmp;
  const auto dir = tmp.dir("drivers");
  copy_to(fixture::kFakeDriver, dir / "fake.so");
  copy_to(fixture::kWrongApiDriver, dir / "future.so");
  const Error error = error_of([&] { find_driver_for_scheme("mysql", {dir}); });
  EXPECT_EQ(error.category(), ErrorCategory::config);
  EXPECT_THAT(error.what(), HasSubstr("no database driver for URL scheme 'mysql' (looked in " + dir.string() +
                                      "; available: fake, fakedb)"));
  EXPECT_THAT(error.what(), HasSubstr("future.so: built for godwit driver API 99"));
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
