#pragma once

#include <optional>
#include <string>

#include "godwit/abi.hpp"

namespace godwit::core::plugin {

// Why a plugin built with `plugin` must not be loaded by a host with `host`, or nullopt when it may.
// Compared field by field (as PostgreSQL's PG_MODULE_MAGIC), so the reason names the field that differs:
// "built against godwit SDK ABI 2, this godwit speaks ABI 1; rebuild the plugin against this SDK".
// The SDK release version and compiler major are informational and never refuse a plugin.
std::optional<std::string> abi_mismatch(const abi::Stamp& plugin,
                                        const abi::Stamp& host = abi::current_stamp());

// Throws godwit::core::Error(plugin) "<file>: <reason>" when abi_mismatch() finds one.
void check_abi(const abi::Stamp& plugin, const std::string& file,
               const abi::Stamp& host = abi::current_stamp());

}  // namespace godwit::core::plugin
