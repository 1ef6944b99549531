#pragma once

// A scripted driver::Connection for the runner's failure paths that a real server cannot easily produce
// (a failing COMMIT or bookkeeping statement, a lost lock session). It keeps the version rows and the
// history rows the runner writes, with transactions (committed on commit, discarded on rollback), and
// throws where a test says so.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "godwit/driver/driver.hpp"
#include "godwit/errors.hpp"

namespace godwit::test {

struct HistoryRow {
  std::int64_t id = 0;
  std::map<std::string, std::string> columns;  // NULL is ""
  std::string operator[](const std::string& column) const {
    auto found = columns.find(column);
    return found == columns.end() ? std::string() : found->second;
  }
};

struct FakeState {
  std::vector<std::string> versions;
  std::vector<HistoryRow> history;
};

class FakeConnection final : public driver::Connection {
 public:
  FakeState committed;
  std::vector<std::string> log;  // BEGIN, COMMIT, ROLLBACK and every statement, in order
  // Throws a DatabaseError from the statement whose text contains the key (once each).
  std::map<std::string, std::string> fail_statement;  // substring -> SQLSTATE
  int fail_commits = 0;                               // how many COMMITs fail
  bool alive = true;
  bool dies_on_rollback = false;     // the ROLLBACK breaks the connection: every statement after it fails
  std::function<void()> on_execute;  // runs before each statement (e.g. to raise a signal)

  std::string server_version() override { return "fake"; }
  std::string display_url() const override { return "fake://db"; }

  void begin() override {
    if (tx_) throw Error("begin(): a transaction is already open");
    tx_ = committed;
    log.push_back("BEGIN");
  }
  void commit() override {
    if (!tx_) throw Error("commit(): no transaction");
    log.push_back("COMMIT");
    if (fail_commits > 0) {
      --fail_commits;
      tx_.reset();
      throw DatabaseError("deferred constraint violated at COMMIT", "23503", "COMMIT");
    }
    committed = *tx_;
    tx_.reset();
  }
  void rollback() noexcept override {
    if (!tx_) return;
    log.push_back("ROLLBACK");
    tx_.reset();
    if (dies_on_rollback) alive = false;
  }
  bool in_transaction() const override { return tx_.has_value(); }

  void execute(std::string_view sql) override { statement(sql, {}); }
  std::uint64_t execute(std::string_view sql, const Params& params) override {
    return statement(sql, params).matched;
  }
  Rows query(std::string_view sql, const Params& params) override { return statement(sql, params).rows; }
  bool table_exists(std::string_view, std::string_view) override { return true; }

  std::vector<driver::TableName> list_tables() override { return {}; }
  bool acquire_lock(std::int64_t, std::chrono::milliseconds) override { return true; }
  bool lock_held(std::int64_t) noexcept override { return alive; }
  void release_lock(std::int64_t) override {}
  std::string describe_lock_holder(std::int64_t) override { return {}; }
  bool session_alive() noexcept override { return alive; }
  std::string session_id() override { return "fake-session"; }
  bool end_session(std::string_view, std::chrono::milliseconds) override { return false; }
  void cancel() noexcept override {}

  std::unique_ptr<Context> open_context(const driver::RevisionScope& scope,
                                        driver::HostServices& host) override;

  // The committed history, "revision:outcome" in order.
  std::string outcomes() const {
    std::string out;
    for (const auto& row : committed.history)
      out += (out.empty() ? "" : ",") + row["revision"] + ":" + row["outcome"];
    return out;
  }

 private:
  struct Result {
    std::uint64_t matched = 1;
    Rows rows;
  };

  FakeState& state() { return tx_ ? *tx_ : committed; }

  Result statement(std::string_view text, const Params& params) {
    const std::string sql(text);
    log.push_back(sql);
    if (!alive) throw ConnectionLost("server closed the connection unexpectedly", "08006", sql);
    if (on_execute) on_execute();
    for (auto it = fail_statement.begin(); it != fail_statement.end(); ++it)
      if (sql.find(it->first) != std::string::npos) {
        const std::string sqlstate = it->second;
        fail_statement.erase(it);
        throw DatabaseError("injected failure of: " + sql.substr(0, 60), sqlstate, sql);
      }
    return interpret(sql, params);
  }

  Result interpret(const std::string& sql, const Params& params) {
    Result result;
    if (sql.rfind("SELECT version_num", 0) == 0) {
      result.rows = Rows({"version_num"});
      for (const auto& v : state().versions) result.rows.append(v);
      return result;
    }
    if (sql.rfind("SELECT", 0) == 0 && sql.find("_history") != std::string::npos) return read_history(sql);
    if (sql.rfind("WITH source AS (", 0) == 0) return folded(sql, params);
    if (sql.find("_history") != std::string::npos && sql.rfind("INSERT", 0) == 0)
      return insert_history(sql, params, 0);
    if (sql.find("_history") != std::string::npos && sql.rfind("UPDATE", 0) == 0)
      return finish_history(params);
    if (sql.rfind("INSERT INTO", 0) == 0 && sql.find("version_num") != std::string::npos) {
      state().versions.push_back(params.at(0).text());
      return result;
    }
    if (sql.rfind("UPDATE", 0) == 0) return replace_version(params.at(1).text(), params.at(0).text());
    if (sql.rfind("DELETE", 0) == 0) return replace_version(params.at(0).text(), std::nullopt);
    return result;  // DDL and anything else: accepted
  }

