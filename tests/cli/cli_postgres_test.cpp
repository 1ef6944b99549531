// The godwit binary against a real PostgreSQL: round trips, version rows, failures in both transaction
// modes, history, offline scripts replayed by psql, concurrency and connection errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

#include "cli/fixture_dirs.hpp"
#include "cli/godwit_process.hpp"
#include "cli/pg_cli_test.hpp"
#include "cli/pg_database.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

using PgCli = PgCliTest;

TEST_F(PgCli, LinearUpgradeDowngradeRoundTrip) {
  auto r = on(kLinear, {"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Running upgrade  -> aa0001, first"));
  EXPECT_THAT(r.err, HasSubstr("Running upgrade cc0003 -> dd0004, fourth"));
  EXPECT_EQ(versions(), "dd0004");
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002,t_cc0003,t_dd0004");
  EXPECT_EQ(db.sql("SELECT note FROM t_cc0003"), "it's \"quoted\"");

  r = on(kLinear, {"downgrade", "-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "cc0003");
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002,t_cc0003");

  r = on(kLinear, {"downgrade", "base"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "");
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(
      outcomes(),
      "aa0001:upgrade:applied,bb0002:upgrade:applied,cc0003:upgrade:applied,dd0004:upgrade:applied,"
      "dd0004:downgrade:applied,cc0003:downgrade:applied,bb0002:downgrade:applied,aa0001:downgrade:applied");
}

TEST_F(PgCli, UpToDateDatabaseIsANoOp) {
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  const auto r = on(kLinear, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Nothing to do"));
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history"), "4");
}

TEST_F(PgCli, ReadOnlyCommandsNeverCreateTables) {
  EXPECT_EQ(on(kLinear, {"current"}).exit_code, 0);
  EXPECT_EQ(on(kLinear, {"history", "-i"}).exit_code, 0);
  EXPECT_EQ(on(kLinear, {"upgrade", "head", "--dry-run"}).exit_code, 0);
  EXPECT_EQ(on(kLinear, {"check"}).exit_code, 1);
  EXPECT_EQ(db.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST_F(PgCli, BranchedGraphKeepsOneRowPerHeadAndMerges) {
  auto r = on(kShop, {"upgrade", "3c0003"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "3c0003");
  r = on(kShop, {"upgrade", "4d0004"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "3c0003,4d0004");
  r = on(kShop, {"current"});
  EXPECT_EQ(r.out, "3c0003\n4d0004\n");  // Alembic's `current` format: no branch labels
  r = on(kShop, {"downgrade", "-1", "--dry-run"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // refused: see cli_graph_refusals_test.cpp
  r = on(kShop, {"upgrade", "5e0005"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "5e0005");
  r = on(kShop, {"downgrade", "4d0004"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "3c0003,4d0004");
  EXPECT_EQ(tables(), "t_1a0001,t_2b0002,t_3c0003,t_4d0004");
  // The reporting branch goes down to the branch point, which 4d0004 already implies: its row goes.
  r = on(kShop, {"downgrade", "reporting@-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "4d0004");
  EXPECT_EQ(tables(), "t_1a0001,t_2b0002,t_4d0004");
}

TEST_F(PgCli, NonTransactionalHeadRunsInAutocommit) {
  const auto r = on(kShop, {"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "6f0006");
  EXPECT_EQ(db.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_cic'"), "1");
  ASSERT_EQ(on(kShop, {"downgrade", "base"}).exit_code, 0);
  EXPECT_EQ(
      db.sql(
          "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'godwit_history' AND "
          "tablename <> 'alembic_version'"),
      "0");
}

TEST_F(PgCli, CurrentCheckAndStatus) {
  ASSERT_EQ(on(kLinear, {"upgrade", "bb0002"}).exit_code, 0);
  auto r = on(kLinear, {"current"});
  EXPECT_EQ(r.out, "bb0002\n");
  r = on(kLinear, {"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("2 revision(s) pending: cc0003, dd0004"));
  r = on(kLinear, {"current", "--check-heads"});
  EXPECT_EQ(r.exit_code, 1);
  r = on(kLinear, {"status"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Current:   bb0002"));
  EXPECT_THAT(r.out, HasSubstr("public.t_aa0001"));
  EXPECT_THAT(r.out, HasSubstr("upgrade bb0002  applied"));
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  r = on(kLinear, {"check"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("Up to date"));
  r = on(kLinear, {"history", "-i"});
  EXPECT_THAT(r.out, HasSubstr("cc0003 -> dd0004 (head) (current), fourth"));
  r = on(kLinear, {"status", "--json"});
  EXPECT_THAT(r.out, HasSubstr("\"at_head\": true"));
}

TEST_F(PgCli, StampMovesRowsWithoutRunning) {
  auto r = on(kLinear, {"stamp", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "dd0004");
  EXPECT_EQ(tables(), "");
  r = on(kLinear, {"stamp", "bb0002"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "bb0002");
  r = on(kLinear, {"stamp", "base"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "");
  EXPECT_THAT(outcomes(), HasSubstr("dd0004:stamp:stamped"));
}

TEST_F(PgCli, HistoryAppliedShowsWhatRan) {
  ASSERT_EQ(on(kLinear, {"upgrade", "+2"}).exit_code, 0);
  const auto r = on(kLinear, {"history", "--applied"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("upgrade bb0002  applied"));
  EXPECT_THAT(r.out, HasSubstr("upgrade aa0001  applied"));
  EXPECT_EQ(db.sql("SELECT count(DISTINCT checksum) FROM godwit_history WHERE length(checksum) = 64"), "2");
}

// A revision that throws at each position of the chain, in both transaction modes: the database is left
// at the last consistent state and the history table says what failed.
class PgFailure : public PgCli, public ::testing::WithParamInterface<std::tuple<int, bool>> {};

TEST_P(PgFailure, FailedStepLeavesLastConsistentState) {
  const auto [position, per_revision] = GetParam();
  const std::vector<std::string> ids{"aa0001", "bb0002", "cc0003", "dd0004"};
  const std::string failing = ids[position];
  std::vector<std::string> args{"upgrade", "head", "-x", "fail_upgrade=" + failing};
  if (per_revision) args.push_back("--transaction-per-revision");
  const auto r = on(kLinear, args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision " + failing + " (upgrade) failed: injected failure in " + failing));
  EXPECT_THAT(r.err, HasSubstr("rolled back"));
  std::string expected_version;
  std::string expected_tables;
  if (per_revision) {
    for (int i = 0; i < position; ++i) expected_tables += (i ? "," : "") + std::string("t_") + ids[i];
    expected_version = position == 0 ? "" : ids[position - 1];
  }
  EXPECT_EQ(versions(), expected_version);
  EXPECT_EQ(tables(), expected_tables);
  const std::string last = db.sql(
      "SELECT revision || ':' || outcome || ':' || error FROM godwit_history ORDER BY id DESC LIMIT 1");
  EXPECT_THAT(last, HasSubstr(failing + ":failed:"));
  EXPECT_THAT(last, HasSubstr("injected failure"));
  // Fixing the cause (here: not injecting) lets the next run finish from where the database is.
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(versions(), "dd0004");
}

INSTANTIATE_TEST_SUITE_P(EachPositionBothModes, PgFailure,
                         ::testing::Combine(::testing::Values(0, 1, 2, 3), ::testing::Bool()));

// With a transaction per revision, each step's last version change and its history row go in one
// statement: merges (a DELETE and an UPDATE) and branch points (an INSERT) must come out as in whole-run
// mode.
TEST_F(PgCli, TransactionPerRevisionKeepsRowsAndHistoryAcrossBranchesAndMerges) {
  auto r = on(kShop, {"upgrade", "5e0005", "--transaction-per-revision"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "5e0005");
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history WHERE outcome = 'applied' AND length(checksum) = 64"),
            "5");
  r = on(kShop, {"downgrade", "base", "--transaction-per-revision"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "");
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history WHERE direction = 'downgrade'"), "5");
}

// A version row that vanished under a step (another tool, a hand edit) fails that step in both modes,
// instead of recording history for a change that matched nothing.
class PgTamperedVersion : public PgCli, public ::testing::WithParamInterface<bool> {};

TEST_P(PgTamperedVersion, AVanishedVersionRowFailsTheStep) {
  std::vector<std::string> args{"upgrade", "head", "-x", "tamper_version=bb0002"};
  if (GetParam()) args.push_back("--transaction-per-revision");
  const auto r = on(kLinear, args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("expected to match one row for 'aa0001' in alembic_version, found 0"));
  EXPECT_EQ(versions(), GetParam() ? "aa0001" : "");
  EXPECT_EQ(tables(), GetParam() ? "t_aa0001" : "");
  EXPECT_THAT(outcomes(), HasSubstr("bb0002:upgrade:failed"));
}

INSTANTIATE_TEST_SUITE_P(BothModes, PgTamperedVersion, ::testing::Bool());

// Plugins load on a worker thread ahead of their step; one the loader refuses fails at its own step, with
// the loader's reason, in both transaction modes.
class PgUnloadable : public PgCli, public ::testing::WithParamInterface<bool> {};

TEST_P(PgUnloadable, APluginTheLoaderRefusesFailsItsStep) {
  std::vector<std::string> args{"upgrade", "head"};
  if (GetParam()) args.push_back("--transaction-per-revision");
  const auto r = on(kUnloadable, args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("ab0002_unloadable.so: cannot be loaded"));
  EXPECT_THAT(r.err, HasSubstr("undefined symbol: godwit_cli_fixture_missing_function"));
  EXPECT_EQ(versions(), GetParam() ? "ab0001" : "");
  EXPECT_EQ(tables(), GetParam() ? "t_ab0001" : "");
  EXPECT_THAT(outcomes(), HasSubstr("ab0002:upgrade:failed"));
  EXPECT_THAT(outcomes(), Not(HasSubstr("ab0003")));
}

INSTANTIATE_TEST_SUITE_P(BothModes, PgUnloadable, ::testing::Bool());

TEST_F(PgCli, DowngradeFailureRollsBack) {
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  const auto r = on(kLinear, {"downgrade", "base", "-x", "fail_downgrade=bb0002"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision bb0002 (downgrade) failed"));
  EXPECT_EQ(versions(), "dd0004");
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002,t_cc0003,t_dd0004");
}

TEST_F(PgCli, PartialNonTransactionalFailureBlocksUntilStamped) {
  ASSERT_EQ(on(kShop, {"upgrade", "5e0005"}).exit_code, 0);
  auto r = on(kShop, {"upgrade", "head", "-x", "fail_upgrade=6f0006"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no_such_table"));
  EXPECT_THAT(r.err, HasSubstr("non-transactional"));
  EXPECT_THAT(r.err, HasSubstr("godwit stamp"));
  EXPECT_EQ(versions(), "5e0005");
  EXPECT_EQ(db.sql("SELECT count(*) FROM pg_tables WHERE tablename = 'cic_marker'"), "1");  // partly applied
  r = on(kShop, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("6f0006"));
  EXPECT_THAT(r.err, HasSubstr("failed part-way"));
  ASSERT_EQ(on(kShop, {"stamp", "5e0005"}).exit_code, 0);
  r = on(kShop, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "6f0006");
}

TEST_F(PgCli, OfflineScriptGivesTheSameSchemaAsAnOnlineRun) {
  const auto script = on(kShop, {"upgrade", "--sql", "head"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  ASSERT_EQ(on(kShop, {"upgrade", "head"}).exit_code, 0);
  const std::string online = db.schema_dump();
  const std::string online_versions = versions();

  PgDatabase offline;
  const fs::path dir = make_temp_dir("godwit-sql-");
  std::ofstream(dir / "up.sql") << script.out;
  const auto applied = run("/usr/bin/psql", {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", offline.url(), "-f",
                                             (dir / "up.sql").string()});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  fs::remove_all(dir);
  // The offline script does not write the audit table; schema_dump() leaves it out.
  EXPECT_EQ(offline.schema_dump(), online);
  EXPECT_EQ(offline.sql("SELECT string_agg(version_num, ',') FROM alembic_version"), online_versions);
}

TEST_F(PgCli, DataRevisionRunsOnline) {
  const auto r = on(kReads, {"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(db.sql("SELECT n FROM counted"), "1");
}

TEST_F(PgCli, EightConcurrentRunnersApplyEachRevisionOnce) {
  std::vector<std::unique_ptr<Process>> runners;
  for (int i = 0; i < 8; ++i)
    runners.push_back(std::make_unique<Process>(
        GODWIT_BINARY, std::vector<std::string>{"--plugin-dir", kShop, "--url", db.url(), "upgrade", "head",
                                                "-x", "sleep_ms=50"}));
  for (auto& runner : runners) {
    const auto r = runner->wait();
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(versions(), "6f0006");
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history WHERE outcome = 'applied'"), "6");
  EXPECT_EQ(db.sql("SELECT count(DISTINCT revision) FROM godwit_history"), "6");
}

TEST_F(PgCli, LockWaitTimesOut) {
  Process holder(GODWIT_BINARY,
                 {"--plugin-dir", kLinear, "--url", db.url(), "upgrade", "head", "-x", "sleep_ms=4000"});
  // Wait until the holder is inside its first revision (its table exists only inside its transaction, so
  // watch the lock instead).
  for (int i = 0; i < 100 && db.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == "0"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto waiter = on(kLinear, {"upgrade", "head", "--lock-timeout", "1"});
  EXPECT_EQ(waiter.exit_code, 1);
  EXPECT_THAT(waiter.err, HasSubstr("migration lock"));
  EXPECT_THAT(waiter.err, HasSubstr("--lock-timeout"));
  EXPECT_EQ(holder.wait().exit_code, 0);
  EXPECT_EQ(versions(), "dd0004");
}

TEST_F(PgCli, ConcurrentIndexWhileAnotherRunnerWaitsDoesNotDeadlock) {
  ASSERT_EQ(on(kShop, {"upgrade", "5e0005"}).exit_code, 0);
  Process first(GODWIT_BINARY,
                {"--plugin-dir", kShop, "--url", db.url(), "upgrade", "head", "-x", "sleep_ms=1500"});
  for (int i = 0; i < 100 && db.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == "0"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  Process second(GODWIT_BINARY,
                 {"--plugin-dir", kShop, "--url", db.url(), "upgrade", "head", "--lock-timeout", "60"});
  const auto a = first.wait();
  const auto b = second.wait();
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(versions(), "6f0006");
  EXPECT_EQ(db.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_cic'"), "1");
}

TEST_F(PgCli, UnreachableServerIsReported) {
  const auto r =
      run_godwit({"--plugin-dir", kLinear, "--url", "postgresql://u:hunter2@127.0.0.1:1/none", "current"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("127.0.0.1"));
  EXPECT_THAT(r.err, Not(HasSubstr("hunter2")));
}

// The project is opened while the connection is attempted: a broken project is reported as such, without
// waiting out --wait-for-db for a server that is also down.
TEST_F(PgCli, ABrokenProjectIsReportedWithoutWaitingForTheDatabase) {
  const auto started = std::chrono::steady_clock::now();
  const auto r = run_godwit({"--plugin-dir", "/nonexistent/plugins", "--url", "postgresql://127.0.0.1:1/none",
                             "upgrade", "head", "--wait-for-db", "60"});
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("godwit: error: plugin directory '/nonexistent/plugins' does not exist"));
  EXPECT_LT(waited, std::chrono::seconds(20)) << "waited for the database";
}

TEST_F(PgCli, UnknownDatabaseIsReported) {
  const std::string url = pg_url_with_database(pg_test_url(), "no_such_db_here");
  const auto r = run_godwit({"--plugin-dir", kLinear, "--url", url, "current"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no_such_db_here"));
}

TEST_F(PgCli, WrongPasswordIsReportedWithoutThePassword) {
  std::string url = db.password_url();
  url.replace(url.find("godwit_pw_secret"), 16, "wrong-secret");
  const auto r = run_godwit({"--plugin-dir", kLinear, "--url", url, "current"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("password"));
  EXPECT_THAT(r.err, Not(HasSubstr("wrong-secret")));
}

TEST_F(PgCli, ConnectionKilledMidRunIsReportedAsSuch) {
  Process runner(GODWIT_BINARY,
                 {"--plugin-dir", kLinear, "--url", db.url(), "upgrade", "head", "-x", "sleep_ms=3000"});
  const std::string sessions =
      "FROM pg_stat_activity WHERE datname = '" + db.name() + "' AND application_name LIKE 'godwit pid %'";
  // Inside aa0001's step: its work session waits in its transaction while the revision sleeps.
  for (int i = 0;
       i < 100 && db.sql("SELECT count(*) " + sessions + " AND state = 'idle in transaction'") == "0"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  db.sql("SELECT pg_terminate_backend(pid) " + sessions);
  const auto r = runner.wait();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("connection to the database was lost"));
  EXPECT_THAT(r.err, HasSubstr("aa0001"));
  // The run's own connection is gone, so the supervisor records the failure on a connection of its own.
  EXPECT_THAT(r.err, HasSubstr("recorded in the history table by the supervisor"));
  EXPECT_EQ(outcomes(), "aa0001:upgrade:failed");
  EXPECT_THAT(db.sql("SELECT error FROM godwit_history"), HasSubstr("connection to the database was lost"));
  EXPECT_EQ(db.sql("SELECT count(*) FROM pg_tables WHERE tablename LIKE 't\\_%'"), "0");
}

TEST_F(PgCli, AnAlteredHistoryTableIsRefusedBeforeAnyRevisionRuns) {
  ASSERT_EQ(on(kLinear, {"upgrade", "bb0002"}).exit_code, 0);
  db.sql("ALTER TABLE godwit_history DROP COLUMN error");
  const auto r = on(kLinear, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("the history table godwit_history does not have the columns godwit writes"));
  EXPECT_THAT(r.err, Not(HasSubstr("Running upgrade")));
  EXPECT_EQ(versions(), "bb0002");
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002");
}

TEST_F(PgCli, MalformedUrlIsAConfigurationError) {
  const auto r = run_godwit({"--plugin-dir", kLinear, "--url", "localhost:5432/noah", "current"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("malformed database URL 'localhost:5432/noah'"));
}

TEST_F(PgCli, UnknownTargetIsNamed) {
  const auto r = on(kLinear, {"upgrade", "zz9999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("zz9999"));
  EXPECT_EQ(db.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST_F(PgCli, EnvironmentUrlIsUsed) {
  ProcessOptions options;
  options.env["DATABASE_URL"] = db.url();
  const auto r = run_godwit({"--plugin-dir", kLinear, "upgrade", "+1"}, options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "aa0001");
}

}  // namespace
