#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/godwit_process.hpp"
#include "support/pg_test_url.hpp"

namespace godwit::test {

// A database of its own for one test (TestDatabase, on the `postgres` CTest fixture's server), inspected
// the way a user would: with psql and pg_dump. A missing server fails the test: database tests never skip.
class PgDatabase {
 public:
  const std::string& name() const { return database_.name(); }
  std::string url() const { return database_.url(); }
  std::string password_url() const { return database_.password_url(); }

  // Runs SQL with psql on this database; returns unaligned, tuples-only output with '|' separators.
  std::string sql(const std::string& statement) const {
    const auto r =
        run("/usr/bin/psql", {"-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url(), "-c", statement});
    if (r.exit_code != 0) throw std::runtime_error("psql failed on '" + statement + "': " + r.err);
    return trim(r.out);
  }

  // The schema without godwit's audit table (or only `table`), and without pg_dump's per-run lines (15.18
  // writes a random key on \restrict lines).
  std::string schema_dump(const std::string& table = {}) const {
    const auto r = run("/usr/bin/pg_dump",
                       {"--schema-only", "--no-owner", "--no-privileges", table.empty() ? "-T" : "-t",
                        table.empty() ? "godwit_history*" : table, url()});
    if (r.exit_code != 0) throw std::runtime_error("pg_dump failed: " + r.err);
    std::string out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
      if (line.rfind("\\restrict", 0) != 0 && line.rfind("\\unrestrict", 0) != 0 &&
          line.rfind("-- Dumped", 0) != 0)
        out += line + "\n";
    return out;
  }

 private:
  static std::string trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
  }

  TestDatabase database_;
};

}  // namespace godwit::test
