#include "url.hpp"

#include <cctype>

#include "godwit/driver/percent_decoding.hpp"
#include "godwit/driver/secret_masker.hpp"
#include "godwit/errors.hpp"

namespace godwit::sqlite {
namespace {

constexpr std::string_view kForms =
    "sqlite:///relative/path.db, sqlite:////absolute/path.db, or sqlite:// for an in-memory database";

[[noreturn]] void refuse(std::string_view url, const std::string& reason) {
  throw Error("invalid SQLite URL '" + driver::SecretMasker::global().mask_url(url) + "': " + reason);
}

std::string decode_path(std::string_view url, std::string_view text) {
  driver::PercentDecoded decoded = driver::percent_decode(text);
  if (!decoded.well_formed())
    refuse(url, "invalid percent-encoding '" + std::string(text.substr(decoded.first_malformed, 3)) +
                    "' in the path (write a '%' as %25)");
  if (decoded.text.find('\0') != std::string::npos) refuse(url, "the path holds a NUL byte (%00)");
  return std::move(decoded.text);
}

bool scheme_is_sqlite(std::string_view scheme) {
  constexpr std::string_view kScheme = "sqlite";
  if (scheme.size() != kScheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(scheme[i])) != kScheme[i]) return false;
  return true;
}

}  // namespace

SqliteUrl parse_url(std::string_view url) {
  const std::size_t separator = url.find("://");
  if (separator == std::string_view::npos || !scheme_is_sqlite(url.substr(0, separator)))
    refuse(url, "expected " + std::string(kForms));
  const std::string_view rest = url.substr(separator + 3);
  SqliteUrl out;
  if (rest.empty()) {
    out.memory = true;
    return out;
  }
  if (rest.front() != '/') {
    const std::string_view host = rest.substr(0, rest.find('/'));
    refuse(url, "it has a host part ('" + driver::SecretMasker::global().mask_url(host) +
                    "'), but an SQLite database is a file: write " + std::string(kForms));
  }
  const std::size_t fragment = rest.find('#');
  if (fragment != std::string_view::npos)
    refuse(url, "it has a fragment ('#...'); percent-encode a '#' in the path as %23");
  const std::size_t query = rest.find('?');
  if (query != std::string_view::npos && query + 1 < rest.size()) {
    const std::string_view parameters = rest.substr(query + 1);
    const std::string_view first = parameters.substr(0, parameters.find('&'));
    refuse(url, "unknown query parameter '" + std::string(first.substr(0, first.find('='))) +
                    "' (the SQLite driver takes none; percent-encode a '?' in the path as %3F)");
  }
  const std::string path =
      decode_path(url, rest.substr(1, query == std::string_view::npos ? rest.npos : query - 1));
  if (path.empty()) refuse(url, "it names no file: write " + std::string(kForms));
  if (path == ":memory:") {
    out.memory = true;
    return out;
  }
  if (path.back() == '/') refuse(url, "the path '" + path + "' names a directory, not a database file");
  out.path = path;
  return out;
}

}  // namespace godwit::sqlite
