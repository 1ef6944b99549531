// Driver conformance: the migration lock and godwit's bookkeeping tables.

#include <gmock/gmock.h>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "driver_conformance.hpp"

namespace godwit::test {
namespace {

using LockTest = DriverTest;
using BookkeepingTest = DriverTest;

TEST_F(LockTest, AdvisoryLockExcludesOtherSessionsUntilUnlocked) {
  constexpr std::int64_t kKey = 0x676f64776974LL;  // larger than 32 bits on purpose
  auto first = connect();
  auto second = connect();
  EXPECT_TRUE(first->try_advisory_lock(kKey));
  EXPECT_FALSE(second->try_advisory_lock(kKey));
  EXPECT_TRUE(second->try_advisory_lock(kKey + 1));  // other keys are independent
  // The lock is the session's: a transaction that comes and goes does not release it.
  first->begin();
  first->execute("SELECT 1");
  first->rollback();
  EXPECT_FALSE(second->try_advisory_lock(kKey));
  first->advisory_unlock(kKey);
  EXPECT_TRUE(second->try_advisory_lock(kKey));
  EXPECT_FALSE(first->try_advisory_lock(kKey));
  second->advisory_unlock(kKey);
  second->advisory_unlock(kKey + 1);
  EXPECT_THROW(second->advisory_unlock(kKey), Error);  // not held any more
}

TEST_F(LockTest, AdvisoryLockRefusesAnOpenTransaction) {
  auto c = connect();
  c->begin();
  EXPECT_THROW(c->try_advisory_lock(7), Error);
  c->rollback();
  EXPECT_TRUE(c->try_advisory_lock(7));
  c->advisory_unlock(7);
}

TEST_F(LockTest, TheLockHolderIsDescribedOnlyInItsOwnDatabase) {
  constexpr std::int64_t kKey = 0x676f647769740002LL;
  auto holder = connect();
  auto other = connect();
  EXPECT_EQ(other->describe_lock_holder(kKey), "");  // free
  ASSERT_TRUE(holder->try_advisory_lock(kKey));
  const std::string described = other->describe_lock_holder(kKey);
  EXPECT_THAT(described, ::testing::HasSubstr("godwit-conformance"));  // the holder's application name
  // The same key held in another database is another lock: it is neither waited for nor described.
  const auto elsewhere = driver_profile().create_database();
  auto stranger = connect(elsewhere->url());
  EXPECT_TRUE(stranger->try_advisory_lock(kKey));
  holder->advisory_unlock(kKey);
  EXPECT_EQ(other->describe_lock_holder(kKey), "") << "named the other database's holder";
  stranger->advisory_unlock(kKey);
}

TEST_F(LockTest, AnEndedSessionIsSeenWithoutARoundTripAndItsLockIsFree) {
  constexpr std::int64_t kKey = 0x676f647769740003LL;
  auto victim = connect();
  auto admin = connect();
  ASSERT_TRUE(victim->try_advisory_lock(kKey));
  EXPECT_TRUE(victim->session_alive());
  const std::string id = victim->session_id();
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(admin->end_session(id, std::chrono::seconds(10)));
  // The server's goodbye reaches the socket a moment after the session left the server's list.
  bool alive = true;
  for (int attempt = 0; attempt < 200 && alive; ++attempt) {
    alive = victim->session_alive();
    if (alive) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(alive);
  EXPECT_TRUE(admin->try_advisory_lock(kKey)) << "the ended session's lock is free";
  admin->advisory_unlock(kKey);
  EXPECT_FALSE(admin->end_session(id, std::chrono::seconds(10))) << "already gone";
}

TEST_F(LockTest, CancelStopsTheStatementAnotherThreadWaitsOn) {
  auto c = connect();
  std::atomic<bool> ended{false};
  std::thread canceller([&] {
    // Cancel until the statement has ended: a cancel sent before it started is a no-op.
    for (int attempt = 0; attempt < 400 && !ended; ++attempt) {
      c->cancel();
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  });
  const auto started = std::chrono::steady_clock::now();
  const Caught caught = catch_error<DatabaseError>([&] { c->execute(driver_profile().long_statement); });
  ended = true;
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_TRUE(caught.thrown);
  EXPECT_TRUE(c->session_alive()) << "a cancelled statement leaves the session usable";
  EXPECT_EQ(scalar(*c, "SELECT 1"), "1");
}

TEST_F(BookkeepingTest, VersionAndHistoryDdlIsIdempotent) {
  auto c = connect();
  const driver::Dialect& dialect = loaded_driver().dialect();
  c->execute("CREATE SCHEMA meta");
  for (const std::string schema : {"", "meta"}) {
    for (int round = 0; round < 2; ++round) {
      c->execute(dialect.create_version_table_sql(schema, "alembic_version"));
      c->execute(dialect.create_history_table_sql(schema, "godwit_history"));
    }
    EXPECT_TRUE(c->table_exists(schema, "alembic_version")) << schema;
    EXPECT_TRUE(c->table_exists(schema, "godwit_history")) << schema;
  }
  // The same DDL inside a transaction, as the host may run it.
  c->begin();
  c->execute(dialect.create_version_table_sql("meta", "alembic_version"));
  c->execute(dialect.create_history_table_sql("meta", "godwit_history"));
  c->commit();

  c->execute("INSERT INTO meta.alembic_version (version_num) VALUES ($1)", {"3f2a9c1d7b44"});
  EXPECT_THROW(c->execute("INSERT INTO meta.alembic_version (version_num) VALUES ($1)", {"3f2a9c1d7b44"}),
               DatabaseError);
  EXPECT_EQ(scalar(*c, "SELECT conname FROM pg_constraint WHERE conrelid = 'meta.alembic_version'::regclass"),
            "alembic_version_pkc");
  EXPECT_EQ(c->execute(
                "INSERT INTO meta.godwit_history (revision, direction, outcome, checksum, sdk_version, host, "
                "os_user, godwit_version, finished_at, duration_ms, error) "
                "VALUES ($1, 'upgrade', 'applied', 'abc', '0.1.0', 'h', 'u', '0.1.0', now(), 12, NULL)",
                {"3f2a9c1d7b44"}),
            1u);
  Rows history = c->query("SELECT id, started_at FROM meta.godwit_history", {});
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].get<int>("id"), 1);
  EXPECT_FALSE(history[0].is_null(1));
}

// Two sessions creating the same tables at the same moment, several times over: CREATE TABLE IF NOT EXISTS
// alone fails here now and then (23505 on pg_type, 42P07).
TEST_F(BookkeepingTest, DdlFromTwoConnectionsAtOnceDoesNotFail) {
  const driver::Dialect& dialect = loaded_driver().dialect();
  constexpr int kRounds = 12;
  std::mutex mutex;
  std::condition_variable ready;
  int arrived = 0;
  std::vector<std::string> errors;
  const std::string url = database().url();
  auto worker = [&]() {
    try {
      auto c = connect(url);
      for (int round = 0; round < kRounds; ++round) {
        {
          std::unique_lock<std::mutex> lock(mutex);
          const int generation = round;
          if (++arrived == 2 * (generation + 1)) ready.notify_all();
          ready.wait(lock, [&] { return arrived >= 2 * (generation + 1); });
        }
        const std::string suffix = std::to_string(round);
        c->execute(dialect.create_history_table_sql("", "history_" + suffix));
        c->execute(dialect.create_version_table_sql("", "version_" + suffix));
      }
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex);
      errors.push_back(e.what());
      arrived += 2 * kRounds;  // release the other thread
      ready.notify_all();
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  auto c = connect();
  EXPECT_TRUE(c->table_exists("", "history_" + std::to_string(kRounds - 1)));
}

}  // namespace
}  // namespace godwit::test
