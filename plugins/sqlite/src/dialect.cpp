#include "dialect.hpp"

#include <map>

#include "bound_value.hpp"
#include "godwit/driver/sql_quoting.hpp"
#include "godwit/errors.hpp"
#include "operation_sql.hpp"
#include "sql_scan.hpp"

namespace godwit::sqlite {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool starts_identifier(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The literal a bound Value stands for (bound_value.hpp): a run and its script store the same.
std::string value_literal(const Value& value, std::size_t number) {
  if (value.is_null()) return "NULL";
  BoundValue bound;
  if (const std::string problem = BoundValue::convert(value.type(), value.text(), bound); !problem.empty())
    throw Error("inline_parameters: parameter " + std::to_string(number) + ": " + problem);
  return bound.literal();
}

// SQLite numbers parameters as it meets them: ?NNN is NNN, a new name takes the next number, a bare ? the
// one after the highest so far. Mirrored here so that a bare ? inlines the value it would be bound to.
class MarkerNumbers {
 public:
  std::size_t numbered(std::size_t number) {
    highest_ = std::max(highest_, number);
    return number;
  }
  void named(const std::string& name) {
    if (seen_.emplace(name, highest_ + 1).second) ++highest_;
  }
  std::size_t next() { return ++highest_; }

 private:
  std::size_t highest_ = 0;
  std::map<std::string, std::size_t> seen_;
};

const Value& parameter(const Params& params, std::size_t number, std::string_view marker) {
  if (number == 0 || number > params.size())
    throw Error("inline_parameters: " + std::string(marker) + " has no value (" +
                std::to_string(params.size()) + " parameter(s) given)");
  return params[number - 1];
}

}  // namespace

const driver::Capabilities& SqliteDialect::capabilities() const {
  // RETURNING since 3.35; no UPDATE/DELETE inside WITH; SQLITE_MAX_VARIABLE_NUMBER's default since 3.32;
  // identifiers of any length.
  static const driver::Capabilities kCapabilities{true, true, false, 32766, 0};
  return kCapabilities;
}

std::string SqliteDialect::quote_identifier(std::string_view name) const {
  if (name.find('\0') != std::string_view::npos)
    throw Error("an SQLite identifier cannot contain a NUL byte");
  return driver::quote_by_doubling(name, '"');
}

std::string SqliteDialect::quote_literal(std::string_view text) const {
  if (text.find('\0') != std::string_view::npos)
    throw Error("an SQLite string literal cannot contain a NUL byte");
  return driver::quote_by_doubling(text, '\'');  // no backslash escapes in SQLite
}

std::string SqliteDialect::quote_blob(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "X'";
  out.reserve(bytes.size() * 2 + 3);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  out += '\'';
  return out;
}

std::string SqliteDialect::text_literal(std::string_view text) {
  if (text.find_first_of(std::string_view("\0\r", 2)) == std::string_view::npos)
    return SqliteDialect().quote_literal(text);
  return "CAST(" + quote_blob(text) + " AS TEXT)";
}

std::string SqliteDialect::qualified_name(std::string_view schema, std::string_view table) const {
  if (schema.empty()) return quote_identifier(table);
  return quote_identifier(schema) + "." + quote_identifier(table);
}

std::string SqliteDialect::inline_parameters(std::string_view sql, const Params& params) const {
  std::string out;
  out.reserve(sql.size());
  MarkerNumbers numbers;
  std::size_t i = 0;
  while (i < sql.size()) {
    const std::size_t skipped = skip_non_code(sql, i);
    if (skipped != i) {
      out.append(sql.substr(i, skipped - i));
      i = skipped;
      continue;
    }
    const char c = sql[i];
    const bool after_identifier = i > 0 && is_identifier_char(sql[i - 1]);
    std::size_t end = i + 1;
    while (end < sql.size() && is_digit(sql[end])) ++end;
    const std::string_view marker = sql.substr(i, end - i);
    const std::size_t number = end - i > 1 && end - i <= 7 ? std::stoul(std::string(marker.substr(1))) : 0;
    if (c == '$' && !after_identifier && end > i + 1) {
      if (end < sql.size() && (is_identifier_char(sql[end]) || sql[end] == ':'))
        throw Error(
            "inline_parameters: '" + std::string(sql.substr(i, end - i + 2)) +
            "...' is not a parameter SQLite understands: write $N alone (CAST($N AS type) for a cast)");
      numbers.named(std::string(marker));
      out += value_literal(parameter(params, number, marker), number);
      i = end;
    } else if (c == '?') {
      const std::size_t bound = end > i + 1 ? numbers.numbered(number) : numbers.next();
      out += value_literal(parameter(params, bound, end > i + 1 ? marker : "?"), bound);
      i = end;
    } else if ((c == '$' || c == ':' || c == '@') && !after_identifier && i + 1 < sql.size() &&
               starts_identifier(sql[i + 1])) {
      throw Error("inline_parameters: named parameter '" + std::string(sql.substr(i, 16)) +
                  "' is not supported: write $1, $2, ...");
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string SqliteDialect::create_version_table_sql(std::string_view schema, std::string_view table) const {
  // Alembic's own DDL for SQLite (its names quoted), so a database Alembic migrated is taken over as it is.
  // SQLite serialises DDL under its write lock: IF NOT EXISTS alone is safe for two runners at once.
  return "CREATE TABLE IF NOT EXISTS " + qualified_name(schema, table) +
         " (version_num VARCHAR(32) NOT NULL, CONSTRAINT " + quote_identifier(std::string(table) + "_pkc") +
         " PRIMARY KEY (version_num))";
}

std::string SqliteDialect::create_history_table_sql(std::string_view schema, std::string_view table) const {
  // The PostgreSQL driver's columns. Timestamps are ISO-8601 UTC text, as the host writes them; AUTOINCREMENT
  // so that an id is never reused after the newest row is deleted (ids order the history).
  return "CREATE TABLE IF NOT EXISTS " + qualified_name(schema, table) +
         " (\n"
         "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
         "    revision VARCHAR(32),\n"
         "    direction TEXT NOT NULL,\n"  // 'upgrade' | 'downgrade' | 'stamp'
         "    started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
         "    finished_at TEXT,\n"
         "    duration_ms BIGINT,\n"
         "    outcome TEXT NOT NULL,\n"  // 'applied' | 'failed' | 'running'
         "    error TEXT,\n"
         "    checksum TEXT,\n"
         "    sdk_version TEXT,\n"
         "    host TEXT,\n"
         "    os_user TEXT,\n"
         "    godwit_version TEXT,\n"
         "    source_checksum TEXT\n"  // SHA-256 of the revision's source file
         "  )";
}

std::string SqliteDialect::script_prologue() const {
  // For the sqlite3 shell, which otherwise goes on after a failed statement and, reaching COMMIT, commits
  // the half of the revision before it: `.bail on` stops at the first error (as -bail does), and the open
  // transaction dies with the shell. foreign_keys is off in a fresh shell and must be set outside any
  // transaction; a run has it on (database.cpp).
  return ".bail on\nPRAGMA foreign_keys = ON;";
}

TableReference parse_table_reference(std::string_view reference) {
  const auto malformed = [&](const char* why) {
    return Error("copy_into: '" + std::string(reference) + "' is not a valid table name (" + why +
                 "): write table, schema.table, or quote parts as \"My Table\"");
  };
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= reference.size()) {
    std::string part;
    std::size_t end;
    if (i < reference.size() && reference[i] == '"') {
      end = i + 1;
      bool closed = false;
      while (end < reference.size() && !closed) {
        if (reference[end] == '"' && end + 1 < reference.size() && reference[end + 1] == '"') {
          part += '"';
          end += 2;
        } else if (reference[end] == '"') {
          closed = true;
          ++end;
        } else {
          part += reference[end++];
        }
      }
      if (!closed) throw malformed("an unterminated quoted name");
    } else {
      end = std::min(reference.find('.', i), reference.size());
      part = std::string(reference.substr(i, end - i));
    }
    if (part.empty()) throw malformed("an empty part");
    if (end < reference.size() && reference[end] != '.') throw malformed("text after a quoted name");
    parts.push_back(std::move(part));
    i = end + 1;
  }
  if (parts.size() > 2) throw malformed("more than schema.table");
  if (parts.size() == 1) return TableReference{{}, std::move(parts[0])};
  return TableReference{std::move(parts[0]), std::move(parts[1])};
}

std::vector<std::string> SqliteDialect::render(const Operation& operation) const {
  return SqliteOperationSql(*this).render(operation);
}

}  // namespace godwit::sqlite
