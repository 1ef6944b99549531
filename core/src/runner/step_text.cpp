#include "godwit/core/runner/step_text.hpp"

#include "godwit/core/graph/revision.hpp"
#include "godwit/core/text.hpp"

namespace godwit::core::runner {

// Alembic's MigrationStep.__str__: "<direction> <from> -> <to>, <doc>", with an empty side for base.
std::string describe_step(const graph::Step& step) {
  const auto& revision = *step.revision;
  const std::string parents = text::join(revision.down_revisions());
  const bool up = step.direction == graph::Direction::upgrade;
  std::string text = std::string("Running ") + (up ? "upgrade " : "downgrade ") +
                     (up ? parents : revision.id()) + " -> " + (up ? revision.id() : parents);
  if (!revision.message().empty()) text += ", " + revision.message();
  return text;
}

std::string describe_heads(const std::vector<std::string>& heads) {
  return heads.empty() ? std::string("base") : text::join(heads);
}

}  // namespace godwit::core::runner
