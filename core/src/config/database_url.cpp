#include "godwit/core/config/database_url.hpp"

#include <cctype>

#include "godwit/core/error.hpp"

namespace godwit::core::config {

namespace {

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// Masks the value after every "password=" (case-insensitive) up to the next separator.
std::string mask_keyword_passwords(std::string text) {
  static const std::string key = "password=";
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t found = std::string::npos;
    for (std::size_t i = pos; i + key.size() <= text.size(); ++i) {
      bool match = true;
      for (std::size_t k = 0; k < key.size() && match; ++k)
        match = std::tolower(static_cast<unsigned char>(text[i + k])) == key[k];
      if (match) {
        found = i;
        break;
      }
    }
    if (found == std::string::npos) break;
    std::size_t start = found + key.size();
    std::size_t end = text.find_first_of(" &;", start);
    if (end == std::string::npos) end = text.size();
    text.replace(start, end - start, "***");
    pos = start + 3;
  }
  return text;
}

// For text that failed to parse as a URL: anything between the first ':' and the last '@' may be a
// password, so it is masked even without a scheme.
std::string mask_unparsed(std::string_view url) {
  std::string out = DatabaseUrl::mask_password(url);
  const auto at = out.rfind('@');
  if (at == std::string::npos) return out;
  const auto scheme_end = out.rfind("://", at);
  const auto start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const auto colon = out.find(':', start);
  if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  return out;
}

}  // namespace

DatabaseUrl DatabaseUrl::parse(std::string_view url) {
  auto sep = url.find("://");
  if (url.empty()) throw Error(ErrorCategory::config, "the database URL is empty");
  if (sep == std::string_view::npos || sep == 0)
    throw Error(ErrorCategory::config, "malformed database URL '" + mask_unparsed(url) +
                                           "': expected scheme://user:password@host:port/database");
  for (char c : url.substr(0, sep))
    if (!is_scheme_char(c))
      throw Error(ErrorCategory::config, "malformed database URL '" + mask_unparsed(url) +
                                             "': the scheme holds an invalid character");
  DatabaseUrl result;
  result.text_ = std::string(url);
  result.scheme_.reserve(sep);
  for (char c : url.substr(0, sep))
    result.scheme_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

std::string DatabaseUrl::mask_password(std::string_view text) {
  std::string out(text);
  for (auto sep = out.find("://"); sep != std::string::npos; sep = out.find("://", sep + 3)) {
    const auto authority_start = sep + 3;
    auto authority_end = out.find_first_of("/?# \t\n'\"", authority_start);
    if (authority_end == std::string::npos) authority_end = out.size();
    // The userinfo ends at the last '@' of the authority: an unencoded password may itself hold '@'.
    const auto at = out.rfind('@', authority_end - 1);
    if (at == std::string::npos || at < authority_start) continue;
    const auto colon = out.find(':', authority_start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  return mask_keyword_passwords(out);
}

std::string percent_encode(std::string_view component) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : component) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace godwit::core::config
