#include "godwit/core/config/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "godwit/core/config/database_url.hpp"
#include "godwit/core/error.hpp"

namespace {

using godwit::core::Error;
using godwit::core::ErrorCategory;
using namespace godwit::core::config;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string config_error(const std::string& yaml) {
  try {
    parse_config_text(yaml, "/proj/godwit.yaml");
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::config);
    EXPECT_EQ(e.exit_code(), 2);
    return e.what();
  }
  ADD_FAILURE() << "expected a config error for:\n" << yaml;
  return "";
}

TEST(ConfigFile, ReadsEveryKeyAndResolvesPathsAgainstTheFile) {
  const Config c = parse_config_text(R"(
database:
  url: postgresql://noah:pw@db:5432/noah
  connect_timeout: 3
plugin_dirs:
  - plugins
  - /abs/more
version_table: my_version
version_table_schema: audit
history_table: my_history
transaction_per_revision: true
lock_timeout: 12
log_file: logs/godwit.log
options:
  batch: 500
)",
                                     "/proj/sub/godwit.yaml");
  EXPECT_EQ(c.database_url, "postgresql://noah:pw@db:5432/noah");
  EXPECT_EQ(c.connect_timeout.count(), 3);
  ASSERT_EQ(c.plugin_dirs.size(), 2u);
  EXPECT_EQ(c.plugin_dirs[0], "/proj/sub/plugins");
  EXPECT_EQ(c.plugin_dirs[1], "/abs/more");
  EXPECT_EQ(c.version_table, "my_version");
  EXPECT_EQ(c.version_table_schema, "audit");
  EXPECT_EQ(c.history_table, "my_history");
  EXPECT_TRUE(c.transaction_per_revision);
  EXPECT_EQ(c.lock_timeout.count(), 12);
  EXPECT_EQ(c.log_file, "/proj/sub/logs/godwit.log");
  EXPECT_EQ(c.options.at("batch"), "500");
}

TEST(ConfigFile, DefaultsAreAlembicCompatible) {
  const Config c = parse_config_text("", "/p/godwit.yaml");
  EXPECT_EQ(c.version_table, "alembic_version");
  EXPECT_EQ(c.history_table, "godwit_history");
  EXPECT_FALSE(c.transaction_per_revision);
  EXPECT_FALSE(c.database_url.has_value());
}

TEST(ConfigFile, UnknownKeyIsAnErrorWithLineAndColumn) {
  const std::string message = config_error("plugin_dirs: [a]\nverison_table: x\n");
  EXPECT_THAT(message, HasSubstr("/proj/godwit.yaml:2:1"));
  EXPECT_THAT(message, HasSubstr("unknown key 'verison_table'"));
}

TEST(ConfigFile, UnknownNestedKeyIsAnError) {
  EXPECT_THAT(config_error("database:\n  uri: x\n"), HasSubstr("unknown key 'database.uri'"));
}

TEST(ConfigFile, MalformedYamlNamesLineAndColumn) {
  const std::string message = config_error("database:\n  url: [unclosed\n");
  EXPECT_THAT(message, HasSubstr("/proj/godwit.yaml:"));
  EXPECT_THAT(message, HasSubstr("invalid YAML"));
}

TEST(ConfigFile, WrongTypesAreErrors) {
  EXPECT_THAT(config_error("transaction_per_revision: maybe\n"), HasSubstr("must be true or false"));
  EXPECT_THAT(config_error("lock_timeout: soon\n"), HasSubstr("'lock_timeout' must be a number of seconds"));
  EXPECT_THAT(config_error("plugin_dirs: {a: b}\n"),
              HasSubstr("'plugin_dirs' must be a directory or a list"));
  EXPECT_THAT(config_error("- a\n- b\n"), HasSubstr("must be a map of keys"));
}

