#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godwit::core::plugin {

// One revision as declared by GODWIT_REVISION, read from its plugin's metadata without loading it.
struct RevisionRecord {
  std::string id;
  std::vector<std::string> down_revisions;  // empty for a root; several for a merge point
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  std::string create_date;
  bool transactional = true;
  std::string entry;  // the exported entry function, "godwit_rev_<Ident>"
  // Where GODWIT_REVISION was written (generated line "source: FILE:LINE"): orders a bundle's revisions
  // by declaration. Empty for records built before the SDK wrote it.
  std::string source_file;
  std::size_t source_line = 0;
  // The SHA-256 (64 lowercase hex digits) of that source file at build time (generated line
  // "source_sha256: ..."), stamped by godwit_add_revision. Empty for a plugin built without it (SDK ABI 1.0,
  // or by hand): such a revision cannot be verified against what was applied.
  std::string source_checksum;

  friend bool operator==(const RevisionRecord& a, const RevisionRecord& b) {
    return a.id == b.id && a.down_revisions == b.down_revisions && a.branch_labels == b.branch_labels &&
           a.depends_on == b.depends_on && a.message == b.message && a.create_date == b.create_date &&
           a.transactional == b.transactional && a.entry == b.entry && a.source_file == b.source_file &&
           a.source_line == b.source_line && a.source_checksum == b.source_checksum;
  }
  friend bool operator!=(const RevisionRecord& a, const RevisionRecord& b) { return !(a == b); }
};

// Why `id` cannot be a revision id or branch label, or nullopt when it can: 1 to 32 characters, none of
// '@' '-' '+' ':' (the target syntax: "branch@head", "-1", "+2", "a:b"), ',' (the list separator),
// whitespace or control characters.
std::optional<std::string> revision_id_problem(std::string_view id);

// Parses a record's text: the "entry: godwit_rev_<Ident>" line GODWIT_REVISION writes (and the optional
// generated "source:" and "source_sha256:" lines after it), then the author's
// "key: value" lines. Keys: revision (required), down_revision, branch_labels, depends_on (comma-separated;
// empty or "None" means none), message, create_date, transactional (true/false, default true). Surrounding
// whitespace and blank lines are ignored. Throws godwit::core::Error(plugin) naming `file`, the revision (id
// when known, else its GODWIT_REVISION identifier) and the line of the author's META string at fault (line 1
// is the text right after the opening quote).
RevisionRecord parse_revision_metadata(std::string_view text, const std::string& file);

}  // namespace godwit::core::plugin
