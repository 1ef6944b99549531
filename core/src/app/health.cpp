#include "godwit/core/app/health.hpp"

#include "godwit/core/app/database_state.hpp"
#include "godwit/driver/secret_masker.hpp"

namespace godwit::core::app {

namespace {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json_string(items[i]);
  return out + "]";
}

}  // namespace

std::string HealthReport::to_json() const {
  return std::string("{\"healthy\":") + (healthy() ? "true" : "false") +
         ",\"reachable\":" + (reachable ? "true" : "false") + ",\"at_head\":" + (at_head ? "true" : "false") +
         ",\"current\":" + json_list(current) + ",\"pending\":" + json_list(pending) +
         ",\"error\":" + json_string(driver::mask_secrets(error)) + "}";
}

HealthReport check_health(const config::Config& config) noexcept {
  HealthReport report;
  try {
    auto project = Project::open(config);
    auto database = Database::connect(config);
    report.reachable = true;
    const DatabaseState state = read_database_state(*project, *database);
    report.current = state.heads;
    for (const auto* revision : state.pending) report.pending.push_back(revision->id());
    report.at_head = state.at_head();
    report.error = state.not_at_head_reason();
  } catch (const std::exception& e) {
    report.error = driver::mask_secrets(e.what());
  }
  return report;
}

}  // namespace godwit::core::app
