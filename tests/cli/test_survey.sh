#!/usr/bin/env bash
# Surveys from the command line (docs/formats/surveys.md, a public
# contract): instruments validated at load (file and field named), campaigns
# on the workflow (open, close, reopen), response imports all or nothing
# with every bad cell at FILE:LINE:COLUMN, and `survey results` compared
# with an independent computation (tests/cli/survey_reference.py, Python
# standard library only) to 1e-9 on fixed and generated responses,
# unweighted and raked; the statistics at their boundaries (an empty
# campaign, a unit with one respondent, a question nobody answered, all
# weights equal, a stratum without respondents, raking that does not
# converge); the survey.* metrics and a framework criterion scored from
# them. Runs on SQLite and (pg.cli.test_survey) on PostgreSQL.
. "$(dirname "$0")/lib.sh"
S="$FIXTURES/surveys"
REF="$SRCDIR/tests/cli/survey_reference.py"
export PARINDEX_TODAY=2026-07-10
# compare_ref WHAT ARGS...: the reference over ARGS equals $OUT to 1e-9
compare_ref() {
  local what=$1
  shift
  cp "$OUT" "$WORK/got.csv"
  python3 "$REF" "$@" >"$WORK/want.csv"
  if python3 "$REF" --compare "$WORK/want.csv" "$WORK/got.csv" >"$WORK/cmp.txt"; then ok
  else bad "$what: differs from the reference"; head -5 "$WORK/cmp.txt" >&2; fi
}

run init
run unit import "$S/units.csv"
expect_rc 0 "units"

# ---- instruments: every rule, named by file and field ---------------------
run survey instrument import "$S/bad.json"
expect_rc 3 "a bad instrument exits 3"
cp "$ERR" "$WORK/bad.err"
while IFS= read -r want; do
  if grep -qF -- "$want" "$WORK/bad.err"; then ok; else bad "bad.json lacks: $want"; fi
