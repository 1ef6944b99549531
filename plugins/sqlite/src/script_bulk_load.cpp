// A bulk load (Context::copy_into) in an offline script: INSERT statements of at most kRowsPerStatement rows
// each (multi-row VALUES), every field a literal. Rows are rendered as they come and handed over at finish().
//
// Fields are text literals, as copy_into binds them online: column affinity converts them the same way
// when the script runs. One difference remains: online, "t"/"f" (what Field(bool) holds) become 1/0 in a
// column declared BOOL..., which a script cannot know without the schema; such a column gets 't'/'f' here.

#include "dialect.hpp"

namespace godwit::sqlite {
namespace {

// Small enough for any SQLite build's limits (a statement of 1 MB, 500 terms in a compound SELECT
// before 3.8.8), large enough that the shell replays a million rows in seconds.
constexpr std::size_t kRowsPerStatement = 500;
constexpr std::size_t kBytesPerStatement = 512 * 1024;

class SqliteScriptBulkLoad final : public driver::ScriptBulkLoad {
 public:
  SqliteScriptBulkLoad(std::string quoted_table, std::vector<std::string> columns)
      : table_(std::move(quoted_table)), columns_(columns.size()) {
    const SqliteDialect dialect;
    head_ = "INSERT INTO " + table_;
    for (std::size_t i = 0; i < columns.size(); ++i)
      head_ += (i == 0 ? " (" : ", ") + dialect.quote_identifier(columns[i]) +
               (i + 1 == columns.size() ? ")" : "");
    head_ += " VALUES\n  ";
  }

  void add_row(const Field* fields, std::size_t count) override {
    if (columns_ != 0 && count != columns_)
      throw Error("copy_into(" + table_ + "): a row has " + std::to_string(count) + " field(s) but " +
                  std::to_string(columns_) + " column(s) were named");
    if (in_statement_ == 0) {
      script_ += head_;
      statement_start_ = script_.size();
    } else {
      script_ += ",\n  ";
    }
    script_ += '(';
    for (std::size_t i = 0; i < count; ++i) {
      if (i != 0) script_ += ", ";
      script_ += fields[i].is_null() ? std::string("NULL") : SqliteDialect::text_literal(fields[i].text());
    }
    script_ += ')';
    ++in_statement_;
    if (in_statement_ == kRowsPerStatement || script_.size() - statement_start_ >= kBytesPerStatement)
      end_statement();
  }

  std::string finish() override {
    if (in_statement_ != 0) end_statement();
    script_ += '\n';
    return std::move(script_);
  }

 private:
  void end_statement() {
    script_ += ";\n";
    in_statement_ = 0;
  }

  std::string table_;
  std::size_t columns_;
  std::string head_;
  std::string script_;
  std::size_t in_statement_ = 0;
  std::size_t statement_start_ = 0;
};

}  // namespace

std::unique_ptr<driver::ScriptBulkLoad> SqliteDialect::script_bulk_load(
    std::string quoted_table, std::vector<std::string> columns) const {
  return std::make_unique<SqliteScriptBulkLoad>(std::move(quoted_table), std::move(columns));
}

}  // namespace godwit::sqlite
