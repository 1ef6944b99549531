// Target syntax: a pure parser, no graph.
#include "godwit/core/graph/target.hpp"

#include "graph_test_support.hpp"

namespace godwit::core::graph::testing {
namespace {

using ::testing::HasSubstr;

struct Parsed {
  const char* text;
  const char* branch;
  const char* symbol;
  std::optional<long long> step;
};

TEST(TargetTest, Destinations) {
  const std::vector<Parsed> cases = {
      {"head", "", "head", {}},
      {"heads", "", "heads", {}},
      {"base", "", "base", {}},
      {"ae1027a6acf", "", "ae1027a6acf", {}},
      {"ae10", "", "ae10", {}},
      {"+2", "", "", 2},
      {"-1", "", "", -1},
      {"ae10+2", "", "ae10", 2},
      {"head-3", "", "head", -3},
      {"base+12", "", "base", 12},
      {"lbl@head", "lbl", "head", {}},
      {"lbl@heads", "lbl", "heads", {}},
      {"lbl@base", "lbl", "base", {}},
      {"lbl@ae10", "lbl", "ae10", {}},
      {"lbl@+1", "lbl", "", 1},
      {"lbl@-2", "lbl", "", -2},
      {"lbl@head-1", "lbl", "head", -1},
      {"lbl@base+2", "lbl", "base", 2},
      {"my.lbl@x_1+0", "my.lbl", "x_1", 0},
  };
  for (const Parsed& c : cases) {
    SCOPED_TRACE(c.text);
    const Destination d = parse_destination(c.text);
    EXPECT_EQ(d.text, c.text);
    EXPECT_EQ(d.branch, c.branch);
    EXPECT_EQ(d.symbol, c.symbol);
    EXPECT_EQ(d.step, c.step);
    EXPECT_EQ(d.is_relative(), c.step.has_value());
    EXPECT_EQ(d.has_branch(), std::string(c.branch) != "");
  }
}

TEST(TargetTest, Ranges) {
  Target t = parse_target("ae10:head");
  EXPECT_TRUE(t.is_range);
  ASSERT_TRUE(t.start && t.end);
  EXPECT_EQ(t.start->symbol, "ae10");
  EXPECT_EQ(t.end->symbol, "head");
  t = parse_target("lbl@base:");
  EXPECT_TRUE(t.is_range && t.start && !t.end);
  EXPECT_EQ(t.start->branch, "lbl");
  t = parse_target(":-2");
  EXPECT_TRUE(t.is_range && !t.start && t.end);
  EXPECT_EQ(t.end->step, -2);
  t = parse_target(":");
  EXPECT_TRUE(t.is_range && !t.start && !t.end);
  t = parse_target("heads");
  EXPECT_FALSE(t.is_range);
  EXPECT_FALSE(t.start);
  EXPECT_EQ(t.end->symbol, "heads");
}

TEST(TargetTest, MalformedTargets) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"", "Empty target"},
      {"a b", "contains whitespace"},
      {"a:b:c", "more than one ':'"},
      {"a@b@c", "more than one '@'"},
      {"@head", "no branch label before '@'"},
      {"lbl@", "names nothing after '@'"},
      {"head-", "must be followed by a number of steps"},
      {"+", "must be followed by a number of steps"},
      {"head+2x", "must be followed by a number of steps"},
      {"+-2", "must be followed by a number of steps"},
      {"a.b+1", "a relative step counts from a revision id"},
      {"+99999999999999999999", "too large"},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    EXPECT_THAT(error_of([&] { parse_target(text); }, ErrorCategory::usage), HasSubstr(message));
  }
  EXPECT_THAT(error_of([] { parse_destination("a:b"); }, ErrorCategory::usage), HasSubstr("is a range"));
}

}  // namespace
}  // namespace godwit::core::graph::testing
