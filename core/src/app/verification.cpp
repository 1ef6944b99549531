#include "godwit/core/app/verification.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "godwit/core/runner/history_table.hpp"

namespace godwit::core::app {
namespace {

std::string short_sum(const std::string& sum) {
  return sum.empty() ? "(none)" : sum.substr(0, 12);
}

// The newest applied upgrade of each revision: what the database holds of it. History reads newest first.
std::unordered_map<std::string, runner::HistoryEntry> applied_upgrades(Database& database) {
  const runner::HistoryTable history(database.tables(), database.dialect());
  std::unordered_map<std::string, runner::HistoryEntry> newest;
  const auto all = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  for (auto& entry : history.read(database.work(), all))
    if (entry.direction == "upgrade" && entry.outcome == runner::outcome::applied)
      newest.emplace(entry.revision, std::move(entry));
  return newest;
}

// The version rows' revisions and everything they were built on: what an upgrade to them has applied.
std::vector<const graph::Revision*> applied_revisions(const graph::RevisionGraph& graph,
                                                      const std::vector<std::string>& rows) {
  std::vector<const graph::Revision*> pending;
  for (const auto& id : rows)
    if (const auto* revision = graph.find(id)) pending.push_back(revision);
  std::unordered_set<const graph::Revision*> seen(pending.begin(), pending.end());
  std::vector<const graph::Revision*> applied;
  while (!pending.empty()) {
    const graph::Revision* revision = pending.back();
    pending.pop_back();
    applied.push_back(revision);
    std::vector<const graph::Revision*> below = revision->parents();
    for (const auto& id : revision->depends_on()) below.push_back(&graph.get(id));
    for (const auto* next : below)
      if (seen.insert(next).second) pending.push_back(next);
  }
  std::sort(applied.begin(), applied.end(), [](auto* a, auto* b) { return a->index() < b->index(); });
  return applied;
}

std::optional<RevisionFinding> compare(const graph::Revision& revision, const std::string& current,
                                       const runner::HistoryEntry* applied) {
  RevisionFinding finding;
  finding.revision = revision.id();
  finding.file = revision.source();
  finding.current = current;
  if (applied) {
    finding.recorded = applied->source_checksum;
    finding.applied_at = applied->started_at;
  }
  if (!applied) {
    finding.reason = "no applied upgrade in the history table (stamped, or applied by another tool)";
  } else if (finding.recorded.empty()) {
    finding.reason =
        "no source checksum recorded when it was applied (by an older godwit, or from a plugin "
        "built without godwit_add_revision)";
  } else if (finding.recorded == current) {
    return std::nullopt;
  } else {
    finding.kind = RevisionFinding::Kind::modified;
  }
  return finding;
}

}  // namespace

const char* kind_name(RevisionFinding::Kind kind) {
  switch (kind) {
    case RevisionFinding::Kind::modified:
      return "modified";
    case RevisionFinding::Kind::missing:
      return "missing";
    case RevisionFinding::Kind::unverifiable:
      break;
  }
  return "unverifiable";
}

std::string RevisionFinding::describe() const {
  const std::string head = std::string(kind_name(kind)) + ": revision " + revision;
  if (kind == Kind::missing)
    return head + " (no plugin file): applied (source sha256 " + short_sum(recorded) +
           ") but no plugin declares it; restore its plugin, or downgrade from a build that still has it";
  const std::string where = head + " (" + file + "): ";
  if (kind == Kind::unverifiable) return where + reason + "; source sha256 now " + short_sum(current);
  const std::string sums =
      "source sha256 " + short_sum(recorded) + " when applied, " + short_sum(current) + " now";
  if (current.empty())
    return where + sums +
           " (the plugin was built without godwit_add_revision); rebuild it with "
           "godwit_add_revision, from the source that was applied";
  return where + sums +
         ": its source was edited after it was applied; restore the applied source and put the change in a "
         "new revision";
}

bool Verification::failed() const {
  return std::any_of(findings.begin(), findings.end(), [](const auto& f) { return f.failure(); });
}

std::vector<RevisionFinding> Verification::failures() const {
  std::vector<RevisionFinding> out;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
               [](auto& f) { return f.failure(); });
  return out;
}

Verification verify_applied_revisions(Project& project, Database& database,
                                      const std::vector<std::string>& version_rows) {
  const auto upgrades = applied_upgrades(database);
  const auto recorded = [&](const std::string& id) {
    const auto it = upgrades.find(id);
    return it == upgrades.end() ? nullptr : &it->second;
  };
  Verification result;
  for (const auto& id : version_rows) {
    if (project.graph().find(id)) continue;
    RevisionFinding missing;
    missing.kind = RevisionFinding::Kind::missing;
    missing.revision = id;
    if (const auto* applied = recorded(id)) {
      missing.recorded = applied->source_checksum;
      missing.applied_at = applied->started_at;
    }
    result.findings.push_back(std::move(missing));
  }
  for (const auto* revision : applied_revisions(project.graph(), version_rows)) {
    const std::string current = project.revisions().source_checksum(revision->id());
    if (auto finding = compare(*revision, current, recorded(revision->id())))
      result.findings.push_back(std::move(*finding));
    else
      ++result.verified;
  }
  return result;
}

}  // namespace godwit::core::app
