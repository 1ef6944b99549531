#pragma once

// PostgreSQL URLs (postgresql://user:password@host:port/database?key=value&...): validation and translation
// into a libpq keyword/value conninfo string. libpq accepts URIs itself, but parsing here gives a clean error
// before any network I/O, and handing libpq keyword/value pairs means its error texts never quote the URL
// (and so never its password).

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace godwit::pg {

struct HostPort {
  std::string host;  // decoded; empty: libpq's default (unix socket)
  std::string port;  // digits or empty
};

struct PgUrl {
  std::string user;      // decoded, may be empty
  std::string password;  // decoded, may be empty
  bool has_password = false;
  std::vector<HostPort> hosts;
  std::string dbname;                                       // decoded, may be empty
  std::vector<std::pair<std::string, std::string>> params;  // decoded query parameters, in order

  // "host:port" of the first host, for messages ("localhost:5432" when the URL names none).
  std::string first_endpoint() const;
  const std::string* param(std::string_view key) const;
};

// Parses and validates a URL. Throws godwit::Error naming the masked URL (driver::SecretMasker) and what is
// wrong with it.
PgUrl parse_url(std::string_view url);

// libpq conninfo for the URL. `connect_timeout`, `application_name` and `client_encoding` are added unless
// the URL sets them itself (the URL is the more specific setting).
std::string to_conninfo(const PgUrl& url, std::chrono::seconds connect_timeout,
                        std::string_view application_name);

}  // namespace godwit::pg
