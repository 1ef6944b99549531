// SQLite only: the SQL its dialect renders for each operation (the conformance suite runs them), and what
// it refuses until the table rewrite (batch mode) lands.
#include <gmock/gmock.h>

#include "example_operations.hpp"

namespace godwit::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(SqliteOperations, CreateTableWritesTheSameNamesAndSqlitesTypes) {
  EXPECT_THAT(loaded_driver().dialect().render(example_create_table()),
              ElementsAre("CREATE TABLE \"app\".\"members\" (\n"
                          "  \"id\" INTEGER NOT NULL CONSTRAINT \"pk_members\" PRIMARY KEY AUTOINCREMENT,\n"
                          "  \"team_id\" BIGINT NOT NULL,\n"
                          "  \"email\" VARCHAR(200) NOT NULL,\n"
                          "  \"score\" NUMERIC(10, 2) DEFAULT 0,\n"
                          "  \"mood\" VARCHAR(8) CHECK (\"mood\" IN ('ok', 'it''s bad')),\n"
                          "  \"seen\" DATETIME,\n"
                          "  \"doc\" JSON,\n"
                          "  \"note\" TEXT,\n"
                          "  CONSTRAINT \"uq_members_team_id_email\" UNIQUE (\"team_id\", \"email\"),\n"
                          "  CONSTRAINT \"fk_members_team_id_teams\" FOREIGN KEY (\"team_id\") REFERENCES "
                          "\"teams\" (\"id\") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,\n"
                          "  CONSTRAINT \"ck_members_score\" CHECK (score >= 0)\n"
                          ")"))
      << "no comments: SQLite keeps none";
}

TEST(SqliteOperations, EveryOperationSqliteDoesInPlace) {
  EXPECT_THAT(
      render(CreateIndex{Index{"members", {IndexKey::expression("lower(email)"), "id"}}
                             .unique_keys()
                             .partial("score > 0")
                             .built_concurrently()}),
      ElementsAre("CREATE UNIQUE INDEX \"ix_members_lower_email_id\" ON \"members\" ((lower(email)), \"id\") "
                  "WHERE score > 0"))
      << "no CONCURRENTLY: SQLite builds an index in the transaction";
  EXPECT_THAT(render(CreateIndex{Index{QualifiedName("app", "members"), {"email"}}}),
              ElementsAre("CREATE INDEX \"app\".\"ix_members_email\" ON \"members\" (\"email\")"))
      << "the schema goes on the index";
  EXPECT_THAT(render(DropIndex{"ix_members_email", "members"}),
              ElementsAre("DROP INDEX \"ix_members_email\""));
  EXPECT_THAT(
      render(AddColumn{"t", Column("n", Type::integer()).not_null().default_sql("1").described("count")}),
      ElementsAre("ALTER TABLE \"t\" ADD COLUMN \"n\" INTEGER NOT NULL DEFAULT 1"));
  EXPECT_THAT(render(DropColumn{"t", "n"}), ElementsAre("ALTER TABLE \"t\" DROP COLUMN \"n\""));
  EXPECT_THAT(render(AlterColumn{"t", "n", {}, {}, {}, {}, {}, std::string("m")}),
              ElementsAre("ALTER TABLE \"t\" RENAME COLUMN \"n\" TO \"m\""));
  EXPECT_THAT(render(RenameTable{"t", "u"}), ElementsAre("ALTER TABLE \"t\" RENAME TO \"u\""));
  EXPECT_THAT(render(DropTable{"u"}), ElementsAre("DROP TABLE \"u\""));
  EXPECT_THAT(render(SetTableComment{"u", std::string("x")}), IsEmpty());
  EXPECT_THAT(render(CreateEnum{"mood", {"ok"}}), IsEmpty()) << "the column checks its values";
  EXPECT_THAT(render(DropEnum{"mood"}), IsEmpty());
  EXPECT_THAT(render(ExecuteSql{"UPDATE t SET a = $1", {5}}), ElementsAre("UPDATE t SET a = 5"));
  EXPECT_THAT(
      render(CreateTable{"t", {Column("id", Type::bigint()).primary()}, {}, {}}),
      ElementsAre(
          "CREATE TABLE \"t\" (\n  \"id\" BIGINT NOT NULL,\n  CONSTRAINT \"pk_t\" PRIMARY KEY (\"id\")\n)"))
      << "a key that is not generated stays a table constraint";
}

TEST(SqliteOperations, WhatNeedsATableRewriteIsRefusedSayingSo) {
  EXPECT_THAT(
      refusal(AlterColumn{"t", "n", Type::text(), {}, {}, {}, {}, {}}),
      HasSubstr("alter_column(n) on SQLite table t: SQLite cannot do this in place, and godwit does not "
                "yet rewrite the table (batch mode)"));
  EXPECT_THAT(refusal(AlterColumn{"t", "n", {}, {}, false, {}, {}, {}}), HasSubstr("batch mode"));
  EXPECT_THAT(refusal(AddConstraint{"t", Unique{{"a"}, {}}}),
              HasSubstr("adding a constraint on SQLite table t"));
  EXPECT_THAT(refusal(DropConstraint{"t", "uq_t_a"}), HasSubstr("drop_constraint(uq_t_a) on SQLite table t"));
  EXPECT_THAT(refusal(CreateTable{"t",
                                  {Column("id", Type::integer()).generated(), Column("k", Type::integer())},
                                  {PrimaryKey{{"k"}, {}}},
                                  {}}),
              HasSubstr("column id: SQLite generates only a column that is the whole primary key"));
  EXPECT_THAT(
      refusal(CreateTable{"t",
                          {Column("a", Type::integer())},
                          {ForeignKey{{"a"}, QualifiedName("other", "p"), {"id"}, {}}},
                          {}}),
      HasSubstr("a foreign key of t refers to other.p: SQLite keeps a foreign key within one database"));
  EXPECT_THAT(refusal(AddColumn{"t", Column("id", Type::integer()).generated()}),
              HasSubstr("SQLite generates only a column that is the whole primary key"));
}

}  // namespace
}  // namespace godwit::test
