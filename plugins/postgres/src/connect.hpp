#pragma once

// Opening a libpqxx connection from a godwit URL, with one-line, password-free messages for the ways a
// connection attempt fails (refused, timeout, unknown host, wrong password, unknown database or role).

#include <chrono>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/driver/driver.hpp"
#include "url.hpp"

namespace godwit::pg {

struct ConnectTarget {
  PgUrl url;
  std::string display_url;  // masked
  std::string conninfo;     // holds the password: never put it in a message
  std::chrono::seconds connect_timeout{0};
};

// Validates the URL; throws godwit::Error for a malformed one.
ConnectTarget make_target(const driver::ConnectOptions& options);

// Throws godwit::ConnectionLost with a message naming the masked URL and what to do next.
std::unique_ptr<pqxx::connection> open_connection(const ConnectTarget& target);

struct ConnectFailure {
  std::string message;
  std::string sqlstate;
};

// Turns libpq's (possibly multi-line) connection error into one line for `target`.
ConnectFailure describe_connect_failure(std::string_view libpq_message, const ConnectTarget& target);

}  // namespace godwit::pg
