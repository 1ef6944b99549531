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

namespace godwit::driver {

inline constexpr std::uint32_t kDriverApiVersion = 1;

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

// SQL-dialect knowledge the host needs with or without a connection (offline --sql mode has none).
class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual std::string_view name() const = 0;  // "postgresql"
  virtual std::string quote_identifier(std::string_view name) const = 0;
  virtual std::string quote_literal(std::string_view text) const = 0;
  // "schema.table" with each part quoted; schema may be empty.
  virtual std::string qualified_name(std::string_view schema, std::string_view table) const = 0;
  // Replaces $1..$n in `sql` by the parameters rendered as literals (NULL for null), for offline scripts.
  virtual std::string inline_parameters(std::string_view sql, const Params& params) const = 0;
  // DDL for godwit's bookkeeping tables, idempotent (CREATE TABLE IF NOT EXISTS).
  virtual std::string create_version_table_sql(std::string_view schema, std::string_view table) const = 0;
  virtual std::string create_history_table_sql(std::string_view schema, std::string_view table) const = 0;
  // The script's transaction statements for offline output.
  virtual std::string begin_sql() const { return "BEGIN;"; }
  virtual std::string commit_sql() const { return "COMMIT;"; }
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

  // Run in the open transaction, or in autocommit when none is open.
  virtual void execute(std::string_view sql) = 0;
  virtual std::uint64_t execute(std::string_view sql, const Params& params) = 0;
  virtual Rows query(std::string_view sql, const Params& params) = 0;

  virtual bool table_exists(std::string_view schema, std::string_view table) = 0;

  // Session-level advisory lock, for serialising runners. Must be called with no transaction open.
  virtual bool try_advisory_lock(std::int64_t key) = 0;
  virtual void advisory_unlock(std::int64_t key) = 0;
  // Who holds the session lock `key`, in words a user can act on (session, client, since when, what it
  // runs); empty when it is free or the database cannot tell.
  virtual std::string describe_lock_holder(std::int64_t key) = 0;

  // False once the session is known to be gone (ended by the server or an administrator, closed by a
  // proxy): a lock it held is lost. Answers without a round trip where the driver can.
  virtual bool session_alive() noexcept = 0;
  // An identifier of this session that another connection can pass to end_session() (PostgreSQL: the
  // backend pid and its start time, so a reused pid is never hit); empty when the database has none.
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
};

// Returned by the exported `godwit_driver_entry`. `size` and `api_version` first so the host can check
// them before touching anything else. name and schemes must equal the driver's GODWIT_DRIVER declaration,
// in the same order: the host chose the library by its declaration and refuses one whose entry differs.
struct DriverEntry {
  std::uint32_t size;
  std::uint32_t api_version;
  const char* name;            // "postgresql"
  const char* const* schemes;  // NULL-terminated: {"postgresql", "postgres", nullptr}
  Driver* (*create)();         // caller owns the result (delete through Driver's virtual destructor)
};

}  // namespace godwit::driver

// Each driver defines this with C linkage and default visibility.
extern "C" const godwit::driver::DriverEntry* godwit_driver_entry() noexcept;
