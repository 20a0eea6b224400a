#!/usr/bin/env bash
# One-stop dossiers from the command line (shared/formats/dossiers.md):
# - `dossier analyze` on the definitions' boundaries (hand-computed
#   expected outputs), RFC 4180 features, --rates and JSON;
# - every rule of the format broken once: exit 3, FILE:LINE:COLUMN on
#   stderr, no output;
# - generated files against an independent computation of the same
#   definitions in the sqlite3 shell (tests/fixtures/dossier/reference.sql),
#   with any number of threads, tiny chunks and a tiny uniqueness budget;
# - `dossier import`: the stored monthly metrics equal `dossier analyze`
#   of the same data, after a first import, a re-import (idempotent) and a
#   partial re-import (replaced and new dossiers); a bad file changes
#   nothing; due_at from the procedure catalogue and the working-day
#   calendar; the late-dossier list; the calendar; the service index.
. "$(dirname "$0")/lib.sh"
D="$FIXTURES/dossier"
GEN="$(dirname "$PARINDEX")/gen_dossier"
HEADER="unit_code,month,received,received_online,received_full_online,paid_online,digitized,finished,finished_on_time,result_digitized,rated,satisfied,overdue_open"

# ---- analyze: boundaries and formats ----

run dossier analyze "$D/boundary.csv"
expect_rc 0 "analyze boundary.csv"
expect_same "$D/boundary.expected.csv" "boundaries: 23:30 local on a month's last day, 05:00 local on the 1st (the previous day and month in UTC), finished at due_at, date deadlines, open across months, rejected/withdrawn, ratings"
run dossier analyze "$D/boundary.csv" --rates
expect_same "$D/boundary.rates.expected.csv" "--rates adds the rates after the counts"
run dossier analyze "$D/boundary.csv" --format json
expect_same "$D/boundary.expected.json" "--format json"
run dossier analyze "$D/boundary.csv" --format table
expect_rc 0 "--format table"
expect_out "^U1 +2024-01 +5 " "table rows"
run dossier analyze "$D/rfc4180.csv"
expect_same "$D/rfc4180.expected.csv" "BOM, CRLF, quotes, embedded line ends, header case and order, unknown columns, no final line end"
for t in 1 2 3; do
  for c in 1 7 64; do
    PARINDEX_DOSSIER_CHUNK=$c run dossier analyze "$D/rfc4180.csv" --threads $t
    expect_same "$D/rfc4180.expected.csv" "rfc4180.csv with $t threads, $c-byte chunks"
  done
done
run dossier analyze "$D/due_catalogue.csv" --procedures "$D/procedures.csv"
expect_same "$D/due_catalogue.expected.csv" "empty due_at from the catalogue and the working-day calendar (Tết 2025, 26 Apr 2025 worked, 30 Apr-4 May 2025)"
run dossier analyze "$D/boundary.csv" --threads 0
expect_rc 2 "--threads 0 is a usage error"
run dossier analyze
expect_rc 2 "analyze without a file"
run dossier analyze "$WORK/nope.csv"
expect_rc 1 "a missing file"
expect_err "nope.csv: .*cannot open the file" "missing file message"

# ---- every rule of the format: exit 3, FILE:LINE:COLUMN, no result ----

