#include "url.hpp"

#include <algorithm>
#include <cctype>

#include "godwit/driver/percent_decoding.hpp"
#include "godwit/driver/secret_masker.hpp"
#include "godwit/errors.hpp"

namespace godwit::pg {
namespace {

constexpr std::string_view kExpected = "postgresql://user:password@host:port/database?key=value";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view url) : url_(url) {}

  PgUrl parse() {
    const std::size_t sep = url_.find("://");
    if (sep == std::string_view::npos) throw fail("it does not start with postgresql://");
    const std::string scheme = lower(url_.substr(0, sep));
    if (scheme != "postgresql" && scheme != "postgres")
      throw fail("the scheme '" + scheme + "' is not postgresql:// or postgres://");
    std::string_view rest = url_.substr(sep + 3);
    if (rest.find('#') != std::string_view::npos) throw fail("fragments ('#...') are not allowed");

    const std::size_t authority_end = std::min(rest.find_first_of("/?"), rest.size());
    if (rest.find('@', authority_end) != std::string_view::npos)
      throw fail(
          "'@' after the host: percent-encode '/', '?' and '@' in the user name and password (%2F, %3F, "
          "%40)");
    parse_authority(rest.substr(0, authority_end));
    rest.remove_prefix(authority_end);

    const std::size_t query_start = std::min(rest.find('?'), rest.size());
    if (!rest.empty() && rest.front() == '/')
      url_out_.dbname = decode(rest.substr(1, query_start - 1), "database");
    if (query_start < rest.size()) parse_query(rest.substr(query_start + 1));
    return std::move(url_out_);
  }

 private:
  // Messages name the part at fault but never echo text that may be a password.
  Error fail(const std::string& why) const {
    return Error("invalid PostgreSQL URL '" + driver::SecretMasker::global().mask_url(url_) + "': " + why +
                 " (expected " + std::string(kExpected) + ")");
  }

  std::string decode(std::string_view text, std::string_view what) const {
    driver::PercentDecoded decoded = driver::percent_decode(text);
    if (!decoded.well_formed()) throw fail("bad percent-encoding in the " + std::string(what) + " (use %XX)");
    return std::move(decoded.text);
  }

  void parse_authority(std::string_view authority) {
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      const std::string_view userinfo = authority.substr(0, at);
      const std::size_t colon = userinfo.find(':');
      url_out_.user = decode(userinfo.substr(0, colon), "user name");
      if (colon != std::string_view::npos) {
        const std::string_view raw = userinfo.substr(colon + 1);
        url_out_.password = decode(raw, "password");
        url_out_.has_password = true;
      }
      authority.remove_prefix(at + 1);
    }
    if (authority.empty()) return;
    std::size_t start = 0;
    while (start <= authority.size()) {
      const std::size_t comma = std::min(authority.find(',', start), authority.size());
      url_out_.hosts.push_back(parse_host(authority.substr(start, comma - start)));
      start = comma + 1;
    }
  }

  HostPort parse_host(std::string_view spec) const {
    if (spec.empty()) throw fail("a host in the host list is empty");
    HostPort out;
    std::string_view port_part;
    bool has_port = false;
    if (spec.front() == '[') {
      const std::size_t close = spec.find(']');
      if (close == std::string_view::npos) throw fail("'[' without ']' around an IPv6 host");
      out.host = std::string(spec.substr(1, close - 1));
      const std::string_view after = spec.substr(close + 1);
      if (!after.empty() && after.front() != ':') throw fail("unexpected text after ']' in the host");
      has_port = !after.empty();
      if (has_port) port_part = after.substr(1);
    } else {
      const std::size_t colon = spec.find(':');
      out.host = decode(spec.substr(0, colon), "host");
      has_port = colon != std::string_view::npos;
      if (has_port) port_part = spec.substr(colon + 1);
    }
    if (has_port) {
      const bool digits = !port_part.empty() && port_part.size() <= 5 &&
                          std::all_of(port_part.begin(), port_part.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
      if (!digits || std::stoi(std::string(port_part)) < 1 || std::stoi(std::string(port_part)) > 65535)
        throw fail("the port of host '" + out.host + "' is not a number between 1 and 65535");
      out.port = std::string(port_part);
    }
    return out;
  }

  void parse_query(std::string_view query) {
    std::size_t start = 0;
    while (start <= query.size()) {
      const std::size_t amp = std::min(query.find('&', start), query.size());
      const std::string_view item = query.substr(start, amp - start);
      start = amp + 1;
      if (item.empty()) continue;
      const std::size_t eq = item.find('=');
      if (eq == std::string_view::npos || eq == 0)
        throw fail("a query parameter is not key=value (parameters are separated by '&')");
      std::string key = decode(item.substr(0, eq), "query parameter name");
      std::string value = decode(item.substr(eq + 1), "value of query parameter '" + key + "'");
      url_out_.params.emplace_back(std::move(key), std::move(value));
    }
  }

  std::string_view url_;
  PgUrl url_out_;
};

void append_keyword(std::string& out, std::string_view key, std::string_view value) {
  out.append(key).append("='");
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out.append("' ");
}

}  // namespace

std::string PgUrl::first_endpoint() const {
  std::string host = hosts.empty() ? std::string() : hosts.front().host;
  std::string port = hosts.empty() ? std::string() : hosts.front().port;
  if (const std::string* h = param("host"); host.empty() && h) host = h->substr(0, h->find(','));
  if (const std::string* p = param("port"); port.empty() && p) port = p->substr(0, p->find(','));
  return (host.empty() ? "localhost" : host) + ":" + (port.empty() ? "5432" : port);
}

const std::string* PgUrl::param(std::string_view key) const {
  for (const auto& [k, v] : params)
    if (k == key) return &v;
  return nullptr;
}

PgUrl parse_url(std::string_view url) {
  return Parser(url).parse();
}

std::string to_conninfo(const PgUrl& url, std::chrono::seconds connect_timeout,
                        std::string_view application_name) {
  std::string out;
  std::string hosts, ports;
  bool any_host = false, any_port = false;
  for (std::size_t i = 0; i < url.hosts.size(); ++i) {
    if (i > 0) {
      hosts += ',';
      ports += ',';
    }
    hosts += url.hosts[i].host;
    ports += url.hosts[i].port;
    any_host = any_host || !url.hosts[i].host.empty();
    any_port = any_port || !url.hosts[i].port.empty();
  }
  if (any_host) append_keyword(out, "host", hosts);
  if (any_port) append_keyword(out, "port", ports);
  if (!url.user.empty()) append_keyword(out, "user", url.user);
  if (url.has_password) append_keyword(out, "password", url.password);
  if (!url.dbname.empty()) append_keyword(out, "dbname", url.dbname);
  for (const auto& [key, value] : url.params) append_keyword(out, key, value);
  if (!url.param("connect_timeout") && connect_timeout.count() > 0)
    append_keyword(out, "connect_timeout", std::to_string(connect_timeout.count()));
  if (!url.param("application_name") && !application_name.empty())
    append_keyword(out, "application_name", application_name);
  // Revisions are C++ source, so their text is UTF-8 whatever the database's encoding.
  if (!url.param("client_encoding")) append_keyword(out, "client_encoding", "UTF8");
  return out;
}

}  // namespace godwit::pg
