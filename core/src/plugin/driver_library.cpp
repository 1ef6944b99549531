#include "godwit/core/plugin/driver_library.hpp"

#include <cstddef>
#include <optional>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/abi_check.hpp"
#include "godwit/core/plugin/discovery.hpp"
#include "godwit/core/text.hpp"

namespace godwit::core::plugin {
namespace {

using godwit::driver::DriverEntry;

// Bounds the walk over a NULL-terminated list that a broken driver might not terminate.
constexpr std::size_t kMaxSchemes = 64;

void check_entry(const DriverEntry* entry, const std::string& file) {
  auto fail = [&](const std::string& reason) { throw Error(ErrorCategory::plugin, file + ": " + reason); };
  if (entry == nullptr) fail(std::string(DriverLibrary::kEntryName) + " returned no driver entry");
  // size and api_version come first in every version of DriverEntry, so they are safe to read.
  if (const auto reason = driver_api_mismatch(entry->api_version)) fail(*reason);
  if (entry->size < sizeof(DriverEntry))
    fail("its driver entry is " + std::to_string(entry->size) + " bytes, driver API " +
         std::to_string(godwit::driver::kDriverApiVersion) + " needs " + std::to_string(sizeof(DriverEntry)) +
         "; rebuild the driver against this godwit");
  if (entry->name == nullptr || *entry->name == '\0') fail("its driver entry has no name");
  if (entry->schemes == nullptr || entry->schemes[0] == nullptr)
    fail("its driver entry lists no URL schemes");
  if (entry->create == nullptr) fail("its driver entry has no create function");
}

std::vector<std::string> entry_schemes(const DriverEntry& entry) {
  std::vector<std::string> schemes;
  for (std::size_t i = 0; i < kMaxSchemes && entry.schemes[i] != nullptr; ++i)
    schemes.emplace_back(entry.schemes[i]);
  return schemes;
}

// The host chose the file by its section: a driver whose code says otherwise is not the driver it picked.
void check_entry_matches(const DriverEntry& entry, const DriverDeclaration& declared,
                         const std::string& file) {
  const std::vector<std::string> schemes = entry_schemes(entry);
  if (entry.name == declared.name && schemes == declared.schemes) return;
  throw Error(ErrorCategory::plugin, file + ": its " + std::string(DriverLibrary::kEntryName) +
                                         " reports driver " + entry.name + " for " + text::join(schemes) +
                                         ", its godwit_driver section declares driver " + declared.name +
                                         " for " + text::join(declared.schemes) +
                                         "; make GODWIT_DRIVER and the entry agree and rebuild the driver");
}

}  // namespace

struct DriverLibrary::Private {};

std::shared_ptr<DriverLibrary> DriverLibrary::load(const std::filesystem::path& path) {
  const ElfImage image = ElfImage::open(path);
  const std::optional<DriverDeclaration> declaration = read_driver_declaration(image);
  if (!declaration)
    throw Error(ErrorCategory::plugin,
                path.string() +
                    ": has no godwit_driver section, so it is not a godwit driver; declare "
                    "drivers with GODWIT_DRIVER (godwit/driver/driver_record.hpp)");
  return load(image, *declaration);
}

std::shared_ptr<DriverLibrary> DriverLibrary::load(const ElfImage& image,
                                                   const DriverDeclaration& declaration) {
  std::shared_ptr<PluginLibrary> library = PluginLibrary::load(image, {kEntryName});
  const auto entry_function = library->function<const DriverEntry*() noexcept>(kEntryName);
  const DriverEntry* entry = entry_function();
  check_entry(entry, image.path().string());
  check_entry_matches(*entry, declaration, image.path().string());
  return std::make_shared<DriverLibrary>(Private{}, std::move(library), entry, declaration);
}

DriverLibrary::DriverLibrary(const Private&, std::shared_ptr<PluginLibrary> library, const DriverEntry* entry,
                             DriverDeclaration declaration)
    : library_(std::move(library)), entry_(entry), name_(entry->name), declaration_(std::move(declaration)) {}

bool DriverLibrary::handles_scheme(std::string_view scheme) const noexcept {
  return declaration_.serves(scheme);
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

// A driver file read without loading it, whose declaration this host may load.
struct Candidate {
  ElfImage image;
  DriverDeclaration declaration;
};

// The file's candidate, or nullopt with the reason it cannot be one in `skipped`.
std::optional<Candidate> read_candidate(const std::filesystem::path& file,
                                        std::vector<std::string>& skipped) {
  try {
    ElfImage image = ElfImage::open(file);
    std::optional<DriverDeclaration> declaration = read_driver_declaration(image);
    if (declaration) return Candidate{std::move(image), std::move(*declaration)};
    skipped.push_back(file.string() + ": has no godwit_driver section (not a godwit driver)");
  } catch (const Error& e) {
    skipped.emplace_back(e.what());
  }
  return std::nullopt;
}

Error no_driver(std::string_view scheme, const std::vector<std::string>& looked,
                const std::vector<std::string>& available, const std::vector<std::string>& skipped) {
  std::string message = "no database driver for URL scheme '" + std::string(scheme) + "' (looked in " +
                        (looked.empty() ? std::string("no directory") : text::join(looked)) +
                        "; available: " + (available.empty() ? std::string("none") : text::join(available)) +
                        ")";
  if (!skipped.empty()) message += "; skipped invalid drivers: " + text::join(skipped, "; ");
  return Error(ErrorCategory::config, message);
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
      std::optional<Candidate> candidate = read_candidate(file, skipped);
      if (!candidate) continue;
      const std::vector<std::string>& schemes = candidate->declaration.schemes;
      if (!candidate->declaration.serves(scheme)) {
        available.insert(available.end(), schemes.begin(), schemes.end());
        continue;
      }
      // The only file this search ever loads (unless it fails to load, and a later one serves the scheme).
      try {
        return DriverLibrary::load(candidate->image, candidate->declaration);
      } catch (const Error& e) {
        skipped.emplace_back(e.what());
      }
    }
  }
  throw no_driver(scheme, looked, available, skipped);
}

}  // namespace godwit::core::plugin
