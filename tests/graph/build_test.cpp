// Graph construction: validation errors (each message names the revision at fault) and the node
// properties Alembic derives (heads, bases, branch points, label propagation, dependencies).
#include "graph_test_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string build_error(std::vector<RevisionSpec> specs) {
  return error_of([&] { make_graph(std::move(specs)); });
}

TEST(BuildErrorsTest, InvalidIds) {
  EXPECT_THAT(build_error({rev("")}), HasSubstr("has an empty id"));
  EXPECT_THAT(build_error({rev(std::string(33, 'a'))}),
              HasSubstr("is 33 characters long; ids are at most 32"));
  EXPECT_NO_THROW(make_graph({rev(std::string(32, 'a'))}));
  EXPECT_THAT(build_error({rev("a-b")}),
              HasSubstr("Character(s) '-' not allowed in revision identifier 'a-b'"));
  EXPECT_THAT(build_error({rev("a@b:c")}),
              HasSubstr("Character(s) '@, :' not allowed in revision identifier 'a@b:c'"));
  EXPECT_THAT(build_error({rev("a+b")}), HasSubstr("'+' not allowed"));
  EXPECT_THAT(build_error({rev("a b")}), HasSubstr("Character(s) 'whitespace' not allowed"));
  EXPECT_THAT(build_error({rev("ab\t")}), HasSubstr("(plugins/ab\t.so)"));
  EXPECT_THAT(build_error({rev("heads")}), HasSubstr("reserved target name"));
}

TEST(BuildErrorsTest, DuplicatesAndMissingParents) {
  EXPECT_THAT(build_error({rev("a"), rev("b", {"a"}), rev("a")}),
              HasSubstr("Revision a is present more than once (plugins/a.so and plugins/a.so)"));
  EXPECT_EQ(build_error({rev("a"), rev("b", {"zz"})}),
            "revision b: down_revision zz does not exist (declared in plugins/b.so); restore revision zz or "
            "correct "
            "the down_revision");
  EXPECT_THAT(build_error({rev("a"), rev("b", {"a", "a"})}), HasSubstr("lists down_revision a twice"));
  EXPECT_THAT(
      build_error({rev("a"), rev("b", {"a"}, {}, {"nothing"})}),
      HasSubstr(
          "revision b: depends_on nothing does not match any revision id, branch label or unique id prefix"));
  EXPECT_THAT(build_error({rev("abcd1"), rev("abcd2"), rev("c", {}, {}, {"abcd"})}),
              HasSubstr("revision c: depends_on 'abcd' is ambiguous, it starts abcd1, abcd2"));
}

TEST(BuildErrorsTest, BranchLabels) {
  EXPECT_EQ(
      build_error({rev("a"), rev("b", {"a"}), rev("c", {"b"}, {"xy1"}), rev("d"), rev("e", {"d"}, {"xy1"})}),
      "Branch name 'xy1' in revision e (plugins/e.so) already used by revision c (plugins/c.so); rename one "
      "of "
      "them");
  EXPECT_THAT(build_error({rev("a"), rev("b", {"a"}, {"a"})}), HasSubstr("Branch name 'a' in revision b"));
  EXPECT_THAT(build_error({rev("a", {}, {"x@y"})}), HasSubstr("may not contain '@', ':' or whitespace"));
  EXPECT_THAT(build_error({rev("a", {}, {""})}), HasSubstr("has an empty branch label"));
  EXPECT_THAT(build_error({rev("a", {}, {"base"})}), HasSubstr("reserved target name"));
}

TEST(BuildErrorsTest, SelfLoops) {
  // GraphWithLoopTest
  EXPECT_THAT(build_error({rev("a", {"a"})}), StartsWith("Self-loop is detected in revisions (a)"));
  EXPECT_THAT(build_error({rev("a", {"a"}), rev("b", {"a"}), rev("c", {"b"})}),
              StartsWith("Self-loop is detected in revisions (a)"));
  EXPECT_THAT(build_error({rev("a"), rev("b", {"a"}), rev("c", {"b", "c"})}),
              StartsWith("Self-loop is detected in revisions (c)"));
  EXPECT_THAT(build_error({rev("a"), rev("b", {"a", "b"}), rev("c1", {"b"}), rev("c2", {"b"})}),
              StartsWith("Self-loop is detected in revisions (b)"));
  EXPECT_THAT(build_error({rev("a", {}, {}, {"a"})}),
              StartsWith("Dependency self-loop is detected in revisions (a)"));
  EXPECT_THAT(build_error({rev("a"), rev("b", {"a"}), rev("c", {"b"}, {}, {"c"})}),
              StartsWith("Dependency self-loop is detected in revisions (c)"));
  EXPECT_THAT(build_error({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("c", {"b1", "b2"}, {}, {"c"})}),
              StartsWith("Dependency self-loop is detected in revisions (c)"));
  // Through its own label: only visible once depends_on is resolved.
  EXPECT_THAT(build_error({rev("a", {}, {"lib"}, {"lib"})}),
              StartsWith("Dependency self-loop is detected in revisions (a)"));
}

