#include "godwit/core/plugin/revision_metadata.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/plugin_file.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace fixture = godwit::test::fixture;

// As GODWIT_REVISION writes it: the entry line, then the author's META string.
std::string record(const std::string& meta) {
  return "entry: godwit_rev_AddThing\n" + meta;
}

std::string parse_error(const std::string& meta) {
  try {
    parse_revision_metadata(record(meta), "plugins/x.so");
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::plugin);
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << meta;
  return {};
}

TEST(RevisionMetadata, ParsesEveryKey) {
  const RevisionRecord r = parse_revision_metadata(record(R"(
    revision: 3f2a9c1d7b44
    down_revision: 7d8e9f1a2b3c, 1975ea83b712
    branch_labels: library
    depends_on: a8abefa4ec5f
    message: add reading streaks: daily
    create_date: 2024-05-01 10:00:00
    transactional: false
  )"),
                                                   "x.so");
  EXPECT_EQ(r.id, "3f2a9c1d7b44");
  EXPECT_THAT(r.down_revisions, ElementsAre("7d8e9f1a2b3c", "1975ea83b712"));
  EXPECT_THAT(r.branch_labels, ElementsAre("library"));
  EXPECT_THAT(r.depends_on, ElementsAre("a8abefa4ec5f"));
  EXPECT_EQ(r.message, "add reading streaks: daily");
  EXPECT_EQ(r.create_date, "2024-05-01 10:00:00");
  EXPECT_FALSE(r.transactional);
  EXPECT_EQ(r.entry, "godwit_rev_AddThing");
}

TEST(RevisionMetadata, DefaultsAndEmptyLists) {
  const RevisionRecord r = parse_revision_metadata(
      record("\n\n  revision: abc  \r\n down_revision:\n depends_on: None\n"), "x.so");
  EXPECT_EQ(r.id, "abc");
  EXPECT_THAT(r.down_revisions, IsEmpty());
  EXPECT_THAT(r.depends_on, IsEmpty());
  EXPECT_THAT(r.branch_labels, IsEmpty());
  EXPECT_TRUE(r.transactional);
  EXPECT_EQ(r.message, "");
  EXPECT_TRUE(parse_revision_metadata(record("revision: a\ntransactional: True"), "x.so").transactional);
}

TEST(RevisionMetadata, UnknownKeyNamesFileRevisionAndLine) {
  EXPECT_THAT(parse_error("\n  revision: 3f2a9c1d7b44\n  mesage: typo\n"),
              AllOf(HasSubstr("plugins/x.so"), HasSubstr("revision 3f2a9c1d7b44"), HasSubstr("AddThing"),
                    HasSubstr("metadata line 3"), HasSubstr("unknown key 'mesage'")));
}

TEST(RevisionMetadata, NamesTheRevisionEvenWhenTheBadLineComesFirst) {
  EXPECT_THAT(parse_error("\n  bogus: 1\n  revision: 3f2a9c1d7b44\n"),
              AllOf(HasSubstr("revision 3f2a9c1d7b44"), HasSubstr("metadata line 2"),
                    HasSubstr("unknown key 'bogus'")));
}

TEST(RevisionMetadata, RejectsDuplicateKeys) {
  EXPECT_THAT(parse_error("revision: a\nmessage: one\nmessage: two"),
              AllOf(HasSubstr("metadata line 3"), HasSubstr("duplicate key 'message' (first on line 2)")));
  EXPECT_THAT(parse_error("revision: a\nentry: godwit_rev_Other"), HasSubstr("unknown key 'entry'"));
}

TEST(RevisionMetadata, RejectsAMissingRevision) {
  EXPECT_THAT(parse_error("\n  message: no id\n"),
              AllOf(HasSubstr("plugins/x.so"), HasSubstr("GODWIT_REVISION(AddThing)"),
                    HasSubstr("no 'revision:' line")));
}

