#include "godwit/core/graph/target.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include "messages.hpp"

namespace godwit::core::graph {

namespace {

using detail::fail_usage;

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// "[symbol](+|-)digits", Alembic's `(\w+)?((?:\+|-)\d+)`. Ids cannot contain '+' or '-', so the
// first sign starts the step.
void parse_step(Destination& dest, std::string_view rest, std::size_t sign) {
  const std::string_view symbol = rest.substr(0, sign);
  const std::string_view digits = rest.substr(sign + 1);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    fail_usage("Target '" + dest.text + "': '" + rest[sign] +
               "' must be followed by a number of steps, as in '+2', 'head-1' or 'label@-1'");
  if (!std::all_of(symbol.begin(), symbol.end(), is_word))
    fail_usage("Target '" + dest.text +
               "': a relative step counts from a revision id, 'head', 'base' or a label, not '" +
               std::string(symbol) + "'");
  long long steps = 0;
  for (char c : digits) {
    if (steps > (std::numeric_limits<long long>::max() - 9) / 10)
      fail_usage("Target '" + dest.text + "': the step count is too large");
    steps = steps * 10 + (c - '0');
  }
  dest.symbol = std::string(symbol);
  dest.step = rest[sign] == '-' ? -steps : steps;
}

}  // namespace

Destination parse_destination(std::string_view text) {
  Destination dest;
  dest.text = std::string(text);
  if (text.empty())
    fail_usage(
        "Empty target; give a revision id, 'head', 'heads', 'base', a branch label or a step like '+1'");
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)); }))
    fail_usage("Target '" + dest.text + "' contains whitespace");
  if (text.find(':') != std::string_view::npos)
    fail_usage("Target '" + dest.text + "' is a range; 'start:end' is not allowed here");
  std::string_view rest = text;
  if (const auto at = text.find('@'); at != std::string_view::npos) {
    if (text.find('@', at + 1) != std::string_view::npos)
      fail_usage("Target '" + dest.text + "' has more than one '@'; write 'label@revision'");
    dest.branch = std::string(text.substr(0, at));
    rest = text.substr(at + 1);
    if (dest.branch.empty()) fail_usage("Target '" + dest.text + "' has no branch label before '@'");
    if (rest.empty())
      fail_usage("Target '" + dest.text + "' names nothing after '@'; write '" + dest.branch + "@head', '" +
                 dest.branch + "@base' or '" + dest.branch + "@<revision>'");
  }
  if (const auto sign = rest.find_first_of("+-"); sign != std::string_view::npos)
    parse_step(dest, rest, sign);
  else
    dest.symbol = std::string(rest);
  return dest;
}

Target parse_target(std::string_view text) {
  Target target;
  target.text = std::string(text);
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    target.end = parse_destination(text);
    return target;
  }
  if (text.find(':', colon + 1) != std::string_view::npos)
    fail_usage("Target '" + target.text + "' has more than one ':'; a range is 'start:end'");
  target.is_range = true;
  if (colon > 0) target.start = parse_destination(text.substr(0, colon));
  if (colon + 1 < text.size()) target.end = parse_destination(text.substr(colon + 1));
  return target;
}

}  // namespace godwit::core::graph
