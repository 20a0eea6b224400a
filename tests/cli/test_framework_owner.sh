#!/usr/bin/env bash
# A department runs its own cycle (issue 13): a framework owned by a unit
# ("unit", docs/formats/framework-owner.md) ranks only the units of its
# group under that unit, and only an office whose grant covers the owner
# unit imports it and runs its cycle (app_may_manage_framework in
# src/app/access.c). The department's office (--as office-vhtt) imports its
# framework, opens the cycle, moves it on and publishes; the same office is
# refused on the city's framework and on another department's, and nothing
# changes after a refusal. The framework's plan criterion is scored from
# the divisions' task reports: max * done on time / due, computed here from
# the fixture, through a report done exactly on its due date and a late
# one. "Today" is fixed. Runs on SQLite and (pg.cli.test_framework_owner)
# on PostgreSQL.
. "$(dirname "$0")/lib.sh"
O="$FIXTURES/owner"
export PARINDEX_TODAY=2026-07-10
count() { sql "$1" | grep -E '^ *[0-9]+ *$' | head -1 | tr -d ' '; }
user() { echo 'mat-khau-thu-nghiem-1' | "$PARINDEX" user add "$1" --role "$2" ${3:+--unit "$3"} >/dev/null 2>&1; }
# c1 UNIT: the live points of criterion 1 of the department's framework
c1() { "$PARINDEX" score --framework VHTT-PHONG-2026 --format csv | awk -F, -v u="$1" '
  NR == 1 { for (i = 1; i <= NF; i++) if ($i == "c:1") k = i; next }
  $2 == u { print $k }'; }
# the expected points: max * on time / due, as the reports say (awk, not parindex)
want() { awk -v max=10 -v on="$1" -v due="$2" 'BEGIN { printf "%g\n", max * on / due }'; }
same() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 == b + 0) }'; }

run init
run unit import "$O/units.csv"
expect_rc 0 "units"
run plan import "$O/plan.csv"
expect_rc 0 "the departments' plans"
user office-vhtt office SO-VHTT
user office-nv office SO-NV
user rep-p1 reporter SO-VHTT.P1
user rep-p2 reporter SO-VHTT.P2
# the city's framework and the other department's, imported by their offices
run framework import "$O/city.json"
expect_rc 0 "the city's framework, by the city"
run --as office-nv framework import "$O/nv.json"
expect_rc 0 "Sở Nội vụ's framework, by its office"

# ---- the owner unit: checked, stored, exported -------------------------------
sed 's/"unit": "SO-VHTT"/"unit": "SO-ZZ"/' "$O/own.json" >"$WORK/bad-unit.json"
run framework import "$WORK/bad-unit.json"
expect_rc 3 "an owner unit that does not exist"
expect_err 'bad-unit.json: unit: không có đơn vị này: "SO-ZZ" \| unknown unit: "SO-ZZ"' "error at the file and the field"
run framework check "$WORK/bad-unit.json"
expect_rc 3 "framework check says so too"
[ "$(count "SELECT count(*) FROM framework WHERE code = 'VHTT-PHONG-2026'")" = 0 ] && ok || bad "a refused import stored the framework"

run --as office-vhtt framework import "$O/own.json"
expect_rc 0 "the department's office imports its own framework"
[ "$(count "SELECT count(*) FROM framework WHERE code = 'VHTT-PHONG-2026' AND unit_code = 'SO-VHTT'")" = 1 ] \
  && ok || bad "the owner unit is stored"
run framework export VHTT-PHONG-2026
expect_out '^  "unit": "SO-VHTT",$' "framework export writes the owner unit"
cp "$OUT" "$WORK/own-export.json"
run --as office-vhtt framework import "$WORK/own-export.json"
expect_out 'unchanged' "the export re-imports unchanged"
run framework export CITY-DEPT-2026
if grep -q '"unit"' "$OUT"; then bad "a city framework has no unit"; else ok; fi

# ---- the department's office, refused outside what it manages ---------------
snapshot() { sql "SELECT code, coalesce(unit_code, '-'), body FROM framework ORDER BY code" | md5sum; }
before=$(snapshot)
audit=$(count "SELECT count(*) FROM audit_log")
run --as office-vhtt framework import "$O/city.json"
expect_rc 2 "the city's framework: refused to a department"
expect_err "CITY-DEPT-2026 is city-wide: only the city's PAR office may import it" "says why"
sed 's/"unit": "SO-NV"/"unit": "SO-VHTT"/' "$O/nv.json" >"$WORK/take-over.json"
run --as office-vhtt framework import "$WORK/take-over.json"
expect_rc 2 "another department's framework, even relabelled as its own"
expect_err "NV-PHONG-2026 belongs to unit SO-NV" "names the owner"
run --as office-vhtt framework import "$O/nv.json"
expect_rc 2 "another department's framework"
for fw in CITY-DEPT-2026 NV-PHONG-2026; do
  run --as office-vhtt cycle open --framework "$fw" --self-until 2026-07-10
  expect_rc 2 "no cycle of $fw by the department's office"
