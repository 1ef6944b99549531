#include "copy_writer.hpp"

#include <utility>

#include "errors.hpp"

namespace godwit::pg {
namespace {

// More fields than any PostgreSQL table can have (MaxHeapAttributeNumber is 1600): the server answers
// "extra data after last expected column" whatever the table, encoding or server version.
const std::string& poison_line() {
  static const std::string line(1700, '\t');
  return line;
}

std::unique_ptr<pqxx::tablewriter> open_writer(pqxx::transaction_base& tx, const std::string& target,
                                               const std::vector<std::string>& quoted_columns) {
  // tablewriter is deprecated in 6.4 in favour of stream_to, which cannot send pre-escaped chunks.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return std::make_unique<pqxx::tablewriter>(tx, target, quoted_columns.begin(), quoted_columns.end());
#pragma GCC diagnostic pop
}

}  // namespace

void append_copy_field(std::string& out, const Field& field) {
  if (field.is_null()) {
    out.append("\\N");
    return;
  }
  const std::string_view text = field.text();
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char escaped;
    switch (text[i]) {
      case '\\':
        escaped = '\\';
        break;
      case '\t':
        escaped = 't';
        break;
      case '\n':
        escaped = 'n';
        break;
      case '\r':
        escaped = 'r';
        break;
      default:
        continue;
    }
    out.append(text.substr(start, i - start));
    out += '\\';
    out += escaped;
    start = i + 1;
  }
  out.append(text.substr(start));
}

PgCopyWriter::PgCopyWriter(PgConnection& owner, pqxx::transaction_base& tx, std::string table,
                           const std::string& target, const std::vector<std::string>& quoted_columns)
    : owner_(&owner),
      writer_(open_writer(tx, target, quoted_columns)),
      table_(std::move(table)),
      statement_("COPY " + target + " FROM STDIN"),
      columns_(quoted_columns.size()) {
  chunk_.reserve(kChunkBytes + 4096);
}

PgCopyWriter::~PgCopyWriter() {
  abandon();
}

void PgCopyWriter::write_row(const Field* fields, std::size_t count) {
  require_open("write_row");
  if (columns_ != 0 && count != columns_)
    throw Error("copy_into(" + table_ + "): a row has " + std::to_string(count) + " field(s) but " +
                std::to_string(columns_) + " column(s) were named");
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) chunk_ += '\t';
    append_copy_field(chunk_, fields[i]);
  }
  // Every line ends in '\n'. write_raw_line drops one trailing '\n' and write_copy_line adds it back, so a
  // chunk always reaches the server intact, even when its last row is a single empty field.
  chunk_ += '\n';
  ++rows_;
  if (chunk_.size() >= kChunkBytes) send_chunk();
}

std::uint64_t PgCopyWriter::finish() {
  require_open("finish");
  if (!chunk_.empty()) send_chunk();
  try {
    writer_->complete();
  } catch (...) {
    fail();
  }
  writer_.reset();
  state_ = State::finished;
  std::exchange(owner_, nullptr)->copy_ended(table_, PgConnection::CopyEnd::finished);
  return rows_;
}

void PgCopyWriter::abandon() noexcept {
  if (state_ != State::open) return;
  state_ = State::abandoned;
  chunk_.clear();
  try {
    writer_->write_raw_line(poison_line());
  } catch (...) {
    // The connection may be gone; ending the COPY below fails then too, which is what we want.
  }
  writer_.reset();  // ends the COPY; the server's rejection becomes libpqxx's pending error
  std::exchange(owner_, nullptr)->copy_ended(table_, PgConnection::CopyEnd::abandoned);
}

void PgCopyWriter::require_open(const char* operation) const {
  switch (state_) {
    case State::open:
      return;
    case State::finished:
      throw Error("copy_into(" + table_ + "): " + operation + "() after finish()");
    case State::failed:
      throw Error("copy_into(" + table_ + "): " + operation + "() after the COPY failed");
    case State::abandoned:
      throw Error("copy_into(" + table_ + "): " + operation +
                  "() after the COPY was aborted (its transaction ended before finish())");
  }
}

void PgCopyWriter::send_chunk() {
  try {
    writer_->write_raw_line(chunk_);
  } catch (...) {
    fail();
  }
  chunk_.clear();
}

void PgCopyWriter::fail() {
  state_ = State::failed;
  chunk_.clear();
  PgConnection* owner = std::exchange(owner_, nullptr);
  const ErrorScope scope = owner->error_scope(statement_);
  writer_.reset();
  owner->copy_ended(table_, PgConnection::CopyEnd::failed);
  rethrow_translated(scope);
}

}  // namespace godwit::pg
