#pragma once

// PostgreSQL only: reach the libpqxx transaction behind a Context, for what the SDK does not cover (LISTEN,
// large objects, pipelines). Not part of the default SDK: it pulls in libpqxx, whose C++ ABI changes with
// every minor release, so it is the opt-in component `postgres` of the GodwitSdk package
// (`find_package(GodwitSdk REQUIRED COMPONENTS postgres)`, link `Godwit::postgres`, which adds libpqxx).
// The pointer is valid during the current upgrade/downgrade call only. Returns nullptr offline.
//
// The transaction is an object of the PostgreSQL driver, built against one libpqxx: a revision compiled
// against another libpqxx's headers would read it with the wrong layout. GODWIT_PQXX_ABI states the
// libpqxx ABI (major.minor, its soname: libpqxx-6.4.so) of the driver this godwit ships; the build of the
// driver checks it against the libpqxx it uses (sdk/postgres/CMakeLists.txt), and this header refuses to
// compile against any other.

#include <pqxx/transaction_base>
#include <pqxx/version>

#include "godwit/context.hpp"
#include "godwit/version.hpp"

#define GODWIT_PQXX_ABI_MAJOR 6
#define GODWIT_PQXX_ABI_MINOR 4
#define GODWIT_PQXX_ABI "6.4"

#if PQXX_VERSION_MAJOR != GODWIT_PQXX_ABI_MAJOR || PQXX_VERSION_MINOR != GODWIT_PQXX_ABI_MINOR
// Not #error, which does not expand macros: this message names the libpqxx found, PQXX_VERSION.
static_assert(PQXX_VERSION_MAJOR == GODWIT_PQXX_ABI_MAJOR && PQXX_VERSION_MINOR == GODWIT_PQXX_ABI_MINOR,
              "godwit/postgres.hpp is for libpqxx " GODWIT_PQXX_ABI
              " (the ABI of godwit's PostgreSQL driver), but this build includes libpqxx " PQXX_VERSION
              "; build the revision against the libpqxx " GODWIT_PQXX_ABI " headers");
#endif

GODWIT_BEGIN_NAMESPACE
namespace postgres {

inline pqxx::transaction_base* native_transaction(Context& ctx) {
  return static_cast<pqxx::transaction_base*>(ctx.native_handle("pqxx::transaction_base"));
}

}  // namespace postgres
GODWIT_END_NAMESPACE
