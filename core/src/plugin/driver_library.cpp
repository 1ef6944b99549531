#include "godwit/core/plugin/driver_library.hpp"

#include <cstddef>
#include <optional>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/discovery.hpp"
#include "godwit/core/text.hpp"

namespace godwit::core::plugin {
namespace {

using godwit::driver::DriverEntry;

// Bounds the walk over a NULL-terminated list that a broken driver might not terminate.
constexpr std::size_t kMaxSchemes = 64;

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

void check_entry(const DriverEntry* entry, const std::string& file) {
  auto fail = [&](const std::string& reason) { throw Error(ErrorCategory::plugin, file + ": " + reason); };
  if (entry == nullptr) fail(std::string(DriverLibrary::kEntryName) + " returned no driver entry");
  // size and api_version come first in every version of DriverEntry, so they are safe to read.
  if (entry->api_version != godwit::driver::kDriverApiVersion)
    fail("built for godwit driver API " + std::to_string(entry->api_version) +
         ", this godwit speaks driver API " + std::to_string(godwit::driver::kDriverApiVersion) +
         "; rebuild the driver against this godwit");
  if (entry->size < sizeof(DriverEntry))
    fail("its driver entry is " + std::to_string(entry->size) + " bytes, driver API " +
         std::to_string(godwit::driver::kDriverApiVersion) + " needs " + std::to_string(sizeof(DriverEntry)) +
         "; rebuild the driver against this godwit");
  if (entry->name == nullptr || *entry->name == '\0') fail("its driver entry has no name");
  if (entry->schemes == nullptr || entry->schemes[0] == nullptr)
    fail("its driver entry lists no URL schemes");
  if (entry->create == nullptr) fail("its driver entry has no create function");
}

}  // namespace

struct DriverLibrary::Private {};

std::shared_ptr<DriverLibrary> DriverLibrary::load(const std::filesystem::path& path) {
  std::shared_ptr<PluginLibrary> library = PluginLibrary::load(path, {kEntryName});
  const auto entry_function = library->function<const DriverEntry*() noexcept>(kEntryName);
  const DriverEntry* entry = entry_function();
  check_entry(entry, path.string());
  return std::make_shared<DriverLibrary>(Private{}, std::move(library), entry);
}

DriverLibrary::DriverLibrary(const Private&, std::shared_ptr<PluginLibrary> library, const DriverEntry* entry)
    : library_(std::move(library)), entry_(entry), name_(entry->name) {
  for (std::size_t i = 0; i < kMaxSchemes && entry->schemes[i] != nullptr; ++i)
    schemes_.emplace_back(entry->schemes[i]);
}

bool DriverLibrary::handles_scheme(std::string_view scheme) const noexcept {
  for (const std::string& candidate : schemes_)
    if (equal_ignoring_case(candidate, scheme)) return true;
  return false;
}

DriverPtr DriverLibrary::create_driver() const {
  godwit::driver::Driver* driver = nullptr;
  try {
    driver = entry_->create();
  } catch (const std::exception& e) {
    // The exception object lives in the library, which this object keeps loaded while we copy its text.
    throw Error(ErrorCategory::plugin,
                path().string() + ": creating driver " + name_ + " failed: " + e.what());
  } catch (...) {
    throw Error(ErrorCategory::plugin, path().string() + ": creating driver " + name_ + " failed");
  }
  if (driver == nullptr)
    throw Error(ErrorCategory::plugin, path().string() + ": driver " + name_ + " created nothing");
  return DriverPtr(driver, DriverDeleter{shared_from_this()});
}

namespace {

// The first refusal among the trust problems of a driver file and its directory, when `trust` refuses;
// the warnings go to `on_warning`.
std::optional<std::string> untrusted(const std::filesystem::path& file, const std::filesystem::path& dir,
                                     TrustMode trust, const TrustWarning& on_warning) {
  if (trust == TrustMode::off) return std::nullopt;
  std::vector<TrustProblem> problems = check_directory_trust(dir);
  const std::vector<TrustProblem> of_file = check_file_trust(file, dir);
  problems.insert(problems.end(), of_file.begin(), of_file.end());
  for (const TrustProblem& problem : problems) {
    if (problem.refused && trust == TrustMode::strict) return problem.message;
    if (on_warning) on_warning(problem.message);
  }
  return std::nullopt;
}

}  // namespace

std::shared_ptr<DriverLibrary> find_driver_for_scheme(std::string_view scheme,
                                                      const std::vector<std::filesystem::path>& search_dirs,
                                                      TrustMode trust, const TrustWarning& on_warning) {
  std::vector<std::string> looked, available, skipped;
  for (const std::filesystem::path& dir : search_dirs) {
    std::vector<std::filesystem::path> files;
    try {
      files = list_shared_objects(dir, "driver directory");
    } catch (const Error&) {
      looked.push_back(dir.string() + " (unreadable or missing)");
      continue;
    }
    looked.push_back(dir.string());
    for (const std::filesystem::path& file : files) {
      if (const auto refusal = untrusted(file, dir, trust, on_warning)) {
        skipped.push_back(*refusal);
        continue;
      }
      std::shared_ptr<DriverLibrary> driver;
      try {
        driver = DriverLibrary::load(file);
      } catch (const Error& e) {
        skipped.emplace_back(e.what());
        continue;
      }
      if (driver->handles_scheme(scheme)) return driver;
      available.insert(available.end(), driver->schemes().begin(), driver->schemes().end());
    }
  }
  std::string message = "no database driver for URL scheme '" + std::string(scheme) + "' (looked in " +
                        (looked.empty() ? std::string("no directory") : text::join(looked)) +
                        "; available: " + (available.empty() ? std::string("none") : text::join(available)) +
                        ")";
  if (!skipped.empty()) message += "; skipped invalid drivers: " + text::join(skipped, "; ");
  throw Error(ErrorCategory::config, message);
}

}  // namespace godwit::core::plugin
