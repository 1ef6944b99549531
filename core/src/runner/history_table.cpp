#include "godwit/core/runner/history_table.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "godwit/core/error.hpp"
#include "godwit/core/runner/driver_errors.hpp"
#include "godwit/driver/secret_masker.hpp"
#include "godwit/version.hpp"

namespace godwit::core::runner {

namespace {

// Columns are read by name from SELECT *: a table created by an older godwit lacks the newer ones (it is
// upgraded only by a run that takes the lock), and read-only commands must still read it.
std::string text_or_empty(const Rows& rows, const Row& row, std::string_view name) {
  const auto& columns = rows.columns();
  const auto at = std::find(columns.begin(), columns.end(), name);
  if (at == columns.end()) return std::string();
  const auto column = static_cast<std::size_t>(at - columns.begin());
  return row.is_null(column) ? std::string() : std::string(row.text(column));
}

HistoryEntry entry_from(const Rows& rows, const Row& row) {
  HistoryEntry entry;
  entry.id = row.get<std::int64_t>("id");
  entry.revision = text_or_empty(rows, row, "revision");
  entry.direction = text_or_empty(rows, row, "direction");
  entry.outcome = text_or_empty(rows, row, "outcome");
  entry.started_at = text_or_empty(rows, row, "started_at");
  entry.finished_at = text_or_empty(rows, row, "finished_at");
  entry.duration_ms = row.get<std::optional<std::int64_t>>("duration_ms").value_or(0);
  entry.error = driver::mask_secrets(text_or_empty(rows, row, "error"));  // rows older tools wrote raw
  entry.checksum = text_or_empty(rows, row, "checksum");
  entry.source_checksum = text_or_empty(rows, row, "source_checksum");
  entry.sdk_version = text_or_empty(rows, row, "sdk_version");
  entry.host = text_or_empty(rows, row, "host");
  entry.os_user = text_or_empty(rows, row, "os_user");
  return entry;
}

Value optional_text(const std::string& text) {
  return text.empty() ? Value() : Value(text);
}

}  // namespace

void HistoryTable::create(SqlExecutor& executor) const {
  executor.execute(dialect_.create_history_table_sql(names_.schema, names_.history_table));
}

void HistoryTable::check_columns(driver::Connection& connection) const {
  const std::string columns =
      "id, revision, direction, outcome, started_at, finished_at, duration_ms, error, checksum, sdk_version, "
      "host, os_user, godwit_version, source_checksum";
  try {
    connection.query("SELECT " + columns + " FROM " + names_.history_qualified + " WHERE 1 = 0", {});
  } catch (const std::exception& e) {
    throw Error(ErrorCategory::state,
                "the history table " + names_.history_table + " does not have the columns godwit writes (" +
                    columns + "): " + e.what() +
                    ". It was altered, or belongs to another tool: restore it, or rename it so that godwit "
                    "creates its own (history_table in godwit.yaml names another)");
  }
}

constexpr std::size_t kColumnsPerRow = 13;
// At most about a thousand parameters per statement (76 rows), fewer when the dialect's limit is lower.
// More rows per statement save nothing measurable (on PostgreSQL one round trip per 76 steps, at COMMIT),
// and SQLite's cost per parameter grows with the statement's parameter count (its parser and
// sqlite3_bind_parameter_name search a list of the markers): one 13,000-parameter INSERT took 88% of a
// 1,000-revision run on SQLite (perf, bench/run case 6), 76-row statements a few milliseconds.
constexpr std::size_t kMostParametersPerStatement = 1000;

std::size_t HistoryTable::rows_per_statement() const {
  const std::size_t parameters =
      std::min<std::size_t>(dialect_.capabilities().max_parameters, kMostParametersPerStatement);
  return std::max<std::size_t>(parameters / kColumnsPerRow, 1);
}

std::string HistoryTable::placeholders(std::size_t first, std::size_t count) const {
  std::string list;
  for (std::size_t i = 0; i < count; ++i) list += (i == 0 ? "" : ", ") + dialect_.placeholder(first + i);
  return list;
}

std::string HistoryTable::columns_sql() const {
  return "INSERT INTO " + names_.history_qualified +
         " (revision, direction, outcome, started_at, finished_at, duration_ms, error, checksum, sdk_version,"
         " host, os_user, godwit_version, source_checksum) ";
}

std::string HistoryTable::insert_sql(std::size_t rows) const {
  std::string sql = columns_sql() + "VALUES ";
  for (std::size_t row = 0; row < rows; ++row)
    sql += (row == 0 ? "(" : ", (") + placeholders(row * kColumnsPerRow + 1, kColumnsPerRow) + ")";
  return sql;
}

Params HistoryTable::insert_params(const HistoryEntry& e) {
  return Params{e.revision,
                e.direction,
                e.outcome,
                e.started_at,
                optional_text(e.finished_at),
                e.duration_ms,
                optional_text(driver::mask_secrets(e.error)),
                optional_text(e.checksum),
                optional_text(e.sdk_version),
                e.host,
                e.os_user,
                GODWIT_SDK_VERSION_STRING,
                optional_text(e.source_checksum)};
}

void HistoryTable::insert(SqlExecutor& executor, const HistoryEntry& entry) const {
  executor.execute(insert_sql(), insert_params(entry), 1);
}

void HistoryTable::insert_many(SqlExecutor& executor, const std::vector<HistoryEntry>& entries) const {
  const std::size_t per_statement = rows_per_statement();
  for (std::size_t first = 0; first < entries.size(); first += per_statement) {
    const std::size_t count = std::min(per_statement, entries.size() - first);
    Params params;
    params.reserve(count * kColumnsPerRow);
    for (std::size_t i = first; i < first + count; ++i)
      for (auto& value : insert_params(entries[i])) params.push_back(std::move(value));
    executor.execute(insert_sql(count), params, count);
  }
}

std::uint64_t HistoryTable::insert_for_each(SqlExecutor& executor, const std::string& source_sql,
                                            Params source_params, const HistoryEntry& entry) const {
  // INSERT ... SELECT gives untyped parameters the target columns' types, as VALUES does.
  const std::string sql = "WITH source AS (" + source_sql + ") " + columns_sql() + "SELECT " +
                          placeholders(source_params.size() + 1, kColumnsPerRow) + " FROM source";
  Params params = std::move(source_params);
  for (auto& value : insert_params(entry)) params.push_back(std::move(value));
  return executor.execute(sql, params, 1);
}

std::int64_t HistoryTable::insert_returning_id(driver::Connection& connection,
                                               const HistoryEntry& entry) const {
  if (dialect_.capabilities().returning) {
    Rows rows = connection.query(insert_sql() + dialect_.returning_clause("id"), insert_params(entry));
    return rows[0].get<std::int64_t>(0);
  }
  // Without RETURNING: the newest id is this row's, as the caller holds the migration lock and no other
  // godwit writes the table meanwhile.
  connection.execute(insert_sql(), insert_params(entry));
  return connection.query("SELECT max(id) FROM " + names_.history_qualified, {})[0].get<std::int64_t>(0);
}

void HistoryTable::finish(SqlExecutor& executor, std::int64_t id, const std::string& result,
                          const std::string& finished_at, std::int64_t duration_ms,
                          const std::string& error) const {
  const auto& d = dialect_;
  executor.execute("UPDATE " + names_.history_qualified + " SET outcome = " + d.placeholder(1) +
                       ", finished_at = " + d.placeholder(2) + ", duration_ms = " + d.placeholder(3) +
                       ", error = " + d.placeholder(4) + " WHERE id = " + d.placeholder(5),
                   {result, finished_at, duration_ms, optional_text(driver::mask_secrets(error)), id}, 1);
}

std::vector<HistoryEntry> HistoryTable::read(driver::Connection& connection, std::size_t limit) const {
  return with_database_errors("reading " + names_.history_table, [&] {
    std::vector<HistoryEntry> entries;
    if (!connection.table_exists(names_.schema, names_.history_table)) return entries;
    Rows rows = connection.query(
        "SELECT * FROM " + names_.history_qualified + " ORDER BY id DESC LIMIT " + dialect_.placeholder(1),
        {static_cast<std::int64_t>(limit)});
    for (const Row row : rows) entries.push_back(entry_from(rows, row));
    return entries;
  });
}

std::optional<HistoryEntry> HistoryTable::unresolved_failure(driver::Connection& connection) const {
  auto newest = read(connection, 1);
  if (newest.empty()) return std::nullopt;
  const auto& entry = newest.front();
  if (entry.outcome == outcome::failed_partial || entry.outcome == outcome::running ||
      entry.outcome == outcome::unrecorded)
    return entry;
  return std::nullopt;
}

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count() % 1000000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(micros));
  return buffer;
}

// Looked up once per process: getpwuid reads /etc/passwd on every call, and every step records both.
std::string host_name() {
  static const std::string name = [] {
    char buffer[256] = {};
    return gethostname(buffer, sizeof buffer - 1) == 0 ? std::string(buffer) : std::string("unknown");
  }();
  return name;
}

std::string os_user_name() {
  static const std::string name = []() -> std::string {
    if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
    if (const char* user = std::getenv("USER")) return user;
    return "unknown";
  }();
  return name;
}

}  // namespace godwit::core::runner
