#pragma once

#include <dlfcn.h>

#include <filesystem>

namespace godwit::test {

// Whether the dynamic loader has `path` loaded right now (RTLD_NOLOAD never loads it).
inline bool is_loaded(const std::filesystem::path& path) {
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  ::dlclose(handle);
  return true;
}

}  // namespace godwit::test
