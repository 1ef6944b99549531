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

// The bytes COPY text format escapes, and the letter each becomes after the backslash.
struct CopyEscapes {
  char letter[256] = {};
  constexpr CopyEscapes() {
    letter[static_cast<unsigned char>('\\')] = '\\';
    letter[static_cast<unsigned char>('\t')] = 't';
    letter[static_cast<unsigned char>('\n')] = 'n';
    letter[static_cast<unsigned char>('\r')] = 'r';
  }
};
constexpr CopyEscapes kCopyEscapes;

}  // namespace

void append_copy_field(std::string& out, const Field& field) {
  if (field.is_null()) {
    out.append("\\N");
    return;
  }
  // One table look-up per byte; most fields have nothing to escape and are appended in one piece.
  const std::string_view text = field.text();
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char escaped = kCopyEscapes.letter[static_cast<unsigned char>(text[i])];
    if (escaped == 0) continue;
    out.append(text.data() + start, i - start);
    out += '\\';
    out += escaped;
    start = i + 1;
  }
  out.append(text.data() + start, text.size() - start);
}

PgCopyWriter::PgCopyWriter(PgConnection& owner, pqxx::transaction_base& tx, std::string table,
                           const std::string& target, const std::vector<std::string>& quoted_columns)
    : owner_(&owner),
      tx_(&tx),
      writer_(open_writer(tx, target, quoted_columns)),
      table_(std::move(table)),
      target_(target),
      quoted_columns_(quoted_columns),
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
  if (!writer_) resume();
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
  try {
    if (writer_) {
      if (!chunk_.empty()) send_chunk();
      writer_->complete();
      writer_.reset();
    } else {
      // Suspended: the segments sent are complete, but a statement since (the stream's) may have failed
      // the transaction, and then they will never commit: finish() must not report them loaded.
      owner_->require_not_aborted(statement_);
    }
  } catch (...) {
    fail();
  }
  state_ = State::finished;
  std::exchange(owner_, nullptr)->copy_ended(table_, PgConnection::CopyEnd::finished);
  return rows_;
}

void PgCopyWriter::suspend() {
  if (state_ != State::open || !writer_) return;
  if (!chunk_.empty()) send_chunk();
  try {
    writer_->complete();
  } catch (...) {
    fail();
  }
  writer_.reset();
}

void PgCopyWriter::resume() {
  try {
    owner_->require_not_aborted(statement_);  // a failed FETCH between two segments: say so, not libpqxx
    writer_ = open_writer(*tx_, target_, quoted_columns_);
  } catch (...) {
    fail();
  }
}

void PgCopyWriter::abandon() noexcept {
  if (state_ != State::open) return;
  state_ = State::abandoned;
  chunk_.clear();
  try {
    // Suspended: the segments sent so far are complete, so a new one is opened only to be refused, which
    // leaves the transaction failed as one abandoned COPY would.
    if (!writer_) writer_ = open_writer(*tx_, target_, quoted_columns_);
    writer_->write_raw_line(poison_line());
  } catch (...) {
    // The connection may be gone; ending the COPY below fails then too, which is what we want.
  }
  writer_.reset();  // ends the COPY; the server's rejection becomes libpqxx's pending error
  std::exchange(owner_, nullptr)->copy_ended(table_, PgConnection::CopyEnd::abandoned);
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
