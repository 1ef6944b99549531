// PostgreSQL's Dialect: quoting and parameter inlining (no database), and the same literals read back by
// the server.

#include "driver_conformance.hpp"

namespace godwit::test {
namespace {

const driver::Dialect& dialect() {
  return loaded_driver().dialect();
}

TEST(PostgresDialect, QuotesIdentifiers) {
  EXPECT_EQ(dialect().name(), "postgresql");
  EXPECT_EQ(dialect().quote_identifier("users"), "\"users\"");
  EXPECT_EQ(dialect().quote_identifier("Mixed Case"), "\"Mixed Case\"");
  EXPECT_EQ(dialect().quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(dialect().quote_identifier(""), "\"\"");
  EXPECT_EQ(dialect().qualified_name("", "t"), "\"t\"");
  EXPECT_EQ(dialect().qualified_name("s", "t"), "\"s\".\"t\"");
}

TEST(PostgresDialect, QuotesLiterals) {
  EXPECT_EQ(dialect().quote_literal("plain"), "'plain'");
  EXPECT_EQ(dialect().quote_literal("it's"), "'it''s'");
  EXPECT_EQ(dialect().quote_literal(""), "''");
  EXPECT_EQ(dialect().quote_literal("a\\b'c"), "E'a\\\\b''c'");
  EXPECT_EQ(dialect().quote_literal("line\nbreak"), "'line\nbreak'");
  EXPECT_THROW(dialect().quote_literal(std::string_view("nul\0byte", 8)), Error);
}

TEST(PostgresDialect, InlinesParameters) {
  Params ten;
  for (int i = 1; i <= 10; ++i) ten.emplace_back("v" + std::to_string(i));
  EXPECT_EQ(dialect().inline_parameters("SELECT $1, $10, $2", ten), "SELECT 'v1', 'v10', 'v2'");
  EXPECT_EQ(dialect().inline_parameters("INSERT INTO t VALUES ($1, $2)", {null, "it's"}),
            "INSERT INTO t VALUES (NULL, 'it''s')");
  EXPECT_EQ(dialect().inline_parameters("SELECT $1::int+$2", {1, 2}), "SELECT '1'::int+'2'");
  // Not parameters: inside string literals, quoted identifiers, dollar quotes, comments, identifiers.
  EXPECT_EQ(dialect().inline_parameters("SELECT '$1', \"$1\", $1", {"x"}), "SELECT '$1', \"$1\", 'x'");
  EXPECT_EQ(dialect().inline_parameters("SELECT 'it''s $1', $1", {"x"}), "SELECT 'it''s $1', 'x'");
  EXPECT_EQ(dialect().inline_parameters("SELECT E'\\'$1', $1", {"x"}), "SELECT E'\\'$1', 'x'");
  EXPECT_EQ(dialect().inline_parameters("DO $$ BEGIN PERFORM $1; END $$; SELECT $1", {"x"}),
            "DO $$ BEGIN PERFORM $1; END $$; SELECT 'x'");
  EXPECT_EQ(dialect().inline_parameters("SELECT $fn$ $1 $fn$, $1", {"x"}), "SELECT $fn$ $1 $fn$, 'x'");
  EXPECT_EQ(dialect().inline_parameters("SELECT 1 -- $1\n, $1 /* $1 /* $1 */ */", {"x"}),
            "SELECT 1 -- $1\n, 'x' /* $1 /* $1 */ */");
  EXPECT_EQ(dialect().inline_parameters("SELECT a$1 FROM t", {"x"}), "SELECT a$1 FROM t");
  EXPECT_THROW(dialect().inline_parameters("SELECT $2", {"x"}), Error);
  EXPECT_THROW(dialect().inline_parameters("SELECT $0", {"x"}), Error);
}

TEST(PostgresDialect, BookkeepingDdlMatchesAlembic) {
  const std::string version = dialect().create_version_table_sql("", "alembic_version");
  EXPECT_NE(version.find("CREATE TABLE IF NOT EXISTS \"alembic_version\" (version_num VARCHAR(32) NOT NULL, "
                         "CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY (version_num))"),
            std::string::npos)
      << version;
  const std::string history = dialect().create_history_table_sql("ops", "godwit_history");
  EXPECT_NE(history.find("\"ops\".\"godwit_history\""), std::string::npos) << history;
  for (const char* column :
       {"id bigserial", "revision varchar(32)", "direction text", "started_at timestamptz",
        "finished_at timestamptz", "duration_ms bigint", "outcome text", "error text", "checksum text",
        "sdk_version text", "host text", "os_user text", "godwit_version text"})
    EXPECT_NE(history.find(column), std::string::npos) << column;
  EXPECT_EQ(dialect().begin_sql(), "BEGIN;");
  EXPECT_EQ(dialect().commit_sql(), "COMMIT;");
}

TEST(PostgresDialect, ABulkLoadInAScriptIsACopyBlockWithEscapes) {
  auto load = dialect().script_bulk_load("\"public\".\"t\"", {"a", "b"});
  const Field row1[] = {Field(1), Field("tab\there")};
  const Field row2[] = {Field(2), Field(nullptr)};
  const Field row3[] = {Field(), Field("back\\slash\nline\rcr")};
  load->add_row(row1, 2);
  load->add_row(row2, 2);
  load->add_row(row3, 2);
  EXPECT_EQ(load->finish(),
            "COPY \"public\".\"t\" (\"a\", \"b\") FROM stdin;\n"
            "1\ttab\\there\n"
            "2\t\\N\n"
            "\\N\tback\\\\slash\\nline\\rcr\n"
            "\\.\n\n");
}

TEST(PostgresDialect, CapabilitiesAndPlaceholders) {
  const driver::Capabilities& can = dialect().capabilities();
  EXPECT_TRUE(can.transactional_ddl);
  EXPECT_TRUE(can.returning);
  EXPECT_TRUE(can.data_modifying_cte);
  EXPECT_EQ(can.max_parameters, 65535u);
  EXPECT_EQ(can.max_identifier_length, 63u);
  EXPECT_EQ(dialect().placeholder(12), "$12");
  EXPECT_EQ(dialect().returning_clause("id"), " RETURNING id");
  EXPECT_EQ(dialect().script_prologue(), "");
}

using PostgresDialectOnline = DriverTest;

// What the dialect renders must read back as the same value in the server (and in psql).
TEST_F(PostgresDialectOnline, LiteralsAndInlinedParametersReadBackExactly) {
  auto c = connect();
  const std::vector<std::string> texts = {"plain", "it's",      "back\\slash", "\\'", "E'x'",
                                          "$$",    "tab\tnl\n", "Ünïcödé 🐘",   ""};
  for (const std::string& text : texts) {
    EXPECT_EQ(scalar(*c, "SELECT " + dialect().quote_literal(text)), text) << text;
    EXPECT_EQ(
        scalar(*c, "SELECT " + dialect().quote_identifier(text.empty() ? "x" : text) + " FROM (SELECT 1 AS " +
                       dialect().quote_identifier(text.empty() ? "x" : text) + ") AS t"),
        "1")
        << text;
  }
  c->execute("SET standard_conforming_strings = off");
  for (const std::string& text : texts)
    EXPECT_EQ(scalar(*c, "SELECT " + dialect().quote_literal(text)), text)
        << "standard_conforming_strings=off";
  c->execute("RESET standard_conforming_strings");
  EXPECT_EQ(scalar(*c, dialect().inline_parameters("SELECT concat($1::text, $2::text, $3::text)",
                                                   {"a'b", null, "c\\d"})),
            "a'bc\\d");
}

}  // namespace
}  // namespace godwit::test
