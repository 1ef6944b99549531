#pragma once

#include <cstdint>
#include <string_view>

#include "godwit/value.hpp"

namespace godwit::core::runner {

// Where the runner's own statements (version table, history) go: a live connection, or an offline script.
class SqlExecutor {
 public:
  virtual ~SqlExecutor() = default;
  virtual void execute(std::string_view sql) = 0;
  // Returns the rows affected; an offline script cannot know and returns `assumed_rows`.
  virtual std::uint64_t execute(std::string_view sql, const Params& params, std::uint64_t assumed_rows) = 0;
  virtual bool online() const = 0;
};

}  // namespace godwit::core::runner
