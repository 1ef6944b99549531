// Conformance: operations (godwit/operations.hpp) rendered by the driver's dialect and run through its
// Context, on every driver. What the schema declares is what the database enforces, and a schema built and
// taken apart again by operations ends as it began.
#include <algorithm>

#include "driver_conformance.hpp"
#include "godwit/operation.hpp"
#include "godwit/operations.hpp"

namespace godwit::test {
namespace {

using OperationsTest = DriverTest;

std::vector<std::string> table_names(driver::Connection& connection) {
  std::vector<std::string> names;
  for (const driver::TableName& table : connection.list_tables()) names.push_back(table.name);
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(OperationsTest, ASchemaBuiltFromOperationsEnforcesWhatItDeclares) {
  auto c = connect();
  auto ctx = open_context(*c);
  auto op = operations(*ctx);
  c->begin();
  const Type mood = Type::enumeration("mood", {"ok", "sad"});
  op.create_enum("mood", mood.values());
  op.create_table(
      "teams",
      {Column("id", Type::bigint()).primary().generated(), Column("name", Type::string(50)).not_null()},
      {Unique{{"name"}, {}}});
  op.create_table("members",
                  {Column("id", Type::integer()).primary().generated(),
                   Column("team_id", Type::bigint()).not_null(), Column("email", Type::text()).not_null(),
                   Column("score", Type::numeric(10, 2)).not_null().default_sql("0"), Column("mood", mood),
                   Column("note", Type::text()).described("free text")},
                  {ForeignKey{{"team_id"}, "teams", {"id"}, {}}.deleting(ReferentialAction::cascade),
                   Check{"ck_members_score", "score >= 0"}},
                  "people of a team");
  op.create_index(Index{"members", {IndexKey::expression("lower(email)")}}.unique_keys());
  op.create_index(Index{"members", {"team_id"}}.partial("score > 0"));
  c->commit();

  // Generated keys, defaults, bound parameters through ExecuteSql.
  op.execute("INSERT INTO teams (name) VALUES ($1)", {"red"});
  op.execute("INSERT INTO teams (name) VALUES ($1)", {"blue"});
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM teams WHERE id IN (1, 2)"), "2");
  op.execute("INSERT INTO members (team_id, email, mood) VALUES (1, 'Ann@x', 'ok')");
  EXPECT_EQ(scalar(*c, "SELECT CAST(score AS INTEGER) FROM members"), "0");

  const auto refused = [&](const std::string& sql) {
    const Caught caught = catch_error<DatabaseError>([&] { ctx->execute(sql); });
    EXPECT_TRUE(caught.thrown) << sql;
  };
  refused("INSERT INTO teams (name) VALUES ('red')");                              // unique
  refused("INSERT INTO members (team_id, email) VALUES (1, 'ann@X')");             // expression index
  refused("INSERT INTO members (team_id, email, score) VALUES (1, 'b@x', -1)");    // check
  refused("INSERT INTO members (team_id, email, mood) VALUES (1, 'c@x', 'meh')");  // enum
  refused("INSERT INTO members (team_id, email) VALUES (9, 'd@x')");               // foreign key
  refused("INSERT INTO members (email) VALUES ('e@x')");                           // NOT NULL
  ctx->execute("DELETE FROM teams WHERE id = 1");
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM members"), "0") << "ON DELETE CASCADE";
}

TEST_F(OperationsTest, TablesColumnsAndIndexesComeAndGoAndTheSchemaEndsAsItBegan) {
  auto c = connect();
  auto ctx = open_context(*c);
  auto op = operations(*ctx);
  const std::vector<std::string> before = table_names(*c);
  c->begin();
  op.create_table("things", {Column("id", Type::integer()).primary(), Column("label", Type::string(20))});
  op.add_column("things", Column("active", Type::boolean()).not_null().default_sql("false"));
  op.execute("INSERT INTO things (id, label) VALUES (1, 'one')");
  op.alter_column(AlterColumn{"things", "active", {}, {}, {}, {}, {}, std::string("enabled")});
  op.rename_table("things", "items");
  op.create_index(Index{"items", {"enabled", "label"}});
  c->commit();
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM items WHERE NOT enabled"), "1") << "the default filled the row";

  c->begin();
  op.drop_index(naming::index("items", {"enabled", "label"}), "items");
  op.drop_column("items", "enabled");
  op.drop_table("items");
  c->commit();
  EXPECT_EQ(table_names(*c), before);
}

TEST_F(OperationsTest, OperationsInASchemaOfTheirOwnNameItWhereTheDatabaseWantsIt) {
  auto c = connect();
  c->execute(driver_profile().create_schema_sql("side"));
  auto ctx = open_context(*c);
  auto op = operations(*ctx);
  c->begin();
  op.create_table(QualifiedName("side", "parents"), {Column("id", Type::integer()).primary()});
  op.create_table(QualifiedName("side", "kids"),
                  {Column("id", Type::integer()).primary(), Column("parent_id", Type::integer())},
                  {ForeignKey{{"parent_id"}, QualifiedName("side", "parents"), {"id"}, {}}});
  op.create_index(Index{QualifiedName("side", "kids"), {"parent_id"}});
  op.rename_table(QualifiedName("side", "kids"), "children");
  op.drop_index(naming::index("kids", {"parent_id"}), QualifiedName("side", "children"));
  c->commit();
  EXPECT_TRUE(c->table_exists("side", "children"));
  EXPECT_FALSE(c->table_exists("side", "kids"));
  ctx->execute("INSERT INTO side.parents (id) VALUES (1)");
  ctx->execute("INSERT INTO side.children (id, parent_id) VALUES (1, 1)");
  const Caught orphan = catch_error<DatabaseError>(
      [&] { ctx->execute("INSERT INTO side.children (id, parent_id) VALUES (2, 7)"); });
  EXPECT_TRUE(orphan.thrown) << "the foreign key holds in the schema";
}

TEST_F(OperationsTest, RenderingIsDeterministicAndAppliedOperationsAreTheRenderedOnes) {
  const driver::Dialect& dialect = loaded_driver().dialect();
  Operation create =
      CreateTable{"logs",
                  {Column("id", Type::bigint()).primary().generated(), Column("at", Type::timestamp_tz())},
                  {},
                  std::nullopt};
  complete(create);
  const std::vector<std::string> once = dialect.render(create);
  EXPECT_EQ(dialect.render(create), once);
  ASSERT_FALSE(once.empty());
  EXPECT_NE(once[0].find("pk_logs"), std::string::npos) << once[0];

  auto c = connect();
  auto ctx = open_context(*c);
  apply(*ctx,
        CreateTable{"logs",
                    {Column("id", Type::bigint()).primary().generated(), Column("at", Type::timestamp_tz())},
                    {},
                    std::nullopt});
  EXPECT_TRUE(c->table_exists("", "logs"));
  EXPECT_TRUE(host_.logged(once[0].substr(0, 40))) << "the statement the context ran is the one rendered";
}

}  // namespace
}  // namespace godwit::test
