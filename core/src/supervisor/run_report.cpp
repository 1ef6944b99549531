#include "godwit/core/supervisor/run_report.hpp"

#include <sstream>

namespace godwit::core::supervisor {

void RunReport::apply(std::string_view line) {
  if (line.size() < 1) return;
  std::istringstream in{std::string(line.substr(1))};
  switch (line[0]) {
    case 'S': {
      std::string id;
      if (in >> id) sessions.push_back(id);
      return;
    }
    case 'B': {
      OpenStep begun;
      int transactional = 1;
      if (in >> transactional >> begun.history_id >> begun.direction >> begun.started_at >> begun.revision) {
        begun.transactional = transactional != 0;
        step = begun;
      }
      return;
    }
    case 'W':
      if (step) step->work_done = true;
      return;
    case 'F':
      if (step && line.size() > 2) step->error = std::string(line.substr(2));
      return;
    case 'E':
      step.reset();
      return;
    case 'L': {
      std::string revision;
      if (in >> revision) loading = revision;
      return;
    }
    case 'l':
      loading.clear();
      return;
    case 'X': {
      int code = 0;
      if (in >> code) exit_code = code;
      return;
    }
    default:
      return;
  }
}

std::string encode(const RunReport& report) {
  std::string lines;
  for (const std::string& session : report.sessions) lines += session_line(session);
  if (report.step) {
    lines += step_started_line(*report.step);
    if (report.step->work_done) lines += work_done_line();
    if (!report.step->error.empty()) lines += step_failed_line(report.step->error);
  }
  if (!report.loading.empty()) lines += loading_line(report.loading, true);
  if (report.exit_code) lines += exit_line(*report.exit_code);
  return lines;
}

RunReport decode(std::string_view lines) {
  RunReport report;
  for (std::size_t end; (end = lines.find('\n')) != std::string_view::npos; lines.remove_prefix(end + 1))
    report.apply(lines.substr(0, end));
  return report;
}

std::string session_line(const std::string& session_id) {
  return "S " + session_id + "\n";
}

std::string step_started_line(const OpenStep& step) {
  return "B " + std::string(step.transactional ? "1" : "0") + " " + std::to_string(step.history_id) + " " +
         step.direction + " " + step.started_at + " " + step.revision + "\n";
}

std::string work_done_line() {
  return "W\n";
}

std::string step_failed_line(const std::string& error) {
  std::string text = error.substr(0, kMaxErrorText);
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return "F " + text + "\n";
}

std::string loading_line(const std::string& revision, bool loading) {
  return loading ? "L " + revision + "\n" : "l\n";
}

std::string step_recorded_line() {
  return "E\n";
}

std::string exit_line(int code) {
  return "X " + std::to_string(code) + "\n";
}

}  // namespace godwit::core::supervisor
