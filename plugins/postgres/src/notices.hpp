#pragma once

// Server notices (RAISE NOTICE, "relation ... already exists, skipping") go to the host's log while a
// revision's Context is open, and are dropped otherwise, instead of libpq's default of printing to stderr.

#include <pqxx/connection_base>
#include <pqxx/errorhandler>
#include <string_view>
#include <utility>

#include "godwit/driver/driver.hpp"

namespace godwit::pg {

class NoticeForwarder final : public pqxx::errorhandler {
 public:
  explicit NoticeForwarder(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}

  driver::HostServices* target() const noexcept { return host_; }
  void set_target(driver::HostServices* host) noexcept { host_ = host; }

  // A FATAL message the server sent while the session was idle (pg_terminate_backend, a shutdown): the
  // session is ending, though the end of file may not have arrived yet.
  bool session_ended() const noexcept { return session_ended_; }

  bool operator()(const char message[]) noexcept override {
    if (message != nullptr && std::string_view(message).substr(0, 6) == "FATAL:") session_ended_ = true;
    if (host_ == nullptr || message == nullptr) return false;
    std::string_view text(message);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    const LogLevel level = strip_severity(text);
    try {
      host_->log(level, text);
    } catch (...) {
      // A notice must never turn into an error of the statement that raised it.
    }
    return false;  // handled: do not pass it on to older handlers
  }

 private:
  // "WARNING:  text" -> "text", at the matching level (the level carries the severity).
  static LogLevel strip_severity(std::string_view& text) {
    static constexpr std::pair<std::string_view, LogLevel> kPrefixes[] = {{"WARNING:", LogLevel::warning},
                                                                          {"NOTICE:", LogLevel::info},
                                                                          {"INFO:", LogLevel::info},
                                                                          {"DEBUG:", LogLevel::debug},
                                                                          {"LOG:", LogLevel::debug}};
    for (const auto& [prefix, level] : kPrefixes) {
      if (text.substr(0, prefix.size()) != prefix) continue;
      text.remove_prefix(prefix.size());
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
      return level;
    }
    return LogLevel::info;
  }

  driver::HostServices* host_ = nullptr;
  bool session_ended_ = false;
};

}  // namespace godwit::pg
