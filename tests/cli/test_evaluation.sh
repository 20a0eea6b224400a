#!/usr/bin/env bash
# Staff evaluation from the command line (shared/formats/evaluation.md, a
# public contract): rule sets as data (every validation error by its JSON
# path, a validity overlapping another's refused), the import of approved
# points (every rejection at FILE:LINE:COLUMN, nothing stored; CSV and
# XLSX alike), grades at every threshold, the monthly quota with floor and
# with rounding and an outstanding unit's higher cap, a rule-set change
# between December 2025 (HN-3814) and January 2026 (ND-335-2025), a month
# missing, the annual classification from 12 months with every rule at its
# boundary (6 rated months, 90/179/180 days absent, discipline on 31
# December, the yearly quota with a tie on total points), and the
# evaluation.* metrics. Runs on SQLite and (pg.cli.test_evaluation) on
# PostgreSQL.
. "$(dirname "$0")/lib.sh"
F="$FIXTURES/evaluation"
R="$SRCDIR/data/evaluation-rules"
export PARINDEX_TODAY=2026-07-10
count() { sql "$1" | grep -E '^ *[0-9]+ *$' | head -1 | tr -d ' '; }
# has_lines FILE <<EOF ... : every line is in FILE (fixed strings)
has_lines() {
  while IFS= read -r want; do
    if grep -qF -- "$want" "$1"; then ok; else bad "$(basename "$1") lacks: $want"; fi
  done
}

run init
run unit import "$F/units.csv"
expect_rc 0 "units"
run staff import "$F/staff.csv"
expect_rc 0 "staff"

# ---- rule sets ------------------------------------------------------------
run evaluation rules import "$R/HN-3814.json"
expect_rc 0 "HN-3814"
expect_out "HN-3814 \(mới\), áp dụng từ 2018-06-01 đến 2025-12-31" "HN-3814 summary"
run evaluation rules import "$R/ND-335-2025.json"
expect_rc 0 "ND-335-2025"
run evaluation rules import "$F/rules/round.json"
expect_rc 0 "a test rule set for an earlier period"
run evaluation rules import "$F/rules/overlap.json"
expect_rc 3 "a validity overlapping another rule set's"
expect_err 'overlap.json: valid_from: .*validity overlaps rule set HN-3814' "the overlap named"
run evaluation rules import "$F/rules/syntax.json"
expect_rc 3 "a JSON syntax error"
expect_err 'syntax.json:4:30: JSON không hợp lệ' "syntax error at its line and column"
run evaluation rules import "$F/rules/bad.json"
expect_rc 3 "a bad rule set"
cp "$ERR" "$WORK/rules.err"
has_lines "$WORK/rules.err" <<'LINES'
bad.json: (gốc | root): trường không biết: "colour" | unknown field: "colour"
bad.json: format: cần "parindex-evaluation/1"
bad.json: code: cần một mã (chữ, số, - _ .)
bad.json: valid_from: ngày không hợp lệ, cần dạng YYYY-MM-DD
bad.json: components[1].max: cần một số từ 0.01 đến 1000
bad.json: components[1].title.vi: thiếu tên tiếng Việt
bad.json: components[1].code: mã thành phần trùng
bad.json: grades[1].min: các loại phải xếp từ tốt nhất, min giảm dần
bad.json: grades[2].min: loại cuối cùng cần min 0
bad.json: quota.grade: không có loại "Z" trong grades
bad.json: quota.max_share: cần một tỷ lệ từ 0 đến 1
bad.json: quota.rounding: cần "floor" hoặc "round"
bad.json: quota.of: cần "rated" hoặc "grade:MÃ"
bad.json: annual[0].level: cần excellent, good, completed hoặc not_completed
bad.json: annual[0].at_least.months: cần một số nguyên từ 1 đến 12
bad.json: annual_quota.of: không có mức này
LINES
[ "$(count 'SELECT count(*) FROM eval_ruleset')" = 3 ] && ok || bad "bad rule sets stored nothing"