reject() { # file line col pattern [options...]
  local f=$1 line=$2 col=$3 pat=$4
  shift 4
  run dossier analyze "$D/$f" "$@"
  expect_rc 3 "$f rejected"
  expect_err "^$D/$f:$line:$col: .*$pat" "$f: $line:$col $pat"
  if [ -s "$OUT" ]; then bad "$f: output printed for a bad file"; else ok; fi
}
reject bad_empty.csv 1 1 'empty file, no header row'
reject bad_missing_column.csv 1 1 'missing required column "status"'
reject bad_duplicate_column.csv 1 14 'duplicate column name "unit_code" \(also column 2\)'
reject bad_missing_value.csv 2 1 'missing required value in column dossier_code'
reject bad_missing_value.csv 3 2 'missing required value in column unit_code'
reject bad_missing_value.csv 4 3 'missing required value in column procedure_code'
reject bad_missing_value.csv 4 4 'missing required value in column channel'
reject bad_missing_value.csv 4 6 'missing required value in column received_at'
reject bad_missing_value.csv 4 9 'missing required value in column status'
reject bad_channel.csv 3 4 'column channel: invalid value.*"email"'
reject bad_online_kind.csv 2 5 'column online_kind: invalid value.*"yes"'
reject bad_received.csv 2 6 'column received_at: invalid datetime.*"2024-13-01T08:00:00"'
reject bad_received.csv 3 6 'column received_at: invalid datetime.*"2024-01-05"'
reject bad_received.csv 4 6 'column received_at: invalid datetime.*"2024-01-05T24:00:00"'
reject bad_due.csv 2 7 'column due_at: invalid deadline.*"2024-02-30"'
reject bad_due.csv 3 7 'column due_at: invalid deadline.*"2024-02-20T17:00\+07"'
reject bad_finished.csv 2 8 'column finished_at: invalid datetime.*"2024-01-06 10:00:00"'
reject bad_status.csv 2 9 'column status: invalid value.*"Processing"'
reject bad_status.csv 3 9 'column status: invalid value.*"done"'
reject bad_boolean.csv 2 10 'column paid_online: expected 0, 1, true, false or empty: "yes"'
reject bad_boolean.csv 3 11 'column digitized: expected 0, 1, true, false or empty: "2"'
reject bad_boolean.csv 4 12 'column result_digitized: expected 0, 1, true, false or empty: "T"'
reject bad_rating.csv 2 13 'column rating: expected an integer 1..5 or empty: "6"'
reject bad_rating.csv 3 13 'column rating: .*"0"'
reject bad_rating.csv 4 13 'column rating: .*"4.5"'
reject bad_rating.csv 5 13 'column rating: .*" 4"'
reject bad_finished_without_time.csv 2 8 'status finished requires finished_at'
reject bad_processing_with_time.csv 2 8 'status processing requires an empty finished_at'
reject bad_finished_early.csv 2 8 'finished_at is earlier than received_at'
reject bad_finished_early.csv 3 8 'finished_at is earlier than received_at'
reject bad_due_early.csv 2 7 'due_at is earlier than received_at'
reject bad_due_early.csv 3 7 'due_at is earlier than received_at'
reject bad_duplicate_code.csv 4 1 'repeated dossier_code "A1" \(first on line 2\)'
reject bad_duplicate_code.csv 5 1 'repeated dossier_code "A2" \(first on line 3\)'
reject bad_quote.csv 3 2 'stray quote inside an unquoted field$'
reject bad_quote.csv 5 1 'text after a closing quote'
reject bad_quote_unbalanced.csv 3 2 'stray quote .*lines 3..6 read as one row'
reject bad_unclosed.csv 3 1 'quoted field opened here is not closed'
reject bad_field_count.csv 2 13 'the row has 12 fields, the header has 13 columns'
reject bad_field_count.csv 3 14 'the row has 14 fields, the header has 13 columns'
reject bad_utf8.csv 3 2 'not valid UTF-8'
reject bad_cr.csv 3 6 'carriage return \(CR\) without a line feed'
reject bad_multiline.csv 4 7 'column due_at: invalid deadline.*"2024-01-20\\nT17:00"'
reject bad_due_missing.csv 2 7 'due_at is empty and no procedure catalogue'
reject bad_due_catalogue.csv 2 7 'procedure "P-NONE" has no processing time' --procedures "$D/procedures.csv"
reject bad_due_catalogue.csv 3 7 'procedure "PX" has no processing time' --procedures "$D/procedures.csv"
# dates outside the plausible range (settings; default 2000-01-01 to
# today + 2 years, due_at to today + 5 years): a typo would otherwise
# stretch every period of the data
NOW=2026-06-15T10:00:00Z
PARINDEX_NOW=$NOW reject bad_far_dates.csv 2 6 'received_at 0001-03-01T08:00:00\+07:00 is outside the plausible dates 2000-01-01..2028-06-15 \(settings dossier_date_min, dossier_years_ahead\)'
PARINDEX_NOW=$NOW reject bad_far_dates.csv 2 7 'due_at 0001-03-02T23:59:59\+07:00 is outside the plausible dates 2000-01-01..2031-06-15 \(settings dossier_date_min, dossier_due_years_ahead\)'
PARINDEX_NOW=$NOW reject bad_far_dates.csv 3 7 'due_at 2062-03-02T23:59:59\+07:00 is outside the plausible dates 2000-01-01..2031-06-15'
PARINDEX_NOW=$NOW reject bad_far_dates.csv 4 8 'finished_at 2062-01-01T10:00:00\+07:00 is outside the plausible dates 2000-01-01..2028-06-15'
PARINDEX_NOW=$NOW reject bad_far_dates.csv 5 6 'received_at 2062-03-01T08:00:00\+07:00 is outside'
PARINDEX_NOW=$NOW reject bad_far_dates.csv 5 7 'due_at 2062-03-05T23:59:59\+07:00 is outside'
PARINDEX_NOW=$NOW reject bad_far_dates.csv 6 6 'received_at 1999-12-31T23:59:59\+07:00 is outside the plausible dates 2000-01-01'
PARINDEX_NOW=$NOW run dossier analyze "$D/bad_far_dates.csv"
expect_err "7 error\(s\)" "every far date is reported, nothing else"
expect_err "^$D/bad_far_dates.csv:2:6: received_at 0001-03-01T08:00:00\+07:00 nằm ngoài khoảng ngày hợp lý 2000-01-01..2028-06-15 \(cài đặt dossier_date_min, dossier_years_ahead\) \| " "Vietnamese first"
PARINDEX_NOW=$NOW run dossier analyze "$D/range_edges.csv"
expect_rc 0 "the range's edges are inside: 2000-01-01T00:00 local, today + 2 years at 23:59:59, due today + 5 years"
PARINDEX_NOW=2026-06-16T10:00:00Z run dossier analyze "$D/range_edges.csv"
expect_rc 0 "a day later still inside"
PARINDEX_NOW=2026-06-14T10:00:00Z run dossier analyze "$D/range_edges.csv"
expect_rc 3 "a day earlier the edges are outside"
expect_err "range_edges.csv:3:6: .*received_at 2028-06-15T23:59:59\+07:00 is outside the plausible dates 2000-01-01..2028-06-14" "today + 2 years, exclusive of the day after"
expect_err "range_edges.csv:3:7: .*due_at 2031-06-15T23:59:59\+07:00 is outside the plausible dates 2000-01-01..2031-06-14" "today + 5 years for due_at"

