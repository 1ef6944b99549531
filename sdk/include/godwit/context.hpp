#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/copy.hpp"
#include "godwit/errors.hpp"
#include "godwit/operation/kind.hpp"
#include "godwit/row.hpp"
#include "godwit/value.hpp"
#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE

enum class Direction : std::uint32_t { upgrade = 0, downgrade = 1 };
enum class LogLevel : std::uint32_t { debug = 0, info = 1, warning = 2, error = 3 };

using RowCallback = std::function<void(const Row&)>;

// Everything a revision's upgrade/downgrade may do, implemented by the host and its database driver.
//
// Online, statements run in the transaction godwit opened for the revision (or in autocommit for a revision
// declared `transactional: false`). Offline (`godwit upgrade --sql`), execute() and copy_into() are written
// to the generated script and query()/stream() throw OfflineUnsupported: check offline() to branch.
//
// ABI: this is a stable interface. New functions are only ever appended at the end (and the SDK ABI minor
// raised), so plugins built against an older minor keep working with a newer host.
class Context {
 public:
  virtual ~Context() = default;

  // Which revision runs, in which direction, against which database dialect ("postgresql").
  virtual std::string_view revision_id() const = 0;
  virtual Direction direction() const = 0;
  virtual std::string_view dialect() const = 0;
  virtual bool offline() const = 0;

  // Runs SQL text without parameters; it may hold several statements separated by semicolons.
  virtual void execute(std::string_view sql) = 0;
  // Runs one statement with bound parameters ($1, $2, ...); returns the number of rows affected.
  virtual std::uint64_t execute(std::string_view sql, const Params& params) = 0;
  // Runs one query and returns all its rows.
  virtual Rows query(std::string_view sql, const Params& params) = 0;
  // Runs one query and hands its rows to on_row one at a time, holding at most about batch_rows rows in
  // memory (PostgreSQL: a server-side cursor). A Row is valid only during its callback.
  virtual void stream(std::string_view sql, const Params& params, const RowCallback& on_row,
                      std::size_t batch_rows) = 0;
  // Starts a bulk load into `table` (a name, schema-qualified as "schema.table" if needed; quoted by the
  // driver) for the given columns.
  virtual std::unique_ptr<CopyWriter> copy_into(std::string_view table,
                                                const std::vector<std::string>& columns) = 0;
  // Quotes an identifier for this dialect, for SQL built from names at run time.
  virtual std::string quote_identifier(std::string_view name) const = 0;

  // Reports progress of a long step; the host draws a bar on a terminal and logs periodically otherwise.
  virtual void progress(std::uint64_t done, std::uint64_t total, std::string_view label) = 0;
  virtual void log(LogLevel level, std::string_view message) = 0;

  // A value from the `options:` map of godwit.yaml, or from `-x key=value` on the command line (which wins).
  virtual std::optional<std::string> option(std::string_view key) const = 0;

  // Escape hatch to the driver's native objects, for what this interface does not cover. PostgreSQL:
  // kind "pqxx::transaction_base" returns the libpqxx transaction (godwit/postgres.hpp, the opt-in component
  // Godwit::postgres); SQLite: kind "sqlite3" (godwit/sqlite.hpp). Returns nullptr for an unknown kind, and
  // offline.
  virtual void* native_handle(std::string_view kind) = 0;

  // Renders one schema change in this database's dialect and runs it, or writes it to the script offline:
  // `change` points to the operation struct of `kind` (godwit/operation/changes.hpp). Call it through
  // godwit::operations(ctx) (operations.hpp) or godwit::apply(ctx, operation) (operation.hpp). The
  // operation is completed first (godwit::complete: conventional names, the primary key gathered). A
  // pointer and a kind, not an Operation, so that a revision building operations instantiates only the
  // structs it uses, never the variant of all of them.
  virtual void apply_change(OperationKind kind, const void* change) = 0;

  // Conveniences over the interface above.
  Rows query(std::string_view sql) { return query(sql, Params{}); }
  void stream(std::string_view sql, const RowCallback& on_row) { stream(sql, Params{}, on_row, 10000); }
  void stream(std::string_view sql, const Params& params, const RowCallback& on_row) {
    stream(sql, params, on_row, 10000);
  }
  void debug(std::string_view message) { log(LogLevel::debug, message); }
  void info(std::string_view message) { log(LogLevel::info, message); }
  void warning(std::string_view message) { log(LogLevel::warning, message); }
};

GODWIT_END_NAMESPACE
