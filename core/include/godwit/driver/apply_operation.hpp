#pragma once

// Context::apply, the same for every Context that runs SQL (a driver's online one, the host's offline one):
// complete the operation, then run an ExecuteSql with its parameters bound, and anything else as the
// statements the dialect renders, each through the context's execute (so each is logged, or written to the
// script). Header-only: drivers do not link the core.

#include <string>

#include "godwit/context.hpp"
#include "godwit/driver/driver.hpp"
#include "godwit/operation.hpp"

GODWIT_DRIVER_BEGIN_NAMESPACE

inline void apply_operation(Context& ctx, const Dialect& dialect, Operation completed) {
  complete(completed);
  if (const auto* sql = std::get_if<ExecuteSql>(&completed.change)) {
    if (sql->params.empty()) {
      ctx.execute(sql->sql);
    } else {
      ctx.execute(sql->sql, sql->params);
    }
    return;
  }
  for (const std::string& statement : dialect.render(completed)) ctx.execute(statement);
}

GODWIT_DRIVER_END_NAMESPACE
