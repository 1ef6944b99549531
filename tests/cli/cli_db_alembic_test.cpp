// A database that Alembic migrated, taken over by godwit with the same revision ids, on each driver: the
// version table exactly as Alembic creates it on that database, at a revision, with that revision's
// tables; godwit reads it, runs only what is pending, goes back down through revisions it never applied,
// and leaves Alembic's table as it found it, so Alembic could carry on from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;

// What Alembic (SQLAlchemy's CREATE TABLE for its version table) sends on PostgreSQL and on SQLite alike.
constexpr const char* kAlembicVersionTable =
    "CREATE TABLE alembic_version (\n"
    "\tversion_num VARCHAR(32) NOT NULL, \n"
    "\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
    ")";

class AlembicTakeover : public DbCliTest {
 protected:
  // The database as Alembic left it after upgrading kLinear to bb0002 with the same revisions.
  void SetUp() override {
    db.sql(std::string(kAlembicVersionTable) + ";" +
           "CREATE TABLE t_aa0001 (id integer PRIMARY KEY, note text);"
           "INSERT INTO t_aa0001 (id, note) VALUES (1, 'from alembic');"
           "CREATE TABLE t_bb0002 (id integer PRIMARY KEY, note text);"
           "INSERT INTO t_bb0002 (id, note) VALUES (1, 'from alembic');"
           "INSERT INTO alembic_version (version_num) VALUES ('bb0002');");
    alembic_table_ = db.schema_dump("alembic_version");
    ASSERT_THAT(alembic_table_, HasSubstr("alembic_version_pkc"));
  }

  std::string alembic_table_;
};
GODWIT_FOR_EACH_DRIVER(AlembicTakeover);

TEST_P(AlembicTakeover, UpgradesFromAlembicsRevisionAndDowngradesThroughRevisionsItNeverApplied) {
  auto r = on(kLinear, {"current"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "bb0002\n");
  r = on(kLinear, {"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("2 revision(s) pending: cc0003, dd0004"));

  r = on(kLinear, {"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Running upgrade bb0002 -> cc0003, third"));
  EXPECT_THAT(r.err, Not(HasSubstr("-> bb0002")));
  EXPECT_EQ(versions(), "dd0004");
  EXPECT_EQ(outcomes(), "cc0003:upgrade:applied,dd0004:upgrade:applied");
  EXPECT_EQ(db.sql("SELECT note FROM t_bb0002"), "from alembic");  // Alembic's data untouched

  r = on(kLinear, {"downgrade", "aa0001"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Running downgrade bb0002 -> aa0001"));
  EXPECT_EQ(versions(), "aa0001");
  EXPECT_EQ(tables(), "t_aa0001");
  EXPECT_EQ(db.sql("SELECT note FROM t_aa0001"), "from alembic");
  // Alembic's table as Alembic made it, holding an id Alembic knows.
  EXPECT_EQ(db.schema_dump("alembic_version"), alembic_table_);
}

TEST_P(AlembicTakeover, StampAndHistoryWorkOnAlembicsTable) {
  auto r = on(kLinear, {"history", "-i"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("aa0001 -> bb0002 (current), second"));
  r = on(kLinear, {"stamp", "dd0004"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "dd0004");
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002");
  r = on(kLinear, {"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Current:   dd0004"));
  EXPECT_EQ(db.schema_dump("alembic_version"), alembic_table_);
}

}  // namespace
