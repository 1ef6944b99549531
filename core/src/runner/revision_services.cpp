#include "godwit/core/runner/revision_services.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "godwit/core/log/logging.hpp"

namespace godwit::core::runner {

namespace {

log::Level to_log_level(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return log::Level::debug;
    case LogLevel::info:
      return log::Level::info;
    case LogLevel::warning:
      return log::Level::warning;
    case LogLevel::error:
      return log::Level::error;
  }
  return log::Level::info;
}

std::string percent(std::uint64_t done, std::uint64_t total) {
  if (total == 0) return "";
  const double ratio = static_cast<double>(done) / static_cast<double>(total);
  return std::to_string(static_cast<int>(ratio * 100.0 + 0.5)) + "%";
}

}  // namespace

RevisionServices::RevisionServices(std::string revision_id, const std::map<std::string, std::string>& options,
                                   bool terminal)
    : revision_id_(std::move(revision_id)), options_(options), terminal_(terminal) {}

RevisionServices::~RevisionServices() {
  clear_bar();
}

bool RevisionServices::stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

void RevisionServices::log(LogLevel level, std::string_view message) {
  clear_bar();
  log::write(to_log_level(level), "revision." + revision_id_, message);
}

std::optional<std::string> RevisionServices::option(std::string_view key) const {
  auto it = options_.find(std::string(key));
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

void RevisionServices::progress(std::uint64_t done, std::uint64_t total, std::string_view label) {
  const auto now = Clock::now();
  const bool finished = total != 0 && done >= total;
  const auto interval = terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
  if (!finished && now - last_report_ < interval) return;
  last_report_ = now;
  if (terminal_) {
    draw_bar(done, total, label);
    if (finished) clear_bar();
    return;
  }
  std::string line = std::string(label) + ": " + std::to_string(done);
  if (total != 0) line += "/" + std::to_string(total) + " (" + percent(done, total) + ")";
  log::info("revision." + revision_id_, line);
}

void RevisionServices::draw_bar(std::uint64_t done, std::uint64_t total, std::string_view label) {
  constexpr int width = 30;
  std::string bar;
  if (total != 0) {
    const auto filled = static_cast<int>(width * std::min<double>(1.0, static_cast<double>(done) / total));
    bar =
        "[" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " + percent(done, total) + " ";
  }
  std::string line = "\r" + bar + std::string(label) + " " + std::to_string(done);
  if (total != 0) line += "/" + std::to_string(total);
  std::fprintf(stderr, "%s\033[K", line.c_str());
  std::fflush(stderr);
  bar_visible_ = true;
}

void RevisionServices::clear_bar() {
  if (!bar_visible_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  bar_visible_ = false;
}

}  // namespace godwit::core::runner
