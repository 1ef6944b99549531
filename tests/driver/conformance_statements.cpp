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
  EXPECT_TRUE(c->table_exists(driver_profile().default_schema, "multi_b"));
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
  EXPECT_EQ(scalar(*c, "SELECT CASE WHEN CAST($1 AS text) IS NULL THEN 'yes' ELSE 'no' END", {null}), "yes");
  EXPECT_EQ(c->execute("UPDATE params SET t = $1 WHERE id >= $2", {"x", 3}), 5u);
}

TEST_F(StatementTest, QueryGivesTypedAccessAndNulls) {
  auto c = connect();
  Rows rows = c->query(
      "SELECT CAST(42 AS int) AS i, CAST('text' AS text) AS s, CAST(NULL AS int) AS n, true AS b, "
      "CAST(1.5 AS float8) AS f, CAST(9007199254740993 AS bigint) AS big, CAST($1 AS text) AS p",
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
  EXPECT_EQ(caught.sqlstate, driver_profile().missing_table_sqlstate);
  EXPECT_EQ(caught.statement, missing);
  EXPECT_NE(caught.message.find(driver_profile().missing_table_message("no_such_table")), std::string::npos)
      << caught.message;
  EXPECT_EQ(caught.message.find("ERROR:"), std::string::npos) << caught.message;

  c->execute("CREATE TABLE uniq (id int PRIMARY KEY)");
  c->execute("INSERT INTO uniq VALUES ($1)", {1});
  caught = catch_error<DatabaseError>([&] { c->execute("INSERT INTO uniq VALUES ($1)", {1}); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, driver_profile().duplicate_key.sqlstate);
  EXPECT_NE(caught.message.find(driver_profile().duplicate_key.message), std::string::npos) << caught.message;

  caught = catch_error<DatabaseError>([&] { c->execute("SELEC 1"); });
  EXPECT_EQ(caught.sqlstate, driver_profile().syntax_error_sqlstate);
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
  EXPECT_EQ(caught.sqlstate, driver_profile().aborted_sqlstate);
  EXPECT_NE(caught.message.find("no_such_table"), std::string::npos) << caught.message;  // names the cause
  EXPECT_THROW(c->query("SELECT 1", {}), DatabaseError);
  // Committing a failed transaction must not look like success.
  caught = catch_error<DatabaseError>([&] { c->commit(); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, driver_profile().aborted_sqlstate);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM aborted"), "0");
}

// PostgreSQL: CREATE INDEX CONCURRENTLY; SQLite: VACUUM.
TEST_F(StatementTest, AnAutocommitOnlyStatementRunsOutsideTransactions) {
  const AutocommitOnly& statement = driver_profile().autocommit_only;
  auto c = connect();
  c->execute(statement.setup);
  c->execute(statement.statement);
  if (!statement.creates.empty()) {
    EXPECT_TRUE(c->table_exists("", statement.creates));
  }
  c->begin();
  const Caught caught = catch_error<DatabaseError>([&] { c->execute(statement.again); });
  c->rollback();
  EXPECT_EQ(caught.sqlstate, statement.in_transaction_sqlstate);
}

TEST_F(StatementTest, TheDialectsPlaceholdersBindParameters) {
  const driver::Dialect& dialect = loaded_driver().dialect();
  auto c = connect();
  c->execute("CREATE TABLE placeholders (id int, t text)");
  EXPECT_EQ(c->execute("INSERT INTO placeholders (id, t) VALUES (" + dialect.placeholder(1) + ", " +
                           dialect.placeholder(2) + "), (" + dialect.placeholder(3) + ", " +
                           dialect.placeholder(2) + ")",
                       {1, "same", 2}),
            2u);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM placeholders WHERE t = " + dialect.placeholder(1), {"same"}),
            "2");
  // Too few or too many parameters for the statement's markers is an error, not a silent NULL.
  EXPECT_THROW(c->execute("INSERT INTO placeholders (id, t) VALUES ($1, $2)", {3}), DatabaseError);
  EXPECT_THROW(c->execute("INSERT INTO placeholders (id, t) VALUES ($1, $2)", {3, "x", "extra"}),
               DatabaseError);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM placeholders"), "2");
}

TEST_F(StatementTest, ExecuteWithParametersCountsTheRowsItChanged) {
  auto c = connect();
  c->execute("CREATE TABLE counted (v int)");
  EXPECT_EQ(c->execute("INSERT INTO counted VALUES ($1), ($2), ($3)", {1, 2, 3}), 3u);
  EXPECT_EQ(c->execute("UPDATE counted SET v = v + $1 WHERE v > $2", {10, 1}), 2u);
  EXPECT_EQ(c->execute("DELETE FROM counted WHERE v = $1", {999}), 0u);
  EXPECT_EQ(c->execute("CREATE TABLE counted_too (v int)", {}), 0u) << "DDL changes no rows";
}

}  // namespace
}  // namespace godwit::test
