// Who may change the plugin directory: refused writable paths, warnings for the rest, and the switch.
#include "godwit/core/plugin/plugin_trust.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "godwit/core/error.hpp"
#include "godwit/core/plugin/discovery.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace godwit::core::plugin {
namespace {

namespace fs = std::filesystem;
namespace fixture = godwit::test::fixture;
using godwit::test::copy_to;
using godwit::test::TempDir;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

void add_mode(const fs::path& path, fs::perms perms) {
  fs::permissions(path, perms, fs::perm_options::add);
}

std::string discovery_error(const fs::path& dir, DiscoveryOptions options = {}) {
  try {
    discover_plugins({dir}, options);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::plugin);
    return e.what();
  }
  ADD_FAILURE() << "discovery of " << dir << " succeeded";
  return "";
}

// A plugin directory as the tests and CI make them (umask 022): nothing to say.
struct Trust : ::testing::Test {
  TempDir tmp;
  fs::path dir = tmp.dir("plugins");
  fs::path plugin = copy_to(fixture::kSingle, dir / "single.so");
  fs::path real_dir = fs::canonical(dir);
};

TEST_F(Trust, AnOrdinaryDirectoryHasNoProblems) {
  EXPECT_THAT(check_directory_trust(dir), IsEmpty());
  EXPECT_THAT(check_file_trust(plugin, dir), IsEmpty());
  const Discovery found = discover_plugins({dir});
  EXPECT_THAT(found.files, SizeIs(1));
  EXPECT_THAT(found.trust_warnings, IsEmpty());
}

TEST_F(Trust, AWorldWritableDirectoryIsRefusedWithTheChmodThatFixesIt) {
  add_mode(dir, fs::perms::others_write);
  EXPECT_THAT(discovery_error(dir),
              AllOf(HasSubstr("plugin directory " + real_dir.string() + " is world-writable"),
                    HasSubstr("run chmod o-w " + real_dir.string()), HasSubstr("plugin_trust: warn"),
                    HasSubstr("GODWIT_PLUGIN_TRUST=warn")));
}

TEST_F(Trust, TheStickyBitDoesNotMakeAPluginDirectorySafe) {
  add_mode(dir, fs::perms::others_write | fs::perms::sticky_bit);  // anyone could still add a revision
  EXPECT_THAT(discovery_error(dir), HasSubstr("is world-writable"));
}

TEST_F(Trust, WarnModeLoadsAWorldWritableDirectoryAndSaysWhy) {
  add_mode(dir, fs::perms::others_write);
  DiscoveryOptions options;
  options.trust = TrustMode::warn;
  std::vector<std::string> reported;
  options.on_trust_warning = [&](const std::string& message) { reported.push_back(message); };
  const Discovery found = discover_plugins({dir}, options);
  EXPECT_THAT(found.files, SizeIs(1));
  EXPECT_THAT(found.trust_warnings, ElementsAre(HasSubstr("is world-writable")));
  EXPECT_EQ(reported, found.trust_warnings);
}

TEST_F(Trust, OffChecksNothing) {
  add_mode(dir, fs::perms::others_write);
  add_mode(plugin, fs::perms::group_write);
  DiscoveryOptions options;
  options.trust = TrustMode::off;
  const Discovery found = discover_plugins({dir}, options);
  EXPECT_THAT(found.files, SizeIs(1));
  EXPECT_THAT(found.trust_warnings, IsEmpty());
}

TEST_F(Trust, AGroupWritablePluginIsRefused) {
  add_mode(plugin, fs::perms::group_write);
  EXPECT_THAT(discovery_error(dir), AllOf(HasSubstr("plugin " + plugin.string() + " is group-writable"),
                                          HasSubstr("run chmod go-w " + fs::canonical(plugin).string())));
}

TEST_F(Trust, AWorldWritablePluginIsRefused) {
  add_mode(plugin, fs::perms::others_write);
  EXPECT_THAT(discovery_error(dir), HasSubstr("is world-writable: anyone could replace the revision"));
}

