// Several godwit processes on one database, on each driver: eight runners apply each revision exactly once,
// a runner that cannot get the lock in --lock-timeout says who holds it, and a non-transactional step runs
// while another runner waits for the lock without either waiting on the other for ever.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

class Concurrency : public DbCliTest {
 protected:
  // Waits (bounded) until some runner holds the lock.
  void wait_for_lock_holder() const {
    EXPECT_TRUE(eventually([&] { return db.lock_held(); })) << "no runner took the lock";
  }
};
GODWIT_FOR_EACH_DRIVER(Concurrency);

TEST_P(Concurrency, EightRunnersApplyEachRevisionOnce) {
  std::vector<std::unique_ptr<Process>> runners;
  for (int i = 0; i < 8; ++i)
    runners.push_back(std::make_unique<Process>(
        GODWIT_BINARY, args(kShop, {"upgrade", "head", "-x", "sleep_ms=50", "--lock-timeout", "60"})));
  for (auto& runner : runners) {
    const auto r = runner->wait();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.err, Not(HasSubstr("database is locked")));
  }
  EXPECT_EQ(versions(), "6f0006");
  EXPECT_EQ(outcomes(),
            "1a0001:upgrade:applied,2b0002:upgrade:applied,4d0004:upgrade:applied,3c0003:upgrade:applied,"
            "5e0005:upgrade:applied,6f0006:upgrade:applied");
  EXPECT_EQ(tables(), "t_1a0001,t_2b0002,t_3c0003,t_4d0004,t_5e0005");
  EXPECT_EQ(db.leftovers(), "");
}

TEST_P(Concurrency, ALockWaitTimesOutNamingTheHolder) {
  Process holder(GODWIT_BINARY, args(kLinear, {"upgrade", "head", "-x", "sleep_ms=800"}));
  // The holder's tables exist only inside its transaction: watch the lock instead.
  wait_for_lock_holder();
  const auto started = std::chrono::steady_clock::now();
  const auto waiter = on(kLinear, {"upgrade", "head", "--lock-timeout", "1"});
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(waiter.exit_code, 1);
  EXPECT_THAT(waiter.err, HasSubstr("migration lock"));
  EXPECT_THAT(waiter.err, HasSubstr("--lock-timeout"));
  // The holder is named by its migration process and host: PostgreSQL by its session's application name
  // ("godwit pid N on HOST"), SQLite by the description in its lock file ("godwit process N on HOST").
  const std::vector<pid_t> holder_children = children_of(holder.pid());
  ASSERT_EQ(holder_children.size(), 1U) << "the holder ended before the waiter gave up";
  EXPECT_THAT(waiter.err, ::testing::ContainsRegex("held by .*godwit (pid|process) " +
                                                   std::to_string(holder_children.front()) + " on "));
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(3));
  const auto held = holder.wait();
  EXPECT_EQ(held.exit_code, 0) << held.err;
  EXPECT_EQ(versions(), "dd0004");
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history"), "4");  // the waiter recorded nothing
}

// PostgreSQL: CREATE INDEX CONCURRENTLY waits for every transaction that could see the table, so a waiting
// runner must not hold one open. SQLite: VACUUM takes the write lock (and, outside WAL mode, waits out every
// reader), so a waiting runner must not hold a transaction open. The first runner holds its
// non-transactional step, and so the lock, until the second says it waits; only then do those statements
// run.
TEST_P(Concurrency, ANonTransactionalStepWhileAnotherRunnerWaitsDoesNotDeadlock) {
  ASSERT_EQ(on(kShop, {"upgrade", "5e0005"}).exit_code, 0);
  const fs::path dir = make_temp_dir("godwit-gate-");
  const fs::path gate = dir / "open";
  Process first(GODWIT_BINARY, args(kShop, {"upgrade", "head", "-x", "wait_for=" + gate.string()}));
  ASSERT_TRUE(first.prints("Running upgrade 5e0005 -> 6f0006"));
  Process second(GODWIT_BINARY, args(kShop, {"upgrade", "head", "--lock-timeout", "60"}));
  EXPECT_TRUE(second.prints("waiting for the migration lock"));
  std::ofstream{gate};
  const auto a = first.wait();
  const auto b = second.wait();
  fs::remove_all(dir);
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_THAT(b.err, HasSubstr("Nothing to do"));
  EXPECT_EQ(versions(), "6f0006");
  EXPECT_TRUE(db.index_exists("ix_cic"));
}

}  // namespace
