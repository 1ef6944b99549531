// Symbol resolution: Alembic's get_revision / get_revisions (test_revision.py APITest and
// LabeledBranchTest).
#include "godwit/core/graph/resolve.hpp"

#include "graph_test_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;

std::string one(const RevisionGraph& g, const std::string& text) {
  const Revision* r = resolve_revision(g, text);
  return r ? r->id() : "<base>";
}

TEST(ResolveTest, HeadAndHeads) {
  const auto line = make_graph({rev("a"), rev("b", {"a"}), rev("c", {"b"})});
  EXPECT_EQ(one(line, "head"), "c");
  EXPECT_EQ(one(line, "heads"), "c");
  EXPECT_EQ(one(line, "base"), "<base>");
  const auto forked = make_graph({rev("a"), rev("b", {"a"}), rev("c1", {"b"}), rev("c2", {"b"})});
  EXPECT_THAT(
      error_of([&] { resolve_revision(forked, "head"); }),
      HasSubstr("Multiple heads are present for target 'head'; use 'heads' or a specific head: c1, c2"));
  EXPECT_THAT(error_of([&] { resolve_revisions(forked, "head"); }), HasSubstr("Multiple heads are present"));
  EXPECT_THAT(error_of([&] { resolve_revision(forked, "heads"); }),
              HasSubstr("Multiple heads are present for target 'heads'; name a single revision: c1, c2"));
  EXPECT_EQ(ids(resolve_revisions(forked, "heads")), (Ids{"c1", "c2"}));
  EXPECT_TRUE(resolve_revisions(forked, "base").empty());
  const auto bases = make_graph({rev("a"), rev("b", {"a"}), rev("c"), rev("d", {"c"})});
  EXPECT_EQ(one(bases, "base"), "<base>");
  EXPECT_TRUE(resolve_revisions(make_graph({}), "heads").empty());
}

TEST(ResolveTest, HeadsCountDependenciesButLabelledHeadsDoNot) {
  // "heads" is Alembic's _real_heads; "label@heads" and "head" use the down_revision heads.
  const auto g = make_graph({rev("a1", {}, {"x"}), rev("b1", {}, {}, {"a1"})});
  EXPECT_EQ(ids(resolve_revisions(g, "heads")), (Ids{"b1"}));
  EXPECT_EQ(ids(resolve_revisions(g, "x@heads")), (Ids{"a1"}));
  EXPECT_THAT(error_of([&] { resolve_revision(g, "head"); }), HasSubstr("for target 'head'; use 'heads'"));
  EXPECT_EQ(one(g, "x@head"), "a1");
}

RevisionGraph labeled() {
  return make_graph({rev("a", {}, {"abranch"}), rev("b", {"a"}), rev("somelongername", {"b"}),
                     rev("c", {"somelongername"}), rev("d"), rev("e", {"d"}, {"ebranch"}),
                     rev("someothername", {"e"}), rev("f", {"someothername"})});
}

TEST(ResolveTest, LabeledBranch) {
  const auto g = labeled();
  EXPECT_EQ(one(g, "ebranch@head"), "f");
  EXPECT_EQ(one(g, "ebranch@some"), "someothername");
  EXPECT_EQ(one(g, "abranch@some"), "somelongername");
  EXPECT_EQ(one(g, "abranch@heads"), "c");
  EXPECT_EQ(one(g, "abranch@head"), "c");
  EXPECT_EQ(one(g, "abranch@base"), "<base>");
  EXPECT_EQ(one(g, "ebranch@d"), "d");
  EXPECT_EQ(one(g, "ebranch@ebranch"), "e");
  EXPECT_EQ(one(g, "abranch"), "a");
  EXPECT_EQ(one(g, "ebranch"), "e");
  EXPECT_EQ(one(g, "e"), "e");
  EXPECT_EQ(one(g, "e@d"), "d");  // a revision id used as the branch
  EXPECT_EQ(one(g, "someoth@d"), "d");
  EXPECT_EQ(ids(resolve_revisions(g, "-1")), (Ids{"somelongername", "someothername"}));
  EXPECT_EQ(ids(resolve_revisions(g, "ebranch@-2")), (Ids{"e"}));
}

TEST(ResolveTest, LabeledBranchErrors) {
  const auto g = labeled();
  EXPECT_THAT(error_of([&] { one(g, "ebranch@b"); }),
              HasSubstr("Revision b is not a member of branch 'ebranch'"));
  EXPECT_THAT(error_of([&] { one(g, "abranch@d"); }),
              HasSubstr("Revision d is not a member of branch 'abranch'"));
  EXPECT_THAT(error_of([&] { one(g, "abranch@qprstuv"); }),
              HasSubstr("No such revision or branch 'qprstuv'"));
  EXPECT_THAT(
      error_of([&] { one(g, "abranch@qpr"); }),
      HasSubstr("No such revision or branch 'qpr'; please ensure at least four characters are present for "
                "partial revision identifier matches"));
  EXPECT_THAT(error_of([&] { one(g, "ebranch@sos"); }), HasSubstr("No such revision or branch 'sos'"));
  EXPECT_THAT(error_of([&] { one(g, "x@d"); }), HasSubstr("No such branch: 'x'"));
  EXPECT_THAT(error_of([&] { one(g, "some"); }),
              HasSubstr("Multiple revisions start with 'some': somelongername, someothername"));
  EXPECT_THAT(error_of([&] { one(g, "+1"); }, ErrorCategory::usage), HasSubstr("relative to the database"));
}

}  // namespace
}  // namespace godwit::core::graph::testing
