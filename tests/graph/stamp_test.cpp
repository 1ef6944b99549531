// `stamp`: Alembic's _stamp_revs + StampStep (test_version_traversal.py's stamp cases), plus purge.
#include "godwit/core/graph/version_rows.hpp"
#include "graph_test_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;

struct Stamped {
  Ids changes;
  Ids heads;
};

Stamped stamp(const RevisionGraph& g, const Ids& current, const Ids& targets, bool purge = false) {
  Ids heads;
  const auto list = plan_stamp(g, current, targets, purge, &heads);
  // The changes must replay onto the rows they were planned for.
  EXPECT_EQ(apply_version_changes(purge ? Ids{} : current, purge ? std::vector<VersionChange>{} : list),
            purge ? Ids{} : sorted(heads));
  return {changes(list), heads};
}

void expect_stamp(const RevisionGraph& g, const Ids& current, const Ids& targets, const Stamped& expected) {
  SCOPED_TRACE("stamp " + ::testing::PrintToString(targets) + " from " + ::testing::PrintToString(current));
  const Stamped got = stamp(g, current, targets);
  EXPECT_EQ(got.changes, expected.changes);
  EXPECT_EQ(got.heads, expected.heads);
}

TEST(StampTest, Line) {
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"})});
  expect_stamp(g, {"d"}, {"base"}, {{"del d"}, {}});
  expect_stamp(g, {"d"}, {}, {{"del d"}, {}});
  expect_stamp(g, {}, {"b"}, {{"ins b"}, {"b"}});
  expect_stamp(g, {"b"}, {"d"}, {{"upd b->d"}, {"d"}});
  expect_stamp(g, {"d"}, {"b"}, {{"upd d->b"}, {"b"}});
  expect_stamp(g, {"c"}, {"c"}, {{}, {"c"}});
  expect_stamp(g, {"c"}, {"heads"}, {{"upd c->d"}, {"d"}});
}

TEST(StampTest, TargetsOnOneLineageAreRefusedRatherThanWrittenAsOverlappingRows) {
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("x", {"a"})});
  for (bool purge : {false, true}) {
    SCOPED_TRACE(purge ? "purge" : "plain");
    try {
      plan_stamp(g, {}, {"b", "c"}, purge, nullptr);
      ADD_FAILURE() << "overlapping rows were planned";
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::graph);
      EXPECT_THAT(e.what(), HasSubstr("b is an ancestor of c"));
      EXPECT_THAT(e.what(), HasSubstr("`godwit stamp c`"));
    }
  }
  expect_stamp(g, {}, {"c", "x"}, {{"ins c", "ins x"}, {"c", "x"}});  // two branches: both rows stand
}

TEST(StampTest, BranchedPath) {
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}), rev("d1", {"c1"}),
                             rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"})});
  expect_stamp(g, {"d1", "c2"}, {"b"}, {{"del d1", "upd c2->b"}, {"b"}});  // down across both branches
  expect_stamp(g, {"d1", "c2"}, {"c1branch@base"}, {{"del d1"}, {"c2"}});
  expect_stamp(g, {"d1", "c2"}, {"c2branch@head"}, {{"upd c2->d2"}, {"d1", "d2"}});  // c1branch stays
  expect_stamp(g, {}, {"d1", "d2"}, {{"ins d1", "ins d2"}, {"d1", "d2"}});
  expect_stamp(g, {"d1"}, {"c2"}, {{"ins c2"}, {"d1", "c2"}});  // a lineage without a row: a new row
}

TEST(StampTest, AcrossDependency) {
  // DependsOnBranchTestOne: c2 depends on c1, so stamping b1 moves both lines' rows.
  const auto g =
      make_graph({rev("a1", {}, {"lib1"}), rev("b1", {"a1"}), rev("c1", {"b1"}), rev("a2"), rev("b2", {"a2"}),
                  rev("c2", {"b2"}, {}, {"c1"}), rev("d1", {"c1"}), rev("e1", {"d1"}), rev("f1", {"e1"})});
  expect_stamp(g, {"e1", "c2"}, {"b1"}, {{"del e1", "upd c2->b1"}, {"b1"}});
}

TEST(StampTest, Forest) {
  const auto g = make_graph({rev("a1"), rev("b1", {"a1"}), rev("a2"), rev("b2", {"a2"})});
  expect_stamp(g, {}, {"heads"}, {{"ins b1", "ins b2"}, {"b1", "b2"}});
  expect_stamp(g, {"b1", "b2"}, {"heads"}, {{}, {"b1", "b2"}});
  // Alembic moves every row on the targets' lineage in one StampStep per target, so the first
  // target's step merges both rows; the second then starts a row of its own. The end state is right.
  expect_stamp(g, {"a1", "a2"}, {"heads"}, {{"del a1", "upd a2->b1", "ins b2"}, {"b1", "b2"}});
}

TEST(StampTest, MergedPath) {
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}), rev("d1", {"c1"}),
                             rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"}), rev("e", {"d1", "d2"}),
                             rev("f", {"e"})});
  expect_stamp(g, {"e"}, {"c2"}, {{"upd e->c2"}, {"c2"}});
  expect_stamp(g, {"e"}, {"a"}, {{"upd e->a"}, {"a"}});
  expect_stamp(g, {"c2"}, {"e"}, {{"upd c2->e"}, {"e"}});
  expect_stamp(g, {"d1", "c2"}, {"c2branch@head"}, {{"del d1", "upd c2->f"}, {"f"}});
  expect_stamp(g, {"d1", "c2"}, {"e"}, {{"del d1", "upd c2->e"}, {"e"}});
  expect_stamp(g, {"b"}, {"e"}, {{"upd b->e"}, {"e"}});
}

TEST(StampTest, Purge) {
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"})});
  // Purge empties the table first, so rows the graph does not know are no obstacle.
  const Stamped purged = stamp(g, {"gone1234", "a", "a"}, {"c"}, true);
  EXPECT_EQ(purged.changes, (Ids{"del gone1234", "del a", "ins c"}));
  EXPECT_EQ(purged.heads, (Ids{"c"}));
  EXPECT_THAT(error_of([&] { plan_stamp(g, {"gone1234"}, {"c"}, false, nullptr); }),
              HasSubstr("No such revision or branch 'gone1234'"));
  EXPECT_THAT(error_of([&] { plan_stamp(g, {}, {"a:b"}, false, nullptr); }, ErrorCategory::usage),
              HasSubstr("is a range"));
}

TEST(VersionRowsTest, ApplyChecksEveryChange) {
  using K = VersionChange::Kind;
  EXPECT_EQ(
      apply_version_changes({"b", "a"}, {{K::update, "a", "c"}, {K::insert, "", "d"}, {K::delete_, "b", ""}}),
      (Ids{"c", "d"}));
  EXPECT_THAT(error_of(
                  [] {
                    apply_version_changes({"a"}, {{K::update, "x", "y"}});
                  },
                  ErrorCategory::state),
              HasSubstr("'update x -> y' does not fit the rows: row x is not present"));
  EXPECT_THAT(error_of(
                  [] {
                    apply_version_changes({"a"}, {{K::insert, "", "a"}});
                  },
                  ErrorCategory::state),
              HasSubstr("row a is already present"));
  EXPECT_THAT(error_of(
                  [] {
                    apply_version_changes({}, {{K::delete_, "a", ""}});
                  },
                  ErrorCategory::state),
              HasSubstr("'delete a'"));
}

}  // namespace
}  // namespace godwit::core::graph::testing
