// A bulk load (Context::copy_into) in an offline script: INSERT statements of at most kRowsPerStatement rows
// each (multi-row VALUES), every field a literal. Rows are rendered as they come and handed over at finish().
//
// Each field is the literal of the value copy_into binds online (bound_value.hpp): a bool is 1/0, a number
// a number, a string a string literal. One difference remains: online, the text "t"/"f" in a column declared
// BOOL... becomes 1/0 (copy_writer.hpp), which a script cannot know without the schema; such text stays text
// here. Write Field(bool) for booleans and both agree.

#include "bound_value.hpp"
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
    row_ = "(";  // rendered whole before it joins the script, so a refused field leaves no half row
    for (std::size_t i = 0; i < count; ++i) {
      BoundValue value;
      if (std::string problem = BoundValue::convert(fields[i].type(), fields[i].text(), value);
          !problem.empty())
        throw Error("copy_into(" + table_ + "): row " + std::to_string(rows_ + 1) + ", field " +
                    std::to_string(i + 1) + ": " + problem);
      if (i != 0) row_ += ", ";
      row_ += value.literal();
    }
    row_ += ')';
    if (in_statement_ == 0) {
      script_ += head_;
      statement_start_ = script_.size();
    } else {
      script_ += ",\n  ";
    }
    script_ += row_;
    ++rows_;
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
  std::string row_;
  std::uint64_t rows_ = 0;
  std::size_t in_statement_ = 0;
  std::size_t statement_start_ = 0;
};

}  // namespace

std::unique_ptr<driver::ScriptBulkLoad> SqliteDialect::script_bulk_load(
    std::string quoted_table, std::vector<std::string> columns) const {
  return std::make_unique<SqliteScriptBulkLoad>(std::move(quoted_table), std::move(columns));
}

}  // namespace godwit::sqlite
