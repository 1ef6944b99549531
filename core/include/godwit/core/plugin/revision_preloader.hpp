#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "godwit/core/plugin/loaded_revision.hpp"
#include "godwit/core/plugin/plugin_catalog.hpp"

namespace godwit::core::plugin {

// Loads revisions on a worker thread in the order a run needs them, so that each plugin's checksum and
// dlopen overlap the database's work on the steps before it instead of adding to the run's time. Only
// the worker touches the catalog's loading; callers block on the one revision they need next.
//
// A plugin's static initialisers therefore run on the worker thread, shortly before the revision's turn.
class RevisionPreloader {
 public:
  struct Options {
    // Keep every loaded library mapped until the process ends (PluginLibrary::pin).
    bool pin_libraries = false;
    // How many prefetched revisions may wait, loaded, for their turn: enough to ride out a slow load,
    // few enough that a run failing early has not loaded (and initialised) the rest of the plan.
    std::size_t look_ahead = 8;
  };

  RevisionPreloader(const PluginCatalog& catalog, Options options);
  RevisionPreloader(const RevisionPreloader&) = delete;
  RevisionPreloader& operator=(const RevisionPreloader&) = delete;
  // Stops the worker after the revision it is loading, and waits for it.
  ~RevisionPreloader();

  // Called on the worker thread with (id, true) before a revision's library is loaded and (id, false)
  // after: a process that crashes in a library's static initialisers can then say whose they were.
  using LoadingObserver = std::function<void(const std::string& id, bool loading)>;
  void observe_loading(LoadingObserver observer);

  // Queues `ids` behind the ones already queued; ids queued or loaded before are skipped.
  void prefetch(const std::vector<std::string>& ids);

  // The loaded revision `id`, waiting for the worker if need be (an id nobody queued goes first). Rethrows
  // what loading it threw: godwit::core::Error(plugin).
  std::shared_ptr<LoadedRevision> revision(const std::string& id);
  // The SHA-256 of the plugin file declaring `id`; computed before the library is loaded, so it is known
  // even for a revision that failed to load.
  std::string checksum(const std::string& id);

  // Blocks until the worker has nothing it may do (nothing queued, or the look-ahead is full) and is not
  // loading: from then on it loads nothing more until someone prefetches or claims a revision. Lets a test
  // see what was not loaded without waiting for time to pass.
  void wait_until_idle();

 private:
  struct Slot {
    bool ready = false;
    bool loading = false;  // the worker has taken it from the queue
    bool wanted = false;   // someone waits for it: load it even beyond the look-ahead
    bool ahead = false;    // loaded before anyone asked: counted in loaded_ahead_
    std::string checksum;
    std::exception_ptr checksum_error;
    std::shared_ptr<LoadedRevision> revision;
    std::exception_ptr load_error;
  };

  Slot& ready_slot(const std::string& id);
  bool may_load_next() const;
  void work();
  Slot prepare(const std::string& id);
  std::string file_checksum(const std::string& id);

  const PluginCatalog& catalog_;
  const Options options_;
  std::unordered_map<std::string, std::string> checksums_;  // by file path; the worker's own

  std::mutex mutex_;  // guards what follows
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  std::unordered_map<std::string, Slot> slots_;  // queued or done; references stay valid
  std::size_t loaded_ahead_ = 0;
  bool stopping_ = false;
  LoadingObserver on_loading_;
  bool busy_ = false;   // the worker is preparing a revision outside the lock
  std::thread worker_;  // started on first use
};

}  // namespace godwit::core::plugin
