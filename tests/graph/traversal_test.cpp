// Alembic's tests/test_version_traversal.py: upgrade / downgrade step orders and, for every step, the
// version rows HeadMaintainer writes (Alembic asserts the latter as the final head set only; here each
// step's inserts, updates and deletes are pinned down too).
#include "graph_test_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;

struct Expect {
  Ids steps;
  Ids heads;
};

void expect_upgrade(const RevisionGraph& g, const std::string& target, const Ids& current, const Expect& e) {
  SCOPED_TRACE("upgrade " + target);
  const Plan plan = plan_upgrade(g, current, target);
  EXPECT_EQ(steps(plan), e.steps);
  EXPECT_EQ(plan.resulting_heads, e.heads);
}

void expect_downgrade(const RevisionGraph& g, const std::string& target, const Ids& current,
                      const Expect& e) {
  SCOPED_TRACE("downgrade " + target);
  const Plan plan = plan_downgrade(g, current, target);
  EXPECT_EQ(steps(plan), e.steps);
  EXPECT_EQ(plan.resulting_heads, e.heads);
}

// RevisionPathTest: a plain line, with Alembic's own ids (prefix tests need long ones).
const std::string A = "e6239818bb3a", B = "548bbb905360", C = "b7ea43dc85e4", D = "1bbe33445780",
                  E = "3975fb1a0125";

RevisionGraph revision_path() {
  return make_graph({rev(A), rev(B, {A}), rev(C, {B}), rev(D, {C}), rev(E, {D})});
}

TEST(RevisionPathTest, UpgradeAndDowngrade) {
  const auto g = revision_path();
  expect_downgrade(g, "base", {}, {{}, {}});
  expect_downgrade(g, A, {A}, {{}, {A}});  // #838: already there, not a head
  expect_downgrade(g, E, {E}, {{}, {E}});  // #839: already there, a head
  expect_upgrade(
      g, E, {C},
      {{"up:" + D + " [upd " + C + "->" + D + "]", "up:" + E + " [upd " + D + "->" + E + "]"}, {E}});
  expect_upgrade(g, C, {},
                 {{"up:" + A + " [ins " + A + "]", "up:" + B + " [upd " + A + "->" + B + "]",
                   "up:" + C + " [upd " + B + "->" + C + "]"},
                  {C}});
  expect_downgrade(
      g, C, {E},
      {{"down:" + E + " [upd " + E + "->" + D + "]", "down:" + D + " [upd " + D + "->" + C + "]"}, {C}});
  expect_downgrade(g, "base", {C},
                   {{"down:" + C + " [upd " + C + "->" + B + "]", "down:" + B + " [upd " + B + "->" + A + "]",
                     "down:" + A + " [del " + A + "]"},
                    {}});
}

TEST(RevisionPathTest, RelativeTargets) {
  const auto g = revision_path();
  EXPECT_EQ(order(plan_upgrade(g, {A}, "+2")), (Ids{B, C}));
  EXPECT_EQ(order(plan_upgrade(g, {A}, "+1")), (Ids{B}));
  EXPECT_EQ(order(plan_upgrade(g, {B}, "+3")), (Ids{C, D, E}));
  EXPECT_EQ(order(plan_upgrade(g, {A}, B + "+2")), (Ids{B, C, D}));
  EXPECT_EQ(order(plan_upgrade(g, {A}, D + "-2")), (Ids{B}));
  expect_downgrade(g, "-1", {C}, {{"down:" + C + " [upd " + C + "->" + B + "]"}, {B}});
  EXPECT_EQ(order(plan_downgrade(g, {E}, "-3")), (Ids{E, D, C}));
  expect_downgrade(g, A + "+2", {D}, {{"down:" + D + " [upd " + D + "->" + C + "]"}, {C}});
  EXPECT_EQ(plan_downgrade(g, {D}, C + "-2").resulting_heads, (Ids{A}));
  EXPECT_EQ(order(plan_downgrade(g, {D}, C + "-2")), (Ids{D, C, B}));
}

