#pragma once

// The one masker for every text godwit stores, logs or prints: history rows' errors, log records, error
// lines, status output, health reports, and the driver's own messages. Header-only because drivers do not
// link the core; each module (the host, a driver library) has its own registry of secrets.
//
// Three rules, applied in this order:
//   1. URL userinfo: "scheme://user:pw@host" -> "scheme://user:***@host". The userinfo ends at the last '@'
//      of the URL, so an unencoded '@', '/', '?' or '#' in a password is masked too (over-masking a
//      malformed URL is the safe side). Without any '@', a port that is not a number is masked: in
//      "postgresql://user:secret/db" the password reads as a port.
//   2. Keywords: "password=value", "password = 'quoted \' value'" (libpq conninfo, URL query strings, JDBC),
//      and SQL's "PASSWORD 'literal'" (CREATE/ALTER ROLE), case-insensitively.
//   3. Literals: every registered secret (the configured password, as written and percent-decoded),
//      wherever it appears, longest first.
//
// Literal masking needs a minimum length (kMinLiteralLength). A one- to three-character secret such as "a",
// "pw" or "123" occurs inside ordinary words, identifiers, numbers and SQL, so replacing it everywhere
// would turn every message into noise ("t***ble" for "table" with password "a") while hiding next to
// nothing: so short a password falls to brute force in moments whether or not it is printed. Such a
// password is still masked wherever rules 1 and 2 recognise it as a password.

#include <algorithm>
#include <cctype>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/driver/percent_decoding.hpp"

namespace godwit::driver {

class SecretMasker {
 public:
  static constexpr std::size_t kMinLiteralLength = 4;
  static constexpr std::string_view kMask = "***";

  // Adds a literal secret; ignored when shorter than kMinLiteralLength (see above) or already known.
  void add(std::string_view secret) {
    if (secret.size() < kMinLiteralLength) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
    secrets_.emplace_back(secret);
    // Longest first: a secret that contains another must be replaced whole.
    std::stable_sort(secrets_.begin(), secrets_.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }

  // Adds the passwords a URL holds (userinfo and `password=` parameters), as written and percent-decoded.
  void add_url(std::string_view url) {
    for (const std::string& secret : url_passwords(url)) add(secret);
  }

  // Free text: rules 1 to 3. Only "scheme://" URLs are recognised, so prose such as "note: a@b" is kept.
  std::string mask(std::string_view text) const {
    std::string out = mask_structure(text);
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::string& secret : secrets_) replace_all(out, secret);
    return out;
  }

  // Text known to be one URL, perhaps malformed or without a scheme ("user:pw@host/db").
  std::string mask_url(std::string_view url) const {
    std::string out(url);
    const std::size_t sep = out.find("://");
    mask_userinfo(out, sep == std::string::npos ? 0 : sep + 3, out.size());
    return mask(out);
  }

  // Rules 1 and 2 only: no registered secrets involved.
  static std::string mask_structure(std::string_view text) {
    std::string out(text);
    for (std::size_t sep = out.find("://"); sep != std::string::npos; sep = out.find("://", sep + 3))
      mask_userinfo(out, sep + 3, token_end(out, sep + 3));
    mask_keywords(out);
    return out;
  }

  // The process-wide masker of this module: the host registers the configured password at start-up, a
  // driver the password of each URL it connects with.
  static SecretMasker& global() {
    static SecretMasker instance;
    return instance;
  }
  static void register_secret(std::string_view secret) { global().add(secret); }

