#include "godwit/core/runner/offline_context.hpp"

#include "godwit/driver/copy_text.hpp"

namespace godwit::core::runner {

namespace {

// Buffers the rows of one COPY block and writes the block on finish().
class OfflineCopyWriter final : public CopyWriter {
 public:
  OfflineCopyWriter(ScriptWriter& writer, std::string table, std::vector<std::string> columns)
      : writer_(writer), table_(std::move(table)), columns_(std::move(columns)) {}

  void write_row(const Field* fields, std::size_t count) override {
    driver::append_copy_row(rows_, fields, count);
    ++count_;
  }
  std::uint64_t finish() override {
    writer_.copy_block(table_, columns_, rows_);
    rows_.clear();
    return count_;
  }

 private:
  ScriptWriter& writer_;
  std::string table_;
  std::vector<std::string> columns_;
  std::string rows_;
  std::uint64_t count_ = 0;
};

std::string quote_table(const driver::Dialect& dialect, std::string_view table) {
  const auto dot = table.find('.');
  if (dot == std::string_view::npos) return dialect.quote_identifier(table);
  return dialect.qualified_name(table.substr(0, dot), table.substr(dot + 1));
}

}  // namespace

void OfflineContext::refuse_read(const char* what) const {
  throw OfflineUnsupported("revision " + revision_id_ + " reads from the database (" + what +
                           ") and cannot be rendered as an offline --sql script; run it online");
}

Rows OfflineContext::query(std::string_view, const Params&) {
  refuse_read("query");
}

void OfflineContext::stream(std::string_view, const Params&, const RowCallback&, std::size_t) {
  refuse_read("stream");
}

std::unique_ptr<CopyWriter> OfflineContext::copy_into(std::string_view table,
                                                      const std::vector<std::string>& columns) {
  return std::make_unique<OfflineCopyWriter>(writer_, quote_table(writer_.dialect(), table), columns);
}

}  // namespace godwit::core::runner
