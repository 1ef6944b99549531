#pragma once

#include <memory>
#include <string>
#include <vector>

#include "godwit/core/config/config.hpp"
#include "godwit/core/graph/revision_graph.hpp"
#include "godwit/core/plugin/plugin_trust.hpp"
#include "godwit/core/runner/revision_source.hpp"

namespace godwit::core::app {

// A migration project: its configuration, the revision plugins found in its plugin directories (read, not
// loaded) and the revision graph they form. Plugins are loaded only when one of their revisions runs.
class Project {
 public:
  // Discovers and validates every plugin and builds the graph. Throws Error(config) when no plugin
  // directory is configured, Error(plugin) / Error(graph) for bad plugins or a broken graph.
  static std::unique_ptr<Project> open(const config::Config& config);
  virtual ~Project() = default;

  virtual const config::Config& config() const = 0;
  virtual const graph::RevisionGraph& graph() const = 0;
  virtual runner::RevisionSource& revisions() = 0;
  virtual const std::vector<std::string>& warnings() const = 0;  // plugins skipped with --skip-invalid
};

// The configured plugin_trust as discovery and the driver search apply it.
plugin::TrustMode trust_mode(config::PluginTrust trust);

}  // namespace godwit::core::app
