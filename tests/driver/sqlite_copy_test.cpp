// SQLite only: copy_into's batched INSERTs (rows, NULLs, booleans, affinity, all-or-nothing in autocommit,
// loads next to streams), and the offline script's bulk load replayed by the sqlite3 shell.

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>

#include "driver_conformance.hpp"
#include "sqlite_test_support.hpp"

#ifndef GODWIT_TEST_SQLITE3_SHELL
#error "GODWIT_TEST_SQLITE3_SHELL must name the sqlite3 shell"
#endif

namespace godwit::test {
namespace {

using SqliteCopy = DriverTest;

TEST_F(SqliteCopy, FieldsAreBoundAsTheirTypeAndTextBooleansInBoolColumnsAsBooleans) {
  auto c = connect();
  c->execute(
      "CREATE TABLE mixed (id INTEGER, flag BOOLEAN, named_flag bool, note TEXT, score REAL, anything)");
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("mixed", {"id", "flag", "named_flag", "note", "score", "anything"});
  writer->write(1, true, "TRUE", true, 1.5, "12");
  writer->write(2, false, "f", "t", "2", nullptr);
  writer->write(nullptr, "maybe", nullptr, nullptr, "x", "it's");
  EXPECT_EQ(writer->finish(), 3u);
  const Rows rows = c->query(
      "SELECT typeof(id), flag, typeof(flag), named_flag, note, typeof(score), score, typeof(anything), "
      "anything "
      "FROM mixed ORDER BY rowid",
      {});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].text(0), "integer");
  EXPECT_EQ(rows[0].text(1), "1");
  EXPECT_EQ(rows[0].text(2), "integer");
  EXPECT_EQ(rows[0].text(3), "1");
  EXPECT_EQ(rows[0].text(4), "1") << "Field(bool) is SQLite's boolean, 1, whatever the column";
  EXPECT_EQ(rows[0].text(5), "real");
  EXPECT_EQ(rows[0].text(7), "text") << "no affinity: stored as given";
  EXPECT_EQ(rows[1].text(1), "0");
  EXPECT_EQ(rows[1].text(3), "0");
  EXPECT_EQ(rows[1].text(4), "t") << "a TEXT column keeps the text \"t\" as it is";
  EXPECT_TRUE(rows[1].is_null(8));
  EXPECT_EQ(rows[2].text(0), "null");
  EXPECT_EQ(rows[2].text(1), "maybe") << "not a boolean: stored as text";
  EXPECT_TRUE(rows[2].is_null(3));
  EXPECT_EQ(rows[2].text(8), "it's");
}

TEST_F(SqliteCopy, AFieldSqliteCannotStoreIsRefusedAndItsRowIsNotWritten) {
  auto c = connect();
  c->execute("CREATE TABLE numbers (label TEXT, n INTEGER, x REAL)");
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("numbers", {"label", "n", "x"});
  writer->write("first", 1, 0.5);
  Caught caught =
      catch_error<Error>([&] { writer->write("big", std::uint64_t{18446744073709551615u}, 1.0); });
  EXPECT_NE(
      caught.message.find("copy_into(numbers): row 2, column \"n\": 18446744073709551615 does not fit in "
                          "SQLite's 64-bit INTEGER"),
      std::string::npos)
      << caught.message;
  caught = catch_error<Error>([&] { writer->write("nan", 2, std::numeric_limits<double>::quiet_NaN()); });
  EXPECT_NE(caught.message.find("column \"x\": SQLite has no NaN"), std::string::npos) << caught.message;
  writer->write("last", 3, -2.0);
  EXPECT_EQ(writer->finish(), 2u) << "the refused rows are not counted";
  EXPECT_EQ(c->query("SELECT group_concat(label || ':' || n || ':' || x, ',') FROM numbers", {})[0].text(0),
            "first:1:0.5,last:3:-2.0");
}

TEST_F(SqliteCopy, AllColumnsWhenNoneAreNamedAndSchemaQualifiedNames) {
  const TempDir dir;
  auto c = connect();
  c->execute("ATTACH DATABASE '" + dir.file("other.db") +
             "' AS other; CREATE TABLE other.\"Wide Table\" (a, b)");
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("other.\"Wide Table\"", {});
  writer->write("x", 1);
  EXPECT_EQ(writer->finish(), 1u);
  EXPECT_EQ(scalar(*c, "SELECT a || b FROM other.\"Wide Table\""), "x1");
  EXPECT_THROW(ctx->copy_into("\"unterminated", {"a"}), Error);
  EXPECT_THROW(ctx->copy_into("no_such_table", {}), DatabaseError);
}

TEST_F(SqliteCopy, AnAbandonedLoadInAutocommitLeavesNothingAndNoLock) {
  auto c = connect();
  c->execute("CREATE TABLE dropped (v int)");
  auto ctx = open_context(*c);
  {
    auto writer = ctx->copy_into("dropped", {"v"});
    for (int i = 0; i < 10000; ++i) writer->write(i);  // many batches already inserted
  }
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM dropped"), "0");
  auto other = connect();
  other->execute("INSERT INTO dropped VALUES (1)");  // the savepoint's write lock is gone
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM dropped"), "1");
}

