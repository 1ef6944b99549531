#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "godwit/value.hpp"
#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

// One field handed to a CopyWriter: NULL, or a typed value with its text (not yet escaped) in PostgreSQL's
// text format, as a Value has (value.hpp); booleans are "t"/"f", COPY's own spelling. Numbers are formatted
// into the field's own small buffer, so writing a row allocates nothing.
class Field {
 public:
  Field() = default;
  Field(std::nullptr_t) {}
  Field(std::nullopt_t) {}
  Field(std::string_view text) : text_(text), type_(ValueType::text) {}
  Field(const std::string& text) : text_(text), type_(ValueType::text) {}
  Field(const char* text) : text_(text), type_(ValueType::text) {}
  Field(bool b) : text_(b ? "t" : "f"), type_(ValueType::boolean) {}
  template <class T, std::enable_if_t<detail::is_number_v<T>, int> = 0>
  Field(T number)
      : text_(detail::format_number(number, buffer_, sizeof buffer_)), type_(detail::number_type<T>()) {}
  template <class T>
  Field(const std::optional<T>& value) : Field() {
    if (value) *this = Field(*value);
  }
  Field(const Field& other) { *this = other; }
  Field& operator=(const Field& other) {
    type_ = other.type_;
    if (other.text_.data() == other.buffer_) {  // keep pointing at our own copy of the digits
      std::char_traits<char>::copy(buffer_, other.buffer_, other.text_.size());
      text_ = std::string_view(buffer_, other.text_.size());
    } else {
      text_ = other.text_;
    }
    return *this;
  }

  ValueType type() const noexcept { return type_; }
  bool is_null() const noexcept { return type_ == ValueType::null; }
  std::string_view text() const noexcept { return text_; }

 private:
  std::string_view text_;
  ValueType type_ = ValueType::null;
  char buffer_[40];
};

// Bulk load into one table (PostgreSQL: COPY ... FROM STDIN). The fast path for data migrations: rows are
// escaped and buffered by the driver and sent in large chunks. Call finish() to complete the load; a writer
// destroyed without finish() aborts it, and the surrounding transaction reports the failure.
class CopyWriter {
 public:
  virtual ~CopyWriter() = default;
  virtual void write_row(const Field* fields, std::size_t count) = 0;
  // Returns the number of rows written.
  virtual std::uint64_t finish() = 0;

  template <class... T>
  void write(const T&... values) {
    const Field fields[] = {Field(values)...};
    write_row(fields, sizeof...(T));
  }
};

GODWIT_END_NAMESPACE
