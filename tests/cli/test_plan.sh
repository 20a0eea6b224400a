#!/usr/bin/env bash
# PAR plans from the command line (docs/formats/plans.md, a public
# contract): import (all or nothing, every bad row at FILE:LINE:COLUMN),
# list, show, task reports and their rules, `plan status --as-of` at every
# state's boundary, `plan overdue`, the rollup of the tasks below, the
# plan.* and task.* metrics per period, and a framework criterion scored
# from them. "Today" is fixed (PARINDEX_TODAY) so no check depends on the
# clock. Runs on SQLite and (pg.cli.test_plan) on PostgreSQL.
. "$(dirname "$0")/lib.sh"
P="$FIXTURES/plans"
export PARINDEX_TODAY=2026-07-10
# count SQL: the number a count(*) query prints, on either database
count() { sql "$1" | grep -E '^ *[0-9]+ *$' | head -1 | tr -d ' '; }

run init
run unit import "$P/units.csv"
expect_rc 0 "units"

# the parent plan is unknown until the city's plan is in
run plan import "$P/dept.csv"
expect_rc 3 "a department plan before its parent"
expect_err 'dept.csv:2:5: cột parent_plan: .*"KH-2026-HN"' "unknown parent plan at its cell"
run plan import "$P/city.csv"
expect_rc 0 "city plan"
expect_out "1 kế hoạch \(1 mới\), 4 nhiệm vụ" "import summary"
# the same plan from a workbook (numbers and dates as real cells) is the same plan
run plan show KH-2026-HN --format csv
cp "$OUT" "$WORK/city-from-csv.csv"
run plan import "$P/city.xlsx"
expect_rc 0 "city plan from XLSX"
run plan show KH-2026-HN --format csv
expect_same "$WORK/city-from-csv.csv" "XLSX gives what CSV gives"
run plan import "$P/bad-area.xlsx"
expect_rc 3 "a bad workbook row"
expect_err '^.*bad-area.xlsx:2:7: cột area: giá trị không hợp lệ: "tourism"' "sheet row and column"

# ---- rejections: every rule, every row, nothing stored --------------------
run plan import "$P/bad.csv"
expect_rc 3 "a bad plan file exits 3"
cp "$ERR" "$WORK/bad.err"
while IFS= read -r want; do
  if grep -qF -- "$want" "$WORK/bad.err"; then ok; else bad "bad.csv lacks: $want"; fi
done <<'LINES'
bad.csv:2:9: cột owner_unit: không có đơn vị này: "SO-XX" | column owner_unit: unknown unit: "SO-XX"
bad.csv:3:9: cột owner_unit: không thuộc đơn vị của kế hoạch (hoặc cấp dưới) trong năm kế hoạch: "SO-NV.P1" | column owner_unit: not the plan's unit or below it in the plan's year: "SO-NV.P1"
bad.csv:4:9: cột owner_unit: không thuộc đơn vị của kế hoạch (hoặc cấp dưới) trong năm kế hoạch: "SO-VH.CU"
bad.csv:5:5: cột parent_plan: không có kế hoạch cấp trên này: "KH-NONE" | column parent_plan: unknown parent plan: "KH-NONE"
bad.csv:6:6: cột parent_task: không có nhiệm vụ này trong kế hoạch cấp trên: "9.9" | column parent_task: unknown task in the parent plan: "9.9"
bad.csv:7:4: cột task_code: mã nhiệm vụ trùng trong kế hoạch | column task_code: duplicate task_code in the plan
bad.csv:8:12: cột due: hạn trước ngày bắt đầu | column due: due before start
bad.csv:9:12: cột due: hạn nằm ngoài năm kế hoạch ±1 | column due: due outside the plan's year-1..year+1
bad.csv:10:7: cột area: giá trị không hợp lệ: "tourism"
bad.csv:11:13: cột output: giá trị không hợp lệ: "video"
bad.csv:12:15: cột target: không phải số thập phân (dùng dấu chấm): "1,5"
bad.csv:13:10: cột coordinators: không có đơn vị này: "SO-ZZ" | column coordinators: unknown unit: "SO-ZZ"
bad.csv:14:2: cột plan_unit: không có đơn vị này: "SO-YY" | column plan_unit: unknown unit: "SO-YY"
bad.csv:15:12: cột due: ngày không hợp lệ, cần dạng YYYY-MM-DD: "31/05/2026"
bad.csv:16:8: thiếu giá trị bắt buộc ở cột title | missing required value in column title
LINES
n=$(wc -l <"$WORK/bad.err")
if [ "$n" -eq 15 ]; then ok; else bad "bad.csv: $n messages, expected exactly 15 (one per bad row)"; fi
run plan list --format csv
expect_same <(printf 'plan_code,plan_unit,year,parent_plan,tasks\nKH-2026-HN,HN,2026,,4\n') "nothing stored after a refused import"
printf 'plan_code,plan_unit,year\nKH-X,HN,2026\n' >"$WORK/nocols.csv"
run plan import "$WORK/nocols.csv"
expect_rc 3 "missing required columns"
expect_err 'nocols.csv:1:.*task_code' "missing column named on line 1"

