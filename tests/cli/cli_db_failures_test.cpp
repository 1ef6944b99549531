// Failures on each driver: a revision that throws at every position of a line, upgrading and downgrading,
// in both transaction modes, leaves the database with exactly the schema of its recorded state and a
// history row that says what failed; a version row that vanished under a step, a plugin the loader
// refuses, and a non-transactional revision that fails part-way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/db_cli_test.hpp"
#include "cli/fixture_dirs.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kIds{"aa0001", "bb0002", "cc0003", "dd0004"};  // kLinear, oldest first

// "t_aa0001,...": the tables of kIds[0, count).
std::string tables_of_first(int count) {
  std::string list;
  for (int i = 0; i < count; ++i) list += (i ? "," : "") + std::string("t_") + kIds[i];
  return list;
}

// Driver, failing position, --transaction-per-revision.
using FailureParam = std::tuple<Driver, int, bool>;

std::string failure_name(const ::testing::TestParamInfo<FailureParam>& info) {
  const auto& [driver, position, per_revision] = info.param;
  return driver_name(driver) + "_" + kIds[position] + (per_revision ? "_per_revision" : "_whole_run");
}

class Failure : public DbCliTestWith<FailureParam> {
 protected:
  int position() const { return std::get<1>(GetParam()); }
  bool per_revision() const { return std::get<2>(GetParam()); }
  std::vector<std::string> with_mode(std::vector<std::string> args) const {
    if (per_revision()) args.push_back("--transaction-per-revision");
    return args;
  }
  // The schema of a fresh database of this driver that godwit took to `target` without a failure ("base":
  // its bookkeeping tables only).
  std::string schema_at(const std::string& target) const {
    const auto reference = make_cli_database(driver());
    const auto r = run_godwit(
        {"--plugin-dir", kLinear, "--url", reference->url(), target == "base" ? "stamp" : "upgrade", target});
    if (r.exit_code != 0) ADD_FAILURE() << "reference run to " << target << ": " << r.err;
    return reference->schema_dump();
  }
  // The last history row: revision:direction:outcome:error.
  std::string last_history_row() const {
    return db.sql(
        "SELECT revision || ':' || direction || ':' || outcome || ':' || error FROM godwit_history ORDER BY "
        "id "
        "DESC LIMIT 1");
  }
};

INSTANTIATE_TEST_SUITE_P(, Failure,
                         ::testing::Combine(kEachDriver, ::testing::Range(0, 4), ::testing::Bool()),
                         failure_name);

