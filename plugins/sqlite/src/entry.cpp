// The plugin's declaration (GODWIT_DRIVER: what the host reads before loading it), its one exported symbol,
// godwit_driver_entry, and the Driver it creates. The entry's name and schemes must match the declaration.

#include <mutex>
#include <new>

#include "connection.hpp"
#include "dialect.hpp"
#include "godwit/driver/driver.hpp"
#include "godwit/driver/driver_record.hpp"
#include "godwit/driver/secret_masker.hpp"
#include "memory_database.hpp"

namespace godwit::sqlite {
namespace {

class SqliteDriver final : public driver::Driver {
 public:
  const driver::Dialect& dialect() const override { return dialect_; }

  std::unique_ptr<driver::Connection> connect(const driver::ConnectOptions& options) override {
    Target target;
    target.url = parse_url(options.url);
    target.display_url = driver::SecretMasker::global().mask_url(options.url);
    target.busy_timeout = busy_timeout_for(options.connect_timeout);
    target.application_name = options.application_name;
    if (target.url.memory) {
      target.memory = memory_database(target.busy_timeout);
      Opened opened{target.memory->connect(target.busy_timeout, target.display_url), false};
      return std::make_unique<SqliteConnection>(std::move(target), std::move(opened));
    }
    Opened opened = open_database(target);
    return std::make_unique<SqliteConnection>(std::move(target), std::move(opened));
  }

  // A locked database is free again once its writer commits; a missing directory, a file that is not a
  // database or one this user may not open stays so.
  bool may_come_up(const DatabaseError& connect_error) const override {
    const std::string& code = connect_error.sqlstate();
    return code.rfind("SQLITE_BUSY", 0) == 0 || code.rfind("SQLITE_LOCKED", 0) == 0;
  }

 private:
  // Every in-memory URL of this driver names one database, living as long as the driver or a connection.
  std::shared_ptr<MemoryDatabase> memory_database(std::chrono::milliseconds busy_timeout) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!memory_) memory_ = std::make_shared<MemoryDatabase>(busy_timeout);
    return memory_;
  }

  SqliteDialect dialect_;
  std::mutex mutex_;
  std::shared_ptr<MemoryDatabase> memory_;
};

driver::Driver* create_driver() {
  return new (std::nothrow) SqliteDriver();
}

const char* const kSchemes[] = {"sqlite", nullptr};

const driver::DriverEntry kEntry{sizeof(driver::DriverEntry), driver::kDriverApiVersion, "sqlite", kSchemes,
                                 &create_driver};

}  // namespace
}  // namespace godwit::sqlite

GODWIT_DRIVER(sqlite, "sqlite");

extern "C" __attribute__((visibility("default"))) const godwit::driver::DriverEntry*
godwit_driver_entry() noexcept {
  return &godwit::sqlite::kEntry;
}
