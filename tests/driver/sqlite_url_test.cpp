// SQLite only: the URL forms the driver accepts (SQLAlchemy's), what it refuses, and the in-memory database.

#include <unistd.h>

#include <filesystem>

#include "driver_conformance.hpp"
#include "sqlite_test_support.hpp"

namespace godwit::test {
namespace {

using SqliteUrl = DriverTest;

// Runs `body` in `directory`, then returns to where the test was.
template <class F>
void in_directory(const std::filesystem::path& directory, F&& body) {
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(directory);
  try {
    body();
  } catch (...) {
    std::filesystem::current_path(before);
    throw;
  }
  std::filesystem::current_path(before);
}

TEST_F(SqliteUrl, ThreeSlashesAreRelativeToTheCurrentDirectory) {
  const TempDir dir;
  std::filesystem::create_directory(dir.path() / "sub");
  in_directory(dir.path(), [&] {
    connect("sqlite:///relative.db")->execute("CREATE TABLE here (v int)");
    connect("sqlite:///sub/nested.db")->execute("CREATE TABLE there (v int)");
  });
  EXPECT_TRUE(std::filesystem::exists(dir.file("relative.db")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("sub/nested.db")));
  // The same files through absolute paths: four slashes.
  EXPECT_TRUE(connect(sqlite_url(dir.file("relative.db")))->table_exists("", "here"));
  EXPECT_TRUE(connect("sqlite:///" + dir.file("sub/nested.db"))->table_exists("", "there"));
}

TEST_F(SqliteUrl, ThePathIsPercentDecodedAndTheSchemeIsCaseInsensitive) {
  const TempDir dir;
  auto c = connect("SQLite:///" + dir.path().string() + "/with%20space%3F%23.db");
  c->execute("CREATE TABLE t (v int)");
  EXPECT_TRUE(std::filesystem::exists(dir.file("with space?#.db")));
  EXPECT_EQ(c->display_url(), "SQLite:///" + dir.path().string() + "/with%20space%3F%23.db");
}

TEST_F(SqliteUrl, RefusalsNameTheUrlAndWhatToWrite) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sqlite://localhost/x.db", "it has a host part ('localhost')"},
      {"sqlite:///x.db?timeout=5", "unknown query parameter 'timeout'"},
      {"sqlite:///x.db?mode=ro&cache=shared", "unknown query parameter 'mode'"},
  };
  for (const auto& [url, expected] : cases) {
    const Caught caught = catch_error<Error>([&] { connect(url); });
    ASSERT_TRUE(caught.thrown) << url;
    EXPECT_NE(caught.message.find("invalid SQLite URL '" + url + "'"), std::string::npos) << caught.message;
    EXPECT_NE(caught.message.find(expected), std::string::npos) << caught.message;
    try {
      connect(url);
    } catch (const DatabaseError&) {
      ADD_FAILURE() << url << ": refused as a database error; it must be refused before opening anything";
    } catch (const Error&) {
    }
  }
  // A password in a refused URL is masked like any other.
  const Caught caught = catch_error<Error>([&] { connect("sqlite://user:hunter22@host/x.db"); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.message.find("hunter22"), std::string::npos) << caught.message;
  // An empty query is no parameter.
  const TempDir dir;
  EXPECT_NO_THROW(connect(sqlite_url(dir.file("empty-query.db")) + "?"));
}

TEST_F(SqliteUrl, EveryInMemoryUrlOfADriverNamesOneDatabase) {
  {
    auto first = connect("sqlite://");
    first->execute("CREATE TABLE shared (v int); INSERT INTO shared VALUES (1)");
    auto second = connect("sqlite:///:memory:");
    EXPECT_EQ(scalar(*second, "SELECT count(*) FROM shared"), "1");
    EXPECT_EQ(second->display_url(), "sqlite:///:memory:");
  }
  // No connection open now: the database lives as long as the driver.
  auto later = connect("sqlite://");
  EXPECT_EQ(scalar(*later, "SELECT count(*) FROM shared"), "1");
  // Another driver instance (another embedding) has a database of its own.
  std::unique_ptr<driver::Driver> other(loaded_entry().create());
  auto stranger = other->connect(options("sqlite://"));
  EXPECT_FALSE(stranger->table_exists("", "shared"));
}

TEST_F(SqliteUrl, TheInMemoryDatabaseHasTransactionsAndTheLock) {
  auto a = connect("sqlite://");
  auto b = connect("sqlite://");
  a->execute("CREATE TABLE mem_tx (v int)");
  a->begin();
  a->execute("INSERT INTO mem_tx VALUES (1)");
  a->rollback();
  EXPECT_EQ(scalar(*b, "SELECT count(*) FROM mem_tx"), "0");
  ASSERT_TRUE(a->acquire_lock(42, std::chrono::milliseconds(0)));
  EXPECT_FALSE(b->acquire_lock(42, std::chrono::milliseconds(50)));
  EXPECT_NE(b->describe_lock_holder(42).find("godwit-conformance"), std::string::npos);
  EXPECT_TRUE(a->lock_held(42));
  a.reset();  // a closed connection's lock is free
  EXPECT_TRUE(b->acquire_lock(42, std::chrono::milliseconds(0)));
  EXPECT_EQ(b->describe_lock_holder(43), "");
  // The lock belongs to this driver's database: another driver instance's is another.
  std::unique_ptr<driver::Driver> other(loaded_entry().create());
  EXPECT_TRUE(other->connect(options("sqlite://"))->acquire_lock(42, std::chrono::milliseconds(0)));
}

}  // namespace
}  // namespace godwit::test
