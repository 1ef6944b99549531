// Driver conformance: the SDK Context a revision sees.

#include "driver_conformance.hpp"

namespace godwit::test {
namespace {

using ContextTest = DriverTest;
using NoticeTest = DriverTest;  // GODWIT_REQUIRE_FEATURE(lacks_notices)

TEST_F(ContextTest, DescribesTheRevisionAndForwardsToTheHost) {
  auto c = connect();
  host_.options["batch"] = "500";
  auto ctx = c->open_context(driver::RevisionScope{"3f2a9c1d7b44", Direction::downgrade}, host_);
  EXPECT_EQ(ctx->revision_id(), "3f2a9c1d7b44");
  EXPECT_EQ(ctx->direction(), Direction::downgrade);
  EXPECT_EQ(ctx->dialect(), driver_profile().dialect_name);
  EXPECT_FALSE(ctx->offline());
  EXPECT_EQ(ctx->option("batch"), std::optional<std::string>("500"));
  EXPECT_EQ(ctx->option("missing"), std::nullopt);
  ctx->info("hello from the revision");
  EXPECT_TRUE(host_.logged("hello from the revision"));
  ctx->progress(5, 10, "rows");
  ASSERT_EQ(host_.progresses.size(), 1u);
  EXPECT_EQ(host_.progresses[0].done, 5u);
  EXPECT_EQ(host_.progresses[0].label, "rows");
  EXPECT_EQ(ctx->quote_identifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(ctx->native_handle("no such kind"), nullptr);
}

TEST_F(NoticeTest, ServerNoticesReachTheHostLogWhileAContextIsOpen) {
  GODWIT_REQUIRE_FEATURE(lacks_notices);
  auto c = connect();
  {
    auto ctx = open_context(*c);
    ctx->execute("DO $$ BEGIN RAISE NOTICE 'notice from plpgsql'; RAISE WARNING 'careful'; END $$");
  }
  std::vector<std::pair<LogLevel, std::string>> notices;  // the statement itself is logged at debug level
  for (const auto& log : host_.logs)
    if (log.first != LogLevel::debug) notices.push_back(log);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0], std::make_pair(LogLevel::info, std::string("notice from plpgsql")));
  EXPECT_EQ(notices[1], std::make_pair(LogLevel::warning, std::string("careful")));
  const std::size_t before = host_.logs.size();
  c->execute("DO $$ BEGIN RAISE NOTICE 'nobody listens'; END $$");  // no context: dropped, not printed
  EXPECT_EQ(host_.logs.size(), before);
}

// Everything a revision can do also works with no transaction open (a `transactional: false` revision).
TEST_F(ContextTest, EveryOperationWorksInAutocommit) {
  auto c = connect();
  auto ctx = open_context(*c);
  ctx->execute("CREATE TABLE auto (id int, t text)");
  EXPECT_EQ(ctx->execute("INSERT INTO auto VALUES ($1, $2)", {1, "one"}), 1u);
  auto writer = ctx->copy_into("auto", {"id", "t"});
  writer->write(2, "two");
  EXPECT_EQ(writer->finish(), 1u);
  EXPECT_EQ(ctx->query("SELECT count(*) FROM auto")[0].get<int>(0), 2);
  int streamed = 0;
  ctx->stream("SELECT id FROM auto WHERE id > $1", {0}, [&](const Row&) { ++streamed; });
  EXPECT_EQ(streamed, 2);
  ctx->execute(driver_profile().create_index_sql("auto_id", "auto", "id"));
  EXPECT_NE(ctx->native_handle(driver_profile().native_handle_kind), nullptr);
  EXPECT_FALSE(c->in_transaction());
  // Committed as it went: another session sees it all.
  auto other = connect();
  EXPECT_EQ(scalar(*other, "SELECT count(*) FROM auto"), "2");
}

TEST_F(ContextTest, StatementsFollowTheConnectionsTransaction) {
  auto c = connect();
  c->execute("CREATE TABLE follow (v int)");
  auto ctx = open_context(*c);
  c->begin();
  ctx->execute("INSERT INTO follow VALUES (1)");
  auto writer = ctx->copy_into("follow", {"v"});
  writer->write(2);
  writer->finish();
  EXPECT_EQ(ctx->query("SELECT count(*) FROM follow")[0].get<int>(0), 2);
  c->rollback();
  EXPECT_EQ(ctx->query("SELECT count(*) FROM follow")[0].get<int>(0), 0);
}

}  // namespace
}  // namespace godwit::test
