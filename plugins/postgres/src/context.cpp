#include "context.hpp"

#include <cstdio>

#include "dialect.hpp"

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
  // A data migration may send megabytes in one statement: the log shows its start.
  constexpr std::size_t kShown = 1000;
  try {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f ms", static_cast<double>(micros) / 1000.0);
    std::string line = std::string(succeeded ? "statement (" : "statement failed (") + duration + "): ";
    line.append(sql.substr(0, kShown));
    if (sql.size() > kShown) line += " ...";
    host_.log(LogLevel::debug, line);
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