TEST(RevisionPathTest, InvalidRelativeTargets) {
  const auto g = revision_path();
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {B}, "-2"); }),
              HasSubstr("Relative revision -2 didn't produce 2 migrations"));
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {B}, "+5"); }),
              HasSubstr("Relative revision +5 didn't produce 5 migrations"));
  EXPECT_THAT(error_of([&] { plan_downgrade(g, {B}, "-5"); }),
              HasSubstr("Relative revision -5 didn't produce 5 migrations"));
  EXPECT_THAT(error_of([&] { plan_downgrade(g, {B}, "-3"); }),
              HasSubstr("Relative revision -3 didn't produce 3 migrations"));
  EXPECT_EQ(order(plan_downgrade(g, {B}, "-2")), (Ids{B, A}));  // exactly down to base is fine
  EXPECT_THAT(error_of([&] { plan_downgrade(g, {B}, "+2"); }),
              HasSubstr("Relative revision +2 didn't produce 2 migrations"));
}

TEST(RevisionPathTest, InvalidDowngradeDestinations) {
  const auto g = revision_path();
  EXPECT_THAT(
      error_of([&] { plan_downgrade(g, {}, B.substr(0, 3)); }),
      HasSubstr("Destination 548 is not a valid downgrade target from current head(s) base: the database is "
                "at base"));
  EXPECT_THAT(error_of([&] { plan_downgrade(g, {B}, C.substr(0, 4)); }),
              HasSubstr("Destination b7ea is not a valid downgrade target from current head(s) " + B));
}

// BranchedPathTest: a -> b, then b -> c1 (c1branch) -> d1 and b -> c2 (c2branch) -> d2.
RevisionGraph branched_path() {
  return make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}), rev("d1", {"c1"}),
                     rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"})});
}

TEST(BranchedPathTest, UpgradeBranches) {
  const auto g = branched_path();
  expect_upgrade(g, "d1", {"b"}, {{"up:c1 [upd b->c1]", "up:d1 [upd c1->d1]"}, {"d1"}});
  {
    const Plan plan = plan_upgrade(g, {"a"}, Ids{"d1", "d2"});
    EXPECT_EQ(steps(plan), (Ids{"up:b [upd a->b]", "up:c2 [upd b->c2]", "up:d2 [upd c2->d2]",
                                "up:c1 [ins c1]", "up:d1 [upd c1->d1]"}));
    EXPECT_EQ(plan.resulting_heads, (Ids{"d1", "d2"}));
  }
  expect_upgrade(g, "c2branch@head-1", {"b"}, {{"up:c2 [upd b->c2]"}, {"c2"}});
  expect_upgrade(g, "c2branch@+1", {"c1"}, {{"up:c2 [ins c2]"}, {"c1", "c2"}});
  expect_upgrade(g, "c2branch@+1", {"c1", "c2"}, {{"up:d2 [upd c2->d2]"}, {"c1", "d2"}});
  expect_upgrade(g, "base+1", {}, {{"up:a [ins a]"}, {"a"}});
  expect_upgrade(g, "+1", {}, {{"up:a [ins a]"}, {"a"}});
  {
    const auto call = [&] { plan_upgrade(g, {"c1", "c2"}, "+1"); };
    EXPECT_EQ(error_of(call),
              "upgrade +1 is ambiguous: the database has 2 heads (c1, c2); name one: c1@+1, c2@+1 (or "
              "c1branch@+1, c2branch@+1)");
  }
  EXPECT_THAT(
      error_of([&] { plan_upgrade(g, {"a"}, "head"); }),
      HasSubstr("Multiple heads are present for target 'head'; use 'heads' or a specific head: d1, d2"));
}

