#pragma once

#include <string>
#include <vector>

#include "godwit/core/app/database.hpp"
#include "godwit/core/app/project.hpp"

namespace godwit::core::app {

// One applied revision whose code cannot be shown to be the code that was applied.
struct RevisionFinding {
  enum class Kind {
    modified,      // its source checksum now differs from the one recorded when it was applied
    missing,       // the database has it applied, but no plugin declares it
    unverifiable,  // no source checksum was recorded for it (older godwit, stamp, Alembic), or none is known
  };
  Kind kind = Kind::unverifiable;
  std::string revision;
  std::string file;        // the plugin declaring it now; empty when missing
  std::string recorded;    // the source SHA-256 recorded by the newest applied upgrade; may be empty
  std::string current;     // the plugin's source SHA-256 now; may be empty
  std::string applied_at;  // when that upgrade started; empty when none is recorded
  std::string reason;      // for unverifiable: why

  bool failure() const { return kind != Kind::unverifiable; }
  // One line: "modified: revision 1a0001 (plugins/x.so): source sha256 1f2e3d4c5b6a when applied,
  // 9a8b7c6d5e4f now; ...what to do".
  std::string describe() const;
};

const char* kind_name(RevisionFinding::Kind kind);

struct Verification {
  std::size_t verified = 0;  // applied revisions whose source checksum matches
  std::vector<RevisionFinding> findings;

  bool failed() const;
  std::vector<RevisionFinding> failures() const;
};

// Compares every applied revision (the version table's rows and their ancestry, through down_revision and
// depends_on) with the newest "applied" upgrade of it in the history table. A revision is modified when
// both checksums are known and differ, or when one was recorded and the plugin now carries none; missing
// when a version-table row names a revision no plugin declares. The rest without a recorded checksum are
// unverifiable, never failures: a database migrated before godwit recorded checksums (or by Alembic) must
// not fail `check`. Reads only; creates nothing.
Verification verify_applied_revisions(Project& project, Database& database,
                                      const std::vector<std::string>& version_rows);

}  // namespace godwit::core::app