# ---- import, list, show --------------------------------------------------
run plan import "$P/dept.csv"
expect_rc 0 "department plan implementing the city's"
run plan list --format csv
expect_same <(printf 'plan_code,plan_unit,year,parent_plan,tasks\nKH-2026-HN,HN,2026,,4\nKH-2026-SO-VH,SO-VH,2026,KH-2026-HN,5\n') "plan list"
run plan show KH-2026-HN --format csv
expect_out '^2.1,,,institution,Rà soát văn bản quy phạm pháp luật,SO-VH,SO-NV,2026-01-01,2026-06-30,report,,$' "show: a task with coordinators"
expect_out '^3.1,,,digital,"Số hóa hồ sơ, kết quả giải quyết TTHC",HN,SO-VH;SO-NV,,2026-12-31,system,,$' "show: quoted title, two coordinators"
expect_out '^2.2,.*,dossier.on_time_rate,95$' "show: indicator and target"
run plan show KH-NONE
expect_rc 1 "show an unknown plan"
expect_err "no such plan" "unknown plan message"

# ---- reports and their rules ----------------------------------------------
R="task report --plan KH-2026-SO-VH"
run $R --task 1 --status done --date 2026-05-15 --document 12/BC-PQLVH
expect_rc 0 "done exactly on the due date"
run $R --task 2 --status in_progress --date 2026-06-01 --progress 50
expect_rc 0 "in progress"
run $R --task 2 --status done --date 2026-07-05
expect_rc 0 "done five days late"
run $R --task 3 --status cancelled --date 2026-02-20
expect_rc 3 "cancelling without a note"
expect_err "cancelling needs a note" "note needed"
run $R --task 3 --status cancelled --date 2026-02-20 --note "Đã sáp nhập phòng"
expect_rc 0 "cancelled with a note"
run $R --task 3 --status done --date 2026-02-21
expect_rc 3 "no report on a cancelled task"
expect_err 'cannot report on the task in state "cancelled"' "cancelled is final"
run $R --task 4 --status done --date 2026-07-11
expect_rc 3 "a report dated tomorrow"
expect_err "in the future" "future date"
run $R --task 4 --status done --date 2025-12-31
expect_rc 3 "a report dated before the plan's year"
expect_err "before the plan's year" "before the year"
run $R --task 4 --status in_progress --date 2026-07-01 --progress 100
expect_rc 3 "in progress at 100"
run $R --task 4 --status in_progress --date 2026-07-01 --progress -1
expect_rc 3 "negative progress"
run $R --task 4 --status not_started --date 2026-07-01
expect_rc 3 "not_started is not a report"
run $R --task 4 --status finished --date 2026-07-01
expect_rc 3 "unknown status"
run $R --task 4 --status done --date 01/07/2026
expect_rc 3 "a date in the wrong form"
run $R --task 9 --status done --date 2026-07-01
expect_rc 1 "no such task"
expect_err "no such task" "unknown task"
printf 'not a document' >"$WORK/evil.txt"
run $R --task 4 --status in_progress --date 2026-07-01 --progress 10 --file "$WORK/evil.txt"
expect_rc 3 "evidence that is no document"
expect_err "only PDF" "evidence type checked by content"
printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$WORK/proof.pdf"
run $R --task 4 --status in_progress --date 2026-07-01 --progress 10 --file "$WORK/proof.pdf"
expect_rc 0 "evidence accepted"
n=$(count "SELECT count(*) FROM plan_evidence")
if [ "$n" = 1 ]; then ok; else bad "one evidence row stored, found $n"; fi
n=$(count "SELECT count(*) FROM plan_report")
if [ "$n" = 5 ]; then ok; else bad "five reports kept (history), found $n"; fi

