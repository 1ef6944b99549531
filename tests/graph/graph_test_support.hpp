#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "godwit/core/error.hpp"
#include "godwit/core/graph/plan.hpp"
#include "godwit/core/graph/revision_graph.hpp"

namespace godwit::core::graph::testing {

using Ids = std::vector<std::string>;

// Graphs are written as data, one revision per line, in tie-break order.
inline RevisionSpec rev(std::string id, Ids down = {}, Ids labels = {}, Ids depends_on = {}) {
  RevisionSpec spec;
  spec.id = std::move(id);
  spec.down_revisions = std::move(down);
  spec.branch_labels = std::move(labels);
  spec.depends_on = std::move(depends_on);
  spec.message = "msg " + spec.id;
  spec.source = "plugins/" + spec.id + ".so";
  return spec;
}

inline RevisionGraph make_graph(std::vector<RevisionSpec> specs) {
  return RevisionGraph::build(std::move(specs));
}

inline Ids ids(const std::vector<const Revision*>& revisions) {
  Ids out;
  for (const Revision* r : revisions) out.push_back(r->id());
  return out;
}

// "upd a->b", "ins c", "del d": one version change.
inline std::string change_text(const VersionChange& change) {
  switch (change.kind) {
    case VersionChange::Kind::insert:
      return "ins " + change.to;
    case VersionChange::Kind::update:
      return "upd " + change.from + "->" + change.to;
    case VersionChange::Kind::delete_:
      return "del " + change.from;
  }
  return "?";
}

// "up:b [upd a->b]": a step, its direction and its version changes, so one comparison asserts
// the order of the steps and the rows each writes.
inline Ids steps(const Plan& plan) {
  Ids out;
  for (const Step& step : plan.steps) {
    std::string text = (step.direction == Direction::upgrade ? "up:" : "down:") + step.revision->id() + " [";
    for (std::size_t i = 0; i < step.version_changes.size(); ++i)
      text += (i ? ", " : "") + change_text(step.version_changes[i]);
    out.push_back(text + "]");
  }
  return out;
}

// Step revisions only, for orders where the version changes are asserted separately.
inline Ids order(const Plan& plan) {
  Ids out;
  for (const Step& step : plan.steps) out.push_back(step.revision->id());
  return out;
}

inline Ids changes(const std::vector<VersionChange>& list) {
  Ids out;
  for (const auto& change : list) out.push_back(change_text(change));
  return out;
}

inline Ids sorted(Ids list) {
  std::sort(list.begin(), list.end());
  return list;
}

// Runs `fn`, which must throw godwit::core::Error of `category`; returns the message.
template <typename Fn>
std::string error_of(Fn&& fn, ErrorCategory category = ErrorCategory::graph) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), category) << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no exception thrown";
  return {};
}

}  // namespace godwit::core::graph::testing
