#include "cli/cli_database.hpp"

namespace godwit::test {

std::unique_ptr<CliDatabase> make_pg_cli_database();      // pg_cli_database.cpp
std::unique_ptr<CliDatabase> make_sqlite_cli_database();  // sqlite_cli_database.cpp

std::string driver_name(Driver driver) {
  return driver == Driver::postgres ? "postgres" : "sqlite";
}

std::string CliDatabase::list(const std::string& query) const {
  std::string rows = sql(query);
  for (char& c : rows)
    if (c == '\n') c = ',';
  return rows;
}

std::string CliDatabase::versions() const {
  return list("SELECT version_num FROM alembic_version ORDER BY version_num");
}

std::unique_ptr<CliDatabase> make_cli_database(Driver driver) {
  return driver == Driver::postgres ? make_pg_cli_database() : make_sqlite_cli_database();
}

}  // namespace godwit::test
