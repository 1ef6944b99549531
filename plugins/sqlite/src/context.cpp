#include "context.hpp"

#include "dialect.hpp"

namespace godwit::sqlite {

std::string SqliteContext::quote_identifier(std::string_view name) const {
  return SqliteDialect().quote_identifier(name);
}

}  // namespace godwit::sqlite
