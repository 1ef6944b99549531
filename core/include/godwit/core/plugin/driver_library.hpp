#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/core/plugin/plugin_library.hpp"
#include "godwit/core/plugin/plugin_trust.hpp"
#include "godwit/core/plugin/plugin_trust.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::plugin {

class DriverLibrary;

// Deletes a Driver (through its virtual destructor, i.e. the driver's own code), then drops the library
// reference it holds: the library outlives the driver, and is released as soon as the driver is deleted
// (DriverPtr::reset() too, not only when the DriverPtr itself goes away).
struct DriverDeleter {
  std::shared_ptr<const DriverLibrary> library;
  void operator()(godwit::driver::Driver* driver) noexcept {
    delete driver;
    library.reset();
  }
};
// Connections and Contexts made by the driver come from the same library: destroy them before the driver.
using DriverPtr = std::unique_ptr<godwit::driver::Driver, DriverDeleter>;

// A database driver plugin: a shared library exporting `godwit_driver_entry` (see godwit/driver/driver.hpp).
class DriverLibrary : public std::enable_shared_from_this<DriverLibrary> {
 public:
  static constexpr const char* kEntryName = "godwit_driver_entry";

  // Validates the file without loading it (ELF checks, godwit_driver_entry exported), loads it RTLD_NOW |
  // RTLD_LOCAL, calls godwit_driver_entry and checks the entry's api_version and size against
  // godwit::driver::kDriverApiVersion. Throws godwit::core::Error(plugin) "<file>: <reason>".
  static std::shared_ptr<DriverLibrary> load(const std::filesystem::path& path);

  const std::filesystem::path& path() const noexcept { return library_->path(); }
  const std::string& name() const noexcept { return name_; }
  const std::vector<std::string>& schemes() const noexcept { return schemes_; }
  // URL schemes compare case-insensitively.
  bool handles_scheme(std::string_view scheme) const noexcept;

  // A new Driver from the library's factory; the returned pointer keeps the library loaded.
  DriverPtr create_driver() const;

  struct Private;  // construction goes through load()
  DriverLibrary(const Private&, std::shared_ptr<PluginLibrary> library,
                const godwit::driver::DriverEntry* entry);

 private:
  std::shared_ptr<PluginLibrary> library_;
  const godwit::driver::DriverEntry* entry_;
  std::string name_;
  std::vector<std::string> schemes_;
};

// Loads the *.so files of `search_dirs` in order (directory order, then file name) and returns the first
// driver handling `scheme`. Files that are not valid drivers, and missing directories, are skipped and
// mentioned in the error when no driver matches: godwit::core::Error(config) "no database driver for URL
// scheme 'mysql' (looked in DIR; available: postgresql, postgres)". Drivers are code like revisions: a
// directory or file others could change is skipped (strict `trust`, its reason in the error) or loaded with
// a warning (warn), as discovery treats plugins.
using TrustWarning = std::function<void(const std::string&)>;
std::shared_ptr<DriverLibrary> find_driver_for_scheme(std::string_view scheme,
                                                      const std::vector<std::filesystem::path>& search_dirs,
                                                      TrustMode trust = TrustMode::strict,
                                                      const TrustWarning& on_warning = {});

}  // namespace godwit::core::plugin