# ---- rejections: every rule, every row, nothing stored ----------------------
run evaluation import "$F/bad-points.csv" --rules HN-3814
expect_rc 3 "a bad points file exits 3"
cp "$ERR" "$WORK/points.err"
has_lines "$WORK/points.err" <<'LINES'
bad-points.csv:2:1: cột staff_code: không có cán bộ mã "NV99" | column staff_code: no staff member "NV99"
bad-points.csv:3:4: cột tasks: điểm ngoài khoảng 0..70 | column tasks: points outside 0..70
bad-points.csv:4:3: cột discipline: điểm ngoài khoảng 0..20
bad-points.csv:5:4: cột tasks: tối đa 2 chữ số thập phân
bad-points.csv:6:2: cột month: tháng không hợp lệ, cần dạng YYYY-MM: "01/2025"
bad-points.csv:7:2: cột month: bộ quy tắc HN-3814 không áp dụng cho tháng 2026-01 | column month: rule set HN-3814 does not apply to 2026-01
bad-points.csv:8:2: cột month: 2025-02 ngoài thời gian công tác của NV11 tại đơn vị | column month: 2025-02 is outside NV11's time in the unit
bad-points.csv:10:1: cột staff_code: "NV06" tháng 2025-01 đã có ở dòng 9
bad-points.csv:11:3: thiếu giá trị bắt buộc ở cột discipline
bad-points.csv:12:4: cột tasks: không phải số thập phân (dùng dấu chấm): "1,5"
LINES
expect_err "10 lỗi; không có gì thay đổi" "error count and nothing changed"
[ "$(grep -c 'bad-points.csv:' "$WORK/points.err")" = 10 ] && ok || bad "exactly the 10 bad rows"
[ "$(count 'SELECT count(*) FROM eval_month')" = 0 ] && ok || bad "a bad file stored nothing"
run evaluation import "$F/bad-points.xlsx" --rules HN-3814
expect_rc 3 "a bad workbook"
expect_err 'bad-points.xlsx:3:4: cột tasks: điểm ngoài khoảng 0..70' "sheet row and column"
run evaluation import "$F/month.csv" --rules NO-SUCH
expect_rc 3 "an unknown rule set"
expect_err 'không có bộ quy tắc "NO-SUCH"' "the unknown rule set named"

# ---- one month, every grade threshold (CSV and XLSX are the same) ------------
PARINDEX_NOW=2025-02-05T16:00:00+07:00 run evaluation import "$F/month.xlsx" --rules HN-3814
expect_rc 0 "the month from a workbook"
expect_out "10 tháng đánh giá: 10 mới" "import summary"
run evaluation month --unit SO-NV.P1 --month 2025-01 --format csv
cat >"$WORK/month.want" <<'CSV'
staff_code,name,discipline,tasks,bonus,total,grade,state
NV01,Cán bộ Nội vụ 1,20,70,0,90,A,approved
NV02,Cán bộ Nội vụ 2,20,60,9.99,89.99,B,approved
NV03,Cán bộ Nội vụ 3,20,50,0,70,B,approved
NV04,Cán bộ Nội vụ 4,20,49.99,0,69.99,C,approved
NV05,Cán bộ Nội vụ 5,10,40,0,50,C,approved
NV06,Cán bộ Nội vụ 6,10,39.99,0,49.99,D,approved
NV07,Cán bộ Nội vụ 7,0,0,0,0,D,approved
NV08,Cán bộ Nội vụ 8,20,70,10,100,A,approved
NV09,Cán bộ Nội vụ 9,19.5,70,0.5,90,A,approved
NV10,Cán bộ Nội vụ 10,15,60,0,75,B,approved
CSV
expect_same "$WORK/month.want" "grades at 90, 89.99, 70, 69.99, 50, 49.99; 3 A of 10 (the cap)"
cp "$OUT" "$WORK/month-xlsx.csv"
PARINDEX_NOW=2025-02-06T09:00:00+07:00 run evaluation import "$F/month.csv" --rules HN-3814
expect_rc 0 "the same month from CSV, a day late"
expect_out "10 cập nhật" "re-import updates"
run evaluation month --unit SO-NV.P1 --month 2025-01 --format csv
expect_same "$WORK/month-xlsx.csv" "CSV gives what XLSX gave"

