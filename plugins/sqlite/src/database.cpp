// Connection set-up, chosen so that several godwit runners (and the application) can share one file:
//  - journal_mode=WAL (files only; persistent in the file): readers never block the writer nor it them, so
//    `godwit current` works during a migration and a migration does not wait for the application's reads.
//    Set only when the file is not in WAL mode already, as switching needs a moment of exclusive access.
//  - a busy timeout (the connect timeout): a statement that meets another connection's write lock waits for
//    it instead of failing at once. With BEGIN IMMEDIATE (connection.cpp) every write transaction takes the
//    write lock up front, where the busy handler can wait; a read that later upgrades to a write in WAL mode
//    fails with SQLITE_BUSY_SNAPSHOT at once, which no timeout can cure.
//  - synchronous=FULL: WAL's default (NORMAL) may lose the last commits on power loss; a migration tool has
//    just told the user "applied".
//  - foreign_keys=ON: per connection, off by default; a migration must not leave dangling references the
//    application (which usually turns them on) would then trip over.
// The runners themselves are serialised by the migration lock (locks.hpp), not by SQLite's locks.

#include "database.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>

#include "errors.hpp"
#include "godwit/driver/secret_masker.hpp"

namespace godwit::sqlite {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& display_url, const std::string& what, const std::string& code) {
  throw ConnectionLost(driver::mask_secrets("could not open " + display_url + ": " + what), code);
}

// Runs `sql` to its end; returns SQLite's result code and, through `first`, the first row's first column.
int run(sqlite3* db, const char* sql, std::string* first = nullptr) {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
  while (rc == SQLITE_OK) {
    const int step = sqlite3_step(statement);
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) {
      rc = step;
      break;
    }
    if (first != nullptr && first->empty() && sqlite3_column_text(statement, 0) != nullptr)
      *first = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  return rc;
}

// One message per way set-up fails, naming the file.
[[noreturn]] void setup_failure(sqlite3* db, int rc, const std::string& file, const Target& target,
                                const char* sql) {
  switch (rc & 0xFF) {
    case SQLITE_NOTADB:
      refuse(target.display_url,
             describe_file(file) + " is not an SQLite database (" + sqlite3_errmsg(db) +
                 ") — check the path in the URL",
             result_code_name(rc));
    case SQLITE_BUSY:
      refuse(target.display_url, busy_message(file, target.busy_timeout), result_code_name(rc));
    default:
      refuse(target.display_url,
             describe_file(file) + ": " + sqlite3_errmsg(db) + " (while running " + sql + ")",
             result_code_name(rc));
  }
}

struct Setup {
  int rc = SQLITE_OK;
  const char* failed = nullptr;  // the statement that failed
};

Setup configure(sqlite3* db, const Target& target, bool use_wal) {
  sqlite3_extended_result_codes(db, 1);
  const auto timeout = std::min<std::chrono::milliseconds::rep>(target.busy_timeout.count(), INT_MAX);
  sqlite3_busy_timeout(db, static_cast<int>(timeout));
  // Opening reads nothing: read the header now, so a file that is not a database, or one locked by
  // another connection, fails here with its own message rather than at the first statement.
  if (const int rc = run(db, "PRAGMA schema_version"); rc != SQLITE_OK) return {rc, "PRAGMA schema_version"};
  if (use_wal) {
    std::string mode;
    if (const int rc = run(db, "PRAGMA journal_mode", &mode); rc != SQLITE_OK)
      return {rc, "PRAGMA journal_mode"};
    // A file system without shared memory keeps the old mode; SQLite still works, with less concurrency.
    if (mode != "wal")
      if (const int rc = run(db, "PRAGMA journal_mode = WAL"); rc != SQLITE_OK)
        return {rc, "PRAGMA journal_mode = WAL"};
  }
  for (const char* sql : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"})
    if (const int rc = run(db, sql); rc != SQLITE_OK) return {rc, sql};
  return {};
}

// "file:" URI for a path: everything but unreserved characters and '/' percent-encoded.
std::string file_uri(const std::string& path, const char* query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 0xF];
    }
  }
  return uri + "?" + query;
}

