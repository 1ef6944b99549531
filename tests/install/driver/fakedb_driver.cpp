// The smallest out-of-tree driver: the made-up scheme fakedb://, a dialect good enough for offline scripts
// (`godwit upgrade --sql`), and a connect() that always fails with a message the install test recognises.
#include <godwit/driver/driver.hpp>
#include <godwit/driver/driver_record.hpp>
#include <godwit/driver/operation_renderer.hpp>
#include <godwit/driver/secret_masker.hpp>
#include <memory>
#include <string>

GODWIT_DRIVER(fakedb, "fakedb");

namespace {

// Operations in fakedb's SQL, through the installed renderer: every type is its kind's name, no comments,
// no enum types, ALTER COLUMN refused.
class FakeDbOperationSql final : public godwit::driver::OperationRenderer {
 public:
  using OperationRenderer::OperationRenderer;

 protected:
  std::string type_sql(const godwit::Type& type, const godwit::Column*) const override {
    return type.kind() == godwit::TypeKind::integer ? "INT" : "TEXT";
  }
  std::string identity_sql(const godwit::Column&) const override { return " AUTO"; }
  Statements comment_statements(const godwit::QualifiedName&, const std::optional<std::string>&,
                                const std::vector<godwit::Column>&) const override {
    return {};
  }
  Statements render_change(const godwit::AlterColumn&) const override {
    throw godwit::Error("fakedb alters no column");
  }
  Statements render_change(const godwit::SetTableComment&) const override { return {}; }
  Statements render_change(const godwit::CreateEnum&) const override { return {}; }
  Statements render_change(const godwit::DropEnum&) const override { return {}; }
  std::string enumeration_check(const godwit::Column&) const override { return {}; }
};

class FakeDbDialect final : public godwit::driver::Dialect {
 public:
  std::string_view name() const override { return "fakedb"; }
  const godwit::driver::Capabilities& capabilities() const override { return capabilities_; }
  std::string quote_identifier(std::string_view name) const override { return "[" + std::string(name) + "]"; }
  std::string quote_literal(std::string_view text) const override {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  std::string qualified_name(std::string_view schema, std::string_view table) const override {
    return schema.empty() ? quote_identifier(table)
                          : quote_identifier(schema) + "." + quote_identifier(table);
  }
  std::string placeholder(std::size_t number) const override { return "?" + std::to_string(number); }
  std::string returning_clause(std::string_view) const override { return {}; }
  // Markers: $N (as Context::execute documents) and ?N (this dialect's own placeholder).
  std::string inline_parameters(std::string_view sql, const godwit::Params& params) const override {
    std::string out;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      std::size_t number = 0, end = i + 1;
      while ((sql[i] == '$' || sql[i] == '?') && end < sql.size() && sql[end] >= '0' && sql[end] <= '9')
        number = number * 10 + static_cast<std::size_t>(sql[end++] - '0');
      if (number == 0 || number > params.size()) {
        out += sql[i];
        continue;
      }
      const godwit::Value& value = params[number - 1];
      out += value.is_null() ? "NULL" : quote_literal(value.text());
      i = end - 1;
    }
    return out;
  }
  std::string create_version_table_sql(std::string_view schema, std::string_view table) const override {
    return "CREATE TABLE IF NOT EXISTS " + qualified_name(schema, table) + " (version_num VARCHAR(32))";
  }
  std::string create_history_table_sql(std::string_view schema, std::string_view table) const override {
    return "CREATE TABLE IF NOT EXISTS " + qualified_name(schema, table) + " (id INTEGER)";
  }
  std::string script_prologue() const override { return "-- fakedb script\n"; }
  std::string begin_sql() const override { return "BEGIN FAKEDB;"; }
  std::string commit_sql() const override { return "COMMIT FAKEDB;"; }
  std::unique_ptr<godwit::driver::ScriptBulkLoad> script_bulk_load(std::string quoted_table,
                                                                   std::vector<std::string>) const override {
    return std::make_unique<BulkLoad>(*this, std::move(quoted_table));
  }
  std::vector<std::string> render(const godwit::Operation& operation) const override {
    return FakeDbOperationSql(*this).render(operation);
  }

 private:
  class BulkLoad final : public godwit::driver::ScriptBulkLoad {
   public:
    BulkLoad(const FakeDbDialect& dialect, std::string table) : dialect_(dialect), table_(std::move(table)) {}
    void add_row(const godwit::Field* fields, std::size_t count) override {
      text_ += "INSERT INTO " + table_ + " VALUES (";
      for (std::size_t i = 0; i < count; ++i)
        text_ += (i ? ", " : "") + (fields[i].is_null() ? "NULL" : dialect_.quote_literal(fields[i].text()));
      text_ += ");\n";
    }
    std::string finish() override { return std::move(text_) + "\n"; }

   private:
    const FakeDbDialect& dialect_;
    std::string table_;
    std::string text_;
  };

  godwit::driver::Capabilities capabilities_{};
};

class FakeDbDriver final : public godwit::driver::Driver {
 public:
  const godwit::driver::Dialect& dialect() const override { return dialect_; }
  // Thrown as the SDK's type: the host catches it by type (the version script exports its RTTI).
  std::unique_ptr<godwit::driver::Connection> connect(
      const godwit::driver::ConnectOptions& options) override {
    throw godwit::ConnectionLost(
        "fakedb driver: there is no fakedb server behind " + godwit::driver::mask_secrets(options.url),
        "08001");
  }
  bool may_come_up(const godwit::DatabaseError&) const override { return false; }

 private:
  FakeDbDialect dialect_;
};

godwit::driver::Driver* create_driver() {
  return new FakeDbDriver;
}

const char* const kSchemes[] = {"fakedb", nullptr};
const godwit::driver::DriverEntry kEntry{sizeof(godwit::driver::DriverEntry),
                                         godwit::driver::kDriverApiVersion, "fakedb", kSchemes,
                                         &create_driver};

}  // namespace

extern "C" __attribute__((visibility("default"))) const godwit::driver::DriverEntry*
godwit_driver_entry() noexcept {
  return &kEntry;
}
