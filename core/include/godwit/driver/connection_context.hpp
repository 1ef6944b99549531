#pragma once

// The SDK Context a revision sees, for a driver whose connection runs statements with the Context's own
// signatures (execute, query, stream with a batch size, copy_into): a thin view of that connection, bound
// to whatever transaction state it is in (the host's transaction, or autocommit for a non-transactional
// revision). Progress, log lines and options go to the host; every statement is logged with its duration at
// debug level (`godwit -v`), failed or not; operations are rendered in the driver's dialect and run the
// same way. A driver derives from it and adds what is its own: dialect(), quote_identifier(),
// native_handle() and operation_dialect(). Header-only: drivers do not link the core.

#include <chrono>
#include <string>
#include <type_traits>

#include "godwit/context.hpp"
#include "godwit/driver/apply_operation.hpp"
#include "godwit/driver/driver.hpp"
#include "godwit/driver/statement_log.hpp"

namespace godwit::driver {

template <class ConnectionT>
class ConnectionContext : public Context {
 public:
  ConnectionContext(ConnectionT& connection, const RevisionScope& scope, HostServices& host)
      : connection_(connection), scope_(scope), host_(host) {}
  ConnectionContext(const ConnectionContext&) = delete;
  ConnectionContext& operator=(const ConnectionContext&) = delete;

  std::string_view revision_id() const override { return scope_.revision_id; }
  Direction direction() const override { return scope_.direction; }
  bool offline() const override { return false; }

  void execute(std::string_view sql) override {
    timed(sql, [&] { connection_.execute(sql); });
  }
  std::uint64_t execute(std::string_view sql, const Params& params) override {
    return timed(sql, [&] { return connection_.execute(sql, params); });
  }
  Rows query(std::string_view sql, const Params& params) override {
    return timed(sql, [&] { return connection_.query(sql, params); });
  }
  void stream(std::string_view sql, const Params& params, const RowCallback& on_row,
              std::size_t batch_rows) override {
    timed(sql, [&] { connection_.stream(sql, params, on_row, batch_rows); });
  }
  std::unique_ptr<CopyWriter> copy_into(std::string_view table,
                                        const std::vector<std::string>& columns) override {
    return connection_.copy_into(table, columns);
  }

  void progress(std::uint64_t done, std::uint64_t total, std::string_view label) override {
    host_.progress(done, total, label);
  }
  void log(LogLevel level, std::string_view message) override { host_.log(level, message); }
  std::optional<std::string> option(std::string_view key) const override { return host_.option(key); }
  void apply_change(OperationKind kind, const void* change) override {
    apply_operation(*this, operation_dialect(), operation_of(kind, change));
  }

 protected:
  ConnectionT& connection() const { return connection_; }
  // The dialect apply() renders operations in.
  virtual const Dialect& operation_dialect() const = 0;
  HostServices& host() const { return host_; }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kShownSqlCharacters = 1000;

  template <class F>
  auto timed(std::string_view sql, F&& body) -> decltype(body()) {
    const Clock::time_point started = Clock::now();
    try {
      if constexpr (std::is_void_v<decltype(body())>) {
        body();
        log_statement(sql, started, true);
      } else {
        auto result = body();
        log_statement(sql, started, true);
        return result;
      }
    } catch (...) {
      log_statement(sql, started, false);
      throw;
    }
  }

  void log_statement(std::string_view sql, Clock::time_point started, bool succeeded) noexcept {
    try {
      host_.log(LogLevel::debug,
                timed_statement_line(sql, Clock::now() - started, succeeded, kShownSqlCharacters));
    } catch (...) {
      // Logging must never turn into the statement's failure.
    }
  }

  ConnectionT& connection_;
  RevisionScope scope_;
  HostServices& host_;
};

}  // namespace godwit::driver
