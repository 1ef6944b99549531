#pragma once

// A godwit::Context that records what a revision does, for the invoker tests. No database behind it.

#include <string>
#include <vector>

#include "godwit/context.hpp"

namespace godwit::test {

class RecordingContext final : public godwit::Context {
 public:
  explicit RecordingContext(std::string revision_id = "",
                            godwit::Direction direction = godwit::Direction::upgrade)
      : revision_id_(std::move(revision_id)), direction_(direction) {}

  std::vector<std::string> statements;
  std::vector<std::string> messages;

  std::string_view revision_id() const override { return revision_id_; }
  godwit::Direction direction() const override { return direction_; }
  std::string_view dialect() const override { return "recording"; }
  bool offline() const override { return false; }

  void execute(std::string_view sql) override { statements.emplace_back(sql); }
  std::uint64_t execute(std::string_view sql, const godwit::Params&) override {
    statements.emplace_back(sql);
    return 0;
  }
  godwit::Rows query(std::string_view sql, const godwit::Params&) override {
    statements.emplace_back(sql);
    return {};
  }
  void stream(std::string_view sql, const godwit::Params&, const godwit::RowCallback&, std::size_t) override {
    statements.emplace_back(sql);
  }
  std::unique_ptr<godwit::CopyWriter> copy_into(std::string_view, const std::vector<std::string>&) override {
    return nullptr;
  }
  std::string quote_identifier(std::string_view name) const override {
    return "\"" + std::string(name) + "\"";
  }
  void progress(std::uint64_t, std::uint64_t, std::string_view) override {}
  void log(godwit::LogLevel, std::string_view message) override { messages.emplace_back(message); }
  std::optional<std::string> option(std::string_view) const override { return std::nullopt; }
  void* native_handle(std::string_view) override { return nullptr; }
  void apply_change(godwit::OperationKind, const void*) override { statements.emplace_back("(operation)"); }

 private:
  std::string revision_id_;
  godwit::Direction direction_;
};

}  // namespace godwit::test
