// Revisions built from operations (tests/cli/fixtures/operations_revision.cpp), the same plugins on each
// driver: the offline script replayed by the database's own shell gives the schema of an online run, a
// downgrade restores the schema exactly, and the script is the same from one run to the next.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

class Operations : public DbCliTest {
 protected:
  void SetUp() override { dir_ = make_temp_dir("godwit-ops-"); }
  void TearDown() override { fs::remove_all(dir_); }

  std::string script(const std::vector<std::string>& godwit_args) const {
    const auto result = on(kOperations, godwit_args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  fs::path dir_;
};
GODWIT_FOR_EACH_DRIVER(Operations);

TEST_P(Operations, TheOfflineScriptReplayedByTheShellGivesTheOnlineSchema) {
  const std::string text = script({"upgrade", "--sql", "head"});
  EXPECT_THAT(text, HasSubstr("\"fk_members_team_id_teams\"")) << "conventional names in the script";
  const fs::path file = dir_ / "script.sql";
  std::ofstream(file) << text;
  const auto offline = make_cli_database(driver());
  const auto applied = offline->replay(file);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err << "\nscript:\n" << text;
  const auto online = on(kOperations, {"upgrade", "head"});
  ASSERT_EQ(online.exit_code, 0) << online.err;
  EXPECT_EQ(offline->schema_dump(), db.schema_dump());
  EXPECT_EQ(offline->versions(), "ob0002");
  EXPECT_TRUE(db.index_exists("ix_members_lower_email"));
  EXPECT_TRUE(db.index_exists("ix_members_team_id_score"));
}

TEST_P(Operations, ADowngradeRestoresTheSchemaExactlyAndTheKeysHold) {
  ASSERT_EQ(on(kOperations, {"upgrade", "oa0001"}).exit_code, 0);
  const std::string before = db.schema_dump();
  ASSERT_EQ(on(kOperations, {"upgrade", "head"}).exit_code, 0);
  EXPECT_NE(db.schema_dump(), before);
  // What the operations declared, enforced: generated keys, the default, the cascade.
  db.sql("INSERT INTO teams (name) VALUES ('red')");
  db.sql("INSERT INTO members (team_id, email, nickname) VALUES (1, 'Ann@x', 'an')");
  EXPECT_EQ(db.sql("SELECT CAST(score AS INTEGER) FROM members"), "0");
  // SQLite enforces foreign keys per connection, when asked (godwit's driver asks): so does this one.
  db.sql(std::string(on_sqlite() ? "PRAGMA foreign_keys = ON; " : "") + "DELETE FROM teams");
  EXPECT_EQ(db.sql("SELECT count(*) FROM members"), "0");

  ASSERT_EQ(on(kOperations, {"downgrade", "oa0001"}).exit_code, 0);
  EXPECT_EQ(db.schema_dump(), before);
  ASSERT_EQ(on(kOperations, {"downgrade", "base"}).exit_code, 0);
  EXPECT_EQ(tables(), "");
  EXPECT_EQ(db.all_tables().find("members"), std::string::npos) << db.all_tables();
}

TEST_P(Operations, TheScriptIsTheSameEveryRun) {
  const std::string first = script({"upgrade", "--sql", "head"});
  const std::string second = script({"upgrade", "--sql", "head"});
  EXPECT_EQ(first, second);
  EXPECT_EQ(script({"downgrade", "--sql", "head:base"}), script({"downgrade", "--sql", "head:base"}));
}

}  // namespace
