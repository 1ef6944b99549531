#include "godwit/core/error.hpp"

namespace godwit::core {

const char* to_string(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::usage:
      return "usage";
    case ErrorCategory::config:
      return "config";
    case ErrorCategory::plugin:
      return "plugin";
    case ErrorCategory::graph:
      return "graph";
    case ErrorCategory::database:
      return "database";
    case ErrorCategory::revision:
      return "revision";
    case ErrorCategory::lock:
      return "lock";
    case ErrorCategory::offline:
      return "offline";
    case ErrorCategory::state:
      return "state";
    case ErrorCategory::interrupted:
      return "interrupted";
  }
  return "unknown";
}

}  // namespace godwit::core
