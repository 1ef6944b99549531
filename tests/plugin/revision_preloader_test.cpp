#include "godwit/core/plugin/revision_preloader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/checksum.hpp"
#include "godwit/core/plugin/revision_invoker.hpp"
#include "support/fixtures.hpp"
#include "support/loader_state.hpp"
#include "support/recording_context.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fixture = godwit::test::fixture;
using godwit::Direction;
using godwit::test::copy_to;
using godwit::test::is_loaded;
using godwit::test::RecordingContext;
using godwit::test::TempDir;

class Preloading : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.dir("plugins");
    copy_to(fixture::kSingle, dir_ / "single.so");
    copy_to(fixture::kBundle, dir_ / "bundle.so");
    copy_to(fixture::kUndefinedSymbol, dir_ / "undefined_symbol.so");
    catalog_ = std::make_unique<PluginCatalog>(PluginCatalog::discover({dir_}));
  }

  TempDir tmp_;
  std::filesystem::path dir_;
  std::unique_ptr<PluginCatalog> catalog_;
};

TEST_F(Preloading, PrefetchedRevisionsRunAndCarryTheirFilesChecksum) {
  RevisionPreloader preloader(*catalog_, {});
  preloader.prefetch({"bundle01", "bundle02", fixture::kSingleId});
  const auto second = preloader.revision("bundle02");
  RecordingContext ctx("bundle02", Direction::downgrade);
  invoke(*second, Direction::downgrade, ctx);
  EXPECT_THAT(ctx.statements, ElementsAre("ALTER TABLE books DROP title"));
  EXPECT_EQ(preloader.revision("bundle01")->library(), second->library()) << "one library per file";
  EXPECT_EQ(preloader.checksum("bundle01"), sha256_file(dir_ / "bundle.so"));
  EXPECT_EQ(preloader.checksum(fixture::kSingleId), sha256_file(dir_ / "single.so"));
  EXPECT_EQ(preloader.revision(fixture::kSingleId)->id(), fixture::kSingleId);
}

TEST_F(Preloading, ARevisionNobodyQueuedIsLoadedOnDemand) {
  RevisionPreloader preloader(*catalog_, {});
  EXPECT_EQ(preloader.revision(fixture::kSingleId)->path(), dir_ / "single.so");
  preloader.prefetch({fixture::kSingleId});  // already loaded: skipped
  EXPECT_EQ(preloader.revision(fixture::kSingleId)->id(), fixture::kSingleId);
}

TEST_F(Preloading, ALoadErrorIsRethrownWhereTheRevisionIsNeededAndTheChecksumSurvivesIt) {
  RevisionPreloader preloader(*catalog_, {});
  preloader.prefetch({"undefined01", fixture::kSingleId});
  try {
    preloader.revision("undefined01");
    FAIL() << "loaded";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::plugin);
    EXPECT_THAT(e.what(), HasSubstr("undefined symbol: godwit_fixture_missing_function"));
  }
  EXPECT_EQ(preloader.checksum("undefined01"), sha256_file(dir_ / "undefined_symbol.so"));
  EXPECT_EQ(preloader.revision(fixture::kSingleId)->id(), fixture::kSingleId) << "later ones still load";
  EXPECT_THROW(preloader.revision("nope"), Error);
}

// The threads this process runs now.
std::size_t thread_count() {
  const std::filesystem::directory_iterator tasks("/proc/self/task");
  return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

TEST_F(Preloading, DestroyingItWithWorkQueuedStopsTheWorker) {
  std::vector<std::string> ids;
  for (int round = 0; round < 50; ++round) ids.insert(ids.end(), {"bundle01", fixture::kSingleId});
  {  // a first worker, so that threads a runtime starts once (a sanitizer's) are there before counting
    RevisionPreloader warm_up(*catalog_, {});
    warm_up.prefetch({fixture::kSingleId});
  }
  const std::size_t threads_before = thread_count();
  for (int i = 0; i < 20; ++i) {
    RevisionPreloader preloader(*catalog_, {});
    preloader.prefetch(ids);
    EXPECT_EQ(thread_count(), threads_before + 1) << "one worker while work is queued";
  }  // each destructor must return, whatever the worker was doing
  EXPECT_EQ(thread_count(), threads_before) << "a worker outlived its preloader";
}

// Waits up to 5 s for `path` to be loaded by the worker.
bool becomes_loaded(const std::filesystem::path& path) {
  for (int i = 0; i < 500; ++i) {
    if (is_loaded(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST_F(Preloading, LoadsNoFurtherAheadThanAskedUntilTheNextRevisionIsClaimed) {
  RevisionPreloader::Options options;
  options.look_ahead = 1;
  RevisionPreloader preloader(*catalog_, options);
  preloader.prefetch({fixture::kSingleId, "bundle01", "bundle02"});
  preloader.wait_until_idle();  // it stops by itself once the look-ahead is full
  EXPECT_TRUE(is_loaded(dir_ / "single.so"));
  EXPECT_FALSE(is_loaded(dir_ / "bundle.so")) << "loaded beyond the look-ahead";
  preloader.revision(fixture::kSingleId);
  EXPECT_TRUE(becomes_loaded(dir_ / "bundle.so"));
  EXPECT_EQ(preloader.revision("bundle02")->id(), "bundle02");
  EXPECT_EQ(preloader.revision("bundle01")->id(), "bundle01");
}

TEST_F(Preloading, ARevisionAskedForOvertakesTheLookAhead) {
  RevisionPreloader::Options options;
  options.look_ahead = 0;  // nothing is loaded unless asked for
  RevisionPreloader preloader(*catalog_, options);
  preloader.prefetch({fixture::kSingleId, "bundle01"});
  preloader.wait_until_idle();
  EXPECT_FALSE(is_loaded(dir_ / "single.so"));
  EXPECT_EQ(preloader.revision("bundle01")->id(), "bundle01");
  EXPECT_EQ(preloader.revision(fixture::kSingleId)->id(), fixture::kSingleId);
}

TEST_F(Preloading, UnpinnedLibrariesUnloadWithTheirLastReferencePinnedOnesNever) {
  {
    RevisionPreloader preloader(*catalog_, {});
    preloader.revision(fixture::kSingleId);
  }
  catalog_.reset();  // the catalog caches libraries too
  EXPECT_FALSE(is_loaded(dir_ / "single.so"));

  catalog_ = std::make_unique<PluginCatalog>(PluginCatalog::discover({dir_}));
  {
    RevisionPreloader preloader(*catalog_, RevisionPreloader::Options{/*pin_libraries=*/true});
    preloader.revision(fixture::kSingleId);
  }
  catalog_.reset();
  EXPECT_TRUE(is_loaded(dir_ / "single.so"));
}

}  // namespace
}  // namespace godwit::core::plugin
