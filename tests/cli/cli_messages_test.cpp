// The messages only PostgreSQL gives, against a real PostgreSQL: a failing statement with the server's
// position and SQLSTATE, a refused connection (a lost one: cli_postgres_test.cpp), and the password of a
// URL (SQLite URLs have none), which must appear nowhere. The messages both drivers give are in
// cli_db_messages_test.cpp, SQLite's own in cli_sqlite_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/fixture_dirs.hpp"
#include "cli/godwit_process.hpp"
#include "cli/pg_cli_test.hpp"
#include "cli/pg_database.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kMessages = std::string(FIXTURE_DIR) + "/messages";  // me0001: fails as -x says

using Messages = PgCliTest;

// ---- secrets ----------------------------------------------------------------------------------------

// Everything a user or a log collector can see of `args`' run: stdout and stderr.
std::string seen(const ProcessResult& r) {
  return r.out + r.err;
}

void expect_no_secret(const std::string& text, const std::string& configured) {
  EXPECT_THAT(text, Not(HasSubstr("s3cret")));
  EXPECT_THAT(text, Not(HasSubstr(configured)));
}

class Secrets : public Messages {
 protected:
  // The password of the fixture's password role, as godwit is configured with it (--url).
  const std::string configured = "godwit_pw_secret";
  ProcessResult as_password_user(std::vector<std::string> args) {
    args.insert(args.begin(), {"--plugin-dir", kMessages, "--url", db.password_url()});
    return run_godwit(args);
  }
  void grant() { db.sql("GRANT ALL ON SCHEMA public TO godwit_pw"); }
};

TEST_F(Secrets, ARevisionsErrorIsMaskedWhereverItIsStoredOrShown) {
  grant();
  const std::string text =
      "could not reach postgresql://u:s3cret@h/db (password=s3cret), tried as " + configured;
  auto r = as_password_user({"upgrade", "head", "-x", "throw=" + text});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("could not reach postgresql://u:***@h/db (password=***), tried as ***"));
  expect_no_secret(seen(r), configured);

  const std::string stored = db.sql("SELECT string_agg(error, '|') FROM godwit_history");
  EXPECT_THAT(stored, HasSubstr("postgresql://u:***@h/db"));
  expect_no_secret(stored, configured);

  for (const std::vector<std::string>& verb :
       {std::vector<std::string>{"status"}, {"status", "--json"}, {"history", "--applied"}}) {
    r = as_password_user(verb);
    EXPECT_THAT(seen(r), HasSubstr("postgresql://u:***@h/db")) << verb[0];
    expect_no_secret(seen(r), configured);
  }
  expect_no_secret(seen(as_password_user({"check"})), configured);
}

TEST_F(Secrets, RowsAnOlderToolWroteRawAreMaskedOnRead) {
  grant();
  ASSERT_EQ(as_password_user({"upgrade", "head", "-x", "throw=boom"}).exit_code, 1);
  db.sql("UPDATE godwit_history SET error = 'old: postgresql://u:s3cret@h/db host=h password=s3cret " +
         configured + "'");
  for (const std::vector<std::string>& verb :
       {std::vector<std::string>{"status"}, {"status", "--json"}, {"history", "--applied"}}) {
    const auto r = as_password_user(verb);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("old: postgresql://u:***@h/db host=h password=*** ***")) << verb[0];
    expect_no_secret(seen(r), configured);
  }
}

// The server quotes the statement's literal back, and the statement itself is now part of the message.
TEST_F(Secrets, AStatementHoldingThePasswordIsMasked) {
  grant();
  const auto r = as_password_user({"upgrade", "head", "-v", "-x", "sql=SELECT '" + configured + "'::int"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("invalid input syntax for type integer: \"***\""));
  EXPECT_THAT(r.err, HasSubstr("in statement: SELECT '***'::int"));
  expect_no_secret(seen(r), configured);
  expect_no_secret(db.sql("SELECT string_agg(error, '|') FROM godwit_history"), configured);
}

// ---- failing statements --------------------------------------------------------------------------

TEST_F(Messages, AFailingStatementIsShownWithThePositionOfTheError) {
  const auto r =
      on(kMessages, {"upgrade", "head", "-x", "sql=CREATE TABLE ok (id int);\nSELEC oops FROM nowhere"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err,
              HasSubstr("revision me0001 (upgrade) failed: syntax error at or near \"SELEC\" at character 27 "
                        "in statement: CREATE TABLE ok (id int); SELEC oops FROM nowhere [SQLSTATE 42601]"));
}

TEST_F(Messages, ALongStatementIsCutAndThePlaceOfTheErrorStillShown) {
  std::string columns;
  for (int i = 0; i < 60; ++i) columns += "1 AS column_" + std::to_string(i) + ", ";
  const std::string sql = "SELECT " + columns + "2 AS last FROM no_such_table";
  const auto r = on(kMessages, {"upgrade", "head", "-x", "sql=" + sql});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const std::size_t position = sql.find("no_such_table") + 1;
  EXPECT_THAT(r.err, HasSubstr("relation \"no_such_table\" does not exist at character " +
                               std::to_string(position) + " in statement: SELECT 1 AS column_0, "));
  // The excerpt stops after a few hundred characters; libpq's view of the line shows where the fault is.
  EXPECT_THAT(r.err, HasSubstr("1 AS column_18, ... (near: ..."));
  EXPECT_THAT(r.err, HasSubstr("2 AS last FROM no_such_ta...) [SQLSTATE 42P01]"));
}

// ---- connections ---------------------------------------------------------------------------------

TEST_F(Messages, ARefusedConnectionIsNotALostOne) {
  const auto r =
      run_godwit({"--plugin-dir", kLinear, "--url", "postgresql://u:hunter2@127.0.0.1:1/none", "current"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("godwit: error: could not connect to postgresql://u:***@127.0.0.1:1/none: "
                               "connection refused"));
  EXPECT_THAT(r.err, HasSubstr("[SQLSTATE 08001]"));
  EXPECT_THAT(r.err, Not(HasSubstr("lost")));
  EXPECT_THAT(r.err, Not(HasSubstr("hunter2")));
}

}  // namespace
