#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace godwit::core::graph {

// One side of a target, Alembic's syntax:
//   head | heads | base | <id> | <prefix> | <label>      symbol only
//   <label>@head | <label>@heads | <label>@base | <label>@<rev>
//   +N | -N | <label>@+N | <label>@-N                     step relative to the current heads
//   <rev>+N | <rev>-N | <label>@<rev>+N | ...             step relative to a symbol
// `<label>` may also be a revision id used as a branch ("<id>@base").
struct Destination {
  std::string text;    // as written
  std::string branch;  // the part before '@'; empty when there is none
  std::string symbol;  // "head", "heads", "base", an id, prefix or label; empty for "+N"/"label@-N"
  std::optional<long long> step;  // the signed N of "+N" / "-N"

  bool has_branch() const { return !branch.empty(); }
  bool is_relative() const { return step.has_value(); }
};

// A parsed target: one destination, or a "start:end" range (history, offline --sql runs).
struct Target {
  std::string text;
  bool is_range = false;
  std::optional<Destination> start;  // ranges only; nullopt when the start is left empty (":end")
  std::optional<Destination> end;    // the destination; nullopt only for a range with an empty end ("start:")
};

// Pure syntax check, no graph needed. Throws Error(usage) on malformed text: empty, whitespace, more
// than one ':' or '@', an empty label or symbol around '@', a step that is not a number, or trailing
// characters after a step.
Target parse_target(std::string_view text);
Destination parse_destination(std::string_view text);  // one side only; ':' is an error here

}  // namespace godwit::core::graph