  // The passwords in `url`, as written and percent-decoded, empty ones left out.
  static std::vector<std::string> url_passwords(std::string_view url) {
    std::vector<std::string> out;
    const auto push = [&out](std::string_view raw) {
      if (raw.empty()) return;
      out.emplace_back(raw);
      const std::string decoded = percent_decode(raw).text;  // lenient: any % left as written
      if (decoded != raw) out.push_back(decoded);
    };
    const std::size_t sep = url.find("://");
    const std::size_t start = sep == std::string_view::npos ? 0 : sep + 3;
    const std::size_t at = url.rfind('@');
    if (at != std::string_view::npos && at >= start) {
      const std::size_t colon = url.find(':', start);
      if (colon < at) push(url.substr(colon + 1, at - colon - 1));
    }
    for (const auto& [begin, end] : keyword_values(url)) push(unquote(url.substr(begin, end - begin)));
    return out;
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  static bool iequals(std::string_view text, std::size_t at, std::string_view word) {
    if (at + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
    return true;
  }

  // A URL in prose ends at whitespace or a quote around it.
  static std::size_t token_end(const std::string& text, std::size_t start) {
    return std::min(text.find_first_of(" \t\r\n'\"`<>", start), text.size());
  }

  // Masks the password of the URL whose authority starts at `start` and which ends at `end`.
  static void mask_userinfo(std::string& text, std::size_t start, std::size_t end) {
    const std::size_t at = text.rfind('@', end == 0 ? 0 : end - 1);
    if (at == std::string::npos || at < start || at >= end) return mask_odd_port(text, start, end);
    const std::size_t colon = text.find(':', start);
    if (colon < at) text.replace(colon + 1, at - colon - 1, kMask);
  }

  // Without an '@', "postgresql://user:secret/db" reads as host "user", port "secret": a port that is not
  // a number may well be a password.
  static void mask_odd_port(std::string& text, std::size_t start, std::size_t end) {
    const std::size_t authority_end = std::min(text.find_first_of("/?#", start), end);
    for (std::size_t segment = start; segment < authority_end;) {
      const std::size_t segment_end = std::min(text.find(',', segment), authority_end);
      std::size_t colon = text.find(':', text[segment] == '[' ? text.find(']', segment) : segment);
      if (colon < segment_end) {
        const bool digits = std::all_of(text.begin() + static_cast<std::ptrdiff_t>(colon + 1),
                                        text.begin() + static_cast<std::ptrdiff_t>(segment_end),
                                        [](unsigned char c) { return std::isdigit(c) != 0; });
        if (!digits) {
          text.replace(colon + 1, segment_end - colon - 1, kMask);
          return;  // later positions moved; one masked port is enough
        }
      }
      segment = segment_end + 1;
    }
  }

  // [begin, end) of the value of a single-quoted literal starting at `open`, quotes included. Both a
  // backslash (conninfo) and a doubled quote (SQL) escape a quote.
  static std::size_t quoted_end(std::string_view text, std::size_t open) {
    std::size_t i = open + 1;
    for (; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
    }
    return text.size();
  }

  // An unquoted value holds no whitespace (conninfo) and ends at '&' or '#' (URL query). A ',', ')' or '.'
  // before whitespace or the end is the prose around it ("(password=x), then"): at most that one character
  // of a password could show.
  static std::size_t unquoted_end(std::string_view text, std::size_t value) {
    std::size_t end = std::min(text.find_first_of(" \t\r\n&;#'\"", value), text.size());
    while (end > value + 1 && (text[end - 1] == ',' || text[end - 1] == ')' || text[end - 1] == '.')) --end;
    return end;
  }

  // The [begin, end) ranges of every password value: "password=v", "password = 'v'", "PASSWORD 'v'".
  static std::vector<std::pair<std::size_t, std::size_t>> keyword_values(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    constexpr std::string_view kKey = "password";
    for (std::size_t pos = 0; pos + kKey.size() <= text.size(); ++pos) {
      if (!iequals(text, pos, kKey)) continue;
      std::size_t value = pos + kKey.size();
      while (value < text.size() && is_space(text[value])) ++value;
      const bool keyword = value < text.size() && text[value] == '=';
      if (keyword)
        for (++value; value < text.size() && is_space(text[value]);) ++value;
      if (value >= text.size() || (!keyword && text[value] != '\'')) continue;
      const std::size_t end = text[value] == '\'' ? quoted_end(text, value) : unquoted_end(text, value);
      if (end > value) ranges.emplace_back(value, end);
      pos = end == 0 ? pos : end - 1;
    }
    return ranges;
  }

  static void mask_keywords(std::string& text) {
    const auto ranges = keyword_values(text);
    for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {  // back to front: offsets stay valid
      const bool quoted = text[it->first] == '\'';
      text.replace(it->first, it->second - it->first, quoted ? "'***'" : std::string(kMask));
    }
  }

  static std::string unquote(std::string_view value) {
    if (value.size() < 2 || value.front() != '\'') return std::string(value);
    std::string out;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
      if (value[i] == '\\' || (value[i] == '\'' && value[i + 1] == '\'')) ++i;
      out += value[i];
    }
    return out;
  }

  static void replace_all(std::string& text, const std::string& secret) {
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kMask.size()))
      text.replace(pos, secret.size(), kMask);
  }

  mutable std::mutex mutex_;
  std::vector<std::string> secrets_;
};

// Masks `text` with this module's process-wide masker.
inline std::string mask_secrets(std::string_view text) {
  return SecretMasker::global().mask(text);
}

}  // namespace godwit::driver
