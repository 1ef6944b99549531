// Messages no longer carry purchase links (see a8abefa4ec5f).
#include <godwit/revision.hpp>

GODWIT_REVISION(RemovePurchaseLinksFromMessages, R"(
  revision: 6a1b012c8e7c
  down_revision: a8abefa4ec5f
  message: remove_purchase_links_from_messages
  create_date: 2026-01-18 14:08:09.309784
)");

void RemovePurchaseLinksFromMessages::upgrade(godwit::Context& ctx) {
  ctx.execute("ALTER TABLE conversation_messages DROP COLUMN purchase_links");
}

void RemovePurchaseLinksFromMessages::downgrade(godwit::Context& ctx) {
  // It was the last column, so adding it back at the end restores the same column order; values are lost.
  ctx.execute("ALTER TABLE conversation_messages ADD COLUMN purchase_links JSONB");
}
