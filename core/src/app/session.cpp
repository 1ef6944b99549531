#include "godwit/core/app/session.hpp"

#include <atomic>
#include <future>

namespace godwit::core::app {

Session open_session(const config::Config& config, std::chrono::seconds wait_for_db) {
  std::atomic<bool> abandoned{false};
  auto connecting = std::async(std::launch::async, [&config, wait_for_db, &abandoned] {
    return Database::connect(config, wait_for_db, &abandoned);
  });
  Session session;
  try {
    session.project = Project::open(config);
  } catch (...) {
    abandoned = true;
    connecting.wait();  // its own error, if any, is not the one to report
    throw;
  }
  session.database = connecting.get();
  return session;
}

}  // namespace godwit::core::app
