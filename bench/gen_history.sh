#!/usr/bin/env bash
# gen_history.sh: generates and compiles a synthetic godwit revision history for the benchmarks.
#
#   bench/gen_history.sh --shape linear|branchy --count N --layout single|bundle --out DIR
#                        [--jobs J] [--cxx CXX] [--per-tu N] [--tus-per-lib N] [--pch-dir DIR]
#
# Writes DIR/src/*.cpp, DIR/plugins/*.so, DIR/graph.tsv ("id<TAB>down,down" in apply order, one per line),
# DIR/heads (the head ids) and, last, DIR/done (so an interrupted run is never mistaken for a finished one).
#
# Shapes: linear is r00001 <- r00002 <- ... ; branchy repeats a block of 8 revisions: a split point, two
# branches of three revisions and a merge point (down_revision lists both branch tips), so a history of N
# has N/8 merges and one head. Ids are r + five digits, in topological order.
#
# Layouts: single is one shared library per revision (what godwit_add_revision builds from one .cpp per
# revision); bundle puts --per-tu revisions (default 500) in one generated .cpp and --tus-per-lib of those
# (default 4) in one library, like a project that squashed old revisions into a few plugins.
#
# Every revision is a real GODWIT_REVISION declared through the public SDK (bench/revisions/
# bench_revision.hpp). They are compiled with `g++ -O0` (no -g) and the flags godwit_add_revision sets
# (-fPIC -fvisibility=hidden -fvisibility-inlines-hidden -shared -Wl,--no-undefined), through a precompiled
# header of the SDK (kept in --pch-dir, to be shared by several histories), in parallel: this is set-up,
# not a measurement (bench/run measures a real plugin build separately). -O0 only changes the code inside
# upgrade()/downgrade(), which only forward to Context.
set -euo pipefail

readonly prog=gen_history.sh
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly bench_dir
readonly sdk_include=$bench_dir/../sdk/include
readonly revision_include=$bench_dir/revisions

die() {
  echo "$prog: $*" >&2
  exit 1
}

shape="" count="" layout="" out="" jobs=$(nproc) cxx=${CXX:-g++} per_tu=500 tus_per_lib=4 pch_dir=""
while (($#)); do
  case $1 in
    --shape) shape=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --layout) layout=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --cxx) cxx=$2; shift 2 ;;
    --per-tu) per_tu=$2; shift 2 ;;
    --tus-per-lib) tus_per_lib=$2; shift 2 ;;
    --pch-dir) pch_dir=$2; shift 2 ;;
    *) die "unknown argument '$1' (see the header of $0)" ;;
  esac
done
[[ $shape == linear || $shape == branchy ]] || die "--shape must be linear or branchy"
[[ $layout == single || $layout == bundle ]] || die "--layout must be single or bundle"
[[ $count =~ ^[1-9][0-9]*$ ]] || die "--count must be a positive number"
((count <= 99999)) || die "--count is at most 99999 (ids have five digits)"
[[ -n $out ]] || die "--out DIR is required"

rm -rf "$out"
mkdir -p "$out/src" "$out/plugins" "$out/obj"
out=$(cd "$out" && pwd)
[[ -n $pch_dir ]] || pch_dir=$out/pch
mkdir -p "$pch_dir"
pch_dir=$(cd "$pch_dir" && pwd)

# --- the graph ------------------------------------------------------------------------------------------
awk -v n="$count" -v shape="$shape" '
  function id(i) { return sprintf("r%05d", i) }
  BEGIN {
    i = 1
    while (i <= n) {
      prev = (i == 1) ? "" : id(i - 1)
      if (shape == "branchy" && i + 7 <= n) {
        # split s, branch a (3), branch b (3), merge m
        s = i
        print id(s) "\t" prev
        print id(s + 1) "\t" id(s);     print id(s + 2) "\t" id(s + 1); print id(s + 3) "\t" id(s + 2)
        print id(s + 4) "\t" id(s);     print id(s + 5) "\t" id(s + 4); print id(s + 6) "\t" id(s + 5)
        print id(s + 7) "\t" id(s + 3) ", " id(s + 6)
        i += 8
      } else {
        print id(i) "\t" prev
        i += 1
      }
    }
  }' >"$out/graph.tsv"
printf 'r%05d\n' "$count" >"$out/heads"

# --- sources --------------------------------------------------------------------------------------------
# The first line includes the header the precompiled header was made from, so g++ uses the .gch.
if [[ $layout == single ]]; then
  awk -F'\t' -v dir="$out/src" '{
    file = dir "/" $1 ".cpp"
    printf "#include \"bench_revision.hpp\"\n\nBENCH_REVISION(Rev_%s, \"%s\", \"%s\")\n", $1, $1, $2 > file
    close(file)
  }' "$out/graph.tsv"
else
  awk -F'\t' -v dir="$out/src" -v per_tu="$per_tu" -v tus="$tus_per_lib" '
    {
      tu = int((NR - 1) / per_tu); lib = int(tu / tus)
      file = sprintf("%s/bundle%03d_tu%03d.cpp", dir, lib, tu)
      if (file != current) {
        if (current != "") close(current)
        current = file
        printf "#include \"bench_revision.hpp\"\n\n" > file
      }
      printf "BENCH_REVISION(Rev_%s, \"%s\", \"%s\")\n", $1, $1, $2 > file
    }' "$out/graph.tsv"
fi

# --- compile --------------------------------------------------------------------------------------------
readonly flags="-std=c++17 -O0 -fPIC -fvisibility=hidden -fvisibility-inlines-hidden"
if [[ ! -f $pch_dir/bench_revision.hpp.gch ]]; then
  # g++ warns "#pragma once in main file" here: that is expected for a header compiled on its own.
  # shellcheck disable=SC2086
  "$cxx" $flags -I"$sdk_include" -x c++-header "$revision_include/bench_revision.hpp" \
    -o "$pch_dir/bench_revision.hpp.gch.tmp" 2>"$out/pch.log" || {
    cat "$out/pch.log" >&2
    die "cannot build the precompiled header"
  }
  mv "$pch_dir/bench_revision.hpp.gch.tmp" "$pch_dir/bench_revision.hpp.gch"
fi
export cxx flags out sdk_include pch_dir

if [[ $layout == single ]]; then
  # shellcheck disable=SC2016
  cut -f1 "$out/graph.tsv" | xargs -P "$jobs" -n 16 sh -c '
    for id do
      $cxx $flags -Winvalid-pch -I"$pch_dir" -I"$sdk_include" -shared -Wl,--no-undefined \
        "$out/src/$id.cpp" -o "$out/plugins/$id.so" || exit 255
    done' sh || die "compiling the single-revision plugins failed"
else
  # shellcheck disable=SC2016
  (cd "$out/src" && ls -- *.cpp) | xargs -P "$jobs" -n 1 sh -c '
    $cxx $flags -Winvalid-pch -I"$pch_dir" -I"$sdk_include" -c "$out/src/$1" -o "$out/obj/${1%.cpp}.o" || exit 255
  ' sh || die "compiling the bundle sources failed"
  for lib in $(cd "$out/obj" && printf "%s\n" *.o | sed "s/_tu.*//" | sort -u); do
    # shellcheck disable=SC2086
    "$cxx" $flags -shared -Wl,--no-undefined "$out/obj/${lib}"_tu*.o -o "$out/plugins/$lib.so" ||
      die "linking $lib failed"
  done
fi
rm -rf "$out/obj" "$out/pch" "$out/pch.log"
date -u +%FT%TZ >"$out/done"
