#!/usr/bin/env bash
# Installs godwit (SDK, CMake package, binary, PostgreSQL driver) into a temporary prefix, builds an
# out-of-tree revision project with find_package(GodwitSdk COMPONENTS postgres) + godwit_add_revision (one
# revision uses the libpqxx transaction through Godwit::postgres), and applies it with the installed godwit on
# the test PostgreSQL.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR   (GODWIT_TEST_PG_DIR set by ctest)
set -uo pipefail
build=$1 source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/godwit-install.XXXXXX")
server_url=$(cat "$GODWIT_TEST_PG_DIR/url") || { echo "no test PostgreSQL (GODWIT_TEST_PG_DIR)"; exit 1; }
db="godwit_install_$$_$RANDOM"
url="${server_url%/*}/$db"
cleanup() { psql -X -q -d "$server_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAILED: $*"; echo "0 passed, 1 failed"; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install"; }
[ -x "$work/prefix/bin/godwit" ] || fail "no installed godwit binary"
# A copy of the project, so the test can edit a revision's source the way an author would.
cp -r "$source/tests/install/project" "$work/src"
cmake -S "$work/src" -B "$work/project" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/cfg.log" 2>&1 \
  || { cat "$work/cfg.log"; fail "configuring the out-of-tree project"; }
cmake --build "$work/project" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "building the out-of-tree project"; }
psql -X -q -d "$server_url" -c "CREATE DATABASE $db" || fail "creating the database"

godwit=("$work/prefix/bin/godwit" --plugin-dir "$work/project/plugins" --url "$url")
"${godwit[@]}" upgrade head || fail "installed godwit upgrade head"
rows=$(psql -X -q -A -t -d "$url" -c "SELECT string_agg(name, '|' ORDER BY id) FROM shelves")
[ "$rows" == $'fiction|tab\there|naïve "quotes"' ] || fail "unexpected rows: $rows"
[ "$(psql -X -q -A -t -d "$url" -c 'SELECT version_num FROM alembic_version')" == 2c3d4e5f6071 ] || fail "version row"
# The revision built with the opt-in postgres component wrote through the driver's libpqxx transaction.
pqxx_abi=$(sed -n 's/^#define GODWIT_PQXX_ABI "\(.*\)"$/\1/p' "$work/prefix/include/godwit-postgres/godwit/postgres.hpp")
[ -n "$pqxx_abi" ] || fail "the installed godwit/postgres.hpp states no GODWIT_PQXX_ABI"
notes=$(psql -X -q -A -t -d "$url" -c 'SELECT abi FROM native_notes')
[ "$notes" == "$pqxx_abi" ] || fail "the native-handle revision wrote '$notes', expected libpqxx ABI $pqxx_abi"

# The source checksum: stamped at build time from the .cpp, recorded on apply, and changed by an edit and a
# plain rebuild (no cmake re-run), which verify and check then report.
stamped() { grep -ao 'source_sha256: [0-9a-f]\{64\}' "$work/project/plugins/outside_second.so" | head -n 1 | cut -d' ' -f2; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
[ "$(stamped)" == "$(sum "$work/src/second.cpp")" ] || fail "stamped source checksum $(stamped) is not second.cpp's"
recorded=$(psql -X -q -A -t -d "$url" -c "SELECT source_checksum FROM godwit_history WHERE revision = '1b2c3d4e5f60'")
[ "$recorded" == "$(sum "$work/src/second.cpp")" ] || fail "recorded source checksum '$recorded'"
"${godwit[@]}" verify >"$work/verify.log" || { cat "$work/verify.log"; fail "verify right after upgrade"; }
echo "// edited after it was applied" >>"$work/src/second.cpp"
cmake --build "$work/project" >"$work/rebuild.log" 2>&1 || { cat "$work/rebuild.log"; fail "rebuilding after an edit"; }
[ "$(stamped)" == "$(sum "$work/src/second.cpp")" ] || fail "the rebuild did not restamp the edited source ($(stamped))"
[ "$(stamped)" != "$recorded" ] || fail "the edit did not change the stamped checksum"
"${godwit[@]}" verify >"$work/verify.log" && fail "verify passed an edited revision"
grep -q "modified: revision 1b2c3d4e5f60 .*${recorded:0:12} when applied, $(stamped | cut -c1-12) now" "$work/verify.log" \
  || { cat "$work/verify.log"; fail "verify does not name the edited revision and both checksums"; }
"${godwit[@]}" check >/dev/null && fail "check passed an edited revision"
"${godwit[@]}" check --allow-modified >/dev/null || fail "check --allow-modified"

"${godwit[@]}" downgrade base || fail "installed godwit downgrade base"
echo "1 passed, 0 failed"
