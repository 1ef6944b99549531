// What only an SQLite file has, through the godwit binary: a URL whose directory is missing, a file that is
// not a database, a file another connection holds locked, a file this user may only read (the read-only
// verbs work, a run fails with one message), a relative path, a lock file deleted under a run, and a
// whole-group kill -9, after which SQLite itself has rolled the dead run back and the kernel has freed its
// lock, so a rerun starts at once. Everything both drivers do is in the cli_db_*_test.cpp suites.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>

#include "cli/cli_database.hpp"
#include "cli/fixture_dirs.hpp"
#include "cli/godwit_process.hpp"

namespace {

using namespace godwit::test;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

const std::string kCrash = std::string(FIXTURE_DIR) + "/crash";  // ca0001 -> cb0002 (misbehaves)

// How many errors godwit reported: each is one "godwit: error:" line.
int errors_in(const std::string& err) {
  int count = 0;
  for (std::size_t at = 0; (at = err.find("godwit: error:", at)) != std::string::npos; at += 1) ++count;
  return count;
}

class SqliteCli : public ::testing::Test {
 protected:
  std::string file() const { return db_->url().substr(std::string("sqlite:///").size()); }
  std::string url() const { return db_->url(); }
  ProcessResult on(const std::string& plugins, std::vector<std::string> rest, const std::string& url) const {
    return run_godwit(godwit_args(plugins, url, std::move(rest)));
  }
  ProcessResult on(const std::string& plugins, std::vector<std::string> rest) const {
    return on(plugins, std::move(rest), url());
  }
  std::string versions() const { return db_->versions(); }
  std::string history() const {
    return db_->list("SELECT revision || ':' || outcome FROM godwit_history ORDER BY id");
  }

