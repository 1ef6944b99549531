#pragma once

#include "godwit/context.hpp"
#include "godwit/core/plugin/loaded_revision.hpp"

namespace godwit::core::plugin {

// Runs `revision`'s upgrade or downgrade through its entry function, with `ctx` as its Context. No
// exception crosses the plugin boundary: the plugin reports a failure through a FailureSink whose strings
// are copied before the call returns, and this throws it as RevisionFailure. Transactions are the
// caller's business.
void invoke(const LoadedRevision& revision, godwit::Direction direction, godwit::Context& ctx);

}  // namespace godwit::core::plugin
