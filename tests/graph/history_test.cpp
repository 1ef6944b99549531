// `history -r start:end`: Alembic's walk_revisions order and range rules.
#include "godwit/core/graph/history.hpp"

#include "graph_test_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;

RevisionGraph branch_travelling() {
  return make_graph({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}), rev("b1", {"a3"}), rev("b2", {"a3"}),
                     rev("cb1", {"b1"}), rev("cb2", {"b2"}), rev("db1", {"cb1"}), rev("db2", {"cb2"}),
                     rev("e1b1", {"db1"}), rev("fe1b1", {"e1b1"}), rev("e2b1", {"db1"}), rev("e2b2", {"db2"}),
                     rev("merge", {"e2b1", "e2b2"})});
}

TEST(HistoryTest, Ranges) {
  const auto g = branch_travelling();
  const Ids all = {"fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "b1",
                   "e2b2",  "db2",  "cb2",   "b2",   "a3",  "a2",  "a1"};
  EXPECT_EQ(ids(history(g, "", {})), all);
  EXPECT_EQ(ids(history(g, ":", {})), all);
  EXPECT_EQ(ids(history(g, " base:heads ", {})), all);
  EXPECT_EQ(ids(history(g, "a1:merge", {})),
            (Ids{"merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2", "a1"}));
  EXPECT_EQ(ids(history(g, "b1:merge", {})), (Ids{"merge", "e2b1", "db1", "cb1", "b1"}));
  EXPECT_EQ(ids(history(g, "db1:", {})), (Ids{"fe1b1", "e1b1", "merge", "e2b1", "db1"}));
  EXPECT_EQ(ids(history(g, ":cb1", {})), (Ids{"cb1", "b1", "a3", "a2", "a1"}));
  EXPECT_EQ(ids(g.branch_points()), (Ids{"db1", "a3"}));
}

TEST(HistoryTest, CurrentStandsForTheRows) {
  const auto g = branch_travelling();
  EXPECT_EQ(ids(history(g, "current:", {"db1"})), (Ids{"fe1b1", "e1b1", "merge", "e2b1", "db1"}));
  EXPECT_EQ(ids(history(g, ":current", {"cb2"})), (Ids{"cb2", "b2", "a3", "a2", "a1"}));
  EXPECT_EQ(history(g, "current:", {}).size(), 14u);  // empty database: from base
  EXPECT_EQ(history(g, ":current", {}).size(), 14u);  // and up to the heads
}

TEST(HistoryTest, LabelsAndRelativeStarts) {
  const auto g = make_graph({rev("a", {}, {"abranch"}), rev("b", {"a"}), rev("c", {"b"}), rev("d"),
                             rev("e", {"d"}, {"ebranch"}), rev("f", {"e"})});
  EXPECT_EQ(ids(history(g, "ebranch@base:", {})), (Ids{"f", "e", "d"}));
  EXPECT_EQ(ids(history(g, "ebranch@-1:", {})), (Ids{"f", "e"}));
  const auto line =
      make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"}), rev("e", {"d"})});
  EXPECT_EQ(ids(history(line, "-2:", {})), (Ids{"e", "d", "c"}));
  EXPECT_EQ(ids(history(line, "-9:", {})), (Ids{"e", "d", "c", "b", "a"}));  // walks off: from base
}

TEST(HistoryTest, Errors) {
  const auto g = branch_travelling();
  EXPECT_THAT(
      error_of([&] { history(g, "b1:b2", {}); }),
      HasSubstr("Revision b1 is not an ancestor of revision b2; requested range b1:b2 does not refer to "
                "ancestor/descendant revisions along the same branch"));
  EXPECT_THAT(error_of([&] { history(g, "merge:a1", {}); }),
              HasSubstr("Revision merge is not an ancestor of revision a1"));
  EXPECT_THAT(error_of([&] { history(g, "a1", {}); }, ErrorCategory::usage),
              HasSubstr("requires [start]:[end], [start]:, or :[end]"));
  EXPECT_THAT(error_of([&] { history(g, "a1:b:c", {}); }, ErrorCategory::usage),
              HasSubstr("more than one ':'"));
  EXPECT_THAT(error_of([&] { history(g, "nope:", {}); }), HasSubstr("No such revision or branch 'nope'"));
}

}  // namespace
}  // namespace godwit::core::graph::testing
