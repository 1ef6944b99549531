# shellcheck shell=bash disable=SC2154  # globals come from bench/run
# Case 4: data migration -- the SDK revision bench/revisions/users_rewrite.cpp (ctx.stream + ctx.copy_into +
# swap, progress reported) against three psql floors: the same client-side rewrite with COPY out, a C++
# transform and COPY in (the floor of a revision that transforms rows in C++), a CREATE TABLE AS rewrite with
# the same swap (the rewrite in SQL alone), and an in-place UPDATE. Source it; do not run it. Every run starts
# from a copy of a seeded template database (not timed).

# data_sizes: the row counts of this run.
data_sizes() {
  if ((BENCH_QUICK)); then
    echo 10000
    return
  fi
  echo 1000000
  ((BENCH_NO_10M)) || echo 10000000
}

data_seed() {
  local rows=$1 start end
  note "data: seeding $(thousands "$rows") rows (not timed)"
  start=$(date +%s.%N)
  recreate_db "dm_src_$rows"
  psql_on "dm_src_$rows" -v rows="$rows" -f "$bench_src/sql/data_seed.sql" >/dev/null
  end=$(date +%s.%N)
  DATA_SEED_SECONDS[rows]=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  DATA_TABLE_SIZE[rows]=$(scalar "dm_src_$rows" "SELECT pg_size_pretty(pg_total_relation_size('users'))")
}

data_check() {
  local rows=$1 what=$2 got
  got=$(psql_on dm -A -t -f "$bench_src/sql/data_check.sql")
  [[ $got == "$rows|0|0|t" ]] || die "data ($what, $rows rows): check gave '$got', expected '$rows|0|0|t'"
}

# data_copy_floor_sql URL: the COPY floor's psql script. One transaction, as godwit's revision: the new table,
# then \copy FROM PROGRAM, where the program is a second psql streaming the rows out with COPY TO STDOUT
# through godwit_bench_copy_transform (so reading, transforming and writing run at the same time, on two
# server sessions), then the same swap and primary key. The reading session sees users as committed, which
# is what the writing transaction sees too: it has not touched users before the swap.
data_copy_floor_sql() {
  local url=$1
  cat <<SQL
BEGIN;
CREATE TABLE users_new (id bigint NOT NULL, email text NOT NULL, domain text NOT NULL, created_at timestamptz NOT NULL);
\copy users_new (id, email, domain, created_at) FROM PROGRAM '$PSQL -X -q -v ON_ERROR_STOP=1 -d $url -c "COPY (SELECT id, email, created_at FROM users) TO STDOUT" | $bench_copy_transform'
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE users ADD PRIMARY KEY (id);
COMMIT;
SQL
}

case_data() {
  local rows runs run url
  local -a sizes=()
  mapfile -t sizes < <(data_sizes)
  url=$(db_url dm)
  data_copy_floor_sql "$url" >"$BENCH_WORK/data_floor_copy.sql"
  for rows in "${sizes[@]}"; do
    runs=$BENCH_RUNS
    ((rows >= 10000000)) && runs=$BENCH_RUNS_10M
    DATA_RUNS[rows]=$runs
    data_seed "$rows"
    note "data: $(thousands "$rows") rows, godwit and three floors, $runs runs"
    for ((run = 1; run <= runs; ++run)); do
      recreate_db dm "dm_src_$rows"
      measure "dm/$rows/godwit" "$godwit" --plugin-dir "$bench_users_rewrite_dir" --url "$url" upgrade head
      grep -q "users rewritten" "$BENCH_WORK/last.err" ||
        die "data ($rows rows): godwit reported no progress (stderr: $BENCH_WORK/last.err)"
      data_check "$rows" godwit
      [[ $(version_rows dm) == benchusers01 ]] || die "data ($rows rows): godwit did not record benchusers01"
      recreate_db dm "dm_src_$rows"
      measure "dm/$rows/copy" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$BENCH_WORK/data_floor_copy.sql"
      data_check "$rows" "COPY floor"
      recreate_db dm "dm_src_$rows"
      measure "dm/$rows/rewrite" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$bench_src/sql/data_floor_rewrite.sql"
      data_check "$rows" "CREATE TABLE AS floor"
      recreate_db dm "dm_src_$rows"
      measure "dm/$rows/update" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$bench_src/sql/data_floor_update.sql"
      data_check "$rows" "UPDATE floor"
    done
    psql_on postgres -c "DROP DATABASE IF EXISTS dm WITH (FORCE)" -c "DROP DATABASE dm_src_$rows" >/dev/null
  done
  data_report "${sizes[@]}"
}

data_report() {
  report "" "## 4. Data migration: lower-case emails, derive the domain, swap the table" ""
  report "godwit: \`godwit --plugin-dir DIR --url URL upgrade head\` running bench/revisions/users_rewrite.cpp:" \
    "CREATE TABLE users_new, \`count(*)\` for progress, then the rows read with \`ctx.stream\` and written with" \
    "\`ctx.copy_into\` (see the revision for how it pages); then DROP users, RENAME, ADD PRIMARY KEY, in one transaction." \
    "Floors (psql, one transaction each, the same swap and primary key): **COPY** = \`\\copy users_new FROM PROGRAM\`" \
    "'psql -c \"COPY (SELECT id, email, created_at FROM users) TO STDOUT\" | godwit_bench_copy_transform'" \
    "(bench/tools/copy_transform.cpp: the same transform in C++; out, transform and in run concurrently);" \
    "**rewrite** = CREATE TABLE AS SELECT lower(email), split_part(...); **update** = ALTER TABLE ADD COLUMN domain" \
    "+ one UPDATE. Peak RSS is the godwit process's (ru_maxrss), never the server's." \
    "Targets: within 1.2× of the COPY floor (and 1.5× of the rewrite floor); peak RSS < 64 MiB." ""
  report "| rows | runs | godwit | godwit peak RSS | COPY floor | ratio | rewrite floor | ratio | update floor | ratio | time target | RSS target |" \
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
  local rows key
  for rows in "$@"; do
    key="dm/$rows"
    report "| $(thousands "$rows") | ${DATA_RUNS[$rows]} | $(time_cell "$key/godwit") | $(rss_cell "$key/godwit") | $(time_cell "$key/copy") | $(ratio_cell "$key/godwit" "$key/copy") | $(time_cell "$key/rewrite") | $(ratio_cell "$key/godwit" "$key/rewrite") | $(time_cell "$key/update") | $(ratio_cell "$key/godwit" "$key/update") | ≤ 1.2× COPY: $(verdict "$(ratio_value "$key/godwit" "$key/copy")" le 1.2); ≤ 1.5× rewrite: $(verdict "$(ratio_value "$key/godwit" "$key/rewrite")" le 1.5) | < 64 MiB: $(verdict "$(rss_mib "$key/godwit")" lt 64) |"
  done
  local sources=() r
  for r in "$@"; do
    sources+=("$(thousands "$r") rows = ${DATA_TABLE_SIZE[$r]} (seeded in ${DATA_SEED_SECONDS[$r]} s)")
  done
  report "" "Source tables: $(printf '%s; ' "${sources[@]}" | sed 's/; $/./')"
  if ((!BENCH_QUICK && BENCH_NO_10M)); then
    report "" "10,000,000 rows: skipped (--no-10m)."
  fi
}
