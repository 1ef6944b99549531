# shellcheck shell=bash disable=SC2154  # globals come from bench/run
# Case 6: SQLite -- the apply overhead of case 2 and the data migration of case 4, on a database file,
# against the `sqlite3` shell running the same statements on the same file (the floor). Source it; do not
# run it.
#
# Fairness: the floor sets what godwit's SQLite driver sets on every connection (plugins/sqlite/src/
# database.cpp): journal_mode=WAL (persistent in the file; fresh files are switched before either side runs),
# synchronous=FULL and foreign_keys=ON, and takes its write transactions with BEGIN IMMEDIATE as the driver
# does. The busy timeout the driver also sets costs nothing without a second writer. The files live in
# $BENCH_WORK/sqlite (the build tree's file system), and each run starts from a fresh file or a fresh copy of
# a seeded template (not timed).

SQLITE3=$(command -v sqlite3 || true)

# The PRAGMAs of the driver's connection set-up, as the floor's scripts start.
sqlite_pragmas() {
  printf '%s\n' ".bail on" "PRAGMA journal_mode = WAL;" "PRAGMA foreign_keys = ON;" "PRAGMA synchronous = FULL;"
}

# sqlite_fresh FILE [TEMPLATE]: FILE (and its -wal, -shm and godwit lock files) removed, then created in WAL
# mode, or copied from TEMPLATE (a checkpointed WAL-mode file).
sqlite_fresh() {
  local file=$1 template=${2:-}
  rm -f "$file" "$file-wal" "$file-shm" "$file-journal" "$file-godwit.lock"
  if [[ -n $template ]]; then
    cp "$template" "$file"
  else
    "$SQLITE3" "$file" "PRAGMA journal_mode = WAL;" >/dev/null
  fi
}

# sqlite_scalar FILE SQL: one value (read-only; the shell's default settings are enough to read).
sqlite_scalar() {
  "$SQLITE3" -bail "$1" "$2"
}

sqlite_version_rows() {
  sqlite_scalar "$1" "SELECT coalesce(group_concat(version_num, ','), '') FROM (SELECT version_num FROM alembic_version ORDER BY 1)"
}

