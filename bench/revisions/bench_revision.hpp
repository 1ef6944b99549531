#pragma once

// What every generated benchmark revision does (bench/gen_history.sh writes the declarations). One
// BENCH_REVISION line declares a revision through the public SDK exactly as an author would, so a history
// of N revisions is N real GODWIT_REVISION records, N entry points and N classes.
//
// The work is chosen at run time with `-x bench_mode=...` so one compiled history serves every case:
//   table (default)  upgrade: CREATE TABLE bench_t_<id> (id bigint PRIMARY KEY, note text); downgrade: DROP TABLE
//   row              upgrade: INSERT INTO bench_rows (rev) VALUES (<id>); downgrade: DELETE that row
//   none             nothing (start-up and graph cases never run revisions; this keeps that explicit)
// bench/run writes the psql floor scripts from the same statements.
#include <godwit/revision.hpp>

#include <string>

namespace godwit_bench {

inline std::string bench_mode(const godwit::Context& ctx) { return ctx.option("bench_mode").value_or("table"); }

inline void upgrade(godwit::Context& ctx, const char* id) {
  const std::string mode = bench_mode(ctx);
  if (mode == "row") {
    ctx.execute("INSERT INTO bench_rows (rev) VALUES ($1)", godwit::Params{godwit::Value(id)});
  } else if (mode == "table") {
    ctx.execute(std::string("CREATE TABLE bench_t_") + id + " (id bigint PRIMARY KEY, note text)");
  }
}

inline void downgrade(godwit::Context& ctx, const char* id) {
  const std::string mode = bench_mode(ctx);
  if (mode == "row") {
    ctx.execute("DELETE FROM bench_rows WHERE rev = $1", godwit::Params{godwit::Value(id)});
  } else if (mode == "table") {
    ctx.execute(std::string("DROP TABLE bench_t_") + id);
  }
}

}  // namespace godwit_bench

// Ident: a C++ identifier; ID and DOWN: string literals (DOWN "" for a root, "a, b" for a merge).
#define BENCH_REVISION(Ident, ID, DOWN)                                                         \
  GODWIT_REVISION(Ident, "revision: " ID "\ndown_revision: " DOWN "\nmessage: bench " ID "\n"); \
  void Ident::upgrade(godwit::Context& ctx) { godwit_bench::upgrade(ctx, ID); }                \
  void Ident::downgrade(godwit::Context& ctx) { godwit_bench::downgrade(ctx, ID); }
