// Driver conformance: streaming reads (server-side cursor) and bulk loads (COPY), and the two together.

#include <chrono>
#include <cstdio>
#include <optional>

#include "driver_conformance.hpp"

namespace godwit::test {
namespace {

using BulkTest = DriverTest;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Streams 100,000 rows whose second column counts the rows as the server produces each (PostgreSQL: a
// sequence). Looking at the count from inside the callback shows how far ahead of the consumer the server
// ran: at most one batch when the rows really arrive in batches.
void stream_in_batches(driver::Connection& c, Context& ctx, const std::string& label) {
  constexpr std::int64_t kRows = 100000;
  constexpr std::size_t kBatch = 1000;
  std::int64_t count = 0, sum = 0, max_ahead = 0;
  const auto start = std::chrono::steady_clock::now();
  const CountedSeries& series = driver_profile().counted_series;
  ctx.stream(
      series.sql, {kRows},
      [&](const Row& row) {
        ++count;
        sum += row.get<std::int64_t>("i");
        if (count % 5000 == 1) max_ahead = std::max(max_ahead, series.produced(ctx) - count);
      },
      kBatch);
  const double elapsed = seconds_since(start);
  EXPECT_EQ(count, kRows) << label;
  EXPECT_EQ(sum, kRows * (kRows + 1) / 2) << label;
  EXPECT_LE(max_ahead, static_cast<std::int64_t>(kBatch))
      << label << ": the whole result was fetched at once";
  std::printf("[ stream   ] %s: %lld rows in %.3f s (%.0f rows/s, with %zu-row batches)\n", label.c_str(),
              static_cast<long long>(count), elapsed, count / elapsed, kBatch);
}

TEST_F(BulkTest, StreamsRowsInBatchesInAutocommitAndInATransaction) {
  auto c = connect();
  auto ctx = open_context(*c);
  driver_profile().counted_series.setup(*c, *ctx);
  stream_in_batches(*c, *ctx, "autocommit");
  EXPECT_FALSE(c->in_transaction());
  driver_profile().counted_series.reset(*c, *ctx);
  c->begin();
  stream_in_batches(*c, *ctx, "transaction");
  EXPECT_TRUE(c->in_transaction());
  c->commit();
}

TEST_F(BulkTest, StreamHandsOverNullsAndColumnNames) {
  auto c = connect();
  auto ctx = open_context(*c);
  std::vector<std::optional<std::string>> seen;
  ctx->stream(driver_profile().nulls_first_sql,
              [&](const Row& row) { seen.push_back(row.get<std::optional<std::string>>("v")); });
  EXPECT_EQ(seen, (std::vector<std::optional<std::string>>{std::nullopt, "a", "c"}));
  int empty_calls = 0;
  ctx->stream("SELECT 1 WHERE false", [&](const Row&) { ++empty_calls; });
  EXPECT_EQ(empty_calls, 0);
}

TEST_F(BulkTest, ExceptionsFromTheStreamCallbackPropagateUnchanged) {
  struct Stop {};
  auto c = connect();
  auto ctx = open_context(*c);
  const std::string series = driver_profile().series_sql(100);
  EXPECT_THROW(ctx->stream(series, [](const Row&) { throw Stop{}; }), Stop);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT 2"), "2");
  c->begin();
  EXPECT_THROW(ctx->stream(series, [](const Row&) { throw Stop{}; }), Stop);
  c->execute("SELECT 1");  // the transaction is still healthy: the cursor was closed
  c->commit();
  const Caught caught =
      catch_error<DatabaseError>([&] { ctx->stream("SELECT * FROM nope", [](const Row&) {}); });
  EXPECT_EQ(caught.sqlstate, driver_profile().missing_table_sqlstate);
  EXPECT_EQ(caught.statement, "SELECT * FROM nope");
}

// A callback that swallows a failed statement cannot carry on as if nothing happened: the transaction the
// cursor lives in is aborted, so the stream fails with 25P02 or its equivalent (in autocommit and in a
// transaction alike).
TEST_F(BulkTest, AFailedStatementInsideTheCallbackEndsTheStream) {
  auto c = connect();
  auto ctx = open_context(*c);
  auto swallow = [&](const Row&) {
    try {
      ctx->execute("SELECT * FROM nope");
    } catch (const DatabaseError&) {
    }
  };
  for (bool in_transaction : {false, true}) {
    if (in_transaction) c->begin();
    const Caught caught = catch_error<DatabaseError>(
        [&] { ctx->stream(driver_profile().series_sql(10), Params{}, swallow, 2); });
    ASSERT_TRUE(caught.thrown) << in_transaction;
    EXPECT_EQ(caught.sqlstate, driver_profile().aborted_sqlstate) << in_transaction;
    EXPECT_NE(caught.message.find(driver_profile().missing_table_message("nope")), std::string::npos)
        << caught.message;
    c->rollback();
    EXPECT_EQ(scalar(*c, "SELECT 3"), "3");
  }
}

TEST_F(BulkTest, CopyRoundTripsOddTextExactly) {
  auto c = connect();
  c->execute("CREATE TABLE copied (id int, t text, n int)");
  const std::vector<std::optional<std::string>> texts = {
      "plain",
      "it's \"quoted\"",
      "back\\slash",
      "\\N",
      "\\.",
      "tab\tin",
      "new\nline",
      "carriage\rreturn",
      "\r\n",
      std::nullopt,
      "",
      "Ünïcödé ✓ 日本語 🐘",
      "trailing\\",
      "\t",
      std::string(100000, 'x') + "\n" + std::string(10, '\\')};
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("copied", {"id", "t", "n"});
  for (std::size_t i = 0; i < texts.size(); ++i)
    writer->write(static_cast<int>(i), texts[i],
                  i % 2 == 0 ? std::optional<int>(static_cast<int>(i)) : std::nullopt);
  EXPECT_EQ(writer->finish(), texts.size());
  Rows rows = c->query("SELECT t, n FROM copied ORDER BY id", {});
  ASSERT_EQ(rows.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(rows[i].get<std::optional<std::string>>(0), texts[i]) << "row " << i;
    EXPECT_EQ(rows[i].is_null(1), i % 2 != 0) << "row " << i;
  }
  EXPECT_THROW(writer->write(1, "late", 1), Error);
}

TEST_F(BulkTest, CopyQuotesTableAndColumnNames) {
  auto c = connect();
  c->execute(driver_profile().create_schema_sql("Odd Schema") +
             "; CREATE TABLE \"Odd Schema\".\"Mixed\" (\"Select\" int, \"a\"\"b\" text)");
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("\"Odd Schema\".Mixed", {"Select", "a\"b"});
  writer->write(1, "one");
  writer->write(2, "two");
  EXPECT_EQ(writer->finish(), 2u);
  const Rows rows = c->query("SELECT \"a\"\"b\" FROM \"Odd Schema\".\"Mixed\" ORDER BY \"Select\"", {});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].get<std::string>(0), "one");
  EXPECT_EQ(rows[1].get<std::string>(0), "two");
}

TEST_F(BulkTest, CopyLoadsAMillionRows) {
  auto c = connect();
  c->execute("CREATE TABLE million (id bigint, name text, score int)");
  auto ctx = open_context(*c);
  constexpr int kRows = 1000000;
  const auto start = std::chrono::steady_clock::now();
  c->begin();
  auto writer = ctx->copy_into("million", {"id", "name", "score"});
  for (int i = 0; i < kRows; ++i)
    writer->write(static_cast<std::int64_t>(i), "name\t" + std::to_string(i), i % 100);
  EXPECT_EQ(writer->finish(), static_cast<std::uint64_t>(kRows));
  c->commit();
  const double elapsed = seconds_since(start);
  std::printf("[ copy     ] %d rows in %.3f s (%.0f rows/s)\n", kRows, elapsed, kRows / elapsed);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM million"), std::to_string(kRows));
  EXPECT_EQ(scalar(*c, "SELECT name FROM million WHERE id = 123456"), "name\t123456");
}

TEST_F(BulkTest, AbandonedCopyFailsTheTransaction) {
  auto c = connect();
  c->execute("CREATE TABLE abandoned (v int)");
  auto ctx = open_context(*c);
  c->begin();
  {
    auto writer = ctx->copy_into("abandoned", {"v"});
    for (int i = 0; i < 100000; ++i) writer->write(i);  // some of it already sent
  }
  const Caught caught = catch_error<DatabaseError>([&] { ctx->execute("SELECT 1"); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, driver_profile().aborted_sqlstate);
  EXPECT_NE(caught.message.find("abandoned"), std::string::npos) << caught.message;
  EXPECT_THROW(c->commit(), DatabaseError);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM abandoned"), "0");
}

TEST_F(BulkTest, AbandonedCopyInAutocommitWritesNothing) {
  auto c = connect();
  c->execute("CREATE TABLE abandoned_auto (v int)");
  auto ctx = open_context(*c);
  {
    auto writer = ctx->copy_into("abandoned_auto", {"v"});
    for (int i = 0; i < 100000; ++i) writer->write(i);
  }
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM abandoned_auto"), "0");
  // A writer outliving its transaction is detached, not dangling.
  c->begin();
  auto writer = ctx->copy_into("abandoned_auto", {"v"});
  writer->write(1);
  c->rollback();
  EXPECT_THROW(writer->write(2), Error);
  EXPECT_THROW(writer->finish(), Error);
  writer.reset();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM abandoned_auto"), "0");
}

TEST_F(BulkTest, CopyErrorsAreDatabaseErrors) {
  auto c = connect();
  c->execute(driver_profile().typed_table_sql);
  auto ctx = open_context(*c);
  auto writer = ctx->copy_into("typed", {"v"});
  writer->write("not a number");
  const Caught caught = catch_error<DatabaseError>([&] { writer->finish(); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, driver_profile().type_error_sqlstate);
  EXPECT_EQ(catch_error<Error>([&] { writer->write(1); }).message,
            "copy_into(typed): write_row() after the load failed");
  EXPECT_THROW(ctx->copy_into("typed", {"v", "nope"}), DatabaseError);
  EXPECT_THROW(ctx->copy_into("no_such_table", {"v"}), DatabaseError);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM typed"), "0");
  auto two = ctx->copy_into("typed", {"v"});
  EXPECT_THROW(two->write(1, 2), Error);                // wrong field count
  EXPECT_THROW(ctx->copy_into("typed", {"v"}), Error);  // one COPY at a time
  two->write(7);
  EXPECT_EQ(two->finish(), 1u);
  EXPECT_EQ(catch_error<Error>([&] { two->finish(); }).message, "copy_into(typed): finish() after finish()");
}

// Reading one table while loading another is how a data migration rewrites rows: the stream runs inside the
// open load (PostgreSQL suspends the COPY around each FETCH), and the load stays one all-or-nothing unit.
TEST_F(BulkTest, AStreamReadsWhileALoadIsOpenInATransaction) {
  auto c = connect();
  c->execute("CREATE TABLE rw_source (v int)");
  c->execute("CREATE TABLE rw_target (v int)");
  auto ctx = open_context(*c);
  {
    auto writer = ctx->copy_into("rw_source", {"v"});
    for (int i = 1; i <= 25000; ++i) writer->write(i);
    writer->finish();
  }
  c->begin();
  auto writer = ctx->copy_into("rw_target", {"v"});
  ctx->stream(
      "SELECT v FROM rw_source", Params{}, [&](const Row& row) { writer->write(row.get<int>(0) * 2); }, 1000);
  EXPECT_THROW(ctx->execute("DELETE FROM rw_source"), Error) << "other statements wait for finish()";
  writer->write(0);  // the load goes on after the stream
  EXPECT_EQ(writer->finish(), 25001u);
  c->commit();
  EXPECT_EQ(scalar(*connect(), "SELECT count(*) || ' ' || sum(v) FROM rw_target"), "25001 625025000");
}

TEST_F(BulkTest, ARefusedRowInALoadUnderAStreamFailsTheTransaction) {
  auto c = connect();
  c->execute("CREATE TABLE refused_source (v int)");
  c->execute(driver_profile().typed_table_sql);
  auto ctx = open_context(*c);
  {
    auto writer = ctx->copy_into("refused_source", {"v"});
    for (int i = 1; i <= 1000; ++i) writer->write(i);
    writer->finish();
  }
  c->begin();
  auto writer = ctx->copy_into("typed", {"v"});
  const Caught caught = catch_error<DatabaseError>([&] {
    ctx->stream(
        "SELECT v FROM refused_source", Params{},
        [&](const Row& row) {
          if (row.get<int>(0) == 1)
            writer->write("not a number");
          else
            writer->write(row.get<int>(0));
        },
        100);
  });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, driver_profile().type_error_sqlstate) << caught.message;
  EXPECT_THROW(writer->write(1), Error);
  EXPECT_THROW(c->commit(), DatabaseError);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM typed"), "0");
}

TEST_F(BulkTest, AnAbandonedLoadThatAStreamSuspendedFailsTheTransaction) {
  auto c = connect();
  c->execute("CREATE TABLE abandoned_s_source (v int)");
  c->execute("CREATE TABLE abandoned_s_target (v int)");
  c->execute("INSERT INTO abandoned_s_source VALUES (1), (2), (3)");
  auto ctx = open_context(*c);
  c->begin();
  {
    auto writer = ctx->copy_into("abandoned_s_target", {"v"});
    ctx->stream("SELECT v FROM abandoned_s_source", [&](const Row& row) { writer->write(row.get<int>(0)); });
  }  // destroyed without finish(), after the stream completed what it had sent
  const Caught caught = catch_error<DatabaseError>([&] { ctx->execute("SELECT 1"); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_EQ(caught.sqlstate, driver_profile().aborted_sqlstate);
  EXPECT_THROW(c->commit(), DatabaseError);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM abandoned_s_target"), "0");
}

// The segments of a load that a stream suspended belong to the transaction: rolled back, none stays.
TEST_F(BulkTest, ALoadUnderAStreamRollsBackWithItsTransaction) {
  auto c = connect();
  c->execute("CREATE TABLE rollback_source (v int)");
  c->execute("CREATE TABLE rollback_target (v int)");
  auto ctx = open_context(*c);
  {
    auto writer = ctx->copy_into("rollback_source", {"v"});
    for (int i = 1; i <= 5000; ++i) writer->write(i);
    writer->finish();
  }
  c->begin();
  auto writer = ctx->copy_into("rollback_target", {"v"});
  ctx->stream(
      "SELECT v FROM rollback_source", Params{}, [&](const Row& row) { writer->write(row.get<int>(0)); },
      500);
  EXPECT_EQ(writer->finish(), 5000u);
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM rollback_target"), "5000")
      << "the transaction sees its own load";
  c->rollback();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM rollback_target"), "0");
  EXPECT_EQ(scalar(*connect(), "SELECT count(*) FROM rollback_target"), "0");
}

// A stream that fails half-way fails the transaction, and with it the load it was feeding: the rows
// already loaded are never committed, and the writer says so instead of reporting them loaded.
TEST_F(BulkTest, AStreamFailingUnderAnOpenLoadFailsTheLoad) {
  auto c = connect();
  c->execute("CREATE TABLE failing_source (v int)");
  c->execute("CREATE TABLE failing_target (v int)");
  auto ctx = open_context(*c);
  {
    auto writer = ctx->copy_into("failing_source", {"v"});
    for (int i = 1; i <= 1000; ++i) writer->write(i);
    writer->finish();
  }
  c->begin();
  auto writer = ctx->copy_into("failing_target", {"v"});
  int written = 0;
  const Caught caught = catch_error<DatabaseError>([&] {
    ctx->stream(
        driver_profile().failing_read_sql("failing_source", 700), Params{},
        [&](const Row& row) {
          writer->write(row.get<int>(0));
          ++written;
        },
        100);
  });
  ASSERT_TRUE(caught.thrown);
  EXPECT_GE(written, 100) << "the failure came before any row was loaded: this tests nothing";
  EXPECT_THROW(writer->write(1), Error);
  EXPECT_THROW(writer->finish(), Error);
  EXPECT_THROW(c->commit(), DatabaseError);
  EXPECT_FALSE(c->in_transaction());
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM failing_target"), "0");
  EXPECT_EQ(scalar(*connect(), "SELECT count(*) FROM failing_target"), "0");
}

// A callback's own exception leaves the load as it was: still open, and finished or abandoned by its owner.
TEST_F(BulkTest, ACallbackThrowingUnderAnOpenLoadLeavesTheLoadUsable) {
  struct Stop {};
  auto c = connect();
  c->execute("CREATE TABLE throwing_source (v int)");
  c->execute("CREATE TABLE throwing_target (v int)");
  c->execute("INSERT INTO throwing_source VALUES (1), (2), (3), (4)");
  auto ctx = open_context(*c);
  c->begin();
  auto writer = ctx->copy_into("throwing_target", {"v"});
  EXPECT_THROW(ctx->stream(
                   "SELECT v FROM throwing_source", Params{},
                   [&](const Row& row) {
                     if (row.get<int>(0) == 3) throw Stop{};
                     writer->write(row.get<int>(0));
                   },
                   1),
               Stop);
  writer->write(10);
  EXPECT_EQ(writer->finish(), 3u);
  c->commit();
  EXPECT_EQ(scalar(*c, "SELECT count(*) || ' ' || sum(v) FROM throwing_target"), "3 13");
}

}  // namespace
}  // namespace godwit::test
