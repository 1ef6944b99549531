#pragma once

// The debug log's line for one timed statement (`godwit -v`), shared by the host's own bookkeeping
// statements and the statements a driver runs for revisions, so both read alike. Header-only: drivers do
// not link the core.
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace godwit::driver {

// "statement (0.4 ms): CREATE TABLE ..." (or "statement failed (...)"), the SQL cut after `shown`
// characters: a data migration may send megabytes in one statement.
inline std::string timed_statement_line(std::string_view sql, std::chrono::steady_clock::duration took,
                                        bool succeeded, std::size_t shown) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1f ms", static_cast<double>(micros) / 1000.0);
  std::string line = std::string(succeeded ? "statement (" : "statement failed (") + duration + "): ";
  line.append(sql.substr(0, shown));
  if (sql.size() > shown) line += " ...";
  return line;
}

}  // namespace godwit::driver
