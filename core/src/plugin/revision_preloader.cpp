#include "godwit/core/plugin/revision_preloader.hpp"

#include <algorithm>

#include "godwit/core/plugin/checksum.hpp"

namespace godwit::core::plugin {

RevisionPreloader::RevisionPreloader(const PluginCatalog& catalog, Options options)
    : catalog_(catalog), options_(options) {}

RevisionPreloader::~RevisionPreloader() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void RevisionPreloader::observe_loading(LoadingObserver observer) {
  const std::lock_guard<std::mutex> lock(mutex_);
  on_loading_ = std::move(observer);
}

void RevisionPreloader::prefetch(const std::vector<std::string>& ids) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& id : ids)
      if (slots_.try_emplace(id).second) queue_.push_back(id);
    if (!worker_.joinable() && !queue_.empty()) worker_ = std::thread(&RevisionPreloader::work, this);
  }
  changed_.notify_all();
}

std::shared_ptr<LoadedRevision> RevisionPreloader::revision(const std::string& id) {
  Slot& slot = ready_slot(id);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (slot.ahead) {  // its turn has come: the worker may load one more ahead
      slot.ahead = false;
      --loaded_ahead_;
    }
  }
  changed_.notify_all();
  if (slot.load_error) std::rethrow_exception(slot.load_error);
  return slot.revision;
}

std::string RevisionPreloader::checksum(const std::string& id) {
  const Slot& slot = ready_slot(id);
  if (slot.checksum_error) std::rethrow_exception(slot.checksum_error);
  return slot.checksum;
}

RevisionPreloader::Slot& RevisionPreloader::ready_slot(const std::string& id) {
  std::unique_lock<std::mutex> lock(mutex_);
  const auto [at, fresh] = slots_.try_emplace(id);
  Slot& slot = at->second;
  if (!slot.ready) {
    slot.wanted = true;
    if (!slot.loading) {  // first in line, whether nobody queued it or it waits behind the look-ahead
      if (const auto queued = std::find(queue_.begin(), queue_.end(), id); queued != queue_.end())
        queue_.erase(queued);
      queue_.push_front(id);
      if (!worker_.joinable()) worker_ = std::thread(&RevisionPreloader::work, this);
      changed_.notify_all();
    }
    changed_.wait(lock, [&] { return slot.ready; });
  }
  return slot;  // the worker never writes a ready slot again, and unordered_map references stay valid
}

void RevisionPreloader::wait_until_idle() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return !busy_ && (stopping_ || !may_load_next()); });
}

bool RevisionPreloader::may_load_next() const {
  return !queue_.empty() && (loaded_ahead_ < options_.look_ahead || slots_.at(queue_.front()).wanted);
}

void RevisionPreloader::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || may_load_next(); });
    if (stopping_) return;
    const std::string id = std::move(queue_.front());
    queue_.pop_front();
    slots_.at(id).loading = true;
    busy_ = true;
    const LoadingObserver observer = on_loading_;
    lock.unlock();
    if (observer) observer(id, true);
    Slot prepared = prepare(id);
    if (observer) observer(id, false);
    lock.lock();
    Slot& slot = slots_.at(id);
    prepared.wanted = slot.wanted;
    prepared.ahead = !slot.wanted;
    prepared.loading = false;
    prepared.ready = true;
    if (prepared.ahead) ++loaded_ahead_;
    slot = std::move(prepared);
    busy_ = false;
    changed_.notify_all();
  }
}

RevisionPreloader::Slot RevisionPreloader::prepare(const std::string& id) {
  Slot slot;
  try {
    slot.checksum = file_checksum(id);
  } catch (...) {
    slot.checksum_error = std::current_exception();
  }
  try {
    slot.revision = catalog_.load(id);
    if (options_.pin_libraries) slot.revision->library()->pin();
  } catch (...) {
    slot.load_error = std::current_exception();
  }
  return slot;
}

std::string RevisionPreloader::file_checksum(const std::string& id) {
  const PluginFile* file = catalog_.file_of(id);
  if (file == nullptr) return {};  // catalog_.load names the unknown revision
  auto [it, inserted] = checksums_.try_emplace(file->path.string());
  if (inserted) {
    try {
      it->second = sha256_file(file->path);
    } catch (...) {
      checksums_.erase(it);
      throw;
    }
  }
  return it->second;
}

}  // namespace godwit::core::plugin
