// CliDatabase on an SQLite file in a directory of its own: read with libsqlite3 (a connection per call,
// so the test holds nothing open while godwit runs), replayed with the sqlite3 shell, and godwit's lock
// looked at in its lock file with the kernel's own lock query.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "cli/cli_database.hpp"

namespace godwit::test {

namespace fs = std::filesystem;

namespace {

// godwit's locks are byte ranges of "<file>-godwit.lock" from 2^62, one byte per key (plugins/sqlite's
// file_lock.cpp); the slots below 32 KiB only say who holds them.
constexpr off_t kLockKeysStart = static_cast<off_t>(1) << 62;
constexpr off_t kLockKeysLength = static_cast<off_t>(1) << 61;

class Connection {
 public:
  explicit Connection(const std::string& file) {
    const int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + file + ": " + message());
    sqlite3_busy_timeout(db_, 10000);  // a migration may be writing
  }
  ~Connection() { sqlite3_close_v2(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::string run(const std::string& sql) const {
    std::string out;
    const char* next = sql.c_str();
    while (*next != '\0') {
      sqlite3_stmt* statement = nullptr;
      const char* tail = nullptr;
      if (sqlite3_prepare_v2(db_, next, -1, &statement, &tail) != SQLITE_OK)
        throw std::runtime_error("sqlite3 refused '" + sql + "': " + message());
      next = tail;
      if (statement == nullptr) continue;  // whitespace or a comment
      int rc;
      while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        if (!out.empty()) out += '\n';
        for (int i = 0; i < sqlite3_column_count(statement); ++i) {
          if (i > 0) out += '|';
          if (const auto* text = sqlite3_column_text(statement, i))
            out += reinterpret_cast<const char*>(text);
        }
      }
      sqlite3_finalize(statement);
      if (rc != SQLITE_DONE) throw std::runtime_error("sqlite3 failed on '" + sql + "': " + message());
    }
    return out;
  }

 private:
  std::string message() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }

  sqlite3* db_ = nullptr;
};

class SqliteCliDatabase final : public CliDatabase {
 public:
  // Canonical: the fixture's long statement names its marker after the path SQLite reports.
  SqliteCliDatabase() : dir_(fs::canonical(make_temp_dir("godwit-cli-sqlite-"))), file_(dir_ / "test.db") {}
  ~SqliteCliDatabase() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  SqliteCliDatabase(const SqliteCliDatabase&) = delete;
  SqliteCliDatabase& operator=(const SqliteCliDatabase&) = delete;

  Driver driver() const override { return Driver::sqlite; }
  std::string url() const override { return "sqlite:///" + file_.string(); }  // sqlite:////abs/path
  std::string schema() const override { return "main"; }
  std::string sql(const std::string& statement) const override { return Connection(file_).run(statement); }

  std::string all_tables() const override {
    return Connection(file_).run(
        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' AND name "
        "NOT "
        "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name)");
  }

  bool index_exists(const std::string& name) const override {
    return sql("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = '" + name + "'") != "0";
  }

  // What `sqlite3 FILE .schema` prints, read from the catalog it prints from so that godwit's history
  // table (and sqlite_sequence, which exists only for its AUTOINCREMENT) can be left out exactly.
  std::string schema_dump(const std::string& table) const override {
    const std::string which = table.empty()
                                  ? "tbl_name NOT LIKE 'godwit_history%' AND name <> 'sqlite_sequence'"
                                  : "tbl_name = '" + table + "'";
    return sql(
        "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '(automatic)') FROM "
        "sqlite_schema WHERE " +
        which + " ORDER BY type, name");
  }

  // As a user would: sqlite3 FILE < SCRIPT (the script's own `.bail on` stops it at the first error).
  ProcessResult replay(const fs::path& script) const override {
    ProcessOptions options;
    options.stdin_path = script;
    return run("/usr/bin/sqlite3", {file_.string()}, options);
  }

  bool lock_held() const override {
    const std::string lock_file = file_.string() + "-godwit.lock";
    const int fd = ::open(lock_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;  // nobody ever locked
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = kLockKeysStart;
    probe.l_len = kLockKeysLength;
    const int rc = ::fcntl(fd, F_OFD_GETLK, &probe);
    ::close(fd);
    if (rc != 0) throw std::runtime_error("F_OFD_GETLK on " + lock_file + " failed");
    return probe.l_type != F_UNLCK;
  }

  std::string leftovers() const override {
    return lock_held() ? "a process holds a lock in " + file_.string() + "-godwit.lock" : "";
  }

  // misbehaving.cpp's long statement creates this file from inside itself.
  bool long_statement_running() const override { return fs::exists(file_.string() + "-long-statement"); }

 private:
  fs::path dir_;
  fs::path file_;
};

}  // namespace

std::unique_ptr<CliDatabase> make_sqlite_cli_database() {
  return std::make_unique<SqliteCliDatabase>();
}

}  // namespace godwit::test
