#pragma once

#include <string>
#include <vector>

#include "godwit/context.hpp"
#include "godwit/core/runner/run_observer.hpp"

namespace godwit::core::runner {

// What the runner needs of the revisions it executes. The plugin catalog implements it for real plugins;
// tests implement it with plain functions.
class RevisionSource {
 public:
  virtual ~RevisionSource() = default;
  // The revisions a run is about to execute, in order: a source may start loading them ahead of time.
  // `observer` (may be null) is told when each library loads.
  virtual void prepare(const std::vector<std::string>& /*ids*/, RunObserver* /*observer*/) {}
  virtual bool transactional(const std::string& id) const = 0;
  // Identity of the code that ran, for the history table (e.g. the plugin's SHA-256).
  virtual std::string checksum(const std::string& id) = 0;
  // The SHA-256 of the revision's source file stamped at build time, recorded so `godwit verify` can tell
  // an applied revision that was edited since; empty when the revision carries none.
  virtual std::string source_checksum(const std::string& /*id*/) const { return {}; }
  virtual std::string sdk_version(const std::string& id) const = 0;
  // Runs the revision; failures are thrown as core::Error naming the revision.
  virtual void run(const std::string& id, Direction direction, Context& context) = 0;
};

}  // namespace godwit::core::runner