TEST_F(SqliteCopy, AFailedBatchNamesItsRowsAndWritesNothing) {
  auto c = connect();
  c->execute("CREATE TABLE strict_rows (v int NOT NULL)");
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("strict_rows", {"v"});
  Caught caught;
  try {
    for (int i = 1; i <= 1000; ++i) {
      if (i == 700) {
        writer->write(nullptr);
      } else {
        writer->write(i);
      }
    }
    writer->finish();
  } catch (const DatabaseError& e) {
    caught = {e.what(), e.sqlstate(), e.statement(), true};
  }
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, "SQLITE_CONSTRAINT_NOTNULL");
  EXPECT_NE(caught.message.find("NOT NULL constraint failed: strict_rows.v"), std::string::npos)
      << caught.message;
  EXPECT_NE(caught.message.find("(loading rows 513-768 into strict_rows)"), std::string::npos)
      << caught.message;
  EXPECT_EQ(caught.statement, "INSERT INTO \"strict_rows\" (\"v\") VALUES (?1)");
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM strict_rows"), "0") << "rows 1-512 were rolled back too";
  EXPECT_THROW(writer->write(1), Error);
}

TEST_F(SqliteCopy, ALoadOpenedInsideAStreamOutlivesIt) {
  auto c = connect();
  c->execute("CREATE TABLE source (v int); CREATE TABLE target (v int)");
  c->execute(
      "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) "
      "INSERT INTO source SELECT i FROM s");
  auto ctx = open_context(*c);
  for (const bool in_transaction : {false, true}) {
    if (in_transaction) c->begin();
    std::unique_ptr<CopyWriter> writer;
    ctx->stream("SELECT v FROM source ORDER BY v", [&](const Row& row) {
      if (!writer) writer = ctx->copy_into("target", {"v"});
      writer->write(row.get<int>(0) * 2);
    });
    EXPECT_EQ(writer->finish(), 1000u) << in_transaction;
    EXPECT_EQ(c->in_transaction(), in_transaction);
    if (in_transaction) c->commit();
  }
  EXPECT_EQ(scalar(*connect(), "SELECT count(*) || ' ' || sum(v) FROM target"), "2000 2002000");
}

TEST_F(SqliteCopy, AStreamReadsInsideAnOpenLoad) {
  auto c = connect();
  c->execute(
      "CREATE TABLE numbers (v int); INSERT INTO numbers VALUES (1), (2), (3); CREATE TABLE doubled (v int)");
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("doubled", {"v"});
  ctx->stream("SELECT v FROM numbers", [&](const Row& row) { writer->write(row.get<int>(0) * 2); });
  EXPECT_THROW(ctx->execute("DELETE FROM numbers"), Error) << "other statements wait for finish()";
  EXPECT_EQ(writer->finish(), 3u);
  EXPECT_EQ(scalar(*c, "SELECT sum(v) FROM doubled"), "12");
}

// Runs the sqlite3 shell on `db` with `script` as its input; its exit status.
int run_shell(const std::string& db, const std::string& script_path, const std::string& flags) {
  const std::string command = std::string(GODWIT_TEST_SQLITE3_SHELL) + " " + flags + " '" + db + "' < '" +
                              script_path + "' > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The script godwit writes offline for one revision that creates a table and bulk-loads it.
std::string offline_script(const std::vector<std::vector<Field>>& rows, const std::string& after_load = "") {
  const driver::Dialect& dialect = loaded_driver().dialect();
  auto load = dialect.script_bulk_load(dialect.qualified_name("", "loaded"), {"id", "flag", "note"});
  for (const auto& row : rows) load->add_row(row.data(), row.size());
  return dialect.script_prologue() + "\n" + dialect.begin_sql() +
         "\nCREATE TABLE loaded (id INTEGER, flag BOOLEAN, note TEXT);\n" + load->finish() + after_load +
         dialect.commit_sql() + "\n";
}

TEST_F(SqliteCopy, TheOfflineScriptReplaysInTheShell) {
  const TempDir dir;
  const std::vector<std::string> notes = {
      "plain", "it's \"quoted\"",           "back\\slash \\N",  "tab\tnew\nline\r\n",     "Ünïcödé 🐘",
      "",      std::string("nul\0byte", 8), "-- not a comment", "; DROP TABLE loaded; --"};
  std::vector<std::vector<Field>> rows;
  for (int i = 0; i < 1500; ++i) {
    const std::string& note = notes[static_cast<std::size_t>(i) % notes.size()];
    rows.push_back({Field(i), i % 3 == 0 ? Field() : Field("1"), i % 7 == 0 ? Field() : Field(note)});
  }
  const std::string script = offline_script(rows);
  const std::string script_path = dir.file("upgrade.sql");
  std::ofstream(script_path, std::ios::binary) << script;
  for (const std::string flags : {"", "-bail"}) {
    const std::string db = dir.file("replayed" + flags + ".db");
    ASSERT_EQ(run_shell(db, script_path, flags), 0) << flags;
    auto c = connect(sqlite_url(db));
    const Rows back = c->query("SELECT id, flag, note FROM loaded ORDER BY id", {});
    ASSERT_EQ(back.size(), rows.size()) << flags;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(back[i].get<int>(0), static_cast<int>(i));
      EXPECT_EQ(back[i].is_null(1), rows[i][1].is_null()) << i;
      EXPECT_EQ(back[i].is_null(2), rows[i][2].is_null()) << i;
      if (!rows[i][2].is_null()) {
        EXPECT_EQ(back[i].text(2), rows[i][2].text()) << "row " << i;
      }
    }
  }
}

TEST_F(SqliteCopy, AFailingScriptStopsWithoutCommittingEvenWithoutBail) {
  const TempDir dir;
  const std::vector<std::vector<Field>> rows = {{Field(1), Field("1"), Field("a")}};
  const std::string script_path = dir.file("failing.sql");
  std::ofstream(script_path) << offline_script(rows, "INSERT INTO no_such_table VALUES (1);\n");
  const std::string db = dir.file("failed.db");
  EXPECT_NE(run_shell(db, script_path, ""), 0);
  auto c = connect(sqlite_url(db));
  EXPECT_FALSE(c->table_exists("", "loaded")) << "the shell went on past the error and committed";
}

}  // namespace
}  // namespace godwit::test
