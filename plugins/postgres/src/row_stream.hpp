#pragma once

// Running statements with bound parameters and turning libpqxx results into SDK rows, all at once (query)
// or a batch at a time through a server-side cursor (stream).

#include <cstddef>
#include <functional>
#include <pqxx/result>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>

#include "godwit/context.hpp"

namespace godwit::pg {

// One statement, extended protocol, every parameter sent as text ($1..$n; a null Value is SQL NULL).
pqxx::result exec_with_params(pqxx::transaction_base& tx, std::string_view sql, const Params& params);

Rows to_rows(const pqxx::result& result);

// DECLARE <cursor> NO SCROLL CURSOR FOR <sql>, then FETCH FORWARD batch_rows until exhausted, then CLOSE.
// Must run inside a transaction block (a cursor without HOLD lives in its transaction). At most one batch
// is held in memory. before_statement runs before each of these statements (the connection suspends a
// COPY there). Exceptions from on_row propagate unchanged after a best-effort CLOSE.
void stream_cursor(pqxx::transaction_base& tx, const std::string& cursor, std::string_view sql,
                   const Params& params, const RowCallback& on_row, std::size_t batch_rows,
                   const std::function<void()>& before_statement);

}  // namespace godwit::pg
