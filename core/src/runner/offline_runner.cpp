#include "godwit/core/runner/offline_runner.hpp"

#include "godwit/core/graph/revision.hpp"
#include "godwit/core/runner/offline_context.hpp"
#include "godwit/core/runner/revision_services.hpp"
#include "godwit/core/runner/step_text.hpp"
#include "godwit/core/runner/version_table.hpp"

namespace godwit::core::runner {

namespace {

Direction sdk_direction(graph::Direction direction) {
  return direction == graph::Direction::upgrade ? Direction::upgrade : Direction::downgrade;
}

void render_step(ScriptWriter& writer, const graph::Step& step, const VersionTable& versions,
                 RevisionSource& revisions, const OfflineSettings& settings) {
  const std::string& id = step.revision->id();
  writer.comment(describe_step(step));
  RevisionServices services(id, settings.options, false);
  OfflineContext context(id, sdk_direction(step.direction), writer, services);
  revisions.run(id, context.direction(), context);
  versions.apply(writer, step.version_changes);
}

}  // namespace

void render_plan(ScriptWriter& writer, const graph::Plan& plan, const std::vector<std::string>& start_heads,
                 const TableNames& names, RevisionSource& revisions, const OfflineSettings& settings) {
  const VersionTable versions(names, writer.dialect());
  const bool whole_run = !settings.transaction_per_revision;
  bool open = false;
  auto begin = [&] {
    if (!open) writer.begin();
    open = true;
  };
  auto commit = [&] {
    if (open) writer.commit();
    open = false;
  };
  if (whole_run) begin();
  if (start_heads.empty()) {
    begin();
    versions.create(writer);
    if (!whole_run) commit();
  }
  for (const auto& step : plan.steps) {
    if (!revisions.transactional(step.revision->id())) {
      commit();
      writer.comment("non-transactional: runs outside a transaction block");
      render_step(writer, step, versions, revisions, settings);
      if (whole_run) begin();
      continue;
    }
    begin();
    render_step(writer, step, versions, revisions, settings);
    if (!whole_run) commit();
  }
  commit();
}

void render_stamp(ScriptWriter& writer, const std::vector<graph::VersionChange>& changes,
                  const std::vector<std::string>& start_heads, const TableNames& names) {
  const VersionTable versions(names, writer.dialect());
  writer.begin();
  if (start_heads.empty()) versions.create(writer);
  versions.apply(writer, changes);
  writer.commit();
}

}  // namespace godwit::core::runner
