#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "godwit/abi.hpp"
#include "godwit/core/plugin/elf_image.hpp"

namespace godwit::core::plugin {

// What a driver library declares about itself in its `godwit_driver` section (GODWIT_DRIVER, see
// godwit/driver/driver_record.hpp), read without loading it.
struct DriverDeclaration {
  std::uint32_t api_version = 0;
  abi::Stamp stamp{};  // fields past the stamp size the driver wrote read as zero
  std::string name;
  std::vector<std::string> schemes;

  // URL schemes compare case-insensitively.
  bool serves(std::string_view scheme) const noexcept;
};

// The declaration of `image`, or nullopt when it has no godwit_driver section (it is not a godwit driver).
// Refuses, with godwit::core::Error(plugin) "<file>: <reason>", a corrupt section, a driver API version other
// than godwit::driver::kDriverApiVersion, and an ABI stamp abi_mismatch() refuses, naming the field that
// differs: whatever it returns may be loaded by this host.
std::optional<DriverDeclaration> read_driver_declaration(const ElfImage& image);

}  // namespace godwit::core::plugin