run dossier analyze "$D/bad_rating.csv"
expect_err "^parindex: 4 error\(s\); no result|4 lỗi; không có kết quả" "every bad row is counted"

# ---- generated files against the sqlite3 shell ----

if [ ! -x "$GEN" ]; then
  bad "gen_dossier not found next to $PARINDEX"
  finish
  exit
fi
reference() { # csv out -> the sqlite3 shell's result of reference.sql in out
  checked "reference of $1" sqlite3 -bail :memory: ".import --csv $1 d" ".read $D/reference.sql" >"$2"
  expect_rows "$2" 2 "reference of $1"
}
checked "gen_dossier a.csv" "$GEN" -n 30000 -u 60 -s 11 -o "$WORK/a.csv" --units-csv "$WORK/units.csv" \
  --procedures-csv "$WORK/procedures.csv"
expect_rows "$WORK/a.csv" 30001 "generated a.csv"
expect_rows "$WORK/units.csv" 61 "generated units.csv"
expect_rows "$WORK/procedures.csv" 2 "generated procedures.csv"
reference "$WORK/a.csv" "$WORK/a.ref"
run dossier analyze "$WORK/a.csv"
expect_rc 0 "analyze 30,000 generated rows"
expect_same "$WORK/a.ref" "30,000 generated rows: parindex = the sqlite3 shell"
checked "gen_dossier m.csv" "$GEN" -n 20000 -u 40 -s 5 --messy -o "$WORK/m.csv"
expect_rows "$WORK/m.csv" 20001 "generated m.csv"
reference "$WORK/m.csv" "$WORK/m.ref"
run dossier analyze "$WORK/m.csv"
expect_rc 0 "analyze 20,000 messy rows"
expect_same "$WORK/m.ref" "20,000 messy rows (BOM, CRLF, quotes, line ends in fields, offsets): = the sqlite3 shell"
PARINDEX_DOSSIER_CHUNK=4096 run dossier analyze "$WORK/m.csv" --threads 3
expect_same "$WORK/m.ref" "messy rows, 3 threads, 4 KiB chunks"
PARINDEX_DOSSIER_DEDUP_BUDGET=1 run dossier analyze "$WORK/a.csv" --threads 2
expect_same "$WORK/a.ref" "uniqueness spilled to disk: same result"
cat "$WORK/m.csv" | run dossier analyze /dev/stdin
expect_same "$WORK/m.ref" "a pipe"
checked "gen_dossier dups.csv" "$GEN" -n 30000 -u 60 -s 11 --dups 3 -o "$WORK/dups.csv"
expect_rows "$WORK/dups.csv" 30001 "generated dups.csv"
PARINDEX_DOSSIER_DEDUP_BUDGET=1 run dossier analyze "$WORK/dups.csv" --threads 2
expect_rc 3 "repeated codes, spilled"
expect_err "dups.csv:10002:1: .*repeated dossier_code \"H26-0000009999-[0-9]+\" \(first on line 10001\)" "first repeat with its line"
expect_err "dups.csv:20002:1: .*\(first on line 20001\)" "second repeat"
expect_err "2 error\(s\)" "two repeats"

