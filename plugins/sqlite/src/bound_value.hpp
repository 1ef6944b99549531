#pragma once

// How a typed SDK value (a Value parameter or a Field of a bulk load) reaches SQLite, which stores what it is
// bound: the type the revision gave decides, never the text. A bool is SQLite's boolean (1/0), an integer an
// INTEGER, a floating-point number a REAL, a string TEXT ("42" and "true" stay text; a column's affinity may
// still convert them, as it would any text). An online run binds a BoundValue; an offline script writes its
// literal(), so the two store the same.

#include <cstdint>
#include <string>
#include <string_view>

#include "godwit/value.hpp"

struct sqlite3_stmt;

namespace godwit::sqlite {

struct BoundValue {
  enum class Kind : unsigned char { null, integer, real, text };
  Kind kind = Kind::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string_view text;  // Kind::text: the caller's text, not copied

  // Sets `out` to the value of `type` whose text is `text`; returns why SQLite cannot store it as it is (an
  // integer outside the 64-bit range, a NaN, which SQLite would store as NULL), or "" when it can. The
  // caller names the parameter or column in its message.
  static std::string convert(ValueType type, std::string_view text, BoundValue& out);

  // Binds it to parameter `index` of `statement` (a text without copying it: it must outlive the step).
  // Returns SQLite's result code.
  int bind(sqlite3_stmt* statement, int index) const;
  // The SQL literal that stores the same value.
  std::string literal() const;
};

}  // namespace godwit::sqlite
