#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/loaded_revision.hpp"
#include "godwit/core/plugin/plugin_catalog.hpp"
#include "godwit/core/plugin/revision_failure.hpp"
#include "godwit/core/plugin/revision_invoker.hpp"
#include "support/fixtures.hpp"
#include "support/loader_state.hpp"
#include "support/recording_context.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fixture = godwit::test::fixture;
using godwit::Direction;
using godwit::test::copy_to;
using godwit::test::is_loaded;
using godwit::test::RecordingContext;
using godwit::test::TempDir;

class Loading : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.dir("plugins");
    copy_to(fixture::kSingle, dir_ / "single.so");
    copy_to(fixture::kBundle, dir_ / "bundle.so");
    copy_to(fixture::kThrowsRuntime, dir_ / "throws_runtime.so");
    copy_to(fixture::kThrowsDatabase, dir_ / "throws_database.so");
    copy_to(fixture::kUndefinedSymbol, dir_ / "undefined_symbol.so");
  }

  RevisionFailure failure_of(const std::string& id, Direction direction) {
    const PluginCatalog catalog = PluginCatalog::discover({dir_});
    const auto revision = catalog.load(id);
    RecordingContext ctx(id, direction);
    try {
      invoke(*revision, direction, ctx);
    } catch (const RevisionFailure& failure) {
      return failure;
    }
    ADD_FAILURE() << id << " did not fail";
    return RevisionFailure(id, direction, "none", "", "");
  }

  TempDir tmp_;
  std::filesystem::path dir_;
};

TEST_F(Loading, UpgradeAndDowngradeReachTheRevisionThroughTheContext) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});
  ASSERT_NE(catalog.find(fixture::kSingleId), nullptr);
  EXPECT_EQ(catalog.file_of(fixture::kSingleId)->path, dir_ / "single.so");
  EXPECT_EQ(catalog.find("nope"), nullptr);
  const auto revision = catalog.load(fixture::kSingleId);
  EXPECT_EQ(revision->id(), fixture::kSingleId);
  EXPECT_EQ(revision->path(), dir_ / "single.so");

  RecordingContext up(fixture::kSingleId, Direction::upgrade);
  invoke(*revision, Direction::upgrade, up);
  EXPECT_THAT(up.statements, ElementsAre("CREATE TABLE authors (id int)"));
  RecordingContext down(fixture::kSingleId, Direction::downgrade);
  invoke(*revision, Direction::downgrade, down);
  EXPECT_THAT(down.statements, ElementsAre("DROP TABLE authors"));
}

// godwit/postgres.hpp is an opt-in component now: a revision using it still builds in tree, links libpqxx,
// passes the checks and loads. Without a PostgreSQL connection the native handle is null and it does nothing.
TEST(LoadingNative, ARevisionUsingThePostgresNativeHandleLoadsAndRuns) {
  TempDir tmp;
  const auto dir = tmp.dir("plugins");
  copy_to(fixture::kPostgresNative, dir / "native.so");
  const PluginCatalog catalog = PluginCatalog::discover({dir});
  const auto revision = catalog.load("5e1f0a2b3c4d");
  RecordingContext ctx("5e1f0a2b3c4d", Direction::upgrade);
  invoke(*revision, Direction::upgrade, ctx);
  EXPECT_TRUE(ctx.statements.empty());
}

TEST_F(Loading, ABundleIsLoadedOnceForAllItsRevisions) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});
  const auto first = catalog.load("bundle01");
  const auto second = catalog.load("bundle03");
  EXPECT_EQ(first->library(), second->library());
  EXPECT_NE(first->entry(), second->entry());
  EXPECT_NE(catalog.load(fixture::kSingleId)->library(), first->library());
}

TEST_F(Loading, EachRevisionOfABundleRunsItsOwnCode) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});
  RecordingContext ctx;
  for (const char* id : {"bundle01", "bundle02", "bundle03", "bundle04"})
    invoke(*catalog.load(id), Direction::upgrade, ctx);
  EXPECT_THAT(ctx.statements, ElementsAre("CREATE TABLE books (id int)", "ALTER TABLE books ADD title text",
                                          "CREATE TABLE shelves (id int)",
                                          "CREATE INDEX CONCURRENTLY books_title ON books (title)"));
}

TEST_F(Loading, AStdExceptionBecomesARevisionFailure) {
  const RevisionFailure failure = failure_of("runtime01", Direction::upgrade);
  EXPECT_EQ(failure.category(), ErrorCategory::revision);
  EXPECT_EQ(failure.kind(), "exception");
  EXPECT_EQ(failure.revision_id(), "runtime01");
  EXPECT_EQ(failure.sqlstate(), "");
  EXPECT_EQ(failure.reason(), "backfill found 3 orphan rows");
  EXPECT_STREQ(failure.what(), "revision runtime01 (upgrade) failed: backfill found 3 orphan rows");
}

