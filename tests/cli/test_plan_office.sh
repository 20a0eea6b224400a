#!/usr/bin/env bash
# The office's plan reports (issue 13): `report plans --year Y` (every
# unit's plan: tasks, done, on time, in progress, overdue, completion, and
# the chart of completion per unit) and `report plan CODE` (one plan's
# tasks), as XLSX read back by an independent reader (Debian's
# python3-openpyxl) and checked against `plan status` of every plan, and
# as PDF through pdftotext; bad arguments (exit 2 or 3, no file left);
# `metric runs` (the server's daily refreshes: none from the command
# line). "Today" is fixed. Runs on SQLite and (pg.cli.test_plan_office) on
# PostgreSQL.
. "$(dirname "$0")/lib.sh"
export PARINDEX_TODAY=2026-07-10
export PARINDEX_NOW=2026-07-10T03:00:00Z
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
D="$WORK/out.d"
mkdir -p "$D" "$WORK/status"

run demo
expect_rc 0 "demo"

# every plan's task states, the reference the overview must agree with
run plan list --format csv
expect_rc 0 "plan list"
cp "$OUT" "$WORK/plans.csv"
expect_rows "$WORK/plans.csv" 3 "the demo has plans"
tail -n +2 "$WORK/plans.csv" | cut -d, -f1 | while IFS= read -r p; do
  "$PARINDEX" plan status --plan "$p" --format csv >"$WORK/status/$p.csv" || echo "status $p failed" >&2
done

run report plans --year 2026 --out "$D/plans.xlsx"
expect_rc 0 "report plans xlsx"
expect_out "plans.xlsx" "names the file written"
cat >"$WORK/check_plans.py" <<'EOF'
import csv, os, sys
import openpyxl
plans_csv, status_dir, xlsx = sys.argv[1:4]
plans = [r for r in csv.DictReader(open(plans_csv, encoding='utf-8')) if r['year'] == '2026']
ws = openpyxl.load_workbook(xlsx).worksheets[0]
rows = [r for r in ws.iter_rows(values_only=True)]
head, body = rows[0], [r for r in rows[1:] if r[0] is not None]
errors = []
if head[:3] != ('Mã đơn vị', 'Đơn vị', 'Kế hoạch'):
    errors.append('header %r' % (head,))
if len(body) != len(plans):
    errors.append('%d rows for %d plans' % (len(body), len(plans)))
got = {r[2]: r for r in body}
for p in plans:
    st = list(csv.DictReader(open(os.path.join(status_dir, p['plan_code'] + '.csv'), encoding='utf-8')))
    live = [t for t in st if t['state'] != 'cancelled']
    total = len(live)
    done = sum(t['state'] in ('done_on_time', 'done_late') for t in live)
    on_time = sum(t['state'] == 'done_on_time' for t in live)
    doing = sum(t['state'] == 'open' and t['status'] == 'in_progress' for t in live)
    overdue = sum(t['state'] == 'overdue' for t in live)
    r = got.get(p['plan_code'])
    if r is None:
        errors.append('no row for ' + p['plan_code'])
        continue
    want = (p['plan_unit'], p['plan_code'], total, done, on_time, doing, overdue)
    have = (r[0], r[2], r[3], r[4], r[5], r[6], r[7])
    if want != have:
        errors.append('%s: want %r, have %r' % (p['plan_code'], want, have))
    rate = on_time / total if total else None
    if (rate is None) != (r[8] is None) or (rate is not None and abs(r[8] - rate) > 1e-9):
        errors.append('%s: rate %r, expected %r (a fraction, shown as %%)' % (p['plan_code'], r[8], rate))
    if not r[1] or r[1] == r[0]:
        errors.append('%s: no unit name' % p['plan_code'])
if errors:
    print('\n'.join(errors))
    sys.exit(1)
EOF
checked "overview XLSX = plan status of every plan" "$PY" "$WORK/check_plans.py" "$WORK/plans.csv" "$WORK/status" "$D/plans.xlsx"

run report plans --year 2026 --out "$D/plans.pdf"
expect_rc 0 "report plans pdf"
pdftotext -layout "$D/plans.pdf" "$WORK/plans.txt"
for want in "Tổng hợp thực hiện kế hoạch CCHC năm 2026" "Tính đến ngày 10/07/2026" \
            "Sở Văn hóa và Thể thao" "KH-2026-SO-VHTT" "Tỷ lệ hoàn thành đúng hạn theo đơn vị" "Trang 1/"; do
  if grep -qF -- "$want" "$WORK/plans.txt"; then ok; else bad "plans.pdf lacks: $want"; fi
done
# the city's rate with a decimal comma, computed from its plan status
city=$("$PY" - "$WORK/status/KH-2026-HN.csv" <<'EOF'
import csv, sys
live = [t for t in csv.DictReader(open(sys.argv[1], encoding='utf-8')) if t['state'] != 'cancelled']
print(('%.2f' % (100 * sum(t['state'] == 'done_on_time' for t in live) / len(live))).replace('.', ','))
EOF
)
if grep -E "Thành phố Hà Nội +KH-2026-HN .* $city\$" "$WORK/plans.txt" >/dev/null; then ok; else
  bad "plans.pdf: the city's line lacks its rate $city"; grep "KH-2026-HN" "$WORK/plans.txt" >&2; fi
