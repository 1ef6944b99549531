#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace godwit::core::plugin {

// How discovery treats a plugin directory or file that someone other than its owner could change (the
// ssh StrictModes idea: code that anyone can replace is not the project's code).
enum class TrustMode {
  strict,  // default: refuse writable directories and files, warn about the rest
  warn,    // report everything as a warning and load anyway (e.g. containers with odd ownership)
  off,     // check nothing
};

// One reason not to trust a path. `refused` problems fail discovery in strict mode; the others are always
// warnings. `message` names the path and the command that fixes it.
struct TrustProblem {
  std::filesystem::path path;
  std::string message;
  bool refused = false;
};

// The plugin directory itself: writable by others (even with the sticky bit, anyone could add a revision),
// or any parent writable by others without the sticky bit (anyone could swap the directory; /tmp is fine),
// are refused; a group-writable directory, or one owned by another user than the running one or root, is
// a warning.
std::vector<TrustProblem> check_directory_trust(const std::filesystem::path& dir);

// A *.so found in `dir` (symlinks followed): writable by group or others is refused; owned by another user
// than the running one or root, or a symlink whose target lies outside `dir`, is a warning.
std::vector<TrustProblem> check_file_trust(const std::filesystem::path& file,
                                           const std::filesystem::path& dir);

// What to append to a refusal: how to accept the risk instead of fixing it.
std::string trust_override_hint();

}  // namespace godwit::core::plugin
