#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "godwit/core/plugin/elf_image.hpp"

namespace godwit::core::plugin {

// A loaded shared library (boost::dll::shared_library, RTLD_NOW | RTLD_LOCAL). Held by shared_ptr: whatever
// hands out a function, object or exception from the library must hold a reference too, because using any
// of them after the last reference unloads the library crashes the host.
class PluginLibrary {
 public:
  using RawFunction = void (*)();

  // Re-validates `path` with ElfImage::open (the file may have changed since discovery: a truncated .so
  // would kill dlopen with SIGBUS), checks it exports each of `required_functions`, then loads it. Throws
  // godwit::core::Error(plugin) "<file>: <reason>", wrapping the loader's text ("undefined symbol: X").
  static std::shared_ptr<PluginLibrary> load(const std::filesystem::path& path,
                                             const std::vector<std::string>& required_functions);
  // The same for a file the caller has just validated itself.
  static std::shared_ptr<PluginLibrary> load(const ElfImage& image,
                                             const std::vector<std::string>& required_functions);

  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;
  ~PluginLibrary();

  const std::filesystem::path& path() const noexcept;

  // Keeps the library mapped until the process ends, whatever becomes of the references. A command that
  // ran hundreds of plugins gains nothing from unloading them at exit, and glibc's dlclose of a last
  // reference walks every loaded object (quadratic over a run); a pinned library also makes any object
  // from it safe to destroy at exit. Pinning is best effort: when it fails, the library unloads as usual.
  void pin() const noexcept;

  // The address of exported function `name`, cast to `Fn*`; throws Error(plugin) when it is absent.
  template <class Fn>
  Fn* function(const std::string& name) const {
    return reinterpret_cast<Fn*>(raw_function(name));
  }
  RawFunction raw_function(const std::string& name) const;

 private:
  struct Impl;
  explicit PluginLibrary(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace godwit::core::plugin
