# shellcheck shell=bash disable=SC2154  # globals come from bench/run
# Case 1: start-up and graph -- `godwit heads`, `history` and `current` on generated histories.
# Source it; do not run it. The floor for `current` is psql reading the version table; heads and history
# read no database, so they have no floor and are compared with the targets only.

# The histories of this run: "LAYOUT SHAPE COUNT", largest single-library one first (smaller linear ones are
# made of its first plugins).
startup_histories() {
  if ((BENCH_QUICK)); then
    printf '%s\n' "single linear 10" "bundle linear 100" "bundle branchy 100"
    return
  fi
  ((BENCH_SINGLES_10K)) && echo "single linear 10000"
  printf '%s\n' "single linear 1000" "single linear 100" \
    "bundle linear 100" "bundle linear 1000" "bundle linear 10000" \
    "bundle branchy 100" "bundle branchy 1000" "bundle branchy 10000"
}

# Stamps the history's database at its heads (once per shape and size: both layouts declare the same
# revisions) and checks that the three commands print what they must.
startup_prepare() {
  local dir=$1 db=$2 count=$3
  local head url log=$BENCH_WORK/setup.log
  head=$(cat "$dir/heads")
  url=$(db_url "$db")
  if [[ $(scalar postgres "SELECT count(*) FROM pg_database WHERE datname = '$db'") == 0 ]]; then
    recreate_db "$db"
    "$godwit" --plugin-dir "$dir/plugins" --url "$url" -q stamp heads >/dev/null 2>>"$log" ||
      die "godwit stamp heads failed on $dir"
  fi
  [[ $(version_rows "$db") == "$head" ]] || die "$db: the version table does not hold the head $head after stamp"
  "$godwit" --plugin-dir "$dir/plugins" --url "$url" heads 2>>"$log" | grep "$head" >/dev/null ||
    die "godwit heads on $dir does not print the head $head"
  local lines
  lines=$("$godwit" --plugin-dir "$dir/plugins" --url "$url" history 2>>"$log" | wc -l)
  ((lines >= count)) || die "godwit history on $dir printed $lines lines for $count revisions"
  "$godwit" --plugin-dir "$dir/plugins" --url "$url" current 2>>"$log" | grep "$head" >/dev/null ||
    die "godwit current on $dir does not print the head $head"
}

case_startup() {
  local runs=$BENCH_STARTUP_RUNS spec layout shape count dir db key
  local -a specs=() dirs=()
  mapfile -t specs < <(startup_histories)
  for spec in "${specs[@]}"; do
    read -r layout shape count <<<"$spec"
    dir=$(ensure_history "$layout" "$shape" "$count")
    dirs+=("$dir")
    startup_prepare "$dir" "h_${shape}_$count" "$count"
  done
  note "start-up: ${#specs[@]} histories x 3 commands, $runs runs each"
  local run i
  for ((run = 1; run <= runs; ++run)); do
    for i in "${!specs[@]}"; do
      read -r layout shape count <<<"${specs[$i]}"
      dir=${dirs[$i]}/plugins
      db=h_${shape}_$count
      key="su/$layout/$shape/$count"
      measure "$key/heads" "$godwit" --plugin-dir "$dir" --url "$(db_url "$db")" heads
      measure "$key/history" "$godwit" --plugin-dir "$dir" --url "$(db_url "$db")" history
      measure "$key/current" "$godwit" --plugin-dir "$dir" --url "$(db_url "$db")" current
      measure "$key/upgrade" "$godwit" --plugin-dir "$dir" --url "$(db_url "$db")" upgrade heads
      measure "$key/floor" "$PSQL" -X -A -t -d "$(db_url "$db")" -c "SELECT version_num FROM alembic_version"
    done
  done
  startup_report "${specs[@]}"
}

startup_report() {
  report "" "## 1. Start-up and graph: heads, history, current" ""
  report "Each command is a fresh \`godwit\` process (--plugin-dir, --url, no config file); output to /dev/null." \
    "Floor for \`current\`: \`psql -X -A -t -c \"SELECT version_num FROM alembic_version\"\` on the same database." \
    "\"bundle\": up to 500 revisions per generated .cpp, 4 .cpp per library; \"single\": one library per revision." \
    "\`upgrade\`: \`upgrade heads\` with nothing to do: the reads of \`current\` plus the supervisor (fork, report" \
    "pipe, wait); the ratio is against \`current\`, so its excess over 1 is what supervision costs." \
    "Runs per cell: $BENCH_STARTUP_RUNS. Times: median (min–max)." ""
  report "| command | shape | revisions | layout | godwit | peak RSS | psql floor | ratio | target |" \
    "|---|---|---:|---|---:|---:|---:|---:|---|"
  local spec layout shape count key command floor ratio target limit
  for spec in "$@"; do
    read -r layout shape count <<<"$spec"
    key="su/$layout/$shape/$count"
    for command in heads history current upgrade; do
      floor="—" ratio="—" target="—"
      if [[ $command == current ]]; then
        floor=$(time_cell "$key/floor")
        ratio=$(ratio_cell "$key/current" "$key/floor")
      fi
      if [[ $command == upgrade ]]; then
        floor="current: $(time_cell "$key/current")"
        ratio=$(ratio_cell "$key/upgrade" "$key/current")
      fi
      limit=""
      [[ $command == heads ]] && limit=0.040
      [[ $command == current ]] && limit=0.050
      if [[ -n $limit && $count == 1000 ]]; then
        target="< $(awk -v l="$limit" 'BEGIN { printf "%d ms", l * 1000 }'): $(verdict "$(median_of "$key/$command")" lt "$limit")"
      fi
      report "| $command | $shape | $(thousands "$count") | $layout | $(time_cell "$key/$command") | $(rss_cell "$key/$command") | $floor | $ratio | $target |"
    done
  done
  if ((!BENCH_QUICK && !BENCH_SINGLES_10K)); then
    local rate="" gen
    gen=$(ls -d "$BENCH_CACHE"/single-linear-1000-"$HISTORY_KEY" 2>/dev/null || true)
    [[ -n $gen && -f $gen/gen_seconds ]] && rate=$(cat "$gen/gen_seconds")
    report "" "Not measured: 10,000 revisions as 10,000 single-revision libraries. Each plugin is a separate" \
      "compile and link (about 0.3–0.4 s of CPU with a precompiled SDK header at -O0)$([[ -n $rate ]] && echo "; the 1,000 took ${rate} s of wall time to generate here, so 10,000 would take about $(awk -v r="$rate" 'BEGIN { printf "%.0f", r * 10 / 60 }') min")," \
      "longer than the whole run may take. \`bench/run --singles-10k\` builds them (cached afterwards) and adds the rows."
  fi
}
