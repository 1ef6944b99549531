#pragma once

// SQLite only: reach the sqlite3 connection behind a Context, for what the SDK does not cover (user
// functions, the backup API, blob I/O). Only a forward declaration here: include <sqlite3.h> and link
// libsqlite3 yourself to use it. The pointer is valid during the current upgrade/downgrade call only, and
// statements run through it are outside the driver's view (it cannot tell that one failed). Returns nullptr
// offline and on other databases.

#include "godwit/context.hpp"
#include "godwit/version.hpp"

struct sqlite3;

GODWIT_BEGIN_NAMESPACE
namespace sqlite {

inline sqlite3* native_database(Context& ctx) {
  return static_cast<sqlite3*>(ctx.native_handle("sqlite3"));
}

}  // namespace sqlite
GODWIT_END_NAMESPACE