# ---- import ----

# metric values -> the `dossier analyze` CSV (months, rows with a non-zero count)
pivot() {
  echo "$HEADER"
  awk -F, -v OFS=, -v units="$2" '
    BEGIN {
      n = split("received received_online received_full_online paid_online digitized finished finished_on_time result_digitized rated satisfied overdue_open", f, " ")
      for (i = 1; i <= n; i++) idx["dossier." f[i]] = i
    }
    NR > 1 && $2 ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]$/ && ($3 in idx) && index($1, units) == 1 {
      v[$1 "," $2, idx[$3]] = $4; key[$1 "," $2] = 1
    }
    END {
      for (k in key) {
        line = k; nz = 0
        for (i = 1; i <= n; i++) { x = v[k, i] + 0; line = line OFS x; if (x != 0) nz = 1 }
        if (nz) print line
      }
    }' "$1" | LC_ALL=C sort -t, -k1,1 -k2,2
}
metrics() { # all metric values, CSV, into $1
  checked "metric values" "$PARINDEX" metric values --format csv >"$1"
  expect_rows "$1" 1 "metric values header"
}

run init
expect_rc 0 "init"
run unit import "$D/units.csv"
expect_rc 0 "units U1, U2"
metrics "$WORK/empty"
run dossier import "$D/bad_status.csv"
expect_rc 3 "a bad first import (into the empty table, indexes dropped) rolls back"
metrics "$WORK/empty2"
if cmp -s "$WORK/empty" "$WORK/empty2"; then ok; else bad "a rejected first import changed the metrics"; fi
run dossier import "$D/boundary.csv"
expect_rc 0 "import boundary.csv"
expect_out "imported 12 dossiers: 12 new, 0 replaced" "import summary"
metrics "$WORK/mb"
pivot "$WORK/mb" U >"$WORK/mb.pivot"
if cmp -s "$D/boundary.expected.csv" "$WORK/mb.pivot"; then ok; else
  bad "stored monthly metrics differ from dossier analyze"; diff "$D/boundary.expected.csv" "$WORK/mb.pivot" | head >&2
fi
run metric values --unit U1 --period 2024-Q1 --metric dossier.on_time_rate --format csv
expect_out "^U1,2024-Q1,dossier.on_time_rate,0.5," "quarter rate from the summed counts (2 on time of 4)"
run metric values --unit U1 --period 2024-Q1 --metric dossier.overdue_open --format csv
expect_out "^U1,2024-Q1,dossier.overdue_open,1," "quarter stock at its last month"
run metric list --format csv
expect_out "^dossier.received,.*,sum," "counts derive by sum"
expect_out "^dossier.on_time_rate,.*,none," "rates do not"

run dossier late --unit U1 --month 2024-02 --format csv
expect_same "$D/late-U1-2024-02.expected.csv" "late list: finished late in the month, or open and overdue at its end"
run dossier late --unit U9 --month 2024-02
expect_rc 1 "late list of a unit without dossiers"
run dossier late --unit U1 --month 2024-13
expect_rc 2 "late list with a bad month"

