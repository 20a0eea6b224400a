#!/usr/bin/env bash
# PAR inspections from the command line (formats/inspections.md, a public
# contract): the plan import (all or nothing, every bad row at
# FILE:LINE:COLUMN, re-import of what has not started), every state of an
# inspection and of a recommendation and every refusal on the way (who
# may start, record, conclude, report, verify), photos by content and
# size, the follow-up list at the overdue boundary, a rejection back to
# open, the re-check of a merged unit's predecessor, the visibility of an
# unannounced inspection (absent for the inspected unit until it starts),
# a department's self-inspection of its divisions, and the inspection.*
# metrics at their boundaries. "Today" is fixed per step (PARINDEX_TODAY).
. "$(dirname "$0")/lib.sh"
F="$FIXTURES/inspections"
count() { sql "$1" | grep -E '^ *[0-9]+ *$' | head -1 | tr -d ' '; }
# metric UNIT PERIOD NAME: the stored value ("" when none)
metric() {
  "$PARINDEX" metric values --unit "$1" --format csv 2>/dev/null |
    awk -F, -v p="$2" -v m="inspection.$3" '$2 == p && $3 == m { print $4 }'
}
expect_metric() {
  local got
  got=$(metric "$1" "$2" "$3")
  if [ "$got" = "$4" ]; then ok; else bad "$5: $1 $2 inspection.$3 = '$got', expected '$4'"; fi
}
# visible LOGIN CODE: the inspection is in LOGIN's list and its show answers
listed() { "$PARINDEX" inspection list --as "$1" --format csv | grep -q "^$2,"; }

run init
run unit import "$F/units.csv"
expect_rc 0 "units"
printf 'long-password-1\n' >"$WORK/pw"
for u in "insp1 --role inspector" "insp2 --role inspector" "insp3 --role inspector" \
         "vhrep --role reporter --unit SO-VH" "p1rep --role reporter --unit SO-VH.P1" \
         "vhoff --role office --unit SO-VH" "vhinsp --role inspector --unit SO-VH" \
         "cityoff --role office" "leader --role leader" "nvrep --role reporter --unit SO-NV" \
         "hkrep --role reporter --unit P-HK"; do
  run user add $u <"$WORK/pw"
  expect_rc 0 "user add $u"
done

# ---- last year: an inspection of a ward merged on 01/07/2025 ------------------
export PARINDEX_TODAY=2025-03-03
run inspection import "$F/old.csv"
expect_rc 0 "the 2025 plan"
run inspection start KT-2025-09 --as insp1
expect_rc 0 "start the 2025 inspection"
run inspection finding KT-2025-09 --kind shortcoming --area procedure --text "Thiếu niêm yết TTHC" --as insp1
expect_rc 0 "a 2025 finding"
run inspection recommend KT-2025-09 --finding 1 --text "Niêm yết đủ TTHC" --due 2025-04-30 --as insp1
expect_rc 0 "a 2025 recommendation"
expect_out "recommendation 1" "the first recommendation is number 1"

# ---- rejections of the plan file: every rule, nothing stored ----------------
export PARINDEX_TODAY=2026-03-01
run inspection import "$F/plan.csv"
expect_rc 0 "the 2026 plan"
expect_out "3 đợt kiểm tra \(3 mới\)" "import summary"
run inspection list --format csv
cp "$OUT" "$WORK/list-before.csv"
run inspection import "$F/bad.csv"
expect_rc 3 "a bad plan file exits 3"
cp "$ERR" "$WORK/bad.err"
while IFS= read -r want; do
  if grep -qF -- "$want" "$WORK/bad.err"; then ok; else bad "bad.csv lacks: $want"; fi
