// Alembic's tests/test_revision.py iteration scenarios (RevisionMap.iterate_revisions), as data.
#include "iterate_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;

struct Case {
  const char* name;
  Arg upper;
  Arg lower;
  Ids expected;
  IterateOptions options = {};
};

void run_cases(const RevisionGraph& graph, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(iterate(graph, c.upper, c.lower, c.options), c.expected);
  }
}

constexpr IterateOptions kExclusive{false, false, false};
constexpr IterateOptions kImplicit{true, true, false};
constexpr IterateOptions kExclusiveImplicit{false, true, false};
constexpr IterateOptions kDown{true, false, true};
constexpr IterateOptions kDownExclusive{false, false, true};

TEST(IterateTest, Diamond) {
  const auto g =
      make_graph({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("c", {"b1", "b2"}), rev("d", {"c"})});
  run_cases(g, {{"simple diamond", "d", "a", {"d", "c", "b1", "b2", "a"}}});
}

TEST(IterateTest, EmptyMap) {
  const auto g = make_graph({});
  run_cases(g, {{"head to base", "head", "base", {}}});
}

TEST(IterateTest, ToleratesDuplicateTargets) {
  const auto g = make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"})});
  run_cases(g, {{"dupe targets", {"c", "c"}, "a", {"c", "b"}, kExclusive}});
}

RevisionGraph labeled_branches() {
  return make_graph({rev("a", {}, {"abranch"}), rev("b", {"a"}), rev("somelongername", {"b"}),
                     rev("c", {"somelongername"}), rev("d"), rev("e", {"d"}, {"ebranch"}),
                     rev("someothername", {"e"}), rev("f", {"someothername"})});
}

TEST(IterateTest, LabeledBranch) {
  run_cases(labeled_branches(),
            {{"heads to ebranch@base", "heads", "ebranch@base", {"f", "someothername", "e", "d"}},
             {"heads to abranch@base", "heads", "abranch@base", {"c", "somelongername", "b", "a"}},
             {"ebranch@head to base", "ebranch@head", "base", {"f", "someothername", "e", "d"}},
             {"abranch@head to base", "abranch@head", "base", {"c", "somelongername", "b", "a"}},
             {"heads to ebranch@head", "heads", "ebranch@head", {"f"}},
             {"heads to ebranch@d", "heads", "ebranch@d", {"f", "someothername", "e", "d"}},
             {"heads to e@base", "heads", "e@base", {"f", "someothername", "e", "d"}},
             {"heads to c@base", "heads", "c@base", {"c", "somelongername", "b", "a"}},
             {"branch with down relative", "heads", "ebranch@-2", {"f", "someothername", "e"}},
             {"branch with up relative", "ebranch@+2", "base", {"e", "d"}}});
}

TEST(IterateTest, LongShortBranch) {
  const auto g = make_graph({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("c1", {"b1"}),
                             rev("d11", {"c1"}), rev("d12", {"c1"})});
  run_cases(g, {{"full", "heads", "base", {"b2", "d11", "d12", "c1", "b1", "a"}}});
}

RevisionGraph multiple_branches() {
  return make_graph({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("cb1", {"b1"}), rev("cb2", {"b2"}),
                     rev("d1cb1", {"cb1"}), rev("d2cb1", {"cb1"}), rev("d1cb2", {"cb2"}),
                     rev("d2cb2", {"cb2"}), rev("d3cb2", {"cb2"}), rev("d1d2cb2", {"d1cb2", "d2cb2"})});
}

TEST(IterateTest, MultipleBranch) {
  run_cases(
      multiple_branches(),
      {{"from merge point", "d1d2cb2", "a", {"d1d2cb2", "d1cb2", "d2cb2", "cb2", "b2", "a"}},
       {"multiple heads", {"d2cb2", "d3cb2"}, "a", {"d2cb2", "d3cb2", "cb2", "b2", "a"}},
       {"single branch", "d3cb2", "a", {"d3cb2", "cb2", "b2", "a"}},
       {"single branch to base", "d3cb2", "base", {"d3cb2", "cb2", "b2", "a"}},
       {"multiple branch to base", {"d3cb2", "cb1"}, "base", {"cb1", "b1", "d3cb2", "cb2", "b2", "a"}},
       {"multiple heads single base", {"d1cb1", "d2cb2", "d3cb2"}, "b2", {"d2cb2", "d3cb2", "cb2", "b2"}}});
}