TEST(ConfigLoad, EnvironmentOverridesFileAndCommandLineWins) {
  Overrides overrides;
  Environment env{{"DATABASE_URL", "postgresql://env@h/db"}, {"DEBUG", "1"}};
  Config c = load_config(overrides, env);
  EXPECT_EQ(c.database_url, "postgresql://env@h/db");
  EXPECT_TRUE(c.debug);
  overrides.url = "postgresql://cli@h/db";
  c = load_config(overrides, env);
  EXPECT_EQ(c.database_url, "postgresql://cli@h/db");
}

TEST(ConfigLoad, DebugZeroIsOff) {
  EXPECT_FALSE(load_config({}, {{"DEBUG", "0"}}).debug);
  EXPECT_FALSE(load_config({}, {{"DEBUG", ""}}).debug);
}

TEST(ConfigLoad, DatabaseComponentsBuildAnEncodedUrl) {
  const Config c = load_config({}, {{"DATABASE_SCHEME", "postgresql"},
                                    {"DATABASE_HOST", "db.example"},
                                    {"DATABASE_PORT", "6543"},
                                    {"DATABASE_NAME", "noah"},
                                    {"DATABASE_USER", "noah_db_admin"},
                                    {"DATABASE_PASSWORD", "p@ss:w/rd"}});
  EXPECT_EQ(c.database_url, "postgresql://noah_db_admin:p%40ss%3Aw%2Frd@db.example:6543/noah");
}

TEST(ConfigLoad, DatabaseComponentsTakeTheFilesSchemeOrNeedOne) {
  const fs::path dir = fs::temp_directory_path() / ("godwit-config-scheme-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "godwit.yaml") << "database:\n  url: sqlite:///local.db\n";
  Overrides overrides;
  overrides.config_file = dir / "godwit.yaml";
  EXPECT_EQ(load_config(overrides, {{"DATABASE_HOST", "h"}, {"DATABASE_NAME", "n"}}).database_url,
            "sqlite://h/n");
  try {
    load_config({}, {{"DATABASE_HOST", "h"}});
    FAIL() << "components without a scheme";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("set DATABASE_SCHEME"));
  }
  fs::remove_all(dir);
}

TEST(ConfigLoad, MissingExplicitFileIsAnError) {
  Overrides overrides;
  overrides.config_file = "/nonexistent/godwit.yaml";
  try {
    load_config(overrides, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/godwit.yaml does not exist"));
  }
}

TEST(ConfigLoad, MalformedUrlIsRejectedEarlyWithoutThePassword) {
  Overrides overrides;
  overrides.url = "noah:secret@localhost/noah";
  try {
    load_config(overrides, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::config);
    EXPECT_THAT(e.what(), HasSubstr("malformed database URL"));
    EXPECT_THAT(std::string(e.what()), ::testing::Not(HasSubstr("secret")));
  }
}

TEST(ConfigLoad, PluginDirsAndArgumentsFromCommandLine) {
  Overrides overrides;
  overrides.plugin_dirs = {"x"};
  overrides.arguments = {{"k", "v"}};
  const Config c = load_config(overrides, {});
  ASSERT_EQ(c.plugin_dirs.size(), 1u);
  EXPECT_EQ(c.plugin_dirs[0], "x");
  EXPECT_EQ(c.options.at("k"), "v");
}

TEST(DatabaseUrl, SchemeIsLowerCased) {
  EXPECT_EQ(DatabaseUrl::parse("PostgreSQL://h/db").scheme(), "postgresql");
}

TEST(DatabaseUrl, MaskedHidesThePassword) {
  EXPECT_EQ(DatabaseUrl::parse("postgresql://noah:s3cret@db:5432/noah").masked(),
            "postgresql://noah:***@db:5432/noah");
  EXPECT_EQ(DatabaseUrl::parse("postgresql://noah@db/noah").masked(), "postgresql://noah@db/noah");
}

TEST(DatabaseUrl, MalformedUrlErrorsAreMasked) {
  try {
    DatabaseUrl::parse("noah:s3cret@db/noah");
    FAIL() << "no error";
  } catch (const godwit::core::Error& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

}  // namespace