done <<'LINES'
bad.csv:2:3: cột unit_code: không có đơn vị này: "SO-XX" | column unit_code: unknown unit: "SO-XX"
bad.csv:3:3: cột unit_code: đơn vị không hoạt động trong năm kiểm tra: "Q-HK" | column unit_code: the unit is not active in the inspection's year: "Q-HK"
bad.csv:4:4: cột kind: giá trị không hợp lệ: "surprise"
bad.csv:5:5: cột planned_from: ngày không hợp lệ, cần dạng YYYY-MM-DD: "15/07/2026"
bad.csv:6:6: cột planned_to: trước ngày bắt đầu dự kiến | column planned_to: before planned_from
bad.csv:7:5: cột planned_from: không thuộc năm của kế hoạch kiểm tra | column planned_from: not in the inspection plan's year
bad.csv:8:7: cột lead: không có người dùng này với vai trò inspector hoặc office bao gồm đơn vị: "nobody"
bad.csv:9:7: cột lead: không có người dùng này với vai trò inspector hoặc office bao gồm đơn vị: "vhrep"
bad.csv:10:8: cột members: không có người dùng này với vai trò inspector hoặc office bao gồm đơn vị: "ghost"
bad.csv:11:9: cột places: giá trị không hợp lệ: "market"
bad.csv:12:10: cột areas: giá trị không hợp lệ: "tourism"
bad.csv:13:11: cột checklist: không có mẫu danh mục kiểm tra này: "kiosk" | column checklist: no such checklist template: "kiosk"
bad.csv:14:8: cột members: trưởng đoàn đã có ở cột lead: "insp1" | column members: the lead is already in column lead: "insp1"
bad.csv:16:1: cột inspection_code: mã đợt kiểm tra trùng trong tệp: "KT-B-15"
bad.csv:17:7: thiếu giá trị bắt buộc ở cột lead | missing required value in column lead
bad.csv:19:2: cột year: số nằm ngoài khoảng cho phép: "1999"
bad.csv:20:1: cột inspection_code: mã chỉ gồm chữ cái không dấu, chữ số và . _ - /: "KT B 20"
LINES
n=$(wc -l <"$WORK/bad.err")
if [ "$n" -eq 17 ]; then ok; else bad "bad.csv: $n messages, expected 17 (one per bad row)"; fi
run inspection list --format csv
expect_same "$WORK/list-before.csv" "nothing stored after a refused import"
printf 'inspection_code,year,unit_code\nKT-X,2026,SO-VH\n' >"$WORK/nocols.csv"
run inspection import "$WORK/nocols.csv"
expect_rc 3 "missing required columns"
expect_err 'nocols.csv:1:.*kind' "a missing column named on line 1"

# ---- visibility: an unannounced inspection before its start -----------------
# KT-2026-02 (SO-VH, unannounced, lead insp1) exists for the team and the
# city's office, leaders and administrators only
for who in insp1 cityoff leader; do
  if listed "$who" KT-2026-02; then ok; else bad "$who should see KT-2026-02"; fi
done
for who in vhrep vhoff p1rep insp2 nvrep; do
  if listed "$who" KT-2026-02; then bad "$who sees KT-2026-02 before its start"; else ok; fi
  run inspection show KT-2026-02 --as "$who" --format json
  expect_rc 1 "$who: show answers not found"
  expect_err "no such inspection" "$who: the same answer as for a code that does not exist"
  run inspection show KT-2026-02 --as "$who"
  if grep -q "KT-2026-02" "$OUT"; then bad "$who: the code in the output"; else ok; fi
done
# the scheduled one is the unit's to see from the import
if listed vhrep KT-2026-01; then ok; else bad "vhrep should see the scheduled KT-2026-01"; fi
run inspection show KT-2026-01 --as vhrep --format json
expect_rc 0 "the unit sees its scheduled inspection"
run inspection start KT-2026-02 --as vhrep
expect_rc 1 "a verb on an inspection the unit cannot see: not found, not forbidden"
expect_err "not found" "not found"

