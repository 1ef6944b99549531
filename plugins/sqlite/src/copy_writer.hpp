#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bound_value.hpp"
#include "connection.hpp"
#include "godwit/copy.hpp"
#include "godwit/driver/bulk_load_state.hpp"
#include "statement.hpp"

namespace godwit::sqlite {

// copy_into for SQLite, which has no COPY: prepared multi-row `INSERT INTO t (cols) VALUES (?,..),(?,..)`
// statements, each run for a full batch of rows and reused (batch_rows_ rows, under the variable limit).
// A batch's fields are kept in one buffer, reused from batch to batch, and bound from it without copying
// (SQLITE_STATIC) just before the statement runs: no allocation per row once the buffer has grown.
//
// Fields are bound by their type (bound_value.hpp), and column affinity converts text as it would a literal.
// One exception: text "t"/"f"/"true"/"false" (any case) in a column whose declared type contains BOOL is
// bound as 1/0, PostgreSQL's COPY spellings of a boolean, which rows read from PostgreSQL carry, while
// SQLite's booleans are integers.
//
// Inside a transaction the load is part of it; a failure, or a writer destroyed without finish(), aborts
// the transaction (the SDK's CopyWriter contract; the PostgreSQL driver does the same). In autocommit the
// load runs in a SAVEPOINT, so it is all-or-nothing: finish() releases (commits) it, a failure or an
// abandoned writer rolls it back. A stream() run while a load is open reads inside the load's transaction; a
// load opened inside a stream's callback in autocommit is handed the stream's transaction when the stream
// ends, and commits it with finish() (or rolls it back when abandoned).
class SqliteCopyWriter final : public CopyWriter {
 public:
  // Prepares the load; throws DatabaseError for an unknown table or column, Error for a malformed name.
  static std::unique_ptr<SqliteCopyWriter> open(SqliteConnection& owner, std::string_view table,
                                                const std::vector<std::string>& columns, bool in_transaction);
  ~SqliteCopyWriter() override;
  SqliteCopyWriter(const SqliteCopyWriter&) = delete;
  SqliteCopyWriter& operator=(const SqliteCopyWriter&) = delete;

  void write_row(const Field* fields, std::size_t count) override;
  std::uint64_t finish() override;

  // Ends the load without finishing it and detaches from the connection; later calls throw. noexcept:
  // used from destructors and when the transaction ends under a live writer.
  void abandon() noexcept;
  // Takes over the open transaction (a stream's, ending under this load): finish() commits it.
  void adopt_transaction() noexcept;

 private:
  using State = driver::BulkLoadState;
  // One field of the batch; a text's bytes are in data_, copied there from the caller's row.
  struct Slot {
    BoundValue value;  // value.text unused: the text is data_[offset, offset + size)
    std::size_t offset;
    std::size_t size;
  };

  SqliteCopyWriter(SqliteConnection& owner, std::string table, std::string head,
                   std::vector<std::string> quoted_columns, std::vector<bool> boolean,
                   std::size_t batch_rows);
  Statement prepare_rows(std::size_t rows) const;
  void run_batch(sqlite3_stmt* statement);
  void require_open(const char* operation) const { driver::require_open_load(state_, table_, operation); }
  // Ends the load with SQLite's error `rc` (reported by `statement`, if any) and throws it.
  [[noreturn]] void fail(int rc, sqlite3_stmt* statement);
  void end(State state, const std::string& reason) noexcept;

  SqliteConnection* owner_;  // null once the load has ended
  std::string table_;        // as the revision named it, for messages
  std::string head_;         // INSERT INTO "t" ("a", "b") VALUES
  std::string shown_;        // the one-row statement, for error messages
  std::size_t columns_;
  std::vector<std::string> quoted_columns_;  // for messages
  std::vector<bool> boolean_;
  std::size_t batch_rows_;
  Statement batch_;
  std::string data_;
  std::vector<Slot> slots_;
  std::uint64_t rows_ = 0;
  enum class Owns { nothing, savepoint, transaction };
  Owns owns_ = Owns::nothing;  // what finish() commits and an abandoned load rolls back
  State state_ = State::open;
};

}  // namespace godwit::sqlite
