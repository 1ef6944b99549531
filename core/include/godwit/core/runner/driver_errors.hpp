#pragma once

#include <exception>
#include <string>

#include "godwit/core/error.hpp"

namespace godwit::core::runner {

// Runs `action`, turning the SDK exceptions a driver throws into core::Error with `context` prepended.
// core::Error passes through with the context added.
template <class Action>
auto with_database_errors(const std::string& context, Action&& action) -> decltype(action());

// The message of a driver exception, with its SQLSTATE when it has one.
Error database_error(const std::string& context, const std::exception& error);

}  // namespace godwit::core::runner

#include "godwit/errors.hpp"

namespace godwit::core::runner {

template <class Action>
auto with_database_errors(const std::string& context, Action&& action) -> decltype(action()) {
  try {
    return action();
  } catch (const Error& e) {
    throw e.with_context(context);
  } catch (const std::exception& e) {
    throw database_error(context, e);
  }
}

}  // namespace godwit::core::runner
