#!/usr/bin/env bash
# Tests for scripts/new_revision on throwaway versions directories.
#   test_new_revision.sh [REPO_ROOT]     (default: two levels above this file)
# Environment: CXX (default c++) compiles one generated file against REPO_ROOT/sdk/include;
# CLANG_FORMAT (default clang-format, skipped when missing) checks the generated file is formatted.
# Prints "N passed, M failed" and exits non-zero when anything failed.
# The conditions handed to `check ... eval '...'` are expanded when check runs them, on purpose.
# shellcheck disable=SC2016
set -uo pipefail

repo_root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
new_revision=$repo_root/scripts/new_revision
cxx=${CXX:-c++}
clang_format=${CLANG_FORMAT:-clang-format}
work=$(mktemp -d "${TMPDIR:-/tmp}/godwit-scaffold.XXXXXX")
trap 'rm -rf "$work"' EXIT

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# run ARGS...: runs new_revision; sets $out, $err and $rc.
run() {
  out=$("$new_revision" "$@" 2>"$work/stderr") && rc=0 || rc=$?
  err=$(<"$work/stderr")
}

# check NAME CONDITION...: passes when the command succeeds; on failure shows the last run's output.
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; echo "     rc=$rc out=[$out] err=[$err]"; fi
}

fresh_dir() {
  local dir
  dir=$(mktemp -d "$work/versions.XXXXXX")
  echo "$dir"
}

# meta FILE KEY: the value of a metadata line in a generated file.
meta() { sed -n "s/^  $2: *//p" "$1"; }
class_of() { sed -n 's/^GODWIT_REVISION(\([A-Za-z0-9_]*\),.*/\1/p' "$1"; }
id_of() { meta "$1" revision; }

# --- linear history -----------------------------------------------------------------------------------
dir=$(fresh_dir)
run --versions-dir "$dir" "add reading streaks"
root=$out
check "first revision is created and its path printed" test "$rc" = 0 -a -f "$root"
check "file name is <12 hex>_<slug>.cpp" eval '[[ $(basename "$root") =~ ^[0-9a-f]{12}_add_reading_streaks\.cpp$ ]]'
check "revision id matches the file name" test "$(id_of "$root")" = "$(basename "$root" | cut -c1-12)"
check "first revision is a root (empty down_revision)" eval '[[ -z $(meta "$root" down_revision) ]] && grep -qx "  down_revision:" "$root"'
check "class name is CamelCase of the slug" test "$(class_of "$root")" = AddReadingStreaks
check "message is kept" test "$(meta "$root" message)" = "add reading streaks"
check "create_date is set" eval '[[ $(meta "$root" create_date) =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9:.]+$ ]]'
check "upgrade and downgrade bodies are defined" eval 'grep -q "^void AddReadingStreaks::upgrade(\[\[maybe_unused\]\] godwit::Context& ctx) {" "$root" && grep -q "^void AddReadingStreaks::downgrade(\[\[maybe_unused\]\] godwit::Context& ctx) {" "$root"'

run --versions-dir "$dir" -m "track reading sessions"
second=$out
check "second revision is based on the head" test "$rc" = 0 -a "$(meta "$second" down_revision)" = "$(id_of "$root")"
GODWIT_VERSIONS_DIR=$dir run "third one"
third=$out
check "GODWIT_VERSIONS_DIR is the default versions dir" test "$rc" = 0 -a "$(meta "$third" down_revision)" = "$(id_of "$second")"

# --- --rev-id -----------------------------------------------------------------------------------------
run --versions-dir "$dir" --rev-id my_rev.1 "custom id"
check "--rev-id names the revision and the file" test "$rc" = 0 -a "$(basename "$out")" = my_rev.1_custom_id.cpp -a "$(id_of "$out")" = my_rev.1
for bad in "a-b" "a:b" "a@b" "a+b" "a b" "abcdefghijklmnopqrstuvwxyz0123456" "" "base" "héllo" "a/b"; do
  run --versions-dir "$dir" --rev-id "$bad" "bad id"
  check "--rev-id '$bad' is a usage error (exit 2)" test "$rc" = 2 -a -n "$err"
done
run --versions-dir "$dir" --rev-id "$(id_of "$root")" "duplicate"
check "--rev-id of an existing revision is refused" eval '[[ $rc == 1 && $err == *"already used"* ]]'
check "a 32-character --rev-id is accepted" eval 'run --versions-dir "$dir" --rev-id abcdefghijklmnopqrstuvwxyz012345 "long id"; [[ $rc == 0 ]]'

