#!/usr/bin/env bash
# The emulation movement from the command line (shared/formats/emulation.md,
# a public contract): the shipped rule sets, bad rule sets by their JSON
# path, initiative and past-award imports (all or nothing, FILE:LINE:COLUMN),
# `emulation propose` with every condition kind at its boundary (exactly 70%
# of the rated members, a member not rated that year left out, three
# consecutive years whose first is an imported past award and whose second
# was decided here, an initiative recognised the previous year, a
# disciplined member, a unit without a published index: "missing"), votes at
# exactly 80% and 90% and just below, a vote for an ineligible candidate
# refused, `emulation decide` with the highest-only cash rule, and
# `emulation awards`. Runs on SQLite and (pg.cli.test_emulation) PostgreSQL.
. "$(dirname "$0")/lib.sh"
F="$FIXTURES/emulation"
R="$SRCDIR/data/emulation-rules"
export PARINDEX_TODAY=2016-03-01
# row CANDIDATE TITLE: the proposal's line for them (from $WORK/prop.csv)
row() { grep -E "^$1,[a-z]+,$2," "$WORK/prop.csv"; }
# expect_row CANDIDATE TITLE yes|no REASON-PATTERN DESCRIPTION
expect_row() {
  local line
  line=$(row "$1" "$2")
  if printf '%s\n' "$line" | grep -qE -- "^$1,[a-z]+,$2,$3,.*$4"; then ok; else
    bad "$5: $1 x $2: got \"$line\", expected $3 and /$4/"
  fi
}

run init
run unit import "$F/units.csv"
expect_rc 0 "units"
run staff import "$F/staff.csv"
expect_rc 0 "staff"
run evaluation rules import "$F/eval-rules.json"
expect_rc 0 "the evaluation rule set of the test years"
run evaluation import "$F/points.csv" --rules EMU-TEST-EVAL
expect_rc 0 "monthly points of 2014 and 2015"
run discipline import "$F/discipline.csv"
expect_rc 0 "discipline"

