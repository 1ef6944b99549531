#pragma once

// Translation of libpqxx exceptions into SDK exceptions at the plugin boundary. No pqxx type may leave the
// plugin: the host does not link libpqxx, and its type_info lives in this library's dependencies.
//
//   pqxx::sql_error            -> godwit::DatabaseError(server message, SQLSTATE, statement)
//   pqxx::broken_connection    -> godwit::ConnectionLost (also for admin shutdown, 57P01..57P03)
//   pqxx::in_doubt_error       -> godwit::ConnectionLost, SQLSTATE 08007 (COMMIT outcome unknown)
//   pqxx::transaction_rollback -> godwit::DatabaseError with 40001 / 40P01 / 40003 / 40000
//   any other pqxx exception   -> godwit::Error
// Exceptions of other types (a revision's own, thrown from a stream callback) pass through untouched.

#include <string>
#include <string_view>
#include <vector>

namespace godwit::pg {

struct ErrorScope {
  std::string_view display_url;             // masked
  const std::vector<std::string>* secrets;  // redacted from every message
  std::string_view statement;               // reported as DatabaseError::statement() when non-empty
};

// Call inside a catch block: rethrows the in-flight exception translated.
[[noreturn]] void rethrow_translated(const ErrorScope& scope);

// The server's primary message without its "ERROR:  " prefix, plus DETAIL (and the CONTEXT of a COPY) when
// present, on one line.
std::string server_message(std::string_view what);

template <class F>
decltype(auto) translated(const ErrorScope& scope, F&& body) {
  try {
    return body();
  } catch (...) {
    rethrow_translated(scope);
  }
}

}  // namespace godwit::pg
