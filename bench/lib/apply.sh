# shellcheck shell=bash disable=SC2154  # globals come from bench/run
# Case 2: apply overhead -- `upgrade head` and `downgrade base` of N revisions, against psql running the
# same statements plus one version-table change per revision. Source it; do not run it.
#
# Modes (-x bench_mode, see bench/revisions/bench_revision.hpp): "table" creates/drops one small table per
# revision; "row" inserts/deletes one row per revision (tool overhead dominates). Transactions: "run" is
# godwit's default (one transaction for the whole run; the floor wraps its script in one BEGIN/COMMIT) and
# "rev" is --transaction-per-revision (the floor commits after every revision). Every run starts from a
# freshly created database; a downgrade run starts from the database the upgrade before it left at head.

# floor_sql MODE TX DIRECTION GRAPH: the psql script of the floor, on stdout.
floor_sql() {
  local mode=$1 tx=$2 direction=$3 graph=$4
  local -a order=(cat)
  [[ $direction == down ]] && order=(tac)
  "${order[@]}" "$graph" | awk -F'\t' -v mode="$mode" -v tx="$tx" -v dir="$direction" '
    function q(s) { return "'\''" s "'\''" }
    BEGIN {
      create = "CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) NOT NULL, " \
               "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));"
      if (tx == "run") print "BEGIN;"
      if (dir == "up") print create
    }
    {
      id = $1; down = $2
      if (tx == "rev") print "BEGIN;"
      if (dir == "up") {
        if (mode == "table") print "CREATE TABLE bench_t_" id " (id bigint PRIMARY KEY, note text);"
        else print "INSERT INTO bench_rows (rev) VALUES (" q(id) ");"
        if (down == "") print "INSERT INTO alembic_version (version_num) VALUES (" q(id) ");"
        else print "UPDATE alembic_version SET version_num = " q(id) " WHERE version_num = " q(down) ";"
      } else {
        if (mode == "table") print "DROP TABLE bench_t_" id ";"
        else print "DELETE FROM bench_rows WHERE rev = " q(id) ";"
        if (down == "") print "DELETE FROM alembic_version WHERE version_num = " q(id) ";"
        else print "UPDATE alembic_version SET version_num = " q(down) " WHERE version_num = " q(id) ";"
      }
      if (tx == "rev") print "COMMIT;"
    }
    END { if (tx == "run") print "COMMIT;" }'
}

# A fresh, empty "apply" database (with the table the row mode writes to).
apply_fresh_db() {
  local mode=$1
  recreate_db apply
  [[ $mode == row ]] && psql_on apply -c "CREATE TABLE bench_rows (rev text PRIMARY KEY)" >/dev/null
  return 0
}

# apply_check MODE DIRECTION HEAD COUNT: the database is where the run should have left it.
apply_check() {
  local mode=$1 direction=$2 head=$3 count=$4 expected_version=$3 expected_count=$4 got_count
  if [[ $direction == down ]]; then
    expected_version=""
    expected_count=0
  fi
  [[ $(version_rows apply) == "$expected_version" ]] ||
    die "apply ($mode, $direction): the version table holds '$(version_rows apply)', expected '$expected_version'"
  if [[ $mode == table ]]; then
    got_count=$(scalar apply "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench\_t\_%'")
  else
    got_count=$(scalar apply "SELECT count(*) FROM bench_rows")
  fi
  [[ $got_count == "$expected_count" ]] ||
    die "apply ($mode, $direction): found $got_count tables/rows, expected $expected_count"
}

