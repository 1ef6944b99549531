#pragma once

#include <sys/types.h>

#include <filesystem>
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

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_;
  std::filesystem::path err_;
};

ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                  const ProcessOptions& options = {});

// Runs the godwit binary under test.
ProcessResult run_godwit(const std::vector<std::string>& args, const ProcessOptions& options = {});

std::filesystem::path make_temp_dir(const std::string& prefix);
std::string read_file(const std::filesystem::path& path);

}  // namespace godwit::test
