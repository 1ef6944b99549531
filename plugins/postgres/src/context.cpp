#include "context.hpp"

#include "dialect.hpp"
#include "godwit/driver/statement_log.hpp"

namespace godwit::pg {

PgContext::PgContext(PgConnection& connection, const driver::RevisionScope& scope, driver::HostServices& host)
    : connection_(connection),
      scope_(scope),
      host_(host),
      previous_notice_target_(connection.set_notice_target(&host)) {}

PgContext::~PgContext() {
  connection_.set_notice_target(previous_notice_target_);
}

void PgContext::log_statement(std::string_view sql, Clock::time_point started, bool succeeded) noexcept {
  constexpr std::size_t kShown = 1000;
  try {
    host_.log(LogLevel::debug, driver::timed_statement_line(sql, Clock::now() - started, succeeded, kShown));
  } catch (...) {
    // Logging must never turn into the statement's failure.
  }
}

std::string PgContext::quote_identifier(std::string_view name) const {
  return PgDialect().quote_identifier(name);
}

void* PgContext::native_handle(std::string_view kind) {
  if (kind != "pqxx::transaction_base") return nullptr;
  return &connection_.native_transaction();
}

}  // namespace godwit::pg
