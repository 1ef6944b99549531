#include "godwit/core/plugin/plugin_library.hpp"

#include <dlfcn.h>

#include <boost/dll/shared_library.hpp>
#include <string_view>

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {

struct PluginLibrary::Impl {
  std::filesystem::path path;
  boost::dll::shared_library library;
};

namespace {

// dlerror() says "<path>: undefined symbol: X"; the caller prefixes the file already.
std::string loader_reason(const std::filesystem::path& path) {
  const char* text = ::dlerror();
  if (text == nullptr) return "the dynamic loader refused it";
  std::string_view reason(text);
  const std::string prefix = path.string() + ": ";
  if (reason.substr(0, prefix.size()) == prefix) reason.remove_prefix(prefix.size());
  return std::string(reason);
}

}  // namespace

std::shared_ptr<PluginLibrary> PluginLibrary::load(const std::filesystem::path& path,
                                                   const std::vector<std::string>& required_functions) {
  return load(ElfImage::open(path), required_functions);
}

std::shared_ptr<PluginLibrary> PluginLibrary::load(const ElfImage& image,
                                                   const std::vector<std::string>& required_functions) {
  const std::filesystem::path& path = image.path();
  for (const std::string& name : required_functions)
    if (!image.defines_function(name))
      throw Error(ErrorCategory::plugin, path.string() + ": does not export " + name);

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  boost::dll::fs::error_code ec;
  // Clear any stale message so the one read below belongs to this dlopen.
  ::dlerror();
  impl->library.load(boost::dll::fs::path(path.native()),
                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !impl->library.is_loaded())
    throw Error(ErrorCategory::plugin, path.string() + ": cannot be loaded: " + loader_reason(path));
  return std::shared_ptr<PluginLibrary>(new PluginLibrary(std::move(impl)));
}

PluginLibrary::PluginLibrary(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PluginLibrary::~PluginLibrary() = default;

const std::filesystem::path& PluginLibrary::path() const noexcept {
  return impl_->path;
}

void PluginLibrary::pin() const noexcept {
  // A second reference that is never closed: the later dlclose of the first one only decrements a count.
  // RTLD_NOLOAD finds the library already loaded and never maps anything new.
  // boost::dll opened a bare file name as "./name"; the same name finds the same object.
  const std::filesystem::path name = impl_->path.has_parent_path() ? impl_->path : "." / impl_->path;
  void* handle = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD | RTLD_NODELETE);
  if (handle != nullptr && handle != impl_->library.native()) ::dlclose(handle);  // not ours: let it go
}

PluginLibrary::RawFunction PluginLibrary::raw_function(const std::string& name) const {
  if (!impl_->library.has(name))
    throw Error(ErrorCategory::plugin, impl_->path.string() + ": does not export " + name);
  return &impl_->library.get<void()>(name);
}

}  // namespace godwit::core::plugin
