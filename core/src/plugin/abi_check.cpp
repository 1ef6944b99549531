#include "godwit/core/plugin/abi_check.hpp"

#include <cstdio>

#include "godwit/core/error.hpp"

namespace godwit::core::plugin {
namespace {

constexpr const char* kRebuild = "; rebuild the plugin against this SDK with the host's compiler settings";

std::string hex(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

std::string library_name(std::uint32_t library) {
  if (library == 1) return "libstdc++";
  if (library == 2) return "libc++";
  return "an unknown C++ standard library (" + std::to_string(library) + ")";
}

std::string abi_version(const abi::Stamp& stamp) {
  return std::to_string(stamp.sdk_abi_major) + "." + std::to_string(stamp.sdk_abi_minor);
}

}  // namespace

std::optional<std::string> abi_mismatch(const abi::Stamp& plugin, const abi::Stamp& host) {
  if (plugin.magic != host.magic)
    return "has no valid godwit ABI stamp (magic " + hex(plugin.magic) + ", expected " + hex(host.magic) +
           "); rebuild the plugin against this SDK";
  // Fields are only ever appended: a smaller stamp comes from an older layout whose tail we cannot read.
  if (plugin.size < sizeof(abi::Stamp))
    return "was built with an older godwit ABI stamp (" + std::to_string(plugin.size) +
           " bytes, this godwit needs " + std::to_string(sizeof(abi::Stamp)) +
           "); rebuild the plugin against this SDK";
  if (plugin.sdk_abi_major != host.sdk_abi_major)
    return "built against godwit SDK ABI " + std::to_string(plugin.sdk_abi_major) +
           ", this godwit speaks ABI " + std::to_string(host.sdk_abi_major) +
           "; rebuild the plugin against this SDK";
  if (plugin.sdk_abi_minor > host.sdk_abi_minor)
    return "built against godwit SDK ABI " + abi_version(plugin) + ", newer than this godwit's ABI " +
           abi_version(host) + "; upgrade godwit or rebuild the plugin against this SDK";
  if (plugin.gxx_abi_version != host.gxx_abi_version)
    return "built with C++ ABI version (__GXX_ABI_VERSION) " + std::to_string(plugin.gxx_abi_version) +
           ", host uses " + std::to_string(host.gxx_abi_version) + kRebuild;
  if (plugin.cxx11_string_abi != host.cxx11_string_abi)
    return "built with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(plugin.cxx11_string_abi) + ", host uses " +
           std::to_string(host.cxx11_string_abi) + kRebuild;
  if (plugin.standard_library != host.standard_library)
    return "built against " + library_name(plugin.standard_library) + ", host uses " +
           library_name(host.standard_library) + kRebuild;
  if (plugin.pointer_size != host.pointer_size)
    return "built for " + std::to_string(plugin.pointer_size) + "-byte pointers, host uses " +
           std::to_string(host.pointer_size) + "-byte pointers" + kRebuild;
  if (plugin.exceptions != host.exceptions)
    return std::string("built with C++ exceptions ") + (plugin.exceptions ? "enabled" : "disabled") +
           ", host has them " + (host.exceptions ? "enabled" : "disabled") + kRebuild;
  return std::nullopt;
}

void check_abi(const abi::Stamp& plugin, const std::string& file, const abi::Stamp& host) {
  if (auto reason = abi_mismatch(plugin, host)) throw Error(ErrorCategory::plugin, file + ": " + *reason);
}

}  // namespace godwit::core::plugin
