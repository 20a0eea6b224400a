#!/usr/bin/env bash
# PAPI import (docs/papi.md): the published provincial dimension scores as
# papi.<dimension> and papi.total metrics of a root unit. A good file
# (decimal comma and point, the range's ends 1 and 10, a dimension code in
# capitals), every rejection rule at its FILE:LINE:COLUMN in Vietnamese and
# English, nothing stored after a bad file, a re-import unchanged, a
# corrected score audited with both numbers, and the values through
# `metric values`. Runs on SQLite and (pg.cli.test_papi) on PostgreSQL.
. "$(dirname "$0")/lib.sh"
F="$FIXTURES/papi"
count() { sql "$1" | grep -E '^ *[0-9]+ *$' | head -1 | tr -d ' '; }

run init
run unit import "$F/units.csv"
expect_rc 0 "units"

# ---- rejections: every rule, every row, nothing stored --------------------
audit0=$(count "SELECT count(*) FROM audit_log")
run papi import "$F/bad.csv"
expect_rc 3 "a bad PAPI file exits 3"
expect_err 'bad.csv:2:4: cột score: 0,5 nằm ngoài thang điểm của chiều \(1 đến 10\) \| column score: 0,5 is outside' "below the range (decimal comma)"
expect_err 'bad.csv:3:4: cột score: 10.5 nằm ngoài thang điểm .* is outside the dimension.s range \(1 to 10\)' "above the range"
expect_err 'bad.csv:4:4: cột score: "abc" không phải là số .* is not a number' "not a number"
expect_err 'bad.csv:5:3: cột dimension: không có chiều PAPI "bribery" .*no PAPI dimension "bribery"' "unknown dimension"
expect_err 'bad.csv:6:1: thiếu giá trị bắt buộc ở cột province' "empty province"
expect_err 'bad.csv:7:2: cột year: .*"20x2"' "bad year"
expect_err 'bad.csv:8:1: cột province: không có đơn vị mã "XX" trong danh mục \| column province: no unit with code "XX"' "unknown province"
expect_err 'bad.csv:9:1: cột province: "SO-NV" không phải cấp tỉnh, thành phố .*is not a province or city' "a unit that is not a root"
expect_err 'bad.csv:11:3: dòng lặp lại: HN, 2022, corruption đã có ở dòng 10 \| repeated row: HN, 2022, corruption is already on line 10' "duplicate row"
expect_err 'bad.csv:10:3: HN năm 2022 thiếu chiều participation, transparency, accountability, procedures, services, environment, egovernance .*HN 2022 lacks dimension' "incomplete province-year"
expect_err '12 lỗi; không có gì thay đổi \| 12 error\(s\); nothing changed' "all problems counted, nothing changed"
run papi import "$F/nocolumn.csv"
expect_rc 3 "a file without the score column"
expect_err 'nocolumn.csv:1:1: thiếu cột bắt buộc "score" \| missing required column "score"' "missing column at line 1"
# one bad score in an otherwise complete year stops the whole file
sed 's/^HN,2024,services,5,$/HN,2024,services,"10,01",/' "$F/good.csv" >"$WORK/one-bad.csv"
run papi import "$WORK/one-bad.csv"
expect_rc 3 "one score out of range"
expect_err 'one-bad.csv:15:4: cột score: 10,01 nằm ngoài' "10,01 is above 10"
[ "$(count "SELECT count(*) FROM metric_value")" = 0 ] && ok || bad "a bad file stored values"
[ "$(count "SELECT count(*) FROM audit_log")" = "$audit0" ] && ok || bad "a bad file wrote audit entries"

# ---- a good file ---------------------------------------------------------
run papi import "$F/good.csv"
expect_rc 0 "good file"
expect_out 'Đã nhập 18 giá trị PAPI: 18 mới, 0 cập nhật, 0 không đổi' "8 dimensions and a total per year"
run metric values --unit HN --metric papi.total --format csv
expect_out '^HN,2023,papi.total,42.75,PAPI 2023 \(thử nghiệm\),' "2023 total = sum of the 8 (comma and point decimals)"
expect_out '^HN,2024,papi.total,41,PAPI,' "2024 total, default source"
run metric values --unit HN --period 2023 --format csv
expect_out '^HN,2023,papi.participation,5.125,' "decimal comma 5,125"
expect_out '^HN,2023,papi.transparency,5.5,' "decimal comma 5,5"
expect_out '^HN,2023,papi.egovernance,3.25,' "decimal point"
run metric values --unit HN --period 2024 --format csv
expect_out '^HN,2024,papi.participation,1,' "the range's lower end, dimension code in capitals"
expect_out '^HN,2024,papi.transparency,10,' "the range's upper end"
[ "$(grep -c ',papi\.' "$OUT")" = 9 ] && ok || bad "2024: 9 papi values, got $(grep -c ',papi\.' "$OUT")"
run metric list --format csv
expect_out '^papi.corruption,Kiểm soát tham nhũng trong khu vực công,Control of corruption in the public sector,' "catalogue names"
[ "$(count "SELECT count(*) FROM audit_log WHERE entity = 'metric_value' AND entity_key LIKE 'HN/%/papi.%'")" = 18 ] \
  && ok || bad "every value audited"

