#!/usr/bin/env bash
# The cycle's rules at the command line, on SQLite and PostgreSQL (the
# workflow mechanism, app/workflow.c, under the commands):
#  - concurrent `cycle advance`: exactly one of six moves the cycle, at
#    every phase, repeated; `--from` names the phase a command moves from;
#  - concurrent `publish`: one version; a publication identical to the
#    last is refused;
#  - `assessment import` during an open cycle goes through the cycle's
#    rules: the council's points and the self points of a unit that may no
#    longer self-assess are refused at FILE:LINE:COLUMN and nothing is
#    written; without a cycle the import is audited as one entry with the
#    file's SHA-256 and its row count.
source "$(dirname "$0")/lib.sh"
C="$FIXTURES/cycle"
FW=T-AGENCY-2025
q() { # one value from the test database
  if is_pg; then "${PG_BINDIR:+$PG_BINDIR/}psql" -X -At -d "$PARINDEX_DB" -c "$1"
  else sqlite3 "$PARINDEX_DB" "$1"; fi
}
TODAY=$(TZ=Asia/Ho_Chi_Minh date +%F)
TOMORROW=$(TZ=Asia/Ho_Chi_Minh date -d tomorrow +%F)

run init
expect_rc 0 "init"
printf 'code,name,kind,parent\nHN,Thành phố Hà Nội,city,\n' >"$WORK/root.csv"
run unit import "$WORK/root.csv"
expect_rc 0 "the city"
run unit import "$C/units.csv"
expect_rc 0 "units"
run framework import "$C/t-agency.json"
expect_rc 0 "framework"

# ---- assessment import without a cycle: historical results, audited ----
printf 'unit_code,criterion,self,appraised,note\nA1,1.1,9.5,9,cách tính\nA1,1.2,8,8,\n' >"$WORK/hist.csv"
run assessment import "$WORK/hist.csv" --framework "$FW"
expect_rc 0 "an import without a cycle is allowed"
SHA=$(sha256sum "$WORK/hist.csv" | cut -d' ' -f1)
got=$(q "SELECT count(*) FROM audit_log WHERE action = 'import' AND entity = 'assessment' AND entity_key = '$FW' AND detail LIKE '%\"sha256\": \"$SHA\"%' AND detail LIKE '%\"rows\": 2,%' AND actor LIKE 'cli:%'")
[ "$got" = 1 ] && ok || bad "the historical import is one audit entry with actor, SHA-256 and rows (got $got)"
q "DELETE FROM assessment_score" >/dev/null

# ---- assessment import during an open cycle ----
run cycle open --framework "$FW" --self-until "$TODAY"
expect_rc 0 "cycle open"
printf 'unit_code,criterion,self,appraised,note\nA1,1.1,9.5,,cách tính\nA1,1.2,8,,\nA1,2.1,5,,\n' >"$WORK/a1.csv"
run assessment import "$WORK/a1.csv" --framework "$FW"
expect_rc 0 "self points of a unit that may self-assess are imported"
printf 'unit_code,criterion,self,appraised,note\nA2,1.1,8,,\nA2,1.2,7,7,\n' >"$WORK/council.csv"
scores=$(q "SELECT count(*) FROM assessment_score")
audit=$(q "SELECT count(*) FROM audit_log")
run assessment import "$WORK/council.csv" --framework "$FW"
expect_rc 3 "the council's points are refused while the cycle is open"
expect_err "council.csv:3:4: .*council's points come from the appraisal" "refused at FILE:LINE:COLUMN"
PARINDEX_TODAY=$TOMORROW run assessment import "$WORK/a1.csv" --framework "$FW"
expect_rc 3 "self points after the deadline are refused"
expect_err "a1.csv:2:1: .*unit A1 may no longer self-assess" "past the deadline, at FILE:LINE:COLUMN"
expect_err "a1.csv:4:1: " "every refused row is reported"
[ "$(q "SELECT count(*) FROM assessment_score")" = "$scores" ] && ok || bad "a refused import wrote scores"
[ "$(q "SELECT count(*) FROM audit_log")" = "$audit" ] && ok || bad "a refused import wrote audit entries"
[ "$(q "SELECT count(*) FROM assessment_score s JOIN unit u ON u.id = s.unit_id WHERE u.code = 'A1' AND criterion = '1.2' AND self_points = 8")" = 1 ] \
  && ok || bad "the imported self points are there"

