#include "godwit/core/plugin/discovery.hpp"

#include <algorithm>
#include <exception>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {
namespace fs = std::filesystem;

std::vector<fs::path> list_shared_objects(const fs::path& dir, const std::string& what) {
  const std::string name = what + " '" + dir.string() + "'";
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (status.type() == fs::file_type::not_found) throw Error(ErrorCategory::config, name + " does not exist");
  if (ec) throw Error(ErrorCategory::config, name + " cannot be read: " + ec.message());
  if (!fs::is_directory(status)) throw Error(ErrorCategory::config, name + " is not a directory");

  std::vector<std::pair<std::string, fs::path>> named;  // sorted by file name, bytewise
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".so") continue;
    std::error_code type_ec;
    // is_regular_file follows symlinks, so a link to a plugin counts.
    if (it->is_regular_file(type_ec)) named.emplace_back(path.filename().native(), path);
  }
  if (ec) throw Error(ErrorCategory::config, name + " cannot be read: " + ec.message());
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<fs::path> files;
  files.reserve(named.size());
  for (auto& entry : named) files.push_back(std::move(entry.second));
  return files;
}

namespace {

// One file's inspection: its plugin, or what inspecting it threw.
struct Inspection {
  PluginFile file;
  std::exception_ptr error;
};

// Inspects `paths` on up to hardware_concurrency() threads, at most 8 (beyond that the reads contend in
// the kernel, and a container may report more CPUs than its quota lets it use). Each file costs tens of
// microseconds of syscalls and parsing, which adds up for a project of a thousand plugins. The results
// keep the order of `paths`; small directories stay on the calling thread.
std::vector<Inspection> inspect_all(const std::vector<fs::path>& paths) {
  std::vector<Inspection> results(paths.size());
  const auto inspect_from = [&](std::size_t first, std::size_t stride) {
    for (std::size_t i = first; i < paths.size(); i += stride) {
      try {
        results[i].file = inspect_plugin_file(paths[i]);
      } catch (...) {
        results[i].error = std::current_exception();
      }
    }
  };
  constexpr std::size_t kFilesPerThread = 64;
  constexpr std::size_t kMaxThreads = 8;
  const std::size_t cpus = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kMaxThreads);
  const std::size_t threads = std::min(cpus, std::max<std::size_t>(1, paths.size() / kFilesPerThread));
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(inspect_from, t, threads);
    } catch (const std::system_error&) {  // no thread to be had: this share runs here instead
      inspect_from(t, threads);
    }
  }
  inspect_from(0, threads);
  for (auto& helper : helpers) helper.join();
  return results;
}

// Applies the trust policy to `problems`: true when the path may be used. A refusal throws in strict mode,
// except for a file that skip_invalid lets discovery skip.
bool accept(const std::vector<TrustProblem>& problems, bool is_file, const DiscoveryOptions& options,
            Discovery& found) {
  bool accepted = true;
  for (const TrustProblem& problem : problems) {
    if (problem.refused && options.trust == TrustMode::strict) {
      if (!is_file || !options.skip_invalid) throw Error(ErrorCategory::plugin, problem.message);
      DiscoveryWarning warning{problem.path, problem.message};
      if (options.on_warning) options.on_warning(warning);
      found.warnings.push_back(std::move(warning));
      accepted = false;
      continue;
    }
    if (options.on_trust_warning) options.on_trust_warning(problem.message);
    found.trust_warnings.push_back(problem.message);
  }
  return accepted;
}

std::vector<fs::path> plugin_paths(const std::vector<fs::path>& dirs, const DiscoveryOptions& options,
                                   Discovery& found) {
  std::vector<fs::path> paths;
  std::vector<fs::path> seen_dirs;
  const bool check = options.trust != TrustMode::off;
  for (const fs::path& dir : dirs) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!ec && std::find(seen_dirs.begin(), seen_dirs.end(), canonical) != seen_dirs.end()) continue;
    seen_dirs.push_back(ec ? dir : canonical);
    std::vector<fs::path> listed = list_shared_objects(dir, "plugin directory");
    if (check) accept(check_directory_trust(dir), false, options, found);
    for (auto& path : listed)
      if (!check || accept(check_file_trust(path, dir), true, options, found))
        paths.push_back(std::move(path));
  }
  return paths;
}

}  // namespace

Discovery discover_plugins(const std::vector<fs::path>& dirs, const DiscoveryOptions& options) {
  Discovery found;
  const std::vector<fs::path> paths = plugin_paths(dirs, options, found);
  std::vector<Inspection> inspected = inspect_all(paths);
  // id -> index in found.files, to name both files of a duplicate.
  std::unordered_map<std::string, std::size_t> owner;
  // In file order, so the error or warnings are the same as when the files were inspected one by one.
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (inspected[i].error) {
      try {
        std::rethrow_exception(inspected[i].error);
      } catch (const Error& e) {
        if (!options.skip_invalid) throw;
        DiscoveryWarning warning{paths[i], e.what()};
        if (options.on_warning) options.on_warning(warning);
        found.warnings.push_back(std::move(warning));
        continue;
      }
    }
    found.files.push_back(std::move(inspected[i].file));
    const std::size_t index = found.files.size() - 1;
    for (const RevisionRecord& revision : found.files.back().revisions) {
      const auto [it, inserted] = owner.emplace(revision.id, index);
      if (!inserted)
        throw Error(ErrorCategory::plugin, "duplicate revision id " + revision.id + ": declared in " +
                                               found.files[it->second].path.string() + " and in " +
                                               paths[i].string() + "; give one of them a new id");
    }
  }
  return found;
}

}  // namespace godwit::core::plugin
