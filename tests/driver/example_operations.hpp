#pragma once

// The operations both dialects' rendering tests render (postgres_operations_test.cpp,
// sqlite_operations_test.cpp), so the two read side by side: the same values, each dialect's SQL; and how
// they render one through the loaded driver's dialect.

#include <string>
#include <vector>

#include "driver_conformance.hpp"
#include "godwit/operation.hpp"

namespace godwit::test {

// CREATE TABLE with every kind of column and constraint, completed (conventional names filled in).
inline Operation example_create_table() {
  Operation create = CreateTable{
      QualifiedName("app", "members"),
      {Column("id", Type::bigint()).primary().generated(), Column("team_id", Type::bigint()).not_null(),
       Column("email", Type::string(200)).not_null(), Column("score", Type::numeric(10, 2)).default_sql("0"),
       Column("mood", Type::enumeration("mood", {"ok", "it's bad"})), Column("seen", Type::timestamp_tz()),
       Column("doc", Type::jsonb()), Column("note", Type::text()).described("free text")},
      {Unique{{"team_id", "email"}, {}},
       ForeignKey{{"team_id"}, QualifiedName("app", "teams"), {"id"}, {}}
           .deleting(ReferentialAction::cascade)
           .deferred(),
       Check{"ck_members_score", "score >= 0"}},
      std::string("people")};
  complete(create);
  return create;
}

inline Operation completed(Operation operation) {
  complete(operation);
  return operation;
}

// The statements the loaded driver's dialect renders for `operation`, completed first.
inline std::vector<std::string> render(const Operation& operation) {
  return loaded_driver().dialect().render(completed(operation));
}

// The message rendering `operation` is refused with, or "(accepted)".
inline std::string refusal(const Operation& operation) {
  try {
    render(operation);
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace godwit::test
