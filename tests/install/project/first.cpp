#include <godwit/revision.hpp>

GODWIT_REVISION(CreateShelves, R"(
  revision: 0a1b2c3d4e5f
  message: create shelves
)");

void CreateShelves::upgrade(godwit::Context& ctx) {
  ctx.execute("CREATE TABLE shelves (id serial PRIMARY KEY, name text NOT NULL)");
}

void CreateShelves::downgrade(godwit::Context& ctx) {
  ctx.execute("DROP TABLE shelves");
}
