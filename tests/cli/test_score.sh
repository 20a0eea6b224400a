#!/usr/bin/env bash
# Frameworks and the PAR index from the command line: the worked 2020
# example, ties, criteria not applicable, bonus/penalty below zero, a grade
# threshold, incomplete units, metric derivation from months, every bad
# input (exit 3, nothing changed), export/import round trip, explain, and
# publication immutability and versions.
. "$(dirname "$0")/lib.sh"
F="$FIXTURES/score"

run unit import "$F/units.csv"
expect_rc 0 "units"
run metric define "$F/catalogue.csv"
expect_rc 0 "catalogue"
expect_out "4 mới" "catalogue entries are new"

# --- the worked 2020 example (DOMAIN.md): A + B + C + D = index
run framework import "$F/example2020.json"
expect_rc 0 "example framework"
run assessment import "$F/example2020-scores.csv" --framework PAR-2020
expect_rc 0 "example scores"
run metric import "$F/example2020-metrics.csv"
expect_rc 0 "example metrics"
run score --framework PAR-2020
expect_rc 0 "score example"
expect_out "^ +1 +QN +Quảng Ninh +91\.04 +100\.00 +91\.04 " "Quảng Ninh 91.04, first"
expect_out "^ +2 +HP +Hải Phòng +90\.51 " "Hải Phòng 90.51, second"
expect_out "^ +3 +TTH +Thừa Thiên-Huế +88\.47 " "Thừa Thiên-Huế 88.47, third"
expect_out "^ +4 +HNP +Hà Nội +86\.07 " "Hà Nội 86.07 below them"
run score --framework PAR-2020 --format csv
expect_rc 0 "score example as CSV"
expect_rows "$OUT" 5 "header and four provinces"
awk -F, 'NR>1 { n++; d = $6 - $4; if (d < 0) d = -d; if (d > 0.01) bad = 1 } END { exit bad || n < 4 }' "$OUT" \
  && ok || bad "index within 0.01 of points/100"

# --- the test framework: every rule at its boundary
run framework check "$F/t2024.json"
expect_rc 0 "check passes with warnings"
expect_err "warning: metric 'x.done' has no values yet" "metric without values is a warning"
run framework import "$F/t2024.json"
expect_rc 0 "import framework"
run metric import "$F/metrics.csv"
expect_rc 0 "metrics"
run metric import "$F/metrics-monthly.csv"
expect_rc 0 "monthly metrics"
run assessment import "$F/scores.csv" --framework T-2024
expect_rc 0 "scores"
expect_out "18 điểm: 18 mới" "scores summary"
run score --framework T-2024 --format csv
expect_same "$FIXTURES/expected/score-T-2024.csv" "ranking: ties 2,2,4; n/a shrinks max; penalty; incomplete unranked"
run score --framework T-2024 --group ward --format csv
expect_out "^2,W4," "narrowed to wards, W4 is second"
run score --framework T-2024 --format json
expect_out '"rank": 2, "unit_code": "C1", "unit_name": "Xã Một", "points": 76, "max": 80, "index": 95' "json numbers"

run explain --framework T-2024 --unit W1 --format csv
expect_out '^2\.1,.*x\.done = 30 \[kế hoạch 2024\]; x\.total = 30 \[sum of 12 months\],,$' "explain names sources and derivation"
run explain --framework T-2024 --unit W3 --format csv
expect_out '^2\.2,.*metric x\.rate for 2024 has no value,$' "explain says what is missing"
run explain --framework T-2024 --unit C1 --format csv
expect_out '^1\.2,Một cửa phường,n/a,' "explain marks criteria not applicable"
run explain --framework T-2024 --unit D1
expect_rc 1 "explain a unit outside the group"

run score --framework T-2024 --view sensitivity --format csv
expect_rc 0 "sensitivity view"
expect_out "^unit_code,unit_name,rank,max_shift,1:-10%,1:\+10%" "sensitivity columns"
run score --framework NOPE
expect_rc 1 "unknown framework"
expect_err 'no framework with code "NOPE"' "unknown framework message"
run score
expect_rc 2 "score without --framework"

