// The operations' values (godwit/operation.hpp, godwit/operations.hpp): the naming convention and what
// completing an operation fills in, with no dialect involved.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "godwit/operation.hpp"

namespace {

using namespace godwit;

TEST(NamingConvention, NamesEachKindOfObjectFromItsTableAndColumns) {
  EXPECT_EQ(naming::primary_key("users"), "pk_users");
  EXPECT_EQ(naming::unique("users", {"team_id", "email"}), "uq_users_team_id_email");
  EXPECT_EQ(naming::foreign_key("users", {"team_id"}, QualifiedName("org", "teams")),
            "fk_users_team_id_teams");
  EXPECT_EQ(naming::check("users", "positive_score"), "ck_users_positive_score");
  EXPECT_EQ(naming::index("users", {"email", IndexKey::expression("lower(Name) || ' '")}),
            "ix_users_email_lower_name");
  EXPECT_EQ(naming::index(QualifiedName("audit", "users"), {"email"}), "ix_users_email")
      << "the schema is not part of a name";
}

TEST(NamingConvention, ALongNameIsCutToSixtyThreeBytesAndStaysApartFromItsNeighbours) {
  const std::string table(60, 't');
  const std::string a = naming::unique(table, {"first_column"});
  const std::string b = naming::unique(table, {"second_column"});
  EXPECT_EQ(a.size(), naming::kMaxNameBytes);
  EXPECT_EQ(b.size(), naming::kMaxNameBytes);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 54), b.substr(0, 54));
  EXPECT_EQ(a, naming::unique(table, {"first_column"})) << "the same name every run";
  EXPECT_THAT(a, ::testing::MatchesRegex("uq_t+_[0-9a-f]{8}"));
  const std::string short_name = naming::unique("t", {std::string(58, 'c')});
  EXPECT_EQ(short_name.size(), 63u) << "exactly 63 bytes is kept whole";
  EXPECT_EQ(short_name, "uq_t_" + std::string(58, 'c')) << short_name;
}

TEST(CompleteOperation, GathersPrimaryKeyColumnsAndNamesWhatTheRevisionLeftUnnamed) {
  Operation operation =
      CreateTable{"users",
                  {Column("id", Type::bigint()).primary().generated(), Column("team_id", Type::bigint()),
                   Column("email", Type::text()).not_null()},
                  {Unique{{"email"}, {}}, ForeignKey{{"team_id"}, "teams", {"id"}, {}},
                   Unique{{"team_id"}, "mine"}, Check{"has_at", "email LIKE '%@%'"}},
                  std::nullopt};
  complete(operation);
  const auto& create = std::get<CreateTable>(operation.change);
  ASSERT_EQ(create.constraints.size(), 5u);
  EXPECT_EQ(std::get<PrimaryKey>(create.constraints[0]), (PrimaryKey{{"id"}, "pk_users"}));
  EXPECT_EQ(std::get<Unique>(create.constraints[1]).name, "uq_users_email");
  EXPECT_EQ(std::get<ForeignKey>(create.constraints[2]).name, "fk_users_team_id_teams");
  EXPECT_EQ(std::get<Unique>(create.constraints[3]).name, "mine") << "a given name is kept";
  EXPECT_EQ(std::get<Check>(create.constraints[4]).name, "has_at") << "checks keep their name";
  EXPECT_FALSE(create.columns[0].nullable) << "a primary key column is NOT NULL";

  Operation again = operation;
  complete(again);
  EXPECT_EQ(std::get<CreateTable>(again.change).constraints, create.constraints) << "idempotent";

  Operation index = CreateIndex{Index{"users", {"email"}}};
  complete(index);
  EXPECT_EQ(std::get<CreateIndex>(index.change).index.name, "ix_users_email");
  Operation constraint = AddConstraint{"users", PrimaryKey{{"id"}, {}}};
  complete(constraint);
  EXPECT_EQ(std::get<PrimaryKey>(std::get<AddConstraint>(constraint.change).constraint).name, "pk_users");
}

TEST(CompleteOperation, RefusesPrimaryKeyColumnsThatDisagreeWithThePrimaryKeyConstraint) {
  Operation same = CreateTable{"t", {Column("a", Type::integer()).primary()}, {PrimaryKey{{"a"}, "pk"}}, {}};
  complete(same);
  EXPECT_EQ(std::get<CreateTable>(same.change).constraints.size(), 1u);
  Operation other = CreateTable{"t",
                                {Column("a", Type::integer()).primary(), Column("b", Type::integer())},
                                {PrimaryKey{{"b"}, {}}},
                                {}};
  try {
    complete(other);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("create_table(t): columns marked primary and a PrimaryKey"));
  }
}

TEST(Types, AreValuesThatCompareByEverythingTheyHold) {
  EXPECT_EQ(Type::string(20), Type::string(20));
  EXPECT_NE(Type::string(20), Type::string(21));
  EXPECT_NE(Type::numeric(10, 2), Type::numeric(10, 3));
  EXPECT_EQ(Type::enumeration("mood", {"ok", "sad"}).values().size(), 2u);
  const Type citext = Type::custom({{"postgresql", "citext"}, {"sqlite", "TEXT COLLATE NOCASE"}});
  ASSERT_NE(citext.custom_sql_for("sqlite"), nullptr);
  EXPECT_EQ(*citext.custom_sql_for("sqlite"), "TEXT COLLATE NOCASE");
  EXPECT_EQ(citext.custom_sql_for("mysql"), nullptr);
}

}  // namespace
