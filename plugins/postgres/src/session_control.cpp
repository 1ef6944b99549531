// The PostgreSQL side of supervising a run: telling whether a session still stands, naming the session that
// holds a lock, ending another session, cancelling a statement.
#include <poll.h>

#include <thread>

#include "connection.hpp"
#include "row_stream.hpp"

namespace godwit::pg {

namespace {

// pg_locks shows a bigint advisory key as two oids (high and low 32 bits) with objsubid 1. Advisory
// locks belong to one database: another database's holder of the same key is not ours.
constexpr const char* kLockHolderSql = R"(SELECT a.pid, coalesce(a.application_name, ''),
       coalesce(host(a.client_addr), 'local socket'), coalesce(a.state, 'unknown'),
       to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       coalesce(extract(epoch FROM now() - a.state_change)::bigint, 0),
       left(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g'), 160)
  FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
   AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
   AND l.classid::bigint = ($1::bigint >> 32) & 4294967295 AND l.objid::bigint = $1::bigint & 4294967295
 LIMIT 1)";

// A session is named by its pid and start time together: pids are reused.
constexpr const char* kSessionMatch = "pid = $1::int AND extract(epoch FROM backend_start)::text = $2";

struct SessionKey {
  std::string pid;
  std::string started;
};

SessionKey parse_session_id(std::string_view id) {
  const std::size_t colon = id.find(':');
  if (colon == std::string_view::npos || colon == 0)
    throw Error("malformed PostgreSQL session id '" + std::string(id) + "' (expected pid:start)");
  return {std::string(id.substr(0, colon)), std::string(id.substr(colon + 1))};
}

}  // namespace

std::string PgConnection::describe_lock_holder(std::int64_t key) {
  const Rows rows = query(kLockHolderSql, {key});
  if (rows.size() == 0) return {};
  const Row row = rows[0];
  std::string text = "PostgreSQL backend " + std::string(row.text(0));
  if (!row.text(1).empty()) text += " (application '" + std::string(row.text(1)) + "')";
  text += " from " + std::string(row.text(2)) + ", connected since " + std::string(row.text(4)) + ", " +
          std::string(row.text(3)) + " for " + std::string(row.text(5)) + " s";
  if (!row.text(6).empty()) text += ", last statement: " + std::string(row.text(6));
  // A killed run's statement goes on until it ends: say how to end it now.
  return text + " (to end that session: SELECT pg_terminate_backend(" + std::string(row.text(0)) + "))";
}

bool PgConnection::session_alive() noexcept {
  // An idle session receives nothing unless the server ends it (a FATAL message, then end of file) or
  // sends a notice: nothing to read means it stands, at no round trip. What did arrive is read until the
  // socket is quiet again, as the end of file comes only after the message.
  for (int reads = 0; reads < 8; ++reads) {
    if (!connection_->is_open()) return false;
    pollfd readable{connection_->sock(), POLLIN, 0};
    if (readable.fd < 0) return false;
    if (::poll(&readable, 1, 0) <= 0) return true;
    if ((readable.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return false;
    try {
      connection_->get_notifs();  // throws once what it reads is the end of the session
    } catch (...) {
      return false;
    }
    if (notices_->session_ended()) return false;
  }
  return connection_->is_open();
}

std::string PgConnection::session_id() {
  const Rows rows = query(
      "SELECT pg_catalog.pg_backend_pid()::text || ':' || extract(epoch FROM backend_start)::text "
      "FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid()",
      {});
  return rows.size() == 0 ? std::string() : std::string(rows[0].text(0));
}

bool PgConnection::end_session(std::string_view id, std::chrono::milliseconds timeout) {
  const SessionKey session = parse_session_id(id);
  const Params params{session.pid, session.started};
  const Rows ended = query(std::string("SELECT pg_catalog.pg_terminate_backend(pid) FROM "
                                       "pg_catalog.pg_stat_activity WHERE ") +
                               kSessionMatch,
                           params);
  if (ended.size() == 0) return false;
  // pg_terminate_backend only signals: the backend rolls back and releases its locks as it exits.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string still_there =
      std::string("SELECT 1 FROM pg_catalog.pg_stat_activity WHERE ") + kSessionMatch;
  while (query(still_there, params).size() > 0) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw Error("session " + session.pid + " on " + target_.display_url + " did not end within " +
                  std::to_string(timeout.count()) + " ms of pg_terminate_backend");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void PgConnection::cancel() noexcept {
  try {
    // PQcancel over its own socket: safe while another thread waits in this connection's query.
    connection_->cancel_query();
  } catch (...) {
    // Nothing runs, or the server is gone: either way there is nothing left to stop.
  }
}

}  // namespace godwit::pg
