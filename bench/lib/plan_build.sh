# shellcheck shell=bash disable=SC2154  # globals come from bench/run
# Case 3 (planning: the graph engineer's Google Benchmark godwit_bench_plan) and case 5 (the build cost of
# one scaffolded revision plugin). Source it; do not run it.

# plan_rows CSV: one tab-separated line per benchmark from Google Benchmark's CSV output (aggregate rows
# skipped): name, unit, repetitions, median, min and max real time, median CPU time, "counter=value, ...".
# Fails when a benchmark reported an error.
plan_rows() {
  awk -F, '
    function unquote(s) { gsub(/^"|"$/, "", s); return s }
    function sort(a, n,   i, j, v) { for (i = 2; i <= n; ++i) { v = a[i]; for (j = i - 1; j > 0 && a[j] > v; --j) a[j + 1] = a[j]; a[j + 1] = v } }
    function median(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    !header && $1 == "name" { for (i = 1; i <= NF; ++i) col[i] = unquote($i); header = 1; next }
    !header { next }
    {
      name = unquote($1)
      if (name ~ /_(mean|median|stddev|cv)$/) next
      if ($9 == "true") { print "error\t" name "\t" unquote($10); failed = 1; next }
      if (!(name in count)) { order[++names] = name; unit[name] = $5
        counters = ""
        for (i = 11; i <= NF; ++i) counters = counters (counters == "" ? "" : ", ") col[i] "=" $i
        counter_text[name] = counters }
      k = ++count[name]; real[name, k] = $3 + 0; cpu[name, k] = $4 + 0
    }
    END {
      if (failed) exit 1
      for (i = 1; i <= names; ++i) {
        name = order[i]; n = count[name]
        delete r; delete c
        for (k = 1; k <= n; ++k) { r[k] = real[name, k]; c[k] = cpu[name, k] }
        sort(r, n); sort(c, n)
        printf "%s\t%s\t%d\t%.6f\t%.6f\t%.6f\t%.6f\t%s\n", name, unit[name], n, median(r, n), r[1], r[n], median(c, n), counter_text[name]
      }
    }' "$1"
}

case_plan() {
  report "" "## 3. Planning (bench/graph: godwit_bench_plan, Google Benchmark)" ""
  if [[ $bench_plan == none ]]; then
    report "Not run: bench/graph/CMakeLists.txt defines no \`godwit_bench_plan\` target in this build tree."
    note "plan: no godwit_bench_plan target in this build (bench/graph)"
    return
  fi
  [[ -x $bench_plan ]] || die "godwit_bench_plan is a target of this build but $bench_plan does not exist; build it"
  local csv=$BENCH_WORK/plan.csv rows
  local -a args=(--benchmark_out="$csv" --benchmark_out_format=csv)
  if ((BENCH_QUICK)); then
    args+=(--benchmark_min_time=0.01 '--benchmark_filter=/1000$')
  else
    args+=(--benchmark_repetitions="$BENCH_RUNS")
  fi
  note "plan: $bench_plan ${args[*]}"
  measure plan/process "$bench_plan" "${args[@]}"
  rows=$(plan_rows "$csv") || die "godwit_bench_plan reported an error: $(grep '^error' <<<"$rows")"
  [[ -n $rows ]] || die "godwit_bench_plan reported no benchmark ($csv)"
  report "Command: \`godwit_bench_plan ${args[*]/#--benchmark_out=*/--benchmark_out=plan.csv}\`;" \
    "the whole process took $(time_cell plan/process), peak RSS $(rss_cell plan/process)." \
    "Times per iteration, real time: median (min–max) over the repetitions. Target: planning 100,000" \
    "merge-heavy revisions < 50 ms, checked on the planning benchmarks (upgrade/downgrade plans) of 100,000" \
    "revisions; building the graph and listing the history are shown for reference." ""
  report "| benchmark | reps | real time | CPU time (median) | counters | target |" "|---|---:|---:|---:|---|---|"
  local name unit n med lo hi cpu counters ms target spread
  while IFS=$'\t' read -r name unit n med lo hi cpu counters; do
    ms=$(awk -v t="$med" -v u="$unit" 'BEGIN { f = (u == "ns") ? 1e-6 : (u == "us") ? 1e-3 : (u == "s") ? 1e3 : 1; printf "%.4f", t * f }')
    target="—"
    if [[ $name == */100000* && ($name == *[Pp]lan* || $name == *[Uu]pgrade* || $name == *[Dd]owngrade*) ]]; then
      target="< 50 ms: $(verdict "$ms" lt 50)"
    fi
    spread=""
    ((n > 1)) && spread=" ($(fmt_unit "$lo" "$unit")–$(fmt_unit "$hi" "$unit"))"
    report "| \`$name\` | $n | $(fmt_ms "$ms")$spread | $(fmt_unit "$cpu" "$unit") | $counters | $target |"
  done <<<"$rows"
}

# fmt_ms MS: a duration given in milliseconds, in a readable unit.
fmt_ms() {
  awk -v ms="$1" 'BEGIN { if (ms < 1) printf "%.1f µs", ms * 1000; else if (ms < 1000) printf "%.2f ms", ms; else printf "%.2f s", ms / 1000 }'
}

# fmt_unit VALUE UNIT: a Google Benchmark time in its unit, readable.
fmt_unit() {
  fmt_ms "$(awk -v t="$1" -v u="$2" 'BEGIN { f = (u == "ns") ? 1e-6 : (u == "us") ? 1e-3 : (u == "s") ? 1e3 : 1; printf "%.6f", t * f }')"
}

# The compile and link commands the build tree uses for the scaffolded revision, one per line, without a
# compiler launcher (ccache would turn the measurement into a cache lookup).
scaffold_commands() {
  if [[ $bench_generator == Ninja ]]; then
    ninja -C "$build" -t commands "$bench_scaffold_target" | tail -n 2 | sed -E 's#^[^ ]*ccache +##'
    return
  fi
  # Other generators: the flags godwit_add_revision sets for this build type, spelled out.
  local src=$build/bench/scaffold/benchscaffold_bench_scaffold.cpp out=$BENCH_WORK/scaffold
  mkdir -p "$out"
  echo "${CXX:-c++} -I$GODWIT_ROOT/sdk/include -O2 -g -DNDEBUG -std=c++17 -fPIC -fvisibility=hidden -fvisibility-inlines-hidden -Wall -Wextra -Wpedantic -Wno-unused-parameter -o $out/scaffold.o -c $src"
  echo "${CXX:-c++} -fPIC -O2 -g -DNDEBUG -Wl,--no-undefined -shared -o $out/benchscaffold_bench_scaffold.so $out/scaffold.o"
}

case_build() {
  local runs=$BENCH_RUNS run compile link
  local -a commands=()
  mapfile -t commands < <(scaffold_commands)
  ((${#commands[@]} == 2)) || die "cannot get the compile and link commands of $bench_scaffold_target"
  compile=${commands[0]}
  link=${commands[1]}
  [[ $compile == *" -c "* && $link == *-shared* ]] ||
    die "unexpected build commands for $bench_scaffold_target: '$compile' / '$link'"
  note "build: compile + link of one scaffolded revision, $runs runs"
  for ((run = 1; run <= runs; ++run)); do
    measure build/total env CCACHE_DISABLE=1 sh -c "cd '$build' && $compile && $link"
    measure build/compile env CCACHE_DISABLE=1 sh -c "cd '$build' && $compile"
  done
  local plugin=$bench_scaffold_plugin
  [[ $bench_generator == Ninja ]] || plugin=$BENCH_WORK/scaffold/benchscaffold_bench_scaffold.so
  "$godwit" --plugin-dir "$(dirname "$plugin")" heads 2>>"$BENCH_WORK/setup.log" | grep benchscaffold >/dev/null ||
    die "the scaffolded plugin $plugin is not a valid revision (godwit heads does not list benchscaffold)"

  report "" "## 5. Build cost of one revision plugin" ""
  report "The file scripts/new_revision writes (scripts/templates/revision.cpp.in), compiled and linked with the" \
    "exact commands of this build tree's \`godwit_add_revision\` target ($bench_build_type, ccache disabled):" "" \
    '```' "$compile" "$link" '```' ""
  report "| step | time | peak RSS (compiler) | target |" "|---|---:|---:|---|"
  report "| compile + link | $(time_cell build/total) | $(rss_cell build/total) | < 1.5 s: $(verdict "$(median_of build/total)" lt 1.5) |"
  report "| compile only | $(time_cell build/compile) | $(rss_cell build/compile) | — |"
}
