// CliDatabase on the `postgres` CTest fixture's server: a database of its own (PgDatabase), read with psql,
// dumped with pg_dump, and watched through pg_stat_activity and pg_locks.
#include <algorithm>
#include <sstream>
#include <vector>

#include "cli/cli_database.hpp"
#include "cli/pg_database.hpp"

namespace godwit::test {

namespace {

// The statement misbehaving.cpp runs for -x misbehave=long_statement on PostgreSQL.
constexpr const char* kLongStatement = "SELECT pg_sleep(60)";

class PgCliDatabase final : public CliDatabase {
 public:
  Driver driver() const override { return Driver::postgres; }
  std::string url() const override { return db_.url(); }
  std::string schema() const override { return "public"; }
  std::string sql(const std::string& statement) const override { return db_.sql(statement); }

  std::string all_tables() const override {
    std::vector<std::string> names;
    std::istringstream rows(db_.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"));
    for (std::string name; std::getline(rows, name);) names.push_back(name);
    std::sort(names.begin(), names.end());  // byte order, not the database's collation
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "" : ",") + name;
    return list;
  }

  bool index_exists(const std::string& name) const override {
    return db_.sql("SELECT count(*) FROM pg_indexes WHERE indexname = '" + name + "'") != "0";
  }

  std::string schema_dump(const std::string& table) const override { return db_.schema_dump(table); }

  ProcessResult replay(const std::filesystem::path& script) const override {
    return run("/usr/bin/psql", {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(), "-f", script.string()});
  }

  bool lock_held() const override { return advisory_locks() != "0"; }

  std::string leftovers() const override {
    std::string left;
    if (const std::string sessions = db_.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name "
                                             "LIKE 'godwit pid %' AND datname = current_database()");
        sessions != "0")
      left += sessions + " godwit session(s)";
    if (const std::string locks = advisory_locks(); locks != "0")
      left += (left.empty() ? "" : ", ") + locks + " advisory lock(s)";
    return left;
  }

  bool long_statement_running() const override {
    return db_.sql(std::string("SELECT count(*) FROM pg_stat_activity WHERE query = '") + kLongStatement +
                   "' AND datname = current_database()") != "0";
  }

 private:
  // Advisory locks are per database: only this one's count.
  std::string advisory_locks() const {
    return db_.sql(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM "
        "pg_database WHERE datname = current_database())");
  }

  PgDatabase db_;
};

}  // namespace

std::unique_ptr<CliDatabase> make_pg_cli_database() {
  return std::make_unique<PgCliDatabase>();
}

}  // namespace godwit::test
