#pragma once

#include "connection.hpp"
#include "dialect.hpp"
#include "godwit/driver/connection_context.hpp"

namespace godwit::pg {

// The SDK Context a revision sees (driver::ConnectionContext over a PgConnection), with PostgreSQL's dialect
// name, quoting and native handle. While it lives, server notices go to the host's log.
class PgContext final : public driver::ConnectionContext<PgConnection> {
 public:
  PgContext(PgConnection& connection, const driver::RevisionScope& scope, driver::HostServices& host);
  ~PgContext() override;

  std::string_view dialect() const override { return "postgresql"; }
  std::string quote_identifier(std::string_view name) const override;
  // "pqxx::transaction_base": the libpqxx transaction statements run in (a pqxx::nontransaction in
  // autocommit). nullptr for any other kind.
  void* native_handle(std::string_view kind) override;

 protected:
  const driver::Dialect& operation_dialect() const override { return dialect_; }

 private:
  PgDialect dialect_;
  driver::HostServices* previous_notice_target_;
};

}  // namespace godwit::pg
