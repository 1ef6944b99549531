// SQLite only: the migration lock's sidecar file. It must exclude another process and free itself when that
// process is killed (-9), and lock_held() must notice a deleted lock file.

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "driver_conformance.hpp"
#include "sqlite_test_support.hpp"

namespace godwit::test {
namespace {

using SqliteLock = DriverTest;
using Clock = std::chrono::steady_clock;
constexpr std::int64_t kKey = 0x676f647769741234LL;
constexpr std::chrono::milliseconds kOnce{0};

// A child process that connects to `url`, takes lock `key` and says so on a pipe; it then waits to be
// killed, or kills itself with SIGKILL after `then_die` (zero: never).
class LockingChild {
 public:
  LockingChild(const std::string& url, std::int64_t key, std::chrono::milliseconds then_die = {}) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::close(fds[0]);
      char answer = 'n';
      try {
        driver::ConnectOptions options;
        options.url = url;
        options.application_name = "godwit-conformance";
        auto connection = loaded_driver().connect(options);
        if (connection->acquire_lock(key, kOnce)) answer = 'y';
        if (::write(fds[1], &answer, 1) != 1) ::_exit(3);
        if (then_die.count() > 0) {
          std::this_thread::sleep_for(then_die);
          ::raise(SIGKILL);  // no destructor, no release: only the kernel frees the lock
        }
        for (;;) ::pause();
      } catch (...) {
        (void)::write(fds[1], &answer, 1);
        ::_exit(2);
      }
    }
    ::close(fds[1]);
    char answer = 0;
    const bool read = ::read(fds[0], &answer, 1) == 1;
    ::close(fds[0]);
    if (!read || answer != 'y') {
      kill();
      throw std::runtime_error("the child could not take the lock");
    }
  }
  ~LockingChild() { kill(); }

  pid_t pid() const { return pid_; }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    wait();
  }
  // Waits for the child to end; its exit status.
  int wait() {
    int status = 0;
    if (pid_ > 0) ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(SqliteLock, ExcludesAnotherProcessUntilTheKernelFreesIt) {
  const TempDir dir;
  const std::string url = sqlite_url(dir.file("shared.db"));
  loaded_driver();  // loaded before fork, as the host has it
  LockingChild child(url, kKey);
  auto c = connect(url);
  const auto started = Clock::now();
  EXPECT_FALSE(c->acquire_lock(kKey, std::chrono::milliseconds(300)));
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(290));
  const std::string holder = c->describe_lock_holder(kKey);
  EXPECT_NE(holder.find("godwit process " + std::to_string(child.pid()) + " on "), std::string::npos)
      << holder;
  EXPECT_NE(holder.find("application 'godwit-conformance'"), std::string::npos) << holder;
  EXPECT_NE(holder.find("holding since "), std::string::npos) << holder;
  EXPECT_NE(holder.find(dir.file("shared.db") + "-godwit.lock"), std::string::npos) << holder;
  child.kill();  // kill -9: nothing released it but the kernel
  EXPECT_TRUE(c->acquire_lock(kKey, std::chrono::seconds(2)));
  EXPECT_TRUE(c->lock_held(kKey));
}

TEST_F(SqliteLock, AWaiterGetsTheLockOfAHolderKilledWhileItWaits) {
  const TempDir dir;
  const std::string url = sqlite_url(dir.file("killed.db"));
  loaded_driver();
  LockingChild child(url, kKey, std::chrono::milliseconds(300));
  auto c = connect(url);
  const auto started = Clock::now();
  EXPECT_TRUE(c->acquire_lock(kKey, std::chrono::seconds(10)));
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3));
  const int status = child.wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