TEST(IterateTest, MultipleBranchWrongDirection) {
  const auto g = multiple_branches();
  EXPECT_THAT(error_of([&] { iterate(g, "b1", "d1cb1"); }),
              HasSubstr("Revision d1cb1 is not an ancestor of revision b1"));
  EXPECT_THAT(error_of([&] { iterate(g, "d2cb2", "b1"); }),
              HasSubstr("Revision b1 is not an ancestor of revision d2cb2"));
  EXPECT_THAT(error_of([&] { iterate(g, Arg::none(), "d1cb1"); }),
              HasSubstr("Revision d1cb1 is not an ancestor of revision base"));
}

TEST(IterateTest, MultipleBranchEffectiveHead) {
  const auto g = make_graph(
      {rev("y1", {}, {"y"}), rev("x1", {}, {"x"}), rev("y2", {"y1"}, {}, {"x1"}), rev("x2", {"x1"})});
  run_cases(g, {{"other downgrade", {"x2", "y2"}, "x@-1", {"x2"}, kDownExclusive},
                {"use all current", {"x1", "y2"}, "x@-1", {"y2", "x1"}, kDownExclusive},
                {"effective head", "y2", "x@-1", {"y2", "x1"}, kDownExclusive}});
}

RevisionGraph branch_travelling() {
  return make_graph({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}), rev("b1", {"a3"}), rev("b2", {"a3"}),
                     rev("cb1", {"b1"}), rev("cb2", {"b2"}), rev("db1", {"cb1"}), rev("db2", {"cb2"}),
                     rev("e1b1", {"db1"}), rev("fe1b1", {"e1b1"}), rev("e2b1", {"db1"}), rev("e2b2", {"db2"}),
                     rev("merge", {"e2b1", "e2b2"})});
}

TEST(IterateTest, BranchTravelling) {
  const Ids to_root = {"fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "b1",
                       "e2b2",  "db2",  "cb2",   "b2",   "a3",  "a2",  "a1"};
  run_cases(branch_travelling(),
            {{"one branch both to merge",
              "merge",
              "db1",
              {"merge", "e2b1", "db1", "e2b2", "db2", "cb2", "b2"},
              kImplicit},
             {"three branches end in single branch",
              {"merge", "fe1b1"},
              "a3",
              {"fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3"}},
             {"two branches to root",
              "merge",
              "a1",
              {"merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2", "a1"}},
             {"two branches end in branch", "merge", "b1", {"merge", "e2b1", "db1", "cb1", "b1"}},
             {"two branches end behind branch",
              "merge",
              "a2",
              {"merge", "e2b1", "db1", "cb1", "b1", "e2b2", "db2", "cb2", "b2", "a3", "a2"}},
             {"three branches to root", {"merge", "fe1b1"}, "a1", to_root},
             {"three branches end multiple bases",
              {"merge", "fe1b1"},
              {"cb1", "cb2"},
              {"fe1b1", "e1b1", "merge", "e2b1", "db1", "cb1", "e2b2", "db2", "cb2"}},
             {"three branches end multiple bases exclusive",
              {"merge", "fe1b1"},
              {"cb1", "cb2"},
              {"fe1b1", "e1b1", "merge", "e2b1", "db1", "e2b2", "db2"},
              kExclusive},
             {"exclusive blank",
              {"e2b1", "b2", "fe1b1"},
              Arg::none(),
              {"b2", "fe1b1", "e1b1", "e2b1", "db1", "cb1", "b1", "a3", "a2", "a1"},
              kExclusive},
             {"to symbolic base",
              {"fe1b1"},
              "base",
              {"fe1b1", "e1b1", "db1", "cb1", "b1", "a3", "a2", "a1"},
              kExclusive}});
}

TEST(IterateTest, BranchTravellingOverlappingHeads) {
  const auto g = branch_travelling();
  {
    const auto call = [&] { iterate(g, {"db1", "b2", "fe1b1"}, Arg::none()); };
    EXPECT_THAT(error_of(call),
                HasSubstr("Requested revision fe1b1 overlaps with other requested revisions db1"));
  }
}

RevisionGraph multiple_bases() {
  return make_graph({rev("base1"), rev("base2"), rev("base3"), rev("a1a", {"base1"}), rev("a1b", {"base1"}),
                     rev("a2", {"base2"}), rev("a3", {"base3"}), rev("b1a", {"a1a"}), rev("b1b", {"a1b"}),
                     rev("b2", {"a2"}), rev("b3", {"a3"}), rev("c2", {"b2"}), rev("d2", {"c2"}),
                     rev("mergeb3d2", {"b3", "d2"})});
}