TEST(BranchedPathTest, DowngradeBranches) {
  const auto g = branched_path();
  expect_downgrade(g, "a", {"d1", "d2"},
                   {{"down:d1 [upd d1->c1]", "down:c1 [del c1]", "down:d2 [upd d2->c2]",
                     "down:c2 [upd c2->b]", "down:b [upd b->a]"},
                    {"a"}});
  expect_downgrade(
      g, "base+2", {"d2", "d1"},
      {{"down:d1 [upd d1->c1]", "down:c1 [del c1]", "down:d2 [upd d2->c2]", "down:c2 [upd c2->b]"}, {"b"}});
  // Only the c2 branch goes back to base+2 = b (alembic#763).
  expect_downgrade(g, "c2branch@base+2", {"d2", "d1"},
                   {{"down:d2 [upd d2->c2]", "down:c2 [del c2]"}, {"d1"}});
  expect_downgrade(g, "c2", {"d2", "d1"}, {{"down:d2 [upd d2->c2]"}, {"d1", "c2"}});
  expect_downgrade(g, "c2branch@base+3", {"d2", "d1"}, {{"down:d2 [upd d2->c2]"}, {"d1", "c2"}});
  expect_downgrade(g, "c1branch@b", {"c1", "d2"}, {{"down:c1 [del c1]"}, {"d2"}});
  expect_downgrade(g, "c2branch@b", {"c1", "d2"}, {{"down:d2 [upd d2->c2]", "down:c2 [del c2]"}, {"c1"}});
  expect_downgrade(g, "c2@b", {"d1", "d2"}, {{"down:d2 [upd d2->c2]", "down:c2 [del c2]"}, {"d1"}});
  expect_downgrade(g, "d1@b", {"d1", "d2"}, {{"down:d1 [upd d1->c1]", "down:c1 [del c1]"}, {"d2"}});
  expect_downgrade(g, "c1branch@head-1", {"d1", "d2"}, {{"down:d1 [upd d1->c1]"}, {"c1", "d2"}});
  expect_downgrade(g, "c2", {"d1", "c2"}, {{}, {"d1", "c2"}});
  expect_downgrade(g, "d1", {"d1", "c2"}, {{}, {"d1", "c2"}});
}

TEST(BranchedPathTest, DowngradeOneStep) {
  const auto g = branched_path();
  // "-1" from several heads is refused (Alembic warns and follows the first row): the forms that name one
  // head do what Alembic's first-row reading did, and nothing more.
  expect_downgrade(g, "d2@-1", {"d2", "d1"}, {{"down:d2 [upd d2->c2]"}, {"d1", "c2"}});
  expect_downgrade(g, "c2branch@-1", {"c2", "d1"}, {{"down:c2 [del c2]"}, {"d1"}});
  expect_downgrade(g, "d1@-1", {"d1", "d2"}, {{"down:d1 [upd d1->c1]"}, {"c1", "d2"}});
  expect_downgrade(g, "c1branch@-1", {"c1", "d2"}, {{"down:c1 [del c1]"}, {"d2"}});
  expect_downgrade(g, "c1branch@-1", {"d1", "d2"}, {{"down:d1 [upd d1->c1]"}, {"c1", "d2"}});
  expect_downgrade(g, "d2-1", {"d2", "c1"}, {{"down:d2 [upd d2->c2]"}, {"c1", "c2"}});  // alembic#765
  expect_downgrade(g, "d2-1", {"c1", "d2"}, {{"down:d2 [upd d2->c2]"}, {"c1", "c2"}});
  expect_downgrade(g, "-1", {"a"}, {{"down:a [del a]"}, {}});
  EXPECT_THAT(error_of([&] { plan_downgrade(g, {}, "-1"); }),
              HasSubstr("Relative revision -1 didn't produce 1 migrations"));
}

TEST(BranchFromMergepointTest, OneSideOfTheMerge) {
  const auto g = make_graph({rev("a1"), rev("b1", {"a1"}), rev("c1", {"b1"}), rev("a2"), rev("b2", {"a2"}),
                             rev("c2", {"b2"}), rev("d1", {"c1", "c2"}), rev("d2", {"c2"})});
  expect_upgrade(g, "d1", {"d2", "b1"}, {{"up:c1 [upd b1->c1]", "up:d1 [upd c1->d1]"}, {"d1", "d2"}});
  expect_downgrade(g, "b1", {"d2", "d1"}, {{"down:d1 [upd d1->c1]", "down:c1 [upd c1->b1]"}, {"b1", "d2"}});
}

TEST(BranchFrom3WayMergepointTest, SidesOfTheMerge) {
  const auto g = make_graph({rev("a1"), rev("b1", {"a1"}), rev("c1", {"b1"}), rev("a2"), rev("b2", {"a2"}),
                             rev("c2", {"b2"}), rev("a3"), rev("b3", {"a3"}), rev("c3", {"b3"}),
                             rev("d1", {"c1", "c2", "c3"}), rev("d2", {"c2"}), rev("d3", {"c3"})});
  expect_upgrade(g, "d1", {"d3", "d2", "b1"},
                 {{"up:c1 [upd b1->c1]", "up:d1 [upd c1->d1]"}, {"d1", "d2", "d3"}});
  expect_downgrade(g, "b1", {"d3", "d2", "d1"},
                   {{"down:d1 [upd d1->c1]", "down:c1 [upd c1->b1]"}, {"b1", "d2", "d3"}});
  // b2 and b1 merge into d1 ...
  expect_upgrade(g, "d1", {"d3", "b2", "b1"},
                 {{"up:c2 [upd b2->c2]", "up:c1 [upd b1->c1]", "up:d1 [del c1, upd c2->d1]"}, {"d1", "d3"}});
  // ... and b2's line breaks out again when it goes on.
  expect_upgrade(g, "d2", {"d3", "d1"}, {{"up:d2 [ins d2]"}, {"d1", "d2", "d3"}});
}

