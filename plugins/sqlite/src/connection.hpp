#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "database.hpp"
#include "errors.hpp"
#include "godwit/driver/driver.hpp"
#include "locks.hpp"
#include "statement.hpp"

namespace godwit::sqlite {

class SqliteCopyWriter;

// One SQLite connection and its transaction state:
//   idle         autocommit: every statement commits on its own
//   explicit_tx  opened by begin() with BEGIN IMMEDIATE (the write lock up front; see database.cpp), ended
//                by commit()/rollback()
//   stream_tx    a deferred transaction around one stream() called in autocommit, so the rows and what the
//                callback runs see one snapshot and the callback's writes are all-or-nothing (as the
//                PostgreSQL driver's short cursor transaction)
// A statement that fails inside a transaction rolls it back at once and every later statement is refused
// (sqlstate kAbortedTransaction, naming the first failure) until rollback(), as PostgreSQL's 25P02 does:
// SQLite itself would carry on after most errors, and a revision that swallowed one must not commit half
// its work.
// While a bulk load (copy_into) is open, other statements are refused as in the PostgreSQL driver, except
// stream(): reading one table into a load of another is what bulk loads are for, and SQLite can.
class SqliteConnection final : public driver::Connection {
 public:
  SqliteConnection(Target target, Opened opened);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  std::string server_version() override;
  std::string display_url() const override { return target_.display_url; }

  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  bool in_transaction() const override { return mode_ == Mode::explicit_tx; }

  void execute(std::string_view sql) override;
  std::uint64_t execute(std::string_view sql, const Params& params) override;
  Rows query(std::string_view sql, const Params& params) override;

  bool table_exists(std::string_view schema, std::string_view table) override;
  std::vector<driver::TableName> list_tables() override;

  bool acquire_lock(std::int64_t key, std::chrono::milliseconds wait) override;
  bool lock_held(std::int64_t key) noexcept override;
  void release_lock(std::int64_t key) override;
  std::string describe_lock_holder(std::int64_t key) override;

  bool session_alive() noexcept override { return handle_.get() != nullptr; }
  std::string session_id() override { return {}; }  // no server sessions
  bool end_session(std::string_view id, std::chrono::milliseconds timeout) override;
  void cancel() noexcept override;

  std::unique_ptr<Context> open_context(const driver::RevisionScope& scope,
                                        driver::HostServices& host) override;

  // For SqliteContext. A stream steps one row at a time: SQLite has no batches to fetch, so batch_rows is
  // not used.
  void stream(std::string_view sql, const Params& params, const RowCallback& on_row, std::size_t batch_rows);
  std::unique_ptr<CopyWriter> copy_into(std::string_view table, const std::vector<std::string>& columns);
  sqlite3* native() const noexcept { return handle_.get(); }

  // For SqliteCopyWriter.
  enum class CopyEnd { finished, failed, abandoned };
  void copy_ended(const std::string& table, CopyEnd how, const std::string& reason) noexcept;
  ErrorSite error_site(std::string_view statement, std::size_t offset = 0) const;
  // Runs a statement of the driver's own (SAVEPOINT, RELEASE); returns SQLite's result code.
  int run_internal(const char* sql) noexcept;

 private:
  enum class Mode { idle, explicit_tx, stream_tx };

  bool in_block() const { return mode_ != Mode::idle; }
  void check_usable(std::string_view statement) const;
  void require_no_copy(std::string_view operation) const;
  [[noreturn]] void throw_aborted(std::string_view statement) const;
  // Throws the error SQLite reported for `statement`; inside a transaction, rolls it back first.
  [[noreturn]] void fail(int rc, std::string_view statement, std::size_t offset = 0);
  [[noreturn]] void fail_with(DatabaseError error);
  void abort_transaction(const std::string& reason) noexcept;
  void end_stream_transaction() noexcept;
  void abandon_copy() noexcept;
  // One statement of `sql` (more is an error), prepared and bound.
  Statement prepare_single(std::string_view sql, const Params& params);
  // Steps `statement` (the one at `offset` in `sql`) to its end, discarding rows.
  void run_to_end(Statement& statement, std::string_view sql, std::size_t offset);
  LockSpace& lock_space();
  std::vector<std::string> schemas();

  Target target_;
  Handle handle_;  // closed last: every Statement is finalized before
  bool read_only_;
  Mode mode_ = Mode::idle;
  std::string abort_reason_;  // why the open transaction was rolled back; empty while it is healthy
  SqliteCopyWriter* live_copy_ = nullptr;
  std::unique_ptr<LockSpace> lock_space_;
  std::map<std::int64_t, std::unique_ptr<HeldLock>> locks_;
};

}  // namespace godwit::sqlite
