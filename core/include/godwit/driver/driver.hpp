#pragma once

// The narrow interface between the godwit host and a database driver plugin (plugins/postgres, ...).
// A driver is a shared library declaring itself with GODWIT_DRIVER (godwit/driver/driver_record.hpp: read by
// the host before loading) and exporting one C function, `godwit_driver_entry`, returning a DriverEntry.
// Drivers throw only SDK exception types (godwit::DatabaseError, godwit::ConnectionLost, godwit::Error);
// native exceptions (pqxx::...) are converted inside the driver. Header-only: drivers do not link the core.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/context.hpp"
#include "godwit/copy.hpp"
#include "godwit/driver/api_version.hpp"
#include "godwit/errors.hpp"
#include "godwit/operation.hpp"

GODWIT_DRIVER_BEGIN_NAMESPACE

// 2: the dialect contract (capabilities, placeholders, script framing, catalog), the lock as a driver
// operation with a deadline, and connect-failure classification. 3: Dialect::render (operations).
inline constexpr std::uint32_t kDriverApiVersion = 3;

// What the host gives a driver's Context for the parts that are not about the database.
class HostServices {
 public:
  virtual ~HostServices() = default;
  virtual void log(LogLevel level, std::string_view message) = 0;
  virtual void progress(std::uint64_t done, std::uint64_t total, std::string_view label) = 0;
  virtual std::optional<std::string> option(std::string_view key) const = 0;
};

struct RevisionScope {
  std::string revision_id;
  Direction direction = Direction::upgrade;
};

struct ConnectOptions {
  std::string url;  // as given by the user (may hold a password)
  std::chrono::seconds connect_timeout{10};
  std::string application_name = "godwit";
};

// What a dialect can do, so the host picks the statements it sends (Alembic's DefaultImpl flags).
struct Capabilities {
  bool transactional_ddl = true;          // CREATE/ALTER/DROP roll back with their transaction
  bool returning = false;                 // INSERT ... RETURNING
  bool data_modifying_cte = false;        // WITH s AS (UPDATE ... RETURNING ...) INSERT ... SELECT ... FROM s
  std::size_t max_parameters = 999;       // bound parameters per statement
  std::size_t max_identifier_length = 0;  // bytes; 0: no limit
};

// Renders one bulk load (Context::copy_into) into an offline script: PostgreSQL writes a COPY ... FROM stdin
// block, SQLite INSERT statements. Rows are kept until finish(), so statements the revision runs between
// two rows cannot land inside the block.
class ScriptBulkLoad {
 public:
  virtual ~ScriptBulkLoad() = default;
  virtual void add_row(const Field* fields, std::size_t count) = 0;
  // The script text for every row added, each statement terminated, ending in a blank line.
  virtual std::string finish() = 0;
};

// SQL-dialect knowledge the host needs with or without a connection (offline --sql mode has none). Pure
// string work: no I/O.
class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual std::string_view name() const = 0;  // as Context::dialect() reports it
  virtual const Capabilities& capabilities() const = 0;
  virtual std::string quote_identifier(std::string_view name) const = 0;
  virtual std::string quote_literal(std::string_view text) const = 0;
  // "schema.table" with each part quoted; schema may be empty.
  virtual std::string qualified_name(std::string_view schema, std::string_view table) const = 0;
  // The marker of bound parameter `number` (1-based) in statements the host writes.
  virtual std::string placeholder(std::size_t number) const = 0;
  // What ends a data-modifying statement to return `expression` of each row it changed (" RETURNING id");
  // asked for only when Capabilities::returning.
  virtual std::string returning_clause(std::string_view expression) const = 0;
  // Replaces the parameter markers in `sql` by the parameters rendered as literals (NULL for null), for
  // offline scripts. Markers are those Context::execute documents ($1, $2, ...) and the dialect's own.
  virtual std::string inline_parameters(std::string_view sql, const Params& params) const = 0;
  // DDL for godwit's bookkeeping tables, idempotent (CREATE TABLE IF NOT EXISTS). The history table has an
  // `id` the database assigns in increasing order.
  virtual std::string create_version_table_sql(std::string_view schema, std::string_view table) const = 0;
  virtual std::string create_history_table_sql(std::string_view schema, std::string_view table) const = 0;
  // Offline script framing: what the script starts with (settings for the database's own shell; may be
  // empty) and its transaction statements.
  virtual std::string script_prologue() const = 0;
  virtual std::string begin_sql() const = 0;
  virtual std::string commit_sql() const = 0;
  // A bulk load into `quoted_table` (already quoted) for an offline script.
  virtual std::unique_ptr<ScriptBulkLoad> script_bulk_load(std::string quoted_table,
                                                           std::vector<std::string> columns) const = 0;
  // One operation (godwit/operation.hpp, completed: godwit::complete) as this dialect's statements, to run
  // in order, online or in a script; an ExecuteSql's parameters inlined (online, the host binds them
  // instead). Throws godwit::Error naming the operation for what the dialect cannot do.
  virtual std::vector<std::string> render(const Operation& operation) const = 0;
};

