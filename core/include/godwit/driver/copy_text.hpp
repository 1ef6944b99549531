#pragma once

#include <string>
#include <string_view>

#include "godwit/copy.hpp"

namespace godwit::driver {

// Appends one field in PostgreSQL's COPY text format: \N for NULL, and backslash, tab, newline and
// carriage return escaped. Shared by the PostgreSQL driver and the host's offline script writer.
inline void append_copy_field(std::string& out, const Field& field) {
  if (field.is_null()) {
    out += "\\N";
    return;
  }
  for (char c : field.text()) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

// Appends a whole row, tab-separated, ending with a newline.
inline void append_copy_row(std::string& out, const Field* fields, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) out += '\t';
    append_copy_field(out, fields[i]);
  }
  out += '\n';
}

}  // namespace godwit::driver