# sqlite_apply_check FILE MODE DIRECTION HEAD COUNT: the file is where the run should have left it.
sqlite_apply_check() {
  local file=$1 mode=$2 direction=$3 expected_version=$4 expected_count=$5 got
  if [[ $direction == down ]]; then
    expected_version=""
    expected_count=0
  fi
  got=$(sqlite_version_rows "$file")
  [[ $got == "$expected_version" ]] ||
    die "sqlite apply ($mode, $direction): the version table holds '$got', expected '$expected_version'"
  if [[ $mode == table ]]; then
    got=$(sqlite_scalar "$file" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name LIKE 'bench\_t\_%' ESCAPE '\\'")
  else
    got=$(sqlite_scalar "$file" "SELECT count(*) FROM bench_rows")
  fi
  [[ $got == "$expected_count" ]] ||
    die "sqlite apply ($mode, $direction): found $got tables/rows, expected $expected_count"
}

# The floor's apply script: case 2's statements (floor_sql), with BEGIN IMMEDIATE as the driver begins.
sqlite_floor_sql() {
  sqlite_pragmas
  floor_sql "$@" | sed 's/^BEGIN;$/BEGIN IMMEDIATE;/'
}

sqlite_apply_fresh() {
  local file=$1 mode=$2
  sqlite_fresh "$file"
  [[ $mode == row ]] && "$SQLITE3" -bail "$file" "CREATE TABLE bench_rows (rev text PRIMARY KEY)"
  return 0
}

sqlite_apply() {
  local count=$BENCH_APPLY_COUNT runs=$BENCH_APPLY_RUNS dir=$BENCH_WORK/sqlite
  local single bundle head file url mode tx run key sql
  local -a flag=()
  single=$(ensure_history single linear "$count")
  bundle=$(ensure_history bundle linear "$count")
  head=$(cat "$single/heads")
  file=$dir/apply.db
  url="sqlite:///$file"  # an absolute path: sqlite:////abs/path.db
  for mode in table row; do
    for tx in run rev; do
      sqlite_floor_sql "$mode" "$tx" up "$single/graph.tsv" >"$dir/${mode}_${tx}_up.sql"
      sqlite_floor_sql "$mode" "$tx" down "$single/graph.tsv" >"$dir/${mode}_${tx}_down.sql"
    done
  done
  note "sqlite apply: $count revisions, 2 modes x 2 transaction modes x up/down, godwit and sqlite3, $runs runs"
  for ((run = 1; run <= runs; ++run)); do
    for mode in table row; do
      for tx in run rev; do
        flag=()
        [[ $tx == rev ]] && flag=(--transaction-per-revision)
        key="sq/ap/$mode/$tx"
        sql="$dir/${mode}_${tx}"
        sqlite_apply_fresh "$file" "$mode"
        measure "$key/up/godwit" "$godwit" --plugin-dir "$single/plugins" --url "$url" -q -x "bench_mode=$mode" \
          "${flag[@]}" upgrade head
        sqlite_apply_check "$file" "$mode" up "$head" "$count"
        measure "$key/down/godwit" "$godwit" --plugin-dir "$single/plugins" --url "$url" -q -x "bench_mode=$mode" \
          "${flag[@]}" downgrade base
        sqlite_apply_check "$file" "$mode" down "$head" "$count"

        sqlite_apply_fresh "$file" "$mode"
        measure "$key/up/floor" "$SQLITE3" -init /dev/null -bail "$file" ".read ${sql}_up.sql"
        sqlite_apply_check "$file" "$mode" up "$head" "$count"
        measure "$key/down/floor" "$SQLITE3" -init /dev/null -bail "$file" ".read ${sql}_down.sql"
        sqlite_apply_check "$file" "$mode" down "$head" "$count"

        if ((run == 1)) && [[ $mode == table ]]; then
          sqlite_apply_fresh "$file" "$mode"
          measure "$key/up/bundle" "$godwit" --plugin-dir "$bundle/plugins" --url "$url" -q -x "bench_mode=$mode" \
            "${flag[@]}" upgrade head
          sqlite_apply_check "$file" "$mode" up "$head" "$count"
        fi
      done
    done
  done
}

# The rewrite in SQL: lower(email), and split_part(lower(email), '@', 2) spelled with instr/substr (SQLite has
# no split_part): the text between the first and the second '@', empty without one.
SQLITE_DOMAIN_OF_E="CASE WHEN instr(d, '@') > 0 THEN substr(d, 1, instr(d, '@') - 1) ELSE d END"
SQLITE_AFTER_AT="CASE WHEN instr(e, '@') > 0 THEN substr(e, instr(e, '@') + 1) ELSE '' END"

sqlite_data_floor_sql() {
  sqlite_pragmas
  cat <<SQL
BEGIN IMMEDIATE;
CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL, domain TEXT NOT NULL, created_at TEXT NOT NULL);
INSERT INTO users_new (id, email, domain, created_at)
  SELECT id, e, $SQLITE_DOMAIN_OF_E, created_at
  FROM (SELECT id, e, $SQLITE_AFTER_AT AS d, created_at FROM (SELECT id, lower(email) AS e, created_at FROM users));
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
COMMIT;
SQL
}

# sqlite_data_seed ROWS TEMPLATE: users as case 4 seeds them (mixed-case emails over 997 domains), checkpointed
# into the main file so a copy of it is the whole database.
sqlite_data_seed() {
  local rows=$1 template=$2
  sqlite_fresh "$template"
  "$SQLITE3" -bail "$template" >/dev/null <<SQL
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, created_at TEXT NOT NULL);
WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < $rows)
INSERT INTO users (id, email, created_at)
  SELECT i, 'User.' || i || '@Mail-' || (i % 997) || '.Example.COM',
         strftime('%Y-%m-%d %H:%M:%S+00', '2020-01-01 00:00:00', '+' || (i * 17) || ' seconds')
  FROM g;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

