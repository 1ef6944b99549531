#include "row_stream.hpp"

#include <pqxx/prepared_statement>
#include <vector>

#include "godwit/errors.hpp"

namespace godwit::pg {
namespace {

std::vector<std::string> column_names(const pqxx::result& result) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(result.columns()));
  for (pqxx::row::size_type c = 0; c < result.columns(); ++c) names.emplace_back(result.column_name(c));
  return names;
}

}  // namespace

pqxx::result exec_with_params(pqxx::transaction_base& tx, std::string_view sql, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].is_null()) {
      values.push_back(nullptr);
      continue;
    }
    const std::string& text = params[i].text();
    // libpq passes parameters as C strings: a NUL would silently cut the value short.
    if (text.find('\0') != std::string::npos)
      throw Error("parameter $" + std::to_string(i + 1) +
                  " contains a NUL byte, which PostgreSQL text cannot hold");
    values.push_back(text.c_str());
  }
  return tx.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(values));
}

Rows to_rows(const pqxx::result& result) {
  Rows rows(column_names(result));
  const auto columns = result.columns();
  for (pqxx::result::size_type r = 0; r < result.size(); ++r) {
    const pqxx::row row = result[r];
    for (pqxx::row::size_type c = 0; c < columns; ++c) {
      const pqxx::field field = row[c];
      if (field.is_null()) {
        rows.append_null();
      } else {
        rows.append(std::string_view(field.c_str(), field.size()));
      }
    }
  }
  return rows;
}

void stream_cursor(pqxx::transaction_base& tx, const std::string& cursor, std::string_view sql,
                   const Params& params, const RowCallback& on_row, std::size_t batch_rows,
                   const std::function<void()>& before_statement) {
  before_statement();
  exec_with_params(tx, "DECLARE " + cursor + " NO SCROLL CURSOR FOR " + std::string(sql), params);
  try {
    const std::string fetch = "FETCH FORWARD " + std::to_string(batch_rows) + " FROM " + cursor;
    std::vector<std::string> columns;
    std::string buffer;
    std::vector<Cell> cells;
    for (bool first = true;; first = false) {
      before_statement();
      const pqxx::result batch = tx.exec(fetch);
      if (first) columns = column_names(batch);
      const auto width = batch.columns();
      cells.resize(static_cast<std::size_t>(width));
      // Iterators, not batch[r] and row[c]: each pqxx::row and pqxx::field made that way copies the result
      // (two shared_ptr reference counts), where incrementing an iterator copies nothing.
      for (const auto& row : batch) {
        buffer.clear();
        std::size_t c = 0;
        for (auto field = row.begin(), end = row.end(); field != end; ++field, ++c) {
          Cell& cell = cells[c];
          cell.offset = buffer.size();
          cell.null = field.is_null();
          cell.size = cell.null ? 0 : field.size();
          if (!cell.null) buffer.append(field.c_str(), cell.size);
        }
        const Row view(buffer.data(), cells.data(), cells.size(), &columns);
        on_row(view);
      }
      if (batch.size() < batch_rows) break;
    }
    before_statement();
    tx.exec("CLOSE " + cursor);
  } catch (...) {
    try {
      before_statement();  // a load the callback resumed holds the connection
      tx.exec("CLOSE " + cursor);
    } catch (...) {
      // The transaction may already be aborted; the original error is what matters (a load that failed
      // here has failed the transaction, so nothing of it can be committed).
    }
    throw;
  }
}

}  // namespace godwit::pg
