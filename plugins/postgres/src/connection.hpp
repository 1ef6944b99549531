#pragma once

#include <cstdint>
#include <memory>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

#include "connect.hpp"
#include "errors.hpp"
#include "godwit/driver/driver.hpp"
#include "notices.hpp"

namespace godwit::pg {

class PgCopyWriter;

// One libpqxx connection and the one transaction object libpqxx allows on it at a time:
//   idle        no transaction object
//   autocommit  a pqxx::nontransaction, created on demand: every statement commits on its own (this is
//               what CREATE INDEX CONCURRENTLY needs)
//   explicit_tx a pqxx::work opened by begin(), ended by commit()/rollback(). After a failed statement
//               every further one fails with 25P02 until rollback(), as in psql.
//   stream_tx   a short pqxx::work around one stream() called in autocommit: a cursor needs a
//               transaction block, and WITH HOLD would make the server materialise the whole result at
//               commit. Statements a stream callback runs belong to that short transaction.
class PgConnection final : public driver::Connection {
 public:
  PgConnection(ConnectTarget target, std::unique_ptr<pqxx::connection> connection);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

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
  // A session-level advisory lock, polled (never waited for in the server) so the waiter holds no
  // snapshot; lost with its session.
  bool acquire_lock(std::int64_t key, std::chrono::milliseconds wait) override;
  bool lock_held(std::int64_t key) noexcept override;
  void release_lock(std::int64_t key) override;
  std::string describe_lock_holder(std::int64_t key) override;

  bool session_alive() noexcept override;
  std::string session_id() override;
  bool end_session(std::string_view id, std::chrono::milliseconds timeout) override;
  void cancel() noexcept override;

  std::unique_ptr<Context> open_context(const driver::RevisionScope& scope,
                                        driver::HostServices& host) override;

  // For PgContext.
  void stream(std::string_view sql, const Params& params, const RowCallback& on_row, std::size_t batch_rows);
  std::unique_ptr<CopyWriter> copy_into(std::string_view table, const std::vector<std::string>& columns);
  pqxx::transaction_base& native_transaction();
  // Where server notices go; returns the previous target.
  driver::HostServices* set_notice_target(driver::HostServices* host) noexcept;

  // For PgCopyWriter.
  enum class CopyEnd { finished, failed, abandoned };
  void copy_ended(const std::string& table, CopyEnd how) noexcept;
  ErrorScope error_scope(std::string_view statement) const {
    return ErrorScope{target_.display_url, statement};
  }
  // Throws 25P02, naming the first failure, when the transaction block can only be rolled back.
  void require_not_aborted(std::string_view statement) const {
    if (in_block() && !abort_reason_.empty()) throw_aborted(statement, abort_reason_);
  }

 private:
  enum class Mode { idle, autocommit, explicit_tx, stream_tx };

  // Runs body(transaction) and translates what it throws. In autocommit, a failure discards the
  // nontransaction so the next statement starts clean.
  template <class F>
  decltype(auto) run(std::string_view statement, F&& body) {
    check_usable(statement);
    try {
      return body(transaction());
    } catch (...) {
      fail(statement);
    }
  }
  bool in_block() const { return mode_ == Mode::explicit_tx || mode_ == Mode::stream_tx; }
  void end_stream_transaction() noexcept;
  void check_usable(std::string_view statement) const;
  [[noreturn]] void fail(std::string_view statement);
  [[noreturn]] void throw_aborted(std::string_view statement, std::string_view reason) const;
  void clear_pending_error() noexcept;
  pqxx::transaction_base& transaction();
  void drop_autocommit() noexcept;
  void abandon_copy() noexcept;
  void require_no_copy(std::string_view operation) const;
  bool try_advisory_lock(std::int64_t key);

  ConnectTarget target_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<NoticeForwarder> notices_;             // destroyed before connection_
  std::unique_ptr<pqxx::transaction_base> transaction_;  // destroyed first
  Mode mode_ = Mode::idle;
  PgCopyWriter* live_copy_ = nullptr;
  // Why the open transaction can only be rolled back, when it can. libpqxx 6.4 rolls a pqxx::work back as
  // soon as a statement in it fails, so the server would not say 25P02 any more: the driver does.
  std::string abort_reason_;
  std::uint64_t cursor_sequence_ = 0;
  std::vector<std::int64_t> held_locks_;  // taken by acquire_lock(), not yet released, each once
};

}  // namespace godwit::pg
