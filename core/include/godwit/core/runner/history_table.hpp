#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "godwit/core/runner/sql_executor.hpp"
#include "godwit/core/runner/table_names.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// Outcomes written to the history table.
namespace outcome {
inline constexpr const char* applied = "applied";
inline constexpr const char* failed = "failed";                  // rolled back: nothing was left behind
inline constexpr const char* failed_partial = "failed_partial";  // non-transactional: work may be half done
inline constexpr const char* running = "running";  // non-transactional step under way (or killed)
inline constexpr const char* stamped = "stamped";
inline constexpr const char* interrupted = "interrupted";  // a signal stopped it; rolled back
inline constexpr const char* crashed = "crashed";  // the process died in it (signal, exit()); rolled back
// Non-transactional: its work is done but the version table could not be updated to say so.
inline constexpr const char* unrecorded = "unrecorded";
}  // namespace outcome

struct HistoryEntry {
  std::int64_t id = 0;
  std::string revision;
  std::string direction;  // upgrade, downgrade, stamp
  std::string outcome;
  std::string started_at;  // ISO 8601, UTC
  std::string finished_at;
  std::int64_t duration_ms = 0;
  std::string error;
  std::string checksum;         // SHA-256 of the plugin file that ran
  std::string source_checksum;  // SHA-256 of its source file, stamped at build time; empty when unknown
  std::string sdk_version;
  std::string host;
  std::string os_user;
};

// The audit trail of every step godwit took (`godwit history --applied`).
class HistoryTable {
 public:
  HistoryTable(const TableNames& names, const driver::Dialect& dialect) : names_(names), dialect_(dialect) {}

  void create(SqlExecutor& executor) const;
  // Error(state) naming the table when it lacks a column godwit writes (altered by hand, or another tool's
  // table of that name): checked before any step runs, rather than failing at the first history row.
  void check_columns(driver::Connection& connection) const;
  void insert(SqlExecutor& executor, const HistoryEntry& entry) const;
  // Several entries in as few statements as the parameter limit allows, in order.
  void insert_many(SqlExecutor& executor, const std::vector<HistoryEntry>& entries) const;
  // Inserts the entry once for every row `source_sql` returns, in one statement where `source_sql` runs
  // as a (data-modifying) CTE whose parameters come first: a step's last version-table change and its
  // history row cost one round trip. Returns the rows inserted. Only for a dialect with
  // Capabilities::data_modifying_cte and returning.
  std::uint64_t insert_for_each(SqlExecutor& executor, const std::string& source_sql, Params source_params,
                                const HistoryEntry& entry) const;
  // Inserts the entry in autocommit and returns its id, so it survives whatever happens next.
  std::int64_t insert_returning_id(driver::Connection& connection, const HistoryEntry& entry) const;
  void finish(SqlExecutor& executor, std::int64_t id, const std::string& outcome,
              const std::string& finished_at, std::int64_t duration_ms, const std::string& error) const;
  // Newest first; empty when the table does not exist. Driver errors become core::Error naming the table.
  // A table created before source_checksum existed reads with empty source checksums.
  std::vector<HistoryEntry> read(driver::Connection& connection, std::size_t limit) const;
  // The newest entry when it is a non-transactional step that failed or never finished: further upgrades
  // must wait until someone repairs the database and stamps.
  std::optional<HistoryEntry> unresolved_failure(driver::Connection& connection) const;

 private:
  std::string insert_sql(std::size_t rows = 1) const;
  std::string columns_sql() const;
  // The dialect's markers for parameters first .. first + count - 1, comma-separated.
  std::string placeholders(std::size_t first, std::size_t count) const;
  std::size_t rows_per_statement() const;
  static Params insert_params(const HistoryEntry& entry);

  const TableNames& names_;
  const driver::Dialect& dialect_;
};

// Now, as ISO 8601 UTC with microseconds, for the history table.
std::string utc_timestamp(std::chrono::system_clock::time_point when);
std::string host_name();
std::string os_user_name();

}  // namespace godwit::core::runner
