#include "context.hpp"

#include "dialect.hpp"
#include "godwit/driver/statement_log.hpp"

namespace godwit::sqlite {

void SqliteContext::log_statement(std::string_view sql, Clock::time_point started, bool succeeded) noexcept {
  constexpr std::size_t kShown = 1000;
  try {
    host_.log(LogLevel::debug, driver::timed_statement_line(sql, Clock::now() - started, succeeded, kShown));
  } catch (...) {
    // Logging must never turn into the statement's failure.
  }
}

std::string SqliteContext::quote_identifier(std::string_view name) const {
  return SqliteDialect().quote_identifier(name);
}

}  // namespace godwit::sqlite