# the same file again changes nothing; a corrected score replaces the old one
run papi import "$F/good.csv"
expect_rc 0 "re-import"
expect_out '0 mới, 0 cập nhật, 18 không đổi' "re-import unchanged"
sed 's/^HN,2024,services,5,$/HN,2024,services,"6,5",/' "$F/good.csv" >"$WORK/corrected.csv"
run papi import "$WORK/corrected.csv"
expect_rc 0 "corrected file"
expect_out '0 mới, 2 cập nhật, 16 không đổi' "the score and the total updated"
run metric values --unit HN --metric papi.total --period 2024 --format csv
expect_out '^HN,2024,papi.total,42.5,' "total follows the corrected score"
[ "$(count "SELECT count(*) FROM audit_log WHERE action = 'update' AND entity_key = 'HN/2024/papi.services' AND detail LIKE '%\"value\": 6.5, \"old\": 5%'")" = 1 ] \
  && ok || bad "the correction audited with both numbers"
run audit verify
expect_rc 0 "audit chain intact"

# ---- XLSX: numbers as real cells, errors at the sheet row and column ------
# xlsx OUT ROW...: a one-sheet workbook; each ROW is "province,year,
# dimension,score" (year and score number cells, the others inline strings)
xlsx() {
  local out=$1 d="$WORK/xlsx" r=1 p y m s
  shift
  rm -rf "$d"; mkdir -p "$d/_rels" "$d/xl/_rels" "$d/xl/worksheets"
  local ns=http://schemas.openxmlformats.org
  local rel=$ns/officeDocument/2006/relationships
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="%s/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>\n' "$ns" >"$d/[Content_Types].xml"
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="%s/package/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>\n' "$ns" "$rel" >"$d/_rels/.rels"
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="%s/spreadsheetml/2006/main" xmlns:r="%s"><sheets><sheet name="PAPI" sheetId="1" r:id="rId1"/></sheets></workbook>\n' "$ns" "$rel" >"$d/xl/workbook.xml"
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="%s/package/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>\n' "$ns" "$rel" >"$d/xl/_rels/workbook.xml.rels"
  {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="%s/spreadsheetml/2006/main"><sheetData>' "$ns"
    printf '<row r="1"><c r="A1" t="inlineStr"><is><t>province</t></is></c><c r="B1" t="inlineStr"><is><t>year</t></is></c><c r="C1" t="inlineStr"><is><t>dimension</t></is></c><c r="D1" t="inlineStr"><is><t>score</t></is></c></row>'
    for row in "$@"; do
      r=$((r + 1))
      IFS=, read -r p y m s <<<"$row"
      printf '<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d"><v>%s</v></c><c r="C%d" t="inlineStr"><is><t>%s</t></is></c><c r="D%d"><v>%s</v></c></row>' \
        "$r" "$r" "$p" "$r" "$y" "$r" "$m" "$r" "$s"
    done
    printf '</sheetData></worksheet>\n'
  } >"$d/xl/worksheets/sheet1.xml"
  rm -f "$out"; (cd "$d" && zip -X -q -r "$out" .)
}
rows=()
i=0
for dim in participation transparency accountability corruption procedures services environment egovernance; do
  i=$((i + 1)); rows+=("HN,2025,$dim,$i.25")
done
xlsx "$WORK/papi-2025.xlsx" "${rows[@]}"
run papi import "$WORK/papi-2025.xlsx"
expect_rc 0 "XLSX file"
expect_out 'Đã nhập 9 giá trị PAPI: 9 mới' "XLSX: 8 dimensions and the total, new"
run metric values --unit HN --metric papi.total --period 2025 --format csv
expect_out '^HN,2025,papi.total,38,PAPI,' "XLSX total 1.25 + ... + 8.25 = 38"
rows[2]="HN,2025,accountability,10.25"
xlsx "$WORK/papi-bad.xlsx" "${rows[@]}"
run papi import "$WORK/papi-bad.xlsx"
expect_rc 3 "XLSX with a score above 10"
expect_err 'papi-bad.xlsx:4:4: cột score: 10.25 nằm ngoài thang điểm' "sheet row 4, column D"
run metric values --unit HN --metric papi.accountability --period 2025 --format csv
expect_out '^HN,2025,papi.accountability,3.25,' "nothing changed by the bad workbook"

finish
