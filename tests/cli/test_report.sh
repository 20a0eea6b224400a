#!/usr/bin/env bash
# parindex report: XLSX read back by an independent reader (Debian's
# python3-openpyxl) and checked cell by cell against `score --format csv`;
# PDFs turned into text by pdftotext (poppler-utils) and checked for the
# Vietnamese names, the decimal comma, the Decree 30 frame, the table
# header repeated on the next page and "Trang x/y"; page 1 rendered to PNG
# with pdftoppm and kept (screenshots/ beside the binary); the same bytes
# on a second run; every bad input: exit 2 or 3, a bilingual message, no
# file and no temporary file left, an existing file untouched.
. "$(dirname "$0")/lib.sh"
export PARINDEX_NOW=2026-12-03T02:00:00Z
# Debian's interpreter has python3-openpyxl (a pyenv shim may come first)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
SHOTS="$(dirname "$PARINDEX")/screenshots"
mkdir -p "$SHOTS"
D="$WORK/out.d"
mkdir -p "$D"

run demo
expect_rc 0 "demo"

# --- ranking as XLSX, against score --format csv
run score --framework HN-DEPT-2025 --format csv
expect_rc 0 "score csv"
cp "$OUT" "$WORK/score.csv"
run report ranking --framework HN-DEPT-2025 --out "$D/ranking.xlsx"
expect_rc 0 "report ranking xlsx"
expect_out "ranking.xlsx" "names the file written"
cat >"$WORK/check_ranking.py" <<'EOF'
import csv, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
fails = []
def need(cond, what):
    if not cond:
        fails.append(what)
need(wb.sheetnames == ["Xếp hạng", "Thông tin"], "sheets %r" % wb.sheetnames)
ws = wb["Xếp hạng"]
need(ws.freeze_panes == "A2", "frozen header row: %r" % ws.freeze_panes)
need(ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), "autofilter %r" % ws.auto_filter.ref)
head = [c.value for c in ws[1]]
need(head[0] == "Hạng" and head[2] == "Đơn vị" and head[5] == "Chỉ số (%)", "header %r" % head[:6])
need(ws.column_dimensions["C"].width >= 30, "unit name column width")
data = list(ws.iter_rows(min_row=2))
need(len(data) == len(rows), "rows %d vs csv %d" % (len(data), len(rows)))
cols = list(rows[0].keys())
ndom = sum(1 for c in cols if c.startswith("c:"))
def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))
for r, x in zip(data, rows):
    code = x["unit_code"]
    need(r[1].value == code and r[1].data_type == "s", "%s code" % code)
    need(r[2].value == x["unit_name"], "%s name %r" % (code, r[2].value))
    if x["rank"]:
        need(r[0].data_type == "n" and r[0].value == int(x["rank"]), "%s rank %r" % (code, r[0].value))
        need(r[0].number_format == "#,##0", "%s rank format %r" % (code, r[0].number_format))
    else:
        need(r[0].value is None, "%s unranked" % code)
    for i, k in ((3, "points"), (4, "max")):
        need(r[i].data_type == "n" and close(r[i].value, float(x[k])), "%s %s" % (code, k))
        need(r[i].number_format == "0.00", "%s %s format %r" % (code, k, r[i].number_format))
    if x["index"]:
        need(r[5].data_type == "n" and close(r[5].value * 100, float(x["index"])), "%s index %r" % (code, r[5].value))
        need(r[5].number_format == "0.00%", "%s index format %r" % (code, r[5].number_format))
    else:
        need(r[5].value is None, "%s index empty" % code)
    need((r[6].value or "") == x["grade"], "%s grade" % code)
    need(r[7].value == x["status"], "%s status" % code)
    for t in range(ndom):
        v = x[cols[8 + t]]
        need((r[8 + t].value is None) if v == "" else close(r[8 + t].value, float(v)), "%s %s" % (code, cols[8 + t]))
    need(r[8 + ndom].value == int(x["missing"]), "%s missing" % code)
