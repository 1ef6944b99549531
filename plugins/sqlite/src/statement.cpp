#include "statement.hpp"

#include <sqlite3.h>

#include <charconv>
#include <climits>
#include <cmath>

#include "bound_value.hpp"

namespace godwit::sqlite {
namespace {

// The number N of a "$N" or "?N" marker name; 0 when the name is not of that form.
std::size_t marker_number(const char* name) {
  if (name == nullptr || (name[0] != '$' && name[0] != '?') || name[1] == '\0') return 0;
  std::size_t number = 0;
  for (const char* p = name + 1; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9' || number > 1000000) return 0;
    number = number * 10 + static_cast<std::size_t>(*p - '0');
  }
  return number;
}

// "$1::int" is one marker to SQLite (Tcl's namespace syntax): say what to write instead.
std::string named_marker_error(const std::string& name) {
  if (name.size() > 1 && name[0] == '$' && name[1] >= '0' && name[1] <= '9' &&
      name.find("::") != std::string::npos)
    return "'" + name + "': SQLite has no :: casts; write CAST(" + name.substr(0, name.find("::")) +
           " AS type)";
  return "named parameter '" + name + "' is not supported: write $1, $2, ... (or ?1, ?2, ...)";
}

void append_real(std::string& out, double value) {
  if (std::isinf(value)) {
    out += value > 0 ? "Infinity" : "-Infinity";  // PostgreSQL's spelling, which Row::get<double> reads
    return;
  }
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out.append(text, result.ptr);
}

void append_blob(std::string& out, const unsigned char* data, int size) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  for (int i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 0xF];
  }
}

// Appends column `c` of the current row; false for NULL.
bool append_field(sqlite3_stmt* statement, int c, std::string& out) {
  switch (sqlite3_column_type(statement, c)) {
    case SQLITE_NULL:
      return false;
    case SQLITE_INTEGER: {
      char text[24];
      const auto result = std::to_chars(text, text + sizeof text, sqlite3_column_int64(statement, c));
      out.append(text, result.ptr);
      return true;
    }
    case SQLITE_FLOAT:
      append_real(out, sqlite3_column_double(statement, c));
      return true;
    case SQLITE_BLOB: {
      const void* data = sqlite3_column_blob(statement, c);
      append_blob(out, static_cast<const unsigned char*>(data), sqlite3_column_bytes(statement, c));
      return true;
    }
    default: {
      const unsigned char* text = sqlite3_column_text(statement, c);  // text first, then its size
      out.append(reinterpret_cast<const char*>(text),
                 static_cast<std::size_t>(sqlite3_column_bytes(statement, c)));
      return true;
    }
  }
}

}  // namespace

void Statement::reset() noexcept {
  if (statement_ != nullptr) sqlite3_finalize(statement_);
  statement_ = nullptr;
}

int prepare(sqlite3* db, std::string_view sql, Statement& out, std::size_t& used) {
  out.reset();
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) return SQLITE_TOOBIG;
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), 0, &statement, &tail);
  out = Statement(statement);
  used = tail == nullptr ? sql.size() : static_cast<std::size_t>(tail - sql.data());
  return rc;
}

std::string bind_parameters(sqlite3_stmt* statement, const Params& params) {
  const int count = sqlite3_bind_parameter_count(statement);
  std::size_t highest = 0;
  for (int i = 1; i <= count; ++i) {
    const char* name = sqlite3_bind_parameter_name(statement, i);
    // A nameless index is a plain '?' (or a gap below a ?NNN, which binds harmlessly).
    const std::size_t number = name == nullptr ? static_cast<std::size_t>(i) : marker_number(name);
    if (number == 0) return named_marker_error(name);
    if (number > highest) highest = number;
    if (number > params.size()) continue;  // reported below, with the count
    const Value& value = params[number - 1];
    BoundValue bound;
    if (!value.is_null())
      if (std::string problem = BoundValue::convert(value.type(), value.text(), bound); !problem.empty())
        return "cannot bind parameter " + std::to_string(number) + ": " + problem;
    const int rc = bound.bind(statement, i);
    if (rc != SQLITE_OK) return "cannot bind parameter " + std::to_string(number) + ": " + sqlite3_errstr(rc);
  }
  if (highest == params.size()) return {};
  if (highest > params.size())
    return "the statement uses parameter " + std::to_string(highest) + " but " +
           std::to_string(params.size()) + " parameter(s) were given";
  return std::to_string(params.size()) + " parameter(s) were given but the statement uses " +
         (highest == 0 ? std::string("none") : "only " + std::to_string(highest));
}

std::vector<std::string> column_names(sqlite3_stmt* statement) {
  std::vector<std::string> names;
  const int count = sqlite3_column_count(statement);
  names.reserve(static_cast<std::size_t>(count));
  for (int c = 0; c < count; ++c) {
    const char* name = sqlite3_column_name(statement, c);
    names.emplace_back(name == nullptr ? "" : name);
  }
  return names;
}

void read_row(sqlite3_stmt* statement, std::string& buffer, std::vector<Cell>& cells) {
  const int count = sqlite3_column_count(statement);
  for (int c = 0; c < count; ++c) {
    const std::size_t offset = buffer.size();
    const bool present = append_field(statement, c, buffer);
    cells.push_back(Cell{offset, buffer.size() - offset, !present});
  }
}

void append_row(sqlite3_stmt* statement, Rows& rows, std::string& scratch) {
  const int count = sqlite3_column_count(statement);
  for (int c = 0; c < count; ++c) {
    scratch.clear();
    if (append_field(statement, c, scratch)) {
      rows.append(scratch);
    } else {
      rows.append_null();
    }
  }
}

}  // namespace godwit::sqlite
