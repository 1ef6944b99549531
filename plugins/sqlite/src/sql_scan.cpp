#include "sql_scan.hpp"

namespace godwit::sqlite {
namespace {

// Index past a section opened at sql[pos] and closed by `close`, where a doubled `close` inside (when
// `doubled` is set) stands for itself.
std::size_t skip_quoted(std::string_view sql, std::size_t pos, char close, bool doubled) {
  for (std::size_t i = pos + 1; i < sql.size(); ++i) {
    if (sql[i] != close) continue;
    if (doubled && i + 1 < sql.size() && sql[i + 1] == close) {
      ++i;
      continue;
    }
    return i + 1;
  }
  return sql.size();
}

}  // namespace

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::size_t skip_non_code(std::string_view sql, std::size_t pos) {
  if (pos >= sql.size()) return pos;
  const char c = sql[pos];
  const char next = pos + 1 < sql.size() ? sql[pos + 1] : '\0';
  switch (c) {
    case '\'':
      return skip_quoted(sql, pos, '\'', true);
    case '"':
      return skip_quoted(sql, pos, '"', true);
    case '`':
      return skip_quoted(sql, pos, '`', true);
    case '[':
      return skip_quoted(sql, pos, ']', false);
    case '-':
      if (next != '-') return pos;
      for (std::size_t i = pos + 2; i < sql.size(); ++i)
        if (sql[i] == '\n') return i + 1;
      return sql.size();
    case '/': {
      if (next != '*') return pos;
      const std::size_t end = sql.find("*/", pos + 2);
      return end == std::string_view::npos ? sql.size() : end + 2;
    }
    default:
      return pos;
  }
}

bool only_space_and_comments(std::string_view sql) {
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ';') {
      ++i;
      continue;
    }
    const std::size_t end = skip_non_code(sql, i);
    if (end == i || (c != '-' && c != '/')) return false;  // code, or a literal/identifier
    i = end;
  }
  return true;
}

}  // namespace godwit::sqlite