# ---- re-import: what has not started is updated -------------------------------
sed 's/2026-07-15,2026-07-15/2026-07-20,2026-07-21/' "$F/plan.csv" >"$WORK/plan2.csv"
run inspection import "$WORK/plan2.csv"
expect_rc 0 "re-import"
expect_out "3 đợt kiểm tra \(0 mới\)" "three updated, none new"
run inspection list --format csv
expect_out '^KT-2026-02,2026,SO-VH,unannounced,2026-07-20,2026-07-21,insp1,,planned' "the new dates"

# ---- a department's self-inspection of its division ---------------------------
printf 'inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist\nTKT-VH-01,2026,SO-VH.P1,unannounced,2026-05-06,2026-05-06,vhinsp,,office,procedure,office\n' >"$WORK/self.csv"
printf 'inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist\nTKT-VH-02,2026,SO-NV,scheduled,2026-05-06,2026-05-06,insp1,,office,procedure,office\n' >"$WORK/other.csv"
run inspection import "$WORK/other.csv" --as vhoff
expect_rc 3 "a department office cannot plan another department"
expect_err 'other.csv:2:3: .*your office grant does not cover this unit' "at the unit's cell"
run inspection import "$WORK/self.csv" --as p1rep
expect_rc 3 "a reporter cannot plan inspections"
run inspection import "$WORK/self.csv" --as vhoff
expect_rc 0 "the department plans its own division"
if listed vhoff TKT-VH-01; then ok; else bad "the planning department sees its self-inspection"; fi
if listed vhinsp TKT-VH-01; then ok; else bad "its lead sees it"; fi
if listed p1rep TKT-VH-01; then bad "the division sees the unannounced self-inspection"; else ok; fi

# ---- on site: KT-2026-01 (scheduled, SO-VH, lead insp1, member insp2) --------
export PARINDEX_TODAY=2026-03-10
run inspection check KT-2026-01 --item OS-1 --result compliant --as insp1
expect_rc 3 "no checklist before the start"
expect_err 'cannot record a checklist item in state "planned"' "the state says why"
run inspection conclude KT-2026-01 --number 1/KL --date 2026-03-10 --as insp1
expect_rc 3 "no conclusion before the start"
run inspection start KT-2026-01 --as vhrep
expect_rc 2 "a reporter cannot start"
expect_err "only the team lead may do this" "why"
run inspection start KT-2026-01 --as insp2
expect_rc 2 "a member is not the lead"
run inspection start KT-2026-01 --as insp3
expect_rc 1 "an inspector not on the team does not even see it"
run inspection start KT-2026-01 --as insp1
expect_rc 0 "the lead starts"
run inspection list --format csv
expect_out '^KT-2026-01,.*,started,2026-03-10 [0-9][0-9]:[0-9][0-9],' "arrival time recorded"
run inspection start KT-2026-01 --as insp1
expect_rc 3 "start twice"
expect_err 'cannot start the inspection \(arrival time\) in state "started"' "why"
run inspection show KT-2026-01 --format json
expect_out '"item": "OS-1", "text": "Thủ tục hành chính được niêm yết' "the one-stop checklist"
expect_out '"item": "OS-2", "text": "Có văn bản xin lỗi công dân' "apology letters"
run inspection check KT-2026-01 --item OS-1 --result compliant --note "Đủ 45 TTHC" --as insp2
expect_rc 0 "a member ticks an item"
run inspection check KT-2026-01 --item OS-2 --result non_compliant --as insp3
expect_rc 1 "an inspector not on the team cannot write"
run inspection check KT-2026-01 --item OS-9 --result compliant --as insp1
expect_rc 3 "an item not in the checklist"
run inspection check KT-2026-01 --item OS-2 --result maybe --as insp1
expect_rc 3 "a result that is not a word of the contract"
# photos: content decides, not the name; a size limit
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\2\0\0\0' >"$WORK/desk.png"
printf '\xff\xd8\xff\xe0\0\x10JFIF\0\1\1\0\0\1\0\1\0\0' >"$WORK/badge.jpg"
printf '#!/bin/sh\nrm -rf /\n' >"$WORK/script.jpg"
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' >"$WORK/x.svg"
printf '%%PDF-1.4\n%%\n' >"$WORK/doc.pdf"
run inspection check KT-2026-01 --item OS-3 --result compliant --photo "$WORK/desk.png" --as insp1
expect_rc 0 "a PNG photo"
run inspection check KT-2026-01 --item OS-3 --result compliant --photo "$WORK/badge.jpg" --as insp1
expect_rc 0 "a JPEG photo"
run inspection check KT-2026-01 --item OS-4 --result compliant --photo "$WORK/script.jpg" --as insp1
expect_rc 3 "a script named .jpg"
expect_err "photos must be JPEG or PNG" "why"
run inspection check KT-2026-01 --item OS-4 --result compliant --photo "$WORK/x.svg" --as insp1
expect_rc 3 "an SVG"
run inspection check KT-2026-01 --item OS-4 --result compliant --photo "$WORK/doc.pdf" --as insp1
expect_rc 3 "a PDF is not a photo"
sql "INSERT INTO setting(name, value) VALUES ('evidence_max_bytes', '16')" >/dev/null
run inspection check KT-2026-01 --item OS-4 --result compliant --photo "$WORK/badge.jpg" --as insp1
expect_rc 3 "an oversized photo"
expect_err "too large: 20 bytes, at most 16" "why"
sql "DELETE FROM setting WHERE name = 'evidence_max_bytes'" >/dev/null
[ "$(count "SELECT count(*) FROM inspection_evidence")" = 2 ] && ok || bad "two photos stored, the refused ones not"
run inspection show KT-2026-01 --format json
expect_out '"item": "OS-3", [^}]*"result": "compliant", [^}]*"files": 2' "both photos on the item"
expect_out '"item": "OS-4", [^}]*"result": null' "a refused check changes nothing"

