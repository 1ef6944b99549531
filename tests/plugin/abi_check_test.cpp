#include "godwit/core/plugin/abi_check.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/plugin_file.hpp"
#include "godwit/driver/driver.hpp"
#include "godwit/version.hpp"
#include "support/fixtures.hpp"
#include "support/record_patch.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
namespace fixture = godwit::test::fixture;

abi::Stamp host() {
  return abi::current_stamp();
}

std::string mismatch(const abi::Stamp& plugin) {
  return abi_mismatch(plugin, host()).value_or("(accepted)");
}

TEST(AbiCheck, AcceptsTheHostsOwnStamp) {
  EXPECT_EQ(abi_mismatch(host(), host()), std::nullopt);
}

TEST(AbiCheck, AcceptsAnOlderMinorAndIgnoresInformationalFields) {
  abi::Stamp newer_host = host();
  newer_host.sdk_abi_minor = 3;
  abi::Stamp plugin = host();
  plugin.sdk_abi_minor = 2;
  plugin.sdk_version_major = 9;
  plugin.compiler_major = 4;
  EXPECT_EQ(abi_mismatch(plugin, newer_host), std::nullopt);
}

TEST(AbiCheck, AcceptsALargerStampFromANewerLayout) {
  abi::Stamp plugin = host();
  plugin.size += 8;
  EXPECT_EQ(abi_mismatch(plugin, host()), std::nullopt);
}

TEST(AbiCheck, NamesEachFieldThatDiffers) {
  abi::Stamp s = host();
  s.magic = 0x12345678;
  EXPECT_THAT(mismatch(s), HasSubstr("no valid godwit ABI stamp (magic 0x12345678"));
  s = host();
  s.size = 36;
  EXPECT_THAT(mismatch(s), HasSubstr("older godwit ABI stamp (36 bytes, this godwit needs 52)"));
  s = host();
  s.sdk_abi_major = host().sdk_abi_major + 1;
  EXPECT_THAT(mismatch(s), HasSubstr("built for godwit SDK ABI " + std::to_string(host().sdk_abi_major + 1) +
                                     "." + std::to_string(host().sdk_abi_minor) + ", this godwit speaks " +
                                     host_interfaces() + "; rebuild the plugin against this godwit's SDK"));
  s = host();
  s.sdk_abi_minor = host().sdk_abi_minor + 1;
  EXPECT_THAT(mismatch(s), HasSubstr("SDK ABI " + std::to_string(host().sdk_abi_major) + "." +
                                     std::to_string(host().sdk_abi_minor + 1) +
                                     ", newer than this godwit, which speaks " + host_interfaces()));
  s = host();
  s.gxx_abi_version = 1002;
  EXPECT_THAT(mismatch(s),
              HasSubstr("__GXX_ABI_VERSION) 1002, host uses " + std::to_string(host().gxx_abi_version)));
  s = host();
  s.cxx11_string_abi = 1 - host().cxx11_string_abi;
  EXPECT_THAT(mismatch(s),
              HasSubstr("built with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(s.cxx11_string_abi) +
                        ", host uses " + std::to_string(host().cxx11_string_abi)));
  s = host();
  s.standard_library = 2;
  EXPECT_THAT(mismatch(s), HasSubstr("built against libc++, host uses libstdc++"));
  s = host();
  s.pointer_size = 4;
  EXPECT_THAT(mismatch(s), HasSubstr("built for 4-byte pointers, host uses 8-byte pointers"));
  s = host();
  s.exceptions = 0;
  EXPECT_THAT(mismatch(s), HasSubstr("built with C++ exceptions disabled, host has them enabled"));
}

TEST(AbiCheck, TheHostNamesTheSdkAbiAndTheDriverApiItSpeaks) {
  EXPECT_EQ(host_interfaces(), "SDK ABI " + std::to_string(GODWIT_SDK_ABI_MAJOR) + "." +
                                   std::to_string(GODWIT_SDK_ABI_MINOR) + " and driver API " +
                                   std::to_string(driver::kDriverApiVersion));
}

