#pragma once

// The driver conformance suite, written once against the driver API (godwit/driver/driver.hpp) and run
// against every driver through a small per-driver profile (postgres_profile.cpp, sqlite_profile.cpp). The
// driver is loaded the way the host loads it: dlopen(RTLD_NOW | RTLD_LOCAL), then godwit_driver_entry.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "godwit/driver/driver.hpp"

namespace godwit::test {

// A database of the test's own, dropped when destroyed.
class ScratchDatabase {
 public:
  virtual ~ScratchDatabase() = default;
  virtual std::string url() const = 0;
  // A URL for the same database whose user needs a password (the one in DriverProfile::password).
  virtual std::string password_url() const = 0;
};

// A database error the suite provokes, as one database reports it.
struct ExpectedError {
  std::string sqlstate;
  std::string message;  // a part of the message
};

// Rows numbered 1..$1 (column i) with a column n that counts the rows the database has produced so far,
// read back by produced(): how far the database ran ahead of the consumer of a stream.
struct CountedSeries {
  std::function<void(driver::Connection&, Context&)> setup;
  std::function<void(driver::Connection&, Context&)> reset;
  std::string sql;
  std::function<std::int64_t(Context&)> produced;
};

// A statement the database refuses inside a transaction (PostgreSQL: CREATE INDEX CONCURRENTLY).
struct AutocommitOnly {
  std::string setup;
  std::string statement;
  std::string again;    // the same kind of statement, run inside a transaction
  std::string creates;  // a relation the statement creates, checked with table_exists ("": none)
  std::string in_transaction_sqlstate;
};

// What the suite needs to know about one driver: how its database spells what the suite checks, and which
// features it lacks (each `lacks_*` is the reason, shown when the test is skipped; empty: the database has
// the feature and the suite tests it).
struct DriverProfile {
  std::string library_path;
  std::string dialect_name;
  std::function<std::unique_ptr<ScratchDatabase>()> create_database;
  std::string password;  // in password_url(); must never appear in any message
  std::function<std::string(const ScratchDatabase&)> wrong_password_url;
  std::function<std::string(const ScratchDatabase&)> unknown_database_url;
  std::string unknown_database_name;
  std::string unknown_database_message;  // what connecting to unknown_database_url says
  // A URL (with a password) for a server expected at 127.0.0.1:port.
  std::function<std::string(int port)> url_for_port;
  // A statement that runs for about a minute unless cancelled.
  std::string long_statement;
  // URLs refused before connecting, each with a part of its message; every message starts with
  // malformed_url_message.
  std::vector<std::pair<std::string, std::string>> malformed_urls;
  std::string malformed_url_message;

  // Spellings.
  std::string default_schema;         // where unqualified tables are created
  std::string server_version_prefix;  // before the version number in server_version()
  std::string application_name_sql;   // reads ConnectOptions::application_name back ("": no way to)
  std::string native_handle_kind;     // a kind Context::native_handle() answers
  std::function<std::string(const std::string& table)> missing_table_message;
  std::string missing_table_sqlstate;
  ExpectedError duplicate_key;
  std::string syntax_error_sqlstate;
  std::string aborted_sqlstate;                      // a statement after a failed one in the same transaction
  std::function<std::string(int count)> series_sql;  // one column, 1..count
  std::string nulls_first_sql;                       // column v: NULL, 'a', 'c' in this order
  // SELECT v FROM <table> (an int column, 1..n in insertion order), failing at run time on the row where v
  // reaches `row`, after the rows before it were produced.
  std::function<std::string(const std::string& table, int row)> failing_read_sql;
  std::function<std::string(const std::string& name)> create_schema_sql;
  std::function<std::string(const std::string& index, const std::string& table, const std::string& column)>
      create_index_sql;         // as a non-transactional revision would create one
  std::string typed_table_sql;  // CREATE TABLE typed (v <integer>): refuses text that is not a number
  std::string type_error_sqlstate;
  std::string version_constraint_sql;  // the name of meta.alembic_version's primary key constraint
  CountedSeries counted_series;
  AutocommitOnly autocommit_only;