# a month missing: everyone in the unit that month, nothing rated
run evaluation month --unit SO-NV.P1 --month 2025-03 --format csv
expect_rc 0 "a month with no evaluation"
[ "$(grep -c ',,,,,missing$' "$OUT")" = 11 ] && ok || bad "11 staff missing in 2025-03 (NV11 joined in March)"
run evaluation month --unit SO-NV.P1 --month 2025-02 --format csv
if grep -q '^NV11,' "$OUT"; then bad "NV11 listed before joining"; else ok; fi
run evaluation month --unit SO-NV.P1 --month 2018-01 --format csv
expect_rc 1 "a month with no rule set in force"
expect_err "no evaluation rule set in force for 2018-01" "the gap between rule sets"
run evaluation month --unit SO-NV.P1 --month 2025-13
expect_rc 3 "a bad month"

# ---- the quota: floor, rounding, an outstanding unit ---------------------------
run evaluation import "$F/quota-over.csv" --rules HN-3814
expect_rc 3 "a fourth A of 10 in one month"
expect_err 'quota-over.csv:11:2: vượt tỷ lệ loại A của SO-NV.P1 tháng 2025-02: tối đa 3, có 4 \(NV01, NV08, NV09, NV10\)' "cap, count and holders named"
[ "$(count "SELECT count(*) FROM eval_month WHERE month = '2025-02'")" = 0 ] && ok || bad "quota refusal stored nothing"
run evaluation outstanding --unit SO-NV.P1 --month 2025-02
expect_rc 3 "outstanding needs a reason"
run evaluation outstanding --unit SO-NV.P1 --month 2025-02 --reason "Đơn vị xuất sắc tiêu biểu"
expect_rc 0 "the office marks the unit outstanding"
run evaluation import "$F/quota-over.csv" --rules HN-3814
expect_rc 0 "40% for an outstanding unit: 4 of 10"
run evaluation import "$F/gt-floor.csv" --rules HN-3814
expect_rc 3 "floor(0.3 x 5) = 1"
expect_err 'tối đa 1, có 2 \(GT01, GT02\)' "floor"
run evaluation import "$F/gt-round-ok.csv" --rules TEST-ROUND
expect_rc 0 "round(0.3 x 5) = 2 with \"rounding\": \"round\""
run evaluation import "$F/gt-round-over.csv" --rules TEST-ROUND
expect_rc 3 "3 A of 5 over the rounded cap"
expect_err 'tối đa 2, có 3' "rounded cap"

# ---- a rule-set change: December 2025 by 3814, January 2026 by Decree 335 ------
run evaluation import "$F/dec-2025.csv" --rules HN-3814
expect_rc 0 "December 2025"
run evaluation import "$F/nd335.csv" --rules ND-335-2025
expect_rc 0 "January and February 2026"
run evaluation month --unit SO-GT --month 2025-12 --format csv
expect_out '^staff_code,name,discipline,tasks,bonus,total,grade,state$' "December: 3814's components"
expect_out '^GT01,Cán bộ Giao thông 1,20,60,0,80,B,approved$' "December graded B"
run evaluation month --unit SO-GT --month 2026-01 --format csv
expect_out '^staff_code,name,general,tasks,total,grade,state$' "January: Decree 335's components"
expect_out '^GT01,Cán bộ Giao thông 1,30,60,90,excellent,approved$' "90 is excellent"
run evaluation month --unit SO-GT --month 2026-02 --format csv
cat >"$WORK/feb.want" <<'CSV'
staff_code,name,general,tasks,total,grade,state
GT01,Cán bộ Giao thông 1,30,59.99,89.99,good,approved
GT02,Cán bộ Giao thông 2,20,50,70,good,approved
GT03,Cán bộ Giao thông 3,20,49.99,69.99,completed,approved
GT04,Cán bộ Giao thông 4,20,30,50,completed,approved
GT05,Cán bộ Giao thông 5,20,29.99,49.99,not_completed,approved
CSV
expect_same "$WORK/feb.want" "Decree 335's thresholds"
run evaluation import "$F/nd335-over.csv" --rules ND-335-2025
expect_rc 3 "two excellent of five good or better"
expect_err 'vượt tỷ lệ loại excellent của SO-GT tháng 2026-03: tối đa 1, có 2 \(GT01, GT02\)' "20% of those graded good"

