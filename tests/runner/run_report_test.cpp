// The supervisor's report protocol: what the child writes is what the supervisor reads back.
#include "godwit/core/supervisor/run_report.hpp"

#include <gtest/gtest.h>

namespace {

using namespace godwit::core::supervisor;

RunReport replay(const std::vector<std::string>& lines) {
  RunReport report;
  for (const std::string& line : lines) report.apply(line.substr(0, line.size() - 1));  // without '\n'
  return report;
}

TEST(RunReport, AnOpenStepIsKnownWithWhatItHadDone) {
  OpenStep step{"cb0002", "upgrade", false, 42, "2026-12-02T05:00:00.000000Z", false, {}};
  const RunReport report = replay(
      {session_line("123:456.7"), session_line("124:456.8"), step_started_line(step), work_done_line()});
  EXPECT_EQ(report.sessions, (std::vector<std::string>{"123:456.7", "124:456.8"}));
  ASSERT_TRUE(report.step);
  EXPECT_EQ(report.step->revision, "cb0002");
  EXPECT_EQ(report.step->direction, "upgrade");
  EXPECT_FALSE(report.step->transactional);
  EXPECT_EQ(report.step->history_id, 42);
  EXPECT_EQ(report.step->started_at, "2026-12-02T05:00:00.000000Z");
  EXPECT_TRUE(report.step->work_done);
  EXPECT_FALSE(report.exit_code);
}

TEST(RunReport, AFailedStepKeepsItsErrorOnOneLine) {
  OpenStep step{"a1", "upgrade", true, 0, "t", false, {}};
  const RunReport report =
      replay({step_started_line(step), step_failed_line("lost\nthe connection"), exit_line(1)});
  ASSERT_TRUE(report.step);
  EXPECT_EQ(report.step->error, "lost the connection");
  EXPECT_EQ(step_failed_line(std::string(5000, 'x')).size(), kMaxErrorText + 3);
}

TEST(RunReport, ARecordedStepAndAnExitLeaveNothingOpen) {
  OpenStep step{"a1", "downgrade", true, 0, "t", false, {}};
  const RunReport report = replay({step_started_line(step), step_recorded_line(), exit_line(130)});
  EXPECT_FALSE(report.step);
  ASSERT_TRUE(report.exit_code);
  EXPECT_EQ(*report.exit_code, 130);
}

TEST(RunReport, EncodingTheStateAndDecodingItGivesItBack) {
  RunReport report;
  report.sessions = {"1:2.5", "3:4.5"};
  report.step = OpenStep{"nb0002", "downgrade", false, 7, "2026-12-02T05:00:00Z", true, "lost the server"};
  report.exit_code = 1;
  report.loading = "nc0003";
  const RunReport back = decode(encode(report));
  EXPECT_EQ(back.loading, "nc0003");
  EXPECT_EQ(decode(encode(back) + loading_line("nc0003", false)).loading, "");
  EXPECT_EQ(back.sessions, report.sessions);
  ASSERT_TRUE(back.step);
  EXPECT_EQ(back.step->revision, "nb0002");
  EXPECT_EQ(back.step->direction, "downgrade");
  EXPECT_FALSE(back.step->transactional);
  EXPECT_EQ(back.step->history_id, 7);
  EXPECT_TRUE(back.step->work_done);
  EXPECT_EQ(back.step->error, "lost the server");
  EXPECT_EQ(back.exit_code, 1);
  EXPECT_FALSE(decode(encode(RunReport{})).step);
}

TEST(RunReport, LinesItDoesNotKnowAreIgnored) {
  const RunReport report = replay({"hello\n", "B x\n", "X\n", "\n"});
  EXPECT_FALSE(report.step);
  EXPECT_FALSE(report.exit_code);
  EXPECT_TRUE(report.sessions.empty());
}

}  // namespace