# ---- rule sets ------------------------------------------------------------
run emulation propose --year 2015 --unit SO-A --format csv
expect_rc 1 "no emulation rule set yet"
expect_err 'no emulation rule set in force in 2015' "said so"
for f in "$R"/*.json; do
  run emulation rules import "$f"
  expect_rc 0 "shipped rule set $(basename "$f")"
done
expect_out 'LAW-06-2022-ND-98-2023 \(mới\): 9 danh hiệu, lương cơ sở 2340000' "summary"
cat >"$WORK/bad.json" <<'JSON'
{"format": "parindex-emulation/2", "code": "X", "base_salary": 0, "colour": 1,
 "titles": [
  {"code": "T1", "for": "person", "vote": 1.5, "cash": 0.3, "title": {"vi": "Một", "en": "One"},
   "when": [{"level_at_least": "great"}, {"title": "T2"}, {"wings": true}]},
  {"code": "T2", "for": "collective", "vote": 0, "cash": 0.8, "title": {"vi": "Hai", "en": "Two"},
   "when": [{"members_with_title_share": {"title": "T1", "min": 1.2}}]}
 ]}
JSON
run emulation rules import "$WORK/bad.json"
expect_rc 3 "a bad rule set"
expect_err 'bad.json: \(gốc \| root\): trường không biết: "colour"' "unknown key"
expect_err 'bad.json: format: cần "parindex-emulation/1"' "format"
expect_err 'bad.json: base_salary: ' "base salary"
expect_err 'bad.json: titles\[0\].for: ' "for"
expect_err 'bad.json: titles\[0\].vote: cần một số từ 0 đến 1' "vote above 1"
expect_err 'bad.json: titles\[0\].when\[0\].level_at_least: ' "unknown level"
expect_err 'bad.json: titles\[0\].when\[2\]: điều kiện không biết: "wings"' "unknown condition"
expect_err 'bad.json: titles\[1\].when\[0\].members_with_title_share.min: ' "share above 1"
cat >"$WORK/order.json" <<'JSON'
{"format": "parindex-emulation/1", "code": "Y", "base_salary": 2340000,
 "titles": [
  {"code": "T1", "for": "individual", "vote": 0, "cash": 0.3, "title": {"vi": "Một", "en": "One"},
   "when": [{"title": "T2"}]},
  {"code": "T2", "for": "individual", "vote": 0, "cash": 0.3, "title": {"vi": "Hai", "en": "Two"},
   "when": [{"consecutive": {"title": "T9", "years": 2}}]}
 ]}
JSON
run emulation rules import "$WORK/order.json"
expect_rc 3 "a title named before it is defined, and an unknown one"
expect_err 'order.json: titles\[0\].when\[0\]: .*must come earlier' "file order"
expect_err 'order.json: titles\[1\].when\[0\]: .*no title "T9"' "unknown title"
printf '{"format": "parindex-emulation/1",\n "code": }' >"$WORK/syntax.json"
run emulation rules import "$WORK/syntax.json"
expect_rc 3 "a JSON syntax error"
expect_err 'syntax.json:2:[0-9]+: JSON không hợp lệ' "at its line and column"

# ---- inputs ---------------------------------------------------------------
run initiative import "$F/bad-initiatives.csv"
expect_rc 3 "bad initiatives"
expect_err 'bad-initiatives.csv:2:3: cột staff_code: .*"NOBODY"' "unknown staff"
expect_err 'bad-initiatives.csv:3:2: cột year: ' "year out of range"
expect_err 'bad-initiatives.csv:4:5: cột level: .*"city"' "unknown level"
expect_err 'bad-initiatives.csv:5:1: cột code: "SK-X1" đã có ở dòng 2' "duplicate code"
expect_err 'không có gì thay đổi \| .*nothing changed' "nothing changed"
run award import "$F/bad-awards.csv"
expect_rc 3 "bad past awards"
expect_err 'bad-awards.csv:2:2: cột candidate: .*"NOBODY"' "unknown candidate"
expect_err 'bad-awards.csv:3:3: cột title: .*"NO-SUCH"' "unknown title"
expect_err 'bad-awards.csv:4:1: cột year: ' "bad year"
expect_err 'bad-awards.csv:6:2: .*already on line 5' "duplicate"
# the same columns in another order: each error at the column of its header
run award import "$F/bad-awards-order.csv"
expect_rc 3 "bad past awards, columns reordered"
expect_err 'bad-awards-order.csv:2:1: cột title: .*"NO-SUCH"' "title read from its header"
expect_err 'bad-awards-order.csv:3:4: cột candidate: .*"NOBODY"' "candidate read from its header"
run initiative import "$F/initiatives.csv"
expect_rc 0 "initiatives"
run award import "$F/awards.csv"
expect_rc 0 "past awards"
expect_out 'imported 1 past awards: 1 new' "one past award"

# ---- 2014: E1's second CSTDCS, decided here --------------------------------
run emulation propose --year 2014 --unit SO-A.P1 --format csv
expect_rc 0 "propose 2014"
cp "$OUT" "$WORK/prop.csv"
expect_row E1 CSTDCS yes 'level=excellent = excellent' "excellent gives CSTDCS"
expect_row E1 CSTD-TINH no 'consecutive CSTDCS=2012:no,2013:yes,2014:yes \(2/3\)' "two years of three"
expect_row G2 LDTT no 'level=not_rated|level=missing' "not rated in 2014"
expect_row SO-A.P1 TTLDTT yes 'members LDTT=2/2=100% >= 70%' "only the rated members count"
run emulation vote --year 2014 --title CSTDCS --candidate E1 --yes 5 --members 5
expect_rc 0 "E1 CSTDCS 2014 voted"
run emulation decide --year 2014 --unit SO-A.P1 --number "QĐ 20/QĐ-SA" --date 2014-12-20
expect_rc 0 "decision of 2014"

# ---- 2015 -----------------------------------------------------------------
run emulation propose --year 2015 --unit SO-A --format csv
expect_rc 0 "propose 2015"
cp "$OUT" "$WORK/prop.csv"
head -1 "$WORK/prop.csv" | grep -qx 'candidate,kind,title,eligible,reason' && ok || bad "header"
# every candidate x every title: 25 people + 4 collectives, 9 titles
n=$(($(wc -l <"$WORK/prop.csv") - 1))
[ "$n" -eq $(((25 + 4) * 9)) ] && ok || bad "every candidate x every title: $n rows"
expect_row E1 LDTT yes 'level=excellent >= good; disciplined=no' "LDTT"
expect_row C1 LDTT no 'level=completed < good' "completed is below good"
expect_row K4 LDTT no 'level=not_completed < good; disciplined=warning' "disciplined"
expect_row H11 LDTT no 'level=missing' "a member without any month: missing"
expect_row G1 CSTDCS yes 'initiative=grassroots >= grassroots' "an initiative of the year"
expect_row G2 CSTDCS no 'level=good != excellent \| initiative=none < grassroots\)=no' \
  "an initiative recognised the previous year does not count"
expect_row E1 CSTD-TINH yes 'consecutive CSTDCS=2013:yes,2014:yes,2015:yes \(3/3\); initiative=province >= province' \
  "three consecutive years: imported, decided, proposed"
expect_row G1 CSTD-TINH no 'consecutive CSTDCS=2013:no,2014:no,2015:yes' "one year of three"
expect_row E1 TTLDTT no 'for=collective' "a collective title for a person"
expect_row SO-A.P1 TTLDTT yes 'members LDTT=7/10=70% >= 70%' "exactly 70%"
expect_row SO-A.P2 TTLDTT yes 'members LDTT=7/10=70% >= 70%' "exactly 70%, the unrated member left out"
expect_row SO-A.P3 TTLDTT no 'members LDTT=2/4=50% < 70%; members disciplined>=warning=1' "below, and a warning"
expect_row SO-A TTLDTT no 'members LDTT=16/24=66,67% < 70%' "the department's whole subtree"
expect_row SO-A.P1 TTLDXS yes 'members level>=completed=10/10=100% >= 100%; members LDTT=7/10=70% >= 70%; members CSTDCS=2 >= 1' "TTLDXS"
expect_row SO-A.P2 TTLDXS no 'members CSTDCS=0 < 1' "no CSTDCS"
expect_row SO-A.P1 BK-CT-TT no 'any\(par_rank=missing \| par_gain=missing\)=no' "no published index: missing"

# ---- votes ----------------------------------------------------------------
run emulation vote --year 2015 --title CSTDCS --candidate G2 --yes 10 --members 10
expect_rc 2 "a vote for a candidate not eligible"
expect_err 'G2 is not eligible for CSTDCS' "refused, with the reason"
run emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 7 --members 9
expect_rc 2 "77,78% < 80%"
expect_err 'not passed: 7/9 yes, at least 80% of all council members needed' "the threshold named"
run emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 8 --members 10
expect_rc 0 "exactly 80%"
run emulation vote --year 2015 --title CSTDCS --candidate E1 --yes 4 --members 5
expect_rc 0 "exactly 80% again"
run emulation vote --year 2015 --title CSTD-TINH --candidate E1 --yes 8 --members 9
expect_rc 2 "88,89% < 90%"
run emulation vote --year 2015 --title CSTD-TINH --candidate E1 --yes 9 --members 10
expect_rc 0 "exactly 90%"
run emulation vote --year 2015 --title TTLDXS --candidate SO-A.P1 --yes 11 --members 10
expect_rc 3 "more yes than members"

# ---- decision -------------------------------------------------------------
run emulation decide --year 2015 --unit SO-A --number "QĐ 30/QĐ-SA" --date 2015-12-28
expect_rc 0 "decision of 2015"
run emulation decide --year 2015 --unit SO-A --number "QĐ 30/QĐ-SA" --date 2015-12-28
expect_rc 3 "a decision number used twice"
run emulation awards --year 2015 --unit SO-A --format csv
expect_rc 0 "awards"
cp "$OUT" "$WORK/awards.csv"
aw() {
  if grep -qxF -- "$1" "$WORK/awards.csv"; then ok; else bad "awards lack: $1"; fi
}
no_aw() {
  if grep -qE -- "$1" "$WORK/awards.csv"; then bad "awards should not have /$1/"; else ok; fi
}
head -1 "$WORK/awards.csv" | grep -qx 'candidate,title,decision,date,cash' && ok || bad "awards header"
# E1: LDTT 0,3 / CSTDCS 1,0 / CSTD-TINH 3,0 x 2,340,000: only the highest is paid
aw 'E1,LDTT,QĐ 30/QĐ-SA,2015-12-28,0'
aw 'E1,CSTDCS,QĐ 30/QĐ-SA,2015-12-28,0'
aw 'E1,CSTD-TINH,QĐ 30/QĐ-SA,2015-12-28,7020000'
aw 'G1,LDTT,QĐ 30/QĐ-SA,2015-12-28,0'
aw 'G1,CSTDCS,QĐ 30/QĐ-SA,2015-12-28,2340000'
aw 'G2,LDTT,QĐ 30/QĐ-SA,2015-12-28,702000'
aw 'SO-A.P1,TTLDTT,QĐ 30/QĐ-SA,2015-12-28,1872000'
aw 'SO-A.P2,TTLDTT,QĐ 30/QĐ-SA,2015-12-28,1872000'
no_aw '^SO-A.P1,TTLDXS,' # eligible, but not voted
no_aw '^G2,CSTDCS,'
no_aw '^SO-A.P3,'
no_aw '^C1,'
run emulation awards --year 2015 --unit SO-A.P2 --format csv
expect_rc 0 "a unit's awards"
if grep -qE '^(E1|G1),' "$OUT"; then bad "P2 lists P1's awards"; else ok; fi
expect_out '^H1,LDTT,' "P2's own"
run emulation awards --year 2014 --format csv
expect_out '^E1,CSTDCS,QĐ 20/QĐ-SA,2014-12-20,2340000$' "2014's decision"
expect_out '^SO-A.P1,TTLDTT,QĐ 20/QĐ-SA,2014-12-20,1872000$' "2014's collective"

# ---- the movement and registration (the workflow mechanism) ----------------
run emulation rules import "$F/reg-rules.json"
expect_rc 0 "a rule set requiring registration (2016)"
export PARINDEX_TODAY=2016-01-10
run emulation register --unit SO-A --year 2016 --candidate G1
expect_rc 3 "no movement launched yet"
run emulation movement launch --unit SO-A --year 2016 --title "Thi đua CCHC 2016" --deadline 2016-01-31 --targets "Chỉ số CCHC tăng"
expect_rc 0 "launch"
run emulation movement launch --unit SO-A --year 2016 --title "Lần hai" --deadline 2016-01-31
expect_rc 3 "launched twice"
expect_err 'already done' "said so"
run emulation register --unit SO-A --year 2016 --candidate G1 --commitment "Hoàn thành xuất sắc"
expect_rc 0 "a person registers"
run emulation register --unit SO-A --year 2016 --candidate SO-A.P1
expect_rc 0 "a collective registers"
run emulation register --unit SO-A.P2 --year 2016 --candidate G2
expect_rc 3 "no movement of P2"
run emulation register --unit SO-A --year 2016 --candidate NOBODY
expect_rc 3 "a candidate outside the unit"
expect_err 'does not belong to unit SO-A' "said so"
export PARINDEX_TODAY=2016-02-01
run emulation register --unit SO-A --year 2016 --candidate G2
expect_rc 3 "the day after the deadline"
expect_err 'registration deadline has passed \(2016-01-31\)' "the deadline named"
run emulation movement close --unit SO-A --year 2016
expect_rc 0 "close"
run emulation register --unit SO-A --year 2016 --candidate G3
expect_rc 3 "closed"
run emulation propose --year 2016 --unit SO-A --format csv
expect_rc 0 "propose 2016"
cp "$OUT" "$WORK/prop.csv"
expect_row G1 REG yes 'registered=yes' "registered"
expect_row G2 REG no 'registered=no' "registered too late"
expect_row SO-A.P1 REG-TT yes 'registered=yes' "a registered collective"
expect_row SO-A.P2 REG-TT no 'registered=no' "not registered"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
