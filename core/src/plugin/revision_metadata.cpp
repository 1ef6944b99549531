#include "godwit/core/plugin/revision_metadata.hpp"

#include <algorithm>
#include <array>

#include "godwit/core/error.hpp"
#include "godwit/core/text.hpp"

namespace godwit::core::plugin {
namespace {

using text::is_space;
using text::trim;

constexpr std::size_t kMaxIdLength = 32;
constexpr std::string_view kEntryPrefix = "godwit_rev_";
constexpr std::array<std::string_view, 7> kKeys = {"revision", "down_revision", "branch_labels", "depends_on",
                                                   "message",  "create_date",   "transactional"};
constexpr const char* kKnownKeys =
    "known keys: revision, down_revision, branch_labels, depends_on, message, create_date, transactional";

bool is_identifier(std::string_view text) {
  if (text.empty() || (text.front() >= '0' && text.front() <= '9')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
  return out;
}

struct Line {
  std::size_t number;  // within the author's META string
  std::string_view key;
  std::string_view value;
};

// Names the revision in messages: its id once known, and always the GODWIT_REVISION identifier.
struct Naming {
  const std::string& file;
  std::string ident;
  std::optional<std::string> id;

  [[noreturn]] void fail(std::size_t line, const std::string& reason) const {
    std::string where = file + ": ";
    where += id ? "revision " + *id + " (GODWIT_REVISION(" + ident + "))" : "GODWIT_REVISION(" + ident + ")";
    if (line > 0) where += ", metadata line " + std::to_string(line);
    throw Error(ErrorCategory::plugin, where + ": " + reason);
  }
};

std::vector<std::string> parse_list(const Line& line, const char* what, const Naming& naming) {
  std::vector<std::string> items;
  if (line.value.empty() || line.value == "None") return items;
  std::string_view rest = line.value;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    if (item.empty())
      naming.fail(line.number, std::string("empty item in ") + std::string(line.key) + " (a stray comma?)");
    if (auto problem = revision_id_problem(item))
      naming.fail(line.number, std::string(what) + " '" + std::string(item) + "' in " +
                                   std::string(line.key) + " is invalid: " + *problem);
    if (std::find(items.begin(), items.end(), item) != items.end())
      naming.fail(line.number, std::string(line.key) + " lists '" + std::string(item) + "' twice");
    items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return items;
}

bool parse_bool(const Line& line, const Naming& naming) {
  const std::string value = lower(line.value);
  if (value == "true") return true;
  if (value == "false") return false;
  naming.fail(line.number, "bad value '" + std::string(line.value) + "' for " + std::string(line.key) +
                               ": use true or false");
}

// Splits the author's lines; the first malformed, unknown or repeated line is remembered, not thrown, so
// the message can still name the revision id declared further down.
std::vector<Line> split_lines(std::string_view text,
                              std::optional<std::pair<std::size_t, std::string>>& first_error) {
  std::vector<Line> lines;
  auto note = [&](std::size_t number, std::string reason) {
    if (!first_error) first_error.emplace(number, std::move(reason));
  };
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const std::size_t newline = text.find('\n');
    const std::string_view raw = trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (raw.empty()) continue;
    const std::size_t colon = raw.find(':');
    const std::string_view key =
        colon == std::string_view::npos ? std::string_view{} : trim(raw.substr(0, colon));
    if (key.empty()) {
      note(number, "malformed line '" + std::string(raw) + "': expected 'key: value'");
      continue;
    }
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      note(number, "unknown key '" + std::string(key) + "' (" + kKnownKeys + ")");
      continue;
    }
    const auto earlier =
        std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.key == key; });
    if (earlier != lines.end()) {
      note(number, "duplicate key '" + std::string(key) + "' (first on line " +
                       std::to_string(earlier->number) + ")");
      continue;
    }
    lines.push_back(Line{number, key, trim(raw.substr(colon + 1))});
  }
  return lines;
}

