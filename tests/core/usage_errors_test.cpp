// Unknown verbs and options are named, with the closest registered name (core/src/cli/usage_errors.hpp).
#include "cli/usage_errors.hpp"

#include <gtest/gtest.h>

namespace {

namespace usage = godwit::core::cli::usage;

TEST(EditDistance, CountsATranspositionAsOneEdit) {
  EXPECT_EQ(usage::edit_distance("upgrade", "upgrade"), 0u);
  EXPECT_EQ(usage::edit_distance("upgarde", "upgrade"), 1u);
  EXPECT_EQ(usage::edit_distance("upgrad", "upgrade"), 1u);
  EXPECT_EQ(usage::edit_distance("", "abc"), 3u);
  EXPECT_EQ(usage::edit_distance("stamp", "status"), 3u);
}

TEST(Closest, SuggestsOnlyWhatIsClose) {
  const std::vector<std::string> verbs{"heads", "history", "upgrade", "downgrade", "stamp", "status"};
  EXPECT_EQ(usage::closest("upgarde", verbs), "upgrade");
  EXPECT_EQ(usage::closest("stauts", verbs), "status");
  EXPECT_EQ(usage::closest("downgrad", verbs), "downgrade");
  EXPECT_EQ(usage::closest("frobnicate", verbs), std::nullopt);
}

class Explain : public ::testing::Test {
 protected:
  Explain() {
    app.add_option("-c,--config", config);
    app.add_option("-x", arguments);
    app.add_flag("-q,--quiet", quiet);
    app.add_flag("-v,--verbose", verbose);
    auto* upgrade = app.add_subcommand("upgrade");
    upgrade->add_option("target", target);
    upgrade->add_flag("--dry-run", dry_run);
    upgrade->add_option("--wait-for-db", wait);
    app.add_subcommand("status");
    for (auto* verb : app.get_subcommands({})) verb->fallthrough();
  }
  std::optional<std::string> explain(const std::vector<std::string>& args) {
    return usage::explain(app, args);
  }

  CLI::App app;
  std::string config, target;
  std::vector<std::string> arguments;
  bool quiet = false, verbose = false, dry_run = false;
  int wait = 0;
};

TEST_F(Explain, NamesAnUnknownCommandAndTheClosestOne) {
  EXPECT_EQ(explain({"upgarde", "head"}), "unknown command 'upgarde'; did you mean 'upgrade'?");
  EXPECT_EQ(explain({"-c", "upgrade.yaml", "-v", "stats"}),
            "unknown command 'stats'; did you mean 'status'?");
  EXPECT_EQ(explain({"frobnicate"}), "unknown command 'frobnicate' (see godwit --help)");
}

TEST_F(Explain, NamesAnUnknownOptionAndTheClosestOne) {
  EXPECT_EQ(explain({"upgrade", "head", "--dyr-run"}),
            "unknown option '--dyr-run' for 'upgrade'; did you mean '--dry-run'?");
  EXPECT_EQ(explain({"--verbos", "status"}), "unknown option '--verbos'; did you mean '--verbose'?");
  EXPECT_EQ(explain({"upgrade", "--wait-for-db=5", "--confgi", "x"}),
            "unknown option '--confgi' for 'upgrade'; did you mean '--config'?");
}

TEST_F(Explain, AcceptsWhatCli11Accepts) {
  EXPECT_EQ(
      explain({"-qv", "-xk=v", "-x", "a=b", "--config=g.yaml", "upgrade", "--wait-for-db", "5", "head"}),
      std::nullopt);
  EXPECT_EQ(explain({"upgrade"}), std::nullopt);  // a missing target: CLI11's own message says so
  EXPECT_EQ(explain({}), std::nullopt);
}

}  // namespace
