#include "godwit/core/plugin/plugin_trust.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>

namespace godwit::core::plugin {
namespace fs = std::filesystem;

namespace {

std::string user_name(uid_t uid) {
  if (const passwd* pw = getpwuid(uid)) return pw->pw_name;
  return "uid " + std::to_string(uid);
}

// Root may own anything: it could replace the file anyway.
bool trusted_owner(uid_t owner) {
  return owner == 0 || owner == geteuid();
}

std::string ownership_problem(const std::string& what, const fs::path& path, uid_t owner) {
  return what + " is owned by " + user_name(owner) + ", not by the running user (" + user_name(geteuid()) +
         ") or root: that user could replace a revision; run chown " + user_name(geteuid()) + " " +
         path.string() + " (or set plugin_trust: off / GODWIT_PLUGIN_TRUST=off to silence this)";
}

// Parents of the plugin directory up to the root. A world-writable one without the sticky bit lets anyone
// rename the plugin directory away and put their own in its place.
void check_parents(const fs::path& dir, std::vector<TrustProblem>& problems) {
  for (fs::path parent = dir.parent_path(); !parent.empty(); parent = parent.parent_path()) {
    struct stat st {};
    if (::stat(parent.c_str(), &st) == 0 && (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
      problems.push_back({parent,
                          parent.string() + " (a parent of plugin directory " + dir.string() +
                              ") is world-writable without the sticky bit: anyone could replace the plugin "
                              "directory; run chmod o-w " +
                              parent.string() + trust_override_hint(),
                          true});
    if (parent == parent.root_path()) break;
  }
}

bool inside(const fs::path& file, const fs::path& dir) {
  const auto mismatch = std::mismatch(dir.begin(), dir.end(), file.begin(), file.end());
  return mismatch.first == dir.end();
}

}  // namespace

std::string trust_override_hint() {
  return " (or set plugin_trust: warn / GODWIT_PLUGIN_TRUST=warn)";
}

std::vector<TrustProblem> check_directory_trust(const fs::path& dir) {
  std::vector<TrustProblem> problems;
  std::error_code ec;
  const fs::path real = fs::canonical(dir, ec);
  struct stat st {};
  if (ec || ::stat(real.c_str(), &st) != 0) return problems;  // discovery reports a missing directory
  const std::string name = "plugin directory " + real.string();
  if (st.st_mode & S_IWOTH)
    problems.push_back({real,
                        name + " is world-writable: anyone could replace a revision; run chmod o-w " +
                            real.string() + trust_override_hint(),
                        true});
  else if (st.st_mode & S_IWGRP)
    problems.push_back({real,
                        name + " is group-writable: members of group " + std::to_string(st.st_gid) +
                            " could replace a revision; run chmod g-w " + real.string() +
                            " (or set plugin_trust: off / GODWIT_PLUGIN_TRUST=off to silence this)",
                        false});
  if (!trusted_owner(st.st_uid)) problems.push_back({real, ownership_problem(name, real, st.st_uid), false});
  check_parents(real, problems);
  return problems;
}

std::vector<TrustProblem> check_file_trust(const fs::path& file, const fs::path& dir) {
  std::vector<TrustProblem> problems;
  std::error_code ec;
  const fs::path target = fs::canonical(file, ec);
  struct stat st {};
  if (ec || ::stat(target.c_str(), &st) != 0) return problems;  // inspection reports an unreadable file
  const bool linked = fs::is_symlink(fs::symlink_status(file, ec));
  const std::string name =
      "plugin " + file.string() + (linked ? " (a symlink to " + target.string() + ")" : std::string());
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    const char* who =
        (st.st_mode & S_IWOTH) ? "world-writable: anyone" : "group-writable: members of its group";
    problems.push_back({file,
                        name + " is " + who + " could replace the revision; run chmod go-w " +
                            target.string() + trust_override_hint(),
                        true});
  }
  if (!trusted_owner(st.st_uid))
    problems.push_back({file, ownership_problem(name, target, st.st_uid), false});
  const fs::path real_dir = fs::canonical(dir, ec);
  if (linked && !ec && !inside(target, real_dir))
    problems.push_back({file,
                        name + " leads outside plugin directory " + real_dir.string() +
                            ": whoever can write there controls the revision; copy the file into the "
                            "directory instead (or set plugin_trust: off / GODWIT_PLUGIN_TRUST=off)",
                        false});
  return problems;
}

}  // namespace godwit::core::plugin
