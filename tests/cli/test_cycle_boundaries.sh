#!/usr/bin/env bash
# The assessment cycle's office commands and their rules, each at its
# boundary, on a fixed local date (PARINDEX_TODAY): `cycle open` (deadline
# today is accepted, yesterday is not; deadlines in order; quorum from 50
# to below 100; only once), `cycle extend` (needs an open cycle, a reason,
# a date not in the past; today is accepted), `appraiser assign` (an
# appraiser, who exists, not of the unit), and `cycle advance` from the
# self phase: refused while units have not submitted and the deadline or
# the latest extension has not passed, allowed the day after the latest
# extension. Every refusal changes nothing (the audit log does not grow).
. "$(dirname "$0")/lib.sh"
C="$FIXTURES/cycle"
FW=T-AGENCY-2025
export PARINDEX_TODAY=2025-03-10

audit_entries() {
  "$PARINDEX" audit verify | sed -n 's/.*intact: \([0-9]*\) entries.*/\1/p'
}
# refused RC PATTERN DESCRIPTION -- ARGS...: the command exits RC with
# PATTERN on stderr and writes nothing
refused() {
  local rc=$1 pat=$2 what=$3 before after
  shift 4
  before=$(audit_entries)
  run "$@"
  expect_rc "$rc" "$what"
  expect_err "$pat" "$what: message"
  after=$(audit_entries)
  if [ -n "$before" ] && [ "$before" = "$after" ]; then ok; else
    bad "$what: the audit log went from '$before' to '$after' entries"
  fi
}

run demo
expect_rc 0 "demo"
run unit import "$C/units.csv"
expect_rc 0 "units A1, A2"
run framework import "$C/t-agency.json"
expect_rc 0 "framework"
for u in "ap1 appraiser" "ap2 appraiser A1" "rep1 reporter A1"; do
  set -- $u
  run user add "$1" --role "$2" ${3:+--unit "$3"} <<<"mat-khau-thu-nghiem"
  expect_rc 0 "user $1"
done

# ---- cycle open ----
refused 1 "has no assessment cycle open" "extend before the cycle is open" -- \
  cycle extend --framework $FW --unit A1 --until 2025-03-12 --reason "Mất điện"
refused 3 "the self-assessment deadline is in the past" "deadline yesterday" -- \
  cycle open --framework $FW --self-until 2025-03-09
refused 3 "deadlines must be in order" "appraisal before the self deadline" -- \
  cycle open --framework $FW --self-until 2025-03-20 --appraisal-until 2025-03-19
refused 3 "deadlines must be in order" "reply before appraisal" -- \
  cycle open --framework $FW --self-until 2025-03-20 --appraisal-until 2025-03-30 --reply-until 2025-03-29
refused 3 "the quorum is 50 to below 100" "quorum 49.9" -- \
  cycle open --framework $FW --self-until 2025-03-10 --quorum 49.9
refused 3 "the quorum is 50 to below 100" "quorum 100" -- \
  cycle open --framework $FW --self-until 2025-03-10 --quorum 100
run cycle status --framework $FW
expect_rc 1 "no cycle was opened by the refusals"
# testcase: the deadline today and a quorum of exactly 50 are accepted
run cycle open --framework $FW --self-until 2025-03-10 --quorum 50
expect_rc 0 "open with the deadline today, quorum 50"
expect_out "self-assessment until 2025-03-10" "open message"
refused 3 "already done: open the cycle" "a second open" -- cycle open --framework $FW --self-until 2025-03-20

# ---- cycle extend ----
refused 3 "the extension date is in the past" "extension to yesterday" -- \
  cycle extend --framework $FW --unit A1 --until 2025-03-09 --reason "Mất điện"
refused 3 "an extension needs a reason" "extension without a reason" -- \
  cycle extend --framework $FW --unit A1 --until 2025-03-12 --reason ""
refused 1 "unit ZZ is not assessed by $FW" "extension for an unknown unit" -- \
  cycle extend --framework $FW --unit ZZ --until 2025-03-12 --reason "Mất điện"
run cycle extend --framework $FW --unit A2 --until 2025-03-10 --reason "Hôm nay"
expect_rc 0 "extension to today is accepted"
run cycle extend --framework $FW --unit A1 --until 2025-03-12 --reason "Mất điện"
expect_rc 0 "extension to the 12th"
run cycle status --framework $FW --format csv
expect_rc 0 "status"
expect_out "^A1,.*2025-03-12" "status shows A1's extension"

# ---- appraiser assign ----
refused 3 "not an appraisal council member" "a reporter as appraiser" -- \
  appraiser assign --framework $FW --login rep1 --unit A2
refused 1 'no user "nope"' "an unknown user" -- appraiser assign --framework $FW --login nope --unit A2
refused 3 "nobody appraises their own unit" "recusal at assignment" -- \
  appraiser assign --framework $FW --login ap2 --unit A1
run appraiser assign --framework $FW --login ap2 --unit A2
expect_rc 0 "ap2 appraises A2"
run appraiser assign --framework $FW --login ap1 --unit A1
expect_rc 0 "ap1 appraises A1"

# ---- advance from self: deadline, extension, submissions ----
for d in 2025-03-10 2025-03-11 2025-03-12; do
  PARINDEX_TODAY=$d refused 3 "2 unit\(s\) have not submitted" "advance on $d (deadline 10th, extension 12th)" -- \
    cycle advance --framework $FW
done
run cycle status --framework $FW
expect_out "phase self" "still self"
PARINDEX_TODAY=2025-03-13 run cycle advance --framework $FW
expect_rc 0 "advance the day after the latest extension"
expect_out "now in phase appraisal" "advance message"
run audit verify
expect_rc 0 "audit chain intact"

finish
