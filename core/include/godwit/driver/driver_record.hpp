#pragma once

// How a database driver declares itself to the host before it is loaded. Each driver library has exactly one
//
//   GODWIT_DRIVER(postgresql, "postgresql,postgres");
//
// at namespace scope: it writes a record into the ELF section `godwit_driver`, which the host reads with
// bounded preads (never dlopen) to pick the one driver serving a URL's scheme and to check its driver API
// version and ABI stamp. Only that file is then loaded; its `godwit_driver_entry` must report the same name
// and schemes, in the same order, or the host refuses it. See docs/abi.md.

#include <cstddef>
#include <cstdint>
#include <utility>

#include "godwit/abi.hpp"
#include "godwit/driver/api_version.hpp"
#include "godwit/driver/driver.hpp"

GODWIT_DRIVER_BEGIN_NAMESPACE

// The version in the record and the one in the mangled names must be the same number.
static_assert(kDriverApiVersion == GODWIT_DRIVER_API_VERSION,
              "raise GODWIT_DRIVER_API_VERSION (godwit/driver/api_version.hpp) with kDriverApiVersion");

inline constexpr std::uint32_t kDriverRecordMagic = 0x56524447u;  // "GDRV" little-endian
// The ELF section holding the driver record; readable without loading the library.
inline constexpr const char* kDriverSectionName = "godwit_driver";

// The record: this header, then `text_size` bytes "<name>\0<scheme>,<scheme>\0", then zero padding to a
// multiple of 4. Every field is a uint32_t (the stamp too), so the layout has no padding. record_magic,
// record_size and api_version keep their offsets in every driver API version: the host reads them first
// and reads nothing else from a record whose api_version differs from its own.
struct DriverRecordHeader {
  std::uint32_t record_magic;  // kDriverRecordMagic
  std::uint32_t record_size;   // whole record in bytes, header included, a multiple of 4
  std::uint32_t api_version;   // kDriverApiVersion
  abi::Stamp stamp;            // the SDK's stamp, size first: the text starts stamp.size bytes after it
  std::uint32_t text_size;     // includes the final NUL
};
static_assert(sizeof(DriverRecordHeader) == 4 * sizeof(std::uint32_t) + sizeof(abi::Stamp),
              "the driver record header must have no padding");

namespace detail {

template <std::size_t N>
struct DriverRecord {
  DriverRecordHeader header;
  char text[(N + 3) / 4 * 4];
};

template <std::size_t N, std::size_t... I>
constexpr DriverRecord<N> make_driver_record(const char (&text)[N], std::index_sequence<I...>) {
  return DriverRecord<N>{{kDriverRecordMagic, sizeof(DriverRecord<N>), kDriverApiVersion,
                          abi::current_stamp(), static_cast<std::uint32_t>(N)},
                         {text[I]...}};
}

template <std::size_t N>
constexpr DriverRecord<N> make_driver_record(const char (&text)[N]) {
  return make_driver_record(text, std::make_index_sequence<N>{});
}

}  // namespace detail
GODWIT_DRIVER_END_NAMESPACE

// Name: an identifier, the driver's name as godwit_driver_entry reports it. SCHEMES: a string literal of the
// URL schemes served, separated by commas (compared case-insensitively with a URL's scheme).
#define GODWIT_DRIVER(Name, SCHEMES)                                                                  \
  __attribute__((section("godwit_driver"), used)) static constexpr auto godwit_driver_record_##Name = \
      ::godwit::driver::detail::make_driver_record(#Name "\0" SCHEMES)
