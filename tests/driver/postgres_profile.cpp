// The PostgreSQL driver's profile for the conformance suite: the plugin built by this tree, and databases
// on the throwaway server of the `postgres` CTest fixture (tests/postgres).

#include "driver_conformance.hpp"
#include "pg_test_url.hpp"

#ifndef GODWIT_TEST_DRIVER_PATH
#error "GODWIT_TEST_DRIVER_PATH must name the driver plugin to test"
#endif

namespace godwit::test {
namespace {

class PgScratchDatabase final : public ScratchDatabase {
 public:
  std::string url() const override { return database_.url(); }
  std::string password_url() const override { return database_.password_url(); }

 private:
  TestDatabase database_;
};

// postgresql://godwit_pw:godwit_pw_secret@... -> postgresql://godwit_pw:wrong_godwit_pw_secret@...
std::string replace_password(const std::string& url, const std::string& password) {
  const std::size_t start = url.find(':', url.find("://") + 3) + 1;
  return url.substr(0, start) + password + url.substr(url.find('@'));
}

}  // namespace

const DriverProfile& driver_profile() {
  static const DriverProfile profile = [] {
    DriverProfile p;
    p.library_path = GODWIT_TEST_DRIVER_PATH;
    p.dialect_name = "postgresql";
    p.create_database = [] { return std::make_unique<PgScratchDatabase>(); };
    p.password = "godwit_pw_secret";
    p.wrong_password_url = [](const ScratchDatabase& db) {
      return replace_password(db.password_url(), "wrong_godwit_pw_secret");
    };
    p.unknown_database_name = "godwit_no_such_database";
    p.long_statement = "SELECT pg_sleep(60)";
    p.unknown_database_url = [](const ScratchDatabase& db) {
      return pg_url_with_database(db.url(), "godwit_no_such_database");
    };
    p.url_for_port = [](int port) {
      return "postgresql://godwit_pw:godwit_pw_secret@127.0.0.1:" + std::to_string(port) + "/godwit_test";
    };
    p.unknown_database_message = "database \"godwit_no_such_database\" does not exist";
    const std::string secret = p.password;
    p.malformed_urls = {
        {"postgresql://u:" + secret + "@127.0.0.1:notaport/db", "port"},
        {"postgresql://u:" + secret + "@127.0.0.1:99999/db", "port"},
        {"mysql://u:" + secret + "@127.0.0.1/db", "scheme"},
        {"u:" + secret + "@127.0.0.1/db", "postgresql://"},
        {"postgresql://u:" + secret + "@[::1/db", "IPv6"},
        {"postgresql://u:" + secret + "@host/db?sslmode", "sslmode"},
        {"postgresql://u:" + secret + "@host/db%zz", "percent"},
        {"postgresql://host/db?password=" + secret + "&x", "key=value"},
        {"postgresql://u:" + secret + "/x@127.0.0.1/db", "percent-encode"},
        {"postgresql://u:" + secret + "?x@127.0.0.1/db", "percent-encode"},
        {"postgresql://u:" + secret + "#x@127.0.0.1/db", "'#"},
        {"postgresql://u:" + secret + "/db", "port"},
    };
    p.malformed_url_message = "invalid PostgreSQL URL";

    p.default_schema = "public";
    p.server_version_prefix = "";
    p.application_name_sql = "SELECT current_setting('application_name')";
    p.native_handle_kind = "pqxx::transaction_base";
    p.missing_table_message = [](const std::string& table) {
      return "relation \"" + table + "\" does not exist";
    };
    p.missing_table_sqlstate = "42P01";
    p.duplicate_key = {"23505", "duplicate key"};
    p.syntax_error_sqlstate = "42601";
    p.aborted_sqlstate = "25P02";
    p.series_sql = [](int count) { return "SELECT generate_series(1, " + std::to_string(count) + ")"; };
    p.nulls_first_sql = "SELECT v FROM (VALUES ('a'), (NULL), ('c')) AS t(v) ORDER BY v NULLS FIRST";
    p.failing_read_sql = [](const std::string& table, int row) {  // division by zero, 22012
      return "SELECT v / CASE WHEN v = " + std::to_string(row) + " THEN 0 ELSE 1 END AS v FROM " + table;
    };
    p.create_schema_sql = [](const std::string& name) { return "CREATE SCHEMA \"" + name + "\""; };
    p.create_index_sql = [](const std::string& index, const std::string& table, const std::string& column) {
      return "CREATE INDEX CONCURRENTLY " + index + " ON " + table + " (" + column + ")";
    };
    p.typed_table_sql = "CREATE TABLE typed (v int)";
    p.type_error_sqlstate = "22P02";
    p.version_constraint_sql =
        "SELECT conname FROM pg_constraint WHERE conrelid = 'meta.alembic_version'::regclass";
    p.counted_series.setup = [](driver::Connection& c, Context&) { c.execute("CREATE SEQUENCE stream_seq"); };
    p.counted_series.reset = [](driver::Connection& c, Context&) {
      c.execute("ALTER SEQUENCE stream_seq RESTART");
    };
    p.counted_series.sql = "SELECT i, nextval('stream_seq') AS n FROM generate_series(1, $1::int) AS i";
    p.counted_series.produced = [](Context& ctx) {
      return ctx.query("SELECT last_value FROM stream_seq")[0].get<std::int64_t>(0);
    };
    p.autocommit_only = {"CREATE TABLE cic (v int)", "CREATE INDEX CONCURRENTLY cic_v ON cic (v)",
                         "CREATE INDEX CONCURRENTLY cic_v2 ON cic (v)", "cic_v", "25001"};
    return p;
  }();
  return profile;
}

}  // namespace godwit::test
