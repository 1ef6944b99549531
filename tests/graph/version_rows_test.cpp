// The version rows every command reads: overlapping rows are refused in one place, whatever the verb,
// a relative step from several heads is refused with the forms that name one, and `current` lists
// what the rows imply through depends_on.
#include "godwit/core/graph/version_rows.hpp"

#include "godwit/core/graph/history.hpp"
#include "graph_test_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;

// a -> b -> c (lib) -> d, and x1 (other) -> x2 with c depending on x1.
RevisionGraph line_with_dependency() {
  return make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"}, {"lib"}, {"x1"}), rev("d", {"c"}),
                     rev("x1", {}, {"other"}), rev("x2", {"x1"})});
}

TEST(VersionRowsTest, IndependentRowsPass) {
  const auto g = line_with_dependency();
  check_version_rows(g, {});
  check_version_rows(g, {"b"});
  check_version_rows(g, {"b", "x2"});
  check_version_rows(g, {"d", "x2"});
  check_version_rows(g, {"b", "nothing-declares-this"});  // unknown rows are the callers' to report
}

TEST(VersionRowsTest, OverlapNamesWhichRowIsAnAncestorOfWhichAndTheRepair) {
  const auto g = line_with_dependency();
  const std::string message = error_of([&] { check_version_rows(g, {"d", "b"}); }, ErrorCategory::state);
  EXPECT_THAT(message, HasSubstr("rows overlap: b is an ancestor of d (rows: d, b)"));
  EXPECT_THAT(message, HasSubstr("`godwit stamp --purge <rev>`"));
  EXPECT_THAT(message, HasSubstr("e.g. `godwit stamp --purge d`"));
}

TEST(VersionRowsTest, OverlapThroughDependsOnCounts) {
  // c depends on x1: a row at c already implies x1, so a row at x1 too says two things about it.
  const auto g = line_with_dependency();
  EXPECT_THAT(error_of(
                  [&] {
                    check_version_rows(g, {"x1", "c"});
                  },
                  ErrorCategory::state),
              HasSubstr("rows overlap: x1 is an ancestor of c (rows: x1, c)"));
}

TEST(VersionRowsTest, EveryReaderOfTheRowsRefusesOverlap) {
  const auto g = line_with_dependency();
  const Ids rows = {"c", "a"};
  const auto refused = [&](auto&& call) {
    EXPECT_THAT(error_of(call, ErrorCategory::state), HasSubstr("a is an ancestor of c"));
  };
  refused([&] { plan_downgrade(g, rows, "-1"); });
  refused([&] { plan_downgrade(g, rows, "base"); });
  refused([&] { plan_upgrade(g, rows, "heads"); });
  refused([&] { plan_upgrade(g, rows, "+1"); });
  refused([&] { plan_upgrade(g, rows, Ids{"d"}); });
  refused([&] { plan_stamp(g, rows, {"d"}, false, nullptr); });
  refused([&] { history(g, "", rows); });
  refused([&] { implied_current(g, rows); });
}

TEST(VersionRowsTest, StampPurgeRepairsOverlap) {
  const auto g = line_with_dependency();
  Ids heads;
  const auto list = plan_stamp(g, {"c", "a"}, {"c"}, true, &heads);
  EXPECT_EQ(changes(list), (Ids{"del c", "del a", "ins c"}));
  EXPECT_EQ(heads, (Ids{"c"}));
}

TEST(VersionRowsTest, ImpliedCurrentListsTheEffectiveHeadsOfDependencies) {
  const auto g = line_with_dependency();
  EXPECT_EQ(ids(implied_current(g, {"c"})), (Ids{"x1"}));  // x1: only c depends on it
  EXPECT_EQ(ids(implied_current(g, {"d", "x2"})), Ids{});  // x2 is a row already
  EXPECT_EQ(ids(implied_current(g, {"b"})), Ids{});
  EXPECT_EQ(ids(implied_current(g, {})), Ids{});
  EXPECT_EQ(ids(implied_current(g, {"c", "unknown"})), (Ids{"x1"}));
}