# --- several heads, --merge, --head base with a branch label ---------------------------------------------
dir=$(fresh_dir)
run --versions-dir "$dir" --rev-id aaaa00000001 "root"
run --versions-dir "$dir" --rev-id aaaa00000002 "main work"
run --versions-dir "$dir" --head base --branch-label reports --rev-id bbbb00000001 "reports schema"
branch=$out
check "--head base --branch-label starts a new root" eval '[[ $rc == 0 && -z $(meta "$branch" down_revision) ]]'
check "the branch label is recorded" test "$(meta "$branch" branch_labels)" = reports
run --versions-dir "$dir" "needs a head"
check "several heads without --head or --merge are refused" \
  test "$rc" = 1 -a "$err" = "new_revision: Multiple heads are present (aaaa00000002, bbbb00000001); please specify --head, or create a merge revision with --merge"
run --versions-dir "$dir" --head reports@head --rev-id bbbb00000002 "more reports"
check "--head LABEL@head continues that branch" test "$rc" = 0 -a "$(meta "$out" down_revision)" = bbbb00000001
run --versions-dir "$dir" --branch-label reports --head aaaa00000002 "label again"
check "a branch label already in use is refused" eval '[[ $rc == 1 && $err == *"already used"* ]]'
run --versions-dir "$dir" --merge -m "merge reports"
merge=$out
check "--merge lists every head as down_revision" test "$rc" = 0 -a "$(meta "$merge" down_revision)" = "aaaa00000002, bbbb00000002"
check "--merge takes the message" test "$(meta "$merge" message)" = "merge reports"
run --versions-dir "$dir" "after the merge"
check "after a merge there is one head again" test "$rc" = 0 -a "$(meta "$out" down_revision)" = "$(id_of "$merge")"
run --versions-dir "$dir" --merge
check "--merge with a single head is refused" eval '[[ $rc == 1 && $err == *"nothing to merge"* ]]'
run --versions-dir "$dir" --merge --head aaaa00000001 "x"
check "--merge with --head is a usage error" test "$rc" = 2

# --- --splice ------------------------------------------------------------------------------------------
run --versions-dir "$dir" --head aaaa00000001 "branch from the root"
check "--head on a non-head is refused without --splice" \
  test "$rc" = 1 -a "$err" = "new_revision: Revision aaaa00000001 is not a head revision; please specify --splice to create a new branch from this revision"
run --versions-dir "$dir" --head aaaa0000000 "ambiguous"
check "an ambiguous --head prefix is refused" eval '[[ $rc == 1 && $err == *"several revisions"* ]]'
run --versions-dir "$dir" --head aaaa00000001 --splice "branch from the root"
check "--splice accepts a non-head --head" test "$rc" = 0 -a "$(meta "$out" down_revision)" = aaaa00000001
run --versions-dir "$dir" --splice "no head given"
check "--splice without --head is a usage error" test "$rc" = 2
run --versions-dir "$dir" --head nosuchrev "x"
check "an unknown --head is refused" eval '[[ $rc == 1 && $err == *"no such revision"* ]]'

# --- --depends-on --------------------------------------------------------------------------------------
dir=$(fresh_dir)
run --versions-dir "$dir" --rev-id cccc00000001 "one"
run --versions-dir "$dir" --rev-id dddd00000001 --head base --branch-label other "two"
run --versions-dir "$dir" --head cccc00000001 --depends-on dddd,other --depends-on cccc00000001 "three"
check "--depends-on resolves prefixes and labels to ids, once each" test "$(meta "$out" depends_on)" = "dddd00000001, cccc00000001"
run --versions-dir "$dir" --head dddd00000001 --depends-on eeee "four"
check "an unknown --depends-on is refused" eval '[[ $rc == 1 && $err == *"eeee"* ]]'

