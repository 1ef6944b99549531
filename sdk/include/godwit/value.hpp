#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

// What a bound parameter (Value) or a bulk-loaded field (Field) holds, so that a driver binds it as the
// database's own type instead of guessing from its text: SQLite stores what it is bound, so the text "true"
// given for a TEXT column must stay text, and a bool must become SQLite's boolean (1/0).
enum class ValueType : std::uint8_t { null, boolean, integer, real, text };

namespace detail {

// A number's text as PostgreSQL's input functions read it: integers in decimal, floating point in the
// shortest form that reads back as the same value.
template <class T>
std::string_view format_number(T number, char* buffer, std::size_t size) {
  const auto result = std::to_chars(buffer, buffer + size, number);
  return std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer));
}

template <class T>
constexpr ValueType number_type() {
  return std::is_integral_v<T> ? ValueType::integer : ValueType::real;
}

template <class T>
constexpr bool is_number_v = std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>;

}  // namespace detail

// A bound statement parameter: NULL, or a typed value carried with its text in PostgreSQL's text format
// ("true"/"false", "42", "2.5"). text() is that text for every type; type() says what it is. Values are never
// pasted into SQL by the host: drivers bind them; offline (--sql) mode renders them as literals.
class Value {
 public:
  Value() = default;  // NULL
  Value(std::nullptr_t) {}
  Value(std::nullopt_t) {}
  Value(const char* text) : text_(std::string(text)), type_(ValueType::text) {}
  Value(std::string text) : text_(std::move(text)), type_(ValueType::text) {}
  Value(std::string_view text) : text_(std::string(text)), type_(ValueType::text) {}
  Value(bool b) : text_(b ? "true" : "false"), type_(ValueType::boolean) {}
  template <class T, std::enable_if_t<detail::is_number_v<T>, int> = 0>
  Value(T number) : type_(detail::number_type<T>()) {
    char buffer[64];
    text_ = std::string(detail::format_number(number, buffer, sizeof buffer));
  }
  template <class T>
  Value(const std::optional<T>& value) {
    if (value) *this = Value(*value);
  }

  ValueType type() const noexcept { return type_; }
  bool is_null() const noexcept { return type_ == ValueType::null; }
  const std::string& text() const { return *text_; }  // precondition: !is_null()

 private:
  std::optional<std::string> text_;
  ValueType type_ = ValueType::null;
};

using Params = std::vector<Value>;

inline const Value null{};

GODWIT_END_NAMESPACE
