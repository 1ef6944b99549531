#pragma once

// SQLite result codes as SDK exceptions. No native error leaves the plugin as anything but godwit::Error,
// godwit::DatabaseError or godwit::ConnectionLost (connect failures).
//
// DatabaseError::sqlstate() is the name of SQLite's extended result code ("SQLITE_CONSTRAINT_UNIQUE",
// "SQLITE_BUSY"); SQLite has no SQLSTATEs. The message is SQLite's own (sqlite3_errmsg), reworded where a
// user needs to know what to do (a locked or read-only file), followed by " at character N in statement:
// ..." (sqlite3_error_offset, the way the PostgreSQL driver shows PG_DIAG_STATEMENT_POSITION). Messages and
// statements are masked (driver::mask_secrets): a statement may hold a password (ATTACH ... KEY, a literal).

#include <chrono>
#include <string>
#include <string_view>

#include "godwit/errors.hpp"

struct sqlite3;

namespace godwit::sqlite {

// "SQLITE_CONSTRAINT_UNIQUE". A code newer than the driver's table gets its primary code's name.
std::string result_code_name(int code);

// The sqlstate the driver reports for a statement refused because an earlier failure rolled the
// transaction back (PostgreSQL's 25P02): SQLite's own name for "aborted because the transaction was rolled
// back".
inline constexpr const char* kAbortedTransaction = "SQLITE_ABORT_ROLLBACK";

// What an error message names.
struct ErrorSite {
  std::string_view file;             // the database file, "" for an in-memory database
  std::string_view statement;        // the SQL as given (perhaps several statements)
  std::size_t statement_offset = 0;  // byte offset of the failing statement within `statement`
  std::chrono::milliseconds busy_timeout{0};
  bool read_only = false;  // the connection could open the file for reading only
};

// The exception for result `code`, which `db` has just reported (its message is read from `db`).
DatabaseError statement_error(sqlite3* db, int code, const ErrorSite& site);

// "the database file X" or "the in-memory database", for messages.
std::string describe_file(std::string_view file);

// What SQLITE_BUSY means to a user: "<file> is locked by another connection (still after N ms): ...".
std::string busy_message(std::string_view file, std::chrono::milliseconds busy_timeout);

}  // namespace godwit::sqlite
