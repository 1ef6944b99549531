#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/godwit_process.hpp"
#include "cli/pg_database.hpp"

namespace godwit::test {

// A CLI test on a database of its own: runs the godwit binary on a fixture plugin directory and that
// database, and reads back what it left there.
class PgCliTest : public ::testing::Test {
 protected:
  // godwit's arguments for `plugins` and this test's database, then `rest`.
  std::vector<std::string> args(const std::string& plugins, std::vector<std::string> rest) const {
    return godwit_args(plugins, db.url(), std::move(rest));
  }
  ProcessResult on(const std::string& plugins, std::vector<std::string> rest) const {
    return run_godwit(args(plugins, std::move(rest)));
  }
  // The version rows, sorted, comma-separated.
  std::string versions() const {
    return db.sql("SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version");
  }
  // The fixture revisions' tables (t_<id>), sorted, comma-separated.
  std::string tables() const {
    return db.sql(
        "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public' AND "
        "tablename LIKE 't\\_%'");
  }
  // revision:direction:outcome of every history row, oldest first.
  std::string outcomes() const {
    return db.sql(
        "SELECT string_agg(revision || ':' || direction || ':' || outcome, ',' ORDER BY id) FROM "
        "godwit_history");
  }

  PgDatabase db;
};

}  // namespace godwit::test
