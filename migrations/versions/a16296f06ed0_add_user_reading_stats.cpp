// A data migration in C++: derives user_reading_stats, one row per user profile, from reading_behaviors and
// the genres of the content items read.
//
// Users are read one page at a time in key order (keyset paging) through ctx.stream (a server-side cursor),
// folded into per-user totals here, and each page is bulk-loaded with COPY before the next is read, so the
// memory used is bounded by the page size, not by the size of reading_behaviors or user_profiles.
//
// What the columns mean:
//   books_started            distinct content items (books and articles) with at least one reading record
//   books_completed          distinct content items with a record whose completion_rate is >= 1
//   reading_sessions         reading records
//   total_reading_seconds    sum of end_time - start_time over records with both finite and end > start,
//                            rounded to the second (open or inconsistent records add nothing)
//   average_completion_rate  mean of the finite completion rates; NULL when there are none
//   favourite_genre          the genre of the most records (a record counts once for each distinct genre
//                            of its item), then of the most seconds, then the smallest name byte-wise; NULL
//                            when no record has a genre. Genres are content_metadata.genres, or
//                            content_metadata.tags when genres is not an array; names are kept verbatim.
//   first_read_at            earliest start_time
//   last_read_at             latest end_time (start_time for a record still open)
// Records without a user are ignored; a user without records gets zeros and NULLs.
//
// Re-runnable: the table is created if missing and emptied before the load, all inside the revision's
// transaction, so running it again after a failed or partial run gives the same rows.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <godwit/revision.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

GODWIT_REVISION(AddUserReadingStats, R"(
  revision: a16296f06ed0
  down_revision: 7d8e9f1a2b3c
  message: add user reading stats
  create_date: 2026-11-26 01:40:00
)");

namespace {

constexpr std::size_t kDefaultPageUsers = 5000;
constexpr std::size_t kMaxPageUsers = 1000000;
constexpr const char* kPageUsersOption = "user_reading_stats.page_users";
constexpr const char* kProgressLabel = "user_reading_stats";

constexpr const char* kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS user_reading_stats (
    user_id VARCHAR NOT NULL,
    books_started INTEGER DEFAULT 0 NOT NULL,
    books_completed INTEGER DEFAULT 0 NOT NULL,
    reading_sessions INTEGER DEFAULT 0 NOT NULL,
    total_reading_seconds BIGINT DEFAULT 0 NOT NULL,
    average_completion_rate FLOAT,
    favourite_genre VARCHAR,
    first_read_at TIMESTAMP WITH TIME ZONE,
    last_read_at TIMESTAMP WITH TIME ZONE,
    computed_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    CONSTRAINT user_reading_stats_pkey PRIMARY KEY (user_id),
    CONSTRAINT user_reading_stats_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES user_profiles (user_id) ON DELETE CASCADE
))sql";

// Columns of the page query below, in order.
enum Column : std::size_t {
  kUserId,
  kRecordId,
  kContentId,
  kCompletionRate,
  kCompleted,
  kSeconds,
  kStartedAt,
  kStartedEpoch,
  kReadAt,
  kReadAtEpoch,
  kGenre,
};

// SQL for a timestamptz as text that COPY reads back as the same instant whatever the session's DateStyle
// and TimeZone (its own output would not do: DateStyle SQL prints zone abbreviations such as "IST", which
// input reads with another meaning), and that to_char cannot break for infinities or years BC.
std::string utc_text(const std::string& column) {
  return "CASE WHEN isfinite(" + column + ") THEN to_char(" + column +
         " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' || CASE WHEN " + column +
         " < '0001-01-01 00:00:00+00' THEN ' BC' ELSE '' END ELSE " + column + "::text END";
}

// One page of users ($1 of them, after $2 in key order when given) with their reading records, one row per
// (record, genre of its item). A user without records comes as one row of NULLs, a record without genres as
// one row with a NULL genre. Timestamps come as text for COPY and as epoch seconds to compare them here.
// "Completed" is decided here in SQL, on the exact float8, not on its text (extra_float_digits may round
// 0.9999999999999999 to "1"); NaN, which PostgreSQL sorts above 1, is not completed. The ::jsonb casts
// also accept the json columns the original Alembic migration created.
constexpr const char* kPageQuery = R"sql(
WITH page AS (SELECT user_id FROM user_profiles {after} ORDER BY user_id LIMIT $1::integer)
SELECT p.user_id,
       rb.id,
       rb.content_id,
       rb.completion_rate,
       rb.completion_rate >= 1 AND rb.completion_rate <> 'NaN',
       CASE WHEN isfinite(rb.start_time) AND isfinite(rb.end_time) AND rb.end_time > rb.start_time
            THEN extract(epoch FROM rb.end_time) - extract(epoch FROM rb.start_time) END,
       {started_at},
       extract(epoch FROM rb.start_time),
       {read_at},
       extract(epoch FROM COALESCE(rb.end_time, rb.start_time)),
       g.genre