done
expect_err "this framework belongs to another unit: your PAR office grants do not cover its owner unit, you may not open the cycle" "the other department's: why"
run --as office-vhtt cycle open --framework CITY-DEPT-2026 --self-until 2026-07-10
expect_err "this framework is the city's: only the city's PAR office may open the cycle" "the city's: why"
run --as office-vhtt publish --framework CITY-DEPT-2026
expect_rc 2 "no publication of the city's framework"
[ "$(snapshot)" = "$before" ] && ok || bad "a refused import changed a framework"
[ "$(count "SELECT count(*) FROM cycle")" = 0 ] && ok || bad "a refused open made a cycle"
[ "$(count "SELECT count(*) FROM publication")" = 0 ] && ok || bad "a refused publish published"
[ "$(count "SELECT count(*) FROM audit_log")" = "$audit" ] && ok || bad "a refusal wrote audit entries"
# a command that does not act for a user refuses --as (never the administrator instead)
printf 'unit_code,criterion,self,appraised,note\nSO-VHTT,1,5,5,\n' >"$WORK/scores.csv"
run --as office-vhtt assessment import "$WORK/scores.csv" --framework CITY-DEPT-2026
expect_rc 2 "assessment import does not take --as"
expect_err 'does not take --as' "says so"
# a reporter is no office at all
run --as rep-p1 framework import "$O/own.json"
expect_rc 2 "a reporter does not import frameworks"

# ---- the ranking: the group under the owner unit only ----------------------
run score --framework VHTT-PHONG-2026 --format csv
units=$(cut -d, -f2 "$OUT" | tail -n +2 | sort | tr '\n' ' ')
[ "$units" = "SO-VHTT.P1 SO-VHTT.P2 " ] && ok || bad "the department's divisions only (not SO-NV.P1, not the dissolved one): got '$units'"
run score --framework NV-PHONG-2026 --format csv
units=$(cut -d, -f2 "$OUT" | tail -n +2 | tr '\n' ' ')
[ "$units" = "SO-NV.P1 " ] && ok || bad "Sở Nội vụ's framework ranks its division: got '$units'"

# ---- the plan criterion from the divisions' task reports --------------------
# P1 owns tasks 1 (due 31/03) and 2 (due 31/05), P2 task 3 (due 30/04):
# all due by today, none reported yet: 0 of 2 and 0 of 1 on time
got=$(c1 SO-VHTT.P1); same "$got" "$(want 0 2)" && ok || bad "P1 before any report: $got"
got=$(c1 SO-VHTT.P2); same "$got" "$(want 0 1)" && ok || bad "P2 before any report: $got"
run --as rep-p2 task report --plan KH-2026-SO-VHTT --task 1 --status done --date 2026-03-31
expect_rc 2 "a division reports only on its own tasks"
run --as rep-p1 task report --plan KH-2026-SO-VHTT --task 1 --status done --date 2026-03-31
expect_rc 0 "P1's task 1 done exactly on its due date"
got=$(c1 SO-VHTT.P1); same "$got" "$(want 1 2)" && ok || bad "P1, task 1 on time: $got, expected $(want 1 2)"
run --as rep-p1 task report --plan KH-2026-SO-VHTT --task 2 --status done --date 2026-06-02
expect_rc 0 "P1's task 2 done two days late"
got=$(c1 SO-VHTT.P1); same "$got" "$(want 1 2)" && ok || bad "P1, a late task is not on time: $got"
run --as rep-p2 task report --plan KH-2026-SO-VHTT --task 3 --status done --date 2026-04-29
expect_rc 0 "P2's task done the day before"
got=$(c1 SO-VHTT.P2); same "$got" "$(want 1 1)" && ok || bad "P2 on time: $got, expected $(want 1 1)"

# ---- the department's cycle, run by its office ------------------------------
run --as office-vhtt cycle open --framework VHTT-PHONG-2026 --self-until 2026-07-10
expect_rc 0 "the department's office opens its cycle"
[ "$(count "SELECT count(*) FROM cycle WHERE framework = 'VHTT-PHONG-2026' AND opened_by = 'office-vhtt'")" = 1 ] \
  && ok || bad "the cycle is the department office's"
[ "$(count "SELECT count(*) FROM audit_log WHERE action = 'open' AND entity_key = 'VHTT-PHONG-2026' AND actor LIKE 'cli:% as office-vhtt'")" = 1 ] \
  && ok || bad "the audit names who acted"
run --as office-vhtt cycle extend --framework VHTT-PHONG-2026 --unit SO-VHTT.P2 --until 2026-07-10 --reason "Phòng xin gia hạn"
expect_rc 0 "it extends a division's deadline"
run --as office-vhtt cycle extend --framework VHTT-PHONG-2026 --unit SO-NV.P1 --until 2026-07-10 --reason "x"
expect_rc 1 "a unit its framework does not assess"
# phase P: the cycle is in phase P (a count: the same on either database)
phase() { [ "$(count "SELECT count(*) FROM cycle WHERE framework = 'VHTT-PHONG-2026' AND phase = '$1'")" = 1 ]; }
run --as office-nv cycle advance --framework VHTT-PHONG-2026
expect_rc 2 "another department's office cannot move it"
phase self && ok || bad "a refused advance moved the cycle"
export PARINDEX_TODAY=2026-07-11
for p in self appraisal reply decision; do
  run --as office-vhtt cycle advance --framework VHTT-PHONG-2026 --from "$p"
  expect_rc 0 "advance from $p"
done
phase approved && ok || bad "the cycle is approved"
run --as office-nv publish --framework VHTT-PHONG-2026
expect_rc 2 "another department's office cannot publish it"
run --as office-vhtt publish --framework VHTT-PHONG-2026
expect_rc 0 "the department's office publishes"
phase published && ok || bad "published"
run results --framework VHTT-PHONG-2026 --format csv
units=$(cut -d, -f2 "$OUT" | tail -n +2 | sort | tr '\n' ' ')
[ "$units" = "SO-VHTT.P1 SO-VHTT.P2 " ] && ok || bad "the published results are the divisions': '$units'"
finish
