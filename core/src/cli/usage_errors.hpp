#pragma once

// Usage errors a user can act on: an unknown verb or option is named, with the closest registered name
// ("unknown command 'upgarde'; did you mean 'upgrade'?"), instead of CLI11's "A subcommand is required" or
// "The following argument was not expected". Header-only, so that it needs no build change and the tests
// can include it.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godwit::core::cli::usage {

// Optimal string alignment distance: Levenshtein plus the transposition of two adjacent characters, the
// commonest typing slip ("upgarde"), as one edit.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The candidate closest to `word`, when it is close enough to be what the user meant: at most two edits,
// or a third of the word for long ones. Ties go to the earlier candidate (registration order).
inline std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// "unknown command 'upgarde'; did you mean 'upgrade'?" or, with nothing close, where to look. `context`
// follows the word ("for 'upgrade'").
inline std::string unknown(std::string_view what, std::string_view word,
                           const std::vector<std::string>& names, std::string_view help,
                           std::string_view context = {}) {
  std::string message = "unknown " + std::string(what) + " '" + std::string(word) + "'";
  if (!context.empty()) message += " " + std::string(context);
  if (const auto suggestion = closest(word, names)) return message + "; did you mean '" + *suggestion + "'?";
  return message + " (see " + std::string(help) + ")";
}

namespace detail {

inline std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    for (const auto& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// The option `token` names in `app` or, for a verb (options fall through), in its parent.
inline const CLI::Option* find_option(const CLI::App& app, const std::string& token) {
  for (const CLI::App* scope = &app; scope != nullptr; scope = scope->get_parent())
    if (const CLI::Option* option = scope->get_option_no_throw(token)) return option;
  return nullptr;
}

// True when every letter of "-qv" is a short flag: CLI11 accepts them combined.
inline bool combined_short_flags(const CLI::App& app, const std::string& token) {
  if (token.size() < 3 || token[1] == '-') return false;
  return std::all_of(token.begin() + 1, token.end(),
                     [&](char c) { return find_option(app, std::string("-") + c) != nullptr; });
}

}  // namespace detail

// What is wrong with the command line CLI11 refused, when it is an unknown verb or option; nullopt for the
// errors CLI11 explains well enough itself (a missing argument, a bad value).
inline std::optional<std::string> explain(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* scope = &app;
  std::string verb;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-') {
      const bool short_form = arg[1] != '-';
      const std::string name = short_form ? arg : arg.substr(0, arg.find('='));
      const CLI::Option* option = detail::find_option(*scope, name);
      if (option == nullptr && short_form && arg.size() > 2) {
        const CLI::Option* first = detail::find_option(*scope, arg.substr(0, 2));
        if (first != nullptr && first->get_items_expected_min() > 0) continue;  // "-xKEY=VALUE"
        if (detail::combined_short_flags(*scope, arg)) continue;                // "-qv"
      }
      if (option == nullptr) {
        auto names = detail::option_names(*scope);
        if (scope != &app)
          for (auto& global : detail::option_names(app)) names.push_back(std::move(global));
        const std::string where = verb.empty() ? "godwit --help" : "godwit " + verb + " --help";
        return unknown("option", name, names, where, verb.empty() ? "" : "for '" + verb + "'");
      }
      if (option->get_items_expected_min() > 0 && name.size() == arg.size())
        ++i;  // its value is the next argument
      continue;
    }
    if (!verb.empty()) continue;  // a positional argument of the verb
    const CLI::App* sub = nullptr;
    for (const CLI::App* candidate : app.get_subcommands([](const CLI::App*) { return true; }))
      if (candidate->check_name(arg)) sub = candidate;
    if (sub == nullptr) {
      std::vector<std::string> names;
      for (const CLI::App* candidate : app.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(candidate->get_name());
      return unknown("command", arg, names, "godwit --help");
    }
    verb = arg;
    scope = sub;
  }
  return std::nullopt;
}

}  // namespace godwit::core::cli::usage
