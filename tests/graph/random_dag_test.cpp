// Seeded random DAGs. Two kinds of checks:
//  - invariants: parents and dependencies before children on upgrade (the reverse on downgrade),
//    every revision once, version changes that replay onto `current` and give `resulting_heads`,
//    upgrade-then-downgrade back to empty;
//  - exactness: the optimized ordering and row tracking against literal, set-based ports of
//    Alembic's _topological_sort and HeadMaintainer (quadratic, fine for small graphs).
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "godwit/core/graph/history.hpp"
#include "godwit/core/graph/version_rows.hpp"
#include "iterate_support.hpp"

namespace godwit::core::graph::testing {
namespace {

std::vector<RevisionSpec> random_specs(std::mt19937& rng, int count) {
  std::vector<RevisionSpec> specs;
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  for (int i = 0; i < count; ++i) {
    Ids down;
    Ids deps;
    if (i > 0 && !chance(12)) {
      const int parents = chance(20) ? 2 + static_cast<int>(rng() % 2) : 1;
      for (int p = 0; p < parents; ++p) {
        const std::string id = "r" + std::to_string(rng() % i);
        if (std::find(down.begin(), down.end(), id) == down.end()) down.push_back(id);
      }
    }
    if (i > 0 && chance(15)) deps.push_back("r" + std::to_string(rng() % i));
    Ids labels;
    if (chance(8)) labels.push_back("lbl" + std::to_string(i));
    specs.push_back(rev("r" + std::to_string(i), down, labels, deps));
  }
  std::shuffle(specs.begin(), specs.end(), rng);  // tie-break order independent of the topology
  return specs;
}

// --- literal ports -----------------------------------------------------------------------------

using Set = std::set<std::size_t>;

std::vector<std::size_t> normalized_parents(const RevisionGraph& g, std::size_t node) {
  std::vector<std::size_t> out;
  const Revision& r = g.at(node);
  for (const auto& id : r.down_revisions()) out.push_back(g.get(id).index());
  for (const auto& id : r.normalized_depends_on())
    if (std::find(out.begin(), out.end(), g.get(id).index()) == out.end()) out.push_back(g.get(id).index());
  return out;
}

Set ancestors(const RevisionGraph& g, const std::vector<std::size_t>& from) {
  Set seen;
  std::vector<std::size_t> stack(from.begin(), from.end());
  while (!stack.empty()) {
    const std::size_t n = stack.back();
    stack.pop_back();
    if (!seen.insert(n).second) continue;
    for (std::size_t p : normalized_parents(g, n)) stack.push_back(p);
  }
  return seen;
}

std::vector<std::size_t> naive_sort(const RevisionGraph& g, Set todo, std::vector<std::size_t> heads) {
  std::vector<std::size_t> current;
  for (std::size_t h : Set(heads.begin(), heads.end()))
    if (todo.count(h)) current.push_back(h);
  std::vector<Set> anc;
  for (std::size_t h : current) anc.push_back(ancestors(g, {h}));
  std::vector<std::size_t> out;
  std::size_t idx = 0;
  while (!current.empty()) {
    const std::size_t cand = current[idx];
    bool moved = false;
    for (std::size_t j = 0; j < anc.size() && !moved; ++j)
      if (j != idx && anc[j].count(cand)) idx = j, moved = true;
    if (moved) continue;
    if (todo.erase(cand)) out.push_back(cand);
    std::vector<std::size_t> add;
    for (std::size_t r : normalized_parents(g, cand))
      if (todo.count(r) && std::find(current.begin(), current.end(), r) == current.end()) add.push_back(r);
    if (add.empty()) {
      current.erase(current.begin() + idx);
      anc.erase(anc.begin() + idx);
      idx = idx > 0 ? idx - 1 : 0;
    } else if (g.at(cand).normalized_depends_on().empty() && g.at(cand).down_revisions().size() == 1) {
      current[idx] = add[0];
      anc[idx].erase(cand);
    } else {
      current[idx] = add[0];
      anc[idx] = ancestors(g, {add[0]});
      for (std::size_t k = 1; k < add.size(); ++k) {
        current.push_back(add[k]);
        anc.push_back(ancestors(g, {add[k]}));
      }
    }
  }
  EXPECT_TRUE(todo.empty());
  return out;
}

// HeadMaintainer.update_to_step for RevisionStep, with the same choice of which row to keep.
class NaiveRows {
 public:
  NaiveRows(const RevisionGraph& g, const Ids& rows) : g_(g) {
    for (const auto& id : rows) rows_.insert(g.get(id).index());
  }
  Ids step(std::size_t rev, bool up) {
    out_.clear();
    const auto parents = normalized_parents(g_, rev);
    auto present = [&](std::size_t n) { return rows_.count(n) > 0; };
    const auto count = std::count_if(parents.begin(), parents.end(), present);
    if (!up && present(rev) && (parents.empty() || unmerge_to(rev).empty())) {
      del(rev);
    } else if (up && count == 0) {
      ins(rev);
    } else if (up && parents.size() > 1 && count > 1) {
      std::vector<std::size_t> others;
      for (std::size_t r : rows_)
        if (std::find(parents.begin(), parents.end(), r) == parents.end()) others.push_back(r);
      const Set implied = ancestors(g_, others);
      std::vector<std::size_t> from;
      for (std::size_t p : parents)
        if (present(p) && (others.empty() || !implied.count(p))) from.push_back(p);
      for (std::size_t i = 0; i + 1 < from.size(); ++i) del(from[i]);
      upd(from.back(), rev);
    } else if (!up && present(rev) && parents.size() > 1) {
      const auto to = unmerge_to(rev);
      for (std::size_t i = 0; i + 1 < to.size(); ++i) ins(to[i]);
      upd(rev, to.back());
    } else {
      std::size_t parent =
          parents.size() == 1 ? parents[0] : *std::find_if(parents.begin(), parents.end(), present);
      up ? upd(parent, rev) : upd(rev, parent);
    }
    return out_;
  }