done <<'LINES'
bad.json: format: cần "parindex-survey/1", có "parindex-survey/2" | expected "parindex-survey/1", got "parindex-survey/2"
bad.json: code: mã chỉ gồm chữ cái không dấu, chữ số và . _ - (tối đa 64): "BAD 1"
bad.json: min_n: phải là số nguyên từ 1 đến 1000000 | must be a whole number from 1 to 1000000
bad.json: questions[1].code: mã câu hỏi trùng: "q1" | duplicate question code: "q1"
bad.json: questions[2].type: loại câu hỏi không hợp lệ: "stars"
bad.json: questions[3].element: không có thành phần này: "e9" | no such element: "e9"
bad.json: questions[4].options: cần danh sách lựa chọn không rỗng | needs a non-empty list of options
bad.json: questions[5].element: chỉ câu hỏi likert5 thuộc một thành phần
bad.json: questions[6].options[1]: lựa chọn trùng: "a" | duplicate option: "a"
bad.json: questions[7].code: mã này là tên cột của tệp trả lời | this code is a column of the response file
bad.json: questions[8].text: cần {"vi": ..., "en": ...}
bad.json: indices[0].over[1]: không có thành phần này: "e7"
bad.json: indices[1].code: mã chỉ số trùng với một thành phần hoặc chỉ số khác: "e1"
bad.json: colour: cảnh báo: khóa không dùng đến, bỏ qua | warning: unknown key, ignored
LINES
run survey instrument import "$S/broken.json"
expect_rc 3 "invalid JSON"
expect_err 'broken.json:4:9: JSON không hợp lệ' "invalid JSON at its line and column"
run survey instrument list --format csv
expect_same <(printf 'instrument,title,campaigns,imported_at\n') "nothing stored after refused instruments"
run survey instrument import "$S/small.json"
expect_rc 0 "instrument"
expect_out "imported instrument TS2026 \(new\)" "instrument summary"
for f in "$SRCDIR"/data/survey-instruments/*.json; do
  run survey instrument import "$f"
  expect_rc 0 "shipped instrument $(basename "$f")"
done

# ---- campaigns ---------------------------------------------------------------
run survey open --instrument TS2026 --campaign BAD --period 2026 --units "$S/bad-units.csv"
expect_rc 3 "a bad unit list"
expect_err 'bad-units.csv:3:1: cột unit_code: không có đơn vị này: "SO-ZZ"' "unknown unit at its cell"
expect_err 'bad-units.csv:4:1: cột unit_code: đơn vị ghi hai lần: "SO-A"' "unit twice"
expect_err 'bad-units.csv:5:2: cột quota: ' "negative quota"
run survey open --instrument NOPE --campaign X --period 2026
expect_rc 3 "unknown instrument"
expect_err 'no survey instrument "NOPE"' "unknown instrument named"
run survey open --instrument TS2026 --campaign X --period 2026-13
expect_rc 3 "bad period"
expect_err 'invalid period' "bad period message"
run survey list --format csv
expect_same <(printf 'campaign,instrument,period,state,units,responses,codes_per_unit,weighted\n') "no campaign after refusals"
run survey open --instrument TS2026 --campaign C1 --period 2026 --group department
expect_rc 0 "open by group"
expect_out ": 3 units" "three departments"
run survey open --instrument TS2026 --campaign C1 --period 2026 --group department
expect_rc 3 "open twice"
expect_err 'already done: open the survey campaign' "open twice message"
run survey open --instrument TS2026 --campaign C1B --period 2026 --group department
expect_rc 3 "a second campaign of the instrument for the period"
expect_err 'campaign C1 already uses instrument TS2026 for period 2026' "one campaign per instrument and period"
run survey open --instrument TS2026 --campaign Q1 --period 2025 --units "$S/units-list.csv" --codes 2
expect_rc 0 "open with a unit list and codes"
run survey progress --campaign Q1 --format csv
expect_same <(printf 'unit_code,responses,quota\nPX-1,0,\nSO-A,0,50\n') "progress against quota"
run survey codes --campaign Q1 --format csv
n=$(grep -cE '^(PX-1|SO-A),[ABCDEFGHJKMNPQRSTVWXYZ2-9]{10},$' "$OUT")
if [ "$n" -eq 4 ]; then ok; else bad "two unused codes per unit, got $n"; cat "$OUT" >&2; fi

# ---- the empty campaign: every row, no value, insufficient ---------------------
run survey results --campaign C1 --format csv
expect_rc 0 "results of an empty campaign"
expect_out '^SO-A,index,satisfaction,0,0,,,,insufficient$' "empty unit: no value"
expect_out '^\*,question,q1,0,0,,,,insufficient$' "empty campaign overall"
compare_ref "empty campaign" "$S/small.json" /dev/null SO-A,SO-B,SO-C
n=$(wc -l <"$OUT")
if [ "$n" -eq 33 ]; then ok; else bad "4 groups x 8 measures + header, got $n lines"; fi

# ---- response rejections: every rule, every row, nothing stored ----------------
run survey import "$S/responses.csv" --campaign C1
expect_rc 0 "responses"
expect_out "imported 5 responses into C1" "import summary"
expect_err 'responses.csv:1:12: cảnh báo: cột "_uuid" không phải câu hỏi' "export metadata column warned"
run survey import "$S/bad-responses.csv" --campaign C1
expect_rc 3 "bad responses exit 3"
cp "$ERR" "$WORK/badr.err"
while IFS= read -r want; do
  if grep -qF -- "$want" "$WORK/badr.err"; then ok; else bad "bad-responses.csv lacks: $want"; fi
done <<'LINES'
bad-responses.csv:2:3: cột q1: phải là một số nguyên từ 1 đến 5: "7" | column q1: must be a whole number from 1 to 5: "7"
bad-responses.csv:3:7: cột sex: không phải một lựa chọn của câu hỏi: "other"
bad-responses.csv:4:9: cột channel: có giá trị không phải lựa chọn của câu hỏi: "desk;fax"
bad-responses.csv:5:9: cột channel: một lựa chọn được ghi hai lần: "desk;desk"
bad-responses.csv:6:10: cột visits: không phải một số: "many"
bad-responses.csv:7:2: cột unit_code: đơn vị không thuộc đợt khảo sát: "SO-XX"
bad-responses.csv:8:2: cột unit_code: đơn vị không thuộc đợt khảo sát: "PX-1"
bad-responses.csv:9:1: cột respondent_id: người trả lời trùng với dòng 2: "b1"
bad-responses.csv:10:1: thiếu giá trị bắt buộc ở cột respondent_id
bad-responses.csv:11:3: cột q1: phải là một số nguyên từ 1 đến 5: "4.5"
bad-responses.csv:12:2: cột unit_code: mã chỉ gồm chữ cái không dấu
bad-responses.csv:13:1: cột respondent_id: người trả lời đã có trong đợt khảo sát: "r1"
LINES
n=$(grep -vc 'cảnh báo' "$WORK/badr.err")
if [ "$n" -eq 12 ]; then ok; else bad "bad-responses.csv: $n errors, expected exactly 12"; fi
run survey list --format csv
expect_out '^C1,TS2026,2026,open,3,5,0,no$' "nothing stored after a refused import"
printf 'respondent_id,q1\nz1,4\n' >"$WORK/nocol.csv"
run survey import "$WORK/nocol.csv" --campaign C1
expect_rc 3 "a file without unit_code"
expect_err 'nocol.csv:1:.*unit_code' "missing column on line 1"
run survey import "$S/responses.csv" --campaign NONE
expect_rc 1 "unknown campaign"
expect_err 'no survey campaign "NONE"' "unknown campaign named"

# ---- statistics against the reference, and at their boundaries ------------------
run survey results --campaign C1 --format csv
expect_rc 0 "results"
compare_ref "fixed responses" "$S/small.json" "$S/responses.csv" SO-A,SO-B,SO-C
# SO-B: one respondent answering 5 everywhere: share 1, Wilson(1, n=1)
expect_out '^SO-B,question,q1,1,1,1,0\.206543291473892[0-9]*,1,insufficient$' "one respondent"
# q4: nobody answered; e3 (only q4) has no value; the index averages e1, e2
expect_out '^SO-A,question,q4,0,0,,,,$' "a question nobody answered"
expect_out '^SO-A,element,e3,0,0,,,,$' "an element with no answer"
expect_out '^SO-A,index,satisfaction,4,4,0\.625,' "index over the elements with a value: (7/12 + 2/3) / 2"
expect_out '^SO-A,element,e1,4,4,0\.58333333333333' "element = mean of its shares (1/2 + 2/3) / 2"
# the metrics: elements and indices of every unit, with n, n_eff and the interval
run metric values --metric survey.ts2026.satisfaction --format csv
expect_out '^SO-A,2026,survey.ts2026.satisfaction,0.625,"survey:C1 n=4 n_eff=4 ci=\[0\.219422042375151[0-9]*, 0\.908102952523849[0-9]*\]",2026-07-10$' "index metric with its source"
expect_out '^SO-B,2026,.* insufficient",' "insufficient in the source"
if grep -q '^SO-C' "$OUT"; then bad "a unit without respondents has no metric"; else ok; fi

# ---- a framework criterion scored from the survey metric ------------------------------
run framework import "$S/framework.json"
expect_rc 0 "framework with a survey criterion"
run score --framework SURVEY-2026 --format csv
expect_out '^[0-9]+,SO-A,Sở A,6\.25,10,62\.5,' "10 x 0.625 from survey.ts2026.satisfaction"
run explain --framework SURVEY-2026 --unit SO-A --format csv
expect_out 'survey.ts2026.satisfaction = 0.625 \[survey:C1 n=4 n_eff=4 ci=' "explain shows n, n_eff and the interval"


# generated responses: many units' worth, skips, raking to margins
python3 "$S/gen.py" 11 SO-A,SO-B,SO-C 60 >"$WORK/gen.csv"
run survey open --instrument TS2026 --campaign G --period 2026-Q1 --group department
run survey import "$WORK/gen.csv" --campaign G
expect_rc 0 "generated responses"
run survey results --campaign G --format csv
compare_ref "generated, unweighted" "$S/small.json" "$WORK/gen.csv" SO-A,SO-B,SO-C
run survey results --campaign G --margins "$S/margins.csv" --format csv
expect_rc 0 "raked results"
compare_ref "generated, raked" "$S/small.json" "$WORK/gen.csv" SO-A,SO-B,SO-C "$S/margins.csv"
if grep -q '^SO-A,question,q1,\([0-9]*\),\1,' "$OUT"; then bad "raking changes n_eff"; else ok; fi
run survey list --format csv
expect_out '^G,TS2026,2026-Q1,open,3,180,0,yes$' "weighted campaign"
run metric values --unit SO-A --metric survey.ts2026.e1 --format csv
cp "$OUT" "$WORK/m.csv"
run survey results --campaign G --margins "$S/margins.csv" --format csv
v=$(grep '^SO-A,element,e1,' "$OUT" | cut -d, -f6)
if grep -q ",survey.ts2026.e1,$v,\"survey:G " "$WORK/m.csv"; then ok; else bad "the metric is the weighted value $v"; cat "$WORK/m.csv" >&2; fi

# a stratum with no respondent: SO-B has only a woman
run survey open --instrument TS2026 --campaign EQ --period 2026-Q2 --group department
run survey import "$S/balanced.csv" --campaign EQ
run survey import "$S/balanced-b.csv" --campaign EQ
run survey results --campaign EQ --margins "$S/balanced-margins.csv" --format csv
expect_rc 3 "a stratum without respondents cannot be raked"
expect_err 'unit SO-B: no respondent with sex = "male"' "empty stratum names the unit and the value"
python3 "$REF" "$S/small.json" <(cat "$S/balanced.csv"; tail -n +2 "$S/balanced-b.csv") SO-A,SO-B,SO-C "$S/balanced-margins.csv" >"$WORK/eq.txt"
if grep -q 'SO-B: no respondent with sex = male' "$WORK/eq.txt"; then ok; else bad "the reference agrees: empty stratum"; fi
# all weights equal: margins equal to the sample's shares give weight 1;
# a unit without any respondent (PX-1) has nothing to rake
run survey open --instrument TS2026 --campaign EQ1 --period 2026-Q3 --units "$S/units-list.csv"
run survey import "$S/balanced.csv" --campaign EQ1
run survey results --campaign EQ1 --format csv
cp "$OUT" "$WORK/eq-plain.csv"
run survey results --campaign EQ1 --margins "$S/balanced-margins.csv" --format csv
expect_rc 0 "balanced sample, and a unit without respondents"
expect_same "$WORK/eq-plain.csv" "equal weights change nothing"
expect_out '^PX-1,index,satisfaction,0,0,,,,insufficient$' "the empty unit"
printf 'unit_code\nSO-A\n' >"$WORK/one.csv"

# raking that cannot converge: sex and age confounded, margins that cannot both hold
run survey open --instrument TS2026 --campaign NC --period 2026-01 --units "$WORK/one.csv"
run survey import "$S/confounded.csv" --campaign NC
run survey results --campaign NC --margins "$S/confounded-margins.csv" --format csv
expect_rc 3 "no convergence"
expect_err 'unit SO-A: raking did not converge in 100 rounds' "no convergence names the unit"
python3 "$REF" "$S/small.json" "$S/confounded.csv" SO-A "$S/confounded-margins.csv" >"$WORK/nc.txt"
if grep -q 'did not converge' "$WORK/nc.txt"; then ok; else bad "the reference agrees: no convergence"; fi
run survey list --format csv
expect_out '^NC,TS2026,2026-01,open,1,3,0,no$' "refused margins are not kept"

# bad margins: every rule at its cell
run survey results --campaign G --margins "$S/bad-margins.csv" --format csv
expect_rc 3 "bad margins"
expect_err 'bad-margins.csv:4:3: cột share: tỷ lệ phải từ 0 đến 1' "share above 1"
expect_err 'bad-margins.csv:5:2: cột value: không phải lựa chọn của câu hỏi age: "ancient"' "unknown value"
expect_err 'bad-margins.csv:6:1: cột variable: không phải câu hỏi choice của bảng hỏi: "q1"' "not a choice question"
expect_err 'bad-margins.csv:7:2: cột value: giá trị ghi hai lần cho biến này' "value twice"
expect_err 'bad-margins.csv:3:3: tổng tỷ lệ của biến sex là 1.1, không phải 1' "shares sum to 1"

# ---- states: closed campaigns take no responses -----------------------------------
run survey close --campaign C1
expect_rc 0 "close"
run survey import "$WORK/gen.csv" --campaign C1
expect_rc 3 "import into a closed campaign"
expect_err 'cannot import responses in state "closed"' "closed campaign message"
run survey close --campaign C1
expect_rc 3 "close twice"
run survey reopen --campaign C1
expect_rc 0 "reopen"


# ---- the report: XLSX and PDF -----------------------------------------------------
run survey report --campaign C1 --out "$WORK/r.xlsx"
expect_rc 0 "XLSX report"
if [ "$(head -c 2 "$WORK/r.xlsx")" = "PK" ]; then ok; else bad "r.xlsx is a ZIP"; fi
run survey report --campaign C1 --out "$WORK/r.pdf"
expect_rc 0 "PDF report"
if [ "$(head -c 5 "$WORK/r.pdf")" = "%PDF-" ]; then ok; else bad "r.pdf is a PDF"; fi
if command -v pdftotext >/dev/null; then
  if pdftotext -layout "$WORK/r.pdf" - | grep -qE 'SO-A +chỉ số +satisfaction +4 +4,00 +62,50'; then ok
  else bad "the PDF shows SO-A's index 62,50 %"; pdftotext -layout "$WORK/r.pdf" - | head -12 >&2; fi
fi
run survey report --campaign C1 --out "$WORK/r.txt"
expect_rc 2 "a report needs .xlsx or .pdf"

# ---- the demo erases surveys with everything else ---------------------------------
run demo --force
expect_rc 0 "demo --force over survey data"
# what is left is the demo's own SIPAS campaign (app/demo_surveys.c), nothing of before
run survey list --format csv
if [ "$(cut -d, -f1 "$OUT" | tail -n +2 | tr '\n' ' ')" = "SIPAS-2026-SO " ]; then ok; else
  bad "after demo --force only the demo's campaign: $(cat "$OUT")"; fi

finish
