// The PostgreSQL driver's profile for the conformance suite: the plugin built by this tree, and databases
// on the throwaway server of the `postgres` CTest fixture (tests/postgres).

#include "driver_conformance.hpp"
#include "pg_test_url.hpp"

#ifndef GODWIT_TEST_DRIVER_PATH
#error "GODWIT_TEST_DRIVER_PATH must name the driver plugin to test"
#endif

namespace godwit::test {
namespace {

class PgScratchDatabase final : public ScratchDatabase {
 public:
  std::string url() const override { return database_.url(); }
  std::string password_url() const override { return database_.password_url(); }

 private:
  TestDatabase database_;
};

// postgresql://godwit_pw:godwit_pw_secret@... -> postgresql://godwit_pw:wrong_godwit_pw_secret@...
std::string replace_password(const std::string& url, const std::string& password) {
  const std::size_t start = url.find(':', url.find("://") + 3) + 1;
  return url.substr(0, start) + password + url.substr(url.find('@'));
}

}  // namespace

const DriverProfile& driver_profile() {
  static const DriverProfile profile = [] {
    DriverProfile p;
    p.library_path = GODWIT_TEST_DRIVER_PATH;
    p.dialect_name = "postgresql";
    p.create_database = [] { return std::make_unique<PgScratchDatabase>(); };
    p.password = "godwit_pw_secret";
    p.wrong_password_url = [](const ScratchDatabase& db) {
      return replace_password(db.password_url(), "wrong_godwit_pw_secret");
    };
    p.unknown_database_name = "godwit_no_such_database";
    p.long_statement = "SELECT pg_sleep(60)";
    p.unknown_database_url = [](const ScratchDatabase& db) {
      return pg_url_with_database(db.url(), "godwit_no_such_database");
    };
    p.url_for_port = [](int port) {
      return "postgresql://godwit_pw:godwit_pw_secret@127.0.0.1:" + std::to_string(port) + "/godwit_test";
    };
    return p;
  }();
  return profile;
}

}  // namespace godwit::test
