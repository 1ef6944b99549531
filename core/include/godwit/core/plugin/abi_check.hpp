#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "godwit/abi.hpp"

namespace godwit::core::plugin {

// Which kind of library a stamp came from, for the wording of a refusal: a revision plugin is built against
// the SDK; a driver against the driver API, which includes the SDK.
enum class LibraryKind { revision_plugin, driver };

// What this godwit speaks, as every refusal and `godwit --version` name it: "SDK ABI 2.0 and driver API 2".
std::string host_interfaces();

// Why a library built with `library` must not be loaded by a host with `host`, or nullopt when it may.
// Compared field by field (as PostgreSQL's PG_MODULE_MAGIC), so the reason names the field that differs and
// which side is which: "built for godwit SDK ABI 3.0, this godwit speaks SDK ABI 2.0 and driver API 2;
// rebuild the plugin against this godwit's SDK". A driver's stamp is checked once its driver API matched,
// so its refusal names both: "built for godwit SDK ABI 3.0 and driver API 2, this godwit speaks ...".
// The SDK release version and compiler major are informational and never refuse a library.
std::optional<std::string> abi_mismatch(const abi::Stamp& library,
                                        const abi::Stamp& host = abi::current_stamp(),
                                        LibraryKind kind = LibraryKind::revision_plugin);

// Why a driver built for driver API `library_api` must not be loaded, or nullopt when it may (an exact
// match): "built for godwit driver API 3, this godwit speaks SDK ABI 2.0 and driver API 2; rebuild the driver
// against this godwit's driver API".
std::optional<std::string> driver_api_mismatch(std::uint32_t library_api);

// Throws godwit::core::Error(plugin) "<file>: <reason>" when abi_mismatch() finds one.
void check_abi(const abi::Stamp& library, const std::string& file,
               const abi::Stamp& host = abi::current_stamp(),
               LibraryKind kind = LibraryKind::revision_plugin);

}  // namespace godwit::core::plugin
