#pragma once

// Prepared statements (finalized by their owner, never leaked past the connection), parameter binding and
// turning result rows into the SDK's text rows.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "godwit/row.hpp"
#include "godwit/value.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace godwit::sqlite {

// Owns one sqlite3_stmt; finalizes it when destroyed or reset.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* statement) noexcept : statement_(statement) {}
  ~Statement() { reset(); }
  Statement(Statement&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept {
    if (this != &other) {
      reset();
      statement_ = std::exchange(other.statement_, nullptr);
    }
    return *this;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const noexcept { return statement_; }
  explicit operator bool() const noexcept { return statement_ != nullptr; }
  void reset() noexcept;

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// Prepares the first statement of `sql`. Returns SQLite's result code; on SQLITE_OK `out` holds the
// statement (empty when `sql` held only whitespace and comments) and `used` the bytes it took, tail
// included up to the next statement.
int prepare(sqlite3* db, std::string_view sql, Statement& out, std::size_t& used);

// Why binding failed: a message for DatabaseError (sqlstate SQLITE_RANGE), empty on success.
// Markers: $N (godwit's portable spelling) bound by name to params[N-1]; SQLite's own ?NNN and ? by their
// index. Named markers (:name, @name, $name) are refused, as is a count that differs from the markers'.
std::string bind_parameters(sqlite3_stmt* statement, const Params& params);

std::vector<std::string> column_names(sqlite3_stmt* statement);

// Appends the current row's fields to `buffer` and `cells` (offsets into buffer), in the SDK's text form:
// integers in decimal, reals in the shortest form that reads back exactly, text as stored, blobs as
// PostgreSQL's bytea hex ("\x0a1b"), NULL as a null cell.
void read_row(sqlite3_stmt* statement, std::string& buffer, std::vector<Cell>& cells);

// Appends the current row to `rows`.
void append_row(sqlite3_stmt* statement, Rows& rows, std::string& scratch);

}  // namespace godwit::sqlite
