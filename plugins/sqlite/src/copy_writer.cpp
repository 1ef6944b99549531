#include "copy_writer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>

#include "dialect.hpp"
#include "godwit/driver/secret_masker.hpp"

namespace godwit::sqlite {
namespace {

// Rows per INSERT, capped by the variable limit (32766 since SQLite 3.32, 999 before) for wide tables.
// Measured (Release, 1e6 rows of 3 columns in one transaction, BulkTest.CopyLoadsAMillionRows): 1 row per
// statement 1.8 M rows/s, 16 rows 3.3 M, 64 to 4096 rows 3.5-3.7 M: past a few dozen rows the B-tree
// inserts are all that is left.
constexpr std::size_t kMaxBatchRows = 256;
constexpr const char* kSavepoint = "SAVEPOINT godwit_copy";

bool contains_bool(std::string_view declared) {
  for (std::size_t i = 0; i + 4 <= declared.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(declared[i])) == 'B' &&
        std::toupper(static_cast<unsigned char>(declared[i + 1])) == 'O' &&
        std::toupper(static_cast<unsigned char>(declared[i + 2])) == 'O' &&
        std::toupper(static_cast<unsigned char>(declared[i + 3])) == 'L')
      return true;
  return false;
}

// "t"/"true" -> 1, "f"/"false" -> 0, ignoring case; -1 for anything else.
int boolean_value(std::string_view text) {
  if (text.size() > 5) return -1;
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "t" || lower == "true") return 1;
  if (lower == "f" || lower == "false") return 0;
  return -1;
}

struct ColumnInfo {
  std::string name;
  bool boolean;
};

