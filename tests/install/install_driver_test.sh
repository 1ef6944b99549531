#!/usr/bin/env bash
# The driver API as a driver author uses it: installs godwit into a temporary prefix, builds an out-of-tree
# driver for the made-up scheme fakedb:// with find_package(GodwitSdk COMPONENTS driver) + godwit_add_driver,
# and shows that the installed godwit picks it for fakedb:// URLs (from GODWIT_DRIVER_PATH and from
# driver_dirs in godwit.yaml), renders an offline script with its dialect and reports its connect error,
# while the same driver built against another driver API is refused with a message naming both versions.
# No database needed.
# Usage: install_driver_test.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/godwit-driver-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; echo "0 passed, 1 failed"; exit 1; }
# Driver and plugin directories must not be writable by others (plugin trust); mktemp's are not.
umask 022

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install"; }

[ -e "$prefix/include/godwit/driver/driver.hpp" ] || fail "the driver API headers are not installed"

cp -r "$source/tests/install/driver" "$work/src"
cmake -S "$work/src" -B "$work/driver" -DCMAKE_PREFIX_PATH="$prefix" >"$work/cfg.log" 2>&1 \
  || { cat "$work/cfg.log"; fail "configuring the out-of-tree driver"; }
cmake --build "$work/driver" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "building the out-of-tree driver"; }
driver=$work/driver/drivers/fakedb.so
[ -f "$driver" ] || fail "godwit_add_driver did not make drivers/fakedb.so (no lib prefix)"
# The version script: the entry point and the SDK exceptions' RTTI (with the SDK's ABI namespace), nothing else.
exported=$(nm -D --defined-only "$driver" | awk '{print $3}')
grep -qx godwit_driver_entry <<<"$exported" || fail "godwit_driver_entry is not exported: $exported"
grep -qx '_ZTIN6godwit6abi_v[0-9]*14ConnectionLostE' <<<"$exported" \
  || fail "godwit::ConnectionLost's RTTI is not exported under the SDK's ABI namespace: $exported"
others=$(grep -vx -e godwit_driver_entry -e '_ZT[ISV]N6godwit6abi_v[0-9]*.*' <<<"$exported")
[ -z "$others" ] || fail "the driver exports more than its entry and the SDK's RTTI: $others"

# A project with one revision, and a driver directory named in GODWIT_DRIVER_PATH.
mkdir -p "$work/plugins" "$work/drivers"
cp "$build/tests/plugin/fixtures/plugin_fixture_single.so" "$work/plugins/single.so"
cp "$driver" "$work/drivers/"
godwit=("$prefix/bin/godwit" --plugin-dir "$work/plugins")
url='fakedb://ann:s3cret@nowhere/shop'

GODWIT_DRIVER_PATH=$work/drivers "${godwit[@]}" --url "$url" upgrade head --sql >"$work/offline.sql" 2>"$work/offline.err" \
  || { cat "$work/offline.err"; fail "offline upgrade through the fakedb driver"; }
grep -q '^BEGIN FAKEDB;$' "$work/offline.sql" && grep -q "VALUES ('1975ea83b712')" "$work/offline.sql" \
  || { cat "$work/offline.sql"; fail "the offline script was not rendered by the fakedb dialect"; }

GODWIT_DRIVER_PATH=$work/drivers "${godwit[@]}" --url "$url" current >"$work/current.out" 2>"$work/current.err" \
  && fail "current succeeded on a fakedb URL"
grep -q 'fakedb driver: there is no fakedb server behind fakedb://ann:\*\*\*@nowhere/shop' "$work/current.err" \
  || { cat "$work/current.err"; fail "the driver's connect error (with the password masked) is not reported"; }
! grep -q s3cret "$work/current.err" || fail "the password shows in the error"

# The same from driver_dirs in godwit.yaml.
cat >"$work/godwit.yaml" <<EOF
database:
  url: $url
plugin_dirs: plugins
driver_dirs: [drivers]
EOF
(cd "$work" && "$prefix/bin/godwit" current) >/dev/null 2>"$work/yaml.err" && fail "current succeeded via godwit.yaml"
grep -q 'no fakedb server behind' "$work/yaml.err" || { cat "$work/yaml.err"; fail "driver_dirs did not find the driver"; }

# The driver rebuilt against a godwit whose driver API is one newer: a copy of the prefix with the version
# raised in both places the headers state it (the record's kDriverApiVersion, the inline namespace's).
api=$(sed -n 's/^#define GODWIT_DRIVER_API_VERSION \([0-9]*\)$/\1/p' "$prefix/include/godwit/driver/api_version.hpp")
[ -n "$api" ] || fail "no GODWIT_DRIVER_API_VERSION in the installed api_version.hpp"
next=$((api + 1))
cp -r "$prefix" "$work/next-prefix"
sed -i "s/^#define GODWIT_DRIVER_API_VERSION $api\$/#define GODWIT_DRIVER_API_VERSION $next/" \
  "$work/next-prefix/include/godwit/driver/api_version.hpp"
sed -i "s/kDriverApiVersion = $api;/kDriverApiVersion = $next;/" "$work/next-prefix/include/godwit/driver/driver.hpp"
cmake -S "$work/src" -B "$work/next" -DCMAKE_PREFIX_PATH="$work/next-prefix" >"$work/next-cfg.log" 2>&1 \
  && cmake --build "$work/next" >"$work/next-build.log" 2>&1 \
  || { cat "$work/next-cfg.log" "$work/next-build.log"; fail "building the driver against driver API $next"; }
# Its driver API types carry the new version in their mangled names.
next_symbols=$(nm -C "$work/next/CMakeFiles/fakedb_driver.dir/fakedb_driver.cpp.o")
grep -q "godwit::driver::api_v$next::ConnectOptions" <<<"$next_symbols" \
  || fail "driver API $next's types are not in namespace api_v$next"
mkdir -p "$work/next-drivers"
cp "$work/next/drivers/fakedb.so" "$work/next-drivers/"
sdk=$(sed -n 's/^#define GODWIT_SDK_ABI_MAJOR \([0-9]*\)$/\1/p' "$prefix/include/godwit/version.hpp").$(sed -n \
  's/^#define GODWIT_SDK_ABI_MINOR \([0-9]*\)$/\1/p' "$prefix/include/godwit/version.hpp")
GODWIT_DRIVER_PATH=$work/next-drivers "${godwit[@]}" --url "$url" current >/dev/null 2>"$work/next.err" \
  && fail "a driver built for driver API $next was used"
expected="$work/next-drivers/fakedb.so: built for godwit driver API $next, this godwit speaks SDK ABI $sdk and driver API $api"
grep -qF "$expected" "$work/next.err" || { cat "$work/next.err"; fail "the refusal does not say: $expected"; }
grep -q "no database driver for URL scheme 'fakedb'" "$work/next.err" || { cat "$work/next.err"; fail "no-driver error"; }
! grep -q 'no fakedb server' "$work/next.err" || fail "the refused driver's code ran"

version=$("$prefix/bin/godwit" --version)
grep -qx "godwit .* (speaks SDK ABI $sdk and driver API $api)" <<<"$version" \
  || fail "godwit --version does not name the SDK ABI and driver API: $version"
echo "1 passed, 0 failed"
