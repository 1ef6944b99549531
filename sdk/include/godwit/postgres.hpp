#pragma once

// PostgreSQL only: reach the libpqxx 6.4 transaction behind a Context, for what the SDK does not cover
// (LISTEN, large objects, pipelines). Including this header pulls in libpqxx; link PkgConfig::PQXX yourself.
// The pointer is valid during the current upgrade/downgrade call only. Returns nullptr offline.

#include <pqxx/transaction_base>

#include "godwit/context.hpp"

namespace godwit::postgres {

inline pqxx::transaction_base* native_transaction(Context& ctx) {
  return static_cast<pqxx::transaction_base*>(ctx.native_handle("pqxx::transaction_base"));
}

}  // namespace godwit::postgres
