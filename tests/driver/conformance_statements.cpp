// Driver conformance: statements, parameters, results, errors and transactions.

#include <optional>

#include "driver_conformance.hpp"

namespace godwit::test {
namespace {

using StatementTest = DriverTest;

TEST_F(StatementTest, ExecuteRunsSeveralStatements) {
  auto c = connect();
  c->execute(
      "CREATE TABLE multi_a (x int); INSERT INTO multi_a VALUES (1), (2);\nCREATE TABLE multi_b (y text);");
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM multi_a"), "2");
  EXPECT_TRUE(c->table_exists("", "multi_b"));
  EXPECT_TRUE(c->table_exists("public", "multi_b"));
  EXPECT_FALSE(c->table_exists("", "multi_c"));
  EXPECT_FALSE(c->table_exists("no_such_schema", "multi_a"));
}

TEST_F(StatementTest, ParametersRoundTripOddText) {
  auto c = connect();
  c->execute("CREATE TABLE params (id int PRIMARY KEY, t text)");
  const std::vector<std::optional<std::string>> values = {
      "plain",
      "it's \"quoted\"",
      "back\\slash \\N",
      "tab\there\nnewline\r\ncrlf",
      "Ünïcödé ✓ 日本語 🐘",
      std::nullopt,
      "",
      "$1 ; DROP TABLE params; --",
  };
  for (std::size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(
        c->execute("INSERT INTO params (id, t) VALUES ($1, $2)", {static_cast<int>(i), Value(values[i])}),
        1u);
  Rows rows = c->query("SELECT t FROM params ORDER BY id", {});
  ASSERT_EQ(rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(rows[i].get<std::optional<std::string>>(0), values[i]);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM params WHERE t IS NULL"), "1");
  EXPECT_EQ(scalar(*c, "SELECT $1::text IS NULL", {null}), "t");
  EXPECT_EQ(c->execute("UPDATE params SET t = $1 WHERE id >= $2", {"x", 3}), 5u);
}

TEST_F(StatementTest, QueryGivesTypedAccessAndNulls) {
  auto c = connect();
  Rows rows = c->query(
      "SELECT 42::int AS i, 'text'::text AS s, NULL::int AS n, true AS b, 1.5::float8 AS f, "
      "9007199254740993::bigint AS big, $1::text AS p",
      {"param"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.columns(), (std::vector<std::string>{"i", "s", "n", "b", "f", "big", "p"}));
  const Row row = rows[0];
  EXPECT_EQ(row.get<int>(0), 42);
  EXPECT_EQ(row.get<std::string>("s"), "text");
  EXPECT_TRUE(row.is_null(2));
  EXPECT_EQ(row.get<std::optional<int>>("n"), std::nullopt);
  EXPECT_THROW(row.get<int>("n"), ConversionError);
  EXPECT_TRUE(row.get<bool>("b"));
  EXPECT_DOUBLE_EQ(row.get<double>("f"), 1.5);
  EXPECT_EQ(row.get<std::int64_t>("big"), 9007199254740993LL);
  EXPECT_EQ(row.get<std::string>("p"), "param");

  Rows none = c->query("SELECT 1 AS one WHERE false", {});
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.columns(), std::vector<std::string>{"one"});
}

TEST_F(StatementTest, ErrorsCarryTheSqlstateAndStatement) {
  auto c = connect();
  const std::string missing = "SELECT * FROM no_such_table";
  Caught caught = catch_error<DatabaseError>([&] { c->query(missing, {}); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, "42P01");
  EXPECT_EQ(caught.statement, missing);
  EXPECT_NE(caught.message.find("relation \"no_such_table\" does not exist"), std::string::npos)
      << caught.message;
  EXPECT_EQ(caught.message.find("ERROR:"), std::string::npos) << caught.message;

  c->execute("CREATE TABLE uniq (id int PRIMARY KEY)");
  c->execute("INSERT INTO uniq VALUES ($1)", {1});
  caught = catch_error<DatabaseError>([&] { c->execute("INSERT INTO uniq VALUES ($1)", {1}); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, "23505");
  EXPECT_NE(caught.message.find("duplicate key"), std::string::npos) << caught.message;

  caught = catch_error<DatabaseError>([&] { c->execute("SELEC 1"); });
  EXPECT_EQ(caught.sqlstate, "42601");
  // Autocommit: an error leaves the connection usable.
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM uniq"), "1");
}

TEST_F(StatementTest, CommitAndRollback) {
  auto c = connect();
  c->execute("CREATE TABLE tx (v int)");
  c->begin();
  EXPECT_TRUE(c->in_transaction());
  c->execute("INSERT INTO tx VALUES ($1)", {1});
  c->rollback();
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM tx"), "0");

  c->begin();
  c->execute("INSERT INTO tx VALUES ($1)", {2});
  auto other = connect();
  EXPECT_EQ(scalar(*other, "SELECT count(*) FROM tx"), "0");  // not visible before commit
  c->commit();
  EXPECT_EQ(scalar(*other, "SELECT count(*) FROM tx"), "1");

  c->rollback();  // no transaction: no-op
  EXPECT_THROW(c->commit(), Error);
  c->begin();
  EXPECT_THROW(c->begin(), Error);
  c->rollback();
}

TEST_F(StatementTest, AnErrorAbortsTheTransaction) {
  auto c = connect();
  c->execute("CREATE TABLE aborted (v int)");
  c->begin();
  c->execute("INSERT INTO aborted VALUES (1)");
  EXPECT_THROW(c->execute("SELECT * FROM no_such_table"), DatabaseError);
  Caught caught = catch_error<DatabaseError>([&] { c->execute("INSERT INTO aborted VALUES (2)"); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, "25P02");
  EXPECT_NE(caught.message.find("no_such_table"), std::string::npos) << caught.message;  // names the cause
  EXPECT_THROW(c->query("SELECT 1", {}), DatabaseError);
  // Committing a failed transaction must not look like success.
  caught = catch_error<DatabaseError>([&] { c->commit(); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, "25P02");
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM aborted"), "0");
}

TEST_F(StatementTest, CreateIndexConcurrentlyRunsInAutocommit) {
  auto c = connect();
  c->execute("CREATE TABLE cic (v int)");
  c->execute("CREATE INDEX CONCURRENTLY cic_v ON cic (v)");
  EXPECT_TRUE(c->table_exists("", "cic_v"));
  c->begin();
  const Caught caught =
      catch_error<DatabaseError>([&] { c->execute("CREATE INDEX CONCURRENTLY cic_v2 ON cic (v)"); });
  c->rollback();
  EXPECT_EQ(caught.sqlstate, "25001");
}

}  // namespace
}  // namespace godwit::test
