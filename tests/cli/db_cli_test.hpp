#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "cli/cli_database.hpp"
#include "cli/godwit_process.hpp"

namespace godwit::test {

inline Driver driver_of(Driver driver) {
  return driver;
}
template <class... Rest>
Driver driver_of(const std::tuple<Driver, Rest...>& param) {
  return std::get<0>(param);
}

// A CLI test written once and run on every driver: the godwit binary on a fixture plugin directory and a
// database of its own of the driver in `Param` (a Driver, or a tuple whose first element is one), read
// back through CliDatabase. Instantiate it with GODWIT_FOR_EACH_DRIVER (or Combine(kEachDriver, ...)).
template <class Param>
class DbCliTestWith : public ::testing::TestWithParam<Param> {
 protected:
  DbCliTestWith() : database_(make_cli_database(driver_of(this->GetParam()))), db(*database_) {}

  Driver driver() const { return db.driver(); }
  bool on_sqlite() const { return driver() == Driver::sqlite; }

  // godwit's arguments for `plugins` and this test's database, then `rest`.
  std::vector<std::string> args(const std::string& plugins, std::vector<std::string> rest) const {
    return godwit_args(plugins, db.url(), std::move(rest));
  }
  ProcessResult on(const std::string& plugins, std::vector<std::string> rest) const {
    return run_godwit(args(plugins, std::move(rest)));
  }
  // The version rows, sorted, comma-separated.
  std::string versions() const { return db.versions(); }
  // The fixture revisions' tables (t_<id>), sorted, comma-separated.
  std::string tables() const {
    std::string fixture_tables;
    std::string all = db.all_tables() + ",";
    for (std::size_t start = 0, end; (end = all.find(',', start)) != std::string::npos; start = end + 1)
      if (all.compare(start, 2, "t_") == 0)
        fixture_tables += (fixture_tables.empty() ? "" : ",") + all.substr(start, end - start);
    return fixture_tables;
  }
  // revision:direction:outcome of every history row, oldest first.
  std::string outcomes() const {
    return list("SELECT revision || ':' || direction || ':' || outcome FROM godwit_history ORDER BY id");
  }
  // The rows of a one-column query, comma-separated.
  std::string list(const std::string& query) const { return db.list(query); }
  // `table` as `godwit status` lists it.
  std::string qualified(const std::string& table) const { return db.schema() + "." + table; }

 private:
  std::unique_ptr<CliDatabase> database_;

 protected:
  CliDatabase& db;
};

using DbCliTest = DbCliTestWith<Driver>;

inline const auto kEachDriver = ::testing::Values(Driver::postgres, Driver::sqlite);

// Names a Driver-parameterised test after its driver: Suite.Test/postgres, Suite.Test/sqlite.
struct DriverParamName {
  std::string operator()(const ::testing::TestParamInfo<Driver>& info) const {
    return driver_name(info.param);
  }
};

}  // namespace godwit::test

// Runs every test of the DbCliTest `suite` on each driver, as Suite.Test/postgres and Suite.Test/sqlite (no
// instantiation prefix: the driver is the name's last part, which the CTest wiring filters on).
#define GODWIT_FOR_EACH_DRIVER(suite) \
  INSTANTIATE_TEST_SUITE_P(, suite, ::godwit::test::kEachDriver, ::godwit::test::DriverParamName{})