TEST_F(SqliteLock, TheLockFileSitsNextToTheDatabaseAndForgetsReleasedHolders) {
  const TempDir dir;
  const std::string db = dir.file("side.db");
  const std::string lock_file = db + "-godwit.lock";
  const mode_t previous = ::umask(022);
  auto c = connect(sqlite_url(db));
  ASSERT_TRUE(c->acquire_lock(kKey, kOnce));
  ::umask(previous);
  struct stat info {};
  ASSERT_EQ(::stat(lock_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  EXPECT_NE(read_file(lock_file).find("godwit-conformance"), std::string::npos);
  c->release_lock(kKey);
  EXPECT_EQ(read_file(lock_file).find("godwit-conformance"), std::string::npos) << "the slot is cleared";
  EXPECT_EQ(c->describe_lock_holder(kKey), "");
  EXPECT_TRUE(std::filesystem::exists(lock_file)) << "never deleted: a waiter may have it open";
  // The same database through another spelling of its path shares the lock file.
  std::filesystem::create_directory_symlink(dir.path(), dir.file("link"));
  auto a = connect(sqlite_url(db));
  auto b = connect(sqlite_url(dir.file("link/side.db")));
  ASSERT_TRUE(a->acquire_lock(kKey, kOnce));
  EXPECT_FALSE(b->acquire_lock(kKey, kOnce));
  EXPECT_NE(b->describe_lock_holder(kKey).find(lock_file), std::string::npos);
}

TEST_F(SqliteLock, DeletingTheLockFileLosesTheLock) {
  const TempDir dir;
  const std::string db = dir.file("deleted.db");
  auto first = connect(sqlite_url(db));
  auto second = connect(sqlite_url(db));
  ASSERT_TRUE(first->acquire_lock(kKey, kOnce));
  ASSERT_TRUE(first->lock_held(kKey));
  std::filesystem::remove(db + "-godwit.lock");
  EXPECT_FALSE(first->lock_held(kKey)) << "another runner can lock a new file now";
  EXPECT_TRUE(second->acquire_lock(kKey, kOnce));
  EXPECT_FALSE(first->acquire_lock(kKey, kOnce)) << "the new file's holder excludes the old one";
  second->release_lock(kKey);
  EXPECT_TRUE(first->acquire_lock(kKey, kOnce));
}

TEST_F(SqliteLock, ALockFileThatCannotBeCreatedIsNamed) {
  const TempDir dir;
  const std::string db = dir.file("blocked.db");
  std::filesystem::create_directory(db + "-godwit.lock");  // in the way, whoever runs the test
  auto c = connect(sqlite_url(db));
  const Caught caught = catch_error<Error>([&] { c->acquire_lock(kKey, kOnce); });
  ASSERT_TRUE(caught.thrown);
  EXPECT_NE(caught.message.find("cannot open the lock file " + db + "-godwit.lock"), std::string::npos)
      << caught.message;
  EXPECT_NE(caught.message.find("must be writable"), std::string::npos) << caught.message;
}

// The host's two keys are FNV hashes sharing their low bits: each holder still keeps its own description.
TEST_F(SqliteLock, EveryHolderKeepsItsDescription) {
  const TempDir dir;
  const std::string url = sqlite_url(dir.file("slots.db"));
  std::vector<std::unique_ptr<driver::Connection>> holders;
  const std::vector<std::int64_t> keys = {kKey, kKey + 64, kKey + 128, static_cast<std::int64_t>(-7)};
  for (std::int64_t key : keys) {
    holders.push_back(connect(url));
    ASSERT_TRUE(holders.back()->acquire_lock(key, kOnce));
  }
  auto reader = connect(url);
  for (std::int64_t key : keys)
    EXPECT_NE(reader->describe_lock_holder(key).find("godwit-conformance"), std::string::npos) << key;
  holders[1]->release_lock(kKey + 64);
  EXPECT_EQ(reader->describe_lock_holder(kKey + 64), "");
  EXPECT_NE(reader->describe_lock_holder(kKey + 128).find("godwit-conformance"), std::string::npos);
  // A new holder of a released key is described again.
  ASSERT_TRUE(holders[1]->acquire_lock(kKey + 64, kOnce));
  EXPECT_NE(reader->describe_lock_holder(kKey + 64).find("godwit-conformance"), std::string::npos);
}

// A killed holder's description stays in the file, but is never shown for a free lock, and its slot is
// taken again by the next holder of that key.
TEST_F(SqliteLock, AKilledHoldersLeftoverDescriptionIsNeverShown) {
  const TempDir dir;
  const std::string url = sqlite_url(dir.file("leftover.db"));
  loaded_driver();
  pid_t killed = 0;
  {
    LockingChild child(url, kKey);
    killed = child.pid();
  }
  auto c = connect(url);
  EXPECT_EQ(c->describe_lock_holder(kKey), "") << "free, whatever the file still says";
  ASSERT_TRUE(c->acquire_lock(kKey, kOnce));
  auto reader = connect(url);
  const std::string holder = reader->describe_lock_holder(kKey);
  EXPECT_NE(holder.find("godwit process " + std::to_string(::getpid())), std::string::npos) << holder;
  EXPECT_EQ(holder.find(std::to_string(killed) + " on"), std::string::npos) << holder;
}

}  // namespace
}  // namespace godwit::test
