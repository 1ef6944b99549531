#include "errors.hpp"

#include <sqlite3.h>

#include <utility>

#include "godwit/driver/secret_masker.hpp"
#include "godwit/driver/statement_note.hpp"

namespace godwit::sqlite {
namespace {

#define GODWIT_CODE(code) \
  { code, #code }
constexpr std::pair<int, const char*> kCodeNames[] = {
    GODWIT_CODE(SQLITE_ERROR),
    GODWIT_CODE(SQLITE_INTERNAL),
    GODWIT_CODE(SQLITE_PERM),
    GODWIT_CODE(SQLITE_ABORT),
    GODWIT_CODE(SQLITE_BUSY),
    GODWIT_CODE(SQLITE_LOCKED),
    GODWIT_CODE(SQLITE_NOMEM),
    GODWIT_CODE(SQLITE_READONLY),
    GODWIT_CODE(SQLITE_INTERRUPT),
    GODWIT_CODE(SQLITE_IOERR),
    GODWIT_CODE(SQLITE_CORRUPT),
    GODWIT_CODE(SQLITE_NOTFOUND),
    GODWIT_CODE(SQLITE_FULL),
    GODWIT_CODE(SQLITE_CANTOPEN),
    GODWIT_CODE(SQLITE_PROTOCOL),
    GODWIT_CODE(SQLITE_SCHEMA),
    GODWIT_CODE(SQLITE_TOOBIG),
    GODWIT_CODE(SQLITE_CONSTRAINT),
    GODWIT_CODE(SQLITE_MISMATCH),
    GODWIT_CODE(SQLITE_MISUSE),
    GODWIT_CODE(SQLITE_NOLFS),
    GODWIT_CODE(SQLITE_AUTH),
    GODWIT_CODE(SQLITE_RANGE),
    GODWIT_CODE(SQLITE_NOTADB),
    GODWIT_CODE(SQLITE_ERROR_MISSING_COLLSEQ),
    GODWIT_CODE(SQLITE_ERROR_RETRY),
    GODWIT_CODE(SQLITE_ERROR_SNAPSHOT),
    GODWIT_CODE(SQLITE_IOERR_READ),
    GODWIT_CODE(SQLITE_IOERR_SHORT_READ),
    GODWIT_CODE(SQLITE_IOERR_WRITE),
    GODWIT_CODE(SQLITE_IOERR_FSYNC),
    GODWIT_CODE(SQLITE_IOERR_DIR_FSYNC),
    GODWIT_CODE(SQLITE_IOERR_TRUNCATE),
    GODWIT_CODE(SQLITE_IOERR_FSTAT),
    GODWIT_CODE(SQLITE_IOERR_UNLOCK),
    GODWIT_CODE(SQLITE_IOERR_RDLOCK),
    GODWIT_CODE(SQLITE_IOERR_DELETE),
    GODWIT_CODE(SQLITE_IOERR_NOMEM),
    GODWIT_CODE(SQLITE_IOERR_ACCESS),
    GODWIT_CODE(SQLITE_IOERR_CHECKRESERVEDLOCK),
    GODWIT_CODE(SQLITE_IOERR_LOCK),
    GODWIT_CODE(SQLITE_IOERR_CLOSE),
    GODWIT_CODE(SQLITE_IOERR_SHMOPEN),
    GODWIT_CODE(SQLITE_IOERR_SHMSIZE),
    GODWIT_CODE(SQLITE_IOERR_SHMLOCK),
    GODWIT_CODE(SQLITE_IOERR_SHMMAP),
    GODWIT_CODE(SQLITE_IOERR_SEEK),
    GODWIT_CODE(SQLITE_IOERR_DELETE_NOENT),
    GODWIT_CODE(SQLITE_IOERR_MMAP),
    GODWIT_CODE(SQLITE_IOERR_GETTEMPPATH),
    GODWIT_CODE(SQLITE_IOERR_DATA),
    GODWIT_CODE(SQLITE_IOERR_CORRUPTFS),
    GODWIT_CODE(SQLITE_LOCKED_SHAREDCACHE),
    GODWIT_CODE(SQLITE_LOCKED_VTAB),
    GODWIT_CODE(SQLITE_BUSY_RECOVERY),
    GODWIT_CODE(SQLITE_BUSY_SNAPSHOT),
    GODWIT_CODE(SQLITE_BUSY_TIMEOUT),
    GODWIT_CODE(SQLITE_CANTOPEN_NOTEMPDIR),
    GODWIT_CODE(SQLITE_CANTOPEN_ISDIR),
    GODWIT_CODE(SQLITE_CANTOPEN_FULLPATH),
    GODWIT_CODE(SQLITE_CANTOPEN_DIRTYWAL),
    GODWIT_CODE(SQLITE_CANTOPEN_SYMLINK),
    GODWIT_CODE(SQLITE_CORRUPT_VTAB),
    GODWIT_CODE(SQLITE_CORRUPT_SEQUENCE),
    GODWIT_CODE(SQLITE_CORRUPT_INDEX),
    GODWIT_CODE(SQLITE_READONLY_RECOVERY),
    GODWIT_CODE(SQLITE_READONLY_CANTLOCK),
    GODWIT_CODE(SQLITE_READONLY_ROLLBACK),
    GODWIT_CODE(SQLITE_READONLY_DBMOVED),
    GODWIT_CODE(SQLITE_READONLY_CANTINIT),
    GODWIT_CODE(SQLITE_READONLY_DIRECTORY),
    GODWIT_CODE(SQLITE_ABORT_ROLLBACK),
    GODWIT_CODE(SQLITE_CONSTRAINT_CHECK),
    GODWIT_CODE(SQLITE_CONSTRAINT_COMMITHOOK),
    GODWIT_CODE(SQLITE_CONSTRAINT_FOREIGNKEY),
    GODWIT_CODE(SQLITE_CONSTRAINT_FUNCTION),
    GODWIT_CODE(SQLITE_CONSTRAINT_NOTNULL),
    GODWIT_CODE(SQLITE_CONSTRAINT_PRIMARYKEY),
    GODWIT_CODE(SQLITE_CONSTRAINT_TRIGGER),
    GODWIT_CODE(SQLITE_CONSTRAINT_UNIQUE),
    GODWIT_CODE(SQLITE_CONSTRAINT_VTAB),
    GODWIT_CODE(SQLITE_CONSTRAINT_ROWID),
    GODWIT_CODE(SQLITE_CONSTRAINT_PINNED),
    GODWIT_CODE(SQLITE_CONSTRAINT_DATATYPE),
    GODWIT_CODE(SQLITE_AUTH_USER),
};
#undef GODWIT_CODE

// Why SQLite refuses to write, by extended code: what the user can change.
std::string read_only_reason(int code, bool opened_read_only) {
  switch (code) {
    case SQLITE_READONLY_DIRECTORY:
      return "its directory is not writable, so SQLite cannot create the journal next to it";
    case SQLITE_READONLY_DBMOVED:
      return "the file was moved or deleted while open";
    case SQLITE_READONLY_CANTINIT:
    case SQLITE_READONLY_CANTLOCK:
    case SQLITE_READONLY_RECOVERY:
      return "its WAL index (the -shm file next to it) cannot be written";
    case SQLITE_READONLY_ROLLBACK:
      return "a hot journal left by a crashed writer needs rolling back, which takes write access";
    default:
      return opened_read_only ? "this user may not write the file (it was opened read-only)"
                              : "SQLite refuses to write it";
  }
}

// The statement's text from byte `at` on, on one line, about 40 bytes: what `near:` shows.
std::string text_near(std::string_view statement, std::size_t at) {
  if (at >= statement.size()) return {};
  bool cut = false;
  return driver::statement_excerpt(statement.substr(at, 160), cut, 40);
}

std::string reworded(sqlite3* db, int code, const ErrorSite& site) {
  const std::string native = sqlite3_errmsg(db);
  switch (code & 0xFF) {
    case SQLITE_BUSY:
      return busy_message(site.file, site.busy_timeout);
    case SQLITE_READONLY:
      return describe_file(site.file) + " is read-only: " + read_only_reason(code, site.read_only) +
             "; reading works — run as a user who may write it, or fix the file's permissions (" + native +
             ")";
    case SQLITE_INTERRUPT:
      return "the statement was cancelled (" + native + ")";
    case SQLITE_FULL:
      return native + ": the disk holding " + describe_file(site.file) + " is full";
    default:
      return native;
  }
}

}  // namespace

std::string result_code_name(int code) {
  for (const auto& [value, name] : kCodeNames)
    if (value == code) return name;
  for (const auto& [value, name] : kCodeNames)  // an extended code newer than this table: its primary
    if (value == (code & 0xFF)) return name;
  return "SQLITE_" + std::to_string(code);
}

std::string describe_file(std::string_view file) {
  return file.empty() ? std::string("the in-memory database") : "the database file " + std::string(file);
}

std::string busy_message(std::string_view file, std::chrono::milliseconds busy_timeout) {
  std::string text = describe_file(file) + " is locked by another connection (still after " +
                     std::to_string(busy_timeout.count()) + " ms of waiting)";
  if (file.empty()) return text + ": another connection of this process holds a write transaction open";
  return text + ": wait for the other writer to finish, or find the process holding it (fuser " +
         std::string(file) + ")";
}

DatabaseError statement_error(sqlite3* db, int code, const ErrorSite& site) {
  std::string message = reworded(db, code, site);
  const int offset = sqlite3_error_offset(db);
  std::size_t character = 0;
  std::string near;
  if (offset >= 0) {
    const std::size_t at = site.statement_offset + static_cast<std::size_t>(offset);
    character = driver::character_at_byte(site.statement, at);
    near = text_near(site.statement, at);
  }
  message += driver::statement_note(site.statement, character, near);
  return DatabaseError(driver::mask_secrets(message), result_code_name(code),
                       driver::mask_secrets(site.statement));
}

}  // namespace godwit::sqlite