# ---- assigning and unassigning a council member ----
echo 'mat-khau-hoi-dong' | "$PARINDEX" user add hd1 --role appraiser >/dev/null 2>&1
run appraiser assign --framework "$FW" --login hd1 --unit A2
expect_rc 0 "assign"
run appraiser unassign --framework "$FW" --login hd1 --unit A2
expect_rc 0 "unassign"
expect_out "no longer appraises A2" "unassign says so"
run appraiser unassign --framework "$FW" --login hd1 --unit A2
expect_rc 3 "unassigning who is not assigned is refused"
expect_err "not assigned to this unit" "and says why"
[ "$(q "SELECT count(*) FROM appraiser")" = 0 ] && ok || bad "no assignment is left"

# ---- concurrent advances ----
# No unit submitted and no reply deadline: once the self-assessment
# deadline has passed, every phase may move on, so six commands that all
# succeeded would carry the cycle six phases (the defect).
export PARINDEX_TODAY=$TOMORROW
phase() { q "SELECT phase FROM cycle WHERE framework = '$FW'"; }
race() { # race FROM: six concurrent advances from FROM; prints how many succeeded
  local i n=0
  for i in 1 2 3 4 5 6; do
    "$PARINDEX" cycle advance --framework "$FW" --from "$1" >"$WORK/adv.$i" 2>&1 &
  done
  wait
  for i in 1 2 3 4 5 6; do grep -q "now in phase" "$WORK/adv.$i" && n=$((n + 1)); done
  echo "$n"
}
for from in self appraisal reply decision; do
  n=$(race "$from")
  [ "$n" = 1 ] && ok || bad "six concurrent advances from $from: $n succeeded, exactly one may"
done
[ "$(phase)" = approved ] && ok || bad "after four races the cycle is approved (got $(phase))"
[ "$(q "SELECT count(*) FROM audit_log WHERE action = 'advance' AND entity_key = '$FW'")" = 4 ] \
  && ok || bad "four advances, four audit entries"
run cycle advance --framework "$FW" --from reply
expect_rc 3 "an advance from a phase the cycle has left is refused"
expect_err 'cannot advance the cycle in state "approved"' "it says where the cycle is"

# ---- concurrent publications ----
for i in 1 2; do "$PARINDEX" publish --framework "$FW" >"$WORK/pub.$i" 2>&1 & done
wait
n=$(cat "$WORK"/pub.* | grep -c "published $FW version")
[ "$n" = 1 ] && ok || bad "two concurrent publications: $n succeeded, exactly one may"
[ "$(q "SELECT count(*) FROM publication WHERE framework = '$FW'")" = 1 ] && ok || bad "one version stored"
[ "$(phase)" = published ] && ok || bad "the cycle is published (got $(phase))"
grep -hq "nothing changed since published version 1" "$WORK"/pub.* && ok || bad "the other one says why"
run publish --framework "$FW"
expect_rc 3 "publishing again with nothing changed is refused"
unset PARINDEX_TODAY

# repeat the races on fresh cycles until they would have shown
for round in 1 2 3; do
  q "DELETE FROM cycle" >/dev/null
  q "DELETE FROM publication_result" >/dev/null
  q "DELETE FROM publication" >/dev/null
  run cycle open --framework "$FW" --self-until "$TODAY"
  expect_rc 0 "round $round: cycle open"
  export PARINDEX_TODAY=$TOMORROW
  for from in self appraisal; do
    n=$(race "$from")
    [ "$n" = 1 ] && ok || bad "round $round: six advances from $from: $n succeeded"
  done
  # without --from each command moves from the phase it found
  for i in 1 2 3 4 5 6; do "$PARINDEX" cycle advance --framework "$FW" >"$WORK/plain.$i" 2>&1 & done
  wait
  n=$(cat "$WORK"/plain.* | grep -c "now in phase")
  [ "$n" -ge 1 ] && ok || bad "round $round: plain advances: none succeeded"
  unset PARINDEX_TODAY
done
finish
