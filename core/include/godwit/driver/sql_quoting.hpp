#pragma once

// SQL's own quoting, which PostgreSQL and SQLite share for identifiers ("a""b") and plain string literals
// ('it''s'): the text between two `quote` characters, each one inside doubled. Dialects add what is theirs
// (NUL checks, PostgreSQL's E'' for backslashes). Header-only: drivers do not link the core.

#include <string>
#include <string_view>

namespace godwit::driver {

inline std::string quote_by_doubling(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

}  // namespace godwit::driver