TEST(IterateTest, MultipleBase) {
  const Ids all = {"b1a", "a1a",   "b1b", "a1b", "base1", "mergeb3d2", "b3",
                   "a3",  "base3", "d2",  "c2",  "b2",    "a2",        "base2"};
  run_cases(multiple_bases(),
            {{"heads to base", "heads", "base", all},
             {"heads to base exclusive", "heads", "base", all, kExclusive},
             {"heads to blank", "heads", Arg::none(), all},
             {"implicit base exclusive",
              "heads",
              {"c2"},
              {"b1a", "a1a", "b1b", "a1b", "base1", "mergeb3d2", "b3", "a3", "base3", "d2"},
              kExclusiveImplicit},
             {"revs base exclusive", "heads", {"c2"}, {"mergeb3d2", "d2"}, kExclusive},
             {"implicit base inclusive",
              "heads",
              {"c2"},
              {"b1a", "a1a", "b1b", "a1b", "base1", "mergeb3d2", "b3", "a3", "base3", "d2", "c2"},
              kImplicit},
             {"specific path one", "b3", "base3", {"b3", "a3", "base3"}},
             {"specific path two implicit base",
              {"b3", "b2"},
              "base3",
              {"b2", "a2", "base2", "b3", "a3"},
              kExclusiveImplicit}});
  const auto g = multiple_bases();
  {
    const auto call = [&] { iterate(g, {"c2"}, {"a2", "b2"}); };
    EXPECT_THAT(error_of(call), HasSubstr("overlaps with other requested revisions"));
  }
}

RevisionGraph cross_dependency_one() {
  return make_graph({rev("base1", {}, {"b_1"}), rev("a1a", {"base1"}), rev("a1b", {"base1"}),
                     rev("b1a", {"a1a"}), rev("b1b", {"a1b"}, {}, {"a3"}), rev("base2", {}, {"b_2"}),
                     rev("a2", {"base2"}), rev("b2", {"a2"}), rev("c2", {"b2"}, {}, {"a3"}),
                     rev("d2", {"c2"}), rev("base3", {}, {"b_3"}), rev("a3", {"base3"}), rev("b3", {"a3"})});
}

TEST(IterateTest, MultipleBaseCrossDependencyOne) {
  const auto g = cross_dependency_one();
  EXPECT_EQ(ids(g.effective_heads()), (Ids{"b1a", "b1b", "d2", "b3"}));
  const Ids all = {"b1a", "a1a", "b1b", "a1b", "base1", "d2", "c2", "b2", "a2", "base2", "b3", "a3", "base3"};
  run_cases(g, {{"heads to base", "heads", "base", all},
                {"heads to base downgrade", "heads", "base", all, kDown},
                {"head2 upgrade", "b_2@head", "base", {"d2", "c2", "b2", "a2", "base2", "a3", "base3"}},
                {"head2 downgrade", "b_2@head", "b_2@base", {"d2", "c2", "b2", "a2", "base2"}, kDown},
                {"head3 upgrade", "b_3@head", "base", {"b3", "a3", "base3"}},
                {"head3 downgrade", "b_3@head", "base", {"b3", "a3", "base3"}, kDown},
                {"head1 upgrade", "b1b@head", "base", {"b1b", "a1b", "base1", "a3", "base3"}},
                {"head1 downgrade", "b1b@head", "b1b@base", {"b1b", "a1b", "base1"}, kDown},
                {"base2 upgrade", "heads", "b_2@base", {"d2", "c2", "b2", "a2", "base2", "a3", "base3"}},
                {"base2 downgrade", "heads", "b_2@base", {"d2", "c2", "b2", "a2", "base2"}, kDown},
                {"base3 upgrade", "heads", "b_3@base", {"b3", "a3", "base3"}},
                {"base3 downgrade", "heads", "b_3@base", {"b1b", "d2", "c2", "b3", "a3", "base3"}, kDown}});
  EXPECT_THAT(error_of([&] { iterate(g, "b2", "d2"); }),
              HasSubstr("Revision d2 is not an ancestor of revision b2"));
  EXPECT_THAT(error_of([&] { iterate(g, "b3", "d2"); }),
              HasSubstr("Revision d2 is not an ancestor of revision b3"));
}