# findings and recommendations
run inspection finding KT-2026-01 --kind shortcoming --area procedure --text "Chưa niêm yết 3 TTHC mới" --as insp2
expect_rc 0 "a shortcoming"
expect_out "finding 1" "finding 1"
run inspection finding KT-2026-01 --kind violation --area digital --text "Hồ sơ trễ hạn không có văn bản xin lỗi" --criterion 2.3 --as insp1
expect_rc 0 "a violation with a criterion"
run inspection finding KT-2026-01 --kind good_practice --area digital --text "Ki-ốt tra cứu hồ sơ" --as insp1
expect_rc 0 "a good practice"
run inspection finding KT-2026-01 --kind rumour --area digital --text "x" --as insp1
expect_rc 3 "a kind that is not a word of the contract"
run inspection finding KT-2026-01 --kind shortcoming --area tourism --text "x" --as insp1
expect_rc 3 "an unknown area"
run inspection finding KT-2026-01 --kind shortcoming --area digital --text "x" --as vhrep
expect_rc 2 "the unit cannot record findings on itself"
run inspection recommend KT-2026-01 --finding 1 --text "Niêm yết đủ TTHC" --due 2026-03-31 --as insp1
expect_rc 0 "recommendation A"
expect_out "recommendation 2" "A is 2"
run inspection recommend KT-2026-01 --finding 2 --text "Gửi văn bản xin lỗi" --due 2026-04-15 --unit SO-VH.P1 --as insp1
expect_rc 0 "recommendation B to a division"
run inspection recommend KT-2026-01 --finding 1 --text "Rà soát quy trình" --due 2026-03-20 --as insp1
expect_rc 0 "recommendation C"
run inspection recommend KT-2026-01 --finding 1 --text "x" --due 2026-03-31 --unit SO-NV --as insp1
expect_rc 3 "a responsible unit outside the inspected one"
expect_err "the responsible unit must be the inspected unit or below it" "why"
run inspection recommend KT-2026-01 --finding 9 --text "x" --due 2026-03-31 --as insp1
expect_rc 3 "no such finding"
run inspection recommend KT-2026-01 --finding 1 --text "x" --due 2026-03-09 --as insp1
expect_rc 3 "a due date in the past"
run inspection conclude KT-2026-01 --number 15/KL-SNV --date 2026-03-10 --as insp2
expect_rc 2 "a member cannot conclude"
run inspection conclude KT-2026-01 --number 15/KL-SNV --date 2026-03-11 --as insp1
expect_rc 3 "a conclusion dated tomorrow"
run inspection conclude KT-2026-01 --number 15/KL-SNV --date 2026-03-10 --summary "Cơ bản thực hiện tốt" --as insp1
expect_rc 0 "the lead concludes"
run inspection finding KT-2026-01 --kind shortcoming --area digital --text "x" --as insp1
expect_rc 3 "no finding after the conclusion"
run inspection close KT-2026-01 --as insp1
expect_rc 3 "no close while recommendations are open"