// A WAL-mode file this user may only read, in a directory it may not write, cannot be read normally: SQLite
// needs its -shm file, which only a writer creates (and removes when the last connection closes). So no
// connection has it open, and reading it as immutable (no locks, no -shm) is what `current` and `history`
// need. A writer that starts meanwhile could change pages under a long read: acceptable for a user who may
// not write the file anyway, and better than not reading it at all.
Handle open_immutable(const std::string& file) {
  sqlite3* raw = nullptr;
  const std::string uri = file_uri(file, "immutable=1");
  sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE, nullptr);
  return Handle(raw);
}

// Why the file could not be opened or created, and what to check.
[[noreturn]] void open_failure(sqlite3* db, int rc, const fs::path& file, const Target& target) {
  const int error = db == nullptr ? 0 : sqlite3_system_errno(db);
  std::string reason = db == nullptr ? std::string(sqlite3_errstr(rc)) : std::string(sqlite3_errmsg(db));
  if (error != 0) reason += std::string(" (") + std::strerror(error) + ")";
  std::error_code ignored;
  const bool exists = fs::exists(file, ignored);
  refuse(target.display_url,
         (exists ? "cannot open " : "cannot create ") + file.string() + ": " + reason +
             (exists ? " — check the file's permissions"
                     : " — check that " + file.parent_path().string() + " is writable by this user"),
         result_code_name(rc));
}

}  // namespace

Handle::~Handle() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

std::chrono::milliseconds busy_timeout_for(std::chrono::seconds connect_timeout) {
  if (connect_timeout.count() <= 0) return std::chrono::milliseconds(5000);
  return std::chrono::duration_cast<std::chrono::milliseconds>(connect_timeout);
}

Opened open_database(Target& target) {
  std::error_code error;
  const fs::path absolute = fs::absolute(target.url.path, error).lexically_normal();
  const fs::path directory = absolute.parent_path();
  if (!fs::exists(directory, error))
    refuse(target.display_url,
           "the directory " + directory.string() + " does not exist — create it, or fix the path in the URL",
           "SQLITE_CANTOPEN");
  if (!fs::is_directory(directory, error))
    refuse(target.display_url, directory.string() + " is not a directory — fix the path in the URL",
           "SQLITE_CANTOPEN");
  if (fs::is_directory(absolute, error))
    refuse(target.display_url,
           absolute.string() + " is a directory, not a database file — name a file inside it",
           "SQLITE_CANTOPEN_ISDIR");

  sqlite3* raw = nullptr;
  // No SQLITE_OPEN_URI: a file name is a file name, even one starting with "file:".
  const int rc = sqlite3_open_v2(absolute.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, nullptr);
  Opened opened{Handle(raw), false};
  if (rc != SQLITE_OK) open_failure(raw, rc, absolute, target);
  // SQLite opens a file it may not write read-only, silently: remembered for the first write's message.
  opened.read_only = sqlite3_db_readonly(raw, "main") == 1;
  // The canonical path names the lock file (locks.hpp): two spellings of one file must share it.
  const fs::path canonical = fs::canonical(absolute, error);
  target.file = error ? absolute.string() : canonical.string();
  Setup setup = configure(raw, target, !opened.read_only);
  if (setup.rc != SQLITE_OK && opened.read_only && (setup.rc & 0xFF) == SQLITE_READONLY) {
    Handle immutable = open_immutable(target.file);
    if (immutable.get() != nullptr && configure(immutable.get(), target, false).rc == SQLITE_OK) {
      opened.handle = std::move(immutable);
      return opened;
    }
  }
  if (setup.rc != SQLITE_OK) setup_failure(opened.handle.get(), setup.rc, target.file, target, setup.failed);
  return opened;
}

Handle open_memory_connection(const std::string& name, std::chrono::milliseconds busy_timeout,
                              const std::string& display_url) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, "memdb");
  Handle handle(raw);
  Target target;
  target.display_url = display_url;
  target.busy_timeout = busy_timeout;
  if (rc != SQLITE_OK)
    refuse(display_url, std::string("cannot create the in-memory database: ") + sqlite3_errstr(rc),
           result_code_name(rc));
  if (const Setup setup = configure(raw, target, false); setup.rc != SQLITE_OK)
    setup_failure(raw, setup.rc, "", target, setup.failed);
  return handle;
}

}  // namespace godwit::sqlite
