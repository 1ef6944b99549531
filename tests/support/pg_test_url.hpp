#pragma once

// Test helper (header-only): the PostgreSQL server of the `postgres` CTest fixture (tests/postgres, started
// by scripts/pg_throwaway), and a database of one's own on it.
//
//   godwit::test::TestDatabase db;   // CREATE DATABASE godwit_t_<pid>_<random>; dropped by the destructor
//   connect(db.url());
//
// The fixture directory comes from $GODWIT_TEST_PG_DIR (set by the test's ENVIRONMENT property). When it is
// unset, or the server is not running, these functions throw std::runtime_error: GoogleTest reports that as
// a failure of the test. A missing server fails tests; it never skips them.
//
// Link PkgConfig::PQXX (libpqxx 6.4).

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>
#include <string>

namespace godwit::test {

// $GODWIT_TEST_PG_DIR, or throws.
inline std::string pg_fixture_dir() {
  const char* dir = std::getenv("GODWIT_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0')
    throw std::runtime_error(
        "GODWIT_TEST_PG_DIR is not set: run this test through ctest (it needs the `postgres` fixture), or "
        "start "
        "a server with `scripts/pg_throwaway start DIR` and export GODWIT_TEST_PG_DIR=DIR");
  return dir;
}

// One line of a file the fixture wrote (url, pw_url, port), or throws.
inline std::string pg_fixture_file(const std::string& name) {
  const std::string path = pg_fixture_dir() + "/" + name;
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty())
    throw std::runtime_error("the test PostgreSQL server is not running: " + path +
                             " is missing (did the postgres.start fixture test fail?)");
  return line;
}

// postgresql://postgres@127.0.0.1:PORT/godwit_test (trust authentication).
inline std::string pg_test_url() {
  return pg_fixture_file("url");
}

// postgresql://godwit_pw:godwit_pw_secret@127.0.0.1:PORT/godwit_test (scram-sha-256 over TCP).
inline std::string pg_test_password_url() {
  return pg_fixture_file("pw_url");
}

// `url` with its database (the path) replaced; the fixture's URLs have no query string.
inline std::string pg_url_with_database(const std::string& url, const std::string& database) {
  return url.substr(0, url.rfind('/') + 1) + database;
}

// A database created for one test process and dropped (WITH FORCE) when this object goes away, so tests
// running in parallel never see each other's tables, locks or settings.
class TestDatabase {
 public:
  TestDatabase() : admin_url_(pg_test_url()) {
    std::random_device random;
    name_ = "godwit_t_" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1000000);
    admin([this](pqxx::nontransaction& tx) { tx.exec("CREATE DATABASE " + tx.quote_name(name_)); });
  }
  ~TestDatabase() {
    try {
      admin([this](pqxx::nontransaction& tx) {
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
      });
    } catch (...) {
      // The fixture's server goes away with its directory anyway.
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  std::string url() const { return pg_url_with_database(admin_url_, name_); }
  // The password-protected role's URL, for this database.
  std::string password_url() const { return pg_url_with_database(pg_test_password_url(), name_); }

 private:
  template <class F>
  void admin(F&& body) const {
    try {
      pqxx::connection connection(pg_url_with_database(admin_url_, "postgres"));
      pqxx::nontransaction tx(connection);
      body(tx);
    } catch (const std::exception& e) {
      throw std::runtime_error("the test PostgreSQL server at " + admin_url_ +
                               " does not answer: " + e.what());
    }
  }

  std::string admin_url_;
  std::string name_;
};

}  // namespace godwit::test
