// A revision calling the helper. Built against the SDK the helper was built against it links; built against
// an SDK of another ABI major, the helper's godwit::Context is another type (another inline namespace), so
// the link fails instead of the call misbehaving at run time.
#include <godwit/revision.hpp>

int count_shelves(godwit::Context& ctx);

GODWIT_REVISION(CountShelves, R"(
  revision: 9f8e7d6c5b4a
  down_revision:
  message: count shelves through a helper
)");

void CountShelves::upgrade(godwit::Context& ctx) {
  ctx.info("shelves: " + std::to_string(count_shelves(ctx)));
}
void CountShelves::downgrade(godwit::Context&) {}