  // Features a database may lack.
  std::string lacks_passwords;        // credentials in URLs
  std::string lacks_server;           // a network server that can refuse or not answer
  std::string lacks_server_sessions;  // sessions another connection can end
  std::string lacks_notices;          // messages the server sends with a statement's result
};

const DriverProfile& driver_profile();  // defined by the per-driver profile

// The driver under test, loaded once per process and never unloaded (nothing from it may outlive it).
driver::Driver& loaded_driver();
const driver::DriverEntry& loaded_entry();

// A HostServices double that records what a Context forwards.
class RecordingHost final : public driver::HostServices {
 public:
  struct Progress {
    std::uint64_t done, total;
    std::string label;
  };

  void log(LogLevel level, std::string_view message) override {
    std::lock_guard<std::mutex> lock(mutex_);
    logs.emplace_back(level, std::string(message));
  }
  void progress(std::uint64_t done, std::uint64_t total, std::string_view label) override {
    progresses.push_back(Progress{done, total, std::string(label)});
  }
  std::optional<std::string> option(std::string_view key) const override {
    auto it = options.find(std::string(key));
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
  bool logged(std::string_view needle) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [level, text] : logs)
      if (text.find(needle) != std::string::npos) return true;
    return false;
  }

  std::vector<std::pair<LogLevel, std::string>> logs;
  std::vector<Progress> progresses;
  std::map<std::string, std::string> options;

 private:
  mutable std::mutex mutex_;
};

// Base fixture: one scratch database per test suite (in practice per test: ctest runs each test in its own
// process), created on first use, so tests that need no server do not pay for one. When the driver cannot
// be loaded every test fails; when the database cannot be created every test that uses it fails (the
// exception names the reason). Nothing is ever skipped.
class DriverTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  static const ScratchDatabase& database();
  static driver::ConnectOptions options(const std::string& url);
  std::unique_ptr<driver::Connection> connect() const { return connect(database().url()); }
  static std::unique_ptr<driver::Connection> connect(const std::string& url);
  std::unique_ptr<Context> open_context(driver::Connection& connection, const std::string& revision = "r1");

  // Single-value query convenience.
  static std::string scalar(driver::Connection& connection, const std::string& sql,
                            const Params& params = {});

  RecordingHost host_;

 private:
  static std::unique_ptr<ScratchDatabase> database_;
  static std::string setup_error_;
};

// The tests of a feature some databases lack live in suites of their own (PasswordTest, ServerTest,
// ServerSessionTest, NoticeTest, aliases of DriverTest), which tests/driver/CMakeLists.txt leaves out for
// a driver whose profile says it lacks the feature: nothing is skipped at run time. Run anyway, such a
// test fails, naming the reason and the filter to fix.
#define GODWIT_REQUIRE_FEATURE(lacks)                                                                   \
  do {                                                                                                  \
    if (!driver_profile().lacks.empty())                                                                \
      FAIL() << "this driver lacks the feature (" << driver_profile().lacks                             \
             << "): leave this suite out of its tests with TEST_FILTER in tests/driver/CMakeLists.txt"; \
  } while (false)

// Asserts that `body` throws E and returns the exception's message and, for DatabaseError, its sqlstate.
struct Caught {
  std::string message;
  std::string sqlstate;
  std::string statement;
  bool thrown = false;
};

template <class E, class F>
Caught catch_error(F&& body) {
  Caught caught;
  try {
    body();
  } catch (const E& e) {
    caught.thrown = true;
    caught.message = e.what();
    if constexpr (std::is_base_of_v<DatabaseError, E>) {
      caught.sqlstate = e.sqlstate();
      caught.statement = e.statement();
    }
  }
  return caught;
}

}  // namespace godwit::test
