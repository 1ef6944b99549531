#pragma once

// Where a driver's CopyWriter (Context::copy_into) is in its life, and the one message each driver gives for
// a call on a load that has ended. Header-only: drivers do not link the core.

#include <string>

#include "godwit/errors.hpp"

namespace godwit::driver {

enum class BulkLoadState { open, finished, failed, abandoned };

// Returns when the load is open; otherwise throws godwit::Error naming the table and the call made too late
// ("copy_into(users): write_row() after finish()").
inline void require_open_load(BulkLoadState state, const std::string& table, const char* operation) {
  const std::string call = "copy_into(" + table + "): " + operation + "() after ";
  switch (state) {
    case BulkLoadState::open:
      return;
    case BulkLoadState::finished:
      throw Error(call + "finish()");
    case BulkLoadState::failed:
      throw Error(call + "the load failed");
    case BulkLoadState::abandoned:
      throw Error(call + "the load was aborted (its transaction ended before finish())");
  }
}

}  // namespace godwit::driver
