#include "godwit/core/plugin/abi_check.hpp"

#include <cstdio>

#include "godwit/core/error.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::plugin {
namespace {

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

std::string sdk_abi(const abi::Stamp& stamp) {
  return "SDK ABI " + std::to_string(stamp.sdk_abi_major) + "." + std::to_string(stamp.sdk_abi_minor);
}

std::string speaks(const abi::Stamp& host) {
  return sdk_abi(host) + " and driver API " + std::to_string(godwit::driver::kDriverApiVersion);
}

// "SDK ABI 2.0" for a revision plugin; "SDK ABI 2.0 and driver API 2" for a driver, whose driver API was
// checked (and equals the host's) before its stamp.
std::string built_for(const abi::Stamp& library, LibraryKind kind) {
  if (kind == LibraryKind::revision_plugin) return sdk_abi(library);
  return sdk_abi(library) + " and driver API " + std::to_string(godwit::driver::kDriverApiVersion);
}

std::string rebuild(LibraryKind kind) {
  return kind == LibraryKind::revision_plugin ? "rebuild the plugin against this godwit's SDK"
                                              : "rebuild the driver against this godwit's SDK and driver API";
}

// A difference of compiler settings: the versions agree, the C++ ABI does not.
std::string compiler(LibraryKind kind) {
  return "; " + rebuild(kind) + " with the host's compiler settings";
}

}  // namespace

std::string host_interfaces() {
  return speaks(abi::current_stamp());
}

std::optional<std::string> abi_mismatch(const abi::Stamp& library, const abi::Stamp& host, LibraryKind kind) {
  if (library.magic != host.magic)
    return "has no valid godwit ABI stamp (magic " + hex(library.magic) + ", expected " + hex(host.magic) +
           "); " + rebuild(kind);
  // Fields are only ever appended: a smaller stamp comes from an older layout whose tail we cannot read.
  if (library.size < sizeof(abi::Stamp))
    return "was built with an older godwit ABI stamp (" + std::to_string(library.size) +
           " bytes, this godwit needs " + std::to_string(sizeof(abi::Stamp)) + "); " + rebuild(kind);
  if (library.sdk_abi_major != host.sdk_abi_major)
    return "built for godwit " + built_for(library, kind) + ", this godwit speaks " + speaks(host) + "; " +
           rebuild(kind);
  if (library.sdk_abi_minor > host.sdk_abi_minor)
    return "built for godwit " + built_for(library, kind) + ", newer than this godwit, which speaks " +
           speaks(host) + "; upgrade godwit or " + rebuild(kind);
  if (library.gxx_abi_version != host.gxx_abi_version)
    return "built with C++ ABI version (__GXX_ABI_VERSION) " + std::to_string(library.gxx_abi_version) +
           ", host uses " + std::to_string(host.gxx_abi_version) + compiler(kind);
  if (library.cxx11_string_abi != host.cxx11_string_abi)
    return "built with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(library.cxx11_string_abi) + ", host uses " +
           std::to_string(host.cxx11_string_abi) + compiler(kind);
  if (library.standard_library != host.standard_library)
    return "built against " + library_name(library.standard_library) + ", host uses " +
           library_name(host.standard_library) + compiler(kind);
  if (library.pointer_size != host.pointer_size)
    return "built for " + std::to_string(library.pointer_size) + "-byte pointers, host uses " +
           std::to_string(host.pointer_size) + "-byte pointers" + compiler(kind);
  if (library.exceptions != host.exceptions)
    return std::string("built with C++ exceptions ") + (library.exceptions ? "enabled" : "disabled") +
           ", host has them " + (host.exceptions ? "enabled" : "disabled") + compiler(kind);
  return std::nullopt;
}

std::optional<std::string> driver_api_mismatch(std::uint32_t library_api) {
  if (library_api == godwit::driver::kDriverApiVersion) return std::nullopt;
  return "built for godwit driver API " + std::to_string(library_api) + ", this godwit speaks " +
         host_interfaces() + "; rebuild the driver against this godwit's driver API";
}

void check_abi(const abi::Stamp& library, const std::string& file, const abi::Stamp& host, LibraryKind kind) {
  if (auto reason = abi_mismatch(library, host, kind))
    throw Error(ErrorCategory::plugin, file + ": " + *reason);
}

}  // namespace godwit::core::plugin
