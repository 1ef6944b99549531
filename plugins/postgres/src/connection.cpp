#include "connection.hpp"

#include <algorithm>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <thread>

#include "context.hpp"
#include "copy_writer.hpp"
#include "dialect.hpp"
#include "godwit/driver/secret_masker.hpp"
#include "row_stream.hpp"

namespace godwit::pg {

PgConnection::PgConnection(ConnectTarget target, std::unique_ptr<pqxx::connection> connection)
    : target_(std::move(target)), connection_(std::move(connection)) {
  notices_ = std::make_unique<NoticeForwarder>(*connection_);
  // A silently re-established session would have lost its advisory locks and session settings: a broken
  // connection must surface as ConnectionLost instead.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  connection_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
}

PgConnection::~PgConnection() {
  abandon_copy();
  rollback();
  transaction_.reset();
  notices_.reset();
}

std::string PgConnection::server_version() {
  return run("SHOW server_version", [](pqxx::transaction_base& tx) {
    return std::string(tx.exec("SHOW server_version")[0][0].c_str());
  });
}

void PgConnection::begin() {
  if (mode_ == Mode::explicit_tx || mode_ == Mode::stream_tx)
    throw Error("begin(): a transaction is already open on " + target_.display_url);
  require_no_copy("begin()");
  drop_autocommit();
  translated(error_scope("BEGIN"),
             [&] { transaction_ = std::make_unique<pqxx::work>(*connection_, "godwit"); });
  mode_ = Mode::explicit_tx;
  abort_reason_.clear();
}

void PgConnection::commit() {
  if (mode_ != Mode::explicit_tx) throw Error("commit(): no transaction is open on " + target_.display_url);
  abandon_copy();
  std::string aborted = abort_reason_;
  if (aborted.empty()) {
    try {
      transaction_->commit();
    } catch (const pqxx::usage_error&) {
      // Already rolled back by libpqxx: a statement failed through the native handle.
      aborted = "an earlier statement failed";
    } catch (...) {
      transaction_.reset();
      mode_ = Mode::idle;
      fail("COMMIT");
    }
  }
  if (!aborted.empty()) {
    rollback();
    // PostgreSQL itself answers COMMIT of a failed transaction with ROLLBACK, not an error: a revision that
    // swallowed an error must not be reported as committed.
    throw DatabaseError("cannot commit on " + target_.display_url + ": the transaction was aborted (" +
                            aborted + ") and has been rolled back",
                        "25P02", "COMMIT");
  }
  transaction_.reset();
  mode_ = Mode::idle;
}

void PgConnection::rollback() noexcept {
  if (mode_ != Mode::explicit_tx) return;
  abandon_copy();
  try {
    transaction_->abort();
  } catch (...) {
    // Rolling back on a broken connection fails; the server rolls back when the session ends.
  }
  transaction_.reset();
  mode_ = Mode::idle;
  abort_reason_.clear();
}

void PgConnection::execute(std::string_view sql) {
  run(sql, [&](pqxx::transaction_base& tx) { tx.exec(std::string(sql)); });
}

std::uint64_t PgConnection::execute(std::string_view sql, const Params& params) {
  return run(sql, [&](pqxx::transaction_base& tx) {
    return static_cast<std::uint64_t>(exec_with_params(tx, sql, params).affected_rows());
  });
}

Rows PgConnection::query(std::string_view sql, const Params& params) {
  return run(sql, [&](pqxx::transaction_base& tx) { return to_rows(exec_with_params(tx, sql, params)); });
}

bool PgConnection::table_exists(std::string_view schema, std::string_view table) {
  const std::string sql = "SELECT pg_catalog.to_regclass($1) IS NOT NULL";
  const Params params{PgDialect().qualified_name(schema, table)};
  return run(sql,
             [&](pqxx::transaction_base& tx) { return exec_with_params(tx, sql, params)[0][0].as<bool>(); });
}

std::vector<driver::TableName> PgConnection::list_tables() {
  const std::string sql =
      "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND "
      "table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2";
  return run(sql, [&](pqxx::transaction_base& tx) {
    std::vector<driver::TableName> tables;
    for (const auto& row : tx.exec(sql)) tables.push_back({row[0].c_str(), row[1].c_str()});
    return tables;
  });
}

bool PgConnection::try_advisory_lock(std::int64_t key) {
  const std::string sql = "SELECT pg_catalog.pg_try_advisory_lock($1)";
  return run(sql, [&](pqxx::transaction_base& tx) { return tx.exec_params(sql, key)[0][0].as<bool>(); });
}

bool PgConnection::acquire_lock(std::int64_t key, std::chrono::milliseconds wait) {
  if (in_transaction())
    throw Error("acquire_lock(): a transaction is open on " + target_.display_url +
                "; the migration lock is session-level and must be taken outside transactions");
  // PostgreSQL counts a session's acquisitions of a key; the contract does not, so a held key is not
  // taken twice.
  if (std::find(held_locks_.begin(), held_locks_.end(), key) != held_locks_.end()) return true;
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + wait;
  auto pause = std::chrono::milliseconds(20);
  while (!try_advisory_lock(key)) {
    const auto now = Clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
  held_locks_.push_back(key);
  return true;
}

bool PgConnection::lock_held(std::int64_t key) noexcept {
  return std::find(held_locks_.begin(), held_locks_.end(), key) != held_locks_.end() && session_alive();
}

void PgConnection::release_lock(std::int64_t key) {
  if (in_transaction())
    throw Error("release_lock(): a transaction is open on " + target_.display_url +
                "; release the session-level lock after commit or rollback");
  const auto held = std::find(held_locks_.begin(), held_locks_.end(), key);
  if (held != held_locks_.end()) held_locks_.erase(held);
  const std::string sql = "SELECT pg_catalog.pg_advisory_unlock($1)";
  const bool released =
      run(sql, [&](pqxx::transaction_base& tx) { return tx.exec_params(sql, key)[0][0].as<bool>(); });
  if (!released)
    throw Error("release_lock(): this session does not hold advisory lock " + std::to_string(key) + " on " +
                target_.display_url);
}

std::unique_ptr<Context> PgConnection::open_context(const driver::RevisionScope& scope,
                                                    driver::HostServices& host) {
  return std::make_unique<PgContext>(*this, scope, host);
}

void PgConnection::stream(std::string_view sql, const Params& params, const RowCallback& on_row,
                          std::size_t batch_rows) {
  const std::string cursor = "godwit_cursor_" + std::to_string(++cursor_sequence_);
  batch_rows = std::max<std::size_t>(batch_rows, 1);
  // A load in progress (copy_into before the stream, or opened by its callback) is suspended before each of
  // the cursor's statements and resumed by its next row (PgCopyWriter): reading one table while loading
  // another is the usual data migration. Only inside a transaction block, where the load's segments stay
  // all or nothing.
  const auto suspend_copy = [this] {
    if (live_copy_ != nullptr) live_copy_->suspend();
  };
  if (in_block()) {
    require_not_aborted(sql);
    try {
      stream_cursor(transaction(), cursor, sql, params, on_row, batch_rows, suspend_copy);
    } catch (...) {
      fail(sql);
    }
    return;
  }
  if (live_copy_ != nullptr)
    throw Error("stream(): a COPY outside a transaction is in progress on " + target_.display_url +
                "; reading while loading needs a transaction (a transactional revision), or call finish() on "
                "the CopyWriter first");
  drop_autocommit();
  try {
    transaction_ = std::make_unique<pqxx::work>(*connection_, "godwit_stream");
    mode_ = Mode::stream_tx;
    abort_reason_.clear();
    stream_cursor(*transaction_, cursor, sql, params, on_row, batch_rows, suspend_copy);
    if (live_copy_ != nullptr) {
      // Opened by the callback and still open: its rows are in this short transaction, which cannot outlive
      // the stream. Committing would load part of it; it is abandoned and nothing is committed.
      const std::string table = live_copy_->table();
      abandon_copy();
      throw Error("stream(): the COPY into " + table +
                  " opened in the stream's callback was not finished when " + "the stream ended on " +
                  target_.display_url +
                  "; outside a transaction the stream and the load share one short transaction, now rolled " +
                  "back: call finish() inside the callback, or run both in a transaction");
    }
    if (!abort_reason_.empty()) throw_aborted("COMMIT", abort_reason_);
    transaction_->commit();
  } catch (...) {
    abandon_copy();
    try {
      fail(sql);  // translated while the short transaction's state is still known
    } catch (...) {
      end_stream_transaction();
      throw;
    }
  }
  end_stream_transaction();
}

void PgConnection::end_stream_transaction() noexcept {
  transaction_.reset();
  mode_ = Mode::idle;
  abort_reason_.clear();
}

std::unique_ptr<CopyWriter> PgConnection::copy_into(std::string_view table,
                                                    const std::vector<std::string>& columns) {
  require_no_copy("copy_into()");
  const PgDialect dialect;
  const std::string target = quote_table_reference(table);
  std::vector<std::string> quoted;
  quoted.reserve(columns.size());
  for (const std::string& column : columns) quoted.push_back(dialect.quote_identifier(column));
  const std::string statement = "COPY " + target + " FROM STDIN";
  auto writer = run(statement, [&](pqxx::transaction_base& tx) {
    return std::make_unique<PgCopyWriter>(*this, tx, std::string(table), target, quoted);
  });
  live_copy_ = writer.get();
  return writer;
}

pqxx::transaction_base& PgConnection::native_transaction() {
  return translated(error_scope({}), [&]() -> pqxx::transaction_base& { return transaction(); });
}

driver::HostServices* PgConnection::set_notice_target(driver::HostServices* host) noexcept {
  driver::HostServices* previous = notices_->target();
  notices_->set_target(host);
  return previous;
}

void PgConnection::copy_ended(const std::string& table, CopyEnd how) noexcept {
  live_copy_ = nullptr;
  if (how == CopyEnd::finished) return;
  if (mode_ == Mode::autocommit) {
    // The COPY failed as a whole: nothing was written. Dropping the nontransaction discards libpqxx's
    // pending error with it.
    drop_autocommit();
    return;
  }
  clear_pending_error();
  if (abort_reason_.empty())
    abort_reason_ = how == CopyEnd::abandoned ? "a COPY into " + table + " was abandoned without finish()"
                                              : "the COPY into " + table + " failed";
}

void PgConnection::check_usable(std::string_view statement) const {
  require_no_copy("running a statement");
  if (in_block() && !abort_reason_.empty()) throw_aborted(statement, abort_reason_);
}

void PgConnection::throw_aborted(std::string_view statement, std::string_view reason) const {
  throw DatabaseError("current transaction is aborted, commands ignored until end of transaction block (" +
                          std::string(reason) + ") — roll back",
                      "25P02", std::string(statement));
}

void PgConnection::fail(std::string_view statement) {
  if (mode_ == Mode::autocommit && live_copy_ == nullptr) drop_autocommit();
  if (in_block()) {
    try {
      throw;
    } catch (const pqxx::usage_error&) {
      // libpqxx refuses a transaction it already rolled back (a failure through the native handle).
      if (abort_reason_.empty()) abort_reason_ = "an earlier statement failed";
      throw_aborted(statement, abort_reason_);
    } catch (const pqxx::failure& e) {
      if (abort_reason_.empty())
        abort_reason_ = "an earlier statement failed: " + driver::mask_secrets(server_message(e.what()));
    } catch (...) {
      // Not a database failure (a stream callback's own exception): the transaction is intact.
    }
  }
  rethrow_translated(error_scope(statement));
}

void PgConnection::clear_pending_error() noexcept {
  // libpqxx 6.4 keeps the error of a COPY ended by a tablewriter's destructor as a "pending error", thrown
  // by the transaction's next statement before sending anything -- including the ROLLBACK sent by
  // transaction_base::abort(), which would then silently leave the session in a failed transaction block.
  // Consume it now; if there is none, the probe fails on the server (the transaction is failed anyway) and
  // libpqxx rolls back.
  try {
    transaction_->exec("SELECT 1", "godwit_clear_pending_error");
  } catch (...) {
  }
}

pqxx::transaction_base& PgConnection::transaction() {
  if (!transaction_) {
    transaction_ = std::make_unique<pqxx::nontransaction>(*connection_, "godwit_autocommit");
    mode_ = Mode::autocommit;
  }
  return *transaction_;
}

void PgConnection::drop_autocommit() noexcept {
  if (mode_ != Mode::autocommit) return;
  abandon_copy();
  transaction_.reset();
  mode_ = Mode::idle;
}

void PgConnection::abandon_copy() noexcept {
  if (live_copy_ != nullptr) live_copy_->abandon();  // calls copy_ended()
}

void PgConnection::require_no_copy(std::string_view operation) const {
  if (live_copy_ != nullptr)
    throw Error(std::string(operation) + ": a COPY is still in progress on " + target_.display_url +
                "; call finish() on its CopyWriter first");
}

}  // namespace godwit::pg
