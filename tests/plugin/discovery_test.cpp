#include "godwit/core/plugin/discovery.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/revision_section.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
namespace fixture = godwit::test::fixture;
using godwit::test::copy_to;
using godwit::test::TempDir;

std::vector<std::string> ids(const Discovery& found) {
  std::vector<std::string> out;
  for (const PluginFile& file : found.files)
    for (const RevisionRecord& r : file.revisions) out.push_back(r.id);
  return out;
}

std::vector<std::string> names(const Discovery& found) {
  std::vector<std::string> out;
  for (const PluginFile& file : found.files) out.push_back(file.path.filename().string());
  return out;
}

Error discovery_error(const std::vector<std::filesystem::path>& dirs, const DiscoveryOptions& options = {}) {
  try {
    discover_plugins(dirs, options);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "discovery succeeded";
  return Error(ErrorCategory::usage, "");
}

TEST(Discovery, ListsDirectoriesInOrderThenFileNamesAndIgnoresNonPlugins) {
  TempDir tmp;
  const auto first = tmp.dir("first"), second = tmp.dir("second");
  copy_to(fixture::kBundle, first / "b_bundle.so");
  copy_to(fixture::kSingle, first / "a_single.so");
  copy_to(fixture::kThrowsRuntime, second / "0_runtime.so");
  godwit::test::write_text(first / "README", "not a plugin");
  godwit::test::write_text(first / "notes.txt", "not a plugin");
  godwit::test::write_text(first / "thing.o", "not a plugin");
  godwit::test::write_text(first / "libx.so.1", "not a plugin");
  tmp.dir("first/sub.so");  // a directory, not a file

  const Discovery found = discover_plugins({first, second});
  EXPECT_THAT(names(found), ElementsAre("a_single.so", "b_bundle.so", "0_runtime.so"));
  // Within a file, records come in declaration order (source file, then line), whatever order the
  // compiler emitted them in (GCC -O2 reverses a translation unit's records).
  EXPECT_EQ(ids(found).front(), "1975ea83b712");
  EXPECT_THAT(found.files[1].revisions,
              ElementsAre(Field(&RevisionRecord::id, "bundle01"), Field(&RevisionRecord::id, "bundle02"),
                          Field(&RevisionRecord::id, "bundle03"), Field(&RevisionRecord::id, "bundle04")));
  EXPECT_THAT(found.files[1].revisions[1].source_file, ::testing::EndsWith("bundle_a.cpp"));
  EXPECT_GT(found.files[1].revisions[1].source_line, found.files[1].revisions[0].source_line);
  EXPECT_THAT(found.warnings, IsEmpty());

  const PluginFile& single = found.files[0];
  EXPECT_EQ(single.path, first / "a_single.so");
  EXPECT_EQ(single.size, std::filesystem::file_size(fixture::kSingle));
  EXPECT_GT(single.mtime.time_since_epoch().count(), 0);
  EXPECT_EQ(single.stamp.magic, abi::kMagic);
  const RevisionRecord& authors = single.revisions.at(0);
  EXPECT_THAT(authors.down_revisions, IsEmpty());
  EXPECT_THAT(authors.branch_labels, ElementsAre("library"));
  EXPECT_EQ(authors.message, "create authors");
  EXPECT_EQ(authors.entry, "godwit_rev_CreateAuthors");

  const auto revision = [&](const std::string& id) {
    for (const RevisionRecord& r : found.files[1].revisions)
      if (r.id == id) return r;
    return RevisionRecord{};
  };
  EXPECT_THAT(revision("bundle04").down_revisions, ElementsAre("bundle02", "bundle03"));
  EXPECT_THAT(revision("bundle04").depends_on, ElementsAre("1975ea83b712"));
  EXPECT_FALSE(revision("bundle04").transactional);
  EXPECT_THAT(revision("bundle03").depends_on, IsEmpty());
  EXPECT_TRUE(revision("bundle03").transactional);
}

// Translation units come in link order, so bundle_a.cpp's records precede bundle_b.cpp's.
TEST(Discovery, ABundleListsItsTranslationUnitsInLinkOrder) {
  const std::vector<RevisionRecord> revisions = inspect_plugin_file(fixture::kBundle).revisions;
  ASSERT_EQ(revisions.size(), 4u);
  EXPECT_THAT(std::vector<std::string>({revisions[0].id, revisions[1].id}),
              UnorderedElementsAre("bundle01", "bundle02"));
  EXPECT_THAT(std::vector<std::string>({revisions[2].id, revisions[3].id}),
              UnorderedElementsAre("bundle03", "bundle04"));
}

// Records from different translation units are 32-aligned, so the linker pads between them with zeros.
TEST(Discovery, ABundleFromTwoTranslationUnitsHasPaddingBetweenRecords) {
  const ElfImage image = ElfImage::open(fixture::kBundle);
  const std::vector<std::uint8_t> section = image.read_section(*image.find_section(abi::kSectionName));
  const std::vector<SectionRecord> records = split_revision_section(section, "bundle.so");
  ASSERT_EQ(records.size(), 4u);
  bool padded = false;
  for (std::size_t i = 1; i < records.size(); ++i)
    padded |= records[i].offset > records[i - 1].offset + records[i - 1].size;
  EXPECT_TRUE(padded) << "the fixture no longer exercises padding";
}

TEST(Discovery, ACorruptSectionSizeIsRefusedNotRead) {
  std::vector<std::uint8_t> section(64, 0);
  const std::uint32_t header[] = {abi::kRecordMagic, 4096, sizeof(abi::Stamp)};
  std::memcpy(section.data(), header, sizeof header);
  EXPECT_THROW(split_revision_section(section, "x.so"), Error);
  const std::uint32_t tiny[] = {abi::kRecordMagic, 12, 0x7fffffff};
  std::memcpy(section.data(), tiny, sizeof tiny);
  EXPECT_THROW(split_revision_section(section, "x.so"), Error);
  section.assign(8, 0);
  section[0] = 'X';
  EXPECT_THROW(split_revision_section(section, "x.so"), Error);
}

TEST(Discovery, AMissingOrNonDirectoryIsAConfigErrorNamingIt) {
  TempDir tmp;
  const Error missing = discovery_error({tmp / "nope"});
  EXPECT_EQ(missing.category(), ErrorCategory::config);
  EXPECT_THAT(missing.what(),
              AllOf(HasSubstr("plugin directory"), HasSubstr("nope"), HasSubstr("does not exist")));
  godwit::test::write_text(tmp / "file", "x");
  EXPECT_THAT(discovery_error({tmp / "file"}).what(), HasSubstr("is not a directory"));
}

TEST(Discovery, AnInvalidPluginFailsDiscoveryUnlessSkipped) {
  TempDir tmp;
  const auto dir = tmp.dir("plugins");
  copy_to(fixture::kSingle, dir / "good.so");
  godwit::test::write_text(dir / "broken.so", "garbage");
  copy_to(fixture::kNoRevisions, dir / "plain.so");

  const Error error = discovery_error({dir});
  EXPECT_EQ(error.category(), ErrorCategory::plugin);
  EXPECT_THAT(error.what(), AllOf(HasSubstr("broken.so"), HasSubstr("no ELF header")));

  std::vector<std::string> reported;
  DiscoveryOptions options;
  options.skip_invalid = true;
  options.on_warning = [&](const DiscoveryWarning& w) { reported.push_back(w.path.filename().string()); };
  const Discovery found = discover_plugins({dir}, options);
  EXPECT_THAT(names(found), ElementsAre("good.so"));
  EXPECT_THAT(reported, ElementsAre("broken.so", "plain.so"));
  ASSERT_EQ(found.warnings.size(), 2u);
  EXPECT_THAT(found.warnings[1].message, HasSubstr("plain.so: holds no godwit revisions"));
}

TEST(Discovery, ADuplicateIdAcrossFilesNamesBothFiles) {
  TempDir tmp;
  const auto a = tmp.dir("a"), b = tmp.dir("b");
  copy_to(fixture::kSingle, a / "one.so");
  copy_to(fixture::kSingle, b / "two.so");
  DiscoveryOptions skip;
  skip.skip_invalid = true;  // a duplicate is never skipped: either file may be the intended one
  const Error error = discovery_error({a, b}, skip);
  EXPECT_EQ(error.category(), ErrorCategory::plugin);
  EXPECT_THAT(error.what(), AllOf(HasSubstr("duplicate revision id 1975ea83b712"), HasSubstr("one.so"),
                                  HasSubstr("two.so")));
}

TEST(Discovery, ADuplicateIdWithinABundleNamesBothEntries) {
  TempDir tmp;
  const auto path = copy_to(fixture::kBundle, tmp / "dup.so");
  ASSERT_EQ(godwit::test::replace_in_file(path, "\n  revision: bundle02", "\n  revision: bundle01"), 1);
  const Error error = discovery_error({tmp.path()});
  EXPECT_THAT(error.what(), AllOf(HasSubstr("dup.so"), HasSubstr("bundle01 is declared twice"),
                                  HasSubstr("godwit_rev_BundleOne"), HasSubstr("godwit_rev_BundleTwo")));
}

TEST(Discovery, ADirectoryListedTwiceIsReadOnce) {
  TempDir tmp;
  copy_to(fixture::kSingle, tmp / "one.so");
  EXPECT_THAT(names(discover_plugins({tmp.path(), tmp.path() / "."})), ElementsAre("one.so"));
}

// Large directories are inspected on several threads; what comes out must not show it: files in name
// order, and the first invalid file in that order is the one reported.
TEST(Discovery, ManyPluginsComeOutInOrderWithTheFirstInvalidOneReported) {
  TempDir tmp;
  const auto dir = tmp.dir("many");
  std::vector<char> bytes = godwit::test::read_bytes(fixture::kSingle);
  std::string previous = "revision: " + fixture::kSingleId;
  std::vector<std::string> expected;
  for (int i = 0; i < 500; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "p%011d", i);
    const std::string next = std::string("revision: ") + id;
    ASSERT_EQ(godwit::test::replace_bytes(bytes, previous, next), 1);
    previous = next;
    godwit::test::write_bytes(dir / (std::string(id) + ".so"), bytes);
    expected.emplace_back(id);
  }
  EXPECT_EQ(ids(discover_plugins({dir})), expected);

  godwit::test::write_text(dir / "p00000000300x.so", "not a plugin\n");
  godwit::test::write_text(dir / "p00000000400x.so", "not one either\n");
  EXPECT_THAT(discovery_error({dir}).what(), HasSubstr("p00000000300x.so"));
  DiscoveryOptions skip;
  skip.skip_invalid = true;
  const Discovery found = discover_plugins({dir}, skip);
  EXPECT_EQ(ids(found), expected);
  ASSERT_EQ(found.warnings.size(), 2u);
  EXPECT_EQ(found.warnings[0].path.filename(), "p00000000300x.so");
  EXPECT_EQ(found.warnings[1].path.filename(), "p00000000400x.so");
}

}  // namespace
}  // namespace godwit::core::plugin
