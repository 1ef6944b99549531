#pragma once

// Lexical scanning of SQLite SQL text, enough to tell code from what is not code: string literals ('...',
// X'...'), quoted identifiers ("...", `...`, [...]) and comments (-- to the end of the line, /* ... */,
// which SQLite does not nest). Pure string work.

#include <cstddef>
#include <string_view>

namespace godwit::sqlite {

// When sql[pos] starts a literal, a quoted identifier or a comment: the index just past its end (the end of
// the text when it is unterminated). Otherwise `pos`.
std::size_t skip_non_code(std::string_view sql, std::size_t pos);

// Whether `sql` holds nothing but whitespace, comments and semicolons.
bool only_space_and_comments(std::string_view sql);

// A character that continues an identifier (SQLite also allows '$' after the first character).
bool is_identifier_char(char c);

}  // namespace godwit::sqlite
