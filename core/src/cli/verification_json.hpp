#pragma once

#include <nlohmann/json_fwd.hpp>

#include "godwit/core/app/verification.hpp"

namespace godwit::core::cli {

// {"ok": bool, "verified": N, "findings": [{"revision", "status" (modified|missing|unverifiable), "file",
// "recorded_source_checksum", "current_source_checksum", "applied_at", "message"}]}: the shape of
// `verify --json` and of "verification" in `status --json`.
nlohmann::json verification_json(const app::Verification& verification);

}  // namespace godwit::core::cli
