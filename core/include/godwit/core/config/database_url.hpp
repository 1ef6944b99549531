#pragma once

#include <string>
#include <string_view>

#include "godwit/core/config/config.hpp"

namespace godwit::core::config {

// The parts of a database URL the host itself needs: the scheme picks the driver; everything else is the
// driver's business. The password never reaches a message: use masked().
class DatabaseUrl {
 public:
  // Throws Error(config) naming the URL (masked) when it has no "scheme://".
  static DatabaseUrl parse(std::string_view url);

  const std::string& scheme() const noexcept { return scheme_; }
  const std::string& text() const noexcept { return text_; }
  // "postgresql://noah:secret@db/noah" -> "postgresql://noah:***@db/noah" (driver::SecretMasker).
  std::string masked() const;

 private:
  std::string text_;
  std::string scheme_;
};

// Registers the configured database password with the process-wide driver::SecretMasker, so that it is
// masked wherever it appears in what godwit stores, logs or prints: the password of the URL in use, of
// DATABASE_URL, and DATABASE_PASSWORD, each as written and percent-decoded. Call once at start-up.
void register_database_secrets(const Config& config, const Environment& environment);

// Percent-encodes a URL component (user, password, database name) built from environment variables.
std::string percent_encode(std::string_view component);

}  // namespace godwit::core::config