run report plans --year 2026 --lang en --out "$D/plans-en.pdf"
expect_rc 0 "report plans pdf en"
pdftotext -layout "$D/plans-en.pdf" - | grep -q "PAR plans of 2026: progress by unit" && ok || bad "English PDF title"

# a year without plans: an empty table, not an error
run report plans --year 2031 --out "$D/none.xlsx"
expect_rc 0 "a year without plans"
"$PY" -c "
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = [r for r in ws.iter_rows(values_only=True) if r[0] is not None]
sys.exit(0 if len(rows) == 1 else 1)" "$D/none.xlsx" && ok || bad "2031: only the header row"

# one plan: its tasks as plan status says (states in English with --lang en)
run report plan KH-2026-SO-VHTT --lang en --out "$D/plan.xlsx"
expect_rc 0 "report plan xlsx"
cat >"$WORK/check_plan.py" <<'EOF'
import csv, sys
import openpyxl
st = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
ws = openpyxl.load_workbook(sys.argv[2]).worksheets[0]
rows = [r for r in ws.iter_rows(values_only=True)]
body = [r for r in rows[1:] if r[0] is not None]
want = [(t['task_code'], t['owner_unit'], t['due'], t['status'].replace('_', ' '),
         t['state'].replace('_', ' '), int(t['days_late']) if t['days_late'] else None) for t in st]
have = [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in body]
if want != have:
    print('want', want, '\nhave', have)
    sys.exit(1)
EOF
checked "plan XLSX = plan status" "$PY" "$WORK/check_plan.py" "$WORK/status/KH-2026-SO-VHTT.csv" "$D/plan.xlsx"
# on another day the states move: as of 01/03/2026 nothing of it is done yet
run report plan KH-2026-SO-VHTT --as-of 2026-03-01 --out "$D/plan-march.pdf"
expect_rc 0 "report plan --as-of"
pdftotext -layout "$D/plan-march.pdf" "$WORK/plan-march.txt"
grep -qF "tính đến ngày 01/03/2026" "$WORK/plan-march.txt" && ok || bad "plan PDF names its day"
"$PARINDEX" plan status --plan KH-2026-SO-VHTT --as-of 2026-03-01 --format csv >"$WORK/march.csv"
want=$("$PY" - "$WORK/march.csv" <<'EOF'
import csv, sys
live = [t for t in csv.DictReader(open(sys.argv[1], encoding='utf-8')) if t['state'] != 'cancelled']
done = sum(t['state'] in ('done_on_time', 'done_late') for t in live)
print('%d nhiệm vụ (không tính nhiệm vụ đã hủy): %d đã hoàn thành, %d đúng hạn, %d quá hạn.' % (
    len(live), done, sum(t['state'] == 'done_on_time' for t in live), sum(t['state'] == 'overdue' for t in live)))
EOF
)
grep -qF -- "$want" "$WORK/plan-march.txt" && ok || bad "plan PDF on 01/03/2026 lacks: $want"
# and it is not today's line
"$PY" - "$WORK/status/KH-2026-SO-VHTT.csv" "$WORK/march.csv" <<'EOF' && ok || bad "01/03 and 10/07 differ for KH-2026-SO-VHTT"
import csv, sys
a, b = ([t['state'] for t in csv.DictReader(open(f, encoding='utf-8'))] for f in sys.argv[1:3])
sys.exit(0 if a != b else 1)
EOF

# bad arguments: exit 2 (usage) or 3 (unknown plan), no file
run report plans --out "$D/x.xlsx"
expect_rc 2 "report plans without --year"
expect_err "--year" "names --year"
run report plans --year 20x6 --out "$D/x.xlsx"
expect_rc 2 "a bad year"
run report plans --year 2026 --out "$D/x.docx"
expect_rc 2 "an unknown extension"
run report plan --out "$D/x.pdf"
expect_rc 2 "report plan without a code"
run report plan KH-NONE --out "$D/x.pdf"
expect_rc 3 "an unknown plan"
expect_err "không có kế hoạch này \| no such plan" "bilingual message"
run report plan KH-2026-SO-VHTT --as-of 10/07/2026 --out "$D/x.pdf"
expect_rc 2 "a bad --as-of"
if ls -A "$D" | grep -qE '^x\.|parindex-report'; then bad "a refused report left a file: $(ls -A "$D")"; else ok; fi

# the daily refresh's runs: none until a server has run one
run metric runs --format csv
expect_rc 0 "metric runs"
expect_out "^day,started_at,finished_at,by_host$" "metric runs columns"
[ "$(wc -l <"$OUT")" -eq 1 ] && ok || bad "no run from the command line"

finish