// Three sides: the host, the driver API a driver was built for, the SDK ABI it (and a revision) was built
// for.
TEST(AbiCheck, ADriverRefusalNamesWhichSideSpeaksWhat) {
  abi::Stamp s = host();
  s.sdk_abi_major = host().sdk_abi_major + 1;
  const std::string api = std::to_string(driver::kDriverApiVersion);
  EXPECT_THAT(abi_mismatch(s, host(), LibraryKind::driver).value_or("(accepted)"),
              AllOf(HasSubstr("built for godwit SDK ABI " + std::to_string(s.sdk_abi_major) + "." +
                              std::to_string(s.sdk_abi_minor) + " and driver API " + api +
                              ", this godwit speaks " + host_interfaces()),
                    HasSubstr("rebuild the driver against this godwit's SDK and driver API")));
  s = host();
  s.cxx11_string_abi = 1 - host().cxx11_string_abi;
  EXPECT_THAT(
      abi_mismatch(s, host(), LibraryKind::driver).value_or("(accepted)"),
      HasSubstr("rebuild the driver against this godwit's SDK and driver API with the host's compiler"));
  EXPECT_EQ(driver_api_mismatch(driver::kDriverApiVersion), std::nullopt);
  EXPECT_EQ(driver_api_mismatch(driver::kDriverApiVersion + 1).value_or("(accepted)"),
            "built for godwit driver API " + std::to_string(driver::kDriverApiVersion + 1) +
                ", this godwit speaks " + host_interfaces() +
                "; rebuild the driver against this godwit's driver API");
}

TEST(AbiCheck, CheckAbiThrowsAPluginErrorNamingTheFile) {
  abi::Stamp s = host();
  s.sdk_abi_major = GODWIT_SDK_ABI_MAJOR + 1;
  try {
    check_abi(s, "plugins/x.so");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::plugin);
    EXPECT_THAT(e.what(), HasSubstr("plugins/x.so: built for godwit SDK ABI " +
                                    std::to_string(GODWIT_SDK_ABI_MAJOR + 1) + "."));
  }
}

class AbiCheckOnFile : public ::testing::Test {
 protected:
  std::string inspect_error(std::size_t field, std::uint32_t value, const std::string& name) {
    const auto path = godwit::test::copy_with_stamp_field(fixture::kSingle, tmp_ / name, field, value);
    try {
      inspect_plugin_file(path);
    } catch (const Error& e) {
      return e.what();
    }
    return "(accepted)";
  }
  godwit::test::TempDir tmp_;
};

TEST_F(AbiCheckOnFile, RefusesAPluginBuiltAgainstAnotherSdkMajor) {
  const std::uint32_t next = GODWIT_SDK_ABI_MAJOR + 1;
  EXPECT_THAT(
      inspect_error(offsetof(abi::Stamp, sdk_abi_major), next, "next.so"),
      AllOf(HasSubstr("next.so: built for godwit SDK ABI " + std::to_string(next) + "." +
                      std::to_string(host().sdk_abi_minor) + ", this godwit speaks " + host_interfaces()),
            HasSubstr("rebuild the plugin against this godwit's SDK")));
}

TEST_F(AbiCheckOnFile, RefusesAPluginBuiltWithTheOtherStringAbi) {
  const std::uint32_t other = 1 - abi::kCxx11StringAbi;
  EXPECT_THAT(inspect_error(offsetof(abi::Stamp, cxx11_string_abi), other, "oldabi.so"),
              HasSubstr("oldabi.so: built with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(other) +
                        ", host uses " + std::to_string(abi::kCxx11StringAbi)));
}

TEST_F(AbiCheckOnFile, RefusesAnOlderStampLayoutBeforeReadingTheRest) {
  EXPECT_THAT(inspect_error(offsetof(abi::Stamp, size), 40, "small.so"),
              HasSubstr("small.so: was built with an older godwit ABI stamp (40 bytes"));
}

TEST_F(AbiCheckOnFile, RefusesAForeignMagic) {
  EXPECT_THAT(inspect_error(offsetof(abi::Stamp, magic), 0xdeadbeef, "magic.so"),
              HasSubstr("magic.so: has no valid godwit ABI stamp"));
}

TEST_F(AbiCheckOnFile, KeepsTheInformationalFields) {
  const PluginFile file = inspect_plugin_file(fixture::kSingle);
  EXPECT_EQ(file.stamp.sdk_version_major, static_cast<std::uint32_t>(GODWIT_SDK_VERSION_MAJOR));
  EXPECT_EQ(file.stamp.sdk_version_minor, static_cast<std::uint32_t>(GODWIT_SDK_VERSION_MINOR));
  EXPECT_EQ(file.stamp.compiler_major, abi::kCompilerMajor);
}

}  // namespace
}  // namespace godwit::core::plugin
