#include "memory_database.hpp"

#include <unistd.h>

#include <atomic>

namespace godwit::sqlite {
namespace {

std::string next_name() {
  static std::atomic<unsigned> sequence{0};
  return "/godwit-mem-" + std::to_string(::getpid()) + "-" + std::to_string(++sequence);
}

}  // namespace

MemoryDatabase::MemoryDatabase(std::chrono::milliseconds busy_timeout)
    : name_(next_name()), keeper_(open_memory_connection(name_, busy_timeout, "sqlite://")) {}

Handle MemoryDatabase::connect(std::chrono::milliseconds busy_timeout, const std::string& display_url) const {
  return open_memory_connection(name_, busy_timeout, display_url);
}

}  // namespace godwit::sqlite
