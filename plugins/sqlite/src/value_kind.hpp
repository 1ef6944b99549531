#pragma once

// How a godwit::Value (text or NULL: the SDK's values carry no type) reaches SQLite. Binding everything as
// text would make `WHERE $1 = 1` false and `LIMIT $1` text, since SQLite compares a bare parameter by its
// storage class. So text in canonical int64 form ("42", "-7", not "007" or "+1") is bound as an integer,
// and "true"/"false" (what Value(bool) holds) as 1/0 (SQLite's booleans). Column affinity turns such an
// integer back into the same text in a TEXT column, so a text value that only looks like a number still
// reads back unchanged; only the exact strings "true" and "false" are taken for booleans. Offline scripts
// (Dialect::inline_parameters) render values by the same rule, so a script replays what a run binds.

#include <charconv>
#include <cstdint>
#include <string>

#include "godwit/value.hpp"

namespace godwit::sqlite {

enum class ValueKind { null, integer, text };

inline ValueKind classify(const Value& value, std::int64_t& integer) {
  if (value.is_null()) return ValueKind::null;
  const std::string& text = value.text();
  if (text == "true" || text == "false") {
    integer = text == "true" ? 1 : 0;
    return ValueKind::integer;
  }
  const std::size_t digits = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == digits || text.size() > digits + 19) return ValueKind::text;
  if (text[digits] == '0' && (text.size() > digits + 1 || digits == 1)) return ValueKind::text;  // 007, -0
  for (std::size_t i = digits; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return ValueKind::text;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), integer);
  return result.ec == std::errc() ? ValueKind::integer : ValueKind::text;  // out of range: text
}

}  // namespace godwit::sqlite