# a bad file changes nothing
metrics "$WORK/before"
run dossier import "$D/bad_rating.csv"
expect_rc 3 "bad file not imported"
expect_err "bad_rating.csv:2:13: " "bad file message"
expect_err "nothing changed" "nothing changed"
printf '%s\n' "$(head -1 "$D/boundary.csv")" \
  "Z1,U1,P1,direct,,2024-03-01T08:00:00,2024-03-02,,processing,0,0,0," \
  "Z2,NOPE,P1,direct,,2024-03-01T08:00:00,2024-03-02,,processing,0,0,0," >"$WORK/unknown.csv"
run dossier import "$WORK/unknown.csv"
expect_rc 3 "unknown unit"
expect_err "unknown.csv:3:2: .*no unit with code \"NOPE\" in the register" "unknown unit message"
# a unit receives dossiers only while it exists (valid_from..valid_to, both days in)
printf '%s\n' "code,name,kind,parent,valid_from,valid_to,successor,payroll_quota" \
  "U3,Phường Ba (đã giải thể),ward,HN,2024-02-01,2024-02-29,," >"$WORK/u3.csv"
run unit import "$WORK/u3.csv"
expect_rc 0 "U3, existing in February 2024 only"
printf '%s\n' "$(head -1 "$D/boundary.csv")" \
  "Z3,U3,P1,direct,,2024-02-29T23:30:00,2024-03-02,,processing,0,0,0," \
  "Z4,U3,P1,direct,,2024-03-01T00:10:00,2024-03-02,,processing,0,0,0," \
  "Z5,U3,P1,direct,,2024-01-31T16:30:00Z,2024-03-02,,processing,0,0,0," >"$WORK/dissolved.csv"
run dossier import "$WORK/dissolved.csv"
expect_rc 3 "dossiers received outside the unit's life"
expect_err "dissolved.csv:3:6: .*unit \"U3\" did not exist on the day received 2024-03-01 \(existed 2024-02-01..2024-02-29\)" "received the day after its last day"
expect_err "dissolved.csv:4:6: .*did not exist on the day received 2024-01-31 " "16:30 UTC on 31/01 is still 31/01 in Vietnam (23:30)"
if grep -q "dissolved.csv:2:" "$ERR"; then bad "23:30 local on its last day was refused"; else ok; fi
run dossier import "$D/bad_duplicate_code.csv"
expect_rc 3 "repeated codes are only found after the pass: rolled back"
run audit verify
audit_before=$(grep -oE 'intact: [0-9]+ entries' "$OUT")
PARINDEX_NOW=$NOW run dossier import "$D/bad_far_dates.csv"
expect_rc 3 "far-off dates are not imported"
expect_err "^$D/bad_far_dates.csv:2:6: .*received_at 0001-03-01T08:00:00\+07:00 is outside the plausible dates 2000-01-01..2028-06-15" "import: year 0001 with its FILE:LINE:COLUMN"
expect_err "^$D/bad_far_dates.csv:3:7: .*due_at 2062-03-02T23:59:59\+07:00 is outside the plausible dates 2000-01-01..2031-06-15" "import: a 2062 deadline"
expect_err "^$D/bad_far_dates.csv:5:6: .*received_at 2062-03-01T08:00:00\+07:00 is outside" "import: received in 2062"
expect_err "7 error\(s\)" "import: every far date reported"
run audit verify
if [ "$(grep -oE 'intact: [0-9]+ entries' "$OUT")" = "$audit_before" ]; then ok; else
  bad "a refused far-date import wrote audit entries ($audit_before, then $(cat "$OUT"))"; fi
# the range is a setting
if is_pg; then
  psql -qX "$PARINDEX_DB" -c "INSERT INTO setting(name, value) VALUES ('dossier_date_min', '1999-01-01'), ('dossier_years_ahead', '40'), ('dossier_due_years_ahead', '40')" >/dev/null
else
  sqlite3 "$PARINDEX_DB" "INSERT INTO setting(name, value) VALUES ('dossier_date_min', '1999-01-01'), ('dossier_years_ahead', '40'), ('dossier_due_years_ahead', '40')"
