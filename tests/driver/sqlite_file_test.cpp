// SQLite only: opening files (one clear message for each way it fails), the connection's settings, waiting
// for another writer, error positions, parameter markers and how values are bound and read back.

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <limits>

#include "driver_conformance.hpp"
#include "godwit/sqlite.hpp"
#include "sqlite_test_support.hpp"

namespace godwit::test {
namespace {

using SqliteFile = DriverTest;
using SqliteStatement = DriverTest;
using Clock = std::chrono::steady_clock;

// A connection of the test's own, outside the driver: another process's writer, as far as SQLite can tell.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open " + path);
  }
  ~RawConnection() { sqlite3_close_v2(db_); }
  void run(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(std::string(sql) + ": " + message);
    }
  }

 private:
  sqlite3* db_ = nullptr;
};

driver::ConnectOptions with_timeout(const std::string& url, std::chrono::seconds timeout) {
  driver::ConnectOptions options;
  options.url = url;
  options.connect_timeout = timeout;
  options.application_name = "godwit-conformance";
  return options;
}

TEST_F(SqliteFile, AMissingDirectoryIsNamed) {
  const TempDir dir;
  const std::string url = sqlite_url(dir.file("no/such/dir/x.db"));
  const Caught caught = catch_error<ConnectionLost>([&] { connect(url); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.message, "could not open " + url + ": the directory " + dir.file("no/such/dir") +
                                " does not exist — create it, or fix the path in the URL");
  EXPECT_EQ(caught.sqlstate, "SQLITE_CANTOPEN");
  EXPECT_FALSE(loaded_driver().may_come_up(DatabaseError(caught.message, caught.sqlstate)));
  EXPECT_FALSE(std::filesystem::exists(dir.file("no")));
}

TEST_F(SqliteFile, AFileThatIsNotADatabaseIsRefusedAtConnect) {
  const TempDir dir;
  std::ofstream(dir.file("notes.txt"))
      << "these are not the pages you are looking for, " << std::string(200, 'x');
  const std::string url = sqlite_url(dir.file("notes.txt"));
  const Caught caught = catch_error<ConnectionLost>([&] { connect(url); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find("could not open " + url + ": the database file " + dir.file("notes.txt") +
                                " is not an SQLite database"),
            std::string::npos)
      << caught.message;
  EXPECT_NE(caught.message.find("check the path in the URL"), std::string::npos) << caught.message;
  EXPECT_EQ(caught.sqlstate, "SQLITE_NOTADB");
  EXPECT_FALSE(loaded_driver().may_come_up(DatabaseError(caught.message, caught.sqlstate)));
}

TEST_F(SqliteFile, ADirectoryIsNotADatabaseFile) {
  const TempDir dir;
  const Caught caught = catch_error<ConnectionLost>([&] { connect(sqlite_url(dir.path().string())); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find("is a directory, not a database file"), std::string::npos) << caught.message;
}

TEST_F(SqliteFile, ALockedDatabaseWaitsTheConnectTimeoutAndMayComeUp) {
  const TempDir dir;
  const std::string path = dir.file("locked.db");
  connect(sqlite_url(path))->execute("CREATE TABLE t (v int)");
  RawConnection other(path);
  // Exclusive locking mode: once it has read, nobody else may even read (WAL without shared memory).
  other.run("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)");
  const auto started = Clock::now();
  const Caught caught = catch_error<ConnectionLost>(
      [&] { loaded_driver().connect(with_timeout(sqlite_url(path), std::chrono::seconds(1))); });
  const auto waited = Clock::now() - started;
  ASSERT_TRUE(caught.thrown);
  EXPECT_GE(waited, std::chrono::milliseconds(900)) << "the busy timeout is the connect timeout";
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_NE(caught.message.find("the database file " + path +
                                " is locked by another connection (still after 1000 ms of waiting)"),
            std::string::npos)
      << caught.message;
  EXPECT_EQ(caught.sqlstate.rfind("SQLITE_BUSY", 0), 0u) << caught.sqlstate;
  EXPECT_TRUE(loaded_driver().may_come_up(DatabaseError(caught.message, caught.sqlstate)));
}

TEST_F(SqliteFile, AWriteWaitsForAnotherWriterThenSaysTheFileIsLocked) {
  const TempDir dir;
  const std::string path = dir.file("busy.db");
  auto c = loaded_driver().connect(with_timeout(sqlite_url(path), std::chrono::seconds(1)));
  c->execute("CREATE TABLE t (v int)");
  RawConnection other(path);
  other.run("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)");
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM t"), "0") << "WAL: reading does not wait for the writer";
  const auto started = Clock::now();
  Caught caught = catch_error<DatabaseError>([&] { c->execute("INSERT INTO t VALUES (2)"); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(900));
  EXPECT_EQ(caught.sqlstate, "SQLITE_BUSY");
  EXPECT_NE(caught.message.find("is locked by another connection"), std::string::npos) << caught.message;
  caught = catch_error<DatabaseError>([&] { c->begin(); });  // BEGIN IMMEDIATE waits for the lock too
  EXPECT_EQ(caught.sqlstate, "SQLITE_BUSY");
  EXPECT_FALSE(c->in_transaction());
  other.run("COMMIT");
  c->execute("INSERT INTO t VALUES (2)");
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM t"), "2");
}

TEST_F(SqliteFile, ConnectionsAreConfiguredForAMigrationTool) {
  auto c = connect();
  EXPECT_EQ(scalar(*c, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar(*c, "PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(scalar(*c, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(scalar(*c, "PRAGMA busy_timeout"), "5000");  // the connect timeout the suite passes
  c->execute(
      "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent (id))");
  const Caught caught = catch_error<DatabaseError>([&] { c->execute("INSERT INTO child VALUES (7)"); });
  EXPECT_EQ(caught.sqlstate, "SQLITE_CONSTRAINT_FOREIGNKEY");
  EXPECT_EQ(c->server_version(), std::string("SQLite ") + sqlite3_libversion());
  EXPECT_TRUE(c->session_alive());
  EXPECT_EQ(c->session_id(), "");
  EXPECT_FALSE(c->end_session("anything", std::chrono::milliseconds(10)));
  c->cancel();  // nothing runs: a no-op, the next statement is not interrupted
  EXPECT_EQ(scalar(*c, "SELECT 1"), "1");
}

// Root may write any file: drop to `nobody` (when root) so that the file's mode is what counts.
class AsUnprivileged {
 public:
  AsUnprivileged() {
    if (::geteuid() != 0) return;
    if (::setegid(65534) != 0 || ::seteuid(65534) != 0) throw std::runtime_error("cannot become nobody");
    dropped_ = true;
  }
  ~AsUnprivileged() {
    if (dropped_ && (::seteuid(0) != 0 || ::setegid(0) != 0)) std::abort();
  }

 private:
  bool dropped_ = false;
};

// A read-only WAL file in a directory the user may write (SQLite creates the -shm file) and in one it may
// not (the driver reads the file as immutable).
class SqliteReadOnly : public DriverTest, public ::testing::WithParamInterface<mode_t> {};

TEST_P(SqliteReadOnly, AReadOnlyFileIsReadAndTheFirstWriteSaysWhy) {
  const TempDir dir;
  const std::string path = dir.file("readonly.db");
  {
    auto c = connect(sqlite_url(path));
    c->execute(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); "
        "INSERT INTO alembic_version VALUES ('3f2a9c1d7b44')");
  }
  ASSERT_EQ(::chmod(dir.path().c_str(), GetParam()), 0);
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  const AsUnprivileged nobody;
  auto c = connect(sqlite_url(path));
  EXPECT_EQ(scalar(*c, "SELECT version_num FROM alembic_version"), "3f2a9c1d7b44") << "current/history read";
  c->begin();  // a read-only transaction (no write lock to take)
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM alembic_version"), "1");
  c->commit();
  const Caught caught =
      catch_error<DatabaseError>([&] { c->execute("UPDATE alembic_version SET version_num = 'x'"); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate.rfind("SQLITE_READONLY", 0), 0u) << caught.sqlstate;
  EXPECT_NE(caught.message.find("the database file " + path + " is read-only"), std::string::npos)
      << caught.message;
  EXPECT_NE(caught.message.find("reading works"), std::string::npos) << caught.message;
  EXPECT_EQ(scalar(*c, "SELECT version_num FROM alembic_version"), "3f2a9c1d7b44") << "unchanged";
}

INSTANTIATE_TEST_SUITE_P(Directory, SqliteReadOnly, ::testing::Values(01777, 0755),
                         [](const ::testing::TestParamInfo<mode_t>& info) {
                           return info.param == 01777 ? std::string("Writable") : std::string("ReadOnly");
                         });

TEST_F(SqliteStatement, ErrorsShowWhereInTheStatement) {
  auto c = connect();
  c->execute("CREATE TABLE positions (v int)");
  const std::string sql = "SELECT v FROM positions WHERE nope = 1";
  Caught caught = catch_error<DatabaseError>([&] { c->query(sql, {}); });
  EXPECT_EQ(caught.message, "no such column: nope at character 31 in statement: " + sql);
  // In a script of several statements, the position counts from the start of the script.
  caught = catch_error<DatabaseError>([&] { c->execute("SELECT 1;\nSELECT ünï, nope2 FROM positions"); });
  EXPECT_NE(caught.message.find("at character 18 in statement"), std::string::npos) << caught.message;
  EXPECT_EQ(caught.statement, "SELECT 1;\nSELECT ünï, nope2 FROM positions");
  caught = catch_error<DatabaseError>([&] { c->execute("SELEC 1"); });
  EXPECT_NE(caught.message.find("syntax error at character 1"), std::string::npos) << caught.message;
}

TEST_F(SqliteStatement, ParameterMarkersAreBoundByNumber) {
  auto c = connect();
  // $N by name wherever it stands, SQLite's ?N and ? by their numbers.
  Rows rows = c->query("SELECT $2 AS two, $1 AS one, ?3 AS three, $1 AS again", {"a", "b", "c"});
  EXPECT_EQ(rows[0].get<std::string>("two"), "b");
  EXPECT_EQ(rows[0].get<std::string>("one"), "a");
  EXPECT_EQ(rows[0].get<std::string>("three"), "c");
  EXPECT_EQ(rows[0].get<std::string>("again"), "a");
  rows = c->query("SELECT ?, ?", {"x", "y"});
  EXPECT_EQ(rows[0].get<std::string>(1), "y");

  Caught caught = catch_error<DatabaseError>([&] { c->query("SELECT $1, $2", {"x"}); });
  EXPECT_EQ(caught.sqlstate, "SQLITE_RANGE");
  EXPECT_NE(caught.message.find("uses parameter 2 but 1 parameter(s) were given"), std::string::npos)
      << caught.message;
  caught = catch_error<DatabaseError>([&] { c->query("SELECT $1", {"x", "y"}); });
  EXPECT_NE(caught.message.find("2 parameter(s) were given but the statement uses only 1"), std::string::npos)
      << caught.message;
  caught = catch_error<DatabaseError>([&] { c->query("SELECT $1::int", {"1"}); });
  EXPECT_NE(caught.message.find("SQLite has no :: casts; write CAST($1 AS type)"), std::string::npos)
      << caught.message;
  caught = catch_error<DatabaseError>([&] { c->query("SELECT :name", {"1"}); });
  EXPECT_NE(caught.message.find("named parameter ':name' is not supported"), std::string::npos)
      << caught.message;
  caught = catch_error<DatabaseError>([&] { c->execute("SELECT $1"); });
  EXPECT_NE(caught.message.find("no parameters were given"), std::string::npos) << caught.message;
  caught = catch_error<DatabaseError>([&] { c->execute("SELECT $1; SELECT 2", {"x"}); });
  EXPECT_NE(caught.message.find("must be one statement"), std::string::npos) << caught.message;
  // Empty statements and trailing comments are nothing.
  c->execute(";; CREATE TABLE empties (v int);; -- done\n");
  EXPECT_EQ(c->execute("INSERT INTO empties VALUES ($1); -- one row", {1}), 1u);
}

TEST_F(SqliteStatement, ValuesAreBoundAsTheirType) {
  auto c = connect();
  // The type the revision gave decides, never the text: a bare parameter compares as what it is.
  const Rows types = c->query("SELECT typeof($1), typeof($2), typeof($3), typeof($4), typeof($5)",
                              {42, 2.5, true, "42", null});
  EXPECT_EQ(types[0].text(0), "integer");
  EXPECT_EQ(types[0].text(1), "real");
  EXPECT_EQ(types[0].text(2), "integer") << "SQLite's booleans are integers";
  EXPECT_EQ(types[0].text(3), "text");
  EXPECT_EQ(types[0].text(4), "null");
  EXPECT_EQ(scalar(*c, "SELECT $1 = 1", {1}), "1");
  EXPECT_EQ(scalar(*c, "SELECT $1 = 1", {"1"}), "0") << "the text '1' is not the number 1";
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3 LIMIT $1)", {2}), "2");
  EXPECT_EQ(scalar(*c, "SELECT $1 AND NOT $2", {true, false}), "1");
  EXPECT_EQ(scalar(*c, "SELECT $1 * 2", {std::int64_t{-4611686018427387904}}), "-9223372036854775808");
  EXPECT_EQ(scalar(*c, "SELECT typeof($1)", {3.0}), "real") << "a whole double stays a REAL";
  // Text reads back exactly as given, in a TEXT column and without one; a number-looking text in an
  // INTEGER column is converted by its affinity, as a literal would be.
  c->execute("CREATE TABLE texts (t TEXT, i INTEGER)");
  for (const char* text : {"42", "-7", "007", "1.50", "true", "t"})
    c->execute("INSERT INTO texts VALUES ($1, $1)", {text});
  const Rows rows = c->query("SELECT t, typeof(i) FROM texts ORDER BY rowid", {});
  const char* expected[] = {"42", "-7", "007", "1.50", "true", "t"};
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].get<std::string>(0), expected[i]);
  EXPECT_EQ(rows[0].text(1), "integer");
  EXPECT_EQ(rows[4].text(1), "text");
  // What SQLite cannot store as given is refused, naming the parameter, and nothing runs.
  Caught caught = catch_error<DatabaseError>([&] {
    c->execute("INSERT INTO texts VALUES ($1, $2)", {"x", std::uint64_t{18446744073709551615u}});
  });
  EXPECT_NE(
      caught.message.find("cannot bind parameter 2: 18446744073709551615 does not fit in SQLite's 64-bit "
                          "INTEGER"),
      std::string::npos)
      << caught.message;
  caught = catch_error<DatabaseError>([&] {
    c->execute("INSERT INTO texts VALUES ($1, $2)", {"x", std::numeric_limits<double>::quiet_NaN()});
  });
  EXPECT_NE(caught.message.find("cannot bind parameter 2: SQLite has no NaN"), std::string::npos)
      << caught.message;
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM texts"), "6");
}

TEST_F(SqliteStatement, ResultsReadBackInTheSdksTextForm) {
  auto c = connect();
  const Rows rows = c->query(
      "SELECT 9223372036854775807 AS big, 0.1 AS tenth, 1e308 * 10 AS inf, "
      "-1e308 * 10 AS ninf, X'00ff10' AS blob, 3.0 AS three, 'ü' AS text, NULL AS n",
      {});
  const Row row = rows[0];
  EXPECT_EQ(row.get<std::int64_t>("big"), 9223372036854775807LL);
  EXPECT_EQ(row.text(1), "0.1");
  EXPECT_DOUBLE_EQ(row.get<double>("tenth"), 0.1);
  EXPECT_EQ(row.text(2), "Infinity");
  EXPECT_EQ(row.text(3), "-Infinity");
  EXPECT_EQ(row.text(4), "\\x00ff10");  // bytea's hex form
  EXPECT_EQ(row.get<int>("three"), 3);
  EXPECT_EQ(row.text(6), "ü");
  EXPECT_TRUE(row.is_null(7));
  // Text holding a NUL byte comes back whole.
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(c->query("SELECT $1", {with_nul})[0].text(0), with_nul);
}

TEST_F(SqliteStatement, ATransactionEndedBehindTheDriversBackDoesNotCommit) {
  auto c = connect();
  c->execute("CREATE TABLE behind (v int)");
  auto ctx = open_context(*c);
  c->begin();
  ctx->execute("INSERT INTO behind VALUES (1)");
  sqlite3* db = sqlite::native_database(*ctx);
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  const Caught caught = catch_error<DatabaseError>([&] { c->commit(); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find("already ended"), std::string::npos) << caught.message;
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM behind"), "0");
}

TEST_F(SqliteStatement, TableExistsAndListTablesSeeAttachedSchemas) {
  const TempDir dir;
  auto c = connect(sqlite_url(dir.file("catalog.db")));
  c->execute(
      "CREATE TABLE Mixed (v int); CREATE VIEW a_view AS SELECT 1 AS one; "
      "CREATE TABLE keyed (id INTEGER PRIMARY KEY AUTOINCREMENT)");
  c->execute("ATTACH DATABASE '" + dir.file("aux.db") + "' AS aux; CREATE TABLE aux.extra (v int)");
  EXPECT_TRUE(c->table_exists("", "mixed")) << "SQLite names are case-insensitive";
  EXPECT_TRUE(c->table_exists("main", "a_view"));
  EXPECT_TRUE(c->table_exists("", "extra"));
  EXPECT_TRUE(c->table_exists("aux", "extra"));
  EXPECT_FALSE(c->table_exists("main", "extra"));
  EXPECT_FALSE(c->table_exists("nowhere", "extra"));
  EXPECT_FALSE(c->table_exists("", "sqlite_sequence_not"));
  std::vector<std::string> listed;
  for (const auto& table : c->list_tables()) listed.push_back(table.schema + "." + table.name);
  EXPECT_EQ(listed, (std::vector<std::string>{"aux.extra", "main.Mixed", "main.keyed"}))
      << "no views, no sqlite_sequence";
}

}  // namespace
}  // namespace godwit::test