// Consumes the generated "source: FILE:LINE" line that follows the entry line, when present.
void read_source_line(std::string_view& rest, RevisionRecord& record) {
  constexpr std::string_view kSourceKey = "source:";
  if (rest.substr(0, kSourceKey.size()) != kSourceKey) return;
  const std::size_t newline = rest.find('\n');
  const std::string_view location = trim(rest.substr(kSourceKey.size(), newline - kSourceKey.size()));
  rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  const std::size_t colon = location.rfind(':');
  if (colon == std::string_view::npos) return;
  record.source_file = std::string(location.substr(0, colon));
  std::size_t line = 0;
  for (char c : location.substr(colon + 1)) {
    if (c < '0' || c > '9') return;
    line = line * 10 + static_cast<std::size_t>(c - '0');
  }
  record.source_line = line;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Consumes the generated "source_sha256: HEX" line godwit_add_revision adds, when present. The value comes
// from the build, not the author, so a malformed one means a broken build: refuse it rather than record
// a checksum that can never match.
void read_source_checksum(std::string_view& rest, RevisionRecord& record, const std::string& file) {
  constexpr std::string_view kKey = "source_sha256:";
  if (rest.substr(0, kKey.size()) != kKey) return;
  const std::size_t newline = rest.find('\n');
  const std::string_view value = trim(rest.substr(kKey.size(), newline - kKey.size()));
  rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  if (!is_sha256_hex(value))
    throw Error(ErrorCategory::plugin, file + ": the generated source checksum '" + std::string(value) +
                                           "' is not 64 lowercase hex digits; rebuild the plugin with "
                                           "godwit_add_revision");
  record.source_checksum = std::string(value);
}

}  // namespace

std::optional<std::string> revision_id_problem(std::string_view id) {
  if (id.empty()) return std::string("it is empty");
  if (id.size() > kMaxIdLength)
    return "it is " + std::to_string(id.size()) + " characters long, at most " +
           std::to_string(kMaxIdLength) + " are allowed";
  for (char c : id) {
    if (c == '@' || c == '-' || c == '+' || c == ':' || c == ',')
      return std::string("it contains '") + c + "' (ids may not contain '@', '-', '+', ':' or ',')";
    if (is_space(c)) return std::string("it contains whitespace");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return std::string("it contains a control character");
  }
  return std::nullopt;
}

RevisionRecord parse_revision_metadata(std::string_view text, const std::string& file) {
  RevisionRecord record;
  const std::size_t first_newline = text.find('\n');
  const std::string_view entry_line = trim(text.substr(0, first_newline));
  constexpr std::string_view kEntryKey = "entry:";
  const std::string_view entry =
      entry_line.substr(0, kEntryKey.size()) == kEntryKey ? trim(entry_line.substr(kEntryKey.size())) : "";
  if (entry.substr(0, kEntryPrefix.size()) != kEntryPrefix ||
      !is_identifier(entry.substr(kEntryPrefix.size())))
    throw Error(ErrorCategory::plugin,
                file +
                    ": a revision record does not start with its 'entry: godwit_rev_<Ident>' "
                    "line; rebuild the plugin with GODWIT_REVISION");
  record.entry = std::string(entry);
  Naming naming{file, std::string(entry.substr(kEntryPrefix.size())), std::nullopt};

  std::string_view rest = first_newline == std::string_view::npos ? "" : text.substr(first_newline + 1);
  read_source_line(rest, record);
  read_source_checksum(rest, record, file);
  std::optional<std::pair<std::size_t, std::string>> first_error;
  const std::vector<Line> lines = split_lines(rest, first_error);
  const auto revision =
      std::find_if(lines.begin(), lines.end(), [](const Line& l) { return l.key == "revision"; });
  if (revision != lines.end() && !revision_id_problem(revision->value))
    naming.id = std::string(revision->value);
  if (first_error) naming.fail(first_error->first, first_error->second);
  if (revision == lines.end())
    naming.fail(0, "the metadata has no 'revision:' line; every revision needs an id");

  for (const Line& line : lines) {
    if (line.key == "revision") {
      if (auto problem = revision_id_problem(line.value))
        naming.fail(line.number, "revision id '" + std::string(line.value) + "' is invalid: " + *problem +
                                     "; ids are 1 to 32 characters");
      record.id = std::string(line.value);
    } else if (line.key == "down_revision") {
      record.down_revisions = parse_list(line, "revision id", naming);
    } else if (line.key == "branch_labels") {
      record.branch_labels = parse_list(line, "branch label", naming);
    } else if (line.key == "depends_on") {
      record.depends_on = parse_list(line, "dependency", naming);
    } else if (line.key == "message") {
      record.message = std::string(line.value);
    } else if (line.key == "create_date") {
      record.create_date = std::string(line.value);
    } else if (line.key == "transactional") {
      record.transactional = parse_bool(line, naming);
    }
  }
  return record;
}

}  // namespace godwit::core::plugin
