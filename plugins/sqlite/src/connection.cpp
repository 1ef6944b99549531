#include "connection.hpp"

#include <sqlite3.h>

#include "context.hpp"
#include "copy_writer.hpp"
#include "dialect.hpp"
#include "godwit/driver/secret_masker.hpp"
#include "godwit/driver/statement_note.hpp"
#include "sql_scan.hpp"

namespace godwit::sqlite {

SqliteConnection::SqliteConnection(Target target, Opened opened)
    : target_(std::move(target)), handle_(std::move(opened.handle)), read_only_(opened.read_only) {}

SqliteConnection::~SqliteConnection() {
  abandon_copy();
  rollback();
  end_stream_transaction();
  locks_.clear();
}

std::string SqliteConnection::server_version() {
  return std::string("SQLite ") + sqlite3_libversion();
}

void SqliteConnection::begin() {
  if (in_block()) throw Error("begin(): a transaction is already open on " + target_.display_url);
  require_no_copy("begin()");
  // IMMEDIATE: the write lock now, where the busy timeout can wait for it (database.cpp). A read-only file
  // cannot give one; its transactions only read.
  const char* sql = read_only_ ? "BEGIN" : "BEGIN IMMEDIATE";
  if (const int rc = run_internal(sql); rc != SQLITE_OK) fail(rc, sql);
  mode_ = Mode::explicit_tx;
  abort_reason_.clear();
}

void SqliteConnection::commit() {
  if (mode_ != Mode::explicit_tx) throw Error("commit(): no transaction is open on " + target_.display_url);
  abandon_copy();
  if (!abort_reason_.empty()) {
    const std::string reason = abort_reason_;
    rollback();
    throw DatabaseError(
        driver::mask_secrets("cannot commit on " + target_.display_url + ": the transaction was aborted (" +
                             reason + ") and has been rolled back"),
        kAbortedTransaction, "COMMIT");
  }
  if (sqlite3_get_autocommit(handle_.get()) != 0) {
    mode_ = Mode::idle;
    throw DatabaseError("cannot commit on " + target_.display_url +
                            ": the transaction was already ended by a statement run inside it (COMMIT, "
                            "ROLLBACK or END, perhaps through the native handle); check what it kept",
                        "SQLITE_ERROR", "COMMIT");
  }
  if (const int rc = run_internal("COMMIT"); rc != SQLITE_OK) {
    const DatabaseError error = statement_error(handle_.get(), rc, error_site("COMMIT"));
    rollback();
    throw error;
  }
  mode_ = Mode::idle;
}

void SqliteConnection::rollback() noexcept {
  if (mode_ != Mode::explicit_tx) return;
  abandon_copy();
  if (sqlite3_get_autocommit(handle_.get()) == 0) run_internal("ROLLBACK");
  mode_ = Mode::idle;
  abort_reason_.clear();
}

void SqliteConnection::execute(std::string_view sql) {
  check_usable(sql);
  for (std::size_t offset = 0; offset < sql.size();) {
    Statement statement;
    std::size_t used = 0;
    if (const int rc = prepare(handle_.get(), sql.substr(offset), statement, used); rc != SQLITE_OK)
      fail(rc, sql, offset);
    if (!statement && used == 0) break;  // nothing but whitespace and comments left
    if (statement && sqlite3_bind_parameter_count(statement.get()) > 0)
      fail_with(DatabaseError(
          driver::mask_secrets("this statement has parameter markers but no parameters were given (pass "
                               "them with execute(sql, params), one statement at a time)" +
                               driver::statement_note(sql, 0)),
          "SQLITE_RANGE", driver::mask_secrets(sql)));
    if (statement) run_to_end(statement, sql, offset);
    offset += used;
  }
}

std::uint64_t SqliteConnection::execute(std::string_view sql, const Params& params) {
  check_usable(sql);
  Statement statement = prepare_single(sql, params);
  sqlite3* db = handle_.get();
  const bool writes = sqlite3_stmt_readonly(statement.get()) == 0;
  const sqlite3_int64 before = sqlite3_total_changes64(db);
  run_to_end(statement, sql, 0);
  // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE: a statement that changed nothing
  // (DDL, a SELECT) must not report an earlier one's.
  if (!writes || sqlite3_total_changes64(db) == before) return 0;
  return static_cast<std::uint64_t>(sqlite3_changes64(db));
}

Rows SqliteConnection::query(std::string_view sql, const Params& params) {
  check_usable(sql);
  Statement statement = prepare_single(sql, params);
  Rows rows(column_names(statement.get()));
  std::string scratch;
  for (;;) {
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_ROW) {
      append_row(statement.get(), rows, scratch);
      continue;
    }
    if (rc == SQLITE_DONE) return rows;
    fail(rc, sql);
  }
}

