// Driver conformance: loading, connecting, and what a failed connection reports.

#include "driver_conformance.hpp"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace godwit::test {
namespace {

struct Loaded {
  void* library = nullptr;
  const driver::DriverEntry* entry = nullptr;
  std::unique_ptr<driver::Driver> driver;
};

Loaded& load() {
  static Loaded loaded = [] {
    Loaded out;
    const std::string& path = driver_profile().library_path;
    out.library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (out.library == nullptr) throw std::runtime_error("dlopen " + path + ": " + ::dlerror());
    using EntryFn = const driver::DriverEntry* (*)() noexcept;
    auto entry_fn = reinterpret_cast<EntryFn>(::dlsym(out.library, "godwit_driver_entry"));
    if (entry_fn == nullptr) throw std::runtime_error(path + " does not export godwit_driver_entry");
    out.entry = entry_fn();
    out.driver.reset(out.entry->create());
    if (!out.driver) throw std::runtime_error(path + ": create() returned null");
    return out;
  }();
  return loaded;
}

// A TCP socket on 127.0.0.1 with an ephemeral port; listening (connections are accepted by the kernel and
// never answered) or closed again (connections are refused).
class LocalPort {
 public:
  explicit LocalPort(bool listen) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
      throw std::runtime_error("cannot bind a local TCP port");
    port_ = ntohs(address.sin_port);
    if (listen) {
      ::listen(fd_, 16);
    } else {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~LocalPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

void expect_no_secret(const std::string& message) {
  if (driver_profile().password.empty()) return;  // a database without passwords
  EXPECT_EQ(message.find(driver_profile().password), std::string::npos) << "password leaked: " << message;
}

}  // namespace

driver::Driver& loaded_driver() {
  return *load().driver;
}
const driver::DriverEntry& loaded_entry() {
  return *load().entry;
}

std::unique_ptr<ScratchDatabase> DriverTest::database_;
std::string DriverTest::setup_error_;

void DriverTest::SetUpTestSuite() {
  try {
    loaded_driver();
  } catch (const std::exception& e) {
    setup_error_ = e.what();
  }
}

void DriverTest::TearDownTestSuite() {
  database_.reset();
}

void DriverTest::SetUp() {
  if (!setup_error_.empty()) GTEST_FAIL() << "cannot load the driver: " << setup_error_;
}

const ScratchDatabase& DriverTest::database() {
  static std::mutex mutex;  // tests may connect from several threads
  std::lock_guard<std::mutex> lock(mutex);
  if (!database_) database_ = driver_profile().create_database();  // throws: the test fails with the reason
  return *database_;
}

driver::ConnectOptions DriverTest::options(const std::string& url) {
  driver::ConnectOptions options;
  options.url = url;
  options.connect_timeout = std::chrono::seconds(5);
  options.application_name = "godwit-conformance";
  return options;
}

std::unique_ptr<driver::Connection> DriverTest::connect(const std::string& url) {
  return loaded_driver().connect(options(url));
}

std::unique_ptr<Context> DriverTest::open_context(driver::Connection& connection,
                                                  const std::string& revision) {
  return connection.open_context(driver::RevisionScope{revision, Direction::upgrade}, host_);
}

std::string DriverTest::scalar(driver::Connection& connection, const std::string& sql, const Params& params) {
  Rows rows = connection.query(sql, params);
  if (rows.size() != 1 || rows.columns().size() != 1)
    throw std::runtime_error("scalar(): expected one value from " + sql);
  return rows[0].is_null(0) ? std::string("<NULL>") : std::string(rows[0].text(0));
}

using ConnectTest = DriverTest;
// Suites of features some databases lack (GODWIT_REQUIRE_FEATURE).
using PasswordTest = DriverTest;
using ServerTest = DriverTest;
using ServerSessionTest = DriverTest;

TEST_F(ConnectTest, EntryDescribesTheDriver) {
  const driver::DriverEntry& entry = loaded_entry();
  EXPECT_EQ(entry.size, sizeof(driver::DriverEntry));
  EXPECT_EQ(entry.api_version, driver::kDriverApiVersion);
  EXPECT_EQ(std::string(entry.name), driver_profile().dialect_name);
  ASSERT_NE(entry.schemes, nullptr);
  ASSERT_NE(entry.schemes[0], nullptr);
  EXPECT_EQ(loaded_driver().dialect().name(), driver_profile().dialect_name);
}

TEST_F(ConnectTest, ConnectsAndReportsTheServerVersion) {
  auto connection = connect();
  const std::string version = connection->server_version();
  const std::string& prefix = driver_profile().server_version_prefix;
  ASSERT_GT(version.size(), prefix.size());
  EXPECT_EQ(version.substr(0, prefix.size()), prefix);
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(version[prefix.size()]))) << version;
  EXPECT_EQ(connection->display_url(), database().url());
  EXPECT_FALSE(connection->in_transaction());
  if (!driver_profile().application_name_sql.empty()) {
    EXPECT_EQ(scalar(*connection, driver_profile().application_name_sql), "godwit-conformance");
  }
}

TEST_F(ConnectTest, EverySchemeOfTheEntryConnects) {
  const std::string url = database().url();
  const std::string rest = url.substr(url.find("://"));
  for (const char* const* scheme = loaded_entry().schemes; *scheme != nullptr; ++scheme) {
    auto connection = connect(*scheme + rest);
    EXPECT_EQ(scalar(*connection, "SELECT 1"), "1") << *scheme;
  }
}