# --- slug and class name -------------------------------------------------------------------------------
dir=$(fresh_dir)
slug_case() { # MESSAGE EXPECTED_SLUG EXPECTED_CLASS
  run --versions-dir "$dir" --head base "$1"
  local file
  file=$(basename "$out")
  check "slug of '$1' is '$2'" test "${file#*_}" = "$2.cpp"
  check "class of '$1' is '$3'" test "$(class_of "$out")" = "$3"
}
slug_case "  Add Reading-Streaks!! (v2) " add_reading_streaks_v2 AddReadingStreaksV2
slug_case "2FA for users" 2fa_for_users Rev2faForUsers
slug_case "日本語 titles" titles Titles
slug_case "!!!" revision Revision
slug_case "add reading streaks" add_reading_streaks AddReadingStreaks
slug_case "Add reading streaks" add_reading_streaks AddReadingStreaks2
slug_case "remove the legacy purchase links table and its indexes" remove_the_legacy_purchase_links_table RemoveTheLegacyPurchaseLinksTable
slug_case "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz" abcdefghijklmnopqrstuvwxyzabcdefghijklmn Abcdefghijklmnopqrstuvwxyzabcdefghijklmn
run --versions-dir "$dir" --head base $'quotes "x" & back\\slash\tand tab'
check "special characters in the message are kept verbatim (tab becomes a space)" \
  test "$(meta "$out" message)" = 'quotes "x" & back\slash and tab'
run --versions-dir "$dir" --head base 'ends )" the literal'
check "a message containing )\" is a usage error" test "$rc" = 2

# --- usage errors --------------------------------------------------------------------------------------
run --versions-dir "$dir"
check "a missing message is a usage error" eval '[[ $rc == 2 && $err == *"message is required"* ]]'
run --versions-dir "$dir" --bogus "x"
check "an unknown option is a usage error" eval '[[ $rc == 2 && $err == *"unknown option"* ]]'
run --versions-dir "$dir" -m "a" "b"
check "-m and a positional message together are a usage error" test "$rc" = 2
run --versions-dir "$dir" one two
check "two positional arguments are a usage error" test "$rc" = 2
run --versions-dir "$dir" --head
check "an option without its value is a usage error" test "$rc" = 2
run --versions-dir "$work/does-not-exist" "x"
check "a missing versions dir is refused" eval '[[ $rc == 1 && $err == *"does not exist"* ]]'
run --help
check "--help prints the usage" eval '[[ $rc == 0 && $out == Usage:* && $out == *--splice* ]]'

# --- id collisions -------------------------------------------------------------------------------------
dir=$(fresh_dir)
run --versions-dir "$dir" --rev-id 010101010101 "taken"
printf '\001\001\001\001\001\001\002\002\002\002\002\002' >"$work/random"
GODWIT_RANDOM_SOURCE=$work/random run --versions-dir "$dir" "next"
check "a random id that is already used is skipped" test "$rc" = 0 -a "$(id_of "$out")" = 020202020202
printf '\002\002\002\002\002\002' >"$work/random"
GODWIT_RANDOM_SOURCE=$work/random run --versions-dir "$dir" "again"
check "no unused random id left is refused" eval '[[ $rc == 1 && $err == *"--rev-id"* ]]'
run --versions-dir "$dir" --rev-id 010101010101 "taken again"
check "--rev-id collision is refused" test "$rc" = 1

# --- the real migrations and the template compile ------------------------------------------------------
dir=$(fresh_dir)
cp "$repo_root"/migrations/versions/*.cpp "$dir"/
copied=$(find "$dir" -name "*.cpp" | wc -l)
run --versions-dir "$dir" "add reading streaks"
generated=$out
check "on a copy of migrations/versions the new revision follows the current head" \
  test "$rc" = 0 -a "$(meta "$generated" down_revision)" = a16296f06ed0 -a "$copied" -gt 0
if command -v "$cxx" >/dev/null; then
  if "$cxx" -std=c++17 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Wpedantic -Werror \
    -Wl,--no-undefined -I"$repo_root/sdk/include" "$generated" -o "$work/generated.so" 2>"$work/cxx.log"; then
    pass "a generated revision compiles with $cxx against sdk/include"
    if nm -D --defined-only "$work/generated.so" 2>/dev/null | grep -q " godwit_rev_AddReadingStreaks$"; then
      pass "the plugin exports its entry point"
    else
      fail "the plugin exports its entry point"
    fi
  else
    fail "a generated revision compiles with $cxx against sdk/include"
    cat "$work/cxx.log"
  fi
else
  fail "compiler '$cxx' not found (set CXX)"
fi
if command -v "$clang_format" >/dev/null && [[ -f $repo_root/.clang-format ]]; then
  if "$clang_format" --style="file:$repo_root/.clang-format" "$generated" | diff -q "$generated" - >/dev/null; then
    pass "the generated file is clang-format clean"
  else
    fail "the generated file is clang-format clean"
  fi
else
  echo "skip clang-format check ($clang_format not found)"
fi

echo "$passed passed, $failed failed"
((failed == 0))
