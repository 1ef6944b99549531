// The data-migration benchmark (bench/run, case 4): rewrites users (id bigint PRIMARY KEY, email text,
// created_at timestamptz) into users_new (id, email, domain, created_at) with the email lower-cased and the
// domain derived from it, then swaps the tables -- all inside the revision's transaction, through the SDK
// only: ctx.stream (a server-side cursor) to read, ctx.copy_into (COPY FROM STDIN) to write.
//
// A COPY holds the connection until it finishes, so a cursor cannot be fetched from while a COPY is open on
// the same connection (the PostgreSQL driver refuses it). The revision therefore works in pages, as the
// example project's data migration does: stream one page of rows by primary key (keyset pagination), keep
// it in one flat buffer, COPY it, and go on after the page's last id. Memory is bounded by the page size
// (option bench_page_rows, default 50,000 rows: a few MB), whatever the table size.
//
// The psql floors it is compared with (bench/run) end in the same state: users with the new column and its
// primary key.
#include <godwit/revision.hpp>

#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

GODWIT_REVISION(BenchUsersRewrite, R"(
  revision: benchusers01
  down_revision:
  message: lower-case emails and derive their domain
)");

namespace {

constexpr std::size_t kDefaultPageRows = 50000;

// One page of rewritten rows: every field's text in one buffer, so a page costs two allocations.
struct Page {
  struct RowRef {
    std::uint32_t id, id_size, email, email_size, domain, domain_size, created, created_size;
  };
  std::string text;
  std::vector<RowRef> rows;

  std::uint32_t append(std::string_view value) {
    const auto at = static_cast<std::uint32_t>(text.size());
    text.append(value);
    return at;
  }
  std::string_view view(std::uint32_t at, std::uint32_t size) const { return std::string_view(text).substr(at, size); }
};

std::size_t page_rows(const godwit::Context& ctx) {
  const auto text = ctx.option("bench_page_rows");
  if (!text) return kDefaultPageRows;
  std::size_t value = 0;
  const auto parsed = std::from_chars(text->data(), text->data() + text->size(), value);
  if (parsed.ec != std::errc() || value == 0)
    throw godwit::Error("option bench_page_rows='" + *text + "' is not a positive whole number");
  return value;
}

// Reads the page after `after` (all of it when empty) and rewrites each row into `page`.
void read_page(godwit::Context& ctx, const std::string& after, std::size_t limit, Page& page) {
  page.text.clear();
  page.rows.clear();
  std::string lowered;
  const auto on_row = [&](const godwit::Row& row) {
    lowered.assign(row.text(1));
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // split_part(email, '@', 2): the text between the first and the second '@' (empty without one).
    std::string_view domain;
    if (const auto at = lowered.find('@'); at != std::string::npos) {
      domain = std::string_view(lowered).substr(at + 1);
      domain = domain.substr(0, domain.find('@'));
    }
    Page::RowRef ref{};
    ref.id_size = static_cast<std::uint32_t>(row.text(0).size());
    ref.id = page.append(row.text(0));
    ref.email_size = static_cast<std::uint32_t>(lowered.size());
    ref.email = page.append(lowered);
    ref.domain_size = static_cast<std::uint32_t>(domain.size());
    ref.domain = page.append(domain);
    ref.created_size = static_cast<std::uint32_t>(row.text(2).size());
    ref.created = page.append(row.text(2));
    page.rows.push_back(ref);
  };
  const godwit::Value limit_value(static_cast<std::uint64_t>(limit));
  if (after.empty()) {
    ctx.stream("SELECT id, email, created_at FROM users ORDER BY id LIMIT $1", godwit::Params{limit_value}, on_row);
  } else {
    ctx.stream("SELECT id, email, created_at FROM users WHERE id > $1 ORDER BY id LIMIT $2",
               godwit::Params{godwit::Value(after), limit_value}, on_row);
  }
}

void write_page(godwit::Context& ctx, const Page& page) {
  static const std::vector<std::string> kColumns = {"id", "email", "domain", "created_at"};
  const auto copy = ctx.copy_into("users_new", kColumns);
  for (const Page::RowRef& r : page.rows)
    copy->write(page.view(r.id, r.id_size), page.view(r.email, r.email_size), page.view(r.domain, r.domain_size),
                page.view(r.created, r.created_size));
  copy->finish();
}

}  // namespace

void BenchUsersRewrite::upgrade(godwit::Context& ctx) {
  if (ctx.offline())
    throw godwit::OfflineUnsupported("revision benchusers01 rewrites the rows of users; run it online");
  const std::size_t limit = page_rows(ctx);
  ctx.execute(
      "CREATE TABLE users_new (id bigint NOT NULL, email text NOT NULL, domain text NOT NULL, "
      "created_at timestamptz NOT NULL)");
  const auto total = ctx.query("SELECT count(*) FROM users")[0].get<std::uint64_t>(0);
  std::uint64_t done = 0;
  ctx.progress(done, total, "users rewritten");
  Page page;
  std::string after;
  for (;;) {
    read_page(ctx, after, limit, page);
    if (page.rows.empty()) break;
    write_page(ctx, page);
    done += page.rows.size();
    ctx.progress(done, total, "users rewritten");
    const Page::RowRef& last = page.rows.back();
    after.assign(page.view(last.id, last.id_size));
    if (page.rows.size() < limit) break;
  }
  ctx.execute("DROP TABLE users");
  ctx.execute("ALTER TABLE users_new RENAME TO users");
  ctx.execute("ALTER TABLE users ADD PRIMARY KEY (id)");
}

void BenchUsersRewrite::downgrade(godwit::Context&) {
  throw godwit::Irreversible("revision benchusers01 lower-cased every email; the original case is gone");
}
