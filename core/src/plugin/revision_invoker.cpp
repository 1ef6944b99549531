#include "godwit/core/plugin/revision_invoker.hpp"

#include <optional>
#include <string>

#include "godwit/core/plugin/revision_failure.hpp"
#include "godwit/revision.hpp"

namespace godwit::core::plugin {
namespace {

const char* direction_name(godwit::Direction direction) {
  return direction == godwit::Direction::upgrade ? "upgrade" : "downgrade";
}

ErrorCategory category_of(const std::string& kind) {
  if (kind == "database" || kind == "connection") return ErrorCategory::database;
  if (kind == "offline") return ErrorCategory::offline;
  return ErrorCategory::revision;
}

std::string failure_message(const std::string& id, godwit::Direction direction, const std::string& kind,
                            const std::string& sqlstate, const std::string& reason) {
  std::string message = "revision " + id + " (" + direction_name(direction) + ") failed: " + reason;
  message += error_code_suffix(sqlstate);
  if (kind == "connection") message += " (the connection to the database was lost)";
  return message;
}

// Copies the plugin's strings at once: they point into an exception that dies when the entry returns.
class CopyingSink final : public godwit::detail::FailureSink {
 public:
  struct Failure {
    std::string kind, sqlstate, message;
  };

  void fail(const char* kind, const char* sqlstate, const char* message) noexcept override {
    try {
      failure_ = Failure{kind ? kind : "exception", sqlstate ? sqlstate : "", message ? message : ""};
    } catch (...) {
      out_of_memory_ = true;
    }
  }

  const std::optional<Failure>& failure() const noexcept { return failure_; }
  bool out_of_memory() const noexcept { return out_of_memory_; }

 private:
  std::optional<Failure> failure_;
  bool out_of_memory_ = false;
};

}  // namespace

RevisionFailure::RevisionFailure(std::string revision_id, godwit::Direction direction, std::string kind,
                                 std::string sqlstate, std::string reason)
    : Error(category_of(kind), failure_message(revision_id, direction, kind, sqlstate, reason)),
      revision_id_(std::move(revision_id)),
      direction_(direction),
      kind_(std::move(kind)),
      sqlstate_(std::move(sqlstate)),
      reason_(std::move(reason)) {}

void invoke(const LoadedRevision& revision, godwit::Direction direction, godwit::Context& ctx) {
  CopyingSink sink;
  const godwit::detail::Invocation call{sizeof(godwit::detail::Invocation), direction, &ctx, &sink};
  const int status = revision.entry()(&call);
  if (status == godwit::detail::kEntryOk && !sink.failure()) return;

  if (sink.out_of_memory()) throw RevisionFailure(revision.id(), direction, "exception", "", "out of memory");
  if (!sink.failure())
    throw RevisionFailure(revision.id(), direction, "exception", "",
                          "its entry function returned " + std::to_string(status) + " without reporting why");
  const auto& failure = *sink.failure();
  throw RevisionFailure(revision.id(), direction, failure.kind, failure.sqlstate,
                        failure.message.empty() ? "no message" : failure.message);
}

}  // namespace godwit::core::plugin