# ---- follow-up: the overdue boundary ---------------------------------------------
export PARINDEX_TODAY=2026-03-31
run recommendation list --state overdue --as-of 2026-03-31 --format csv
expect_out '^4,KT-2026-01,SO-VH,SO-VH,Rà soát quy trình,2026-03-20,open,yes,11,' "C is 11 days overdue"
if grep -q '^2,' "$OUT"; then bad "A due today is not overdue yet"; else ok; fi
run recommendation list --state overdue --as-of 2026-04-01 --format csv
expect_out '^2,KT-2026-01,.*,2026-03-31,open,yes,1,' "A the day after: 1 day overdue"
run recommendation list --unit SO-VH.P1 --format csv
expect_out '^3,KT-2026-01,SO-VH,SO-VH.P1,' "the division's list has B"
[ "$(grep -c '^[0-9]' "$OUT")" = 1 ] && ok || bad "only B under SO-VH.P1"
run recommendation list --state late --format csv
expect_rc 2 "a state that is not a word"

# remediation by the responsible unit only
run recommendation report 2 --date 2026-03-31 --note "Đã niêm yết" --as nvrep
expect_rc 1 "another department: not even visible"
run recommendation report 2 --date 2026-03-31 --note "Đã niêm yết" --as p1rep
if [ "$RC" -ne 0 ]; then ok; else bad "a division's reporter cannot report for its department"; fi
run recommendation report 2 --date 2026-03-31 --note "Đã niêm yết" --as insp1
expect_rc 2 "an inspector does not report remediation"
run recommendation report 2 --date 2026-04-01 --note "x" --as vhrep
expect_rc 3 "a remediation dated tomorrow"
run recommendation report 2 --date 2026-03-31 --note "Đã niêm yết đủ" --file "$WORK/doc.pdf" --as vhrep
expect_rc 0 "the unit reports A with a document"
run recommendation report 2 --date 2026-03-31 --note "again" --as vhrep
expect_rc 3 "reported twice"
run recommendation report 3 --date 2026-03-31 --note "Đã gửi" --as vhrep
expect_rc 0 "the department reports for its division (its subtree)"

export PARINDEX_TODAY=2026-04-02
run recommendation verify 2 --accept --as vhrep
expect_rc 2 "the unit cannot verify itself"
run recommendation verify 2 --accept --as insp2
expect_rc 2 "a member is not the lead"
run recommendation verify 2 --accept --as insp1
expect_rc 0 "the lead accepts A"
run recommendation verify 3 --reject --as insp1
expect_rc 3 "a rejection needs a reason"
run recommendation verify 3 --reject --reason "Chưa có bản sao văn bản" --as insp1
expect_rc 0 "the lead rejects B"
run recommendation list --format csv
expect_out '^3,KT-2026-01,SO-VH,SO-VH.P1,Gửi văn bản xin lỗi,2026-04-15,open,no,,,$' "B is open again, its report gone"
expect_out '^2,.*,accepted,no,,2026-03-31,2026-04-02$' "A accepted"
run recommendation verify 3 --accept --as insp1
expect_rc 3 "an open recommendation cannot be accepted"