fi
PARINDEX_NOW=$NOW run dossier analyze "$D/bad_far_dates.csv" --db-catalogue
expect_rc 3 "with wider settings, only year 0001 is refused"
expect_err "bad_far_dates.csv:2:6: .*received_at 0001-03-01T08:00:00\+07:00 is outside the plausible dates 1999-01-01..2066-06-15" "the settings give the range"
expect_err "2 error\(s\)" "2062 and 1999 are inside the wider range"
if is_pg; then
  psql -qX "$PARINDEX_DB" -c "DELETE FROM setting WHERE name LIKE 'dossier_%'" >/dev/null
else
  sqlite3 "$PARINDEX_DB" "DELETE FROM setting WHERE name LIKE 'dossier_%'"
fi
metrics "$WORK/after"
if cmp -s "$WORK/before" "$WORK/after"; then ok; else bad "a rejected import changed the metrics"; fi

# the catalogue gives empty deadlines on import
run procedure import "$D/procedures.csv"
expect_rc 0 "procedure import"
expect_out "imported 4 procedures: 4 new" "procedure summary"
run procedure list --format csv
expect_out '^P5,"Thủ tục 5 ngày làm việc, có nghỉ lễ",5,none$' "procedure list"
run procedure import "$D/procedures.csv"
expect_out "0 new, 0 updated, 4 unchanged" "procedure re-import"
run dossier analyze "$D/due_catalogue.csv" --db-catalogue
expect_same "$D/due_catalogue.expected.csv" "analyze with the stored catalogue"
run dossier analyze "$D/due_catalogue.csv" --db-catalogue --procedures "$D/procedures.csv"
expect_rc 2 "one catalogue at a time"
run dossier import "$D/due_catalogue.csv"
expect_rc 0 "import with deadlines from the catalogue"
run dossier late --unit U1 --month 2025-02 --format csv
expect_out '^C2,finished_late,P3,Thủ tục 3 ngày làm việc,2025-01-24T10:00:00\+07:00,2025-02-05T23:59:59\+07:00,2025-02-06T08:00:00\+07:00,1$' \
  "due_at computed: 3 working days after Friday 24 Jan 2025 (Tết 25 Jan-2 Feb) is 5 Feb"

# generated data: import = analyze, idempotent, partial re-import
run unit import "$WORK/units.csv"
expect_rc 0 "generated units"
run procedure import "$WORK/procedures.csv"
expect_rc 0 "generated catalogue"
run dossier import "$WORK/a.csv" --threads 2
expect_rc 0 "import 30,000 rows"
expect_out "imported 30000 dossiers: 30000 new, 0 replaced" "import summary"
metrics "$WORK/m1"
pivot "$WORK/m1" XA- >"$WORK/m1.pivot"
if cmp -s "$WORK/a.ref" "$WORK/m1.pivot"; then ok; else
  bad "imported metrics differ from the analysis"; diff "$WORK/a.ref" "$WORK/m1.pivot" | head >&2
fi
run dossier import "$WORK/a.csv"
expect_out "imported 30000 dossiers: 0 new, 30000 replaced; 0 unit-months, 0 metric values" "re-import: nothing to recompute"
metrics "$WORK/m2"
if cmp -s "$WORK/m1" "$WORK/m2"; then ok; else bad "re-import changed metric values"; fi
checked "gen_dossier b-all.csv" "$GEN" -n 31000 -u 60 -s 12 -o "$WORK/b-all.csv"
expect_rows "$WORK/b-all.csv" 31001 "generated b-all.csv"
awk 'NR == 1 || (NR >= 2 && NR <= 1001) || NR >= 30002' "$WORK/b-all.csv" >"$WORK/b.csv"
{ awk 'NR <= 1001' "$WORK/b-all.csv"; awk 'NR >= 1002' "$WORK/a.csv"; awk 'NR >= 30002' "$WORK/b-all.csv"; } >"$WORK/merged.csv"
run dossier import "$WORK/b.csv"
expect_rc 0 "partial re-import"
expect_out "imported 2000 dossiers: 1000 new, 1000 replaced" "1,000 replaced, 1,000 new"
reference "$WORK/merged.csv" "$WORK/merged.ref"
metrics "$WORK/m3"
pivot "$WORK/m3" XA- >"$WORK/m3.pivot"
if cmp -s "$WORK/merged.ref" "$WORK/m3.pivot"; then ok; else
  bad "metrics after a partial re-import differ from the analysis of the merged data"
  diff "$WORK/merged.ref" "$WORK/m3.pivot" | head >&2
