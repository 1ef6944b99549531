#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

// The host's logging front end. Boost.Log is set up in one translation unit (logging.cpp) because its
// setup headers are costly to compile; everything else logs through these few functions.
namespace godwit::core::log {

enum class Level { debug, info, warning, error };

struct Settings {
  Level level = Level::info;
  std::optional<std::filesystem::path> file;  // also append to this file
};

// Logs go to stderr (stdout is kept for command output and --sql scripts). Safe to call more than once.
void init(const Settings& settings);

// Every message passes through driver::mask_secrets before it reaches a sink.
void write(Level level, std::string_view component, std::string_view message);

bool enabled(Level level);

inline void debug(std::string_view component, std::string_view message) {
  write(Level::debug, component, message);
}
inline void info(std::string_view component, std::string_view message) {
  write(Level::info, component, message);
}
inline void warning(std::string_view component, std::string_view message) {
  write(Level::warning, component, message);
}
inline void error(std::string_view component, std::string_view message) {
  write(Level::error, component, message);
}

}  // namespace godwit::core::log
