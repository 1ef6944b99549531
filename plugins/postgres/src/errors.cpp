#include "errors.hpp"

#include <pqxx/except>

#include "godwit/errors.hpp"
#include "url.hpp"

namespace godwit::pg {
namespace {

constexpr std::string_view kSeverities[] = {"ERROR:  ", "FATAL:  ", "PANIC:  ", "WARNING:  "};

std::string_view strip_severity(std::string_view line) {
  for (std::string_view severity : kSeverities)
    if (line.substr(0, severity.size()) == severity) return line.substr(severity.size());
  return line;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n'))
    text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// The value of a "LABEL:  text" line of a server error report, or empty.
std::string_view field_line(std::string_view what, std::string_view label) {
  std::size_t pos = 0;
  while (pos < what.size()) {
    const std::size_t end = std::min(what.find('\n', pos), what.size());
    const std::string_view line = what.substr(pos, end - pos);
    if (line.substr(0, label.size()) == label) return trim(line.substr(label.size()));
    pos = end + 1;
  }
  return {};
}

bool connection_gone(std::string_view sqlstate) {
  return sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || sqlstate.substr(0, 2) == "08";
}

std::string statement_of(const ErrorScope& scope, const std::string& fallback) {
  return scope.statement.empty() ? fallback : std::string(scope.statement);
}

}  // namespace

std::string server_message(std::string_view what) {
  std::string_view body = trim(what);
  const std::string_view first = strip_severity(trim(body.substr(0, body.find('\n'))));
  std::string out(first);
  if (const std::string_view detail = field_line(body, "DETAIL:"); !detail.empty())
    out.append(" (").append(detail).append(")");
  if (const std::string_view context = field_line(body, "CONTEXT:"); context.substr(0, 5) == "COPY ")
    out.append(" [").append(context).append("]");
  return out;
}

void rethrow_translated(const ErrorScope& scope) {
  static const std::vector<std::string> no_secrets;
  const std::vector<std::string>& secrets = scope.secrets ? *scope.secrets : no_secrets;
  const std::string url(scope.display_url);
  try {
    throw;
  } catch (const godwit::Error&) {
    throw;
  } catch (const pqxx::broken_connection& e) {
    throw ConnectionLost("lost the connection to " + url + ": " + redact(server_message(e.what()), secrets) +
                             " — reconnect and check the server log",
                         "08006", std::string(scope.statement));
  } catch (const pqxx::in_doubt_error& e) {
    throw ConnectionLost("the connection to " + url +
                             " broke during COMMIT: whether the transaction committed is unknown — check the "
                             "database before retrying (" +
                             redact(server_message(e.what()), secrets) + ")",
                         "08007", std::string(scope.statement));
  } catch (const pqxx::statement_completion_unknown& e) {
    throw ConnectionLost("the connection to " + url + " broke before the statement's outcome was known: " +
                             redact(server_message(e.what()), secrets),
                         "40003", std::string(scope.statement));
  } catch (const pqxx::serialization_failure& e) {
    throw DatabaseError(redact(server_message(e.what()), secrets), "40001", std::string(scope.statement));
  } catch (const pqxx::deadlock_detected& e) {
    throw DatabaseError(redact(server_message(e.what()), secrets), "40P01", std::string(scope.statement));
  } catch (const pqxx::transaction_rollback& e) {
    throw DatabaseError(redact(server_message(e.what()), secrets), "40000", std::string(scope.statement));
  } catch (const pqxx::sql_error& e) {
    const std::string message = redact(server_message(e.what()), secrets);
    const std::string statement = redact(statement_of(scope, e.query()), secrets);
    if (connection_gone(e.sqlstate()))
      throw ConnectionLost("lost the connection to " + url + ": " + message, e.sqlstate(), statement);
    throw DatabaseError(message, e.sqlstate(), statement);
  } catch (const pqxx::pqxx_exception& e) {
    throw Error(redact(server_message(e.base().what()), secrets) + " (on " + url + ")");
  }
}

}  // namespace godwit::pg