  std::unique_ptr<CliDatabase> db_ = make_cli_database(Driver::sqlite);
};

TEST_F(SqliteCli, AMissingDirectoryIsNamedAndNotCreated) {
  const fs::path missing = fs::path(file()).parent_path() / "no" / "such" / "dir";
  const std::string missing_url = "sqlite:///" + (missing / "app.db").string();
  for (const std::vector<std::string>& verb :
       {std::vector<std::string>{"current"}, {"status"}, {"upgrade", "head"}}) {
    SCOPED_TRACE(verb[0]);
    const auto r = on(kLinear, verb, missing_url);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(errors_in(r.err), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("the directory " + missing.string() + " does not exist"));
  }
  EXPECT_FALSE(fs::exists(fs::path(file()).parent_path() / "no"));
}

TEST_F(SqliteCli, AFileThatIsNotADatabaseIsNamedAndLeftAlone) {
  const std::string text = "name,price\nwidget,3\n" + std::string(200, '#') + "\n";
  std::ofstream(file()) << text;
  for (const std::vector<std::string>& verb :
       {std::vector<std::string>{"current"}, {"history", "-i"}, {"upgrade", "head"}, {"stamp", "head"}}) {
    SCOPED_TRACE(verb[0]);
    const auto r = on(kLinear, verb);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(errors_in(r.err), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr(file() + " is not an SQLite database"));
  }
  EXPECT_EQ(read_file(file()), text);
}

// Another connection holding the file's write lock (an application's long transaction): the read-only verbs
// still read it (WAL), and a run waits the connect timeout for the lock, then says the file is locked and
// how to find who holds it, having changed nothing.
TEST_F(SqliteCli, ADatabaseLockedByAnotherConnectionIsNamed) {
  ASSERT_EQ(on(kLinear, {"upgrade", "+1"}).exit_code, 0);
  const fs::path config = fs::path(file()).parent_path() / "godwit.yaml";
  std::ofstream(config) << "database:\n  connect_timeout: 1\n";
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(file().c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto r = on(kLinear, {"-c", config.string(), "current"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "aa0001\n");
  r = on(kLinear, {"-c", config.string(), "upgrade", "head"});
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(errors_in(r.err), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(file() + " is locked by another connection (still after 1000 ms of waiting)"));
  EXPECT_THAT(r.err, HasSubstr("(fuser " + file() + ")"));
  EXPECT_EQ(versions(), "aa0001");
  EXPECT_EQ(history(), "aa0001:applied");
}

// SQLite's counterpart of PostgreSQL's statement errors (cli_messages_test.cpp): its message, where in the
// statement it failed, and its result code.
TEST_F(SqliteCli, AFailingStatementIsShownWithThePositionOfTheError) {
  const auto r = on(std::string(FIXTURE_DIR) + "/messages",
                    {"upgrade", "head", "-x", "sql=CREATE TABLE ok (id int);\nSELEC oops FROM nowhere"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(errors_in(r.err), 1) << r.err;
  EXPECT_THAT(r.err,
              HasSubstr("revision me0001 (upgrade) failed: near \"SELEC\": syntax error at character 27 "
                        "in statement: CREATE TABLE ok (id int); SELEC oops FROM nowhere [SQLITE_ERROR]"));
  EXPECT_EQ(db_->all_tables(), "alembic_version,godwit_history");  // the run's CREATE TABLEs rolled back
}

// As a user without write access to the file and its directory: root gets that only as another user.
class ReadOnlySqlite : public SqliteCli {
 protected:
  void SetUp() override {
    ASSERT_EQ(on(kLinear, {"upgrade", "+1"}).exit_code, 0);
    const fs::path dir = fs::path(file()).parent_path();
    if (::geteuid() == 0) {
      fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
      return;
    }
    for (const fs::path& path : {fs::path(file()), fs::path(file() + "-godwit.lock")})
      fs::permissions(path, fs::perms::owner_write, fs::perm_options::remove);
    fs::permissions(dir, fs::perms::owner_write, fs::perm_options::remove);
    restore_ = dir;
  }
  void TearDown() override {
    if (!restore_.empty()) fs::permissions(restore_, fs::perms::owner_write, fs::perm_options::add);
  }
  ProcessResult as_reader(std::vector<std::string> rest) const {
    rest.insert(rest.begin(), {GODWIT_BINARY, "--plugin-dir", kLinear, "--url", url()});
    if (::geteuid() != 0) return run(rest[0], std::vector<std::string>(rest.begin() + 1, rest.end()));
    rest.insert(rest.begin(), {"-u", "nobody", "--"});
    return run("/usr/sbin/runuser", rest);
  }

  fs::path restore_;
};

TEST_F(ReadOnlySqlite, TheReadOnlyVerbsWorkAndARunFailsWithOneMessage) {
  auto r = as_reader({"current"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "aa0001\n");
  r = as_reader({"status"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Current:   aa0001"));
  r = as_reader({"history", "--applied"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("upgrade aa0001  applied"));
  EXPECT_EQ(as_reader({"check"}).exit_code, 1);  // pending revisions, not an error

  for (const std::vector<std::string>& verb :
       {std::vector<std::string>{"upgrade", "head"}, {"downgrade", "base"}, {"stamp", "head"}}) {
    SCOPED_TRACE(verb[0]);
    r = as_reader(verb);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(errors_in(r.err), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("the database file " + file() + " is read-only for this user"));
    EXPECT_THAT(r.err, Not(HasSubstr("Running")));
  }
  EXPECT_EQ(versions(), "aa0001");
  EXPECT_EQ(history(), "aa0001:applied");
}

TEST_F(SqliteCli, ARelativePathIsTheWorkingDirectorys) {
  const fs::path dir = fs::path(file()).parent_path();
  ProcessOptions options;
  options.cwd = dir;
  const auto r =
      run_godwit({"--plugin-dir", kLinear, "--url", "sqlite:///test.db", "upgrade", "+2"}, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(versions(), "bb0002");  // the test's database is dir/test.db
}

// The SQLite counterpart of a lock session ended by the server: the lock lives in its lock file, and a
// run that finds that file deleted or replaced must stop, since another runner may hold a new one.
TEST_F(SqliteCli, ADeletedLockFileStopsTheRunBeforeItsNextStep) {
  Process godwit(GODWIT_BINARY, godwit_args(kLinear, url(), {"upgrade", "head", "-x", "sleep_ms=1000"}));
  // Inside aa0001's step, which sleeps a second holding the lock.
  ASSERT_TRUE(godwit.prints("Running upgrade  -> aa0001"));
  ASSERT_TRUE(db_->lock_held());
  fs::remove(file() + "-godwit.lock");
  const auto r = godwit.wait();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("the migration lock on"));
  EXPECT_THAT(r.err, HasSubstr("was lost before revision bb0002"));
  EXPECT_EQ(versions(), "");
  EXPECT_EQ(history(), "bb0002:failed");
  EXPECT_EQ(on(kLinear, {"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(versions(), "dd0004");
}

// kill -9 of the whole process group, the migration process first stopped so it cannot react: nobody is
// left to record anything, SQLite rolls the dead transaction back when the file is next opened, the kernel
// freed the lock, and the rerun starts at once and runs every step (PostgreSQL's rerun has to wait for
// the dead run's statement: cli_supervisor_test.cpp).
TEST_F(SqliteCli, ARerunAfterAWholeGroupKillStartsAtOnceFromTheRolledBackState) {
  Process killed(GODWIT_BINARY,
                 godwit_args(kCrash, url(), {"upgrade", "head", "-x", "misbehave=long_statement"}));
  ASSERT_TRUE(eventually([&] { return db_->long_statement_running(); }));
  const auto children = children_of(killed.pid());
  ASSERT_EQ(children.size(), 1U);
  ASSERT_TRUE(stop_process(children.front()));
  killed.signal(SIGKILL);
  kill(children.front(), SIGKILL);
  killed.wait();
  EXPECT_TRUE(eventually([&] { return !db_->lock_held(); }));  // once the kernel has reaped the child
  EXPECT_EQ(db_->leftovers(), "");
  const auto started = std::chrono::steady_clock::now();
  const auto r = on(kCrash, {"--lock-timeout", "2", "upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_THAT(r.err, Not(HasSubstr("waiting")));
  EXPECT_THAT(r.err, HasSubstr("Running upgrade  -> ca0001"));
  EXPECT_EQ(versions(), "cb0002");
  EXPECT_EQ(history(), "ca0001:applied,cb0002:applied");
}

}  // namespace
