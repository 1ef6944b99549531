#include "connect.hpp"

#include <algorithm>
#include <cctype>
#include <pqxx/except>

#include "errors.hpp"
#include "godwit/driver/secret_masker.hpp"

namespace godwit::pg {
namespace {

bool contains(std::string_view text, std::string_view needle) {
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

// The quoted name following `prefix` in libpq's text (`database "x" does not exist` -> x), or empty.
std::string quoted_after(std::string_view text, std::string_view prefix) {
  const std::size_t at = text.find(prefix);
  if (at == std::string_view::npos) return {};
  const std::size_t open = at + prefix.size();
  const std::size_t close = text.find('"', open);
  if (close == std::string_view::npos) return {};
  return std::string(text.substr(open, close - open));
}

// Where libpq tried to connect, from its own message: `at "127.0.0.1", port 5433` or `on socket "/run/..."`.
std::string endpoint_from(std::string_view message, const ConnectTarget& target) {
  const std::string host = quoted_after(message, "server at \"");
  if (!host.empty()) {
    const std::size_t port_at = message.find("\", port ");
    if (port_at != std::string_view::npos) {
      std::size_t end = port_at + 8;
      while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
      const std::string shown = host.find(':') == std::string::npos ? host : "[" + host + "]";  // IPv6
      return shown + ":" + std::string(message.substr(port_at + 8, end - port_at - 8));
    }
    return host;
  }
  const std::string socket = quoted_after(message, "on socket \"");
  if (!socket.empty()) return "socket " + socket;
  return target.url.first_endpoint();
}

// libpq prefixes the interesting part with `connection to server at "...", port N failed: ` (v14+) and may
// list several attempts; keep the first reason, without severity prefixes or trailing hints.
std::string first_reason(std::string_view message) {
  std::string_view line = message.substr(0, message.find('\n'));
  if (const std::size_t failed = line.find("failed: "); failed != std::string_view::npos)
    line.remove_prefix(failed + 8);
  return server_message(line);
}

}  // namespace

ConnectTarget make_target(const driver::ConnectOptions& options) {
  ConnectTarget target;
  target.url = parse_url(options.url);
  // libpq or the server may echo parts of the connection string: every message this driver makes is
  // masked with the URL's passwords from here on.
  driver::SecretMasker::global().add_url(options.url);
  target.display_url = driver::SecretMasker::global().mask_url(options.url);
  target.connect_timeout = options.connect_timeout;
  target.conninfo = to_conninfo(target.url, options.connect_timeout, options.application_name);
  return target;
}

ConnectFailure describe_connect_failure(std::string_view libpq_message, const ConnectTarget& target) {
  const std::string head = "could not connect to " + target.display_url + ": ";
  const std::string endpoint = endpoint_from(libpq_message, target);
  if (contains(libpq_message, "password authentication failed"))
    return {head + "password authentication failed for user \"" + target.url.user +
                "\" — check the password in the URL",
            "28P01"};
  if (contains(libpq_message, "no password supplied"))
    return {head + "the server requires a password for user \"" + target.url.user +
                "\" — put it in the URL (postgresql://user:password@host/database)",
            "28P01"};
  if (const std::string db = quoted_after(libpq_message, "database \"");
      !db.empty() && contains(libpq_message, "does not exist"))
    return {head + "database \"" + db + "\" does not exist — create it (createdb " + db +
                ") or fix the database name in the URL",
            "3D000"};
  if (const std::string role = quoted_after(libpq_message, "role \"");
      !role.empty() && contains(libpq_message, "does not exist"))
    return {head + "role \"" + role + "\" does not exist — fix the user name in the URL", "28000"};
  if (contains(libpq_message, "connection refused") || contains(libpq_message, "no such file or directory"))
    return {head + "connection refused — is the server running on " + endpoint + "?", "08001"};
  if (contains(libpq_message, "timeout expired"))
    return {head + "timed out after " + std::to_string(target.connect_timeout.count()) + " s — is " +
                endpoint + " reachable (host, port, firewall)?",
            "08001"};
  if (contains(libpq_message, "could not translate host name"))
    return {head + "unknown host \"" + quoted_after(libpq_message, "host name \"") +
                "\" — check the host name in the URL",
            "08001"};
  if (contains(libpq_message, "invalid connection option") || contains(libpq_message, "invalid ") ||
      contains(libpq_message, "unrecognized"))
    return {head + first_reason(libpq_message) + " — check the URL's query parameters", "08001"};
  return {head + first_reason(libpq_message), "08001"};
}

std::unique_ptr<pqxx::connection> open_connection(const ConnectTarget& target) {
  try {
    return std::make_unique<pqxx::connection>(target.conninfo);
  } catch (const pqxx::broken_connection& e) {
    ConnectFailure failure = describe_connect_failure(driver::mask_secrets(e.what()), target);
    throw ConnectionLost(failure.message, failure.sqlstate);
  } catch (...) {
    rethrow_translated(ErrorScope{target.display_url, {}});
  }
}

}  // namespace godwit::pg