// TwinMergeTest (alembic#297): two merge points of the same three branches.
TEST(TwinMergeTest, UpgradeAll) {
  const auto g = make_graph({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("b3", {"a"}),
                             rev("c1", {"b1", "b2", "b3"}), rev("c2", {"b1", "b2", "b3"}), rev("d1", {"c1"}),
                             rev("d2", {"c2"})});
  expect_upgrade(
      g, "heads", {"a"},
      {{"up:b3 [upd a->b3]", "up:b2 [ins b2]", "up:b1 [ins b1]", "up:c2 [del b1, del b2, upd b3->c2]",
        "up:d2 [upd c2->d2]", "up:c1 [ins c1]", "up:d1 [upd c1->d1]"},
       {"d1", "d2"}});
  expect_downgrade(g, "a", {"d1", "d2"},
                   {{"down:d1 [upd d1->c1]", "down:c1 [del c1]", "down:d2 [upd d2->c2]",
                     "down:c2 [ins b1, ins b2, upd c2->b3]", "down:b1 [del b1]", "down:b2 [del b2]",
                     "down:b3 [upd b3->a]"},
                    {"a"}});
}

TEST(NotQuiteTwinMergeTest, UpgradeAll) {
  const auto g =
      make_graph({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("b3", {"a"}), rev("c1", {"b1", "b2"}),
                  rev("c2", {"b2", "b3"}), rev("d1", {"c1"}), rev("d2", {"c2"})});
  expect_upgrade(g, "heads", {"a"},
                 {{"up:b2 [upd a->b2]", "up:b3 [ins b3]", "up:c2 [del b2, upd b3->c2]", "up:d2 [upd c2->d2]",
                   "up:b1 [ins b1]", "up:c1 [upd b1->c1]", "up:d1 [upd c1->d1]"},
                  {"d1", "d2"}});
}

TEST(DependsOnBranchTest, DowngradeToDependencyKeepsDependent) {
  // DependsOnBranchTestOne: c2 depends on c1, so removing d1 leaves c2 as the only row.
  const auto g =
      make_graph({rev("a1", {}, {"lib1"}), rev("b1", {"a1"}), rev("c1", {"b1"}), rev("a2"), rev("b2", {"a2"}),
                  rev("c2", {"b2"}, {}, {"c1"}), rev("d1", {"c1"}), rev("e1", {"d1"}), rev("f1", {"e1"})});
  expect_downgrade(g, "c1", {"c2", "d1"}, {{"down:d1 [del d1]"}, {"c2"}});
}

TEST(DependsOnBranchTest, Kaboom) {
  // DependsOnBranchTestTwo: three merges and "overmerge" d1, a base depending on one of each.
  const auto g = make_graph({rev("a1"), rev("a2"), rev("a3"), rev("amerge", {"a1", "a2", "a3"}), rev("b1"),
                             rev("b2"), rev("bmerge", {"b1", "b2"}), rev("c1"), rev("c2"), rev("c3"),
                             rev("cmerge", {"c1", "c2", "c3"}), rev("d1", {}, {}, {"a3", "b2", "c1"})});
  // b2 is not a row afterwards, but d1 is, which implies b2.
  expect_downgrade(g, "b2", {"amerge", "bmerge", "cmerge", "d1"},
                   {{"down:bmerge [upd bmerge->b1]"}, {"amerge", "b1", "cmerge", "d1"}});
  // b2 has to be inserted: d1 implied it.
  expect_downgrade(g, "d1@base", {"amerge", "d1", "b1", "cmerge"},
                   {{"down:d1 [upd d1->b2]"}, {"amerge", "b1", "b2", "cmerge"}});
  expect_downgrade(g, "base", {"amerge", "b1", "b2", "cmerge"},
                   {{"down:amerge [ins a1, ins a2, upd amerge->a3]", "down:a1 [del a1]", "down:b1 [del b1]",
                     "down:b2 [del b2]", "down:cmerge [ins c1, ins c2, upd cmerge->c3]", "down:c1 [del c1]",
                     "down:a2 [del a2]", "down:a3 [del a3]", "down:c2 [del c2]", "down:c3 [del c3]"},
                    {}});
}