TEST(BuildErrorsTest, Cycles) {
  // GraphWithCycleTest: the message names the revisions on the cycle.
  EXPECT_THAT(build_error({rev("a", {"c"}), rev("b", {"a"}), rev("c", {"b"})}),
              StartsWith("Cycle is detected in revisions (a, b, c):"));
  EXPECT_THAT(build_error({rev("a", {"c"}), rev("b", {"a"}), rev("c", {"b"}), rev("d"), rev("e", {"d"})}),
              StartsWith("Cycle is detected in revisions (a, b, c):"));
  EXPECT_THAT(
      build_error({rev("a", {"c"}), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"}), rev("e", {"d"})}),
      StartsWith("Cycle is detected in revisions (a, b, c):"));
  EXPECT_THAT(
      build_error({rev("a"), rev("b", {"a"}), rev("c", {"b", "e"}), rev("d", {"c"}), rev("e", {"d"})}),
      StartsWith("Cycle is detected in revisions (c, d, e):"));
  EXPECT_THAT(build_error({rev("a", {}, {}, {"c"}), rev("b", {"a"}), rev("c", {"b"})}),
              StartsWith("Dependency cycle is detected in revisions (a, b, c):"));
  EXPECT_THAT(
      build_error({rev("a", {}, {}, {"c"}), rev("b", {"a"}), rev("c", {"b"}), rev("d"), rev("e", {"d"})}),
      StartsWith("Dependency cycle is detected in revisions (a, b, c):"));
  EXPECT_THAT(
      build_error({rev("a"), rev("b", {"a"}), rev("c", {"b"}, {}, {"e"}), rev("d", {"c"}), rev("e", {"d"})}),
      StartsWith("Dependency cycle is detected in revisions (c, d, e):"));
}

TEST(RevisionGraphTest, HeadsBasesAndBranchPoints) {
  // MultipleBaseCrossDependencyTestOne: b1b and c2 depend on a3.
  const auto g =
      make_graph({rev("base1", {}, {"b_1"}), rev("a1a", {"base1"}), rev("a1b", {"base1"}),
                  rev("b1a", {"a1a"}), rev("b1b", {"a1b"}, {}, {"a3"}), rev("base2", {}, {"b_2"}),
                  rev("a2", {"base2"}), rev("b2", {"a2"}), rev("c2", {"b2"}, {}, {"a3"}), rev("d2", {"c2"}),
                  rev("base3", {}, {"b_3"}), rev("a3", {"base3"}), rev("b3", {"a3"})});
  EXPECT_EQ(ids(g.heads()), (Ids{"b1a", "b1b", "d2", "b3"}));
  EXPECT_EQ(ids(g.effective_heads()), (Ids{"b1a", "b1b", "d2", "b3"}));
  EXPECT_EQ(ids(g.bases()), (Ids{"base1", "base2", "base3"}));
  EXPECT_EQ(ids(g.real_bases()), (Ids{"base1", "base2", "base3"}));
  EXPECT_EQ(ids(g.branch_points()), (Ids{"base1"}));
  const Revision& a3 = g.get("a3");
  EXPECT_FALSE(a3.is_branch_point());
  EXPECT_TRUE(a3.is_real_branch_point());  // b3 builds on it, b1b and c2 depend on it
  EXPECT_EQ(ids(a3.dependents()), (Ids{"b1b", "c2"}));
  EXPECT_EQ(a3.next_revisions(), (Ids{"b3"}));
  EXPECT_EQ(g.size(), 13u);
  EXPECT_EQ(g.get("a2").index(), 6u);
}

TEST(RevisionGraphTest, EffectiveHeads) {
  // x1 only has a dependent: an effective head, but not a head once dependencies count.
  const auto g = make_graph({rev("y1", {}, {"y"}), rev("x1", {}, {"x"}), rev("y2", {"y1"}, {}, {"x1"})});
  EXPECT_EQ(ids(g.heads()), (Ids{"y2"}));
  EXPECT_EQ(ids(g.effective_heads()), (Ids{"x1", "y2"}));
  EXPECT_TRUE(g.get("x1").is_head());
  EXPECT_FALSE(g.get("x1").is_real_head());
  EXPECT_EQ(ids(g.bases()), (Ids{"y1", "x1"}));
  EXPECT_TRUE(g.get("y2").parents().front() == &g.get("y1"));
  EXPECT_TRUE(g.get("y1").children().front() == &g.get("y2"));
}

TEST(RevisionGraphTest, MergePointsAndBranchPoints) {
  const auto g =
      make_graph({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("c", {"b1", "b2"}), rev("d", {"c"})});
  EXPECT_TRUE(g.get("c").is_merge_point());
  EXPECT_TRUE(g.get("a").is_branch_point());
  EXPECT_TRUE(g.get("a").is_base() && g.get("a").is_real_base());
  EXPECT_TRUE(g.get("d").is_head() && g.get("d").is_real_head());
  EXPECT_EQ(g.get("a").next_revisions(), (Ids{"b1", "b2"}));
  EXPECT_EQ(ids(g.all()), (Ids{"a", "b1", "b2", "c", "d"}));
}

TEST(RevisionGraphTest, FindAndGet) {
  const auto g =
      make_graph({rev("ae1027a6acf", {}, {"lib"}), rev("ae10bcd", {"ae1027a6acf"}), rev("b", {"ae10bcd"})});
  EXPECT_EQ(g.find("ae1027a6acf")->id(), "ae1027a6acf");
  EXPECT_EQ(g.find("ae102")->id(), "ae1027a6acf");
  EXPECT_EQ(g.find("lib")->id(), "ae1027a6acf");
  EXPECT_EQ(g.find("b")->id(), "b");  // short ids match exactly
  EXPECT_EQ(g.find("zzzz"), nullptr);
  EXPECT_THAT(error_of([&] { g.find("ae10"); }),
              HasSubstr("Multiple revisions start with 'ae10': ae1027a6acf, ae10bcd"));
  EXPECT_THAT(error_of([&] { g.get("zzzz"); }), HasSubstr("No such revision or branch 'zzzz'"));
  EXPECT_THAT(error_of([&] { g.get("zz"); }), HasSubstr("please ensure at least four characters"));
}

TEST(LabelPropagationTest, AlongLinesAndDownToTheBase) {
  // LabeledBranchTest: labels reach descendants, and down a plain line to the base.
  const auto g = make_graph({rev("a", {}, {"abranch"}), rev("b", {"a"}), rev("somelongername", {"b"}),
                             rev("c", {"somelongername"}), rev("d"), rev("e", {"d"}, {"ebranch"}),
                             rev("someothername", {"e"}), rev("f", {"someothername"})});
  for (const char* id : {"a", "b", "somelongername", "c"})
    EXPECT_EQ(g.get(id).branch_labels(), (Ids{"abranch"})) << id;
  for (const char* id : {"d", "e", "someothername", "f"})
    EXPECT_EQ(g.get(id).branch_labels(), (Ids{"ebranch"})) << id;
  EXPECT_EQ(g.get("e").own_branch_labels(), (Ids{"ebranch"}));
  EXPECT_TRUE(g.get("d").own_branch_labels().empty());
}

TEST(LabelPropagationTest, StopsAtBranchAndMergePoints) {
  // BranchedPathTest: b is a branch point, so c1branch stays above it.
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}), rev("d1", {"c1"}),
                             rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"}), rev("m", {"d1", "d2"}),
                             rev("n", {"m"}, {"top"})});
  EXPECT_TRUE(g.get("a").branch_labels().empty());
  EXPECT_TRUE(g.get("b").branch_labels().empty());
  EXPECT_EQ(g.get("d1").branch_labels(), (Ids{"c1branch"}));
  EXPECT_EQ(g.get("m").branch_labels(), (Ids{"c1branch", "c2branch"}));
  EXPECT_EQ(g.get("n").branch_labels(), (Ids{"c1branch", "c2branch", "top"}));
  // A labelled revision whose descendants branch does not push its label below itself.
  const auto h = make_graph({rev("a"), rev("b", {"a"}, {"lbl"}), rev("c1", {"b"}), rev("c2", {"b"})});
  EXPECT_TRUE(h.get("a").branch_labels().empty());
  EXPECT_EQ(h.get("c2").branch_labels(), (Ids{"lbl"}));
  // A dependent makes its target a real branch point: the label stays above it.
  const auto k = make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"}, {"lbl"}), rev("x", {}, {}, {"a"})});
  EXPECT_EQ(k.get("b").branch_labels(), (Ids{"lbl"}));
  EXPECT_TRUE(k.get("a").branch_labels().empty());
  EXPECT_TRUE(k.get("x").branch_labels().empty());
}