info = {r[0]: r[1] for r in wb["Thông tin"].iter_rows(values_only=True)}
need(info.get("Thời điểm xuất | Exported at (UTC)") == "2026-12-03T02:00:00Z", "export time %r" % info)
need("HN-DEPT-2025" in (info.get("Nguồn | Source") or ""), "source %r" % info.get("Nguồn | Source"))
need("chưa công bố" in (info.get("Phiên bản | Version") or ""), "version %r" % info.get("Phiên bản | Version"))
for f in fails[:20]:
    print("xlsx:", f)
sys.exit(1 if fails else 0)
EOF
checked "ranking XLSX cells equal score --format csv" "$PY" "$WORK/check_ranking.py" "$D/ranking.xlsx" "$WORK/score.csv"
run report ranking --framework HN-DEPT-2025 --out "$D/ranking2.xlsx"
if cmp -s "$D/ranking.xlsx" "$D/ranking2.xlsx"; then ok; else bad "XLSX is not the same bytes on a second run"; fi

# --- ranking as PDF: the decision (Decree 30 frame) and its annex
run report ranking --framework HN-DEPT-2025 --out "$D/ranking.pdf"
expect_rc 0 "report ranking pdf"
pdftotext -layout "$D/ranking.pdf" "$WORK/ranking.txt"
pdftotext -layout -f 1 -l 1 "$D/ranking.pdf" "$WORK/p1.txt"
has() { if grep -qE -- "$2" "$1"; then ok; else bad "$3: /$2/ not in $(basename "$1")"; fi; }
has "$WORK/p1.txt" "ỦY BAN NHÂN DÂN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "agency left, national title right"
has "$WORK/p1.txt" "THÀNH PHỐ HÀ NỘI +Độc lập - Tự do - Hạnh phúc" "agency name, motto"
has "$WORK/p1.txt" "Số: +/QĐ-UBND +Hà Nội, ngày 03 tháng 12 năm 2026" "number and symbol, place and date"
has "$WORK/p1.txt" "^ *QUYẾT ĐỊNH$" "document kind"
has "$WORK/p1.txt" "Về việc công bố Chỉ số cải cách hành chính năm 2025" "subject"
has "$WORK/p1.txt" "Nơi nhận:" "recipients"
has "$WORK/p1.txt" "TM. ỦY BAN NHÂN DÂN" "signature block"
has "$WORK/p1.txt" "Trang 1/[0-9]+" "page number"
# the first unit and its index with the Vietnamese decimal comma
first=$(awk -F, 'NR==2 {print $3}' "$WORK/score.csv")
idx=$(awk -F, 'NR==2 {printf "%.2f", $6}' "$WORK/score.csv" | tr . ,)
has "$WORK/ranking.txt" "PHỤ LỤC" "annex"
has "$WORK/ranking.txt" "1 +$first +$idx +A" "first unit with its index $idx"
has "$WORK/ranking.txt" "Sở Văn hóa và Thể thao" "Vietnamese names"
if grep -qE "[0-9]\.[0-9]{2}( |$)" "$WORK/ranking.txt"; then bad "a decimal point in the Vietnamese PDF"; else ok; fi
# the ranking chart is drawn in vectors on the page, not embedded as a picture
if grep -q "Biểu đồ xếp hạng" "$WORK/ranking.txt"; then ok; else bad "the PDF has the ranking chart"; fi
imgs=$(pdfimages -list "$D/ranking.pdf" | tail -n +3 | wc -l)
if [ "$imgs" = 0 ]; then ok; else bad "the ranking chart is a picture ($imgs images), not vectors"; fi
if grep -q "95,31" "$WORK/ranking.txt" && pdftotext -f 3 -l 3 "$D/ranking.pdf" - | grep -q "Chỉ số (%)"; then ok; else
  bad "the chart's labels are text on the page (searchable), in Vietnamese numbers"; fi
