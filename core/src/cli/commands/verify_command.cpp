// `godwit verify`: are the applied revisions still the code that was applied?
#include <nlohmann/json.hpp>
#include <ostream>

#include "../commands.hpp"
#include "../verification_json.hpp"
#include "godwit/core/app/database_state.hpp"
#include "godwit/core/app/session.hpp"
#include "godwit/core/app/verification.hpp"

namespace godwit::core::cli {

nlohmann::json verification_json(const app::Verification& verification) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : verification.findings)
    findings.push_back({{"revision", f.revision},
                        {"status", app::kind_name(f.kind)},
                        {"file", f.file},
                        {"recorded_source_checksum", f.recorded},
                        {"current_source_checksum", f.current},
                        {"applied_at", f.applied_at},
                        {"message", f.describe()}});
  return {{"ok", !verification.failed()}, {"verified", verification.verified}, {"findings", findings}};
}

int verify(const CommandEnv& env, const VerifyOptions& options) {
  const app::Session session = app::open_session(env.config);
  const auto heads = app::read_database_state(*session.project, *session.database).heads;
  const app::Verification result = app::verify_applied_revisions(*session.project, *session.database, heads);
  if (options.json) {
    nlohmann::json j = verification_json(result);
    j["url"] = session.database->display_url();
    env.out << j.dump(2) << "\n";
    return result.failed() ? 1 : 0;
  }
  for (const auto& finding : result.findings) env.out << finding.describe() << "\n";
  const std::size_t failures = result.failures().size();
  env.out << (failures ? "Verification failed: " : "Verified: ") << result.verified
          << " applied revision(s) match their source, " << failures << " modified or missing, "
          << result.findings.size() - failures << " unverifiable\n";
  return failures ? 1 : 0;
}

}  // namespace godwit::core::cli
