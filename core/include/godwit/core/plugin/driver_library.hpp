#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/core/plugin/driver_section.hpp"
#include "godwit/core/plugin/elf_image.hpp"
#include "godwit/core/plugin/plugin_library.hpp"
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

// A database driver plugin: a shared library declaring itself with GODWIT_DRIVER (a `godwit_driver` section,
// see godwit/driver/driver_record.hpp) and exporting `godwit_driver_entry` (see godwit/driver/driver.hpp).
class DriverLibrary : public std::enable_shared_from_this<DriverLibrary> {
 public:
  static constexpr const char* kEntryName = "godwit_driver_entry";

  // Reads and checks the file's godwit_driver section without loading it (ELF checks, driver API version,
  // ABI stamp, godwit_driver_entry exported), then loads it as load(image, declaration) does. Throws
  // godwit::core::Error(plugin) "<file>: <reason>".
  static std::shared_ptr<DriverLibrary> load(const std::filesystem::path& path);
  // Loads a file whose declaration the caller has just read from `image` with read_driver_declaration():
  // dlopen RTLD_NOW | RTLD_LOCAL, call godwit_driver_entry, check the entry's api_version and size, and that
  // it reports the declared name and schemes. Throws godwit::core::Error(plugin) "<file>: <reason>".
  static std::shared_ptr<DriverLibrary> load(const ElfImage& image, const DriverDeclaration& declaration);

  const std::filesystem::path& path() const noexcept { return library_->path(); }
  const std::string& name() const noexcept { return name_; }
  const std::vector<std::string>& schemes() const noexcept { return declaration_.schemes; }
  // URL schemes compare case-insensitively.
  bool handles_scheme(std::string_view scheme) const noexcept;

  // A new Driver from the library's factory; the returned pointer keeps the library loaded.
  DriverPtr create_driver() const;

  struct Private;  // construction goes through load()
  DriverLibrary(const Private&, std::shared_ptr<PluginLibrary> library,
                const godwit::driver::DriverEntry* entry, DriverDeclaration declaration);

 private:
  std::shared_ptr<PluginLibrary> library_;
  const godwit::driver::DriverEntry* entry_;
  std::string name_;
  DriverDeclaration declaration_;  // the entry agrees with it: load() checked
};

// Reads the godwit_driver sections of the *.so files of `search_dirs` in order (directory order, then file
// name), without loading any, and loads only the first compatible driver declaring `scheme`. Files that are
// not compatible drivers (no section, not ELF, truncated, another driver API or ABI) and missing
// directories are skipped, never loaded, and mentioned in the error when no driver matches:
// godwit::core::Error(config) "no database driver for URL scheme 'mysql' (looked in DIR; available:
// postgresql, postgres)". Drivers are code like revisions: a directory or file others could change is
// skipped before it is even read (strict `trust`, its reason in the error) or used with a warning (warn), as
// discovery treats plugins.
using TrustWarning = std::function<void(const std::string&)>;
std::shared_ptr<DriverLibrary> find_driver_for_scheme(std::string_view scheme,
                                                      const std::vector<std::filesystem::path>& search_dirs,
                                                      TrustMode trust = TrustMode::strict,
                                                      const TrustWarning& on_warning = {});

}  // namespace godwit::core::plugin
