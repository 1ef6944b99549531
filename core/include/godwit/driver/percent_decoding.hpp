#pragma once

// URL percent-decoding (RFC 3986 %XX), the one implementation for the masker (which must find a password
// however it was written) and for each driver's URL parser (which must refuse a malformed one). Header-only:
// drivers do not link the core.

#include <string>
#include <string_view>

namespace godwit::driver {

struct PercentDecoded {
  std::string text;  // every %XX decoded; a '%' without two hex digits after it kept as written
  std::size_t first_malformed = std::string_view::npos;  // the byte offset of the first such '%'

  bool well_formed() const noexcept { return first_malformed == std::string_view::npos; }
};

inline int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline PercentDecoded percent_decode(std::string_view text) {
  PercentDecoded out;
  out.text.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int high = text[i] == '%' && i + 2 < text.size() ? hex_digit_value(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_digit_value(text[i + 2]) : -1;
    if (low < 0) {
      if (text[i] == '%' && out.well_formed()) out.first_malformed = i;
      out.text += text[i];
      continue;
    }
    out.text += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

}  // namespace godwit::driver
