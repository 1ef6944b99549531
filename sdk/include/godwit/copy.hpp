#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

// One field handed to a CopyWriter: text (not yet escaped) or NULL. Numbers are formatted into the
// field's own small buffer, so writing a row allocates nothing.
class Field {
 public:
  Field() : null_(true) {}
  Field(std::nullptr_t) : null_(true) {}
  Field(std::nullopt_t) : null_(true) {}
  Field(std::string_view text) : text_(text) {}
  Field(const std::string& text) : text_(text) {}
  Field(const char* text) : text_(text) {}
  Field(bool b) : text_(b ? "t" : "f") {}
  template <class T,
            std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>,
                             int> = 0>
  Field(T number) {
    auto result = std::to_chars(buffer_, buffer_ + sizeof buffer_, number);
    text_ = std::string_view(buffer_, static_cast<std::size_t>(result.ptr - buffer_));
  }
  template <class T>
  Field(const std::optional<T>& value) : Field() {
    if (value) *this = Field(*value);
  }
  Field(const Field& other) { *this = other; }
  Field& operator=(const Field& other) {
    null_ = other.null_;
    if (other.text_.data() == other.buffer_) {  // keep pointing at our own copy of the digits
      std::char_traits<char>::copy(buffer_, other.buffer_, other.text_.size());
      text_ = std::string_view(buffer_, other.text_.size());
    } else {
      text_ = other.text_;
    }
    return *this;
  }

  bool is_null() const noexcept { return null_; }
  std::string_view text() const noexcept { return text_; }

 private:
  std::string_view text_;
  bool null_ = false;
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
