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

// A bound statement parameter, carried as text (PostgreSQL's text format) or NULL. Values are never pasted
// into SQL by the host: drivers bind them; offline (--sql) mode renders them as quoted literals.
class Value {
 public:
  Value() = default;  // NULL
  Value(std::nullptr_t) {}
  Value(std::nullopt_t) {}
  Value(const char* text) : text_(std::string(text)) {}
  Value(std::string text) : text_(std::move(text)) {}
  Value(std::string_view text) : text_(std::string(text)) {}
  Value(bool b) : text_(b ? "true" : "false") {}
  template <class T,
            std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>,
                             int> = 0>
  Value(T number) : text_(number_to_text(number)) {}
  template <class T>
  Value(const std::optional<T>& value) {
    if (value) *this = Value(*value);
  }

  bool is_null() const noexcept { return !text_.has_value(); }
  const std::string& text() const { return *text_; }  // precondition: !is_null()

 private:
  template <class T>
  static std::string number_to_text(T number) {
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    return std::string(buffer, result.ptr);
  }

  std::optional<std::string> text_;
};

using Params = std::vector<Value>;

inline const Value null{};

GODWIT_END_NAMESPACE
