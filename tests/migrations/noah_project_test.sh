#!/usr/bin/env bash
# The example project (migrations/) end to end through the godwit binary, on the test PostgreSQL:
#  1. every revision's downgrade restores the schema exactly (pg_dump before == after upgrade+downgrade);
#  2. upgrade head, then the data migration's output on the sample data equals the expected rows;
#  3. re-running the data migration (downgrade -1, upgrade head) gives the same rows;
#  4. an Alembic-migrated database at 7d8e9f1a2b3c (version row only) is recognised: one step pending.
# Usage: noah_project_test.sh GODWIT PLUGIN_DIR CONFIG TESTDATA_DIR   (GODWIT_TEST_PG_DIR set by ctest)
set -uo pipefail
godwit_bin=$1 plugins=$2 config=$3 testdata=$4
server_url=$(cat "$GODWIT_TEST_PG_DIR/url") || { echo "no test PostgreSQL (GODWIT_TEST_PG_DIR)"; exit 1; }
db="godwit_noah_$$_$RANDOM"
url="${server_url%/*}/$db"
psql -X -q -d "$server_url" -c "CREATE DATABASE $db" || exit 1
trap 'psql -X -q -d "$server_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
not_ok() { failed=$((failed + 1)); echo "FAILED: $*"; }
godwit() { "$godwit_bin" -q -c "$config" --plugin-dir "$plugins" --url "$url" "$@"; }
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$url" -c "$1"; }
# pg_dump 15.18 writes a random key on \restrict lines and a version banner: neither is schema.
dump() { pg_dump --schema-only --no-owner --no-privileges -T alembic_version -T 'godwit_history*' -d "$url" | grep -v -e '^\\restrict' -e '^\\unrestrict' -e '^-- Dumped'; }

revisions=$(godwit history | tac | sed -E 's/^.* -> ([0-9a-f]+).*$/\1/')
[ "$(echo "$revisions" | wc -l)" -ge 5 ] && ok "history lists the project's revisions" || not_ok "history: $revisions"

for rev in $revisions; do
  before=$(dump)
  godwit upgrade "$rev" || { not_ok "upgrade $rev"; continue; }
  upgraded=$(dump)
  godwit downgrade -1 || { not_ok "downgrade from $rev"; continue; }
  if [ "$(dump)" == "$before" ]; then ok "downgrade of $rev restores the schema"; else not_ok "downgrade of $rev changed the schema"; diff <(echo "$before") <(dump) | head -20; fi
  godwit upgrade "$rev" || not_ok "re-upgrade $rev"
  [ "$(dump)" == "$upgraded" ] && ok "upgrade of $rev is repeatable" || not_ok "re-upgrade of $rev differs"
done

godwit downgrade base && godwit upgrade 7d8e9f1a2b3c && psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$testdata/reading_sample.sql" >/dev/null \
  && ok "sample data loaded at 7d8e9f1a2b3c" || not_ok "loading the sample data"
godwit upgrade head && ok "data migration ran" || not_ok "data migration failed"
check_rows() {
  if diff <(psql -X -q -d "$url" -f "$testdata/reading_sample_check.sql") "$testdata/reading_sample_expected.tsv"; then
    ok "user_reading_stats matches the expected rows ($1)"
  else
    not_ok "user_reading_stats differs from the expected rows ($1)"
  fi
}
check_rows "first run"
godwit downgrade -1 && godwit upgrade head && check_rows "re-run" || not_ok "re-running the data migration"
[ "$(godwit check >/dev/null; echo $?)" == 0 ] && ok "check: at head" || not_ok "check should pass at head"

# A database Alembic left at 7d8e9f1a2b3c: godwit sees exactly one pending revision.
godwit downgrade 7d8e9f1a2b3c || not_ok "downgrade to 7d8e9f1a2b3c"
sql "DROP TABLE godwit_history"
out=$(godwit check); rc=$?
[ $rc == 1 ] && [[ $out == *"1 revision(s) pending"* ]] && ok "an Alembic-managed database is taken over" || not_ok "takeover: rc=$rc $out"

echo "$passed passed, $failed failed"
[ "$failed" == 0 ]
