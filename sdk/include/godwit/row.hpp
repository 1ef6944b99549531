#pragma once

#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "godwit/errors.hpp"
#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

// Where one field of a row lives inside a result's text buffer.
struct Cell {
  std::size_t offset = 0;
  std::size_t size = 0;
  bool null = false;
};

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
T parse_field(std::string_view text, std::size_t column) {
  if constexpr (std::is_same_v<T, std::string>) {
    return std::string(text);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    return text;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (text == "t" || text == "true" || text == "1") return true;
    if (text == "f" || text == "false" || text == "0") return false;
    throw ConversionError("column " + std::to_string(column) + ": '" + std::string(text) +
                          "' is not a boolean");
  } else {
    static_assert(std::is_arithmetic_v<T>, "Row::get<T> supports strings, bool, integers and floating point");
    T value{};
    auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size())
      throw ConversionError("column " + std::to_string(column) + ": '" + std::string(text) +
                            "' does not convert to the requested number type");
    return value;
  }
}

}  // namespace detail

// A non-owning view of one result row. Valid while the Rows it came from (or, when streaming, until the
// callback returns). Fields are in PostgreSQL's text format: get<T>() converts, get<std::optional<T>>() maps
// NULL to nullopt, and a NULL read as a non-optional type throws ConversionError.
class Row {
 public:
  Row(const char* base, const Cell* cells, std::size_t count, const std::vector<std::string>* columns)
      : base_(base), cells_(cells), count_(count), columns_(columns) {}

  std::size_t size() const noexcept { return count_; }
  bool is_null(std::size_t column) const { return cell(column).null; }
  std::string_view text(std::size_t column) const {
    const Cell& c = cell(column);
    return std::string_view(base_ + c.offset, c.size);
  }

  template <class T>
  T get(std::size_t column) const {
    if constexpr (detail::is_optional<T>::value) {
      if (is_null(column)) return std::nullopt;
      return detail::parse_field<typename T::value_type>(text(column), column);
    } else {
      if (is_null(column)) throw ConversionError("column " + column_label(column) + " is NULL");
      return detail::parse_field<T>(text(column), column);
    }
  }
  template <class T>
  T get(std::string_view name) const {
    return get<T>(index_of(name));
  }

  std::size_t index_of(std::string_view name) const {
    if (columns_)
      for (std::size_t i = 0; i < columns_->size(); ++i)
        if ((*columns_)[i] == name) return i;
    throw ConversionError("no column named '" + std::string(name) + "' in this result");
  }

 private:
  const Cell& cell(std::size_t column) const {
    if (column >= count_)
      throw ConversionError("column " + std::to_string(column) + " is out of range (row has " +
                            std::to_string(count_) + ")");
    return cells_[column];
  }
  std::string column_label(std::size_t column) const {
    if (columns_ && column < columns_->size()) return "'" + (*columns_)[column] + "'";
    return std::to_string(column);
  }

  const char* base_;
  const Cell* cells_;
  std::size_t count_;
  const std::vector<std::string>* columns_;
};

// A fully materialised result: column names and every row's fields in one text buffer.
class Rows {
 public:
  Rows() = default;
  explicit Rows(std::vector<std::string> columns) : columns_(std::move(columns)) {}

  const std::vector<std::string>& columns() const noexcept { return columns_; }
  std::size_t size() const noexcept { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
  bool empty() const noexcept { return size() == 0; }
  Row operator[](std::size_t row) const {
    return Row(data_.data(), cells_.data() + row * columns_.size(), columns_.size(), &columns_);
  }

  // Building, for drivers: append one field at a time, row by row.
  void append(std::string_view text) {
    cells_.push_back(Cell{data_.size(), text.size(), false});
    data_.append(text);
  }
  void append_null() { cells_.push_back(Cell{data_.size(), 0, true}); }
  void clear_rows() {
    data_.clear();
    cells_.clear();
  }

  class iterator {
   public:
    iterator(const Rows* rows, std::size_t index) : rows_(rows), index_(index) {}
    Row operator*() const { return (*rows_)[index_]; }
    iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator!=(const iterator& other) const { return index_ != other.index_; }

   private:
    const Rows* rows_;
    std::size_t index_;
  };
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size()); }

 private:
  std::vector<std::string> columns_;
  std::string data_;
  std::vector<Cell> cells_;
};

GODWIT_END_NAMESPACE
