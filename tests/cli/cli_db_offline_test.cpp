// Offline scripts on each driver: the script `upgrade --sql` writes, replayed by the database's own shell
// (psql -f, sqlite3 FILE < SCRIPT) on an empty database, gives the schema and version rows an online run
// gives; so does a downgrade script across the merge point, replayed on top.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
namespace fs = std::filesystem;

class Offline : public DbCliTest {
 protected:
  void SetUp() override { dir_ = make_temp_dir("godwit-sql-"); }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes the script `args` prints (offline: nothing is connected to) and replays it on `target`.
  void replay(const std::vector<std::string>& godwit_args, const CliDatabase& target) const {
    const auto script = on(kShop, godwit_args);
    ASSERT_EQ(script.exit_code, 0) << script.err;
    const fs::path file = dir_ / "script.sql";
    std::ofstream(file) << script.out;
    const auto applied = target.replay(file);
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err << "\nscript:\n" << script.out;
  }

  fs::path dir_;
};
GODWIT_FOR_EACH_DRIVER(Offline);

TEST_P(Offline, ScriptsReplayedByTheDatabasesShellGiveTheSchemaOfAnOnlineRun) {
  const auto offline = make_cli_database(driver());
  // The whole graph: branches, the merge and the non-transactional head (after the script's COMMIT).
  ASSERT_NO_FATAL_FAILURE(replay({"upgrade", "--sql", "head"}, *offline));
  ASSERT_EQ(on(kShop, {"upgrade", "head"}).exit_code, 0);
  // The script does not write the history table; schema_dump() leaves it out.
  EXPECT_EQ(offline->schema_dump(), db.schema_dump());
  EXPECT_EQ(offline->versions(), "6f0006");
  EXPECT_TRUE(offline->index_exists("ix_cic"));

  // Down across the merge point to the branch point: both branches' rows go, one row is left.
  ASSERT_NO_FATAL_FAILURE(replay({"downgrade", "--sql", "6f0006:2b0002"}, *offline));
  ASSERT_EQ(on(kShop, {"downgrade", "2b0002"}).exit_code, 0);
  EXPECT_EQ(offline->schema_dump(), db.schema_dump());
  EXPECT_EQ(offline->versions(), "2b0002");
  EXPECT_EQ(versions(), "2b0002");
  EXPECT_EQ(offline->all_tables(), "alembic_version,t_1a0001,t_2b0002");
}

// A script the shell cannot finish leaves the database as it was: the failing statement stops the shell
// (psql's ON_ERROR_STOP, the script's own `.bail on` for sqlite3) inside the script's transaction.
TEST_P(Offline, AScriptThatFailsHalfWayChangesNothing) {
  const auto offline = make_cli_database(driver());
  offline->sql("CREATE TABLE t_2b0002 (id integer)");  // so that the script's second CREATE TABLE fails
  const auto script = on(kShop, {"upgrade", "--sql", "5e0005"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  const fs::path file = dir_ / "script.sql";
  std::ofstream(file) << script.out;
  const auto applied = offline->replay(file);
  EXPECT_NE(applied.exit_code, 0) << applied.out;
  EXPECT_EQ(offline->all_tables(), "t_2b0002");
}

}  // namespace