TEST_F(PasswordTest, DisplayUrlMasksThePassword) {
  GODWIT_REQUIRE_FEATURE(lacks_passwords);
  auto connection = connect(database().password_url());
  const std::string shown = connection->display_url();
  expect_no_secret(shown);
  EXPECT_NE(shown.find(":***@"), std::string::npos) << shown;
  EXPECT_EQ(scalar(*connection, "SELECT 1"), "1");
}

TEST_F(ConnectTest, MalformedUrlsAreRejectedBeforeConnecting) {
  ASSERT_FALSE(driver_profile().malformed_urls.empty());
  for (const auto& [url, expected] : driver_profile().malformed_urls) {
    const Caught caught = catch_error<Error>([&] { connect(url); });
    ASSERT_TRUE(caught.thrown) << url;
    EXPECT_NE(caught.message.find(driver_profile().malformed_url_message), std::string::npos)
        << caught.message;
    EXPECT_NE(caught.message.find(expected), std::string::npos) << caught.message;
    EXPECT_EQ(caught.message.find('\n'), std::string::npos) << caught.message;
    expect_no_secret(caught.message);
  }
}

TEST_F(ServerTest, RefusedConnectionSaysWhereItTried) {
  GODWIT_REQUIRE_FEATURE(lacks_server);
  const LocalPort closed(false);
  const std::string url = driver_profile().url_for_port(closed.port());
  const Caught caught = catch_error<ConnectionLost>([&] { connect(url); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_TRUE(loaded_driver().may_come_up(DatabaseError(caught.message, caught.sqlstate)))
      << "a server that refuses may be starting";
  const std::string where = "127.0.0.1:" + std::to_string(closed.port());
  EXPECT_NE(caught.message.find("could not connect to postgresql://"), std::string::npos) << caught.message;
  EXPECT_NE(caught.message.find(":***@" + where), std::string::npos) << caught.message;
  EXPECT_NE(caught.message.find("connection refused — is the server running on " + where + "?"),
            std::string::npos)
      << caught.message;
  EXPECT_EQ(caught.message.find('\n'), std::string::npos) << caught.message;
  expect_no_secret(caught.message);
}

TEST_F(ServerTest, ConnectTimeoutIsHonoured) {
  GODWIT_REQUIRE_FEATURE(lacks_server);
  const LocalPort silent(true);
  driver::ConnectOptions opts = options(driver_profile().url_for_port(silent.port()));
  opts.connect_timeout = std::chrono::seconds(2);
  const auto start = std::chrono::steady_clock::now();
  const Caught caught = catch_error<ConnectionLost>([&] { loaded_driver().connect(opts); });
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(caught.thrown);
  EXPECT_LT(elapsed, std::chrono::seconds(6));
  EXPECT_NE(caught.message.find("timed out after 2 s"), std::string::npos) << caught.message;
  expect_no_secret(caught.message);
}

TEST_F(PasswordTest, WrongPasswordIsReportedWithoutThePassword) {
  GODWIT_REQUIRE_FEATURE(lacks_passwords);
  const std::string url = driver_profile().wrong_password_url(database());
  const Caught caught = catch_error<ConnectionLost>([&] { connect(url); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find("password authentication failed"), std::string::npos) << caught.message;
  EXPECT_NE(caught.message.find(":***@"), std::string::npos) << caught.message;
  EXPECT_EQ(caught.message.find('\n'), std::string::npos) << caught.message;
  EXPECT_EQ(caught.message.find("wrong_" + driver_profile().password), std::string::npos) << caught.message;
  expect_no_secret(caught.message);
  EXPECT_FALSE(loaded_driver().may_come_up(DatabaseError(caught.message, caught.sqlstate)));
}

TEST_F(ConnectTest, UnknownDatabaseIsNamed) {
  const Caught caught =
      catch_error<ConnectionLost>([&] { connect(driver_profile().unknown_database_url(database())); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find(driver_profile().unknown_database_message), std::string::npos)
      << caught.message;
  EXPECT_EQ(caught.message.find('\n'), std::string::npos) << caught.message;
  EXPECT_FALSE(loaded_driver().may_come_up(DatabaseError(caught.message, caught.sqlstate)))
      << "an unknown database does not come up by waiting";
}

TEST_F(PasswordTest, DatabaseErrorsNeverEchoThePassword) {
  GODWIT_REQUIRE_FEATURE(lacks_passwords);
  auto connection = connect(database().password_url());
  const Caught caught =
      catch_error<DatabaseError>([&] { connection->query("SELECT $1::int", {driver_profile().password}); });
  ASSERT_TRUE(caught.thrown);
  expect_no_secret(caught.message);
}

TEST_F(ServerSessionTest, LostConnectionIsConnectionLostWithMaskedUrl) {
  GODWIT_REQUIRE_FEATURE(lacks_server_sessions);
  auto victim = connect(database().password_url());
  const std::string pid = scalar(*victim, "SELECT pg_backend_pid()");
  auto killer = connect();
  EXPECT_EQ(scalar(*killer, "SELECT pg_terminate_backend($1::int)", {pid}), "t");
  const Caught caught = catch_error<ConnectionLost>([&] { victim->execute("SELECT 1"); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find(victim->display_url()), std::string::npos) << caught.message;
  expect_no_secret(caught.message);
  // Session-level state (advisory locks) would not survive a silent reconnect: it must keep failing.
  EXPECT_THROW(victim->execute("SELECT 1"), ConnectionLost);
  victim->rollback();  // noexcept on a dead connection
}

}  // namespace godwit::test
