#include "godwit/core/runner/script_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "fake_dialect.hpp"
#include "godwit/core/runner/history_table.hpp"
#include "godwit/core/runner/offline_context.hpp"
#include "godwit/operation.hpp"
#include "godwit/operations.hpp"

namespace {

using namespace godwit;
using namespace godwit::core::runner;
using ::testing::HasSubstr;

class NullHost final : public driver::HostServices {
 public:
  void log(LogLevel, std::string_view message) override { logged.emplace_back(message); }
  void progress(std::uint64_t, std::uint64_t, std::string_view) override {}
  std::optional<std::string> option(std::string_view key) const override {
    if (key == "k") return std::string("v");
    return std::nullopt;
  }
  std::vector<std::string> logged;
};

struct OfflineFixture : ::testing::Test {
  std::ostringstream out;
  godwit::test::FakeDialect dialect;
  ScriptWriter writer{out, dialect};
  NullHost host;
  OfflineContext ctx{"abc123", Direction::upgrade, writer, host};
};

TEST_F(OfflineFixture, StatementsAreTerminatedOnce) {
  ctx.execute("CREATE TABLE t (id int)");
  ctx.execute("  DROP TABLE u;  \n");
  ctx.execute("   ");
  EXPECT_EQ(out.str(), "CREATE TABLE t (id int);\n\nDROP TABLE u;\n\n");
}

TEST_F(OfflineFixture, ParametersAreInlinedAsLiterals) {
  ctx.execute("INSERT INTO t VALUES ($1, $2, $3)", {42, "it's", null});
  EXPECT_EQ(out.str(), "INSERT INTO t VALUES ('42', 'it''s', NULL);\n\n");
}

TEST_F(OfflineFixture, OperationsAreWrittenAsTheDialectRendersThemAndRawSqlWithItsParametersInlined) {
  apply(ctx, CreateTable{"t", {Column("id", Type::integer())}, {}, std::nullopt});
  apply(ctx, ExecuteSql{"UPDATE t SET id = $1", {7}});
  operations(ctx).execute("DELETE FROM t");
  EXPECT_EQ(out.str(), "RENDERED OPERATION;\n\nUPDATE t SET id = '7';\n\nDELETE FROM t;\n\n");
}

TEST_F(OfflineFixture, ReadsAreRefusedNamingTheRevision) {
  try {
    ctx.query("SELECT 1");
    FAIL();
  } catch (const OfflineUnsupported& e) {
    EXPECT_THAT(e.what(), HasSubstr("revision abc123 reads from the database"));
    EXPECT_THAT(e.what(), HasSubstr("--sql"));
  }
  EXPECT_THROW(ctx.stream("SELECT 1", [](const Row&) {}), OfflineUnsupported);
}

TEST_F(OfflineFixture, ABulkLoadIsWrittenWholeAsTheDialectRendersIt) {
  auto copy = ctx.copy_into("public.t", {"a", "b"});
  copy->write(1, "x");
  ctx.execute("SELECT 'between two rows'");  // must not land inside the block
  copy->write(2, nullptr);
  EXPECT_EQ(copy->finish(), 2u);
  EXPECT_EQ(out.str(),
            "SELECT 'between two rows';\n\n"
            "BULK \"public\".\"t\" (\"a\", \"b\")\n"
            "|1|x|\n"
            "|2|NULL|\n"
            "END\n\n");
}

TEST_F(OfflineFixture, ContextReportsOfflineAndForwardsOptionsAndLogs) {
  EXPECT_TRUE(ctx.offline());
  EXPECT_EQ(ctx.revision_id(), "abc123");
  EXPECT_EQ(ctx.option("k"), "v");
  EXPECT_EQ(ctx.option("missing"), std::nullopt);
  ctx.info("hello");
  ASSERT_EQ(host.logged.size(), 1u);
  EXPECT_EQ(host.logged[0], "hello");
  EXPECT_EQ(ctx.native_handle("pqxx::transaction_base"), nullptr);
}

TEST_F(OfflineFixture, CommentsPrefixEveryLine) {
  writer.comment("one\ntwo");
  EXPECT_EQ(out.str(), "-- one\n-- two\n\n");
}

}  // namespace

namespace {

TEST(HistoryRows, ManyRowsAreSplitBelowTheParameterLimit) {
  std::ostringstream out;
  godwit::test::FakeDialect dialect;
  ScriptWriter writer(out, dialect);
  godwit::core::config::Config config;
  const TableNames names = TableNames::from(config, dialect);
  const HistoryTable history(names, dialect);
  // 13 columns a row, at most about 1,000 parameters a statement: 76 rows.
  std::vector<HistoryEntry> entries(1001);
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].revision = "r" + std::to_string(i);
  history.insert_many(writer, entries);
  const std::string script = out.str();
  std::size_t statements = 0;
  for (auto at = script.find("INSERT INTO"); at != std::string::npos; at = script.find("INSERT INTO", at + 1))
    ++statements;
  EXPECT_EQ(statements, 14u);  // 13 x 76 + 13
  const auto first = script.find("'r0'"), last = script.find("'r75'"), next = script.find("'r76'");
  ASSERT_NE(script.find("'r1000'"), std::string::npos);
  EXPECT_LT(first, last);
  EXPECT_LT(last, script.find("INSERT INTO", 1));  // r75 closes the first statement
  EXPECT_GT(next, script.find("INSERT INTO", 1));
}

}  // namespace
