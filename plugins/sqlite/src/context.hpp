#pragma once

#include <chrono>
#include <string>
#include <type_traits>

#include "connection.hpp"
#include "godwit/context.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::sqlite {

// The SDK Context a revision sees: a thin view of an SqliteConnection, bound to whatever transaction state
// the connection is in (the host's transaction, or autocommit for a non-transactional revision). Progress,
// log and options go to the host; each statement is logged with its duration at debug level (`-v`).
class SqliteContext final : public Context {
 public:
  SqliteContext(SqliteConnection& connection, const driver::RevisionScope& scope, driver::HostServices& host)
      : connection_(connection), scope_(scope), host_(host) {}
  SqliteContext(const SqliteContext&) = delete;
  SqliteContext& operator=(const SqliteContext&) = delete;

  std::string_view revision_id() const override { return scope_.revision_id; }
  Direction direction() const override { return scope_.direction; }
  std::string_view dialect() const override { return "sqlite"; }
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
  void stream(std::string_view sql, const Params& params, const RowCallback& on_row, std::size_t) override {
    timed(sql, [&] { connection_.stream(sql, params, on_row); });
  }
  std::unique_ptr<CopyWriter> copy_into(std::string_view table,
                                        const std::vector<std::string>& columns) override {
    return connection_.copy_into(table, columns);
  }
  std::string quote_identifier(std::string_view name) const override;

  void progress(std::uint64_t done, std::uint64_t total, std::string_view label) override {
    host_.progress(done, total, label);
  }
  void log(LogLevel level, std::string_view message) override { host_.log(level, message); }
  std::optional<std::string> option(std::string_view key) const override { return host_.option(key); }

  // "sqlite3": the connection's sqlite3* (godwit/sqlite.hpp). nullptr for any other kind.
  void* native_handle(std::string_view kind) override {
    return kind == "sqlite3" ? static_cast<void*>(connection_.native()) : nullptr;
  }

 private:
  using Clock = std::chrono::steady_clock;

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
  void log_statement(std::string_view sql, Clock::time_point started, bool succeeded) noexcept;

  SqliteConnection& connection_;
  driver::RevisionScope scope_;
  driver::HostServices& host_;
};

}  // namespace godwit::sqlite
