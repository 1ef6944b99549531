#include <godwit/operations.hpp>
#include <godwit/revision.hpp>

// Built from operations, through the installed SDK: rendered by whichever driver runs it (PostgreSQL in
// install.sdk_package, the out-of-tree fakedb driver offline in install.out_of_tree_driver).
GODWIT_REVISION(CreateShelves, R"(
  revision: 0a1b2c3d4e5f
  message: create shelves
)");

void CreateShelves::upgrade(godwit::Context& ctx) {
  using godwit::Column;
  using godwit::Type;
  godwit::operations(ctx).create_table(
      "shelves", {Column("id", Type::integer()).primary().generated(), Column("name", Type::text()).not_null()});
}

void CreateShelves::downgrade(godwit::Context& ctx) {
  godwit::operations(ctx).drop_table("shelves");
}
