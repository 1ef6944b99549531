#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "cli/godwit_process.hpp"

namespace godwit::test {

// The drivers a CLI test runs on. Tests written once are instantiated for each (db_cli_test.hpp).
enum class Driver { postgres, sqlite };

// "postgres", "sqlite": the part of a test's name that says where it ran.
std::string driver_name(Driver driver);
inline void PrintTo(Driver driver, std::ostream* out) {
  *out << driver_name(driver);
}

// A database of its own for one CLI test, inspected the way a user would: through the database's own
// tools and catalog. Nothing here goes through godwit's drivers, so a driver bug cannot hide itself.
// A database that cannot be created (no PostgreSQL server) fails the test: database tests never skip.
class CliDatabase {
 public:
  virtual ~CliDatabase() = default;

  virtual Driver driver() const = 0;
  virtual std::string url() const = 0;
  // Where unqualified tables go, as `godwit status` names it: public, main.
  virtual std::string schema() const = 0;

  // Runs SQL (several statements allowed) and returns the rows as psql -A -t prints them: one a line,
  // columns separated by '|', NULL as nothing. Throws when the database refuses it.
  virtual std::string sql(const std::string& statement) const = 0;
  // The rows of a one-column query, comma-separated.
  std::string list(const std::string& query) const;
  // The version rows, sorted, comma-separated.
  std::string versions() const;
  // Every table, godwit's own included, sorted by name, comma-separated.
  virtual std::string all_tables() const = 0;
  virtual bool index_exists(const std::string& name) const = 0;
  // The schema as the database's own dump shows it, without godwit's history table; `table` alone when
  // given.
  virtual std::string schema_dump(const std::string& table = {}) const = 0;
  // Replays an offline script on this database with the database's own shell (psql, sqlite3).
  virtual ProcessResult replay(const std::filesystem::path& script) const = 0;

  // Whether some process holds a godwit lock on this database now.
  virtual bool lock_held() const = 0;
  // What godwit processes left holding the database, in words (PostgreSQL: sessions and advisory locks;
  // SQLite: a lock in its lock file); empty when nothing.
  virtual std::string leftovers() const = 0;
  // Whether the long statement of the misbehaving fixture (-x misbehave=long_statement, about a minute) has
  // started, so that a cancel reaches it.
  virtual bool long_statement_running() const = 0;
};

std::unique_ptr<CliDatabase> make_cli_database(Driver driver);

}  // namespace godwit::test
