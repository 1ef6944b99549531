#pragma once

#include <string>

// The fixture plugin directories tests/cli/CMakeLists.txt builds (FIXTURE_DIR is its binary dir).
namespace godwit::test {

const std::string kShop = std::string(FIXTURE_DIR) + "/shop";  // branches, a merge, a non-transactional head
const std::string kOperations = std::string(FIXTURE_DIR) + "/operations";  // revisions built from operations
const std::string kLinear = std::string(FIXTURE_DIR) + "/linear";  // aa0001 -> bb0002 -> cc0003 -> dd0004
const std::string kUnloadable =
    std::string(FIXTURE_DIR) + "/unloadable";                    // ab0001 -> ab0002 (fails dlopen) -> ab0003
const std::string kReads = std::string(FIXTURE_DIR) + "/reads";  // a data revision that cannot run offline

}  // namespace godwit::test