FROM page p
LEFT JOIN reading_behaviors rb ON rb.user_id = p.user_id
LEFT JOIN content_items ci ON ci.id = rb.content_id
LEFT JOIN LATERAL jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(ci.content_metadata::jsonb -> 'genres') = 'array'
              THEN ci.content_metadata::jsonb -> 'genres'
         WHEN jsonb_typeof(ci.content_metadata::jsonb -> 'tags') = 'array'
              THEN ci.content_metadata::jsonb -> 'tags'
    END) AS g(genre) ON true
ORDER BY p.user_id, rb.id)sql";

void replace(std::string& text, std::string_view placeholder, const std::string& value) {
  text.replace(text.find(placeholder), placeholder.size(), value);
}

std::string page_query(bool after_a_user) {
  std::string sql = kPageQuery;
  replace(sql, "{after}", after_a_user ? "WHERE user_id > $2::varchar" : "");
  replace(sql, "{started_at}", utc_text("rb.start_time"));
  replace(sql, "{read_at}", utc_text("COALESCE(rb.end_time, rb.start_time)"));
  return sql;
}

// A timestamp as utc_text() renders it, with its epoch seconds for ordering.
struct Instant {
  double epoch = 0;
  std::string text;
};

struct UserStats {
  std::string user_id;
  std::uint64_t books_started = 0;
  std::uint64_t books_completed = 0;
  std::uint64_t reading_sessions = 0;
  std::int64_t total_reading_seconds = 0;
  std::optional<double> average_completion_rate;
  std::optional<std::string> favourite_genre;
  std::optional<Instant> first_read_at;
  std::optional<Instant> last_read_at;
};

struct GenreTally {
  std::uint64_t records = 0;
  double seconds = 0;
};

// Folds one user's rows, which the page query returns consecutively and ordered by record, into UserStats.
class UserAccumulator {
 public:
  explicit UserAccumulator(std::string_view user_id) { stats_.user_id = std::string(user_id); }

  const std::string& user_id() const { return stats_.user_id; }

  void add(const godwit::Row& row) {
    const auto record = row.get<std::optional<std::int64_t>>(kRecordId);
    if (!record) return;  // the user has no reading records
    if (record != record_id_) start_record(row, *record);
    if (!row.is_null(kGenre)) add_genre(row.text(kGenre));
  }

  UserStats finish() {
    stats_.books_started = started_.size();
    stats_.books_completed = completed_.size();
    stats_.total_reading_seconds = std::llround(seconds_);
    if (completion_count_ > 0) stats_.average_completion_rate = completion_sum_ / completion_count_;
    stats_.favourite_genre = favourite_genre();
    return std::move(stats_);
  }

 private:
  void start_record(const godwit::Row& row, std::int64_t record) {
    record_id_ = record;
    record_genres_.clear();
    ++stats_.reading_sessions;

    const auto seconds = row.get<std::optional<double>>(kSeconds);
    record_seconds_ = seconds && std::isfinite(*seconds) ? *seconds : 0.0;
    seconds_ += record_seconds_;

    // NaN is no rate at all and an infinite one no average; completion is decided by the query.
    const auto rate = row.get<std::optional<double>>(kCompletionRate);
    if (rate && std::isfinite(*rate)) {
      completion_sum_ += *rate;
      ++completion_count_;
    }
    if (!row.is_null(kContentId)) {
      std::string content(row.text(kContentId));
      if (row.get<std::optional<bool>>(kCompleted).value_or(false)) completed_.insert(content);
      started_.insert(std::move(content));
    }

    keep(stats_.first_read_at, row.get<double>(kStartedEpoch), row.text(kStartedAt), std::less<>());
    keep(stats_.last_read_at, row.get<double>(kReadAtEpoch), row.text(kReadAt), std::greater<>());
  }

  void add_genre(std::string_view genre) {
    if (genre.empty()) return;
    // An item listing a genre twice still counts once for this record.
    if (std::find(record_genres_.begin(), record_genres_.end(), genre) != record_genres_.end()) return;
    record_genres_.emplace_back(genre);
    auto tally = genres_.find(genre);
    if (tally == genres_.end()) tally = genres_.emplace(std::string(genre), GenreTally{}).first;
    ++tally->second.records;
    tally->second.seconds += record_seconds_;
  }

  // The map iterates names in byte order, so keeping only strictly better tallies breaks ties by name.
  std::optional<std::string> favourite_genre() const {
    const std::pair<const std::string, GenreTally>* best = nullptr;
    for (const auto& entry : genres_) {
      if (!best || entry.second.records > best->second.records ||
          (entry.second.records == best->second.records && entry.second.seconds > best->second.seconds))
        best = &entry;
    }
    if (!best) return std::nullopt;
    return best->first;
  }

  template <class Better>
  static void keep(std::optional<Instant>& slot, double epoch, std::string_view text, Better better) {
    if (slot && !better(epoch, slot->epoch)) return;
    slot = Instant{epoch, std::string(text)};
  }

