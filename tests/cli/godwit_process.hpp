#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace godwit::test {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::map<std::string, std::string> env;  // added to (or replacing in) the test's environment
  std::vector<std::string> unset_env;      // removed from it
  std::filesystem::path cwd;               // empty: the test's working directory
  std::filesystem::path stdin_path;        // empty: /dev/null
};

// A child process whose stdout and stderr go to files, so large outputs never block on a pipe.
class Process {
 public:
  Process(const std::string& program, const std::vector<std::string>& args,
          const ProcessOptions& options = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ProcessResult wait();
  pid_t pid() const { return pid_; }
  // Sends `signal` to the process (not to its children).
  void signal(int signal) const;
  // What it has written to stderr so far.
  std::string err_so_far() const;
  // Whether it writes `text` to stderr within `limit`.
  bool prints(const std::string& text, std::chrono::milliseconds limit = std::chrono::seconds(10)) const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_;
  std::filesystem::path err_;
};

ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                  const ProcessOptions& options = {});

// Runs the godwit binary under test.
ProcessResult run_godwit(const std::vector<std::string>& args, const ProcessOptions& options = {});

// godwit's arguments for the plugins in `plugins` and the database at `url`, then `rest`.
std::vector<std::string> godwit_args(const std::string& plugins, const std::string& url,
                                     std::vector<std::string> rest);

// Whether `condition` holds within `limit`, asked every few milliseconds: how a test waits for another
// process to reach a state it can observe (never a bare sleep).
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(10));

// The running processes whose parent is `parent` (from /proc).
std::vector<pid_t> children_of(pid_t parent);
// The state letter of /proc/<pid>/stat ('R', 'S', 'T' stopped, ...), or '?' when it cannot be read.
char process_state(pid_t pid);
// Stops `pid` with SIGSTOP and waits until it is stopped. kill() returns earlier: a signal sent after it
// (numbered lower than SIGSTOP, such as the SIGTERM of a dying supervisor) could still be handled first.
bool stop_process(pid_t pid);

std::filesystem::path make_temp_dir(const std::string& prefix);
std::string read_file(const std::filesystem::path& path);

}  // namespace godwit::test