TEST(DependsOnBranchTest, DowngradeOverCrissCross) {
  // DependsOnBranchTestThree (alembic#377): half of a "merge" may go, because a3 implies b1.
  const auto g = make_graph({rev("a1"), rev("a2", {"a1"}), rev("b1"), rev("b2", {"b1"}, {}, {"a2"}),
                             rev("b3", {"b2"}), rev("a3", {"a2"}, {}, {"b1"})});
  expect_downgrade(g, "b1", {"a3", "b2"}, {{"down:b2 [del b2]"}, {"a3"}});
}

TEST(DependsOnBranchTest, DependsOnOwnDownRevision) {
  // alembic#843
  const auto g = make_graph({rev("a1"), rev("a2", {"a1"}, {}, {"a1"})});
  expect_upgrade(g, "a2", {}, {{"up:a1 [ins a1]", "up:a2 [upd a1->a2]"}, {"a2"}});
  expect_downgrade(g, "a1", {"a2"}, {{"down:a2 [upd a2->a1]"}, {"a1"}});
}

TEST(DependsOnBranchTest, DependenciesAreNormalized) {
  // DependsOnBranchTestFour (alembic#789): b3 still implies a3 through b2.
  const auto g =
      make_graph({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}), rev("b1"), rev("b2", {"b1"}, {}, {"a3"}),
                  rev("b3", {"b2"}), rev("b4", {"b3"}, {}, {"a3"})});
  expect_downgrade(g, "b3", {"b4"}, {{"down:b4 [upd b4->b3]"}, {"b3"}});
}

TEST(DependsOnBranchTest, MergeOfADependency) {
  // DependsOnBranchTestFive (alembic#1373)
  const auto g = make_graph({rev("a1"), rev("b1", {}, {}, {"a1"}), rev("bmerge", {"a1", "b1"})});
  expect_upgrade(g, "b1", {"a1"}, {{"up:b1 [upd a1->b1]"}, {"b1"}});
  expect_upgrade(g, "bmerge", {"b1"}, {{"up:bmerge [upd b1->bmerge]"}, {"bmerge"}});
  expect_downgrade(g, "a1", {"bmerge"}, {{"down:bmerge [upd bmerge->b1]"}, {"b1"}});
  expect_downgrade(g, "b1", {"bmerge"}, {{"down:bmerge [upd bmerge->b1]"}, {"b1"}});
}

TEST(DependsOnBranchTest, DependencyOnALabel) {
  // DependsOnBranchLabelTest: c2 depends on "c1lib", the label of c1.
  const auto g = make_graph({rev("a1", {}, {"lib1"}), rev("b1", {"a1"}), rev("c1", {"b1"}, {"c1lib"}),
                             rev("a2"), rev("b2", {"a2"}), rev("c2", {"b2"}, {}, {"c1lib"}),
                             rev("d1", {"c1"}), rev("e1", {"d1"}), rev("f1", {"e1"})});
  EXPECT_EQ(g.get("c2").depends_on(), (Ids{"c1"}));
  expect_upgrade(g, "c2", {"a2"},
                 {{"up:a1 [ins a1]", "up:b1 [upd a1->b1]", "up:c1 [upd b1->c1]", "up:b2 [upd a2->b2]",
                   "up:c2 [del b2, upd c1->c2]"},
                  {"c2"}});
}

TEST(ForestTest, BaseToHeads) {
  const auto g = make_graph({rev("a1"), rev("b1", {"a1"}), rev("a2"), rev("b2", {"a2"})});
  expect_upgrade(
      g, "heads", {},
      {{"up:a2 [ins a2]", "up:b2 [upd a2->b2]", "up:a1 [ins a1]", "up:b1 [upd a1->b1]"}, {"b1", "b2"}});
  expect_downgrade(
      g, "base", {"b1", "b2"},
      {{"down:b1 [upd b1->a1]", "down:a1 [del a1]", "down:b2 [upd b2->a2]", "down:a2 [del a2]"}, {}});
}

