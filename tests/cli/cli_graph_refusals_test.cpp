// The godwit binary on each driver, on version tables the graph must refuse or read exactly as Alembic
// does: overlapping rows written by hand, a relative step from several heads, rows in the table's own
// order, and the effective heads that depends_on implies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;

// ga0001 -> gb0002 -> gc0003, which depends on ha0001 (lib), a base nothing builds on.
const std::string kDeps = std::string(FIXTURE_DIR) + "/deps";

class GraphRefusals : public DbCliTest {
 protected:
  // Replaces the rows by hand, in this order: fresh inserts, so a plain SELECT returns them so.
  void write_rows(const std::string& values) {
    db.sql("DELETE FROM alembic_version; INSERT INTO alembic_version (version_num) VALUES " + values);
  }
};
GODWIT_FOR_EACH_DRIVER(GraphRefusals);

TEST_P(GraphRefusals, OverlappingRowsAreRefusedByEveryVerbAndChangeNothing) {
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  write_rows("('dd0004'), ('bb0002')");  // bb0002 is an ancestor of dd0004
  const std::string history_rows = db.sql("SELECT count(*) FROM godwit_history");
  const std::vector<std::vector<std::string>> verbs = {{"downgrade", "-1"},
                                                       {"downgrade", "-1", "--dry-run"},
                                                       {"downgrade", "base"},
                                                       {"upgrade", "head"},
                                                       {"upgrade", "head", "--dry-run"},
                                                       {"current"},
                                                       {"current", "--json"},
                                                       {"stamp", "cc0003"},
                                                       {"check"},
                                                       {"status"},
                                                       {"status", "--json"},
                                                       {"show", "current"},
                                                       {"history", "-i"}};
  for (const auto& verb : verbs) {
    SCOPED_TRACE(::testing::PrintToString(verb));
    const auto r = on(kLinear, verb);
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_THAT(r.err, HasSubstr("rows overlap: bb0002 is an ancestor of dd0004 (rows: dd0004, bb0002)"));
    EXPECT_THAT(r.err, HasSubstr("`godwit stamp --purge <rev>`"));
  }
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002,t_cc0003,t_dd0004");
  EXPECT_EQ(versions(), "bb0002,dd0004");
  EXPECT_EQ(db.sql("SELECT count(*) FROM godwit_history"), history_rows);
}

TEST_P(GraphRefusals, StampPurgeRepairsOverlappingRows) {
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  write_rows("('dd0004'), ('bb0002')");
  auto r = on(kLinear, {"stamp", "--purge", "dd0004"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "dd0004");
  r = on(kLinear, {"downgrade", "-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "cc0003");
  EXPECT_EQ(tables(), "t_aa0001,t_bb0002,t_cc0003");
}

TEST_P(GraphRefusals, OverlapThroughDependsOnIsRefused) {
  ASSERT_EQ(on(kDeps, {"upgrade", "heads"}).exit_code, 0);
  write_rows("('gc0003'), ('ha0001')");  // gc0003 depends on ha0001
  const auto r = on(kDeps, {"downgrade", "-1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("rows overlap: ha0001 is an ancestor of gc0003"));
  EXPECT_EQ(tables(), "t_ga0001,t_gb0002,t_gc0003,t_ha0001");
}

TEST_P(GraphRefusals, RelativeStepFromTwoHeadsIsRefusedWithTheFormsToUse) {
  ASSERT_EQ(on(kShop, {"upgrade", "3c0003"}).exit_code, 0);
  ASSERT_EQ(on(kShop, {"upgrade", "4d0004"}).exit_code, 0);
  write_rows("('4d0004'), ('3c0003')");
  for (const auto& verb :
       std::vector<std::vector<std::string>>{{"downgrade", "-1"}, {"downgrade", "-1", "--dry-run"}}) {
    const auto r = on(kShop, verb);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("downgrade -1 is ambiguous: the database has 2 heads (4d0004, 3c0003); name "
                                 "one: 4d0004@-1, 3c0003@-1 (or reporting@-1)"));
  }
  auto r = on(kShop, {"upgrade", "+1"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("upgrade +1 is ambiguous: the database has 2 heads (4d0004, 3c0003)"));
  EXPECT_EQ(tables(), "t_1a0001,t_2b0002,t_3c0003,t_4d0004");
  EXPECT_EQ(versions(), "3c0003,4d0004");
  // The suggested form steps that head down and nothing else.
  r = on(kShop, {"downgrade", "4d0004@-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "3c0003");
  EXPECT_EQ(tables(), "t_1a0001,t_2b0002,t_3c0003");
}

TEST_P(GraphRefusals, CurrentAndStatusKeepTheTablesOrder) {
  ASSERT_EQ(on(kShop, {"upgrade", "3c0003"}).exit_code, 0);
  ASSERT_EQ(on(kShop, {"upgrade", "4d0004"}).exit_code, 0);
  write_rows("('4d0004'), ('3c0003')");  // not sorted: Alembic prints them as the table returns them
  auto r = on(kShop, {"current"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "4d0004\n3c0003\n");
  r = on(kShop, {"current", "--json"});
  EXPECT_THAT(r.out, HasSubstr("\"current\": [\n    \"4d0004\",\n    \"3c0003\"\n  ]"));
  r = on(kShop, {"status"});
  EXPECT_THAT(r.out, HasSubstr("Current:   4d0004, 3c0003\n"));
  r = on(kShop, {"status", "--json"});
  EXPECT_THAT(r.out, HasSubstr("\"current\": [\n    \"4d0004\",\n    \"3c0003\"\n  ]"));
}

TEST_P(GraphRefusals, CurrentListsTheEffectiveHeadsOfDependencies) {
  auto r = on(kDeps, {"upgrade", "gc0003"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "gc0003");  // the step merged ha0001's row, as Alembic's HeadMaintainer does
  r = on(kDeps, {"current"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "gc0003 (head)\nha0001 (effective head)\n");
  r = on(kDeps, {"current", "--json"});
  EXPECT_THAT(r.out, HasSubstr("\"implied\": [\n    \"ha0001\"\n  ]"));
  EXPECT_THAT(r.out, HasSubstr("\"current\": [\n    \"gc0003\"\n  ]"));
}

}  // namespace
