#!/usr/bin/env bash
# docs/ci.md's deploy workflow, run locally on a fresh database: migrate before the deploy, verify, roll
# back one revision, see the gate fail, migrate again. Each step must exit as the workflow relies on.
# Usage: ci_workflow_test.sh GODWIT PLUGIN_DIR CONFIG   (GODWIT_TEST_PG_DIR set by ctest)
set -uo pipefail
godwit_bin=$1 plugins=$2 config=$3
server_url=$(cat "$GODWIT_TEST_PG_DIR/url") || { echo "no test PostgreSQL (GODWIT_TEST_PG_DIR)"; exit 1; }
db="godwit_ci_$$_$RANDOM"
export DATABASE_URL="${server_url%/*}/$db"
psql -X -q -d "$server_url" -c "CREATE DATABASE $db" || exit 1
trap 'psql -X -q -d "$server_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT

passed=0 failed=0
expect() {  # expect EXIT_CODE description command...
  local want=$1 what=$2; shift 2
  "$@" >/tmp/godwit-ci-step.$$ 2>&1; local got=$?
  if [ "$got" == "$want" ]; then passed=$((passed + 1)); echo "ok: $what";
  else failed=$((failed + 1)); echo "FAILED: $what (exit $got, wanted $want)"; cat /tmp/godwit-ci-step.$$; fi
}
godwit=("$godwit_bin" -c "$config" --plugin-dir "$plugins")

expect 0 "dry run before migrating"          "${godwit[@]}" upgrade head --dry-run
expect 0 "migrate before the deploy"         "${godwit[@]}" upgrade head --wait-for-db 10
expect 0 "gate passes at head"               "${godwit[@]}" check
expect 0 "roll back one revision"            "${godwit[@]}" downgrade -1
expect 1 "gate fails with a pending revision" "${godwit[@]}" check
expect 1 "current --check-heads fails too"   "${godwit[@]}" current --check-heads
expect 0 "migrate again"                     "${godwit[@]}" upgrade head
expect 0 "gate passes again"                 "${godwit[@]}" check
DATABASE_URL="postgresql://nobody@127.0.0.1:1/none" \
  expect 1 "unreachable database aborts the deploy after waiting" "${godwit[@]}" upgrade head --wait-for-db 2
rm -f /tmp/godwit-ci-step.$$
echo "$passed passed, $failed failed"
[ "$failed" == 0 ]
