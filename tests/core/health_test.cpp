#include "godwit/core/app/health.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/pg_test_url.hpp"

namespace {

using namespace godwit::core;
using ::testing::HasSubstr;

config::Config project(const std::string& url) {
  config::Config c;
  c.database_url = url;
  c.plugin_dirs = {std::string(FIXTURE_DIR) + "/linear"};
  c.driver_dirs = {DRIVER_DIR};
  return c;
}

TEST(Health, NeverThrowsAndExplainsAnUnreachableDatabase) {
  const auto report = app::check_health(project("postgresql://u:hunter2@127.0.0.1:1/none"));
  EXPECT_FALSE(report.reachable);
  EXPECT_FALSE(report.healthy());
  EXPECT_THAT(report.error, HasSubstr("127.0.0.1"));
  EXPECT_THAT(report.error, ::testing::Not(HasSubstr("hunter2")));
  EXPECT_THAT(report.to_json(), HasSubstr("\"healthy\":false"));
}

TEST(Health, BadConfigurationIsReportedNotThrown) {
  config::Config c = project("postgresql://h/db");
  c.plugin_dirs = {"/nonexistent/plugins"};
  const auto report = app::check_health(c);
  EXPECT_FALSE(report.healthy());
  EXPECT_THAT(report.error, HasSubstr("/nonexistent/plugins"));
}

TEST(Health, ReportsPendingRevisionsOnAFreshDatabase) {
  godwit::test::TestDatabase db;
  const auto report = app::check_health(project(db.url()));
  EXPECT_TRUE(report.reachable);
  EXPECT_FALSE(report.at_head);
  EXPECT_THAT(report.pending, ::testing::ElementsAre("aa0001", "bb0002", "cc0003", "dd0004"));
  EXPECT_THAT(report.error, HasSubstr("4 revision(s) pending"));
  EXPECT_EQ(report.to_json(),
            "{\"healthy\":false,\"reachable\":true,\"at_head\":false,\"current\":[],"
            "\"pending\":[\"aa0001\",\"bb0002\",\"cc0003\",\"dd0004\"],\"error\":\"" +
                report.error + "\"}");
}

}  // namespace