void SqliteConnection::stream(std::string_view sql, const Params& params, const RowCallback& on_row,
                              std::size_t /*batch_rows*/) {
  // Reading while a bulk load is open is fine in SQLite (one connection, statements one after the other):
  // the load's transaction holds the stream, which is how a revision copies one table into another.
  if (in_block() && !abort_reason_.empty()) throw_aborted(sql);
  const bool own_transaction = mode_ == Mode::idle && live_copy_ == nullptr;
  if (own_transaction) {
    if (const int rc = run_internal("BEGIN"); rc != SQLITE_OK) fail(rc, "BEGIN");
    mode_ = Mode::stream_tx;
    abort_reason_.clear();
  }
  try {
    {
      Statement statement = prepare_single(sql, params);
      const std::vector<std::string> columns = column_names(statement.get());
      std::string buffer;
      std::vector<Cell> cells;
      // One row at a time: SQLite computes each as it is stepped to, so memory stays bounded whatever
      // the result's size (batch_rows has nothing to bound).
      for (;;) {
        const int rc = sqlite3_step(statement.get());
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) {
          if (!abort_reason_.empty()) throw_aborted(sql);  // a statement in the callback failed
          fail(rc, sql);
        }
        buffer.clear();
        cells.clear();
        read_row(statement.get(), buffer, cells);
        on_row(Row(buffer.data(), cells.data(), cells.size(), &columns));
      }
      if (!abort_reason_.empty()) throw_aborted(sql);
    }  // finalized before COMMIT
    if (own_transaction) {
      if (!abort_reason_.empty()) throw_aborted(sql);
      if (live_copy_ != nullptr) {
        // A load the callback opened and has not finished: it commits the transaction with finish().
        live_copy_->adopt_transaction();
      } else if (const int rc = run_internal("COMMIT"); rc != SQLITE_OK) {
        fail(rc, "COMMIT");
      }
      mode_ = Mode::idle;
    }
  } catch (...) {
    if (own_transaction) end_stream_transaction();
    throw;
  }
}

std::unique_ptr<Context> SqliteConnection::open_context(const driver::RevisionScope& scope,
                                                        driver::HostServices& host) {
  return std::make_unique<SqliteContext>(*this, scope, host);
}

std::unique_ptr<CopyWriter> SqliteConnection::copy_into(std::string_view table,
                                                        const std::vector<std::string>& columns) {
  require_no_copy("copy_into()");
  check_usable("copy_into()");
  std::unique_ptr<SqliteCopyWriter> writer;
  try {
    writer = SqliteCopyWriter::open(*this, table, columns, in_block());
  } catch (const DatabaseError& error) {
    fail_with(error);
  }
  live_copy_ = writer.get();
  return writer;
}

void SqliteConnection::copy_ended(const std::string& table, CopyEnd how, const std::string& reason) noexcept {
  live_copy_ = nullptr;
  if (how == CopyEnd::finished || !in_block()) return;  // in autocommit the writer's savepoint is undone
  try {
    abort_transaction(how == CopyEnd::abandoned
                          ? "a bulk load into " + table + " was abandoned without finish()"
                          : "the bulk load into " + table + " failed: " + reason);
  } catch (...) {
  }
}

ErrorSite SqliteConnection::error_site(std::string_view statement, std::size_t offset) const {
  return ErrorSite{target_.memory ? std::string_view() : std::string_view(target_.file), statement, offset,
                   target_.busy_timeout, read_only_};
}

