#pragma once

// How a driver's error message points at the failing statement: " at character N in statement: <excerpt>".
// The SDK's error channel carries only the message across the plugin boundary, so the message itself must
// let a user find the fault. Header-only: drivers do not link the core.

#include <string>
#include <string_view>

namespace godwit::driver {

// Enough of a statement to recognise it; the rest is in the revision's source.
inline constexpr std::size_t kStatementExcerpt = 300;

// The statement on one line (runs of whitespace as one space), cut after `limit` bytes on a UTF-8 character
// boundary with " ..." appended; `cut` tells whether it was.
inline std::string statement_excerpt(std::string_view statement, bool& cut,
                                     std::size_t limit = kStatementExcerpt) {
  std::string out;
  for (char c : statement) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  cut = out.size() > limit;
  if (!cut) return out;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;
  return out.substr(0, end) + " ...";
}

// The 1-based character (UTF-8 code point) of `statement` at byte `offset`.
inline std::size_t character_at_byte(std::string_view statement, std::size_t offset) {
  std::size_t character = 1;
  for (std::size_t i = 0; i < offset && i < statement.size(); ++i)
    if ((static_cast<unsigned char>(statement[i]) & 0xC0) != 0x80) ++character;
  return character;
}

// " at character N in statement: <excerpt>", or " in statement: <excerpt>" when `character` is 0
// (unknown). `near`, the statement's text at the fault, is added when the excerpt does not reach it.
// Empty for an empty statement.
inline std::string statement_note(std::string_view statement, std::size_t character,
                                  std::string_view near = {}) {
  if (statement.empty()) return {};
  bool cut = false;
  const std::string shown = statement_excerpt(statement, cut);
  std::string note = character != 0 ? " at character " + std::to_string(character) : std::string();
  note += " in statement: " + shown;
  if (cut && !near.empty() && (character == 0 || character > kStatementExcerpt))
    note += " (near: " + std::string(near) + ")";
  return note;
}

}  // namespace godwit::driver
