#include "godwit/core/runner/script_writer.hpp"

#include "godwit/core/text.hpp"

namespace godwit::core::runner {

void ScriptWriter::statement(std::string_view sql) {
  const std::string_view body = text::trim(sql);
  if (body.empty()) return;
  out_ << body;
  if (body.back() != ';') out_ << ';';
  out_ << "\n\n";
}

void ScriptWriter::execute(std::string_view sql) {
  statement(sql);
}

std::uint64_t ScriptWriter::execute(std::string_view sql, const Params& params, std::uint64_t assumed_rows) {
  statement(dialect_.inline_parameters(sql, params));
  return assumed_rows;
}

void ScriptWriter::comment(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out_ << "-- " << text.substr(start, end - start) << '\n';
    start = end + 1;
  }
  out_ << '\n';
}

void ScriptWriter::prologue() {
  const std::string text = dialect_.script_prologue();
  if (!text.empty()) out_ << text << "\n\n";
}

void ScriptWriter::rendered(std::string_view text) {
  out_ << text;
}

}  // namespace godwit::core::runner