pdftoppm -r 80 -png -f 3 -l 3 "$D/ranking.pdf" "$SHOTS/report-ranking-chart"
pdftoppm -r 80 -png -f 1 -l 1 "$D/ranking.pdf" "$SHOTS/report-ranking"
pdftoppm -r 80 -png -f 2 -l 2 "$D/ranking.pdf" "$SHOTS/report-ranking-annex"
if ls "$SHOTS"/report-ranking-1.png >/dev/null 2>&1 || ls "$SHOTS"/report-ranking-01.png >/dev/null 2>&1; then ok; else bad "page 1 PNG not rendered"; fi
run report ranking --framework HN-DEPT-2025 --out "$D/ranking2.pdf"
if cmp -s "$D/ranking.pdf" "$D/ranking2.pdf"; then ok; else bad "PDF is not the same bytes on a second run"; fi

# English: the decimal point, "Page x/y"
run report ranking --framework HN-DEPT-2025 --lang en --out "$D/ranking-en.pdf"
expect_rc 0 "english pdf"
pdftotext -layout "$D/ranking-en.pdf" "$WORK/en.txt"
has "$WORK/en.txt" "${idx/,/.}" "English index with a point"
has "$WORK/en.txt" "Page 1/[0-9]+" "English page number"

# --- a long table: the header row again on the next page
run report ranking --framework HN-COMMUNE-2025 --out "$D/communes.pdf"
expect_rc 0 "communes pdf"
pages=$(pdfinfo "$D/communes.pdf" | awk '/^Pages:/ {print $2}')
if [ "${pages:-0}" -ge 4 ]; then ok; else bad "communes: $pages pages, expected at least 4"; fi
pdftotext -layout -f 3 -l 3 "$D/communes.pdf" "$WORK/p3.txt"
has "$WORK/p3.txt" "^ *Hạng +Đơn vị +Chỉ số +Xếp" "table header repeated on the annex's second page"
has "$WORK/p3.txt" "Trang 3/$pages" "page 3 of $pages"
has "$WORK/p3.txt" "Bảng xếp hạng Chỉ số cải cách hành chính UBND các xã" "running header"

# --- a published version
run report ranking --framework HN-DEPT-2024 --version 1 --out "$D/pub.xlsx"
expect_rc 0 "published version xlsx"
run results --framework HN-DEPT-2024 --version 1 --format csv
cp "$OUT" "$WORK/results.csv"
cat >"$WORK/check_pub.py" <<'EOF'
import csv, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Xếp hạng"]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
got = [(r[1].value, r[0].value) for r in ws.iter_rows(min_row=2)]
want = [(x["unit_code"], int(x["rank"]) if x["rank"] else None) for x in rows]
if got != want:
    print("published ranks differ:", got[:3], want[:3]); sys.exit(1)
EOF
checked "published XLSX ranks equal results --format csv" "$PY" "$WORK/check_pub.py" "$D/pub.xlsx" "$WORK/results.csv"

