#pragma once

#include <string>
#include <string_view>

namespace godwit::core::config {

// The parts of a database URL the host itself needs: the scheme picks the driver; everything else is the
// driver's business. The password never reaches a message: use masked().
class DatabaseUrl {
 public:
  // Throws Error(config) naming the URL (masked) when it has no "scheme://".
  static DatabaseUrl parse(std::string_view url);

  const std::string& scheme() const noexcept { return scheme_; }
  const std::string& text() const noexcept { return text_; }
  std::string masked() const { return mask_password(text_); }

  // "postgresql://noah:secret@db/noah" -> "postgresql://noah:***@db/noah"; text without a password is
  // returned unchanged. Also masks "password=..." in key/value connection strings.
  static std::string mask_password(std::string_view text);

 private:
  std::string text_;
  std::string scheme_;
};

// Percent-encodes a URL component (user, password, database name) built from environment variables.
std::string percent_encode(std::string_view component);

}  // namespace godwit::core::config
