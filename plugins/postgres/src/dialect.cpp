#include "dialect.hpp"

#include <cstdint>

#include "copy_writer.hpp"
#include "godwit/driver/sql_quoting.hpp"
#include "godwit/errors.hpp"
#include "operation_sql.hpp"

namespace godwit::pg {
namespace {

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Length of a dollar-quote opening tag ($$ or $tag$) at sql[pos], or 0.
std::size_t dollar_tag_length(std::string_view sql, std::size_t pos) {
  std::size_t end = pos + 1;
  if (end < sql.size() && is_digit(sql[end])) return 0;  // $1 is a parameter, not a tag
  while (end < sql.size() && is_identifier_char(sql[end]) && sql[end] != '$') ++end;
  return end < sql.size() && sql[end] == '$' ? end - pos + 1 : 0;
}

// Index just past the end of the quoted section starting at sql[pos] (a quote character), honouring
// doubled quotes and, for E'' strings, backslash escapes.
std::size_t skip_quoted(std::string_view sql, std::size_t pos, char quote, bool backslash_escapes) {
  std::size_t i = pos + 1;
  while (i < sql.size()) {
    if (backslash_escapes && sql[i] == '\\') {
      i += 2;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return sql.size();
}

std::size_t skip_block_comment(std::string_view sql, std::size_t pos) {
  int depth = 0;
  std::size_t i = pos;
  while (i + 1 < sql.size()) {
    if (sql[i] == '/' && sql[i + 1] == '*') {
      ++depth;
      i += 2;
    } else if (sql[i] == '*' && sql[i + 1] == '/') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return sql.size();
}

// FNV-1a: a stable lock key per bookkeeping table, the same in every process running this driver.
std::int32_t ddl_lock_key(std::string_view qualified) {
  std::uint32_t hash = 2166136261u;
  for (char c : qualified) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return static_cast<std::int32_t>(hash);
}

// Wraps CREATE TABLE IF NOT EXISTS so that two sessions creating the same table at once cannot fail:
// IF NOT EXISTS alone still races on the catalogs (23505 on pg_type's unique index, or 42P07). A
// transaction-level advisory lock, in the two-int key space (the host's migration lock uses the bigint one),
// makes the second session wait and then see the table; the exception handler is the belt to those braces.
std::string idempotent_ddl(std::string_view qualified, const std::string& create_sql) {
  std::string tag = "$godwit$";
  for (int n = 1; create_sql.find(tag) != std::string::npos; ++n) tag = "$godwit" + std::to_string(n) + "$";
  return "DO " + tag + "\nBEGIN\n  PERFORM pg_catalog.pg_advisory_xact_lock(1735357300, " +
         std::to_string(ddl_lock_key(qualified)) + ");\n  " + create_sql +
         ";\nEXCEPTION WHEN duplicate_table OR unique_violation THEN\n  NULL;\nEND\n" + tag + ";";
}

// Writes the rows of one COPY block in its text format; the block is whole only at finish().
class CopyBlock final : public driver::ScriptBulkLoad {
 public:
  CopyBlock(const PgDialect& dialect, const std::string& quoted_table,
            const std::vector<std::string>& columns) {
    text_ = "COPY " + quoted_table + " (";
    for (std::size_t i = 0; i < columns.size(); ++i)
      text_ += (i ? ", " : "") + dialect.quote_identifier(columns[i]);
    text_ += ") FROM stdin;\n";
  }
  void add_row(const Field* fields, std::size_t count) override {
    for (std::size_t i = 0; i < count; ++i) {
      if (i != 0) text_ += '\t';
      append_copy_field(text_, fields[i]);
    }
    text_ += '\n';
  }
  std::string finish() override { return std::move(text_) + "\\.\n\n"; }

 private:
  std::string text_;
};

}  // namespace

const driver::Capabilities& PgDialect::capabilities() const {
  // 65,535 bound parameters per statement (the protocol's 16-bit count); NAMEDATALEN - 1 = 63 bytes.
  static const driver::Capabilities capabilities{/*transactional_ddl=*/true, /*returning=*/true,
                                                 /*data_modifying_cte=*/true, /*max_parameters=*/65535,
                                                 /*max_identifier_length=*/63};
  return capabilities;
}

std::unique_ptr<driver::ScriptBulkLoad> PgDialect::script_bulk_load(std::string quoted_table,
                                                                    std::vector<std::string> columns) const {
  return std::make_unique<CopyBlock>(*this, quoted_table, columns);
}

std::string PgDialect::quote_identifier(std::string_view name) const {
  return driver::quote_by_doubling(name, '"');
}

std::string PgDialect::quote_literal(std::string_view text) const {
  if (text.find('\0') != std::string_view::npos)
    throw Error("a PostgreSQL string literal cannot contain a NUL byte");
  // E'' with doubled backslashes reads the same whatever standard_conforming_strings is set to.
  if (text.find('\\') == std::string_view::npos) return driver::quote_by_doubling(text, '\'');
  std::string out = "E'";
  out.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  out += '\'';
  return out;
}

std::string PgDialect::qualified_name(std::string_view schema, std::string_view table) const {
  if (schema.empty()) return quote_identifier(table);
  return quote_identifier(schema) + "." + quote_identifier(table);
}

std::string PgDialect::inline_parameters(std::string_view sql, const Params& params) const {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const bool after_identifier = i > 0 && is_identifier_char(sql[i - 1]);
    std::size_t next = i + 1;
    if (c == '\'') {
      const bool escaped = after_identifier && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           (i < 2 || !is_identifier_char(sql[i - 2]));
      next = skip_quoted(sql, i, '\'', escaped);
    } else if (c == '"') {
      next = skip_quoted(sql, i, '"', false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      next = std::min(sql.find('\n', i), sql.size());
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      next = skip_block_comment(sql, i);
    } else if (c == '$' && !after_identifier && i + 1 < sql.size() && is_digit(sql[i + 1])) {
      std::size_t end = i + 1;
      while (end < sql.size() && is_digit(sql[end])) ++end;
      const std::string digits(sql.substr(i + 1, end - i - 1));
      const unsigned long index = digits.size() > 6 ? 0 : std::stoul(digits);
      if (index == 0 || index > params.size())
        throw Error("inline_parameters: $" + digits + " has no value (" + std::to_string(params.size()) +
                    " parameter(s) given)");
      const Value& value = params[index - 1];
      out += value.is_null() ? std::string("NULL") : quote_literal(value.text());
      i = end;
      continue;
    } else if (c == '$' && !after_identifier) {
      if (const std::size_t tag = dollar_tag_length(sql, i); tag > 0) {
        const std::size_t close = sql.find(sql.substr(i, tag), i + tag);
        next = close == std::string_view::npos ? sql.size() : close + tag;
      }
    }
    out.append(sql.substr(i, next - i));
    i = next;
  }
  return out;
}

std::string PgDialect::create_version_table_sql(std::string_view schema, std::string_view table) const {
  const std::string qualified = qualified_name(schema, table);
  // Alembic's own DDL, so an Alembic-managed database and godwit read the same table.
  const std::string create = "CREATE TABLE IF NOT EXISTS " + qualified +
                             " (version_num VARCHAR(32) NOT NULL, CONSTRAINT " +
                             quote_identifier(std::string(table) + "_pkc") + " PRIMARY KEY (version_num))";
  return idempotent_ddl(qualified, create);
}

std::string PgDialect::create_history_table_sql(std::string_view schema, std::string_view table) const {
  const std::string qualified = qualified_name(schema, table);
  const std::string create = "CREATE TABLE IF NOT EXISTS " + qualified +
                             " (\n"
                             "    id bigserial PRIMARY KEY,\n"
                             "    revision varchar(32),\n"
                             "    direction text NOT NULL,\n"  // 'upgrade' | 'downgrade' | 'stamp'
                             "    started_at timestamptz NOT NULL DEFAULT now(),\n"
                             "    finished_at timestamptz,\n"
                             "    duration_ms bigint,\n"
                             "    outcome text NOT NULL,\n"  // 'applied' | 'failed' | 'running'
                             "    error text,\n"
                             "    checksum text,\n"
                             "    sdk_version text,\n"
                             "    host text,\n"
                             "    os_user text,\n"
                             "    godwit_version text,\n"
                             "    source_checksum text\n"  // SHA-256 of the revision's source file
                             "  )";
  // A table made by an older godwit gains the newer columns in place, in the same locked block. The
  // catalog check first, so a table already up to date takes no ACCESS EXCLUSIVE lock on every run.
  const std::string upgrade =
      ";\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = " +
      quote_literal(qualified) +
      "::regclass AND attname = 'source_checksum' AND NOT attisdropped) THEN\n    ALTER TABLE " + qualified +
      " ADD COLUMN IF NOT EXISTS source_checksum text;\n  END IF";
  return idempotent_ddl(qualified, create + upgrade);
}

std::string quote_table_reference(std::string_view reference) {
  const PgDialect dialect;
  std::string out;
  std::size_t i = 0;
  while (i <= reference.size()) {
    std::size_t end;
    std::string part;
    if (i < reference.size() && reference[i] == '"') {
      bool closed = false;
      end = i + 1;
      while (end < reference.size() && !closed) {
        if (reference[end] == '"' && end + 1 < reference.size() && reference[end + 1] == '"') {
          part += '"';  // "" inside quotes is one "
          end += 2;
        } else if (reference[end] == '"') {
          closed = true;
          ++end;
        } else {
          part += reference[end++];
        }
      }
      if (!closed) throw Error("copy_into: '" + std::string(reference) + "' has an unterminated quoted name");
    } else {
      end = std::min(reference.find('.', i), reference.size());
      part = std::string(reference.substr(i, end - i));
    }
    if (part.empty()) throw Error("copy_into: '" + std::string(reference) + "' is not a valid table name");
    if (!out.empty()) out += '.';
    out += dialect.quote_identifier(part);
    if (end < reference.size() && reference[end] != '.')
      throw Error("copy_into: '" + std::string(reference) + "' is not a valid table name");
    i = end + 1;
  }
  return out;
}

std::vector<std::string> PgDialect::render(const Operation& operation) const {
  return PgOperationSql(*this).render(operation);
}

}  // namespace godwit::pg