TEST(RevisionMetadata, RejectsMalformedLines) {
  EXPECT_THAT(parse_error("revision: a\njust some words"),
              AllOf(HasSubstr("metadata line 2"), HasSubstr("malformed line 'just some words'")));
  EXPECT_THAT(parse_error("revision: a\n: value"), HasSubstr("malformed line"));
}

TEST(RevisionMetadata, RejectsABadBool) {
  EXPECT_THAT(
      parse_error("revision: a\ntransactional: yes"),
      AllOf(HasSubstr("revision a"), HasSubstr("bad value 'yes' for transactional: use true or false")));
}

TEST(RevisionMetadata, RejectsBadIds) {
  EXPECT_THAT(
      parse_error("revision: abc-def"),
      AllOf(HasSubstr("metadata line 1"), HasSubstr("revision id 'abc-def' is invalid"), HasSubstr("'-'")));
  EXPECT_THAT(parse_error("revision: " + std::string(33, 'a')), HasSubstr("33 characters long, at most 32"));
  EXPECT_THAT(parse_error("revision:"), HasSubstr("revision id '' is invalid: it is empty"));
  EXPECT_THAT(parse_error("revision: a b"), HasSubstr("whitespace"));
  for (const char* bad : {"a@b", "a+1", "a:b", "a,b"})
    EXPECT_THAT(parse_error(std::string("revision: ") + bad), HasSubstr("is invalid"));
  EXPECT_THAT(parse_error("revision: a\ndown_revision: b, c@d"),
              HasSubstr("revision id 'c@d' in down_revision is invalid"));
  EXPECT_THAT(parse_error("revision: a\nbranch_labels: x y"), HasSubstr("branch label 'x y'"));
  EXPECT_THAT(parse_error("revision: a\ndown_revision: b,,c"), HasSubstr("empty item in down_revision"));
  EXPECT_THAT(parse_error("revision: a\ndown_revision: b, b"), HasSubstr("down_revision lists 'b' twice"));
}

TEST(RevisionMetadata, IdRules) {
  EXPECT_EQ(revision_id_problem("1975ea83b712"), std::nullopt);
  EXPECT_EQ(revision_id_problem(std::string(32, 'z')), std::nullopt);
  EXPECT_NE(revision_id_problem(std::string(33, 'z')), std::nullopt);
  EXPECT_NE(revision_id_problem("a\tb"), std::nullopt);
  EXPECT_NE(revision_id_problem(std::string("a\x01", 2)), std::nullopt);
}

TEST(RevisionMetadata, RejectsARecordWithoutItsEntryLine) {
  EXPECT_THROW(parse_revision_metadata("revision: a\n", "x.so"), Error);
  EXPECT_THROW(parse_revision_metadata("entry: something_else\nrevision: a\n", "x.so"), Error);
}

// The same errors reach the caller from a real plugin file.
TEST(RevisionMetadataInFile, UnknownKeyAndBadIdInARealPlugin) {
  godwit::test::TempDir tmp;
  const auto unknown = godwit::test::copy_to(fixture::kSingle, tmp / "unknown_key.so");
  ASSERT_EQ(godwit::test::replace_in_file(unknown, "message: create", "massage: create"), 1);
  try {
    inspect_plugin_file(unknown);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("unknown_key.so"), HasSubstr("revision 1975ea83b712"),
                                HasSubstr("metadata line 5"), HasSubstr("unknown key 'massage'")));
  }
  const auto bad_id = godwit::test::copy_to(fixture::kSingle, tmp / "bad_id.so");
  ASSERT_EQ(godwit::test::replace_in_file(bad_id, "revision: 1975ea83b712", "revision: 1975ea83-712"), 1);
  try {
    inspect_plugin_file(bad_id);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(),
                AllOf(HasSubstr("bad_id.so"), HasSubstr("CreateAuthors"), HasSubstr("metadata line 2"),
                      HasSubstr("revision id '1975ea83-712' is invalid")));
  }
}

}  // namespace
}  // namespace godwit::core::plugin