TEST_P(Failure, AFailedUpgradeStepLeavesTheLastConsistentState) {
  const std::string failing = kIds[position()];
  const auto r = on(kLinear, with_mode({"upgrade", "head", "-x", "fail_upgrade=" + failing}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("revision " + failing + " (upgrade) failed: injected failure in " + failing));
  EXPECT_THAT(r.err, HasSubstr("rolled back"));
  // Whole run: nothing of it stays. Per revision: the steps before the failing one stay, recorded.
  const int kept = per_revision() ? position() : 0;
  const std::string recorded = kept == 0 ? "" : kIds[kept - 1];
  EXPECT_EQ(versions(), recorded);
  EXPECT_EQ(tables(), tables_of_first(kept));
  EXPECT_EQ(db.schema_dump(), schema_at(recorded.empty() ? "base" : recorded));
  std::string expected_history;
  for (int i = 0; i < kept; ++i) expected_history += kIds[i] + ":upgrade:applied,";
  EXPECT_THAT(outcomes(), ::testing::StartsWith(expected_history + failing + ":upgrade:failed"));
  EXPECT_THAT(last_history_row(), HasSubstr(failing + ":upgrade:failed:"));
  EXPECT_THAT(last_history_row(), HasSubstr("injected failure"));
  // Fixing the cause (here: not injecting) lets the next run finish from where the database is.
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(versions(), "dd0004");
}

TEST_P(Failure, AFailedDowngradeStepLeavesTheLastConsistentState) {
  ASSERT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  const std::string before = db.schema_dump();
  const std::string failing = kIds[position()];
  const auto r = on(kLinear, with_mode({"downgrade", "base", "-x", "fail_downgrade=" + failing}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("revision " + failing + " (downgrade) failed: injected failure in " + failing));
  // Downgrades run dd0004 first: per revision, those above the failing one stay undone.
  const int kept = per_revision() ? position() + 1 : 4;
  EXPECT_EQ(versions(), kIds[kept - 1]);
  EXPECT_EQ(tables(), tables_of_first(kept));
  EXPECT_EQ(db.schema_dump(), per_revision() ? schema_at(kIds[kept - 1]) : before);
  EXPECT_THAT(last_history_row(), HasSubstr(failing + ":downgrade:failed:"));
  ASSERT_EQ(on(kLinear, {"downgrade", "base"}).exit_code, 0);
  EXPECT_EQ(tables(), "");
}

// A version row that vanished under a step (another tool, a hand edit) fails that step in both modes,
// instead of recording history for a change that matched nothing.
using ModeParam = std::tuple<Driver, bool>;

std::string mode_name(const ::testing::TestParamInfo<ModeParam>& info) {
  return driver_name(std::get<0>(info.param)) + (std::get<1>(info.param) ? "_per_revision" : "_whole_run");
}

class BothModes : public DbCliTestWith<ModeParam> {
 protected:
  bool per_revision() const { return std::get<1>(GetParam()); }
  std::vector<std::string> with_mode(std::vector<std::string> args) const {
    if (per_revision()) args.push_back("--transaction-per-revision");
    return args;
  }
};

INSTANTIATE_TEST_SUITE_P(, BothModes, ::testing::Combine(kEachDriver, ::testing::Bool()), mode_name);

TEST_P(BothModes, AVanishedVersionRowFailsTheStep) {
  const auto r = on(kLinear, with_mode({"upgrade", "head", "-x", "tamper_version=bb0002"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("expected to match one row for 'aa0001' in alembic_version, found 0"));
  EXPECT_EQ(versions(), per_revision() ? "aa0001" : "");
  EXPECT_EQ(tables(), per_revision() ? "t_aa0001" : "");
  EXPECT_THAT(outcomes(), HasSubstr("bb0002:upgrade:failed"));
}

// Plugins load on a worker thread ahead of their step; one the loader refuses fails at its own step, with
// the loader's reason.
TEST_P(BothModes, APluginTheLoaderRefusesFailsItsStep) {
  const auto r = on(kUnloadable, with_mode({"upgrade", "head"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("ab0002_unloadable.so: cannot be loaded"));
  EXPECT_THAT(r.err, HasSubstr("undefined symbol: godwit_cli_fixture_missing_function"));
  EXPECT_EQ(versions(), per_revision() ? "ab0001" : "");
  EXPECT_EQ(tables(), per_revision() ? "t_ab0001" : "");
  EXPECT_THAT(outcomes(), HasSubstr("ab0002:upgrade:failed"));
  EXPECT_THAT(outcomes(), Not(HasSubstr("ab0003")));
}

class NonTransactional : public DbCliTest {};
GODWIT_FOR_EACH_DRIVER(NonTransactional);

TEST_P(NonTransactional, APartialFailureBlocksTheDatabaseUntilStamped) {
  ASSERT_EQ(on(kShop, {"upgrade", "5e0005"}).exit_code, 0);
  auto r = on(kShop, {"upgrade", "head", "-x", "fail_upgrade=6f0006"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no_such_table"));
  EXPECT_THAT(r.err, HasSubstr("non-transactional"));
  EXPECT_THAT(r.err, HasSubstr("godwit stamp"));
  EXPECT_EQ(versions(), "5e0005");
  EXPECT_THAT(db.all_tables(), HasSubstr("cic_marker"));  // partly applied: its first statement committed
  EXPECT_EQ(outcomes(),
            "1a0001:upgrade:applied,2b0002:upgrade:applied,4d0004:upgrade:applied,"
            "3c0003:upgrade:applied,5e0005:upgrade:applied,6f0006:upgrade:failed_partial");
  r = on(kShop, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("6f0006"));
  EXPECT_THAT(r.err, HasSubstr("failed part-way"));
  ASSERT_EQ(on(kShop, {"stamp", "5e0005"}).exit_code, 0);
  r = on(kShop, {"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "6f0006");
}

}  // namespace
