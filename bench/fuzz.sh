#!/usr/bin/env bash
# bench/fuzz.sh [BUILD_DIR]: every fuzz target of tests/fuzz/ under
# libFuzzer (clang, -DPARINDEX_FUZZ=ON: ASan + UBSan + coverage of the
# whole library), each for FUZZ_SECONDS (default 600: the issue's 10
# CPU-minutes a target) with one job, starting from and adding to its
# corpus tests/fuzz/corpus/NAME/ (new inputs that raise coverage are kept
# there, so they are replayed by `make test`). Not part of the tests.
#
# BUILD_DIR (default build-fuzz) is configured and built here when missing:
#   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DPARINDEX_FUZZ=ON
# Knobs: FUZZ_SECONDS, FUZZ_TARGETS ("csv dossier_csv ..."; default all),
# FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT (seconds an input may take,
# default 10). Crashes, leaks and timeouts are written to
# $FUZZ_ARTIFACTS (default BUILD_DIR/fuzz-artifacts/NAME/); the run prints
# one line a target (seconds, executions, corpus before/after, findings)
# and exits 1 when any target found something.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-fuzz}
SECS=${FUZZ_SECONDS:-600}
RSS=${FUZZ_RSS_MB:-2048}
TMO=${FUZZ_TIMEOUT:-10}
command -v clang >/dev/null || { echo "fuzz.sh: clang is missing (apt-get install clang)" >&2; exit 2; }
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
    -DPARINDEX_FUZZ=ON >/dev/null || exit 2
fi
grep -q 'PARINDEX_FUZZ:BOOL=ON' "$BUILD/CMakeCache.txt" ||
  { echo "fuzz.sh: $BUILD is not a -DPARINDEX_FUZZ=ON build" >&2; exit 2; }
if [ -n "${FUZZ_TARGETS:-}" ]; then
  names=$FUZZ_TARGETS
else
  names=$(cd "$ROOT/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
fi
targets=()
for n in $names; do targets+=(--target "fuzz_$n"); done
cmake --build "$BUILD" -j2 "${targets[@]}" >/dev/null || { echo "fuzz.sh: build failed" >&2; exit 2; }
found=0
printf '%-16s %8s %12s %8s %8s  %s\n' target seconds executions corpus0 corpus1 findings
for n in $names; do
  corpus="$ROOT/tests/fuzz/corpus/$n"
  art=${FUZZ_ARTIFACTS:-$BUILD/fuzz-artifacts}/$n
  mkdir -p "$corpus" "$art"
  before=$(ls "$corpus" | wc -l)
  log="$art/log.txt"
  t0=$(date +%s)
  scratch="$art/new"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  ASAN_OPTIONS=detect_leaks=1 "$BUILD/fuzz_$n" -max_total_time="$SECS" -rss_limit_mb="$RSS" \
    -timeout="$TMO" -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" \
    "$scratch" "$corpus" >"$log" 2>&1
  rc=$?
  t1=$(date +%s)
  "$BUILD/fuzz_$n" -merge=1 -rss_limit_mb="$RSS" -timeout="$TMO" "$corpus" "$scratch" \
    >"$art/merge.txt" 2>&1 || echo "fuzz.sh: merging $n's new inputs failed (see $art/merge.txt)" >&2
  after=$(ls "$corpus" | wc -l)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  what=none
  if [ $rc -ne 0 ]; then
    found=1
    what="rc=$rc: $(grep -m1 -oE 'ERROR: [A-Za-z]+: [^ ]+( [^ ]+)?|SUMMARY: .*|ALARM: .*|==[0-9]+== ?ERROR: .*' "$log" | head -1) (see $log; input $(ls -t "$art" | grep -v log.txt | head -1))"
  fi
  printf '%-16s %8s %12s %8s %8s  %s\n' "$n" $((t1 - t0)) "${execs:-?}" "$before" "$after" "$what"
done
exit $found