# sqlite_data_check FILE ROWS WHAT: rows, rows not lower-case, rows whose domain is wrong, id the primary key.
sqlite_data_check() {
  local file=$1 rows=$2 what=$3 got
  got=$(sqlite_scalar "$file" "SELECT count(*), total(email <> lower(email)), total(domain IS NOT ($SQLITE_DOMAIN_OF_E)),
      (SELECT count(*) FROM pragma_table_info('users') WHERE name = 'id' AND pk = 1)
    FROM (SELECT *, $SQLITE_AFTER_AT AS d FROM (SELECT *, email AS e FROM users))")
  [[ $got == "$rows|0.0|0.0|1" ]] || die "sqlite data ($what, $rows rows): check gave '$got', expected '$rows|0.0|0.0|1'"
}

sqlite_data() {
  local dir=$BENCH_WORK/sqlite rows runs run file template url
  local -a sizes=()
  mapfile -t sizes < <(data_sizes)
  file=$dir/dm.db
  url="sqlite:///$file"
  sqlite_data_floor_sql >"$dir/data_floor_rewrite.sql"
  for rows in "${sizes[@]}"; do
    ((rows >= 10000000)) && continue  # SQLite: the 1,000,000-row case only
    runs=$BENCH_RUNS
    SQLITE_DATA_RUNS[rows]=$runs
    template=$dir/dm_src_$rows.db
    note "sqlite data: seeding $(thousands "$rows") rows (not timed)"
    sqlite_data_seed "$rows" "$template"
    SQLITE_DATA_SIZE[rows]=$(du -h "$template" | cut -f1)
    note "sqlite data: $(thousands "$rows") rows, godwit and the SQL rewrite, $runs runs"
    for ((run = 1; run <= runs; ++run)); do
      sqlite_fresh "$file" "$template"
      measure "sq/dm/$rows/godwit" "$godwit" --plugin-dir "$bench_users_rewrite_dir" --url "$url" upgrade head
      grep -q "users rewritten" "$BENCH_WORK/last.err" "$BENCH_WORK/last.out" ||
        die "sqlite data ($rows rows): godwit reported no progress"
      sqlite_data_check "$file" "$rows" godwit
      [[ $(sqlite_version_rows "$file") == benchusers01 ]] || die "sqlite data ($rows rows): godwit did not record benchusers01"
      sqlite_fresh "$file" "$template"
      measure "sq/dm/$rows/rewrite" "$SQLITE3" -init /dev/null -bail "$file" ".read $dir/data_floor_rewrite.sql"
      sqlite_data_check "$file" "$rows" "SQL rewrite floor"
    done
  done
  rm -f "$file" "$template"
}

case_sqlite() {
  [[ -n $SQLITE3 ]] || die "the sqlite3 shell is not installed (Debian package sqlite3)"
  SQLITE_DATA_RUNS=() SQLITE_DATA_SIZE=()
  mkdir -p "$BENCH_WORK/sqlite"
  sqlite_apply
  sqlite_data
  sqlite_report
}

sqlite_report() {
  report "" "## 6. SQLite: apply overhead and data migration against the \`sqlite3\` shell" ""
  report "The same cases on a database file (\`sqlite:////path/app.db\`), against \`$SQLITE3\` ($("$SQLITE3" -version | cut -d' ' -f1))" \
    "running the same statements on the same file: \`sqlite3 -init /dev/null -bail FILE '.read script.sql'\`," \
    "the script starting with the PRAGMAs godwit's driver sets (journal_mode=WAL, synchronous=FULL," \
    "foreign_keys=ON) and beginning its transactions with BEGIN IMMEDIATE, as the driver does." \
    "Apply: case 2's revisions and statements; runs: $BENCH_APPLY_RUNS (the bundle row: 1)." \
    "Target, as for PostgreSQL: within 1.15× of the floor." ""
  report "| work per revision | transactions | direction | godwit | peak RSS | sqlite3 floor | ratio | target |" \
    "|---|---|---|---:|---:|---:|---:|---|"
  apply_rows sq/ap
  report "" "Data migration: bench/revisions/users_rewrite.cpp (the same revision as case 4: one \`ctx.stream\`," \
    "each row rewritten in C++ and written to one open \`ctx.copy_into\`, which on SQLite is prepared multi-row" \
    "INSERTs; \`id\` is declared INTEGER PRIMARY KEY up front, as SQLite cannot add a primary key later)" \
    "against the same rewrite in SQL: INSERT INTO users_new SELECT lower(email), the domain with instr/substr," \
    "then DROP and RENAME, in one transaction. Peak RSS is the process's (ru_maxrss): godwit's, and the shell's" \
    "for comparison. Targets, as for PostgreSQL's rewrite floor: within 1.5×; peak RSS < 64 MiB." ""
  report "| rows | runs | godwit | godwit peak RSS | SQL rewrite floor | floor peak RSS | ratio | time target | RSS target |" \
    "|---:|---:|---:|---:|---:|---:|---:|---|---|"
  local rows sources=()
  for rows in "${!SQLITE_DATA_RUNS[@]}"; do
    key="sq/dm/$rows"
    report "| $(thousands "$rows") | ${SQLITE_DATA_RUNS[$rows]} | $(time_cell "$key/godwit") | $(rss_cell "$key/godwit") | $(time_cell "$key/rewrite") | $(rss_cell "$key/rewrite") | $(ratio_cell "$key/godwit" "$key/rewrite") | ≤ 1.5×: $(verdict "$(ratio_value "$key/godwit" "$key/rewrite")" le 1.5) | < 64 MiB: $(verdict "$(rss_mib "$key/godwit")" lt 64) |"
    sources+=("$(thousands "$rows") rows = ${SQLITE_DATA_SIZE[$rows]}")
  done
  report "" "Source files: $(printf '%s; ' "${sources[@]}" | sed 's/; $/./')"
}
