// The SQLite driver's profile for the conformance suite: the plugin built by this tree, and databases that
// are files in a scratch directory of their own, removed afterwards.

#include <sqlite3.h>

#include <atomic>

#include "driver_conformance.hpp"
#include "godwit/sqlite.hpp"
#include "sqlite_test_support.hpp"

#ifndef GODWIT_TEST_DRIVER_PATH
#error "GODWIT_TEST_DRIVER_PATH must name the driver plugin to test"
#endif

namespace godwit::test {
namespace {

class SqliteScratchDatabase final : public ScratchDatabase {
 public:
  std::string url() const override { return sqlite_url(directory_.file("scratch.db")); }
  std::string password_url() const override { return url(); }  // SQLite has no passwords

 private:
  TempDir directory_;
};

// counted_series: godwit_tick() counts the rows SQLite has produced so far (a function of the test's, on
// the test's connection, through the native handle).
std::atomic<std::int64_t> ticks{0};

void tick(sqlite3_context* context, int, sqlite3_value**) {
  sqlite3_result_int64(context, ++ticks);
}

}  // namespace

const DriverProfile& driver_profile() {
  static const DriverProfile profile = [] {
    DriverProfile p;
    p.library_path = GODWIT_TEST_DRIVER_PATH;
    p.dialect_name = "sqlite";
    p.create_database = [] { return std::make_unique<SqliteScratchDatabase>(); };
    p.unknown_database_name = "/godwit-no-such-directory";
    p.unknown_database_url = [](const ScratchDatabase&) {
      return std::string("sqlite:////godwit-no-such-directory/x.db");
    };
    p.unknown_database_message = "the directory /godwit-no-such-directory does not exist";
    p.long_statement =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) "
        "SELECT count(*) FROM c";
    p.malformed_urls = {
        {"sqlite://host/x.db", "host part"},
        {"sqlite://user:secret@/x.db", "host part"},
        {"mysql:///x.db", "sqlite:///relative/path.db"},
        {"x.db", "sqlite:///relative/path.db"},
        {"sqlite:///x.db?mode=ro", "unknown query parameter 'mode'"},
        {"sqlite:///x.db#frag", "fragment"},
        {"sqlite:///x%zz.db", "percent-encoding"},
        {"sqlite:///x%00.db", "NUL"},
        {"sqlite:///", "names no file"},
        {"sqlite:///tmp/", "directory"},
    };
    p.malformed_url_message = "invalid SQLite URL";

    p.default_schema = "main";
    p.server_version_prefix = "SQLite ";
    p.application_name_sql = "";  // no server to tell it to; the lock holder's description carries it
    p.native_handle_kind = "sqlite3";
    p.missing_table_message = [](const std::string& table) { return "no such table: " + table; };
    p.missing_table_sqlstate = "SQLITE_ERROR";
    p.duplicate_key = {"SQLITE_CONSTRAINT_PRIMARYKEY", "UNIQUE constraint failed: uniq.id"};
    p.syntax_error_sqlstate = "SQLITE_ERROR";
    p.aborted_sqlstate = "SQLITE_ABORT_ROLLBACK";
    p.series_sql = [](int count) {
      return "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " +
             std::to_string(count) + ") SELECT i FROM s";
    };
    p.nulls_first_sql = "SELECT column1 AS v FROM (VALUES ('a'), (NULL), ('c')) ORDER BY v NULLS FIRST";
    p.failing_read_sql = [](const std::string& table, int row) {  // abs() of the smallest integer: overflow
      return "SELECT CASE WHEN v = " + std::to_string(row) +
             " THEN abs(-9223372036854775807 - 1) ELSE v END AS v FROM " + table;
    };
    p.create_schema_sql = [](const std::string& name) {
      return "ATTACH DATABASE ':memory:' AS \"" + name + "\"";  // schemas are attached databases
    };
    p.create_index_sql = [](const std::string& index, const std::string& table, const std::string& column) {
      return "CREATE INDEX " + index + " ON " + table + " (" + column + ")";  // no CONCURRENTLY: no need
    };
    p.typed_table_sql = "CREATE TABLE typed (v int) STRICT";  // plain tables store any text as it is
    p.type_error_sqlstate = "SQLITE_CONSTRAINT_DATATYPE";
    p.version_constraint_sql =
        "SELECT CASE WHEN sql LIKE '%CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY%' "
        "THEN 'alembic_version_pkc' END FROM meta.sqlite_schema WHERE name = 'alembic_version'";
    p.counted_series.setup = [](driver::Connection&, Context& ctx) {
      sqlite3* db = sqlite::native_database(ctx);
      if (sqlite3_create_function(db, "godwit_tick", 0, SQLITE_UTF8, nullptr, &tick, nullptr, nullptr) !=
          SQLITE_OK)
        throw std::runtime_error("sqlite3_create_function failed");
      ticks = 0;
    };
    p.counted_series.reset = [](driver::Connection&, Context&) { ticks = 0; };
    p.counted_series.sql =
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $1) "
        "SELECT i, godwit_tick() AS n FROM s";
    p.counted_series.produced = [](Context&) { return ticks.load(); };
    p.autocommit_only = {"CREATE TABLE cic (v int)", "VACUUM", "VACUUM", "", "SQLITE_ERROR"};

    p.lacks_passwords = "an SQLite database is a file: its URL has no user or password";
    p.lacks_server =
        "SQLite opens a file: there is no server to refuse or time out (sqlite_file_test covers a locked "
        "file and the busy timeout)";
    p.lacks_server_sessions =
        "SQLite has no server sessions to end (a crashed process's transaction is rolled back by the next "
        "connection; sqlite_lock_test covers a killed lock holder)";
    p.lacks_notices = "SQLite sends no messages with a statement's result";
    return p;
  }();
  return profile;
}

}  // namespace godwit::test
