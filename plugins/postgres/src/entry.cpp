// The plugin's declaration (GODWIT_DRIVER: what the host reads before loading it), its one exported symbol,
// godwit_driver_entry, and the Driver it creates. The entry's name and schemes must match the declaration.

#include <new>

#include "connect.hpp"
#include "connection.hpp"
#include "dialect.hpp"
#include "godwit/driver/driver.hpp"
#include "godwit/driver/driver_record.hpp"

namespace godwit::pg {
namespace {

class PgDriver final : public driver::Driver {
 public:
  const driver::Dialect& dialect() const override { return dialect_; }

  std::unique_ptr<driver::Connection> connect(const driver::ConnectOptions& options) override {
    ConnectTarget target = make_target(options);
    std::unique_ptr<pqxx::connection> connection = open_connection(target);
    return std::make_unique<PgConnection>(std::move(target), std::move(connection));
  }

  // A server that is down or still starting (class 08, 57P03 cannot_connect_now) may come up; a wrong
  // password or an unknown database will not.
  bool may_come_up(const DatabaseError& error) const override {
    const std::string& state = error.sqlstate();
    return state.empty() || state.rfind("08", 0) == 0 || state == "57P03";
  }

 private:
  PgDialect dialect_;
};

driver::Driver* create_driver() {
  return new (std::nothrow) PgDriver();
}

const char* const kSchemes[] = {"postgresql", "postgres", nullptr};

const driver::DriverEntry kEntry{sizeof(driver::DriverEntry), driver::kDriverApiVersion, "postgresql",
                                 kSchemes, &create_driver};

}  // namespace
}  // namespace godwit::pg

GODWIT_DRIVER(postgresql, "postgresql,postgres");

extern "C" __attribute__((visibility("default"))) const godwit::driver::DriverEntry*
godwit_driver_entry() noexcept {
  return &godwit::pg::kEntry;
}
