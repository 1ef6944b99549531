// The source checksum godwit_add_revision stamps into each revision, and how the host reads it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/checksum.hpp"
#include "godwit/core/plugin/plugin_file.hpp"
#include "godwit/core/plugin/revision_metadata.hpp"
#include "support/fixtures.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
namespace fixture = godwit::test::fixture;

const std::string kSum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

TEST(SourceChecksum, TheBuildStampsTheSha256OfTheRevisionSource) {
  const PluginFile single = inspect_plugin_file(fixture::kSingle);
  ASSERT_EQ(single.revisions.size(), 1u);
  EXPECT_EQ(single.revisions[0].source_checksum, sha256_file(GODWIT_FIXTURE_SINGLE_SOURCE));
}

TEST(SourceChecksum, EachRevisionOfABundleCarriesItsOwnFilesChecksum) {
  const std::string a = sha256_file(GODWIT_FIXTURE_BUNDLE_A_SOURCE);
  const std::string b = sha256_file(GODWIT_FIXTURE_BUNDLE_B_SOURCE);
  ASSERT_NE(a, b);
  const PluginFile bundle = inspect_plugin_file(fixture::kBundle);
  ASSERT_GE(bundle.revisions.size(), 2u);
  for (const RevisionRecord& r : bundle.revisions) {
    const bool from_a = r.source_file.find("bundle_a.cpp") != std::string::npos;
    EXPECT_EQ(r.source_checksum, from_a ? a : b) << r.id << " from " << r.source_file;
  }
}

TEST(SourceChecksum, IsReadFromTheGeneratedLineAfterTheSourceLine) {
  const RevisionRecord r = parse_revision_metadata(
      "entry: godwit_rev_A\nsource: a.cpp:3\nsource_sha256: " + kSum + "\nrevision: abc\n", "x.so");
  EXPECT_EQ(r.source_checksum, kSum);
  EXPECT_EQ(r.source_file, "a.cpp");
  EXPECT_EQ(r.id, "abc");
}

TEST(SourceChecksum, APluginBuiltWithoutItHasAnEmptyOne) {
  const RevisionRecord r =
      parse_revision_metadata("entry: godwit_rev_A\nsource: a.cpp:3\nrevision: abc\n", "x.so");
  EXPECT_EQ(r.source_checksum, "");
}

TEST(SourceChecksum, AMalformedGeneratedChecksumIsRefused) {
  try {
    parse_revision_metadata("entry: godwit_rev_A\nsource: a.cpp:3\nsource_sha256: 12ab\nrevision: abc\n",
                            "plugins/x.so");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("plugins/x.so"), HasSubstr("'12ab' is not 64 lowercase hex digits"),
                                HasSubstr("godwit_add_revision")));
  }
}

TEST(SourceChecksum, AnAuthorCannotWriteItInTheMetadata) {
  // Only the build may claim a checksum: in META the key is unknown like any other.
  EXPECT_THROW(
      parse_revision_metadata("entry: godwit_rev_A\nrevision: abc\nsource_sha256: " + kSum + "\n", "x.so"),
      Error);
}

TEST(SourceChecksum, TakesPartInRecordEquality) {
  RevisionRecord a;
  RevisionRecord b;
  b.source_checksum = kSum;
  EXPECT_NE(a, b);  // a file rebuilt from another source between discovery and loading is refused
}

}  // namespace
}  // namespace godwit::core::plugin