# ---- discipline and absences -------------------------------------------------------
run discipline import "$F/bad-discipline.csv"
expect_rc 3 "bad discipline file"
cp "$ERR" "$WORK/disc.err"
has_lines "$WORK/disc.err" <<'LINES'
bad-discipline.csv:2:1: cột staff_code: không có cán bộ mã "VH99"
bad-discipline.csv:3:2: cột date: ngày không hợp lệ, cần dạng YYYY-MM-DD: "2025-02-30"
bad-discipline.csv:4:3: cột form: giá trị không hợp lệ: "fine"
bad-discipline.csv:5:4: thiếu giá trị bắt buộc ở cột decision
LINES
run absence import "$F/bad-absence.csv"
expect_rc 3 "bad absence file"
cp "$ERR" "$WORK/abs.err"
has_lines "$WORK/abs.err" <<'LINES'
bad-absence.csv:2:1: cột staff_code: không có cán bộ mã "VH99"
bad-absence.csv:3:3: cột to: trước ngày from | column to: before from
bad-absence.csv:4:3: thiếu giá trị bắt buộc ở cột to
LINES
[ "$(count 'SELECT count(*) FROM eval_discipline')" = 0 ] && ok || bad "no discipline stored"
[ "$(count 'SELECT count(*) FROM eval_absence')" = 0 ] && ok || bad "no absence stored"

# ---- the year from 12 months --------------------------------------------------------
run evaluation import "$F/year-2025.csv" --rules HN-3814
expect_rc 0 "a year of SO-VH"
run absence import "$F/absence.csv"
expect_rc 0 "absences"
run discipline import "$F/discipline.csv"
expect_rc 0 "discipline"
run evaluation year --unit SO-VH --year 2025 --format csv
expect_rc 0 "the year"
cp "$OUT" "$WORK/year.csv"
cut -d, -f1,3,4,5 "$WORK/year.csv" >"$OUT"
cat >"$WORK/year.want" <<'CSV'
staff_code,months_rated,grade_counts,level
VH01,12,A:12;B:0;C:0;D:0,excellent
VH02,12,A:10;B:2;C:0;D:0,excellent
VH03,12,A:9;B:3;C:0;D:0,good
VH04,12,A:12;B:0;C:0;D:0,good
VH05,6,A:0;B:6;C:0;D:0,not_completed
VH06,5,A:0;B:5;C:0;D:0,not_rated
VH07,12,A:0;B:12;C:0;D:0,completed
VH08,12,A:0;B:12;C:0;D:0,completed
VH09,12,A:0;B:12;C:0;D:0,not_rated
VH10,12,A:0;B:12;C:0;D:0,not_completed
VH11,12,A:0;B:12;C:0;D:0,good
VH12,12,A:0;B:12;C:0;D:0,good
VH13,12,A:0;B:12;C:0;D:0,good
VH14,12,A:0;B:12;C:0;D:0,good
VH15,12,A:0;B:12;C:0;D:0,good
VH16,12,A:0;B:12;C:0;D:0,good
CSV
expect_same "$WORK/year.want" "every rule of the annual classification at its boundary"
has_lines "$WORK/year.csv" <<'LINES'
VH02,Cán bộ Văn hóa 2,12,A:10;B:2;C:0;D:0,excellent,"10 tháng loại A trở lên (cần 10), không tháng nào dưới loại B | 10 months graded A or better (10 needed), no month below B"
beyond the unit's excellent quota (at most 2 of 10, by the sum of monthly totals): lowered to good"
VH06,Cán bộ Văn hóa 6,5,A:0;B:5;C:0;D:0,not_rated,chỉ có 5 tháng được đánh giá (cần ít nhất 6) | only 5 rated months (at least 6 needed)
absent 90 days in the year (90–179: at most completed), lowered
absent 179 days in the year (90–179: at most completed), lowered
absent 180 days in the year (180 or more: not rated)
disciplined (reprimand) on 31/12/2025
LINES
if grep -q '^VH04.*lowered to good' "$WORK/year.csv"; then ok; else bad "the tie on 1170 points goes to VH02 by staff code"; fi

