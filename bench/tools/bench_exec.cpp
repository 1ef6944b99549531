// godwit_bench_exec: runs one command once and prints "<wall seconds> <peak RSS KiB>" on stdout.
//
//   godwit_bench_exec [--stdout FILE] [--stderr FILE] -- COMMAND [ARGS...]
//
// The wall time is measured with CLOCK_MONOTONIC around posix_spawn + wait4; the peak RSS is the child's
// ru_maxrss from wait4 (what `/usr/bin/time -f %M` reports), so it covers the measured process only, never
// the database server. The child's stdout and stderr go to /dev/null unless files are named. A command that
// fails (non-zero exit or a signal) makes this tool print why, with the tail of its stderr, and exit 1:
// bench/run must never report a time for a run that broke.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Options {
  std::string stdout_file = "/dev/null";
  std::string stderr_file;  // empty: a temporary file, shown on failure and removed
  std::vector<char*> command;
};

[[noreturn]] void usage() {
  std::cerr << "usage: godwit_bench_exec [--stdout FILE] [--stderr FILE] -- COMMAND [ARGS...]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if ((arg == "--stdout" || arg == "--stderr") && i + 1 < argc) {
      (arg == "--stdout" ? options.stdout_file : options.stderr_file) = argv[++i];
      continue;
    }
    usage();
  }
  for (; i < argc; ++i) options.command.push_back(argv[i]);
  if (options.command.empty()) usage();
  options.command.push_back(nullptr);
  return options;
}

double seconds_since(const timespec& start) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec - start.tv_sec) + static_cast<double>(now.tv_nsec - start.tv_nsec) / 1e9;
}

std::string tail_of(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  return all.size() > max_bytes ? "..." + all.substr(all.size() - max_bytes) : all;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  bool temporary_stderr = false;
  if (options.stderr_file.empty()) {
    char name[] = "/tmp/godwit_bench_exec.XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) {
      std::cerr << "godwit_bench_exec: cannot create a temporary file: " << std::strerror(errno) << "\n";
      return 1;
    }
    close(fd);
    options.stderr_file = name;
    temporary_stderr = true;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, options.stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, options.stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);

  timespec start{};
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, options.command[0], &actions, nullptr, options.command.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    std::cerr << "godwit_bench_exec: cannot start '" << options.command[0] << "': " << std::strerror(spawn_error)
              << "\n";
    return 1;
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::cerr << "godwit_bench_exec: wait4 failed: " << std::strerror(errno) << "\n";
      return 1;
    }
  }
  const double wall = seconds_since(start);

  const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) {
    std::string command;
    for (char* const* arg = options.command.data(); *arg; ++arg) command += std::string(command.empty() ? "" : " ") + *arg;
    std::cerr << "godwit_bench_exec: command failed ("
              << (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                    : "signal " + std::to_string(WTERMSIG(status)))
              << "): " << command << "\n"
              << tail_of(options.stderr_file, 4000) << "\n";
  }
  if (temporary_stderr) unlink(options.stderr_file.c_str());
  if (!ok) return 1;
  std::printf("%.6f %ld\n", wall, usage.ru_maxrss);
  return 0;
}