case_apply() {
  local count=$BENCH_APPLY_COUNT runs=$BENCH_APPLY_RUNS
  local single bundle head url mode tx run key sql
  local -a flag=()
  single=$(ensure_history single linear "$count")
  bundle=$(ensure_history bundle linear "$count")
  head=$(cat "$single/heads")
  url=$(db_url apply)
  mkdir -p "$BENCH_WORK/apply"
  for mode in table row; do
    for tx in run rev; do
      floor_sql "$mode" "$tx" up "$single/graph.tsv" >"$BENCH_WORK/apply/${mode}_${tx}_up.sql"
      floor_sql "$mode" "$tx" down "$single/graph.tsv" >"$BENCH_WORK/apply/${mode}_${tx}_down.sql"
    done
  done
  note "apply: $count revisions, 2 modes x 2 transaction modes x up/down, godwit and psql, $runs runs"
  # Each run: a fresh database, godwit upgrade head then downgrade base (both timed), then the same with the
  # floor's scripts on another fresh database. The bundle layout is timed in the first run only.
  for ((run = 1; run <= runs; ++run)); do
    for mode in table row; do
      for tx in run rev; do
        flag=()
        [[ $tx == rev ]] && flag=(--transaction-per-revision)
        key="ap/$mode/$tx"
        sql="$BENCH_WORK/apply/${mode}_${tx}"
        apply_fresh_db "$mode"
        measure "$key/up/godwit" "$godwit" --plugin-dir "$single/plugins" --url "$url" -q -x "bench_mode=$mode" \
          "${flag[@]}" upgrade head
        apply_check "$mode" up "$head" "$count"
        measure "$key/down/godwit" "$godwit" --plugin-dir "$single/plugins" --url "$url" -q -x "bench_mode=$mode" \
          "${flag[@]}" downgrade base
        apply_check "$mode" down "$head" "$count"

        apply_fresh_db "$mode"
        measure "$key/up/floor" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -f "${sql}_up.sql"
        apply_check "$mode" up "$head" "$count"
        measure "$key/down/floor" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" -f "${sql}_down.sql"
        apply_check "$mode" down "$head" "$count"

        if ((run == 1)) && [[ $mode == table ]]; then
          apply_fresh_db "$mode"
          measure "$key/up/bundle" "$godwit" --plugin-dir "$bundle/plugins" --url "$url" -q -x "bench_mode=$mode" \
            "${flag[@]}" upgrade head
          apply_check "$mode" up "$head" "$count"
        fi
      done
    done
  done
  apply_report
}

apply_report() {
  local count=$BENCH_APPLY_COUNT
  report "" "## 2. Apply overhead: $(thousands "$count") revisions from an empty database" ""
  report "godwit: \`godwit --plugin-dir DIR --url URL -q -x bench_mode=MODE [--transaction-per-revision] upgrade head\`" \
    "(and \`downgrade base\` from head), one library per revision unless the row says \"bundle\"." \
    "Floor: \`psql -X -q -v ON_ERROR_STOP=1 -f script.sql\` with the same statements plus one alembic_version" \
    "INSERT/UPDATE/DELETE per revision, in one BEGIN/COMMIT (\"one for the run\") or one per revision." \
    "godwit also takes its advisory lock, creates/reads its tables and writes one godwit_history row per step." \
    "Runs: $BENCH_APPLY_RUNS (the bundle rows: 1). A downgrade starts from the database its upgrade left." \
    "Target: godwit within 1.15× of the floor in both transaction modes." ""
  report "| work per revision | transactions | direction | godwit | peak RSS | psql floor | ratio | target |" \
    "|---|---|---|---:|---:|---:|---:|---|"
  apply_rows ap
}

# apply_rows KEY_PREFIX: the rows of an apply-overhead table (case 2: ap, case 6: sq/ap), one per kind of
# work, transaction mode and direction, plus the bundle layout's upgrade.
apply_rows() {
  local prefix=$1 count=$BENCH_APPLY_COUNT
  local mode tx direction key work txt
  for mode in table row; do
    for tx in run rev; do
      for direction in up down; do
        key="$prefix/$mode/$tx/$direction"
        work="CREATE/DROP TABLE"
        [[ $mode == row ]] && work="INSERT/DELETE one row"
        txt="one for the run"
        [[ $tx == rev ]] && txt="one per revision"
        report "| $work | $txt | $([[ $direction == up ]] && echo "upgrade head" || echo "downgrade base") | $(time_cell "$key/godwit") | $(rss_cell "$key/godwit") | $(time_cell "$key/floor") | $(ratio_cell "$key/godwit" "$key/floor") | ≤ 1.15×: $(verdict "$(ratio_value "$key/godwit" "$key/floor")" le 1.15) |"
        if [[ $mode == table && $direction == up ]]; then
          report "| CREATE TABLE (bundle: $(thousands "$count") revisions in one library) | $txt | upgrade head | $(time_cell "$key/bundle") | $(rss_cell "$key/bundle") | $(time_cell "$key/floor") | $(ratio_cell "$key/bundle" "$key/floor") | (layout comparison) |"
        fi
      done
    done
  done
}
