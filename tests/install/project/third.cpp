#include <godwit/postgres.hpp>
#include <godwit/revision.hpp>

// Uses the opt-in component Godwit::postgres: the libpqxx transaction godwit opened for this revision.
GODWIT_REVISION(NoteLibpqxx, R"(
  revision: 2c3d4e5f6071
  down_revision: 1b2c3d4e5f60
  message: note the libpqxx ABI through the native transaction
)");

void NoteLibpqxx::upgrade(godwit::Context& ctx) {
  pqxx::transaction_base* tx = godwit::postgres::native_transaction(ctx);
  if (tx == nullptr) throw godwit::Error("no libpqxx transaction behind this context");
  tx->exec0("CREATE TABLE native_notes (abi text)");
  tx->exec_params0("INSERT INTO native_notes VALUES ($1)", GODWIT_PQXX_ABI);
}

void NoteLibpqxx::downgrade(godwit::Context& ctx) {
  ctx.execute("DROP TABLE native_notes");
}
