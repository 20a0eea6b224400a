#!/usr/bin/env bash
# The unit register from the command line: import, list, tree on both
# sides of 2025-07-01, history, stats, formats, and every rejection rule
# (exit 3, FILE:LINE:COLUMN, nothing changed).
. "$(dirname "$0")/lib.sh"
U="$FIXTURES/units"
EXP="$FIXTURES/expected"

run init
expect_rc 0 "init"
run init
expect_rc 0 "init is idempotent"

run unit import "$U/good.csv"
expect_rc 0 "import good.csv"
expect_out "14 đơn vị: 14 mới" "import summary"

run unit import "$U/good.csv"
expect_rc 0 "re-import"
expect_out "0 mới, 0 cập nhật, 14 không đổi" "re-import changes nothing"

run unit tree --date 2025-06-30 --format csv
expect_same "$EXP/tree-2025-06-30.csv" "tree before the reform"
run unit tree --date 2025-07-01 --format csv
expect_same "$EXP/tree-2025-07-01.csv" "tree after the reform"
run unit tree --date 2025-07-01
expect_rc 0 "tree as table"
expect_out "^    Văn phòng +SO-NV.P1 +division$" "table tree indents children"

run unit list --kind ward --date 2025-07-01 --format json
expect_rc 0 "list json"
expect_out '"code": "P-HK", "name": "Phường Hoàn Kiếm"' "json has objects"
run unit list --format csv
expect_same "$EXP/list.csv" "list csv"

run unit history P-CN --format csv
expect_same "$EXP/history-P-CN.csv" "history of a merged ward"
run unit history Q-DD.1 --format csv
expect_same "$EXP/history-Q-DD.1.csv" "history of a split ward"
run unit history SO-NV.P1
expect_rc 0 "history table"
expect_out "^SO-NV.P1 — Văn phòng" "history names the unit"
run unit history NOPE
expect_rc 1 "history of an unknown unit"
expect_err 'no unit with code "NOPE"' "unknown unit message"

run unit stats --from 2025-06-30 --to 2025-07-01 --format csv
expect_same "$EXP/stats.csv" "stats across the reform"
run unit stats --from 2025-06-30
expect_rc 2 "stats without --to is a usage error"
run unit stats --from 2025-06-31 --to 2025-07-01
expect_rc 2 "stats with a bad date"
run unit list --format xml
expect_rc 2 "unknown format"
run unit frobnicate
expect_rc 2 "unknown subcommand"

# every rejection rule: exit 3, FILE:LINE:COLUMN, nothing changed
run unit list --format csv
cp "$OUT" "$WORK/before.csv"
reject() { # file line col pattern
  run unit import "$U/$1"
  expect_rc 3 "$1 rejected"
  expect_err "$U/$1:$2:$3: .*$4" "$1 message"
  run unit list --format csv
  expect_same "$WORK/before.csv" "$1 changed nothing"
}
reject bad_duplicate.csv 4 1 'duplicate unit code "A" \(first on line 3\)'
reject bad_parent.csv 3 4 'parent "NOPE" is neither in the file nor in the register'
reject bad_cycle.csv 2 4 'the parent links form a cycle'
reject cycle_with_db.csv 2 4 'the parent links form a cycle'
reject bad_validity.csv 4 6 'valid outside its parent D'
reject bad_successor.csv 3 7 'successor "GHOST" does not exist'
reject bad_self_successor.csv 2 4 'cannot be its own successor'
reject bad_dates_order.csv 2 5 'valid_to is before valid_from'
reject bad_date.csv 3 5 'column valid_from: invalid date'
reject bad_utf8.csv 2 2 'UTF-8'
reject bad_missing_column.csv 1 '[0-9]+' 'missing required column "name"'
reject bad_quota.csv 2 4 'column payroll_quota: not an integer'
reject bad_kind.csv 2 3 'a unit kind is one lowercase word'
reject bad_code.csv 2 1 'column code: a code has only'

# an update is written and audited; the audit chain verifies
run unit import "$U/update.csv"
expect_rc 0 "update import"
expect_out "0 mới, 1 cập nhật, 1 không đổi" "one unit changed"
run unit list --format csv
expect_out '^SO-NV,Sở Nội vụ thành phố Hà Nội,department,HN,,,125,$' "update stored"
run audit verify
expect_rc 0 "audit verify"
expect_out "15 (mục|entries)" "one audit entry per change"

# CRLF and quoted fields
run unit import "$U/crlf_quoted.csv"
expect_rc 0 "CRLF import"
run unit list --kind commune --format csv
expect_out '^X1,"Xã ""Mới""",commune,HN' "quoted field round trip"

# staff
run staff import "$U/staff.csv"
expect_rc 0 "staff import"
expect_out "3 cán bộ: 3 mới" "staff summary"
run staff list --unit SO-NV --format csv
expect_out '^CB1,Nguyễn Văn An,SO-NV,cadre,Giám đốc,2020-01-01,$' "staff listed"
run staff import "$U/bad_staff.csv"
expect_rc 3 "bad staff"
expect_err "bad_staff.csv:2:4: .*column category: invalid value" "bad category"
expect_err "bad_staff.csv:3:3: .*no unit with code \"NOPE\"" "unknown unit"

# tampering with the audit log is detected
sql "UPDATE audit_log SET detail = '{}' WHERE seq = 3" >/dev/null
run audit verify
expect_rc 1 "tampered audit log"
expect_err "broken at entry 3" "tampered entry named"

# backup is a consistent copy (SQLite); PostgreSQL is backed up with pg_dump
if is_pg; then
  run backup "$WORK/copy.db"
  expect_rc 1 "backup of PostgreSQL"
  expect_err "pg_dump" "backup points to pg_dump"
else
  run backup "$WORK/copy.db"
  expect_rc 0 "backup"
  PARINDEX_DB="$WORK/copy.db" "$PARINDEX" unit list --format csv >"$WORK/copy.csv"
  run unit list --format csv
  expect_same "$WORK/copy.csv" "backup has the same units"
fi

finish