 private:
  std::vector<std::size_t> unmerge_to(std::size_t rev) {
    const auto parents = normalized_parents(g_, rev);
    std::vector<std::size_t> others;
    for (std::size_t r : rows_)
      if (r != rev) others.push_back(r);
    Set implied;
    if (!others.empty()) implied = ancestors(g_, others);
    for (std::size_t p : parents)
      for (std::size_t a : ancestors(g_, {p}))
        if (a != p) implied.insert(a);
    std::vector<std::size_t> to;
    for (std::size_t p : parents)
      if (!implied.count(p)) to.push_back(p);
    return to;
  }
  void ins(std::size_t n) {
    EXPECT_TRUE(rows_.insert(n).second);
    out_.push_back("ins " + g_.at(n).id());
  }
  void del(std::size_t n) {
    EXPECT_EQ(rows_.erase(n), 1u);
    out_.push_back("del " + g_.at(n).id());
  }
  void upd(std::size_t from, std::size_t to) {
    EXPECT_EQ(rows_.erase(from), 1u);
    EXPECT_TRUE(rows_.insert(to).second);
    out_.push_back("upd " + g_.at(from).id() + "->" + g_.at(to).id());
  }
  const RevisionGraph& g_;
  Set rows_;
  Ids out_;
};

// --- checks ------------------------------------------------------------------------------------

std::vector<std::size_t> optimized_order(const RevisionGraph& g, const detail::Collected& c) {
  std::vector<std::size_t> out;
  for (detail::Node n : detail::topological_sort(g, c.todo, c.heads)) out.push_back(n);
  return out;
}

void expect_same_order(const RevisionGraph& g, const detail::Collected& c) {
  Set todo;
  for (std::size_t n = 0; n < c.todo.size(); ++n)
    if (c.todo[n]) todo.insert(n);
  EXPECT_EQ(optimized_order(g, c),
            naive_sort(g, todo, std::vector<std::size_t>(c.heads.begin(), c.heads.end())));
}

void expect_consistent_plan(const RevisionGraph& g, const Ids& current, const Plan& plan) {
  NaiveRows naive(g, current);
  std::vector<VersionChange> all;
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    EXPECT_TRUE(position.emplace(s.revision->id(), i).second) << "twice: " << s.revision->id();
    EXPECT_EQ(changes(s.version_changes), naive.step(s.revision->index(), s.direction == Direction::upgrade))
        << s.revision->id();
    all.insert(all.end(), s.version_changes.begin(), s.version_changes.end());
  }
  EXPECT_EQ(apply_version_changes(current, all), sorted(plan.resulting_heads));
  // Parents and dependencies come first on upgrade, last on downgrade.
  for (const Step& s : plan.steps) {
    Ids before = s.revision->down_revisions();
    before.insert(before.end(), s.revision->depends_on().begin(), s.revision->depends_on().end());
    for (const auto& parent : before) {
      const auto it = position.find(parent);
      if (it == position.end()) continue;
      if (s.direction == Direction::upgrade)
        EXPECT_LT(it->second, position[s.revision->id()]) << parent << " before " << s.revision->id();
      else
        EXPECT_GT(it->second, position[s.revision->id()]) << parent << " after " << s.revision->id();
    }
  }
}

detail::Collected collect_up(const RevisionGraph& g, const Ids& current, const std::string& target) {
  detail::Resolver r(g);
  return detail::collect_upgrade(r, detail::RevArg::text(target), detail::RevArg::list(current), false, true,
                                 true);
}

void check_graph(const RevisionGraph& g, std::mt19937& rng) {
  const Ids heads = ids(g.heads());
  // Base to heads and back.
  const Plan up = plan_upgrade(g, {}, "heads");
  EXPECT_EQ(up.steps.size(), g.size());
  expect_consistent_plan(g, {}, up);
  EXPECT_EQ(up.resulting_heads, heads);
  expect_same_order(g, collect_up(g, {}, "heads"));
  const Plan down = plan_downgrade(g, up.resulting_heads, "base");
  EXPECT_EQ(down.steps.size(), g.size());
  expect_consistent_plan(g, up.resulting_heads, down);
  EXPECT_TRUE(down.resulting_heads.empty());
  // From a partial state (upgraded to some revision) on to the heads.
  const std::string mid = g.at(rng() % g.size()).id();
  const Plan part = plan_upgrade(g, {}, mid);
  expect_consistent_plan(g, {}, part);
  EXPECT_EQ(part.resulting_heads, (Ids{mid}));
  const Plan rest = plan_upgrade(g, part.resulting_heads, "heads");
  expect_consistent_plan(g, part.resulting_heads, rest);
  EXPECT_EQ(part.steps.size() + rest.steps.size(), g.size());
  EXPECT_EQ(rest.resulting_heads, heads);
  expect_same_order(g, collect_up(g, part.resulting_heads, "heads"));
  EXPECT_EQ(history(g, "", {}).size(), g.size());
  // Down from the heads to that revision. As in Alembic, a revision with nothing built on it through
  // down_revision (only dependents) is not a downgrade target unless it is a row itself.
  if (g.get(mid).children().empty() && std::find(heads.begin(), heads.end(), mid) == heads.end()) {
    EXPECT_THAT(error_of([&] { plan_downgrade(g, heads, mid); }),
                ::testing::HasSubstr("is applied, but only as a dependency"));
    return;
  }
  const Plan back = plan_downgrade(g, heads, mid);
  expect_consistent_plan(g, heads, back);
  detail::Resolver r(g);
  expect_same_order(g, detail::collect_downgrade(r, detail::RevArg::list(heads), mid));
  for (const Step& s : back.steps) EXPECT_NE(s.revision->id(), mid);
}

TEST(RandomDagTest, InvariantsAndAlembicOrder) {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 300; ++round) {
    const int count = 1 + static_cast<int>(rng() % 28);
    const auto specs = random_specs(rng, count);
    SCOPED_TRACE("round " + std::to_string(round));
    try {
      const RevisionGraph g = make_graph(specs);
      check_graph(g, rng);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
    if (::testing::Test::HasFailure()) {
      std::string dump;
      for (const auto& s : specs)
        dump += "  rev(\"" + s.id + "\", " + ::testing::PrintToString(s.down_revisions) + ", {}, " +
                ::testing::PrintToString(s.depends_on) + "),\n";
      ADD_FAILURE() << "graph:\n" << dump;
      return;
    }
  }
}

}  // namespace
}  // namespace godwit::core::graph::testing