# the office confirms the year (audited, with the counts by level)
run evaluation confirm --unit SO-VH --year 2025
expect_rc 0 "the office confirms the year"
expect_out "16 người" "everyone of the unit"
[ "$(count "SELECT count(*) FROM audit_log WHERE action = 'confirm' AND entity_key = 'SO-VH:2025' AND detail LIKE '%\"excellent\": 2%'")" = 1 ] && ok || bad "the confirmation audited"
[ "$(count "SELECT count(*) FROM eval_unit_year WHERE levels LIKE '%\"VH04\": \"good\"%'")" = 1 ] && ok || bad "the levels stored as confirmed"
run evaluation confirm --unit SO-VH --year 1999
expect_rc 2 "a bad year"

# the forms the office files: the unit's month and the year's classification
run evaluation month --unit SO-NV.P1 --month 2025-01 --out "$WORK/month.xlsx"
expect_rc 0 "the month as XLSX"
unzip -p "$WORK/month.xlsx" xl/sharedStrings.xml xl/worksheets/sheet1.xml 2>/dev/null | grep -q 'NV09' && ok || bad "the XLSX holds the rows"
run evaluation year --unit SO-VH --year 2025 --out "$WORK/year.pdf"
expect_rc 0 "the year as PDF"
if command -v pdftotext >/dev/null; then
  pdftotext "$WORK/year.pdf" - | grep -q 'VH16' && ok || bad "the PDF holds the rows"
  # the notice the office files, in the Decree 30 layout: the unit issues it
  pdftotext -f 1 -l 1 "$WORK/year.pdf" - | tr -s '\n ' '  ' >"$WORK/year1.txt"
  for want in 'THÔNG BÁO' 'cán bộ, công chức, viên chức năm 2025' 'Tổng số người được xem xét: 16' \
              'hoàn thành xuất sắc nhiệm vụ: 2; hoàn thành tốt nhiệm vụ: 8;' \
              'không xếp loại: 2' 'SỞ VĂN HÓA VÀ THỂ THAO' 'THỦ TRƯỞNG ĐƠN VỊ'; do
    grep -qF -- "$want" "$WORK/year1.txt" && ok || bad "the year's notice lacks: $want"
  done
  pdftotext "$WORK/year.pdf" - | grep -qF 'DANH SÁCH XẾP LOẠI CHẤT LƯỢNG NĂM 2025' && ok || bad "the list is the notice's annex"
fi
run evaluation year --unit SO-VH --year 2025 --out "$WORK/year.txt"
expect_rc 3 "--out needs .xlsx or .pdf"

