// Planning on large generated graphs: chained diamonds (a branch point, two sides, a merge point,
// repeated), the shape that makes Alembic's ordering quadratic (11 s for 6,000 revisions).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "godwit/core/graph/history.hpp"
#include "godwit/core/graph/plan.hpp"
#include "godwit/core/graph/revision_graph.hpp"

namespace {

using godwit::core::graph::RevisionGraph;
using godwit::core::graph::RevisionSpec;

// 12 hex digits, scattered like real revision ids (not sequential, so hashing is exercised).
std::string make_id(std::uint64_t n) {
  std::uint64_t x = (n + 1) * 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  char text[13];
  std::snprintf(text, sizeof text, "%012llx", static_cast<unsigned long long>(x & 0xFFFFFFFFFFFFull));
  return text;
}

// base, then (left, right, merge) triples: every merge is the next diamond's branch point.
std::vector<RevisionSpec> chained_diamonds(std::size_t revisions) {
  std::vector<RevisionSpec> specs;
  specs.reserve(revisions);
  auto add = [&](std::vector<std::string> down) {
    RevisionSpec spec;
    spec.id = make_id(specs.size());
    spec.down_revisions = std::move(down);
    spec.message = "revision " + std::to_string(specs.size());
    spec.source = "plugins/" + spec.id + ".so";
    specs.push_back(std::move(spec));
    return specs.back().id;
  };
  std::string tip = add({});
  specs.front().branch_labels = {"main"};
  while (specs.size() + 3 <= revisions) {
    const std::string left = add({tip});
    const std::string right = add({tip});
    tip = add({left, right});
  }
  return specs;
}

const RevisionGraph& graph_of(std::size_t revisions) {
  static std::vector<std::pair<std::size_t, RevisionGraph>> cache;
  for (const auto& [size, graph] : cache)
    if (size == revisions) return graph;
  cache.emplace_back(revisions, RevisionGraph::build(chained_diamonds(revisions)));
  return cache.back().second;
}

void BM_BuildGraph(benchmark::State& state) {
  const auto specs = chained_diamonds(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = specs;
    state.ResumeTiming();
    benchmark::DoNotOptimize(RevisionGraph::build(std::move(copy)));
  }
  state.counters["revisions"] = static_cast<double>(specs.size());
}

void BM_UpgradeHeadsFromBase(benchmark::State& state) {
  const RevisionGraph& graph = graph_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(godwit::core::graph::plan_upgrade(graph, {}, "heads"));
  state.counters["revisions"] = static_cast<double>(graph.size());
}

void BM_DowngradeBaseFromHeads(benchmark::State& state) {
  const RevisionGraph& graph = graph_of(static_cast<std::size_t>(state.range(0)));
  const std::vector<std::string> heads = {graph.heads().front()->id()};
  for (auto _ : state) benchmark::DoNotOptimize(godwit::core::graph::plan_downgrade(graph, heads, "base"));
  state.counters["revisions"] = static_cast<double>(graph.size());
}

void BM_HistoryAll(benchmark::State& state) {
  const RevisionGraph& graph = graph_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(godwit::core::graph::history(graph, "", {}));
  state.counters["revisions"] = static_cast<double>(graph.size());
}

#define GODWIT_SIZES ->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_BuildGraph) GODWIT_SIZES;
BENCHMARK(BM_UpgradeHeadsFromBase) GODWIT_SIZES;
BENCHMARK(BM_DowngradeBaseFromHeads) GODWIT_SIZES;
BENCHMARK(BM_HistoryAll) GODWIT_SIZES;

}  // namespace

BENCHMARK_MAIN();