# ---- states on a day --------------------------------------------------------
HDR=task_code,owner_unit,area,due,status,state,days_late,progress,document
run plan status --plan KH-2026-SO-VH --format csv
expect_same <(printf '%s\n' $HDR \
  1,SO-VH.P1,institution,2026-05-15,done,done_on_time,,100,12/BC-PQLVH \
  2,SO-VH.P2,institution,2026-06-30,done,done_late,5,100, \
  3,SO-VH,apparatus,2026-02-28,cancelled,cancelled,,, \
  4,SO-VH.P1,civil_service,2026-09-30,in_progress,open,,10, \
  5,SO-VH.P2,digital,2026-07-15,not_started,open,,,) "status today"
# the due day itself is still open; the done report of 07-05 is after the day asked
run plan status --plan KH-2026-SO-VH --as-of 2026-06-30 --format csv
expect_out '^2,SO-VH.P2,institution,2026-06-30,in_progress,open,,50,$' "on the due day: open, the later report ignored"
run plan status --plan KH-2026-SO-VH --as-of 2026-07-01 --format csv
expect_out '^2,SO-VH.P2,institution,2026-06-30,in_progress,overdue,1,50,$' "the day after due: overdue by 1"
run plan status --plan KH-2026-SO-VH --as-of 2026-05-14 --format csv
expect_out '^1,SO-VH.P1,institution,2026-05-15,not_started,open,,,$' "before its done report: not started"
expect_out '^3,SO-VH,apparatus,2026-02-28,cancelled,cancelled,,,$' "cancelled stays cancelled"
run plan status --plan KH-2026-SO-VH --as-of 2026-02-19 --format csv
expect_out '^3,SO-VH,apparatus,2026-02-28,not_started,open,,,$' "before the cancellation: open"
run plan status --plan KH-2026-SO-VH --as-of 2026-13-01
expect_rc 2 "a bad --as-of"
run plan status --plan KH-2026-SO-VH --format json
expect_out '"state": "done_late", "days_late": 5' "json status"

# ---- rollup: the city's task 2.1 and the department tasks that carry it out -
run plan rollup --plan KH-2026-HN --format csv
expect_same <(printf '%s\n' task_code,below_plan,below_task,owner_unit,state,progress \
  2.1,KH-2026-SO-VH,1,SO-VH.P1,done_on_time,100 2.1,KH-2026-SO-VH,2,SO-VH.P2,done_late,100) "rollup"

# ---- urging: overdue and due within 7 days -------------------------------
run plan overdue --format csv
expect_same <(printf '%s\n' plan_code,task_code,owner_unit,title,due,state,days_late,days_left \
  "KH-2026-HN,1.1,HN,Ban hành kế hoạch CCHC năm 2026,2026-03-31,overdue,101," \
  "KH-2026-HN,2.1,SO-VH,Rà soát văn bản quy phạm pháp luật,2026-06-30,overdue,10," \
  "KH-2026-HN,2.2,SO-NV,Đơn giản hóa thủ tục hành chính,2026-06-30,overdue,10," \
  "KH-2026-SO-VH,5,SO-VH.P2,Cập nhật cơ sở dữ liệu di tích,2026-07-15,open,,5") "overdue list"
