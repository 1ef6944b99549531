#pragma once

#include <string>

#include "godwit/context.hpp"
#include "godwit/core/error.hpp"

namespace godwit::core::plugin {

// A revision's upgrade or downgrade failed inside its plugin. Keeps what the plugin reported at the
// boundary (godwit::detail::FailureSink), copied into the host: kind ("database", "connection", "offline",
// "irreversible", "exception"), SQLSTATE and the original message. Category: database for "database" and
// "connection", offline for "offline", revision otherwise. what() reads
// "revision 1975ea83b712 (upgrade) failed: relation "t" does not exist [SQLSTATE 42P01]".
class RevisionFailure : public godwit::core::Error {
 public:
  RevisionFailure(std::string revision_id, godwit::Direction direction, std::string kind,
                  std::string sqlstate, std::string reason);

  const std::string& revision_id() const noexcept { return revision_id_; }
  godwit::Direction direction() const noexcept { return direction_; }
  const std::string& kind() const noexcept { return kind_; }
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  // The plugin's own message, without the "revision X (upgrade) failed: " prefix.
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string revision_id_;
  godwit::Direction direction_;
  std::string kind_;
  std::string sqlstate_;
  std::string reason_;
};

}  // namespace godwit::core::plugin