fi
run audit verify
expect_rc 0 "audit chain intact"

# ---- calendar ----

run calendar --year 2024 --format csv
expect_same "$D/calendar-2024.expected.csv" "2024 as decided (Tết 8-14 Feb, 27 Apr-1 May with 4 May worked, 31 Aug-3 Sep)"
run calendar --year 2027 --format csv
expect_same "$D/calendar-2027.expected.csv" "2027 by the statutory rules (lunar dates, compensatory days)"
run calendar --year 2025
expect_out "^2025-04-26 +Sat +working_day " "a worked Saturday"
run calendar
expect_rc 2 "calendar without --year"
printf '{"year": 2024, "days_off": [{"occasions": ["tet"], "from": "2024-02-08", "to": "2025-02-14"}]}\n' >"$WORK/bad-cal.json"
run calendar --year 2024 --calendar "$WORK/bad-cal.json"
expect_rc 3 "a bad override file"
expect_err "bad-cal.json: .*not within 2024" "override message"
printf '{"year": 2024, "days_off": [{"occasions": ["national_day"], "from": "2024-09-02", "to": "2024-09-06"}], "worked_days": []}\n' >"$WORK/cal.json"
run calendar --year 2024 --calendar "$WORK/cal.json" --format csv
expect_out "^2024-09-06,Fri,holiday,national_day," "an extra override file wins for its year"

# ---- service index ----

run service-index --year 2024 --format csv
expect_rc 0 "service index"
expect_out "^unit_code,g1,g2,g3,g4,g5,points,max_points,index,missing$" "service index columns"
expect_out "^XA-0001,,[0-9.]+,[0-9.]+,[0-9.]+,,[0-9.]+,64,[0-9.]+,publicity.procedures_published_rate publicity.dossier_status_synced_rate feedback.handled_on_time_rate feedback.handling_satisfied_rate feedback.complaint_or_dislike_rate$" "publicity and satisfaction need imported metrics: left out of the total (64 = 100 - 18 - 18)"
printf 'unit_code,period,metric,value\nXA-0001,2024,publicity.procedures_published_rate,1\nXA-0001,2024,publicity.dossier_status_synced_rate,0.4\nXA-0001,2024,feedback.handled_on_time_rate,0.8\nXA-0001,2024,feedback.handling_satisfied_rate,0.45\nXA-0001,2024,feedback.complaint_or_dislike_rate,1\n' >"$WORK/pub.csv"
run metric import "$WORK/pub.csv"
expect_rc 0 "publicity and feedback metrics"
run service-index --year 2024 --format csv
expect_out "^XA-0001,13.5,[0-9.]+,[0-9.]+,[0-9.]+,9,[0-9.]+,100,[0-9.]+,$" "all five groups: 18 x (1 + 0.4 / 0.8) / 2 = 13.5; satisfaction 6 + 6 x 0.45 / 0.9 + 0 (every dossier complained about) = 9"
run metric values --unit XA-0001 --period 2024 --metric service766.g1 --format csv
expect_out "^XA-0001,2024,service766.g1,13.5,service-index," "stored for framework formulas"
run metric values --unit XA-0001 --period 2024 --metric dossier.on_time_rate --format csv
on_time=$(awk -F, 'NR == 2 { print $4 }' "$OUT")
g2=$(awk -v r="$on_time" 'BEGIN { p = r / 0.8; if (p > 1) p = 1; printf "%.2f", 20 * p }')
run service-index --year 2024 --format csv
if awk -F, -v want="$g2" '$1 == "XA-0001" { got = sprintf("%.2f", $3); exit !(got == want) }' "$OUT"; then ok; else
  bad "progress is 20 x min(1, on-time rate $on_time / 0.8) = $g2"; grep '^XA-0001,' "$OUT" >&2; fi
run service-index --year 2024 --rules "$WORK/pub.csv"
expect_rc 3 "bad rules file"
run service-index
expect_rc 2 "service-index without a period"

finish
