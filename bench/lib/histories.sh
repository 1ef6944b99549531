# shellcheck shell=bash disable=SC2154  # globals come from bench/run
# Generated revision histories and databases for bench/run. Source it; do not run it.
#
# Histories are compiled once and cached in $BENCH_CACHE under a key of everything that shapes them (the
# generator, the revision body, the SDK headers, the compiler), so later runs reuse them.

# The cache key: changes whenever a regenerated history could differ.
history_key() {
  {
    cat "$bench_src/gen_history.sh" "$bench_src/revisions/bench_revision.hpp" "$GODWIT_ROOT"/sdk/include/godwit/*.hpp
    "${CXX:-g++}" --version
  } | sha256sum | cut -c1-12
}

# ensure_history LAYOUT SHAPE COUNT: prints the directory of that history, generating it when missing.
# A linear single-library history is a prefix of a longer cached one, so it is made of hard links to the
# first COUNT plugins of that one instead of being compiled again.
ensure_history() {
  local layout=$1 shape=$2 count=$3
  local dir=$BENCH_CACHE/$layout-$shape-$count-$HISTORY_KEY
  if [[ -f $dir/done ]]; then
    echo "$dir"
    return
  fi
  if [[ $layout == single && $shape == linear ]]; then
    local bigger n
    for bigger in "$BENCH_CACHE"/single-linear-*-"$HISTORY_KEY"; do
      [[ -f $bigger/done ]] || continue
      n=${bigger#"$BENCH_CACHE"/single-linear-}
      n=${n%-"$HISTORY_KEY"}
      ((n > count)) || continue
      rm -rf "$dir"
      mkdir -p "$dir/plugins"
      head -n "$count" "$bigger/graph.tsv" >"$dir/graph.tsv"
      cut -f1 "$dir/graph.tsv" | sed 's/$/.so/' | (cd "$bigger/plugins" && xargs ln -t "$dir/plugins")
      printf 'r%05d\n' "$count" >"$dir/heads"
      echo "hard links to the first $count plugins of $bigger" >"$dir/done"
      echo "$dir"
      return
    done
  fi
  note "generating and compiling $count revisions ($shape, $layout library layout); cached in $BENCH_CACHE"
  mkdir -p "$BENCH_CACHE"
  local start end
  start=$(date +%s.%N)
  "$bench_src/gen_history.sh" --shape "$shape" --count "$count" --layout "$layout" --out "$dir" \
    --jobs "$(nproc)" --pch-dir "$BENCH_CACHE/pch-$HISTORY_KEY" >"$dir.log" 2>&1 || {
    tail -n 30 "$dir.log" >&2
    die "generating the $shape $layout history of $count revisions failed (log: $dir.log)"
  }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", b - a }' >"$dir/gen_seconds"
  echo "$dir"
}

# The database URL of database NAME on the throwaway server.
db_url() {
  echo "$BASE_URL/$1"
}

# psql_on DB ARGS...: the server's own psql (not Debian's pg_wrapper, which adds a Perl start-up), without
# NOTICEs (DROP ... IF EXISTS) on stderr.
psql_on() {
  local db=$1
  shift
  PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$(db_url "$db")" "$@"
}

# recreate_db NAME [TEMPLATE]: drops NAME (closing its sessions) and creates it empty, or as a copy of TEMPLATE.
recreate_db() {
  local name=$1 template=${2:-}
  local create="CREATE DATABASE $name"
  [[ -z $template ]] || create+=" TEMPLATE $template STRATEGY FILE_COPY"
  psql_on postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "$create" >/dev/null
}

# scalar DB SQL: one value, unaligned.
scalar() {
  psql_on "$1" -A -t -c "$2"
}

# version_rows DB: the version table's rows, comma-separated and sorted ("" when empty or missing).
version_rows() {
  scalar "$1" "SELECT coalesce(string_agg(version_num, ',' ORDER BY version_num), '') FROM alembic_version"
}