RevisionGraph merged_path() {
  return make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}), rev("d1", {"c1"}),
                     rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"}), rev("e", {"d1", "d2"}),
                     rev("f", {"e"})});
}

TEST(MergedPathTest, AcrossTheMergePoint) {
  const auto g = merged_path();
  expect_upgrade(g, "f", {"b"},
                 {{"up:c2 [upd b->c2]", "up:d2 [upd c2->d2]", "up:c1 [ins c1]", "up:d1 [upd c1->d1]",
                   "up:e [del d1, upd d2->e]", "up:f [upd e->f]"},
                  {"f"}});
  expect_downgrade(g, "b", {"f"},
                   {{"down:f [upd f->e]", "down:e [ins d1, upd e->d2]", "down:d1 [upd d1->c1]",
                     "down:c1 [del c1]", "down:d2 [upd d2->c2]", "down:c2 [upd c2->b]"},
                    {"b"}});
}

TEST(BranchedPathCrossDependencyTest, DowngradeBranches) {
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}), rev("d1", {"c1"}),
                             rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"}, {}, {"c1"})});
  // c2branch depends on c1branch, so it can go down on its own.
  expect_downgrade(g, "c2branch@b", {"d1", "d2"}, {{"down:d2 [upd d2->c2]", "down:c2 [del c2]"}, {"d1"}});
  // Taking c1branch down takes its dependent d2 with it.
  expect_downgrade(g, "c1branch@b", {"d1", "d2"},
                   {{"down:d1 [del d1]", "down:d2 [ins c2, upd d2->c1]", "down:c1 [del c1]"}, {"c2"}});
}

TEST(TraversalErrorsTest, DestinationsAndOfflineRanges) {
  const auto g = branched_path();
  EXPECT_THAT(error_of([&] { plan_downgrade(g, {"c1"}, "d1"); }),
              HasSubstr("Destination d1 is not a valid downgrade target from current head(s) c1: c1 is not a "
                        "descendant of d1"));
  EXPECT_THAT(
      error_of([&] { plan_downgrade(g, {"c1"}, "c2branch@base+3"); }),
      HasSubstr("Destination c2branch@base+3 is not a valid downgrade target from current head(s) c1: c1 is "
                "not a descendant of c2branch@base+3"));
  {
    const auto call = [&] { plan_downgrade(g, {"c1", "c2"}, "d2"); };
    EXPECT_THAT(error_of(call), HasSubstr("none of c1, c2 is a descendant of d2"));
  }
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {}, "nope"); }), HasSubstr("No such revision or branch 'nope'"));
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {}, "x@d1"); }), HasSubstr("No such branch: 'x'"));
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {}, "xyzzy@head"); }),
              HasSubstr("No such revision or branch 'xyzzy'"));
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {}, "c1branch@c2"); }),
              HasSubstr("Revision c2 is not a member of branch 'c1branch'"));
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {}, "b@@c"); }, ErrorCategory::usage),
              HasSubstr("more than one '@'"));
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {"b"}, "b+1"); }),
              HasSubstr("Ambiguous walk: revision b leads up to c1, c2"));
  {
    // Overlapping rows are the database's fault (version_rows_test.cpp); overlapping targets the user's.
    const auto rows = [&] { plan_upgrade(g, {"a", "d1"}, "heads"); };
    EXPECT_THAT(error_of(rows, ErrorCategory::state), HasSubstr("rows overlap: a is an ancestor of d1"));
    const auto targets = [&] { plan_upgrade(g, {}, Ids{"a", "d1"}); };
    EXPECT_THAT(error_of(targets),
                HasSubstr("Requested revision d1 overlaps with other requested revisions a"));
  }
  // Offline ranges: the start stands in for the database.
  EXPECT_EQ(steps(plan_upgrade(g, {"d2"}, "b:d1")), (Ids{"up:c1 [upd b->c1]", "up:d1 [upd c1->d1]"}));
  EXPECT_EQ(steps(plan_upgrade(g, {"d2"}, ":a")), (Ids{"up:a [ins a]"}));
  EXPECT_EQ(steps(plan_downgrade(g, {}, "d1:c1")), (Ids{"down:d1 [upd d1->c1]"}));
  EXPECT_THAT(error_of([&] { plan_upgrade(g, {}, "a:"); }, ErrorCategory::usage), HasSubstr("has no end"));
}

}  // namespace
}  // namespace godwit::core::graph::testing
