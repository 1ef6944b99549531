#pragma once

#include <string>
#include <vector>

#include "godwit/core/graph/plan.hpp"

namespace godwit::core::runner {

// "Running upgrade 70e2f3202201 -> a8abefa4ec5f, remove purchase_links table", as Alembic logs it.
std::string describe_step(const graph::Step& step);

// "70e2f3202201, a8abefa4ec5f", or "base" for no heads.
std::string describe_heads(const std::vector<std::string>& heads);

}  // namespace godwit::core::runner
