#include <godwit/revision.hpp>

GODWIT_REVISION(FillShelves, R"(
  revision: 1b2c3d4e5f60
  down_revision: 0a1b2c3d4e5f
  message: fill shelves with copy
)");

void FillShelves::upgrade(godwit::Context& ctx) {
  auto copy = ctx.copy_into("shelves", {"name"});
  for (const char* name : {"fiction", "tab\there", "naïve \"quotes\""}) copy->write(name);
  copy->finish();
}

void FillShelves::downgrade(godwit::Context& ctx) {
  ctx.execute("DELETE FROM shelves");
}