# --- bad input changes nothing
run score --framework T-2024 --format csv
expect_rc 0 "score before the bad imports"
expect_same "$FIXTURES/expected/score-T-2024.csv" "the ranking the bad imports must leave alone"
cp "$OUT" "$WORK/before.csv"
run assessment import "$F/bad-scores.csv" --framework T-2024
expect_rc 3 "bad scores"
expect_err "bad-scores.csv:2:3: .*points 31 are outside \[0, 30\]" "range"
expect_err "bad-scores.csv:3:4: .*not a multiple of the step 0.5" "step"
expect_err "bad-scores.csv:4:2: .*criterion 1.2 does not apply to unit C1" "not applicable"
expect_err "bad-scores.csv:5:2: .*\"2.1\" is not an assessed criterion" "formula criterion"
expect_err "bad-scores.csv:6:2: .*has no criterion \"7.7\"" "unknown criterion"
expect_err "bad-scores.csv:8:1: .*no unit with code \"NOPE\"" "unknown unit"
expect_err "bad-scores.csv:9:3: .*column self: not a decimal number" "not a number"
run metric import "$F/bad-metrics.csv"
expect_rc 3 "bad metrics"
expect_err "bad-metrics.csv:2:2: .*invalid period \"2024-13\"" "bad period"
expect_err "bad-metrics.csv:3:3: .*a metric code has only" "bad metric code"
expect_err "bad-metrics.csv:4:4: .*not a decimal number" "exponent refused"
expect_err "bad-metrics.csv:7:1: .*repeated value for W1, 2024, x.bad \(first on line 6\)" "repeated"
run framework import "$F/bad-framework.json"
expect_rc 3 "bad framework"
expect_err "1.1: .*formula, column 13: the formula ends where a value was expected" "formula error with column"
expect_err "criterion code '1.1' is used twice" "duplicate code"
expect_err "1.2: .*a leaf criterion needs a method" "leaf without method"
expect_err "1.3: .*min 3 is above max 2" "min above max"
expect_err "1.4: .*unknown function 'sqrt'" "unknown function"
expect_err "warning: the children's maxima add up to 22" "children exceed parent: warning"
run framework list --format csv
expect_out "^T-2024,2024," "bad framework not stored, good one still there"
if grep -q "^BAD," "$OUT"; then bad "bad framework stored"; else ok; fi
run score --framework T-2024 --format csv
expect_same "$WORK/before.csv" "scores unchanged after rejected imports"

# --- export / import round trip
run framework export T-2024
expect_rc 0 "export"
expect_out '"code": "T-2024"' "the export is the framework"
cp "$OUT" "$WORK/export.json"
run framework import "$WORK/export.json"
expect_rc 0 "re-import export"
expect_out "unchanged: identical framework already stored" "import of the export is a no-op"
run framework export T-2024
expect_rc 0 "export again"
expect_same "$WORK/export.json" "export is stable"

# --- publication: frozen, versioned
run results --framework T-2024
expect_rc 1 "no results before publication"
expect_err 'has not been published' "not published message"
run publish --framework T-2024
expect_rc 0 "publish"
expect_out "published T-2024 version 1" "version 1"
run results --framework T-2024 --format csv
expect_rc 0 "results version 1"
cp "$OUT" "$WORK/published1.csv"
expect_out "^2,W4,Phường Bốn,95,100,95,A,ok$" "published row"
printf 'unit_code,period,metric,value,source\nW2,2024,x.rate,0.95,sửa số liệu\n' >"$WORK/fix.csv"
run metric import "$WORK/fix.csv"
expect_rc 0 "a later correction"
run score --framework T-2024 --format csv
expect_out "^4,W2,Phường Hai,80,100,80,B," "live score moved"
run results --framework T-2024 --format csv
expect_rc 0 "results after the correction"
expect_same "$WORK/published1.csv" "published results did not change"
run publish --framework T-2024
expect_rc 0 "re-publish"
expect_out "published T-2024 version 2" "re-publication is a new version"
expect_out "W2: index 70.00 -> 80.00" "what changed is shown"
run results --framework T-2024 --version 1 --format csv
expect_rc 0 "results --version 1"
expect_same "$WORK/published1.csv" "version 1 still readable"
run results --framework T-2024 --version 9
expect_rc 1 "unknown version"
run audit verify
expect_rc 0 "audit chain intact after everything"

finish
