// Purchase links are generated on demand now; the table that cached them goes.
#include <godwit/revision.hpp>

GODWIT_REVISION(RemovePurchaseLinksTable, R"(
  revision: a8abefa4ec5f
  down_revision: 70e2f3202201
  message: remove_purchase_links_table
  create_date: 2026-01-18 14:07:50.946958
)");

void RemovePurchaseLinksTable::upgrade(godwit::Context& ctx) {
  // Drops its index and foreign key with it.
  ctx.execute("DROP TABLE purchase_links");
}

void RemovePurchaseLinksTable::downgrade(godwit::Context& ctx) {
  // Exactly as 70e2f3202201 created it (columns, names, ON DELETE, index); the rows are gone for good.
  ctx.execute(R"sql(
CREATE TABLE purchase_links (
    link_id VARCHAR NOT NULL,
    content_id VARCHAR,
    link_type VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    display_text VARCHAR NOT NULL,
    format VARCHAR,
    price VARCHAR,
    availability VARCHAR,
    generated_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT purchase_links_pkey PRIMARY KEY (link_id),
    CONSTRAINT purchase_links_content_id_fkey FOREIGN KEY (content_id)
        REFERENCES content_items (id) ON DELETE CASCADE
))sql");
  ctx.execute("CREATE INDEX ix_purchase_links_content_id ON purchase_links (content_id)");
}
