// PostgreSQL only: a load and a stream outside a transaction. A COPY holds the connection, so the driver
// suspends it around a stream's FETCHes, which keeps the load all or nothing only inside one transaction:
// outside one, PostgreSQL refuses what SQLite (whose load holds a savepoint) allows.

#include "driver_conformance.hpp"

namespace godwit::test {
namespace {

using PostgresBulk = DriverTest;

TEST_F(PostgresBulk, AStreamWhileAnAutocommitLoadIsOpenIsRefusedAndTheLoadGoesOn) {
  auto c = connect();
  c->execute("CREATE TABLE auto_source (v int)");
  c->execute("CREATE TABLE auto_target (v int)");
  c->execute("INSERT INTO auto_source VALUES (1), (2)");
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("auto_target", {"v"});
  writer->write(1);
  const Caught caught =
      catch_error<Error>([&] { ctx->stream("SELECT v FROM auto_source", [](const Row&) {}); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find("a COPY outside a transaction is in progress"), std::string::npos)
      << caught.message;
  EXPECT_NE(caught.message.find("needs a transaction"), std::string::npos) << caught.message;
  writer->write(2);
  EXPECT_EQ(writer->finish(), 2u);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM auto_target"), "2");
}

// Outside a transaction a stream runs in a short transaction of its own; a load its callback opened and left
// open cannot outlive it, so nothing is committed and the stream says why.
TEST_F(PostgresBulk, ALoadLeftOpenByAnAutocommitStreamsCallbackCommitsNothing) {
  auto c = connect();
  c->execute("CREATE TABLE left_source (v int)");
  c->execute("CREATE TABLE left_target (v int)");
  c->execute("INSERT INTO left_source SELECT generate_series(1, 50)");
  auto ctx = open_context(*c);
  std::unique_ptr<CopyWriter> writer;
  const Caught caught = catch_error<Error>([&] {
    ctx->stream(
        "SELECT v FROM left_source", Params{},
        [&](const Row& row) {
          if (!writer) writer = ctx->copy_into("left_target", {"v"});
          writer->write(row.get<int>(0));
        },
        10);
  });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find("the COPY into left_target opened in the stream's callback was not finished"),
            std::string::npos)
      << caught.message;
  EXPECT_THROW(writer->finish(), Error);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM left_target"), "0");
}

// The same load finished inside the callback commits with the stream's short transaction.
TEST_F(PostgresBulk, ALoadFinishedInAnAutocommitStreamsCallbackCommits) {
  auto c = connect();
  c->execute("CREATE TABLE done_source (v int)");
  c->execute("CREATE TABLE done_target (v int)");
  c->execute("INSERT INTO done_source SELECT generate_series(1, 50)");
  auto ctx = open_context(*c);
  std::unique_ptr<CopyWriter> writer;
  ctx->stream(
      "SELECT v FROM done_source", Params{},
      [&](const Row& row) {
        if (!writer) writer = ctx->copy_into("done_target", {"v"});
        writer->write(row.get<int>(0));
        if (row.get<int>(0) == 50) EXPECT_EQ(writer->finish(), 50u);
      },
      10);
  EXPECT_EQ(scalar(*connect(), "SELECT count(*) || ' ' || sum(v) FROM done_target"), "50 1275");
}

}  // namespace
}  // namespace godwit::test
