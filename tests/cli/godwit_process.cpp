#include "godwit_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace godwit::test {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> child_environment(const ProcessOptions& options) {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq != std::string::npos) env[text.substr(0, eq)] = text.substr(eq + 1);
  }
  // Tests must not pick up the developer's database settings by accident.
  for (const char* name : {"DATABASE_URL", "DATABASE_HOST", "DATABASE_NAME", "DATABASE_PORT", "DATABASE_USER",
                           "DATABASE_PASSWORD", "DEBUG"})
    env.erase(name);
  for (const auto& name : options.unset_env) env.erase(name);
  for (const auto& [key, value] : options.env) env[key] = value;
  std::vector<std::string> list;
  for (const auto& [key, value] : env) list.push_back(key + "=" + value);
  return list;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

fs::path make_temp_dir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    // /proc/PID/stat: "PID (COMMAND) STATE PPID ...", COMMAND may hold spaces and parentheses.
    const std::string stat = read_file(entry.path() / "stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    pid_t ppid = 0;
    if (rest >> state >> ppid && ppid == parent && state != "Z") children.push_back(std::stoi(name));
  }
  return children;
}

char process_state(pid_t pid) {
  // "PID (COMMAND) STATE ...", COMMAND may hold spaces and parentheses.
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() ? stat[close + 2] : '?';
}

bool stop_process(pid_t pid) {
  if (kill(pid, SIGSTOP) != 0) return false;
  return eventually([&] { return process_state(pid) == 'T'; }, std::chrono::seconds(5));
}

Process::Process(const std::string& program, const std::vector<std::string>& args,
                 const ProcessOptions& options) {
  const fs::path dir = make_temp_dir("godwit-proc-");
  out_ = dir / "out";
  err_ = dir / "err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string input = options.stdin_path.empty() ? "/dev/null" : options.stdin_path.string();
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, input.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  auto env_strings = child_environment(options);
  auto argv = pointers(argv_strings);
  auto envp = pointers(env_strings);
  std::string previous_cwd;
  if (!options.cwd.empty()) {
    previous_cwd = fs::current_path().string();
    fs::current_path(options.cwd);  // posix_spawn has no portable chdir action in glibc 2.36
  }
  const int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  if (!previous_cwd.empty()) fs::current_path(previous_cwd);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
}

Process::~Process() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  fs::remove_all(out_.parent_path(), ec);
}

void Process::signal(int signal) const {
  if (pid_ > 0) kill(pid_, signal);
}

std::string Process::err_so_far() const {
  return read_file(err_);
}

bool Process::prints(const std::string& text, std::chrono::milliseconds limit) const {
  return eventually([&] { return err_so_far().find(text) != std::string::npos; }, limit);
}

ProcessResult Process::wait() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_);
  result.err = read_file(err_);
  return result;
}

ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                  const ProcessOptions& options) {
  Process process(program, args, options);
  return process.wait();
}

ProcessResult run_godwit(const std::vector<std::string>& args, const ProcessOptions& options) {
  return run(GODWIT_BINARY, args, options);
}

std::vector<std::string> godwit_args(const std::string& plugins, const std::string& url,
                                     std::vector<std::string> rest) {
  rest.insert(rest.begin(), {"--plugin-dir", plugins, "--url", url});
  return rest;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace godwit::test
