#pragma once

// SQLite URLs, spelled as SQLAlchemy spells them:
//   sqlite:///relative/path.db     relative to the current directory
//   sqlite:////absolute/path.db    (four slashes: the path's own one included)
//   sqlite://  or  sqlite:///:memory:   an in-memory database (shared by the driver's connections)
// The path is percent-decoded. A host part (sqlite://host/x), a fragment or any query parameter is refused
// before anything is opened: SQLite has no server to name, and a silently ignored parameter would make the
// user believe a setting applies.

#include <string>
#include <string_view>

namespace godwit::sqlite {

struct SqliteUrl {
  bool memory = false;
  std::string path;  // decoded; relative to the current directory unless it starts with '/'; empty for memory
};

// Throws godwit::Error "invalid SQLite URL '<url>': <what is wrong> (<what to write instead>)", one line.
SqliteUrl parse_url(std::string_view url);

}  // namespace godwit::sqlite
