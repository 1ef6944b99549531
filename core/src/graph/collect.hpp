#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "resolver.hpp"

namespace godwit::core::graph::detail {

// The revisions a command touches and the heads its ordering starts from (input to
// topological_sort). Throws RangeNotAncestor where Alembic raises RangeNotAncestorError, for the
// caller to word; everything else as Error.
struct Collected {
  std::vector<std::uint8_t> todo;
  std::vector<Node> heads;
};

// Alembic's _collect_upgrade_revisions: what must be applied to go from `lower` (the current rows,
// or a range start) up to `upper` (the target). `implicit_base` also brings in other branches the
// target needs; `inclusive` keeps the lower revisions themselves (history).
Collected collect_upgrade(Resolver& resolver, const RevArg& upper, RevArg lower, bool inclusive,
                          bool implicit_base, bool assert_relative_length);

// Alembic's _collect_downgrade_revisions: what must be unapplied to go from the current rows
// (`upper`) down to `lower`, including every dependent of what is dropped. `inclusive` drops `lower`
// too; `implicit_base` also winds every other branch back to base (both off for `downgrade`).
Collected collect_downgrade(Resolver& resolver, const RevArg& upper, std::string_view lower,
                            bool inclusive = false, bool implicit_base = false);

// Target parsing relative to the current rows (Alembic's _parse_upgrade_target and
// _parse_downgrade_target). The downgrade form also returns the branch the target was qualified with.
std::vector<Node> parse_upgrade_target(Resolver& resolver, const RevArg& current, const RevArg& target,
                                       bool assert_relative_length);
std::pair<std::string, WalkPos> parse_downgrade_target(Resolver& resolver, const RevArg& current,
                                                       std::string_view target, bool assert_relative_length);

}  // namespace godwit::core::graph::detail
