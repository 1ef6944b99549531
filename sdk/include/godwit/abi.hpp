#pragma once

#include <cstdint>

#include "godwit/version.hpp"

GODWIT_BEGIN_NAMESPACE
namespace abi {

// Written into every revision record at compile time and compared field by field by the host before it
// dlopens the plugin (as PostgreSQL's PG_MODULE_MAGIC). Every field is a uint32_t so the layout has no
// padding and reads the same in any reader. Never reorder fields: append, and grow `size`.
struct Stamp {
  std::uint32_t size;             // sizeof(Stamp) as the plugin saw it; first, so a reader can bound the rest
  std::uint32_t magic;            // kMagic
  std::uint32_t sdk_abi_major;    // must equal the host's
  std::uint32_t sdk_abi_minor;    // must be <= the host's
  std::uint32_t gxx_abi_version;  // __GXX_ABI_VERSION: the Itanium C++ ABI revision
  std::uint32_t cxx11_string_abi;   // _GLIBCXX_USE_CXX11_ABI: std::string/std::list layout
  std::uint32_t standard_library;   // 1 = libstdc++, 2 = libc++
  std::uint32_t pointer_size;       // sizeof(void*)
  std::uint32_t exceptions;         // 1 when built with exceptions (the boundary relies on them)
  std::uint32_t sdk_version_major;  // informational
  std::uint32_t sdk_version_minor;
  std::uint32_t sdk_version_patch;
  std::uint32_t compiler_major;  // informational (GCC/Clang major version)
};

inline constexpr std::uint32_t kMagic = 0x54445747u;        // "GWDT" little-endian
inline constexpr std::uint32_t kRecordMagic = 0x56455247u;  // "GREV": starts each revision record
// The ELF section holding the revision records; readable without loading the library.
inline constexpr const char* kSectionName = "godwit_revisions";

#if defined(_LIBCPP_VERSION)
inline constexpr std::uint32_t kStandardLibrary = 2;
#else
inline constexpr std::uint32_t kStandardLibrary = 1;
#endif

#if defined(_GLIBCXX_USE_CXX11_ABI)
inline constexpr std::uint32_t kCxx11StringAbi = _GLIBCXX_USE_CXX11_ABI;
#else
inline constexpr std::uint32_t kCxx11StringAbi = 0;
#endif

#if defined(__cpp_exceptions)
inline constexpr std::uint32_t kExceptions = 1;
#else
inline constexpr std::uint32_t kExceptions = 0;
#endif

#if defined(__clang__)
inline constexpr std::uint32_t kCompilerMajor = __clang_major__;
#elif defined(__GNUC__)
inline constexpr std::uint32_t kCompilerMajor = __GNUC__;
#else
inline constexpr std::uint32_t kCompilerMajor = 0;
#endif

inline constexpr Stamp current_stamp() {
  return Stamp{sizeof(Stamp),
               kMagic,
               GODWIT_SDK_ABI_MAJOR,
               GODWIT_SDK_ABI_MINOR,
               __GXX_ABI_VERSION,
               kCxx11StringAbi,
               kStandardLibrary,
               sizeof(void*),
               kExceptions,
               GODWIT_SDK_VERSION_MAJOR,
               GODWIT_SDK_VERSION_MINOR,
               GODWIT_SDK_VERSION_PATCH,
               kCompilerMajor};
}

// One revision's record in the section: header, then `text_size` bytes of "key: value" lines (NUL-terminated,
// included in text_size), then zero padding to a multiple of 4. Records follow each other; the linker may put
// zero bytes between them, which a reader skips four at a time.
struct RecordHeader {
  std::uint32_t record_magic;  // kRecordMagic
  std::uint32_t record_size;   // whole record in bytes, header included, a multiple of 4
  Stamp stamp;
  std::uint32_t text_size;
};

}  // namespace abi
GODWIT_END_NAMESPACE