TEST_F(Loading, ADatabaseErrorKeepsItsSqlstate) {
  const RevisionFailure failure = failure_of("database01", Direction::upgrade);
  EXPECT_EQ(failure.category(), ErrorCategory::database);
  EXPECT_EQ(failure.kind(), "database");
  EXPECT_EQ(failure.sqlstate(), "42P01");
  EXPECT_STREQ(failure.what(),
               "revision database01 (upgrade) failed: relation \"missing\" does not exist [SQLSTATE 42P01]");
}

TEST_F(Loading, OtherFailureKindsKeepTheirCategory) {
  const RevisionFailure lost = failure_of("database01", Direction::downgrade);
  EXPECT_EQ(lost.kind(), "connection");
  EXPECT_EQ(lost.category(), ErrorCategory::database);
  EXPECT_THAT(lost.what(),
              AllOf(HasSubstr("revision database01 (downgrade) failed"), HasSubstr("[SQLSTATE 08006]")));
  const RevisionFailure irreversible = failure_of("runtime01", Direction::downgrade);
  EXPECT_EQ(irreversible.kind(), "irreversible");
  EXPECT_EQ(irreversible.category(), ErrorCategory::revision);
  const RevisionFailure offline = failure_of("offline01", Direction::upgrade);
  EXPECT_EQ(offline.kind(), "offline");
  EXPECT_EQ(offline.category(), ErrorCategory::offline);
  const RevisionFailure unknown = failure_of("offline01", Direction::downgrade);
  EXPECT_EQ(unknown.kind(), "exception");
  EXPECT_THAT(unknown.what(), HasSubstr("an exception of unknown type"));
}

TEST_F(Loading, AnUndefinedSymbolIsALoadErrorNotACrash) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});  // reading the file cannot tell
  try {
    catalog.load("undefined01");
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::plugin);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("undefined_symbol.so: cannot be loaded"),
                                HasSubstr("undefined symbol: godwit_fixture_missing_function")));
  }
}

TEST_F(Loading, AnUnknownIdIsAnError) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});
  EXPECT_THROW(catalog.load("nope"), Error);
}

TEST_F(Loading, AFileTruncatedAfterDiscoveryIsRefusedBeforeDlopen) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});
  const std::vector<char> bytes = godwit::test::read_bytes(dir_ / "single.so");
  godwit::test::write_bytes(dir_ / "single.so",
                            std::vector<char>(bytes.begin(), bytes.begin() + bytes.size() / 2));
  try {
    catalog.load(fixture::kSingleId);
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("single.so"), HasSubstr("is truncated")));
  }
}

TEST_F(Loading, AFileWhoseMetadataChangedAfterDiscoveryIsRefused) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});
  ASSERT_EQ(godwit::test::replace_in_file(dir_ / "single.so", "create authors", "create writers"), 1);
  try {
    catalog.load(fixture::kSingleId);
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("single.so"), HasSubstr("changed since discovery")));
  }
  ASSERT_EQ(godwit::test::replace_in_file(dir_ / "single.so", "revision: " + fixture::kSingleId,
                                          "revision: 2975ea83b712"),
            1);
  EXPECT_THROW(catalog.load(fixture::kSingleId), Error);
}

TEST_F(Loading, TheLoadedRevisionKeepsItsLibraryAliveAfterTheCatalogIsGone) {
  const auto path = dir_ / "single.so";
  std::shared_ptr<LoadedRevision> revision;
  {
    const PluginCatalog catalog = PluginCatalog::discover({dir_});
    revision = catalog.load(fixture::kSingleId);
  }
  EXPECT_TRUE(is_loaded(path));
  RecordingContext ctx;
  invoke(*revision, Direction::upgrade, ctx);
  EXPECT_THAT(ctx.statements, ElementsAre("CREATE TABLE authors (id int)"));
  revision.reset();
  EXPECT_FALSE(is_loaded(path)) << "the last reference should unload the library";
}

TEST_F(Loading, RevisionsOfOneBundleShareTheLibrary) {
  const auto path = dir_ / "bundle.so";
  auto catalog = std::make_unique<PluginCatalog>(PluginCatalog::discover({dir_}));
  auto first = catalog->load("bundle01");
  auto second = catalog->load("bundle02");
  first.reset();
  EXPECT_TRUE(is_loaded(path));
  catalog.reset();  // the catalog's cache goes; the revision still holds its library
  EXPECT_TRUE(is_loaded(path));
  RecordingContext ctx;
  invoke(*second, Direction::downgrade, ctx);
  EXPECT_THAT(ctx.statements, ElementsAre("ALTER TABLE books DROP title"));
  second.reset();
  EXPECT_FALSE(is_loaded(path));
}

TEST_F(Loading, NothingIsLoadedByDiscovery) {
  const PluginCatalog catalog = PluginCatalog::discover({dir_});
  EXPECT_EQ(catalog.files().size(), 5u);
  for (const PluginFile& file : catalog.files()) EXPECT_FALSE(is_loaded(file.path)) << file.path;
}

}  // namespace
}  // namespace godwit::core::plugin
