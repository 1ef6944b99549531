#pragma once

#include <string>

#include "godwit/context.hpp"
#include "godwit/core/runner/script_writer.hpp"
#include "godwit/driver/driver.hpp"

namespace godwit::core::runner {

// The Context a revision sees under --sql: statements go to the script; reads are impossible and say so
// by the revision's name.
class OfflineContext final : public Context {
 public:
  OfflineContext(std::string revision_id, Direction direction, ScriptWriter& writer,
                 driver::HostServices& host)
      : revision_id_(std::move(revision_id)), direction_(direction), writer_(writer), host_(host) {}

  using Context::execute;
  using Context::query;
  using Context::stream;

  std::string_view revision_id() const override { return revision_id_; }
  Direction direction() const override { return direction_; }
  std::string_view dialect() const override { return writer_.dialect().name(); }
  bool offline() const override { return true; }

  void execute(std::string_view sql) override { writer_.execute(sql); }
  std::uint64_t execute(std::string_view sql, const Params& params) override {
    return writer_.execute(sql, params, 0);
  }
  Rows query(std::string_view sql, const Params& params) override;
  void stream(std::string_view sql, const Params& params, const RowCallback& on_row,
              std::size_t batch_rows) override;
  std::unique_ptr<CopyWriter> copy_into(std::string_view table,
                                        const std::vector<std::string>& columns) override;
  std::string quote_identifier(std::string_view name) const override {
    return writer_.dialect().quote_identifier(name);
  }

  void progress(std::uint64_t, std::uint64_t, std::string_view) override {}
  void log(LogLevel level, std::string_view message) override { host_.log(level, message); }
  std::optional<std::string> option(std::string_view key) const override { return host_.option(key); }
  void* native_handle(std::string_view) override { return nullptr; }
  void apply_change(OperationKind kind, const void* change) override;

 private:
  [[noreturn]] void refuse_read(const char* what) const;

  std::string revision_id_;
  Direction direction_;
  ScriptWriter& writer_;
  driver::HostServices& host_;
};

}  // namespace godwit::core::runner
