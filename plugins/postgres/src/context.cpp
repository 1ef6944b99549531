#include "context.hpp"

#include "dialect.hpp"

namespace godwit::pg {

PgContext::PgContext(PgConnection& connection, const driver::RevisionScope& scope, driver::HostServices& host)
    : ConnectionContext(connection, scope, host),
      previous_notice_target_(connection.set_notice_target(&host)) {}

PgContext::~PgContext() {
  connection().set_notice_target(previous_notice_target_);
}

std::string PgContext::quote_identifier(std::string_view name) const {
  return PgDialect().quote_identifier(name);
}

void* PgContext::native_handle(std::string_view kind) {
  if (kind != "pqxx::transaction_base") return nullptr;
  return &connection().native_transaction();
}

}  // namespace godwit::pg
