#include "godwit/core/config/database_url.hpp"

#include <cctype>

#include "godwit/core/error.hpp"
#include "godwit/driver/secret_masker.hpp"

namespace godwit::core::config {

namespace {

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// For text that failed to parse as a URL: masked as one URL, so a password is found even without a scheme.
std::string mask_unparsed(std::string_view url) {
  return driver::SecretMasker::global().mask_url(url);
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

std::string DatabaseUrl::masked() const {
  return driver::SecretMasker::global().mask_url(text_);
}

void register_database_secrets(const Config& config, const Environment& environment) {
  auto& masker = driver::SecretMasker::global();
  if (config.database_url) masker.add_url(*config.database_url);
  if (const auto url = environment.find("DATABASE_URL"); url != environment.end())
    masker.add_url(url->second);
  if (const auto password = environment.find("DATABASE_PASSWORD"); password != environment.end()) {
    masker.add(password->second);
    masker.add(percent_encode(password->second));
  }
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
