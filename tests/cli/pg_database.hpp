#pragma once

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>

#include "cli/godwit_process.hpp"

namespace godwit::test {

// A database of its own for one test, on the throwaway server the `postgres` CTest fixture started
// (scripts/pg_throwaway). A missing server fails the test: database tests never skip.
class PgDatabase {
 public:
  PgDatabase() {
    const char* dir = std::getenv("GODWIT_TEST_PG_DIR");
    if (!dir) throw std::runtime_error("GODWIT_TEST_PG_DIR is not set: run through ctest (postgres fixture)");
    server_url_ = trim(read_file(std::string(dir) + "/url"));
    if (server_url_.empty()) throw std::runtime_error(std::string("no PostgreSQL URL in ") + dir + "/url");
    std::random_device random;
    name_ = "godwit_cli_" + std::to_string(random()) + std::to_string(random() % 1000);
    admin("CREATE DATABASE " + name_);
    url_ = server_url_.substr(0, server_url_.rfind('/') + 1) + name_;
  }
  ~PgDatabase() {
    try {
      admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }

  const std::string& url() const { return url_; }
  const std::string& server_url() const { return server_url_; }
  const std::string& name() const { return name_; }

  // Runs SQL with psql on this database; returns unaligned, tuples-only output with '|' separators.
  std::string sql(const std::string& statement) const { return psql(url_, statement); }

  // The schema without godwit's audit table, and without pg_dump's per-run lines (15.18 writes a random
  // key on \restrict lines).
  std::string schema_dump() const {
    const auto r = run("/usr/bin/pg_dump",
                       {"--schema-only", "--no-owner", "--no-privileges", "-T", "godwit_history*", url_});
    if (r.exit_code != 0) throw std::runtime_error("pg_dump failed: " + r.err);
    std::string out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
      if (line.rfind("\\restrict", 0) != 0 && line.rfind("\\unrestrict", 0) != 0 && line.rfind("-- Dumped", 0) != 0)
        out += line + "\n";
    return out;
  }

  static std::string trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
  }

 private:
  void admin(const std::string& statement) const { psql(server_url_, statement); }

  static std::string psql(const std::string& url, const std::string& statement) {
    const auto r = run("/usr/bin/psql", {"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", statement});
    if (r.exit_code != 0) throw std::runtime_error("psql failed on '" + statement + "': " + r.err);
    return trim(r.out);
  }

  std::string server_url_;
  std::string name_;
  std::string url_;
};

}  // namespace godwit::test
