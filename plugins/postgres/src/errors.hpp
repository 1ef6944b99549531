#pragma once

// Translation of libpqxx exceptions into SDK exceptions at the plugin boundary. No pqxx type may leave the
// plugin: the host does not link libpqxx, and its type_info lives in this library's dependencies.
//
//   pqxx::sql_error            -> godwit::DatabaseError(server message and where in which statement,
//                                 SQLSTATE, statement)
//   pqxx::broken_connection    -> godwit::ConnectionLost (also for admin shutdown, 57P01..57P03)
//   pqxx::in_doubt_error       -> godwit::ConnectionLost, SQLSTATE 08007 (COMMIT outcome unknown)
//   pqxx::transaction_rollback -> godwit::DatabaseError with 40001 / 40P01 / 40003 / 40000
//   any other pqxx exception   -> godwit::Error
// Exceptions of other types (a revision's own, thrown from a stream callback) pass through untouched.
// Every message is masked (driver::SecretMasker): the server may echo a statement holding a password.

#include <string>
#include <string_view>
#include <vector>

namespace godwit::pg {

struct ErrorScope {
  std::string_view display_url;  // masked
  std::string_view statement;    // reported as DatabaseError::statement() when non-empty
};

// Call inside a catch block: rethrows the in-flight exception translated.
[[noreturn]] void rethrow_translated(const ErrorScope& scope);

// The server's primary message without its "ERROR:  " prefix, plus DETAIL (and the CONTEXT of a COPY) when
// present, on one line.
std::string server_message(std::string_view what);

// " at character N in statement: <its first few hundred characters>" for a failed statement: what a user
// needs to find the fault, since the SDK's error channel carries only the message across the plugin
// boundary. N is PG_DIAG_STATEMENT_POSITION, recovered from the "LINE n: ..." and caret lines libpq
// renders it as (libpqxx 6.4 keeps no PGresult); without a position, just the statement.
std::string statement_note(std::string_view what, std::string_view statement);

template <class F>
decltype(auto) translated(const ErrorScope& scope, F&& body) {
  try {
    return body();
  } catch (...) {
    rethrow_translated(scope);
  }
}

}  // namespace godwit::pg
