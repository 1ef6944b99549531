// PostgreSQL only: the libpqxx transaction behind a Context (godwit/postgres.hpp).

#include <pqxx/pqxx>

#include "driver_conformance.hpp"
#include "godwit/postgres.hpp"

namespace godwit::test {
namespace {

using PostgresNative = DriverTest;

TEST_F(PostgresNative, NativeHandleIsTheTransactionInUse) {
  auto c = connect();
  c->execute("CREATE TABLE native (v int)");
  auto ctx = open_context(*c);
  c->begin();
  pqxx::transaction_base* tx = postgres::native_transaction(*ctx);
  ASSERT_NE(tx, nullptr);
  tx->exec_params("INSERT INTO native VALUES ($1)", 41);
  EXPECT_EQ(tx->exec("SELECT count(*) FROM native")[0][0].as<int>(), 1);
  EXPECT_EQ(ctx->query("SELECT count(*) FROM native")[0].get<int>(0), 1);  // same transaction
  c->rollback();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM native"), "0");
}

TEST_F(PostgresNative, NativeHandleInAutocommit) {
  auto c = connect();
  auto ctx = open_context(*c);
  pqxx::transaction_base* tx = postgres::native_transaction(*ctx);
  ASSERT_NE(tx, nullptr);
  tx->exec("CREATE TABLE native_auto (v int)");
  tx->exec("INSERT INTO native_auto VALUES (1)");
  auto other = connect();
  EXPECT_EQ(scalar(*other, "SELECT count(*) FROM native_auto"), "1");
}

TEST_F(PostgresNative, AnErrorSwallowedThroughTheNativeHandleStillBlocksCommit) {
  auto c = connect();
  auto ctx = open_context(*c);
  c->begin();
  pqxx::transaction_base* tx = postgres::native_transaction(*ctx);
  try {
    tx->exec("SELECT * FROM no_such_table");
  } catch (const pqxx::sql_error&) {
    // A revision that swallows the error and carries on.
  }
  EXPECT_THROW(c->commit(), DatabaseError);
  EXPECT_FALSE(c->in_transaction());
}

}  // namespace
}  // namespace godwit::test
