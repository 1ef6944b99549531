#pragma once

#include <string>
#include <vector>

#include "godwit/core/config/config.hpp"

namespace godwit::core::app {

// For an application's own /health endpoint: can it reach its database, and is the schema at the head of
// the project's revisions? Link godwit_core and call check_health with the project's configuration.
struct HealthReport {
  bool reachable = false;
  bool at_head = false;
  std::vector<std::string> current;
  std::vector<std::string> pending;
  std::string error;  // why not reachable / not at head; empty when healthy

  bool healthy() const { return reachable && at_head; }
  // {"healthy":true,"reachable":true,"at_head":true,"current":[...],"pending":[...],"error":""}
  std::string to_json() const;
};

// Never throws: every failure (bad config, bad plugin, unreachable database) is reported in the result.
HealthReport check_health(const config::Config& config) noexcept;

}  // namespace godwit::core::app
