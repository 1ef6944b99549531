#include "godwit/core/runner/offline_context.hpp"

#include "godwit/driver/apply_operation.hpp"

namespace godwit::core::runner {

namespace {

// Hands the rows of one bulk load to the dialect, and writes what it renders on finish().
class OfflineCopyWriter final : public CopyWriter {
 public:
  OfflineCopyWriter(ScriptWriter& writer, std::unique_ptr<driver::ScriptBulkLoad> load)
      : writer_(writer), load_(std::move(load)) {}

  void write_row(const Field* fields, std::size_t count) override {
    load_->add_row(fields, count);
    ++count_;
  }
  std::uint64_t finish() override {
    writer_.rendered(load_->finish());
    return count_;
  }

 private:
  ScriptWriter& writer_;
  std::unique_ptr<driver::ScriptBulkLoad> load_;
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

void OfflineContext::apply_change(OperationKind kind, const void* change) {
  driver::apply_operation(*this, writer_.dialect(), operation_of(kind, change));
}

std::unique_ptr<CopyWriter> OfflineContext::copy_into(std::string_view table,
                                                      const std::vector<std::string>& columns) {
  const driver::Dialect& dialect = writer_.dialect();
  return std::make_unique<OfflineCopyWriter>(writer_,
                                             dialect.script_bulk_load(quote_table(dialect, table), columns));
}

}  // namespace godwit::core::runner