  Result replace_version(const std::string& from, std::optional<std::string> to) {
    auto& versions = state().versions;
    auto found = std::find(versions.begin(), versions.end(), from);
    Result result;
    result.matched = found == versions.end() ? 0 : 1;
    if (found == versions.end()) return result;
    if (to)
      *found = *to;
    else
      versions.erase(found);
    return result;
  }

  // "WITH source AS (<change> RETURNING 1) INSERT INTO history (...) SELECT $k.. FROM source"
  Result folded(const std::string& sql, const Params& params) {
    const std::size_t close = sql.find(" RETURNING 1)");
    const std::string change = sql.substr(16, close - 16);
    const std::size_t change_params = change.rfind("$2") != std::string::npos ? 2 : 1;
    const Params source(params.begin(), params.begin() + change_params);
    const Result changed = interpret(change, source);
    if (changed.matched == 0) return changed;
    return insert_history(sql.substr(sql.find(" INSERT INTO") + 1), params, change_params);
  }

  Result insert_history(const std::string& sql, const Params& params, std::size_t first) {
    const std::size_t open = sql.find('(');
    const std::string list = sql.substr(open + 1, sql.find(')') - open - 1);
    std::vector<std::string> columns;
    const std::regex name("[a-z_]+");
    for (auto it = std::sregex_iterator(list.begin(), list.end(), name); it != std::sregex_iterator(); ++it)
      columns.push_back(it->str());
    Result result;
    result.rows = Rows({"id"});
    for (std::size_t at = first; at + columns.size() <= params.size(); at += columns.size()) {
      HistoryRow row;
      row.id = ++next_id_;
      for (std::size_t c = 0; c < columns.size(); ++c)
        row.columns[columns[c]] = params[at + c].is_null() ? "" : std::string(params[at + c].text());
      state().history.push_back(row);
      result.rows.append(std::to_string(row.id));
    }
    return result;
  }

  // "SELECT <columns or *> FROM history ORDER BY id DESC LIMIT $1": newest first.
  Result read_history(const std::string& sql) {
    const std::string list = sql.substr(7, sql.find(" FROM ") - 7);
    std::vector<std::string> columns;
    const std::regex name("[a-z_]+");
    for (auto it = std::sregex_iterator(list.begin(), list.end(), name); it != std::sregex_iterator(); ++it)
      columns.push_back(it->str());
    const auto& history = state().history;
    if (list == "*") {  // every column the runner wrote
      columns = {"id"};
      if (!history.empty())
        for (const auto& [column, value] : history.front().columns) columns.push_back(column);
    }
    Result result;
    result.rows = Rows(columns);
    for (auto row = history.rbegin(); row != history.rend(); ++row)
      for (const std::string& column : columns) {
        const std::string value = column == "id" ? std::to_string(row->id) : (*row)[column];
        if (value.empty() && column != "id")
          result.rows.append_null();
        else
          result.rows.append(value);
      }
    return result;
  }

  // "UPDATE history SET outcome = $1, finished_at = $2, duration_ms = $3, error = $4 WHERE id = $5"
  Result finish_history(const Params& params) {
    Result result;
    result.matched = 0;
    for (auto& row : state().history)
      if (std::to_string(row.id) == params.at(4).text()) {
        row.columns["outcome"] = params.at(0).text();
        row.columns["error"] = params.at(3).is_null() ? "" : std::string(params.at(3).text());
        result.matched = 1;
      }
    return result;
  }

  std::optional<FakeState> tx_;
  std::int64_t next_id_ = 0;
};

// What a revision sees: statements go to the fake connection.
class FakeContext final : public Context {
 public:
  FakeContext(FakeConnection& connection, driver::RevisionScope scope)
      : connection_(connection), scope_(scope) {}
  std::string_view revision_id() const override { return scope_.revision_id; }
  Direction direction() const override { return scope_.direction; }
  std::string_view dialect() const override { return "fake"; }
  bool offline() const override { return false; }
  void execute(std::string_view sql) override { connection_.execute(sql); }
  std::uint64_t execute(std::string_view sql, const Params& params) override {
    return connection_.execute(sql, params);
  }
  Rows query(std::string_view sql, const Params& params) override { return connection_.query(sql, params); }
  void stream(std::string_view, const Params&, const RowCallback&, std::size_t) override {}
  std::unique_ptr<CopyWriter> copy_into(std::string_view, const std::vector<std::string>&) override {
    throw Error("copy_into is not faked");
  }
  std::string quote_identifier(std::string_view name) const override {
    return "\"" + std::string(name) + "\"";
  }
  void progress(std::uint64_t, std::uint64_t, std::string_view) override {}
  void log(LogLevel, std::string_view) override {}
  std::optional<std::string> option(std::string_view) const override { return std::nullopt; }
  void* native_handle(std::string_view) override { return nullptr; }
  void apply_change(OperationKind, const void*) override { throw Error("apply_change is not faked"); }

 private:
  FakeConnection& connection_;
  driver::RevisionScope scope_;
};

inline std::unique_ptr<Context> FakeConnection::open_context(const driver::RevisionScope& scope,
                                                             driver::HostServices&) {
  return std::make_unique<FakeContext>(*this, scope);
}

}  // namespace godwit::test
