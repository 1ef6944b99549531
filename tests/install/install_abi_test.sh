#!/usr/bin/env bash
# The installed SDK's ABI guards, as an author meets them: installs godwit into a temporary prefix and shows
#  - every installed header compiles with the prefix as its only include directory (no godwit/core, no
#    source tree), and the default include directory includes no libpqxx header;
#  - the SDK's inline namespace: a revision built against an SDK of another ABI major does not link with a
#    helper built against this one (undefined symbol naming godwit::abi_vN), while the same SDK links;
#  - godwit/postgres.hpp (the opt-in component) refuses to compile against another libpqxx, naming both.
# No database needed.
# Usage: install_abi_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/godwit-abi-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; echo "0 passed, 1 failed"; exit 1; }

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install"; }
include=$prefix/include

for header in "$include"/godwit/*.hpp "$include"/godwit/driver/*.hpp; do
  name=${header#"$include/"}
  echo "#include <$name>" | g++ -std=c++17 -fsyntax-only -x c++ -I"$include" - 2>"$work/header.log" \
    || { cat "$work/header.log"; fail "installed header $name does not compile on its own"; }
done
! grep -rlE '#include *[<"]pqxx' "$include/godwit" || fail "the default include directory includes libpqxx"
[ ! -e "$include/godwit/postgres.hpp" ] || fail "godwit/postgres.hpp is in the default include directory"
postgres_include=$include/godwit-postgres
[ -f "$postgres_include/godwit/postgres.hpp" ] || fail "godwit/postgres.hpp is not installed as its component"
echo '#include <godwit/postgres.hpp>' | g++ -std=c++17 -fsyntax-only -x c++ -I"$include" -I"$postgres_include" - \
  2>"$work/pg.log" || { cat "$work/pg.log"; fail "godwit/postgres.hpp does not compile against this libpqxx"; }

# The inline namespace. The helper is built against the installed SDK; the revision once against the same SDK,
# once against a copy whose ABI major is one higher.
mix=$source/tests/install/abi_mix
major=$(sed -n 's/^#define GODWIT_SDK_ABI_MAJOR \([0-9]*\)$/\1/p' "$include/godwit/version.hpp")
[ -n "$major" ] || fail "no GODWIT_SDK_ABI_MAJOR in the installed version.hpp"
next=$((major + 1))
cp -r "$include" "$work/next-include"
sed -i "s/^#define GODWIT_SDK_ABI_MAJOR $major\$/#define GODWIT_SDK_ABI_MAJOR $next/" "$work/next-include/godwit/version.hpp"
flags=(-std=c++17 -fPIC -fvisibility=hidden -fvisibility-inlines-hidden)
g++ "${flags[@]}" -I"$include" -c "$mix/helper.cpp" -o "$work/helper.o" || fail "compiling the helper"
symbols=$(nm -C "$work/helper.o")
grep -q "count_shelves(godwit::abi_v$major::Context&)" <<<"$symbols" || fail "the helper's Context is not godwit::abi_v$major"
g++ "${flags[@]}" -I"$include" -shared -Wl,--no-undefined "$mix/uses_helper.cpp" "$work/helper.o" -o "$work/same.so" \
  2>"$work/same.log" || { cat "$work/same.log"; fail "a revision and a helper built against one SDK do not link"; }
g++ "${flags[@]}" -I"$work/next-include" -shared -Wl,--no-undefined "$mix/uses_helper.cpp" "$work/helper.o" \
  -o "$work/mixed.so" 2>"$work/mixed.log" && fail "a revision built against SDK ABI $next linked with an ABI $major helper"
grep -q "undefined reference to .count_shelves(godwit::abi_v$next::Context&)" "$work/mixed.log" \
  || { cat "$work/mixed.log"; fail "the link error does not name godwit::abi_v$next"; }

# godwit/postgres.hpp against another libpqxx: a stand-in for libpqxx 99.1 headers.
mkdir -p "$work/pqxx99/pqxx"
cat >"$work/pqxx99/pqxx/version" <<'PQXX'
#define PQXX_VERSION "99.1.0"
#define PQXX_VERSION_MAJOR 99
#define PQXX_VERSION_MINOR 1
PQXX
echo 'namespace pqxx { class transaction_base; }' >"$work/pqxx99/pqxx/transaction_base"
abi=$(sed -n 's/^#define GODWIT_PQXX_ABI "\(.*\)"$/\1/p' "$postgres_include/godwit/postgres.hpp")
[ -n "$abi" ] || fail "godwit/postgres.hpp states no GODWIT_PQXX_ABI"
echo '#include <godwit/postgres.hpp>' | g++ -std=c++17 -fsyntax-only -x c++ -I"$work/pqxx99" -I"$include" \
  -I"$postgres_include" - 2>"$work/pqxx99.log" && fail "godwit/postgres.hpp compiled against libpqxx 99.1"
grep -q "godwit/postgres.hpp is for libpqxx $abi .*, but this build includes libpqxx 99.1.0" "$work/pqxx99.log" \
  || { cat "$work/pqxx99.log"; fail "the libpqxx refusal does not name both versions"; }
echo "1 passed, 0 failed"