TEST(IterateTest, MultipleBaseCrossDependencyTwo) {
  const auto g =
      make_graph({rev("base1", {}, {"b_1"}), rev("a1", {"base1"}), rev("b1", {"a1"}), rev("c1", {"b1"}),
                  rev("base2", {}, {"b_2"}, {"b_1"}), rev("a2", {"base2"}), rev("b2", {"a2"}),
                  rev("c2", {"b2"}), rev("d2", {"c2"}), rev("base3", {}, {"b_3"}), rev("a3", {"base3"}),
                  rev("b3", {"a3"}), rev("c3", {"b3"}, {}, {"b2"}), rev("d3", {"c3"})});
  EXPECT_EQ(ids(g.effective_heads()), (Ids{"c1", "d2", "d3"}));
  run_cases(
      g, {{"heads to base",
           "heads",
           "base",
           {"c1", "b1", "a1", "d2", "c2", "d3", "c3", "b3", "a3", "base3", "b2", "a2", "base2", "base1"}},
          {"head2", "b_2@head", "base", {"d2", "c2", "b2", "a2", "base2", "base1"}},
          {"head3", "b_3@head", "base", {"d3", "c3", "b3", "a3", "base3", "b2", "a2", "base2", "base1"}},
          {"head1", "b_1@head", "base", {"c1", "b1", "a1", "base1"}},
          {"base1", "heads", "b_1@base", {"c1", "b1", "a1", "base1"}},
          {"base2", "heads", "b_2@base", {"d2", "c2", "b2", "a2", "base2", "base1"}},
          {"base3", "heads", "b_3@base", {"d3", "c3", "b3", "a3", "base3", "b2", "a2", "base2", "base1"}}});
}

TEST(IterateTest, MultipleBaseCrossDependencyThree) {
  const auto g = make_graph(
      {rev("base1"), rev("a1", {"base1"}), rev("b1", {"a1"}), rev("c2", {}, {}, {"a1"}), rev("c3", {"c2"})});
  run_cases(g, {{"no parent but a dependency", "heads", "base", {"b1", "c3", "c2", "a1", "base1"}}});
}

TEST(IterateTest, OverlappingSubstringIds) {
  // test_revision_dupe_head and the two "no loop with overlapping substrings" cases.
  run_cases(make_graph({rev("user_foo"), rev("user", {"user_foo"}, {}, {"user_foo"})}),
            {{"dupe head", "heads", Arg::none(), {"user", "user_foo"}}});
  run_cases(make_graph({rev("user_foo"), rev("user", {"user_foo"})}),
            {{"substrings", "heads", Arg::none(), {"user", "user_foo"}}});
  run_cases(make_graph({rev("user_foo"), rev("user", {}, {}, {"user_foo"})}),
            {{"substring dependency", "heads", Arg::none(), {"user", "user_foo"}}});
}

RevisionGraph normalized_down_revisions() {
  return make_graph({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}), rev("b1"),
                     rev("b2", {"b1"}, {}, {"a3"}), rev("b3", {"b2"}), rev("b4", {"b3"}, {}, {"a3"}),
                     rev("b5", {"b4"}, {}, {"b4"})});
}

TEST(IterateTest, NormalizedDownRevisions) {
  const auto g = normalized_down_revisions();
  EXPECT_EQ(g.get("b4").depends_on(), (Ids{"a3"}));
  EXPECT_TRUE(g.get("b4").normalized_depends_on().empty());  // b2, an ancestor, already depends on a3
  EXPECT_EQ(g.get("b5").normalized_depends_on(), (Ids{"b4"}));
  run_cases(g, {{"branch traversal", "b4", "b1@base", {"b4", "b3", "b2", "b1"}, kDown},
                {"all traversal", "heads", "base", {"b5", "b4", "b3", "b2", "b1", "a3", "a2", "a1"}, kDown},
                {"partial traversal", "heads", "a2", {"b5", "b4", "b3", "b2", "a3", "a2"}, kDown},
                {"partial traversal implicit base one",
                 "heads",
                 "a2",
                 {"b5", "b4", "b3", "b2", "b1", "a3", "a2"},
                 IterateOptions{true, true, true}},
                {"partial traversal implicit base two",
                 "b5",
                 {"b1"},
                 {"b5", "b4", "b3", "b2", "b1", "a3", "a2", "a1"},
                 kImplicit}});
  const auto three = make_graph({rev("c1"), rev("a1"), rev("a2", {"a1"}, {}, {"c1"}),
                                 rev("a3", {"a2"}, {}, {"c1"}), rev("b1"), rev("b2", {"b1"}, {}, {"a3"}),
                                 rev("b3", {"b2"}), rev("b4", {"b3"}, {}, {"a3"}), rev("b5", {"b4"})});
  run_cases(three, {{"partial traversal implicit base three",
                     "b5",
                     {"b1"},
                     {"b5", "b4", "b3", "b2", "b1", "a3", "a2", "a1", "c1"},
                     kImplicit}});
}

}  // namespace
}  // namespace godwit::core::graph::testing
