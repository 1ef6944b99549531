#include "errors.hpp"

#include <cctype>
#include <optional>
#include <pqxx/except>

#include "godwit/driver/secret_masker.hpp"
#include "godwit/driver/statement_note.hpp"
#include "godwit/errors.hpp"

namespace godwit::pg {
namespace {

constexpr std::string_view kSeverities[] = {"ERROR:  ", "FATAL:  ", "PANIC:  ", "WARNING:  "};

std::string_view strip_severity(std::string_view line) {
  for (std::string_view severity : kSeverities)
    if (line.substr(0, severity.size()) == severity) return line.substr(severity.size());
  return line;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n'))
    text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// The value of a "LABEL:  text" line of a server error report, or empty.
std::string_view field_line(std::string_view what, std::string_view label) {
  std::size_t pos = 0;
  while (pos < what.size()) {
    const std::size_t end = std::min(what.find('\n', pos), what.size());
    const std::string_view line = what.substr(pos, end - pos);
    if (line.substr(0, label.size()) == label) return trim(line.substr(label.size()));
    pos = end + 1;
  }
  return {};
}

bool connection_gone(std::string_view sqlstate) {
  return sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || sqlstate.substr(0, 2) == "08";
}

std::string statement_of(const ErrorScope& scope, const std::string& fallback) {
  return scope.statement.empty() ? fallback : std::string(scope.statement);
}

// libpq's rendering of PG_DIAG_STATEMENT_POSITION: "LINE 3: ...text..." and, below it, '^' under the
// character at fault (psql shows the same two lines).
struct RenderedPosition {
  std::size_t line = 0;
  std::string_view fragment;  // the statement's line as libpq shows it, "..." where it cut it
  std::size_t caret = 0;      // column of '^', counted from the start of "LINE"
  std::size_t prefix = 0;     // length of "LINE 3: "
};

std::optional<RenderedPosition> rendered_position(std::string_view what) {
  for (std::size_t pos = 0; pos < what.size();) {
    const std::size_t end = std::min(what.find('\n', pos), what.size());
    const std::string_view line = what.substr(pos, end - pos);
    pos = end + 1;
    std::size_t digits = 5;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
    if (line.substr(0, 5) != "LINE " || digits == 5 || line.substr(digits, 2) != ": ") continue;
    const std::string_view below = what.substr(std::min(pos, what.size()));
    const std::size_t caret = below.find('^');
    if (caret == std::string_view::npos || below.find_first_not_of(' ') != caret) return std::nullopt;
    return RenderedPosition{std::stoul(std::string(line.substr(5, digits - 5))), line.substr(digits + 2),
                            caret, digits + 2};
  }
  return std::nullopt;
}

// The statement's 1-based character at the caret, or 0 when it cannot be told for sure: libpq counts screen
// columns, which are bytes only in ASCII text, and turns tabs into spaces.
std::size_t character_at(const RenderedPosition& p, std::string_view statement) {
  std::size_t line_start = 0;
  for (std::size_t n = 1; n < p.line; ++n) {  // libpq ends lines at "\r\n", "\r" and "\n"
    const std::size_t eol = statement.find_first_of("\r\n", line_start);
    if (eol == std::string_view::npos) return 0;
    line_start = eol + (statement.substr(eol, 2) == "\r\n" ? 2 : 1);
  }
  std::string line(statement.substr(line_start, statement.find_first_of("\r\n", line_start) - line_start));
  for (char& c : line) {
    if (static_cast<unsigned char>(c) >= 0x80) return 0;
    if (c == '\t') c = ' ';
  }
  std::string_view fragment = p.fragment;
  const bool cut_left = fragment.substr(0, 3) == "...";
  if (cut_left) fragment.remove_prefix(3);
  const std::size_t shown_from = p.prefix + (cut_left ? 3 : 0);
  if (p.caret < shown_from) return 0;
  const std::size_t offset = p.caret - shown_from;
  const bool cut_right = fragment.size() >= 3 && fragment.substr(fragment.size() - 3) == "...";
  for (const std::string_view shown :
       {fragment, cut_right ? fragment.substr(0, fragment.size() - 3) : fragment}) {
    const std::size_t at =
        cut_left ? line.find(shown) : (line.compare(0, shown.size(), shown) == 0 ? 0 : line.npos);
    if (at != std::string::npos && offset <= shown.size()) return line_start + at + offset + 1;
  }
  return 0;
}

}  // namespace

std::string statement_note(std::string_view what, std::string_view statement) {
  const auto position = rendered_position(what);
  if (!position) return driver::statement_note(statement, 0);
  // The excerpt may not reach the fault: then libpq's view of the line at fault is shown as well.
  if (const std::size_t character = character_at(*position, statement); character != 0)
    return driver::statement_note(statement, character, position->fragment);
  if (statement.empty()) return {};
  return " at line " + std::to_string(position->line) +
         driver::statement_note(statement, 0, position->fragment);
}

std::string server_message(std::string_view what) {
  std::string_view body = trim(what);
  const std::string_view first = strip_severity(trim(body.substr(0, body.find('\n'))));
  std::string out(first);
  if (const std::string_view detail = field_line(body, "DETAIL:"); !detail.empty())
    out.append(" (").append(detail).append(")");
  if (const std::string_view context = field_line(body, "CONTEXT:"); context.substr(0, 5) == "COPY ")
    out.append(" [").append(context).append("]");
  return out;
}

void rethrow_translated(const ErrorScope& scope) {
  const auto clean = [](std::string_view what) { return driver::mask_secrets(server_message(what)); };
  const std::string url(scope.display_url);
  try {
    throw;
  } catch (const godwit::Error&) {
    throw;
  } catch (const pqxx::broken_connection& e) {
    throw ConnectionLost(
        "lost the connection to " + url + ": " + clean(e.what()) + " — reconnect and check the server log",
        "08006", std::string(scope.statement));
  } catch (const pqxx::in_doubt_error& e) {
    throw ConnectionLost("the connection to " + url +
                             " broke during COMMIT: whether the transaction committed is unknown — check the "
                             "database before retrying (" +
                             clean(e.what()) + ")",
                         "08007", std::string(scope.statement));
  } catch (const pqxx::statement_completion_unknown& e) {
    throw ConnectionLost(
        "the connection to " + url + " broke before the statement's outcome was known: " + clean(e.what()),
        "40003", std::string(scope.statement));
  } catch (const pqxx::serialization_failure& e) {
    throw DatabaseError(clean(e.what()), "40001", std::string(scope.statement));
  } catch (const pqxx::deadlock_detected& e) {
    throw DatabaseError(clean(e.what()), "40P01", std::string(scope.statement));
  } catch (const pqxx::transaction_rollback& e) {
    throw DatabaseError(clean(e.what()), "40000", std::string(scope.statement));
  } catch (const pqxx::sql_error& e) {
    const std::string raw_statement = statement_of(scope, e.query());
    const std::string statement = driver::mask_secrets(raw_statement);
    if (connection_gone(e.sqlstate()))
      throw ConnectionLost("lost the connection to " + url + ": " + clean(e.what()), e.sqlstate(), statement);
    // The position counts characters of the statement as sent: masked only once the note is built.
    throw DatabaseError(
        driver::mask_secrets(server_message(e.what()) + statement_note(e.what(), raw_statement)),
        e.sqlstate(), statement);
  } catch (const pqxx::pqxx_exception& e) {
    throw Error(clean(e.base().what()) + " (on " + url + ")");
  }
}

}  // namespace godwit::pg
