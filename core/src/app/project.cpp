#include "godwit/core/app/project.hpp"

#include <set>

#include "godwit/core/error.hpp"
#include "godwit/core/log/logging.hpp"
#include "godwit/core/plugin/plugin_catalog.hpp"
#include "godwit/core/plugin/revision_invoker.hpp"
#include "godwit/core/plugin/revision_preloader.hpp"

namespace godwit::core::app {

namespace {

std::string sdk_version_of(const plugin::PluginFile& file) {
  return std::to_string(file.stamp.sdk_version_major) + "." + std::to_string(file.stamp.sdk_version_minor) +
         "." + std::to_string(file.stamp.sdk_version_patch);
}

// Runs revisions from their plugins. Libraries load on a worker thread ahead of their turn and stay loaded
// for the rest of the process: objects a revision created (log records, exceptions) must never outlive
// its code, and unloading them at exit would only cost time.
class PluginRevisionSource final : public runner::RevisionSource {
 public:
  explicit PluginRevisionSource(const plugin::PluginCatalog& catalog)
      : catalog_(catalog), preloader_(catalog, plugin::RevisionPreloader::Options{/*pin_libraries=*/true}) {}

  bool transactional(const std::string& id) const override { return record(id).transactional; }

  void prepare(const std::vector<std::string>& ids, runner::RunObserver* observer) override {
    if (observer)
      preloader_.observe_loading(
          [observer](const std::string& id, bool loading) { observer->library_loading(id, loading); });
    preloader_.prefetch(ids);
  }

  std::string checksum(const std::string& id) override { return preloader_.checksum(id); }

  std::string source_checksum(const std::string& id) const override { return record(id).source_checksum; }

  std::string sdk_version(const std::string& id) const override {
    return sdk_version_of(*catalog_.file_of(id));
  }

  void run(const std::string& id, Direction direction, Context& context) override {
    plugin::invoke(*preloader_.revision(id), direction, context);
  }

 private:
  const plugin::RevisionRecord& record(const std::string& id) const {
    const auto* found = catalog_.find(id);
    if (!found) throw Error(ErrorCategory::plugin, "no plugin declares revision " + id);
    return *found;
  }

  const plugin::PluginCatalog& catalog_;
  plugin::RevisionPreloader preloader_;
};

std::vector<graph::RevisionSpec> graph_specs(const plugin::PluginCatalog& catalog) {
  std::vector<graph::RevisionSpec> specs;
  for (const auto& file : catalog.files())
    for (const auto& record : file.revisions)
      specs.push_back(graph::RevisionSpec{record.id, record.down_revisions, record.branch_labels,
                                          record.depends_on, record.message, file.path.string()});
  return specs;
}

// A configured plugin directory without a single revision is a project that was not built (or a wrong
// path), not one with nothing to do: `upgrade head` would report success and the deploy would go ahead.
// Read-only verbs refuse it too: an empty `heads` or `history` would hide the same mistake. With
// --skip-invalid, a directory whose every plugin was skipped is refused the same way.
void require_revisions(const std::vector<std::filesystem::path>& dirs, const plugin::PluginCatalog& catalog) {
  std::set<std::filesystem::path> used;  // canonical directories holding at least one plugin
  std::set<std::filesystem::path> parents;
  for (const auto& file : catalog.files()) parents.insert(file.path.parent_path());
  std::error_code ec;
  for (const auto& parent : parents) used.insert(std::filesystem::weakly_canonical(parent, ec));
  for (const auto& dir : dirs) {
    if (used.count(std::filesystem::weakly_canonical(dir, ec)) != 0) continue;
    const std::string skipped =
        catalog.warnings().empty()
            ? ""
            : "; " + std::to_string(catalog.warnings().size()) + " plugin file(s) were skipped as invalid";
    throw Error(ErrorCategory::config, "no revisions found in plugin directory '" + dir.string() + "'" +
                                           skipped + " (did you build the plugins?)");
  }
}

class DiscoveredProject final : public Project {
 public:
  DiscoveredProject(const config::Config& config, plugin::PluginCatalog catalog)
      : config_(config),
        catalog_(std::move(catalog)),
        graph_(graph::RevisionGraph::build(graph_specs(catalog_))),
        revisions_(catalog_) {
    for (const auto& warning : catalog_.warnings()) warnings_.push_back(warning.message);
  }

  const config::Config& config() const override { return config_; }
  const graph::RevisionGraph& graph() const override { return graph_; }
  runner::RevisionSource& revisions() override { return revisions_; }
  const std::vector<std::string>& warnings() const override { return warnings_; }

 private:
  config::Config config_;
  plugin::PluginCatalog catalog_;
  graph::RevisionGraph graph_;
  PluginRevisionSource revisions_;
  std::vector<std::string> warnings_;
};

}  // namespace

plugin::TrustMode trust_mode(config::PluginTrust trust) {
  switch (trust) {
    case config::PluginTrust::warn:
      return plugin::TrustMode::warn;
    case config::PluginTrust::off:
      return plugin::TrustMode::off;
    case config::PluginTrust::strict:
      break;
  }
  return plugin::TrustMode::strict;
}

std::unique_ptr<Project> Project::open(const config::Config& config) {
  if (config.plugin_dirs.empty()) {
    const std::string where =
        config.file ? "in " + config.file->string() : "(no godwit.yaml found in this directory)";
    throw Error(ErrorCategory::config, "no plugin directory configured " + where +
                                           "; set plugin_dirs in godwit.yaml or pass --plugin-dir DIR");
  }
  plugin::DiscoveryOptions options;
  options.skip_invalid = config.skip_invalid_plugins;
  options.on_warning = [](const plugin::DiscoveryWarning& warning) {
    log::warning("plugins", "skipped: " + warning.message);
  };
  options.trust = trust_mode(config.plugin_trust);
  options.on_trust_warning = [](const std::string& message) { log::warning("plugins", message); };
  auto catalog = plugin::PluginCatalog::discover(config.plugin_dirs, options);
  require_revisions(config.plugin_dirs, catalog);
  return std::make_unique<DiscoveredProject>(config, std::move(catalog));
}

}  // namespace godwit::core::app