  UserStats stats_;
  std::unordered_set<std::string> started_;
  std::unordered_set<std::string> completed_;
  std::map<std::string, GenreTally, std::less<>> genres_;
  double seconds_ = 0;
  double completion_sum_ = 0;
  std::uint64_t completion_count_ = 0;
  std::optional<std::int64_t> record_id_;
  double record_seconds_ = 0;
  std::vector<std::string> record_genres_;  // genres already counted for the current record
};

std::vector<UserStats> read_page(godwit::Context& ctx, const std::optional<std::string>& after,
                                 std::size_t page_users) {
  std::vector<UserStats> users;
  std::optional<UserAccumulator> current;
  const auto on_row = [&](const godwit::Row& row) {
    const std::string_view user = row.text(kUserId);
    if (!current || current->user_id() != user) {
      if (current) users.push_back(current->finish());
      current.emplace(user);
    }
    current->add(row);
  };
  if (after)
    ctx.stream(page_query(true), godwit::Params{godwit::Value(page_users), godwit::Value(*after)}, on_row);
  else
    ctx.stream(page_query(false), godwit::Params{godwit::Value(page_users)}, on_row);
  if (current) users.push_back(current->finish());
  return users;
}

godwit::Field timestamp_field(const std::optional<Instant>& instant) {
  if (!instant) return godwit::Field();
  return godwit::Field(instant->text);
}

void write_page(godwit::Context& ctx, const std::vector<UserStats>& users) {
  static const std::vector<std::string> kColumns = {
      "user_id",          "books_started",         "books_completed",
      "reading_sessions", "total_reading_seconds", "average_completion_rate",
      "favourite_genre",  "first_read_at",         "last_read_at"};
  const auto copy = ctx.copy_into("user_reading_stats", kColumns);
  for (const UserStats& s : users) {
    copy->write(s.user_id, s.books_started, s.books_completed, s.reading_sessions, s.total_reading_seconds,
                s.average_completion_rate, s.favourite_genre, timestamp_field(s.first_read_at),
                timestamp_field(s.last_read_at));
  }
  copy->finish();
}

std::size_t page_users(const godwit::Context& ctx) {
  const auto text = ctx.option(kPageUsersOption);
  if (!text) return kDefaultPageUsers;
  std::size_t value = 0;
  const char* end = text->data() + text->size();
  const auto parsed = std::from_chars(text->data(), end, value);
  if (parsed.ec != std::errc() || parsed.ptr != end || value == 0 || value > kMaxPageUsers)
    throw godwit::Error("revision " + std::string(ctx.revision_id()) + ": option " + kPageUsersOption + "='" +
                        *text + "' is not a whole number from 1 to " + std::to_string(kMaxPageUsers) +
                        "; pass e.g. -x " + kPageUsersOption + "=5000, or leave it out");
  return value;
}

}  // namespace

void AddUserReadingStats::upgrade(godwit::Context& ctx) {
  // Emitting only the DDL offline would leave an empty table behind a version row that says it is filled.
  if (ctx.offline())
    throw godwit::OfflineUnsupported(
        "revision " + std::string(ctx.revision_id()) +
        " (add user reading stats) computes user_reading_stats from the rows of reading_behaviors and "
        "content_items, which an offline --sql script cannot read; render the script up to 7d8e9f1a2b3c "
        "only, then run this revision online: godwit upgrade " +
        std::string(ctx.revision_id()));

  const std::size_t page_size = page_users(ctx);
  ctx.execute(kCreateTable);
  ctx.execute("TRUNCATE user_reading_stats");

  // The page query's row estimate is about 100 times too high (jsonb_array_elements_text claims 100 rows a
  // call), so PostgreSQL would JIT-compile every page anew, which doubled the run time in tests. Off for
  // this revision's statements only: SET LOCAL ends with the transaction, and the old value is put back.
  const auto jit = ctx.query("SELECT current_setting('jit', true)")[0].get<std::optional<std::string>>(0);
  if (jit) ctx.execute("SET LOCAL jit = off");

  const std::uint64_t total = ctx.query("SELECT count(*) FROM user_profiles")[0].get<std::uint64_t>(0);
  std::uint64_t done = 0;
  ctx.progress(done, total, kProgressLabel);
  std::optional<std::string> after;
  for (;;) {
    std::vector<UserStats> users = read_page(ctx, after, page_size);
    if (users.empty()) break;
    write_page(ctx, users);
    done += users.size();
    // READ COMMITTED: profiles added since the count are read too.
    ctx.progress(done, std::max(total, done), kProgressLabel);
    if (users.size() < page_size) break;
    after = std::move(users.back().user_id);
  }
  if (jit) ctx.execute("SELECT set_config('jit', $1, true)", godwit::Params{godwit::Value(*jit)});
  ctx.info("user_reading_stats: loaded " + std::to_string(done) + " users");
}

void AddUserReadingStats::downgrade(godwit::Context& ctx) {
  ctx.execute("DROP TABLE user_reading_stats");
}
