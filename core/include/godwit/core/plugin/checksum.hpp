#pragma once

#include <filesystem>
#include <string>

namespace godwit::core::plugin {

// The SHA-256 of a file's contents as 64 lowercase hex digits. Reads the whole file, so compute it only for
// the plugins that run (the runner records it in the history table), never during discovery. Throws
// godwit::core::Error(plugin) naming the file when it cannot be read. Thread-safe.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace godwit::core::plugin