# --- the other kinds
run report unit --framework HN-DEPT-2025 --unit SO-NV --out "$D/unit.pdf"
expect_rc 0 "unit pdf"
pdftotext -layout "$D/unit.pdf" "$WORK/unit.txt"
has "$WORK/unit.txt" "Phiếu điểm Sở Nội vụ" "scorecard title"
has "$WORK/unit.txt" "hạng [0-9]+ — xếp loại [A-D]" "rank and grade"
run report unit --framework HN-DEPT-2025 --unit SO-NV --out "$D/unit.xlsx"
expect_rc 0 "unit xlsx"
run report streamlining --from 2024-01-01 --to 2025-12-31 --out "$D/stream.xlsx"
expect_rc 0 "streamlining xlsx"
cat >"$WORK/check_stream.py" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Theo loại", "Sáp nhập", "Giải thể", "Thông tin"], wb.sheetnames
k = list(wb["Theo loại"].iter_rows(min_row=2, values_only=True))
assert k and all(isinstance(r[1], (int, float)) and r[3] == r[2] - r[1] for r in k), k[:2]
m = list(wb["Sáp nhập"].iter_rows(min_row=2, values_only=True))
assert m and all(r[4] for r in m), m[:2]
EOF
checked "streamlining sheets" "$PY" "$WORK/check_stream.py" "$D/stream.xlsx"
run report dossiers --year 2025 --out "$D/dossiers.pdf"
expect_rc 0 "dossiers pdf"
run report cycle --framework HN-COMMUNE-2025 --out "$D/cycle.xlsx"
expect_rc 0 "cycle xlsx"
# a plain landscape report starts on page 1 (no blank portrait page)
pdftotext -layout -f 1 -l 1 "$D/dossiers.pdf" "$WORK/d1.txt"
has "$WORK/d1.txt" "Chất lượng phục vụ \(QĐ 766\) năm 2025" "dossiers title on page 1"
run dossier late --unit P-HONG-HA --month 2026-06 --format csv
cp "$OUT" "$WORK/late.csv"
run report late --unit P-HONG-HA --month 2026-06 --out "$D/late.xlsx"
expect_rc 0 "late xlsx"
cat >"$WORK/check_late.py" <<'EOF2'
import csv, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Trễ hạn"]
got = [(r[0], r[7]) for r in ws.iter_rows(min_row=2, values_only=True)]
want = [(x["dossier_code"], int(x["working_days_late"])) for x in csv.DictReader(open(sys.argv[2], encoding="utf-8"))]
if not want or got != want:
    print("late dossiers differ:", got, want); sys.exit(1)
EOF2
checked "late XLSX equals dossier late --format csv" "$PY" "$WORK/check_late.py" "$D/late.xlsx" "$WORK/late.csv"
run report late --unit P-HONG-HA --month 2026-13 --out "$D/late2.pdf"
expect_rc 2 "late: bad month"
run report late --unit NOPE --month 2026-06 --out "$D/late3.pdf"
expect_rc 3 "late: unknown unit"

# --- bad input: exit 2 or 3, a bilingual message, nothing left behind
echo old >"$D/keep.pdf"
run report ranking --framework NOPE --out "$D/keep.pdf"
expect_rc 3 "unknown framework"
expect_err "không có bộ tiêu chí.*\| no framework" "unknown framework, bilingual"
if [ "$(cat "$D/keep.pdf")" = old ]; then ok; else bad "an existing --out was changed by a failed report"; fi
run report ranking --framework HN-DEPT-2024 --version 99 --out "$D/v99.xlsx"
expect_rc 3 "unknown version"
expect_err "không có phiên bản 99.*\| no version 99" "unknown version, bilingual"
run report unit --framework HN-DEPT-2025 --unit NOPE --out "$D/nope.pdf"
expect_rc 3 "unknown unit"
expect_err "đơn vị \"NOPE\".*\| unit \"NOPE\"" "unknown unit, bilingual"
run report ranking --framework HN-DEPT-2025 --out "$D/ranking.docx"
expect_rc 2 "unknown extension"
expect_err "phần mở rộng.*\| --out: the extension" "unknown extension, bilingual"
run report ranking --framework HN-DEPT-2025 --out "$WORK/no/such/dir/r.pdf"
expect_rc 2 "unwritable --out"
expect_err "không ghi được.*\| cannot write" "unwritable --out, bilingual"
run report ranking --framework HN-DEPT-2025
expect_rc 2 "no --out"
run report ranking --framework HN-DEPT-2025 --version x --out "$D/x.pdf"
expect_rc 2 "bad --version"
for f in v99.xlsx nope.pdf ranking.docx x.pdf late2.pdf late3.pdf; do
  if [ -e "$D/$f" ]; then bad "$f left behind"; else ok; fi
done
if ls -A "$D" | grep -q '^\.parindex-report-'; then bad "a temporary file left behind"; else ok; fi

finish
