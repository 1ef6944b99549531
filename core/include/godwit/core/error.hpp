#pragma once

#include <stdexcept>
#include <string>

namespace godwit::core {

// Why an operation ended. The category decides the exit code (usage and config errors exit 2,
// everything else 1) and lets callers react without parsing messages.
enum class ErrorCategory {
  usage,     // bad command line or target syntax
  config,    // bad godwit.yaml, environment or URL
  plugin,    // a plugin file that cannot be trusted or loaded
  graph,     // a broken revision graph or an unresolvable target
  database,  // the database refused or the connection broke
  revision,  // revision code threw
  lock,      // another runner holds the migration lock past the timeout
  offline,   // an operation that needs a live database was asked for in --sql mode
  state,  // the database's recorded state does not allow the operation (e.g. failed non-transactional step)
  interrupted,  // a signal (SIGINT, SIGTERM, SIGHUP) asked the run to stop; exits 128 + the signal
};

const char* to_string(ErrorCategory category) noexcept;

// The one project error type. Messages are complete sentences fit for a user: they name the file,
// revision, URL (password masked) or key at fault. Context is prepended as the error bubbles up.
class Error : public std::runtime_error {
 public:
  Error(ErrorCategory category, const std::string& message)
      : std::runtime_error(message), category_(category) {}

  // A run stopped by `signal`: exits 128 + signal, as a shell reports a process the signal ended.
  static Error interrupted(int signal, const std::string& message) {
    Error error(ErrorCategory::interrupted, message);
    error.signal_ = signal;
    return error;
  }

  ErrorCategory category() const noexcept { return category_; }
  int exit_code() const noexcept {
    if (category_ == ErrorCategory::interrupted) return 128 + signal_;
    return category_ == ErrorCategory::usage || category_ == ErrorCategory::config ? 2 : 1;
  }

  // Returns a copy whose message reads "<original message><detail>".
  Error with_detail(const std::string& detail) const {
    Error error(category_, what() + detail);
    error.signal_ = signal_;
    return error;
  }

  // Returns a copy whose message reads "<context>: <original message>".
  Error with_context(const std::string& context) const {
    Error error(category_, context + ": " + what());
    error.signal_ = signal_;
    return error;
  }

 private:
  ErrorCategory category_;
  int signal_ = 0;  // interrupted: the signal that asked to stop
};

// " [SQLSTATE 23505]" for a standard five-character code, " [SQLITE_BUSY]" for a database's own code name,
// "" for none: how every message shows DatabaseError::sqlstate().
inline std::string error_code_suffix(const std::string& code) {
  if (code.empty()) return std::string();
  bool standard = code.size() == 5;
  for (char c : code) standard = standard && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
  return standard ? " [SQLSTATE " + code + "]" : " [" + code + "]";
}

}  // namespace godwit::core
