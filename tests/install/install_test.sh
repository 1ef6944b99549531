#!/usr/bin/env bash
# Installs godwit (SDK, CMake package, binary, PostgreSQL driver) into a temporary prefix, builds an
# out-of-tree revision project with find_package(GodwitSdk) + godwit_add_revision, and applies it with the
# installed godwit on the test PostgreSQL.
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
cmake -S "$source/tests/install/project" -B "$work/project" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/cfg.log" 2>&1 \
  || { cat "$work/cfg.log"; fail "configuring the out-of-tree project"; }
cmake --build "$work/project" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "building the out-of-tree project"; }
psql -X -q -d "$server_url" -c "CREATE DATABASE $db" || fail "creating the database"

godwit=("$work/prefix/bin/godwit" --plugin-dir "$work/project/plugins" --url "$url")
"${godwit[@]}" upgrade head || fail "installed godwit upgrade head"
rows=$(psql -X -q -A -t -d "$url" -c "SELECT string_agg(name, '|' ORDER BY id) FROM shelves")
[ "$rows" == $'fiction|tab\there|naïve "quotes"' ] || fail "unexpected rows: $rows"
[ "$(psql -X -q -A -t -d "$url" -c 'SELECT version_num FROM alembic_version')" == 1b2c3d4e5f60 ] || fail "version row"
"${godwit[@]}" downgrade base || fail "installed godwit downgrade base"
echo "1 passed, 0 failed"