# ---- re-check through a merged unit's predecessor --------------------------------
# P-HK succeeds Q-HK.1 (01/07/2025): KT-2025-09's recommendation joins KT-2026-03
run inspection start KT-2026-03 --as insp2
expect_rc 0 "start at the merged ward"
run inspection show KT-2026-03 --format json
expect_out '"item": "R1", "text": "Kiểm tra lại kiến nghị 1 của KT-2025-09: Niêm yết đủ TTHC", "result": null, "note": "", "recheck": 1, "remedied": false' "the predecessor's recommendation"
run inspection check KT-2026-03 --item R1 --result compliant --note "Đã niêm yết" --as insp2
expect_rc 0 "found remedied"
run inspection conclude KT-2026-03 --number 20/KL --date 2026-04-02 --as insp2
expect_rc 0 "conclude"
run inspection show KT-2026-03 --format json
expect_out '"recheck": 1, "remedied": true' "the conclusion records it remedied"
sql "SELECT detail FROM audit_log WHERE action = 'conclude' AND entity_key = 'KT-2026-03'" >"$WORK/audit" 2>/dev/null ||
  sql "SELECT * FROM audit_log WHERE action = 'conclude'" >"$WORK/audit"
if grep -q '"rechecked": \[{"recommendation": 1, "remedied": true}\]' "$WORK/audit"; then ok; else
  bad "the conclusion's audit entry names the re-checked recommendation"; fi

# the conclusion as a Decree 30 document
run report inspection KT-2026-03 --out "$WORK/kl.pdf"
expect_rc 0 "the conclusion's PDF"
if [ "$(head -c 4 "$WORK/kl.pdf")" = "%PDF" ]; then ok; else bad "a PDF file"; fi
if command -v pdftotext >/dev/null; then
  pdftotext "$WORK/kl.pdf" - >"$WORK/kl.txt"
  grep -q "KẾT LUẬN KIỂM TRA" "$WORK/kl.txt" && ok || bad "the kind of document"
  grep -q "Số: 20/KL" "$WORK/kl.txt" && ok || bad "its number"
  grep -q "trong đó 1 kiến nghị đã khắc phục" "$WORK/kl.txt" && ok || bad "the re-check counted remedied"
fi
run report inspection KT-2026-02 --out "$WORK/none.pdf"
expect_rc 3 "no conclusion yet"
expect_err "has no conclusion yet" "why"
[ ! -e "$WORK/none.pdf" ] && ok || bad "no file left behind"
export PARINDEX_TODAY=2026-04-20
run recommendation report 4 --date 2026-04-20 --note "Đã rà soát" --as vhrep
expect_rc 0 "C reported late"
run recommendation verify 4 --accept --as insp1
expect_rc 0 "C accepted after its due date"

# ---- metrics at their boundaries (SO-VH) -------------------------------------------
expect_metric SO-VH 2026-03 count 1 "started in March"
expect_metric SO-VH 2026-04 count 0 "none started in April"
expect_metric SO-VH 2026 count 1 "the year"
expect_metric SO-VH 2026 unannounced 0 "KT-2026-01 was scheduled"
expect_metric SO-VH 2026-03 shortcomings 1 "one shortcoming"
expect_metric SO-VH 2026-03 violations 1 "one violation"
expect_metric SO-VH 2026-03 good_practices 1 "one good practice"
expect_metric SO-VH 2026-03 recommendations 3 "three recommendations"
# March is over: C (due 20/03) was not accepted by 31/03; A due 31/03 is not overdue on its due day
expect_metric SO-VH 2026-03 recommendations_overdue 1 "March: C"
# April is not over: judged today (20/04): B (due 15/04, open) is; C accepted today is not
expect_metric SO-VH 2026-04 recommendations_overdue 1 "April so far: B"
expect_metric SO-VH 2026-02 recommendations_overdue 0 "before any recommendation"
# remedied on time: A (reported 31/03 = due, accepted) yes; C (reported after due) no
expect_metric SO-VH 2026-03 remedy_rate 0.5 "March: A of A and C"
expect_metric SO-VH 2026-04 remedy_rate 0 "April: B rejected"
expect_metric SO-VH 2026-05 remedy_rate "" "May: nothing due, missing"

