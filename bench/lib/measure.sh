# shellcheck shell=bash disable=SC2154  # globals come from bench/run
# Measuring and reporting helpers for bench/run. Source it; do not run it.
#
# Every sample is one line "KEY WALL_SECONDS PEAK_RSS_KIB" in $BENCH_SAMPLES, taken by godwit_bench_exec
# (CLOCK_MONOTONIC around posix_spawn + wait4; the RSS is the child's ru_maxrss). The report is Markdown
# appended to $BENCH_REPORT.

# measure KEY COMMAND [ARGS...]: runs the command once, records the sample, fails loudly when it fails.
# Its stdout goes to $BENCH_WORK/last.out and its stderr to $BENCH_WORK/last.err, for checks afterwards.
measure() {
  local key=$1 result
  shift
  result=$("$bench_exec" --stdout "$BENCH_WORK/last.out" --stderr "$BENCH_WORK/last.err" -- "$@") || {
    echo "--- stderr of the failed command (case $key) ---" >&2
    tail -n 30 "$BENCH_WORK/last.err" >&2 || true
    die "benchmark case '$key' failed: $*"
  }
  echo "$key $result" >>"$BENCH_SAMPLES"
}

# stats KEY: prints "n median min max rss_median_kib rss_max_kib", or nothing when KEY has no sample.
stats() {
  awk -v key="$1" '$1 == key { t[++n] = $2; r[n] = $3 }
    function sort(a, n,   i, j, v) { for (i = 2; i <= n; ++i) { v = a[i]; for (j = i - 1; j > 0 && a[j] > v; --j) a[j + 1] = a[j]; a[j + 1] = v } }
    function median(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END {
      if (!n) exit
      sort(t, n); sort(r, n)
      printf "%d %.6f %.6f %.6f %d %d\n", n, median(t, n), t[1], t[n], median(r, n), r[n]
    }' "$BENCH_SAMPLES"
}

# median KEY: the median wall time in seconds (empty without samples).
median_of() {
  local s
  s=$(stats "$1")
  [[ -n $s ]] && awk '{ print $2 }' <<<"$s"
}

# time_cell KEY: "12.3 ms (11.9–13.0)" -- median, then min–max in the median's unit; "12.3 ms" for one run.
time_cell() {
  local s
  s=$(stats "$1")
  [[ -n $s ]] || { echo "—"; return; }
  awk '{
    n = $1; med = $2; lo = $3; hi = $4
    if (med < 1) { f = 1000; u = "ms"; p = (med < 0.1) ? 1 : 0 } else { f = 1; u = "s"; p = (med < 10) ? 2 : 1 }
    fmt = "%." p "f"
    cell = sprintf(fmt " %s", med * f, u)
    if (n > 1) cell = cell sprintf(" (" fmt "–" fmt ")", lo * f, hi * f)
    print cell
  }' <<<"$s"
}

# rss_cell KEY: the largest peak RSS over the runs, in MiB.
rss_cell() {
  local s
  s=$(stats "$1")
  [[ -n $s ]] || { echo "—"; return; }
  awk '{ printf "%.1f MiB\n", $6 / 1024 }' <<<"$s"
}

# rss_mib KEY: the largest peak RSS in MiB, as a number.
rss_mib() {
  local s
  s=$(stats "$1")
  [[ -n $s ]] && awk '{ printf "%.1f\n", $6 / 1024 }' <<<"$s"
}

# ratio_cell KEY FLOOR_KEY: median(KEY) / median(FLOOR_KEY), "1.07×".
ratio_cell() {
  local a b
  a=$(median_of "$1")
  b=$(median_of "$2")
  [[ -n $a && -n $b ]] || { echo "—"; return; }
  awk -v a="$a" -v b="$b" 'BEGIN { if (b <= 0) print "—"; else printf "%.2f×\n", a / b }'
}

# ratio_value KEY FLOOR_KEY: the same ratio as a plain number.
ratio_value() {
  local a b
  a=$(median_of "$1")
  b=$(median_of "$2")
  [[ -n $a && -n $b ]] && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.4f\n", a / b }'
}

# verdict VALUE OP LIMIT: "met" or "**missed**" for VALUE < LIMIT ("lt") or VALUE <= LIMIT ("le"); in --quick
# runs the sizes are not the targets' sizes, so no verdict is given.
verdict() {
  local value=$1 op=$2 limit=$3
  if ((BENCH_QUICK)); then
    echo "n/a (quick)"
    return
  fi
  [[ -n $value ]] || { echo "—"; return; }
  awk -v v="$value" -v op="$op" -v l="$limit" 'BEGIN {
    ok = (op == "lt") ? (v < l) : (v <= l)
    print ok ? "met" : "**missed**"
  }'
}

# report LINE...: appends lines to the Markdown report.
report() {
  printf '%s\n' "$@" >>"$BENCH_REPORT"
}

# note TEXT: progress on stderr, so stdout stays the report.
note() {
  printf '  - %s\n' "$*" >&2
}

# thousands N: 10000 -> 10,000
thousands() {
  sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"
}