TEST(LabelPropagationTest, TwoLabelsOnOneLine) {
  const auto g = make_graph({rev("a", {}, {"x"}), rev("b", {"a"}), rev("c", {"b"}, {"y"}), rev("d", {"c"})});
  for (const char* id : {"a", "b", "c", "d"}) EXPECT_EQ(g.get(id).branch_labels(), (Ids{"x", "y"})) << id;
}

TEST(RevisionGraphTest, LongChainBuildsWithoutRecursion) {
  std::vector<RevisionSpec> specs;
  specs.push_back(rev("r0", {}, {"main"}));
  for (int i = 1; i < 100000; ++i)
    specs.push_back(rev("r" + std::to_string(i), {"r" + std::to_string(i - 1)}));
  const auto g = make_graph(std::move(specs));
  EXPECT_EQ(ids(g.heads()), (Ids{"r99999"}));
  EXPECT_EQ(g.get("r0").branch_labels(), (Ids{"main"}));
  const Plan up = plan_upgrade(g, {}, "heads");
  ASSERT_EQ(up.steps.size(), 100000u);
  EXPECT_EQ(up.steps.front().revision->id(), "r0");
  EXPECT_EQ(up.resulting_heads, (Ids{"r99999"}));
  const Plan down = plan_downgrade(g, up.resulting_heads, "base");
  EXPECT_EQ(down.steps.front().revision->id(), "r99999");
  EXPECT_TRUE(down.resulting_heads.empty());
}

}  // namespace
}  // namespace godwit::core::graph::testing
