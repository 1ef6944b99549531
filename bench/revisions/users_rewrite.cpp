// The data-migration benchmark (bench/run, case 4): rewrites users (id, email, created_at) into users_new
// (id, email, domain, created_at) with the email lower-cased and the domain derived from it, then swaps the
// tables -- all inside the revision's transaction, through the SDK only: ctx.stream to read, ctx.copy_into
// to write. The same revision runs on PostgreSQL and SQLite; only the DDL differs (ctx.dialect()).
//
// One stream of the whole table, each row rewritten and written to one open bulk load: the driver keeps
// memory bounded (PostgreSQL: a server-side cursor fetched `bench_batch_rows` rows at a time, the COPY
// suspended around each FETCH; SQLite: one row at a time), so memory does not grow with the table.
//
// The floors it is compared with (bench/run) end in the same state: users with the new column and its
// primary key.
#include <charconv>
#include <cstdint>
#include <godwit/revision.hpp>
#include <string>
#include <string_view>
#include <vector>

GODWIT_REVISION(BenchUsersRewrite, R"(
  revision: benchusers01
  down_revision:
  message: lower-case emails and derive their domain
)");

namespace {

constexpr std::size_t kDefaultBatchRows = 50000;

std::size_t batch_rows(const godwit::Context& ctx) {
  const auto text = ctx.option("bench_batch_rows");
  if (!text) return kDefaultBatchRows;
  std::size_t value = 0;
  const auto parsed = std::from_chars(text->data(), text->data() + text->size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text->data() + text->size() || value == 0)
    throw godwit::Error("option bench_batch_rows='" + *text + "' is not a positive whole number");
  return value;
}

// lower(email) and split_part(lower(email), '@', 2): the text between the first and the second '@' (empty
// without one). ASCII only, as PostgreSQL's lower() in the C locale and SQLite's lower().
void rewrite(std::string_view email, std::string& lowered, std::string_view& domain) {
  lowered.assign(email);
  for (char& c : lowered)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  domain = {};
  if (const auto at = lowered.find('@'); at != std::string::npos) {
    domain = std::string_view(lowered).substr(at + 1);
    domain = domain.substr(0, domain.find('@'));
  }
}

}  // namespace

void BenchUsersRewrite::upgrade(godwit::Context& ctx) {
  if (ctx.offline())
    throw godwit::OfflineUnsupported("revision benchusers01 rewrites the rows of users; run it online");
  const bool sqlite = ctx.dialect() == "sqlite";
  const std::size_t batch = batch_rows(ctx);
  // SQLite cannot add a primary key to a table: it is declared up front (an INTEGER PRIMARY KEY is the rowid,
  // and the rows arrive in its order). PostgreSQL builds it after the load, which is faster than
  // maintaining the index row by row.
  ctx.execute(
      sqlite ? "CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL, domain TEXT NOT NULL, "
               "created_at TEXT NOT NULL)"
             : "CREATE TABLE users_new (id bigint NOT NULL, email text NOT NULL, domain text NOT NULL, "
               "created_at timestamptz NOT NULL)");
  const auto total = ctx.query("SELECT count(*) FROM users")[0].get<std::uint64_t>(0);
  std::uint64_t done = 0;
  ctx.progress(done, total, "users rewritten");

  static const std::vector<std::string> kColumns = {"id", "email", "domain", "created_at"};
  const auto copy = ctx.copy_into("users_new", kColumns);
  std::string lowered;
  std::string_view domain;
  ctx.stream(
      "SELECT id, email, created_at FROM users", godwit::Params{},
      [&](const godwit::Row& row) {
        rewrite(row.text(1), lowered, domain);
        copy->write(row.text(0), lowered, domain, row.text(2));
        if (++done % batch == 0) ctx.progress(done, total, "users rewritten");
      },
      batch);
  copy->finish();
  ctx.progress(done, total, "users rewritten");

  ctx.execute("DROP TABLE users");
  ctx.execute("ALTER TABLE users_new RENAME TO users");
  if (!sqlite) ctx.execute("ALTER TABLE users ADD PRIMARY KEY (id)");
}

void BenchUsersRewrite::downgrade(godwit::Context&) {
  throw godwit::Irreversible("revision benchusers01 lower-cased every email; the original case is gone");
}
