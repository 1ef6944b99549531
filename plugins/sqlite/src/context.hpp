#pragma once

#include "connection.hpp"
#include "dialect.hpp"
#include "godwit/driver/connection_context.hpp"

namespace godwit::sqlite {

// The SDK Context a revision sees (driver::ConnectionContext over an SqliteConnection), with SQLite's
// dialect name, quoting and native handle.
class SqliteContext final : public driver::ConnectionContext<SqliteConnection> {
 public:
  using ConnectionContext::ConnectionContext;

  std::string_view dialect() const override { return "sqlite"; }
  std::string quote_identifier(std::string_view name) const override;
  // "sqlite3": the connection's sqlite3* (godwit/sqlite.hpp). nullptr for any other kind.
  void* native_handle(std::string_view kind) override {
    return kind == "sqlite3" ? static_cast<void*>(connection().native()) : nullptr;
  }

 protected:
  const driver::Dialect& operation_dialect() const override { return dialect_; }

 private:
  SqliteDialect dialect_;
};

}  // namespace godwit::sqlite
