#include "godwit/core/runner/driver_errors.hpp"

namespace godwit::core::runner {

Error database_error(const std::string& context, const std::exception& error) {
  std::string message = context.empty() ? std::string(error.what()) : context + ": " + error.what();
  if (const auto* lost = dynamic_cast<const ConnectionLost*>(&error)) {
    (void)lost;
    return Error(ErrorCategory::database, message + " (the connection to the database was lost)");
  }
  if (const auto* db = dynamic_cast<const DatabaseError*>(&error)) {
    if (!db->sqlstate().empty()) message += " [SQLSTATE " + db->sqlstate() + "]";
    return Error(ErrorCategory::database, message);
  }
  return Error(ErrorCategory::database, message);
}

}  // namespace godwit::core::runner