# ---- metrics ----------------------------------------------------------------------------
run metric values --unit SO-NV.P1 --period 2025-01 --format csv
cut -d, -f1-4 "$OUT" >"$WORK/m"
has_lines "$WORK/m" <<'LINES'
SO-NV.P1,2025-01,evaluation.rated,10
SO-NV.P1,2025-01,evaluation.grade_a,3
SO-NV.P1,2025-01,evaluation.top_share,0.3
SO-NV.P1,2025-01,evaluation.not_completed,2
SO-NV.P1,2025-01,evaluation.on_time,0
LINES
run metric values --unit SO-VH --period 2025 --format csv
cut -d, -f1-4 "$OUT" >"$WORK/y"
has_lines "$WORK/y" <<'LINES'
SO-VH,2025,evaluation.rated,14
SO-VH,2025,evaluation.grade_a,2
SO-VH,2025,evaluation.not_completed,2
LINES
# on time: approved by the 5th of the next month
PARINDEX_NOW=2025-02-05T23:00:00+07:00 run evaluation import "$F/month.csv" --rules HN-3814
run metric values --unit SO-NV.P1 --period 2025-01 --metric evaluation.on_time --format csv
expect_out '^SO-NV.P1,2025-01,evaluation.on_time,1,' "approved on the 5th: on time"
# every change recomputes the metrics in its transaction: a new decision moves the year
printf 'staff_code,date,form,decision\nVH01,2025-06-01,warning,QĐ 7/QĐ-SVH\n' >"$WORK/d2.csv"
run discipline import "$WORK/d2.csv"
expect_rc 0 "one more decision"
run metric values --unit SO-VH --period 2025 --metric evaluation.not_completed --format csv
expect_out '^SO-VH,2025,evaluation.not_completed,3,' "the year's metric follows the register"

# ---- the monthly flow on the workflow mechanism: self, score, approve, reopen ----
for s in GT01 GT02 GT03 GT04 GT05; do
  run evaluation self --staff $s --month 2025-04 --points discipline=20,tasks=70,bonus=5
  expect_rc 0 "self-evaluation of $s"
done
run evaluation month --unit SO-GT --month 2025-04 --format csv
expect_out '^GT01,Cán bộ Giao thông 1,20,70,5,,,self_evaluated$' "self points shown, no total before approval"
run evaluation approve --unit SO-GT --month 2025-04
expect_rc 3 "approval before scoring"
expect_err 'còn 5 người chưa được chấm điểm' "who is not scored yet"
run evaluation score --staff GT01 --month 2025-04 --points discipline=25,tasks=x
expect_rc 3 "bad points typed"
expect_err 'discipline: điểm ngoài khoảng 0..20' "a point above its maximum, by field"
expect_err 'tasks: không phải số' "not a number, by field"
expect_err 'bonus: cần nhập điểm' "a missing field"
for s in GT01 GT02 GT03 GT04 GT05; do
  run evaluation score --staff $s --month 2025-04 --points discipline=20,tasks=70,bonus=5 --comment "tốt"
  expect_rc 0 "the manager scores $s"
done
run evaluation approve --unit SO-GT --month 2025-04
expect_rc 3 "five A of five"
expect_err 'không duyệt được: vượt tỷ lệ loại A của SO-GT tháng 2025-04: tối đa 1, có 5 \(GT01, GT02, GT03, GT04, GT05\)' "the quota refusal names cap, count, holders"
[ "$(count "SELECT count(*) FROM eval_month WHERE month = '2025-04' AND unit_code = 'SO-GT' AND state = 'approved'")" = 0 ] && ok || bad "a refused approval approves nobody"
for s in GT02 GT03 GT04 GT05; do
  run evaluation score --staff $s --month 2025-04 --points discipline=20,tasks=60,bonus=0
done
run evaluation approve --unit SO-GT --month 2025-04
expect_rc 0 "one A of five"
expect_out 'Đã duyệt 5 người' "everyone approved"
run evaluation month --unit SO-GT --month 2025-04 --format csv
expect_out '^GT01,Cán bộ Giao thông 1,20,70,5,95,A,approved$' "approved points are the manager's"
run evaluation self --staff GT01 --month 2025-04 --points discipline=20,tasks=70,bonus=5
expect_rc 3 "an approved month is locked"
run evaluation reopen --staff GT01 --month 2025-04
expect_rc 3 "reopening needs a reason"
run evaluation reopen --staff GT01 --month 2025-04 --reason "Sai sót điểm thưởng"
expect_rc 0 "the office reopens"
run evaluation month --unit SO-GT --month 2025-04 --format csv
expect_out '^GT01,Cán bộ Giao thông 1,20,70,5,,,scored$' "reopened to scored"
[ "$(count "SELECT count(*) FROM audit_log WHERE entity = 'eval_month' AND action = 'reopen' AND detail LIKE '%Sai sót%'")" = 1 ] && ok || bad "the reopening audited with its reason"