struct TableName {
  std::string schema;  // empty where the database has no schemas
  std::string name;
};

// One database session. Not thread-safe. At most one transaction is open at a time.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual std::string server_version() = 0;
  // The URL with the password masked, for messages.
  virtual std::string display_url() const = 0;

  virtual void begin() = 0;  // opens a transaction; throws if one is open
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;  // no-op without a transaction
  virtual bool in_transaction() const = 0;

  // Run in the open transaction, or in autocommit when none is open. After a statement fails inside a
  // transaction, every further statement and commit() fail (naming the first failure) until rollback():
  // no database may commit half a step.
  virtual void execute(std::string_view sql) = 0;
  virtual std::uint64_t execute(std::string_view sql, const Params& params) = 0;
  virtual Rows query(std::string_view sql, const Params& params) = 0;

  // Whether a table (or view) of that name exists; schema empty: the connection's default.
  virtual bool table_exists(std::string_view schema, std::string_view table) = 0;

  // The user tables of the database (not the system catalogs), ordered by schema and name.
  virtual std::vector<TableName> list_tables() = 0;

  // A lock serialising godwit runners on one database, identified by `key`, held by this connection until
  // release_lock() or until the connection ends (a crash or kill -9 of the process frees it). It must
  // exclude every other connection and process, this process's other connections included. Tries until
  // `wait` has passed (zero: once) and returns whether it is now held; the host calls it in short slices
  // and reports, between them, who holds it. Must be called with no transaction open. A key this
  // connection holds already: true at once, and one release_lock() frees it (locks are not counted).
  virtual bool acquire_lock(std::int64_t key, std::chrono::milliseconds wait) = 0;
  // False once the lock `key` is known to be lost (its session was ended by an administrator, a proxy or
  // the server): another runner may hold it now. Answers without a round trip where the driver can.
  // False too for a key this connection never took.
  virtual bool lock_held(std::int64_t key) noexcept = 0;
  // Throws godwit::Error for a key this connection does not hold.
  virtual void release_lock(std::int64_t key) = 0;
  // Who holds the lock `key`, in words a user can act on (session, client, since when, what it runs);
  // empty when it is free or the database cannot tell.
  virtual std::string describe_lock_holder(std::int64_t key) = 0;

  // False once the session is known to be gone (ended by the server or an administrator, closed by a
  // proxy). Answers without a round trip where the driver can.
  virtual bool session_alive() noexcept = 0;
  // An identifier of this session that another connection can pass to end_session() (PostgreSQL: the
  // backend pid and its start time, so a reused pid is never hit); empty when the database has no server
  // sessions (SQLite: a crashed process's transaction is rolled back by the next one to open the file).
  virtual std::string session_id() = 0;
  // Ends the session `id` of another connection and waits up to `timeout` for it to be gone, so that its
  // open transaction is rolled back and its locks are free. False when no such session was running.
  virtual bool end_session(std::string_view id, std::chrono::milliseconds timeout) = 0;
  // Asks the server to stop the statement this connection is running. The one member that may be called
  // from another thread while the connection is in use; a no-op when nothing runs.
  virtual void cancel() noexcept = 0;

  // The SDK Context a revision sees, bound to this connection's current transaction (or autocommit when
  // none is open). It must not outlive the transaction state it was created in.
  virtual std::unique_ptr<Context> open_context(const RevisionScope& scope, HostServices& host) = 0;
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual const Dialect& dialect() const = 0;
  // Throws godwit::ConnectionLost (unreachable, refused, bad password, unknown database) with a message
  // that shows the URL with its password masked.
  virtual std::unique_ptr<Connection> connect(const ConnectOptions& options) = 0;
  // Whether a failed connect() may succeed if retried later (`--wait-for-db`): a server that is down or
  // still starting may come up; a wrong password, an unknown database or a file that is not a database
  // will not.
  virtual bool may_come_up(const DatabaseError& connect_error) const = 0;
};

// Returned by the exported `godwit_driver_entry`. `size` and `api_version` first so the host can check
// them before touching anything else. name and schemes must equal the driver's GODWIT_DRIVER declaration,
// in the same order: the host chose the library by its declaration and refuses one whose entry differs.
struct DriverEntry {
  std::uint32_t size;
  std::uint32_t api_version;
  const char* name;            // "postgresql", "sqlite"
  const char* const* schemes;  // NULL-terminated: {"postgresql", "postgres", nullptr}
  Driver* (*create)();         // caller owns the result (delete through Driver's virtual destructor)
};

GODWIT_DRIVER_END_NAMESPACE

// Each driver defines this with C linkage and default visibility.
extern "C" const godwit::driver::DriverEntry* godwit_driver_entry() noexcept;