TEST_F(Trust, SkipInvalidSkipsARefusedPluginButNotARefusedDirectory) {
  copy_to(fixture::kThrowsRuntime, dir / "other.so");
  add_mode(plugin, fs::perms::group_write);
  DiscoveryOptions options;
  options.skip_invalid = true;
  const Discovery found = discover_plugins({dir}, options);
  ASSERT_THAT(found.files, SizeIs(1));
  EXPECT_EQ(found.files[0].path.filename(), "other.so");
  EXPECT_THAT(found.warnings,
              ElementsAre(testing::Field(&DiscoveryWarning::message, HasSubstr("group-writable"))));

  add_mode(dir, fs::perms::others_write);
  EXPECT_THAT(discovery_error(dir, options), HasSubstr("is world-writable"));
}

TEST_F(Trust, AGroupWritableDirectoryIsAWarning) {
  add_mode(dir, fs::perms::group_write);
  const Discovery found = discover_plugins({dir});
  EXPECT_THAT(found.files, SizeIs(1));
  EXPECT_THAT(found.trust_warnings, ElementsAre(HasSubstr("run chmod g-w " + real_dir.string())));
}

TEST_F(Trust, AWorldWritableParentWithoutTheStickyBitIsRefused) {
  const fs::path parent = tmp.dir("shared");
  const fs::path inner = tmp.dir("shared/plugins");
  copy_to(fixture::kSingle, inner / "single.so");
  add_mode(parent, fs::perms::others_write);
  EXPECT_THAT(
      discovery_error(inner),
      AllOf(HasSubstr(fs::canonical(parent).string() + " (a parent of plugin directory"),
            HasSubstr("without the sticky bit"), HasSubstr("chmod o-w " + fs::canonical(parent).string())));
  add_mode(parent, fs::perms::sticky_bit);  // as /tmp: others cannot rename what they do not own
  EXPECT_THAT(discover_plugins({inner}).files, SizeIs(1));
}

TEST_F(Trust, ASymlinkInsideTheDirectoryIsFineOneLeadingOutsideIsAWarning) {
  fs::create_symlink(plugin, dir / "alias.so");
  EXPECT_THAT(check_file_trust(dir / "alias.so", dir), IsEmpty());
  fs::remove(dir / "alias.so");

  const fs::path elsewhere = copy_to(fixture::kSingle, tmp.dir("elsewhere") / "single.so");
  fs::remove(plugin);
  fs::create_symlink(elsewhere, dir / "linked.so");
  const Discovery found = discover_plugins({dir});
  EXPECT_THAT(found.files, SizeIs(1));
  EXPECT_THAT(found.trust_warnings,
              ElementsAre(AllOf(HasSubstr("plugin " + (dir / "linked.so").string() + " (a symlink to " +
                                          fs::canonical(elsewhere).string() + ")"),
                                HasSubstr("leads outside plugin directory " + real_dir.string()))));
}

TEST_F(Trust, AWritableSymlinkTargetIsRefusedNamingTheTarget) {
  const fs::path elsewhere = copy_to(fixture::kSingle, tmp.dir("elsewhere") / "single.so");
  fs::remove(plugin);
  fs::create_symlink(elsewhere, dir / "linked.so");
  add_mode(elsewhere, fs::perms::others_write);
  EXPECT_THAT(discovery_error(dir), HasSubstr("run chmod go-w " + fs::canonical(elsewhere).string()));
}

// Only root can give a file away; elsewhere this one case is skipped.
TEST_F(Trust, APluginOwnedByAnotherUserIsAWarning) {
  if (geteuid() != 0) GTEST_SKIP() << "chown to another user needs root";
  const passwd* nobody = getpwnam("nobody");
  if (!nobody) GTEST_SKIP() << "no user 'nobody'";
  ASSERT_EQ(::chown(plugin.c_str(), nobody->pw_uid, static_cast<gid_t>(-1)), 0);
  const Discovery found = discover_plugins({dir});
  EXPECT_THAT(found.files, SizeIs(1));
  EXPECT_THAT(
      found.trust_warnings,
      ElementsAre(AllOf(HasSubstr("plugin " + plugin.string() + " is owned by nobody"),
                        HasSubstr("not by the running user (root) or root"), HasSubstr("chown root"))));
  ASSERT_EQ(::chown(dir.c_str(), nobody->pw_uid, static_cast<gid_t>(-1)), 0);
  EXPECT_THAT(
      check_directory_trust(dir),
      ElementsAre(testing::Field(&TrustProblem::message, HasSubstr("plugin directory " + real_dir.string() +
                                                                   " is owned by nobody"))));
}

}  // namespace
}  // namespace godwit::core::plugin
