// The godwit binary on each driver: upgrade, downgrade and stamp round trips on a line and on the branched
// `shop` graph, the version rows at branch and merge points, a non-transactional head, the read-only
// verbs, the history table, and the database given through the environment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;

class Runs : public DbCliTest {};
GODWIT_FOR_EACH_DRIVER(Runs);

TEST_P(Runs, LinearUpgradeDowngradeRoundTrip) {
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

TEST_P(Runs, UpToDateDatabaseIsANoOp) {
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  const auto r = on(kLinear, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Nothing to do"));
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history"), "4");
}

TEST_P(Runs, ReadOnlyCommandsNeverCreateTables) {
  EXPECT_EQ(on(kLinear, {"current"}).exit_code, 0);
  EXPECT_EQ(on(kLinear, {"history", "-i"}).exit_code, 0);
  EXPECT_EQ(on(kLinear, {"status"}).exit_code, 0);
  EXPECT_EQ(on(kLinear, {"upgrade", "head", "--dry-run"}).exit_code, 0);
  EXPECT_EQ(on(kLinear, {"check"}).exit_code, 1);
  EXPECT_EQ(db.all_tables(), "");
}

TEST_P(Runs, BranchedGraphKeepsOneRowPerHeadAndMerges) {
  auto r = on(kShop, {"upgrade", "3c0003"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "3c0003");
  r = on(kShop, {"upgrade", "4d0004"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "3c0003,4d0004");
  r = on(kShop, {"current"});
  EXPECT_EQ(r.out, "3c0003\n4d0004\n");  // Alembic's `current` format: no branch labels
  r = on(kShop, {"downgrade", "-1", "--dry-run"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // refused: see cli_db_graph_refusals_test.cpp
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

// The head's statements fail inside a transaction on both databases (CREATE INDEX CONCURRENTLY; VACUUM).
TEST_P(Runs, NonTransactionalHeadRunsInAutocommit) {
  const auto r = on(kShop, {"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "6f0006");
  EXPECT_TRUE(db.index_exists("ix_cic"));
  ASSERT_EQ(on(kShop, {"downgrade", "base"}).exit_code, 0);
  EXPECT_EQ(db.all_tables(), "alembic_version,godwit_history");
  EXPECT_FALSE(db.index_exists("ix_cic"));
}

TEST_P(Runs, CurrentCheckAndStatus) {
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
  EXPECT_THAT(r.out, HasSubstr("Database:  " + db.url()));
  EXPECT_THAT(r.out, HasSubstr("Current:   bb0002"));
  EXPECT_THAT(r.out, HasSubstr("Tables (4):\n  " + qualified("alembic_version") + "\n  " +
                               qualified("godwit_history") + "\n  " + qualified("t_aa0001") + "\n  " +
                               qualified("t_bb0002") + "\n"));
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

TEST_P(Runs, StampMovesRowsWithoutRunning) {
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

// Each stamp writes the rows the graph plans (tests/graph/stamp_test.cpp): a second branch's row is
// inserted, a merge deletes one row and updates the other, a stamp down across the merge leaves one.
TEST_P(Runs, StampRoundTripOnTheBranchedGraph) {
  const std::vector<std::pair<std::string, std::string>> steps = {
      {"3c0003", "3c0003"}, {"4d0004", "3c0003,4d0004"}, {"5e0005", "5e0005"},
      {"heads", "6f0006"},  {"2b0002", "2b0002"},        {"base", ""}};
  for (const auto& [target, rows] : steps) {
    const auto r = on(kShop, {"stamp", target});
    ASSERT_EQ(r.exit_code, 0) << target << ": " << r.err;
    EXPECT_EQ(versions(), rows) << "after stamp " << target;
  }
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history WHERE direction = 'stamp' AND outcome = 'stamped'"),
            "6");
  // The real schema again, from the stamped base.
  ASSERT_EQ(on(kShop, {"upgrade", "heads"}).exit_code, 0);
  EXPECT_EQ(versions(), "6f0006");
  EXPECT_EQ(tables(), "t_1a0001,t_2b0002,t_3c0003,t_4d0004,t_5e0005");
}

TEST_P(Runs, HistoryAppliedShowsWhatRan) {
  ASSERT_EQ(on(kLinear, {"upgrade", "+2"}).exit_code, 0);
  const auto r = on(kLinear, {"history", "--applied"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("upgrade bb0002  applied"));
  EXPECT_THAT(r.out, HasSubstr("upgrade aa0001  applied"));
  EXPECT_EQ(db.sql("SELECT count(DISTINCT checksum) FROM godwit_history WHERE length(checksum) = 64"), "2");
}

// With a transaction per revision, each step's last version change and its history row go in one
// statement where the dialect can: merges (a DELETE and an UPDATE) and branch points (an INSERT) must come
// out as in whole-run mode.
TEST_P(Runs, TransactionPerRevisionKeepsRowsAndHistoryAcrossBranchesAndMerges) {
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

TEST_P(Runs, DataRevisionRunsOnline) {
  const auto r = on(kReads, {"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(db.sql("SELECT n FROM counted"), "1");
}

TEST_P(Runs, AnAlteredHistoryTableIsRefusedBeforeAnyRevisionRuns) {
  ASSERT_EQ(on(kLinear, {"upgrade", "bb0002"}).exit_code, 0);
  db.sql("ALTER TABLE godwit_history DROP COLUMN error");
  const auto r = on(kLinear, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("the history table godwit_history does not have the columns godwit writes"));
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("Running upgrade")));
  EXPECT_EQ(versions(), "bb0002");
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002");
}

TEST_P(Runs, UnknownTargetIsNamed) {
  const auto r = on(kLinear, {"upgrade", "zz9999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("zz9999"));
  EXPECT_EQ(db.all_tables(), "");
}

TEST_P(Runs, EnvironmentUrlIsUsed) {
  ProcessOptions options;
  options.env["DATABASE_URL"] = db.url();
  const auto r = run_godwit({"--plugin-dir", kLinear, "upgrade", "+1"}, options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "aa0001");
}

}  // namespace
