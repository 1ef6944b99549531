#include "bound_value.hpp"

#include <sqlite3.h>

#include <charconv>
#include <cmath>

#include "dialect.hpp"

namespace godwit::sqlite {
std::string BoundValue::convert(ValueType type, std::string_view text, BoundValue& out) {
  out = BoundValue{};
  const char* const end = text.data() + text.size();
  switch (type) {
    case ValueType::null:
      break;
    case ValueType::boolean:  // "true"/"false" (Value) or "t"/"f" (Field)
      out.kind = Kind::integer;
      out.integer = !text.empty() && text[0] == 't' ? 1 : 0;
      break;
    case ValueType::integer: {
      const auto result = std::from_chars(text.data(), end, out.integer);
      if (result.ec == std::errc::result_out_of_range)
        return std::string(text) + " does not fit in SQLite's 64-bit INTEGER";
      if (result.ec != std::errc() || result.ptr != end)
        return "'" + std::string(text) + "' is not an integer";
      out.kind = Kind::integer;
      break;
    }
    case ValueType::real: {
      const auto result = std::from_chars(text.data(), end, out.real);
      if (result.ec != std::errc() || result.ptr != end)
        return "'" + std::string(text) + "' is not a floating-point number";
      if (std::isnan(out.real)) return "SQLite has no NaN (it would store NULL)";
      out.kind = Kind::real;
      break;
    }
    case ValueType::text:
      out.kind = Kind::text;
      out.text = text;
      break;
  }
  return {};
}

int BoundValue::bind(sqlite3_stmt* statement, int index) const {
  switch (kind) {
    case Kind::null:
      return sqlite3_bind_null(statement, index);
    case Kind::integer:
      return sqlite3_bind_int64(statement, index, integer);
    case Kind::real:
      return sqlite3_bind_double(statement, index, real);
    case Kind::text:
      break;
  }
  return sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

std::string BoundValue::literal() const {
  switch (kind) {
    case Kind::null:
      return "NULL";
    case Kind::integer:
      // In parentheses when negative: "1-?1" must not become the comment "1--5".
      return integer < 0 ? "(" + std::to_string(integer) + ")" : std::to_string(integer);
    case Kind::real: {
      if (std::isinf(real)) return real < 0 ? "(-9e999)" : "9e999";  // how SQLite spells infinity
      char buffer[64];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, real);
      std::string digits(buffer, result.ptr);
      // "2" would be read back as an INTEGER: a REAL literal has a point or an exponent.
      if (digits.find_first_of(".e") == std::string::npos) digits += ".0";
      return real < 0 ? "(" + digits + ")" : digits;
    }
    case Kind::text:
      break;
  }
  return SqliteDialect::text_literal(text);
}

}  // namespace godwit::sqlite