# ---- into the index: a penalty node over inspection.recommendations_overdue --------
run framework import "$F/framework.json"
expect_rc 0 "a framework with an inspection penalty"
run score --framework DEPT-2026-KT --format csv
expect_out '^[0-9]*,SO-VH,Sở Văn hóa và Thể thao,9.5,10,95,A,' "B overdue on 20/04: -0.5 point"
run explain --framework DEPT-2026-KT --unit SO-VH
expect_out 'inspection.recommendations_overdue' "explain names the metric that cost the points"
# ... and the recommendation that cost them: B (3), due 15/04, open; not A
# (accepted) nor C (accepted today)
run explain --framework DEPT-2026-KT --unit SO-VH --format csv
expect_out '"KT-2026-01 \(theo kế hoạch, [^)]*\): kiến nghị 3 «Gửi văn bản xin lỗi», hạn 15/04/2026, chưa khắc phục: quá hạn \| \(scheduled, [^)]*\): recommendation 3 ""Gửi văn bản xin lỗi"", due 2026-04-15, open: overdue"$' \
  "explain names B: inspection, number, text, due date, state"
if grep -q 'kiến nghị [12] ' "$OUT"; then bad "explain names a recommendation that costs nothing"; else ok; fi
# a bonus over inspection.count names the unit's inspections of the year, as
# the reader may see them: the unannounced KT-2026-02 has not started
run framework import "$F/framework-explain.json"
expect_rc 0 "a framework over inspection.count"
run --as cityoff explain --framework DEPT-2026-EXPLAIN --unit SO-VH --format csv
expect_out '^KC,.*KT-2026-01 \(theo kế hoạch, .*KT-2026-02 \(đột xuất, chưa tiến hành\), dự kiến 20/07/2026' \
  "the city office sees both of SO-VH's inspections"
for who in vhrep vhoff; do
  run --as "$who" explain --framework DEPT-2026-EXPLAIN --unit SO-VH --format csv
  expect_out '^KC,.*KT-2026-01 \(theo kế hoạch, ' "$who: explain names the scheduled inspection"
  if grep -q 'KT-2026-02' "$OUT"; then bad "$who: explain reveals the unannounced KT-2026-02"; else ok; fi
done

# ---- the unannounced one starts: from then on the unit sees it -------------------
run inspection start KT-2026-02 --as insp1
expect_rc 0 "the unannounced inspection starts"
for who in vhrep vhoff; do
  if listed "$who" KT-2026-02; then ok; else bad "$who sees KT-2026-02 once started"; fi
done
expect_metric SO-VH 2026-04 unannounced 1 "an unannounced inspection in April"
expect_metric SO-VH 2026-04 count 1 "started in April"
# its checklist re-checks the recommendation of KT-2026-01 not accepted (B)
run inspection show KT-2026-02 --format json
expect_out '"item": "R3", "text": "Kiểm tra lại kiến nghị 3 của KT-2026-01' "B is re-checked"
if grep -q '"item": "R2"' "$OUT"; then bad "accepted A is not re-checked"; else ok; fi

# ---- the state machine to its end -------------------------------------------
export PARINDEX_TODAY=2026-04-25
run recommendation report 3 --date 2026-04-25 --note "Đã gửi kèm bản sao" --as p1rep
expect_rc 0 "the division reports B itself"
run recommendation verify 3 --accept --as insp1
expect_rc 0 "B accepted: the last one"
run inspection list --format csv
expect_out '^KT-2026-01,.*,closed,' "closed with its last recommendation accepted"
run inspection close KT-2026-01 --as insp1
expect_rc 3 "closed already"

finish