run plan overdue --unit SO-VH --format csv
expect_out '^KH-2026-HN,2.1,SO-VH,' "overdue of a unit's subtree: its own"
expect_out '^KH-2026-SO-VH,5,SO-VH.P2,' "overdue of a unit's subtree: a division's"
if grep -q 'SO-NV\|,HN,' "$OUT"; then bad "overdue --unit SO-VH lists another unit"; else ok; fi
run plan overdue --as-of 2026-07-07 --format csv
if grep -q '^KH-2026-SO-VH,5,' "$OUT"; then bad "8 days ahead is not urged"; else ok; fi
run plan overdue --as-of 2026-07-08 --format csv
expect_out '^KH-2026-SO-VH,5,SO-VH.P2,Cập nhật cơ sở dữ liệu di tích,2026-07-15,open,,7$' "7 days ahead is urged"
run plan overdue --unit NOPE
expect_rc 1 "overdue of an unknown unit"

# ---- metrics --------------------------------------------------------------
metric() { # UNIT PERIOD METRIC -> value or "missing"
  local v
  v=$("$PARINDEX" metric values --unit "$1" --period "$2" --metric "$3" --format csv |
      awk -F, -v p="$2" 'NR > 1 && $2 == p { print $4 }')
  echo "${v:-missing}"
}
expect_metric() { # UNIT PERIOD METRIC VALUE DESCRIPTION
  local got
  got=$(metric "$1" "$2" "$3")
  if [ "$got" = "$4" ]; then ok; else bad "$5: $1 $2 $3 = $got, expected $4"; fi
}
expect_metric SO-VH 2026-05 plan.tasks_total 1 "May: one task due"
expect_metric SO-VH 2026-05 plan.tasks_done_on_time 1 "May: done exactly on the due date is on time"
expect_metric SO-VH 2026-05 plan.completion 1 "May: completion"
expect_metric SO-VH 2026-06 plan.tasks_done 0 "June: done in July is not done at June's end"
expect_metric SO-VH 2026-06 plan.tasks_overdue 1 "June: not done at its end"
expect_metric SO-VH 2026-06 plan.completion 0 "June: completion 0"
expect_metric SO-VH 2026-02 plan.tasks_total 0 "February: a cancelled task does not count"
expect_metric SO-VH 2026-02 plan.completion missing "February: no completion without tasks"
expect_metric SO-VH 2026-03 plan.tasks_total 0 "a month with no task: zero"
expect_metric SO-VH 2026-03 plan.completion missing "a month with no task: completion missing"
expect_metric SO-VH 2026-07 plan.tasks_total 1 "July, not yet over: its end is today"
expect_metric SO-VH 2026-07 plan.tasks_overdue 1 "July: not done today"
expect_metric SO-VH 2026-08 plan.tasks_total missing "August has not begun"
expect_metric SO-VH 2026 plan.tasks_total 4 "the year: four tasks, the cancelled one not counted"
expect_metric SO-VH 2026 plan.tasks_done 2 "the year: two done (one late)"
expect_metric SO-VH 2026 plan.tasks_done_on_time 1 "the year: one on time"
expect_metric SO-VH 2026 plan.tasks_overdue 2 "the year: two not done today"
expect_metric SO-VH 2026 plan.completion 0.25 "the year: completion"
expect_metric SO-VH.P1 2026 task.tasks_total 2 "task.*: the division's tasks"
expect_metric SO-VH.P1 2026 task.completion 0.5 "task.*: the division's completion"
expect_metric SO-VH 2026 task.tasks_total 1 "task.* of the department: 2.1 of the city plan; its own 3 is cancelled"
expect_metric HN 2026 plan.tasks_total 4 "the city's own plan"
expect_metric HN 2026 plan.tasks_done 0 "the city's plan: nothing done by the city units themselves"

# a period that has begun since the last change: metric refresh writes it
expect_metric SO-VH 2026-08 plan.tasks_total missing "August not begun on July 10"
PARINDEX_TODAY=2026-08-01 run metric refresh
expect_rc 0 "metric refresh on August 1"
expect_metric SO-VH 2026-08 plan.tasks_total 0 "August has begun: its counts are written"
expect_metric SO-VH 2026-07 plan.tasks_total 1 "July over: still its one task"
run metric refresh
expect_rc 0 "metric refresh back on July 10"
expect_metric SO-VH 2026-08 plan.tasks_total missing "and August is gone again"

# a criterion "completion of the annual plan" scored from the reports
run framework import "$P/framework.json"
expect_rc 0 "framework with a plan criterion"
run score --framework DEPT-2026 --format csv
expect_out '^1,SO-VH,Sở Văn hóa và Thể thao,2.5,10,25,B,ok,2.5,0$' "10 * 1/4 on time"