# ---- Decree 335 work items: the tasks points come from the month's items ----
run evaluation self --staff GT01 --month 2026-05 --points general=20
expect_rc 3 "a Decree 335 month without work items"
expect_err 'items: cần ít nhất một công việc' "at least one work item, by field"
run evaluation self --staff GT01 --month 2026-05 --points general=20,tasks=70 --items "Báo cáo=100/100/100"
expect_rc 3 "typed task points in a from-items month"
expect_err 'tasks: điểm nhiệm vụ được tính từ các công việc' "the tasks points are not typed"
run evaluation self --staff GT01 --month 2026-05 --points general=20 --items "Báo cáo=101/100/100;=50/50/50;Hồ sơ=50/x"
expect_rc 3 "bad work items"
expect_err 'item1.quantity: cần một số nguyên từ 0 đến 100' "a rate above 100 %, by item and field"
expect_err 'item2.title: cần tên công việc' "an item without a title"
expect_err 'item3.quality: cần một số nguyên từ 0 đến 100' "a rate not a number"
expect_err 'item3.progress: cần nhập tỷ lệ' "a rate missing"
[ "$(count "SELECT count(*) FROM eval_month WHERE month = '2026-05'")" = 0 ] && ok || bad "refused self-evaluations store nothing"
# exactly 90: general 20 + 70 x mean(100 x 3) -> excellent once approved
run evaluation self --staff GT01 --month 2026-05 --points general=20 --items "Báo cáo tháng=100/100/100;Hồ sơ một cửa=100/100/100"
expect_rc 0 "self-evaluation from items"
run evaluation month --unit SO-GT --month 2026-05 --format csv
expect_out '^GT01,Cán bộ Giao thông 1,20,70,,,self_evaluated$' "tasks = 70 x mean of all 100 %"
[ "$(count "SELECT count(*) FROM eval_item WHERE staff_code = 'GT01' AND month = '2026-05' AND stage = 'self'")" = 2 ] && ok || bad "the two items stored"
[ "$(count "SELECT count(*) FROM audit_log WHERE entity = 'eval_month' AND action = 'self' AND detail LIKE '%\"items\": 2%'")" = 1 ] && ok || bad "the items audited"
[ "$(count "SELECT count(*) FROM audit_log WHERE entity = 'eval_month' AND action = 'self' AND detail LIKE '%\"title\": \"Hồ sơ một cửa\", \"quantity\": 100%'")" = 1 ] && ok || bad "each item's title and rates audited"
# half a centi-point rounds up: 4 items summing 1197 % -> 70 x 1197/1200 = 69,825
run evaluation score --staff GT01 --month 2026-05 --points general=20 --items "A=100/100/100;B=100/100/100;C=100/100/100;D=100/100/97"
expect_rc 0 "the manager corrects the items"
run evaluation month --unit SO-GT --month 2026-05 --format csv
expect_out '^GT01,Cán bộ Giao thông 1,20,69.83,,,scored$' "69,825 rounds half up to 69,83"
[ "$(count "SELECT count(*) FROM eval_item WHERE staff_code = 'GT01' AND month = '2026-05' AND stage = 'manager'")" = 4 ] && ok || bad "the manager's items kept apart"
[ "$(count "SELECT count(*) FROM eval_item WHERE staff_code = 'GT01' AND month = '2026-05' AND stage = 'self'")" = 2 ] && ok || bad "the self items unchanged"

finish