// BranchedPathTest's graph: a -> b, then b -> c1 (c1branch) -> d1 and b -> c2 (c2branch) -> d2.
RevisionGraph branched() {
  return make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}), rev("d1", {"c1"}),
                     rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"}), rev("e", {}), rev("f", {"e"})});
}

TEST(RelativeFromHeadsTest, DowngradeStepFromSeveralHeadsIsRefusedWithTheFormsToUse) {
  const auto g = branched();
  EXPECT_EQ(error_of([&] {
              plan_downgrade(g, {"d2", "d1"}, "-1");
            }),
            "downgrade -1 is ambiguous: the database has 2 heads (d2, d1); name one: d2@-1, d1@-1 (or "
            "c2branch@-1, c1branch@-1)");
  // A head without a label of its own gets only the "<rev>-N" form.
  EXPECT_EQ(
      error_of([&] {
        plan_downgrade(g, {"f", "d1"}, "-2");
      }),
      "downgrade -2 is ambiguous: the database has 2 heads (f, d1); name one: f@-2, d1@-2 (or c1branch@-2)");
  EXPECT_EQ(error_of([&] {
              plan_downgrade(g, {"f", "e2"}, "-1");
            }),
            "No such revision or branch 'e2'; please ensure at least four characters are present for partial "
            "revision identifier matches");
}

TEST(RelativeFromHeadsTest, UpgradeStepFromSeveralHeadsIsRefused) {
  const auto g = branched();
  EXPECT_EQ(
      error_of([&] {
        plan_upgrade(g, {"c1", "e"}, "+1");
      }),
      "upgrade +1 is ambiguous: the database has 2 heads (c1, e); name one: c1@+1, e@+1 (or c1branch@+1)");
}

TEST(RelativeFromHeadsTest, SuggestedFormsStepOneHeadOnly) {
  // "<rev>-1" would not do: it names the revision below, and downgrading to a branch point takes every
  // branch above it down. "<rev>@-1" keeps to the head's own branch, as "-1" from that head alone would.
  const auto g =
      make_graph({rev("1a"), rev("2b", {"1a"}), rev("3c", {"2b"}, {"reporting"}), rev("4d", {"2b"})});
  EXPECT_EQ(steps(plan_downgrade(g, {"3c", "4d"}, "4d-1")),
            (Ids{"down:3c [del 3c]", "down:4d [upd 4d->2b]"}));
  EXPECT_THAT(error_of([&] {
                plan_downgrade(g, {"3c", "4d"}, "-1");
              }),
              HasSubstr("name one: 3c@-1, 4d@-1 (or reporting@-1)"));
  EXPECT_EQ(steps(plan_downgrade(g, {"3c", "4d"}, "4d@-1")), (Ids{"down:4d [del 4d]"}));
  EXPECT_EQ(steps(plan_downgrade(g, {"3c", "4d"}, "3c@-1")), (Ids{"down:3c [del 3c]"}));
  EXPECT_EQ(steps(plan_downgrade(g, {"3c", "4d"}, "reporting@-1")), (Ids{"down:3c [del 3c]"}));
}

TEST(RelativeFromHeadsTest, OneHeadOrANamedHeadStillSteps) {
  const auto g = branched();
  EXPECT_EQ(steps(plan_downgrade(g, {"d1"}, "-1")), (Ids{"down:d1 [upd d1->c1]"}));
  EXPECT_EQ(steps(plan_downgrade(g, {"f", "d1"}, "f@-1")), (Ids{"down:f [upd f->e]"}));
  EXPECT_EQ(steps(plan_upgrade(g, {"c1", "e"}, "e@+1")), (Ids{"up:f [upd e->f]"}));
  EXPECT_EQ(steps(plan_downgrade(g, {"f", "d1"}, "c1branch@-1")), (Ids{"down:d1 [upd d1->c1]"}));
  EXPECT_EQ(steps(plan_upgrade(g, {"c1", "e"}, "c1branch@+1")), (Ids{"up:d1 [upd c1->d1]"}));
  EXPECT_EQ(steps(plan_upgrade(g, {"c1", "e"}, "e+1")), (Ids{"up:f [upd e->f]"}));
}

}  // namespace
}  // namespace godwit::core::graph::testing
