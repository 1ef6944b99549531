// A helper a team links into its revisions, compiled once against the installed SDK.
#include <godwit/context.hpp>

int count_shelves(godwit::Context& ctx) {
  return static_cast<int>(ctx.query("SELECT name FROM shelves").size());
}