# ---- the urging letter: a unit's overdue tasks, PDF and XLSX -----------------
run report urging --unit SO-VH --out "$WORK/urging.pdf"
expect_rc 0 "urging letter as PDF"
if [ "$(head -c 5 "$WORK/urging.pdf")" = "%PDF-" ]; then ok; else bad "urging.pdf is a PDF"; fi
if command -v pdftotext >/dev/null; then
  pdftotext -layout "$WORK/urging.pdf" "$WORK/urging.txt"
  if grep -q "V/v đôn đốc thực hiện nhiệm vụ" "$WORK/urging.txt" &&
     grep -qE "KH-2026-HN +2\.1 .* 30/06/2026 +10" "$WORK/urging.txt" &&
     grep -q "còn 1 nhiệm vụ đã quá hạn" "$WORK/urging.txt"; then ok
  else bad "urging letter text"; head -40 "$WORK/urging.txt" >&2; fi
  "$PARINDEX" report urging --unit SO-VH --as-of 2026-07-20 --out "$WORK/later.pdf" >/dev/null
  pdftotext -layout "$WORK/later.pdf" "$WORK/later.txt"
  if grep -qE "KH-2026-SO-VH +5 .* SO-VH.P2 +15/07/2026 +5" "$WORK/later.txt"; then ok
  else bad "the letter lists the divisions' overdue tasks too"; fi
fi
run report urging --unit SO-VH --as-of 2026-06-30 --out "$WORK/urging.xlsx"
expect_rc 0 "urging letter as XLSX"
if [ "$(head -c 2 "$WORK/urging.xlsx")" = "PK" ]; then ok; else bad "urging.xlsx is a workbook"; fi
run report urging --unit NOPE --out "$WORK/nope.pdf"
expect_rc 3 "urging an unknown unit"

# ---- re-import: reports kept; a dropped task with reports needs --force -----
run plan import "$P/dept.csv"
expect_rc 0 "re-import the same plan"
expect_out "1 kế hoạch \(0 mới\), 5 nhiệm vụ" "a re-imported plan is not new"
run plan status --plan KH-2026-SO-VH --format csv
expect_out '^1,SO-VH.P1,institution,2026-05-15,done,done_on_time,,100,12/BC-PQLVH$' "reports kept on re-import"
run plan import "$P/dept-fewer.csv"
expect_rc 3 "dropping a task that has reports"
expect_err 'dept-fewer.csv:2:4: .*task 1 has reports' "named at the plan's first row"
run plan show KH-2026-SO-VH --format csv
expect_out '^1,KH-2026-HN,2.1,' "nothing changed"
run plan import --force "$P/dept-fewer.csv"
expect_rc 0 "--force drops it with its reports"
run plan status --plan KH-2026-SO-VH --format csv
if grep -q '^1,' "$OUT"; then bad "task 1 still listed"; else ok; fi
expect_metric SO-VH 2026-05 plan.tasks_total 0 "metrics recomputed after the import"
n=$(count "SELECT count(*) FROM plan_report WHERE task = '1'")
if [ "$n" = 0 ]; then ok; else bad "task 1's reports removed with --force, found $n"; fi

# ---- the demo: plans over a database that has some (demo --force wipes them)
run demo --force
expect_rc 0 "demo --force over plans and reports"
run plan list --format csv
expect_out '^KH-2026-HN,HN,2026,,40$' "the demo city's plan: 40 tasks"
expect_out '^KH-2026-SO-VHTT,SO-VHTT,2026,KH-2026-HN,6$' "a department's plan carrying it out"
if grep -q KH-2026-SO-VH, "$OUT"; then bad "the test's plans are gone"; else ok; fi
run plan rollup --plan KH-2026-HN --format csv
expect_rows "$OUT" 40 "the city sees the departments' parts"
run plan status --plan KH-2026-HN --format csv
expect_out ',done_on_time,' "demo: tasks done on time"
expect_out ',done_late,' "demo: tasks done late"
expect_out ',overdue,' "demo: overdue tasks"
finish
