// SQLite's Dialect: quoting, parameter inlining and the bookkeeping DDL (no database), then the same text
// run by the driver and by the sqlite3 shell.

#include <limits>

#include "driver_conformance.hpp"
#include "sqlite_test_support.hpp"

namespace godwit::test {
namespace {

const driver::Dialect& dialect() {
  return loaded_driver().dialect();
}

TEST(SqliteDialect, QuotesIdentifiersAndLiterals) {
  EXPECT_EQ(dialect().name(), "sqlite");
  EXPECT_EQ(dialect().quote_identifier("users"), "\"users\"");
  EXPECT_EQ(dialect().quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(dialect().qualified_name("", "t"), "\"t\"");
  EXPECT_EQ(dialect().qualified_name("main", "t"), "\"main\".\"t\"");
  EXPECT_EQ(dialect().quote_literal("it's"), "'it''s'");
  EXPECT_EQ(dialect().quote_literal("back\\slash"), "'back\\slash'") << "no backslash escapes in SQLite";
  EXPECT_EQ(dialect().quote_literal("line\nbreak"), "'line\nbreak'");
  EXPECT_THROW(dialect().quote_literal(std::string_view("nul\0byte", 8)), Error);
  EXPECT_THROW(dialect().quote_identifier(std::string_view("nul\0", 4)), Error);
  EXPECT_EQ(dialect().placeholder(1), "?1");
  EXPECT_EQ(dialect().placeholder(32766), "?32766");
  const driver::Capabilities& capabilities = dialect().capabilities();
  EXPECT_TRUE(capabilities.transactional_ddl);
  EXPECT_TRUE(capabilities.returning);
  EXPECT_FALSE(capabilities.data_modifying_cte);
  EXPECT_EQ(capabilities.max_parameters, 32766u);
  EXPECT_EQ(capabilities.max_identifier_length, 0u);
}

TEST(SqliteDialect, InlinesParametersAsTheyWouldBeBound) {
  Params ten;
  for (int i = 1; i <= 10; ++i) ten.emplace_back("v" + std::to_string(i));
  EXPECT_EQ(dialect().inline_parameters("SELECT $1, $10, $2", ten), "SELECT 'v1', 'v10', 'v2'");
  EXPECT_EQ(dialect().inline_parameters("INSERT INTO t VALUES (?1, ?2, ?3)", {null, "it's", 42}),
            "INSERT INTO t VALUES (NULL, 'it''s', 42)");
  // Each value becomes the literal of what binding stores; a negative number keeps "1-$1" arithmetic.
  EXPECT_EQ(dialect().inline_parameters("SELECT 1-$1, $2, $3, $4, $5, $6, 1-$7",
                                        {-5, true, "007", 1.5, "42", 2.0, -0.5}),
            "SELECT 1-(-5), 1, '007', 1.5, '42', 2.0, 1-(-0.5)");
  EXPECT_EQ(dialect().inline_parameters("SELECT $1, $2", {std::numeric_limits<double>::infinity(), false}),
            "SELECT 9e999, 0");
  EXPECT_THROW(dialect().inline_parameters("SELECT $1", {std::uint64_t{18446744073709551615u}}), Error);
  // A bare ? takes the number after the highest so far, as SQLite numbers it.
  EXPECT_EQ(dialect().inline_parameters("SELECT ?, ?5, ?, ?2", {"a", "b", "c", "d", "e", "f"}),
            "SELECT 'a', 'e', 'f', 'b'");
  EXPECT_EQ(dialect().inline_parameters("SELECT $2, ?", {"a", "b", "c"}), "SELECT 'b', 'b'")
      << "a new name takes the next number (1 here), so ? is 2";
  // Not parameters: in literals, quoted identifiers of each kind, comments, and identifiers with $.
  EXPECT_EQ(dialect().inline_parameters("SELECT '$1 ?', \"$1\", `?`, [?1], a$1, $1 -- $1 ?\n/* ? */", {"x"}),
            "SELECT '$1 ?', \"$1\", `?`, [?1], a$1, 'x' -- $1 ?\n/* ? */");
  EXPECT_EQ(dialect().inline_parameters("SELECT 'it''s ?', ?", {"x"}), "SELECT 'it''s ?', 'x'");
  EXPECT_THROW(dialect().inline_parameters("SELECT $2", {"x"}), Error);
  EXPECT_THROW(dialect().inline_parameters("SELECT $0", {"x"}), Error);
  EXPECT_THROW(dialect().inline_parameters("SELECT ?, ?", {"x"}), Error);
  EXPECT_THROW(dialect().inline_parameters("SELECT :name", {"x"}), Error);
  EXPECT_THROW(dialect().inline_parameters("SELECT $1::int", {"x"}), Error);
  // Text the shell could not replay as a literal (a NUL byte, a carriage return) becomes a blob cast.
  EXPECT_EQ(dialect().inline_parameters("SELECT $1", {std::string("a\0\r", 3)}),
            "SELECT CAST(X'61000D' AS TEXT)");
}

TEST(SqliteDialect, BookkeepingDdlIsAlembics) {
  EXPECT_EQ(dialect().create_version_table_sql("", "alembic_version"),
            "CREATE TABLE IF NOT EXISTS \"alembic_version\" (version_num VARCHAR(32) NOT NULL, CONSTRAINT "
            "\"alembic_version_pkc\" PRIMARY KEY (version_num))");
  const std::string history = dialect().create_history_table_sql("ops", "godwit_history");
  EXPECT_NE(history.find("CREATE TABLE IF NOT EXISTS \"ops\".\"godwit_history\""), std::string::npos)
      << history;
  for (const char* column :
       {"id INTEGER PRIMARY KEY AUTOINCREMENT", "revision VARCHAR(32)", "direction TEXT NOT NULL",
        "started_at TEXT", "finished_at TEXT", "duration_ms BIGINT", "outcome TEXT NOT NULL", "error TEXT",
        "checksum TEXT", "sdk_version TEXT", "host TEXT", "os_user TEXT", "godwit_version TEXT",
        "source_checksum TEXT"})
    EXPECT_NE(history.find(column), std::string::npos) << column;
  EXPECT_EQ(dialect().begin_sql(), "BEGIN;");
  EXPECT_EQ(dialect().commit_sql(), "COMMIT;");
  EXPECT_NE(dialect().script_prologue().find(".bail on"), std::string::npos);
  EXPECT_NE(dialect().script_prologue().find("PRAGMA foreign_keys = ON;"), std::string::npos);
}

TEST(SqliteDialect, ScriptBulkLoadsAreBoundedInsertStatements) {
  auto load = dialect().script_bulk_load("\"t\"", {"id", "note"});
  for (int i = 0; i < 1201; ++i) {
    const Field row[] = {Field(i), i % 2 == 0 ? Field("x") : Field()};
    load->add_row(row, 2);
  }
  const std::string script = load->finish();
  std::size_t statements = 0;
  for (std::size_t at = script.find("INSERT INTO \"t\" (\"id\", \"note\") VALUES"); at != std::string::npos;
       at = script.find("INSERT INTO", at + 1))
    ++statements;
  EXPECT_EQ(statements, 3u) << "500 rows per statement";
  EXPECT_NE(script.find("(1, NULL)"), std::string::npos) << "an integer field is an integer literal";
  EXPECT_EQ(script.substr(script.size() - 4), ");\n\n");
  auto narrow = dialect().script_bulk_load("\"t\"", {"id", "note"});
  const Field one[] = {Field(1)};
  EXPECT_THROW(narrow->add_row(one, 1), Error) << "wrong field count";
  const Field nan[] = {Field(1), Field(std::numeric_limits<double>::quiet_NaN())};
  try {
    narrow->add_row(nan, 2);
    ADD_FAILURE() << "a NaN was written";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "copy_into(\"t\"): row 1, field 2: SQLite has no NaN (it would store NULL)");
  }
  EXPECT_EQ(narrow->finish(), "\n") << "the refused row left nothing behind";
  EXPECT_EQ(dialect().script_bulk_load("\"t\"", {"a"})->finish(), "\n") << "no rows, no statement";
}

using SqliteDialectOnline = DriverTest;

TEST_F(SqliteDialectOnline, InlinedAndBoundParametersGiveTheSameRows) {
  auto c = connect();
  const std::vector<std::pair<std::string, Params>> cases = {
      {"SELECT $1 = 1, $2 + 1, typeof($3), $4, ?5, ?, $1", {"1", 41, "007", null, "it's", true}},
      {"SELECT ?, ?3, ?, $1 -- ?\n", {"a", "b", "c", "d"}},
      {"SELECT count(*) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3) LIMIT $1", {2}},
      {"SELECT 1-$1, $2 || 'x'", {-5, "Ünï"}},
      {"SELECT typeof($1), typeof($2), typeof($3), typeof($4), $2, $5, $6", {1, 2.5, true, "1", 3.0, -1e300}},
  };
  for (const auto& [sql, params] : cases) {
    const Rows bound = c->query(sql, params);
    const Rows inlined = c->query(dialect().inline_parameters(sql, params), {});
    ASSERT_EQ(bound.size(), 1u) << sql;
    ASSERT_EQ(bound.columns().size(), inlined.columns().size()) << sql;
    for (std::size_t i = 0; i < bound.columns().size(); ++i) {
      EXPECT_EQ(bound[0].is_null(i), inlined[0].is_null(i)) << sql << " column " << i;
      EXPECT_EQ(bound[0].text(i), inlined[0].text(i)) << sql << " column " << i;
    }
  }
}

TEST_F(SqliteDialectOnline, LiteralsReadBackExactly) {
  auto c = connect();
  for (const std::string text :
       {"plain", "it's", "back\\slash", "\\'", "tab\tnl\n", "Ünïcödé 🐘", "", "?1", "$1"}) {
    EXPECT_EQ(scalar(*c, "SELECT " + dialect().quote_literal(text)), text) << text;
    const std::string name = text.empty() ? "x" : text;
    EXPECT_EQ(scalar(*c, "SELECT " + dialect().quote_identifier(name) + " FROM (SELECT 1 AS " +
                             dialect().quote_identifier(name) + ")"),
              "1")
        << text;
  }
}

TEST_F(SqliteDialectOnline, AnAlembicVersionTableIsTakenOver) {
  auto c = connect();
  // What Alembic itself creates on SQLite.
  c->execute(
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)); "
      "INSERT INTO alembic_version VALUES ('ae1027a6acf')");
  c->execute(dialect().create_version_table_sql("", "alembic_version"));
  c->execute(dialect().create_history_table_sql("", "godwit_history"));
  EXPECT_EQ(scalar(*c, "SELECT version_num FROM alembic_version"), "ae1027a6acf");
  EXPECT_THROW(c->execute("INSERT INTO alembic_version VALUES ($1)", {"ae1027a6acf"}), DatabaseError);
  const Rows rows = c->query(
      "INSERT INTO godwit_history (revision, direction, outcome) VALUES (?1, 'upgrade', "
      "'applied') RETURNING id, started_at",
      {"ae1027a6acf"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get<int>(0), 1);
  EXPECT_EQ(rows[0].text(1).size(), std::string("2024-05-01T10:00:00.000Z").size()) << rows[0].text(1);
  EXPECT_EQ(rows[0].text(1).back(), 'Z');
}

}  // namespace
}  // namespace godwit::test
