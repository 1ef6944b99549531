#include "godwit/core/runner/driver_errors.hpp"

namespace godwit::core::runner {

Error database_error(const std::string& context, const std::exception& error) {
  std::string message = context.empty() ? std::string(error.what()) : context + ": " + error.what();
  const auto* db = dynamic_cast<const DatabaseError*>(&error);
  // A lost connection keeps its SQLSTATE too: 57P01 (terminated by an administrator) and 08006 (the
  // network) call for different actions.
  if (db != nullptr) message += error_code_suffix(db->sqlstate());
  if (dynamic_cast<const ConnectionLost*>(&error) != nullptr)
    message += " (the connection to the database was lost)";
  return Error(ErrorCategory::database, message);
}

}  // namespace godwit::core::runner