int SqliteConnection::run_internal(const char* sql) noexcept {
  return sqlite3_exec(handle_.get(), sql, nullptr, nullptr, nullptr);
}

void SqliteConnection::check_usable(std::string_view statement) const {
  require_no_copy("running a statement");
  if (in_block() && !abort_reason_.empty()) throw_aborted(statement);
}

void SqliteConnection::require_no_copy(std::string_view operation) const {
  if (live_copy_ != nullptr)
    throw Error(std::string(operation) + ": a bulk load (copy_into) is still in progress on " +
                target_.display_url + "; call finish() on its CopyWriter first");
}

void SqliteConnection::throw_aborted(std::string_view statement) const {
  throw DatabaseError(driver::mask_secrets("current transaction is aborted, statements are refused until it "
                                           "is rolled back (" +
                                           abort_reason_ + ") — roll back"),
                      kAbortedTransaction, driver::mask_secrets(statement));
}

void SqliteConnection::fail(int rc, std::string_view statement, std::size_t offset) {
  fail_with(statement_error(handle_.get(), rc, error_site(statement, offset)));  // reads the message first
}

void SqliteConnection::fail_with(DatabaseError error) {
  if (in_block()) abort_transaction(std::string("an earlier statement failed: ") + error.what());
  throw error;
}

void SqliteConnection::abort_transaction(const std::string& reason) noexcept {
  if (abort_reason_.empty()) abort_reason_ = reason;
  // At once: the write lock goes, and nothing of the transaction can be committed by mistake. Pending reads
  // (an open stream) end with SQLITE_ABORT_ROLLBACK.
  if (sqlite3_get_autocommit(handle_.get()) == 0) run_internal("ROLLBACK");
  // A load still open (the failure was a stream's that was feeding it) can never commit now: end it, or its
  // next batch would run outside any transaction and commit on its own, and finish() report it loaded.
  abandon_copy();
}

void SqliteConnection::end_stream_transaction() noexcept {
  if (mode_ != Mode::stream_tx) return;
  abandon_copy();
  if (sqlite3_get_autocommit(handle_.get()) == 0) run_internal("ROLLBACK");
  mode_ = Mode::idle;
  abort_reason_.clear();
}

void SqliteConnection::abandon_copy() noexcept {
  if (live_copy_ != nullptr) live_copy_->abandon();  // calls copy_ended()
}

Statement SqliteConnection::prepare_single(std::string_view sql, const Params& params) {
  Statement statement;
  std::size_t offset = 0, used = 0;
  while (!statement && offset < sql.size()) {  // past empty statements (";")
    if (const int rc = prepare(handle_.get(), sql.substr(offset), statement, used); rc != SQLITE_OK)
      fail(rc, sql, offset);
    if (used == 0) break;
    if (!statement) offset += used;
  }
  if (!statement)
    fail_with(DatabaseError("the SQL text holds no statement" + driver::statement_note(sql, 0),
                            "SQLITE_MISUSE", driver::mask_secrets(sql)));
  if (!only_space_and_comments(sql.substr(offset + used)))
    fail_with(DatabaseError(
        driver::mask_secrets(
            "a statement with parameters must be one statement, but more follows at character " +
            std::to_string(driver::character_at_byte(sql, offset + used)) +
            " (run the others with execute(sql) without parameters)" + driver::statement_note(sql, 0)),
        "SQLITE_MISUSE", driver::mask_secrets(sql)));
  if (const std::string why = bind_parameters(statement.get(), params); !why.empty())
    fail_with(DatabaseError(driver::mask_secrets(why + driver::statement_note(sql, 0)), "SQLITE_RANGE",
                            driver::mask_secrets(sql)));
  return statement;
}

void SqliteConnection::run_to_end(Statement& statement, std::string_view sql, std::size_t offset) {
  for (;;) {
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_DONE) return;
    if (rc != SQLITE_ROW) fail(rc, sql, offset);
  }
}

}  // namespace godwit::sqlite
