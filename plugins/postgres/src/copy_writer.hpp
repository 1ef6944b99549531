#pragma once

#include <cstdint>
#include <memory>
#include <pqxx/tablewriter>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "connection.hpp"
#include "godwit/copy.hpp"
#include "godwit/driver/bulk_load_state.hpp"

namespace godwit::pg {

// COPY <table> (<columns>) FROM STDIN in text format. Rows are escaped here and sent in chunks of about
// kChunkBytes through libpqxx's tablewriter::write_raw_line, which passes a string to PQputCopyData as it
// is: a chunk holding many lines costs one call. (stream_to has no public raw write, and escapes every
// field through std::string temporaries.)
//
// libpqxx 6.4 offers no way to abort a COPY (PQputCopyEnd with an error message), and ending it normally
// would commit the rows sent so far. So a writer destroyed without finish() first sends a line with more
// fields than any table can have (1600 columns at most): the server rejects the COPY as a whole, nothing is
// written, and the surrounding transaction is left failed (in autocommit the COPY alone fails).
//
// Segments: a COPY holds the connection, so a stream() reading while the load is open (the natural way to
// rewrite one table into another) suspends it before each of its statements: the COPY sent so far is
// completed, and the next row opens a new COPY of the same table in the same transaction. Only inside a
// transaction block, where the segments commit or roll back together: the load is still all or nothing, and
// abandoning a suspended load poisons a new segment so the transaction fails as it would have.
class PgCopyWriter final : public CopyWriter {
 public:
  static constexpr std::size_t kChunkBytes = 256 * 1024;

  PgCopyWriter(PgConnection& owner, pqxx::transaction_base& tx, std::string table, const std::string& target,
               const std::vector<std::string>& quoted_columns);
  ~PgCopyWriter() override;
  PgCopyWriter(const PgCopyWriter&) = delete;
  PgCopyWriter& operator=(const PgCopyWriter&) = delete;

  void write_row(const Field* fields, std::size_t count) override;
  std::uint64_t finish() override;

  // Aborts the COPY (see above) and detaches from the connection; later calls throw. noexcept: used from
  // destructors and when the transaction ends under a live writer.
  void abandon() noexcept;
  // Completes the COPY segment under way, if any, so the connection can run a statement; the next row opens
  // the next segment. Throws (and fails the writer) when the segment's rows are refused.
  void suspend();
  const std::string& table() const noexcept { return table_; }

 private:
  using State = driver::BulkLoadState;

  void require_open(const char* operation) const { driver::require_open_load(state_, table_, operation); }
  void resume();
  void send_chunk();
  [[noreturn]] void fail();

  PgConnection* owner_;  // null once the COPY has ended
  pqxx::transaction_base* tx_;
  std::unique_ptr<pqxx::tablewriter> writer_;  // null while suspended between two segments
  std::string table_;
  std::string target_;
  std::vector<std::string> quoted_columns_;
  std::string statement_;
  std::size_t columns_;  // 0 when no column list was given (not checked)
  std::string chunk_;
  std::uint64_t rows_ = 0;
  State state_ = State::open;
};

// Appends one field in COPY text format: \N for NULL; backslash, tab, newline and carriage return escaped.
void append_copy_field(std::string& out, const Field& field);

}  // namespace godwit::pg
