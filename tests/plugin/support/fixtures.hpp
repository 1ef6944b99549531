#pragma once

// Paths of the fixture libraries built by tests/plugin/CMakeLists.txt, and the facts they declare.

#include <filesystem>
#include <string>

namespace godwit::test::fixture {

inline const std::filesystem::path kSingle = GODWIT_FIXTURE_SINGLE;
inline const std::filesystem::path kBundle = GODWIT_FIXTURE_BUNDLE;
inline const std::filesystem::path kThrowsRuntime = GODWIT_FIXTURE_THROWS_RUNTIME;
inline const std::filesystem::path kThrowsDatabase = GODWIT_FIXTURE_THROWS_DATABASE;
inline const std::filesystem::path kUndefinedSymbol = GODWIT_FIXTURE_UNDEFINED_SYMBOL;
inline const std::filesystem::path kNoRevisions = GODWIT_FIXTURE_NO_REVISIONS;
inline const std::filesystem::path kFakeDriver = GODWIT_FIXTURE_FAKE_DRIVER;
inline const std::filesystem::path kOtherDriver = GODWIT_FIXTURE_OTHER_DRIVER;
inline const std::filesystem::path kLyingDriver = GODWIT_FIXTURE_LYING_DRIVER;
inline const std::filesystem::path kUnmarkedDriver = GODWIT_FIXTURE_UNMARKED_DRIVER;
// Not a driver: a constructor writing the file named by $GODWIT_TEST_FOREIGN_MARKER, an entry, no section.
inline const std::filesystem::path kForeignLibrary = GODWIT_FIXTURE_FOREIGN_LIBRARY;
// A revision including godwit/postgres.hpp, linked with Godwit::postgres (libpqxx).
inline const std::filesystem::path kPostgresNative = GODWIT_FIXTURE_POSTGRES_NATIVE;
inline const std::filesystem::path kPostgresDriver =
    GODWIT_POSTGRES_DRIVER;  // the real one, plugins/postgres

inline const std::string kSingleId = "1975ea83b712";

}  // namespace godwit::test::fixture