std::vector<ColumnInfo> table_columns(SqliteConnection& owner, const TableReference& reference) {
  Params params{reference.table};
  std::string sql = "SELECT name, type FROM pragma_table_info(?1";
  if (!reference.schema.empty()) {
    sql += ", ?2";
    params.emplace_back(reference.schema);
  }
  std::vector<ColumnInfo> columns;
  for (const Row row : owner.query(sql + ")", params))
    columns.push_back(ColumnInfo{std::string(row.text(0)), contains_bool(row.text(1))});
  return columns;
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::unique_ptr<SqliteCopyWriter> SqliteCopyWriter::open(SqliteConnection& owner, std::string_view table,
                                                         const std::vector<std::string>& columns,
                                                         bool in_transaction) {
  const SqliteDialect dialect;
  const TableReference reference = parse_table_reference(table);
  const std::vector<ColumnInfo> info = table_columns(owner, reference);
  std::vector<std::string> names = columns;
  if (names.empty()) {
    if (info.empty())
      throw DatabaseError("copy_into: no such table: " + std::string(table), "SQLITE_ERROR",
                          "PRAGMA table_info(" + std::string(table) + ")");
    for (const ColumnInfo& column : info) names.push_back(column.name);
  }
  std::vector<std::string> quoted;
  std::vector<bool> boolean;
  for (const std::string& name : names) {
    quoted.push_back(dialect.quote_identifier(name));
    const auto it =
        std::find_if(info.begin(), info.end(), [&](const ColumnInfo& c) { return same_name(c.name, name); });
    boolean.push_back(it != info.end() && it->boolean);
  }
  std::string head = "INSERT INTO " + dialect.qualified_name(reference.schema, reference.table) + " (";
  for (std::size_t i = 0; i < quoted.size(); ++i) head += (i == 0 ? "" : ", ") + quoted[i];
  head += ") VALUES ";

  const int limit = sqlite3_limit(owner.native(), SQLITE_LIMIT_VARIABLE_NUMBER, -1);
  const std::size_t variables = limit > 0 ? static_cast<std::size_t>(limit) : 999;
  if (names.size() > variables)
    throw Error("copy_into(" + std::string(table) + "): " + std::to_string(names.size()) +
                " columns are more than SQLite binds in one statement (" + std::to_string(variables) + ")");
  const std::size_t batch_rows = std::clamp<std::size_t>(variables / names.size(), 1, kMaxBatchRows);

  std::unique_ptr<SqliteCopyWriter> writer(new SqliteCopyWriter(
      owner, std::string(table), std::move(head), std::move(quoted), std::move(boolean), batch_rows));
  try {
    writer->batch_ = writer->prepare_rows(batch_rows);  // an unknown table or column fails here
    if (!in_transaction) {
      if (const int rc = owner.run_internal(kSavepoint); rc != SQLITE_OK)
        throw statement_error(owner.native(), rc, owner.error_site(kSavepoint));
      writer->owns_ = Owns::savepoint;
    }
  } catch (...) {
    writer->owner_ = nullptr;  // never started: nothing to end, no transaction to abort on its account
    writer->state_ = State::failed;
    throw;
  }
  return writer;
}

SqliteCopyWriter::SqliteCopyWriter(SqliteConnection& owner, std::string table, std::string head,
                                   std::vector<std::string> quoted_columns, std::vector<bool> boolean,
                                   std::size_t batch_rows)
    : owner_(&owner),
      table_(std::move(table)),
      head_(std::move(head)),
      columns_(quoted_columns.size()),
      quoted_columns_(std::move(quoted_columns)),
      boolean_(std::move(boolean)),
      batch_rows_(batch_rows) {
  shown_ = head_ + "(";
  for (std::size_t i = 0; i < columns_; ++i) shown_ += (i == 0 ? "?" : ", ?") + std::to_string(i + 1);
  shown_ += ")";
  slots_.reserve(batch_rows_ * columns_);
  data_.reserve(64 * 1024);
}

SqliteCopyWriter::~SqliteCopyWriter() {
  abandon();
}

Statement SqliteCopyWriter::prepare_rows(std::size_t rows) const {
  std::string sql = head_;
  std::string row = "(";
  for (std::size_t i = 0; i < columns_; ++i) row += i == 0 ? "?" : ",?";
  row += ")";
  sql.reserve(head_.size() + rows * (row.size() + 1));
  for (std::size_t r = 0; r < rows; ++r) {
    if (r != 0) sql += ',';
    sql += row;
  }
  Statement statement;
  std::size_t used = 0;
  if (const int rc = prepare(owner_->native(), sql, statement, used); rc != SQLITE_OK)
    throw statement_error(owner_->native(), rc, owner_->error_site(shown_));
  return statement;
}

void SqliteCopyWriter::write_row(const Field* fields, std::size_t count) {
  require_open("write_row");
  if (count != columns_)
    throw Error("copy_into(" + table_ + "): a row has " + std::to_string(count) + " field(s) but " +
                std::to_string(columns_) + " column(s) were named");
  const std::size_t row_start = slots_.size();
  const std::size_t data_start = data_.size();
  for (std::size_t i = 0; i < count; ++i) {
    const Field& field = fields[i];
    Slot slot{BoundValue{}, 0, 0};
    if (field.type() == ValueType::text && boolean_[i] && boolean_value(field.text()) >= 0) {
      slot.value.kind = BoundValue::Kind::integer;
      slot.value.integer = boolean_value(field.text());
    } else if (std::string problem = BoundValue::convert(field.type(), field.text(), slot.value);
               !problem.empty()) {
      slots_.resize(row_start);  // the row is not written; the load stays open
      data_.resize(data_start);
      throw Error("copy_into(" + table_ + "): row " + std::to_string(rows_ + 1) + ", column " +
                  quoted_columns_[i] + ": " + problem);
    }
    if (slot.value.kind == BoundValue::Kind::text) {
      slot.offset = data_.size();
      slot.size = field.text().size();
      data_.append(field.text());
    }
    slots_.push_back(slot);
  }
  ++rows_;
  if (slots_.size() == batch_rows_ * columns_) run_batch(batch_.get());
}

std::uint64_t SqliteCopyWriter::finish() {
  require_open("finish");
  if (!slots_.empty()) {
    Statement rest;
    try {
      rest = prepare_rows(slots_.size() / columns_);
    } catch (const DatabaseError& error) {
      end(State::failed, error.what());
      throw;
    }
    run_batch(rest.get());
  }
  if (owns_ != Owns::nothing) {
    const char* commit = owns_ == Owns::savepoint ? "RELEASE godwit_copy" : "COMMIT";
    if (const int rc = owner_->run_internal(commit); rc != SQLITE_OK) fail(rc, nullptr);
    owns_ = Owns::nothing;  // committed
  }
  end(State::finished, {});
  return rows_;
}

void SqliteCopyWriter::adopt_transaction() noexcept {
  owns_ = Owns::transaction;
}

void SqliteCopyWriter::abandon() noexcept {
  if (state_ == State::open) end(State::abandoned, {});
}

void SqliteCopyWriter::run_batch(sqlite3_stmt* statement) {
  const char* base = data_.data();
  int index = 0;
  for (const Slot& slot : slots_) {
    ++index;
    BoundValue value = slot.value;
    if (value.kind == BoundValue::Kind::text) value.text = std::string_view(base + slot.offset, slot.size);
    // SQLITE_STATIC: data_ stays unchanged until the statement has run.
    const int rc = value.bind(statement, index);
    if (rc != SQLITE_OK) fail(rc, statement);
  }
  const int rc = sqlite3_step(statement);
  if (rc != SQLITE_DONE) fail(rc, statement);
  sqlite3_reset(statement);
  slots_.clear();
  data_.clear();
}

void SqliteCopyWriter::fail(int rc, sqlite3_stmt* statement) {
  const std::uint64_t pending = slots_.size() / columns_;
  const std::uint64_t first = rows_ - pending + 1;
  const DatabaseError native = statement_error(owner_->native(), rc, owner_->error_site(shown_));
  std::string message = native.what();
  if (pending > 0)
    message +=
        " (loading rows " + std::to_string(first) + "-" + std::to_string(rows_) + " into " + table_ + ")";
  const DatabaseError error(driver::mask_secrets(message), native.sqlstate(), native.statement());
  if (statement != nullptr) sqlite3_reset(statement);  // no longer running: the savepoint can roll back
  end(State::failed, error.what());
  throw error;
}

void SqliteCopyWriter::end(State state, const std::string& reason) noexcept {
  state_ = state;
  SqliteConnection* owner = std::exchange(owner_, nullptr);
  if (batch_) sqlite3_reset(batch_.get());
  batch_.reset();  // finalized now: the writer may outlive the connection
  slots_.clear();
  data_.clear();
  if (owns_ == Owns::savepoint) {  // not finished: nothing of the load stays
    owner->run_internal("ROLLBACK TO godwit_copy");
    owner->run_internal("RELEASE godwit_copy");
  } else if (owns_ == Owns::transaction && sqlite3_get_autocommit(owner->native()) == 0) {
    owner->run_internal("ROLLBACK");
  }
  owns_ = Owns::nothing;
  owner->copy_ended(table_,
                    state == State::finished ? SqliteConnection::CopyEnd::finished
                    : state == State::failed ? SqliteConnection::CopyEnd::failed
                                             : SqliteConnection::CopyEnd::abandoned,
                    reason);
}

}  // namespace godwit::sqlite
