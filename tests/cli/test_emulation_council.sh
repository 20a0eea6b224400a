#!/usr/bin/env bash
# The emulation council (issue 17): members and quorum (migration 0019),
# the vote per candidate and title against the council's size (yes of ALL
# members; present and absent members voting in writing count for the
# quorum), at exactly 80% and 90% and just below, exactly at the quorum and
# just below, a vote for an ineligible candidate refused with its reason;
# who acts (app_emu_may_act: the unit's office and the council's members;
# nobody else) and what staff see (their own record only). Runs on SQLite
# and (pg.cli.test_emulation_council) PostgreSQL.
. "$(dirname "$0")/lib.sh"
F="$FIXTURES/emulation"
R="$SRCDIR/data/emulation-rules"
export PARINDEX_TODAY=2016-03-01
user() { echo 'mat-khau-thu-nghiem-1' | "$PARINDEX" user add "$1" --role "$2" ${3:+--unit "$3"} >/dev/null 2>&1 || bad "user $1"; }

run init
run unit import "$F/units.csv"
run staff import "$F/staff.csv"
run evaluation rules import "$F/eval-rules.json"
run evaluation import "$F/points.csv" --rules EMU-TEST-EVAL
run discipline import "$F/discipline.csv"
for f in "$R"/*.json; do run emulation rules import "$f"; done
run initiative import "$F/initiatives.csv"
run award import "$F/awards.csv"
expect_rc 0 "the record of 2013-2015"
run emulation vote --year 2014 --title CSTDCS --candidate E1 --yes 5 --members 5
expect_rc 0 "2014: no council yet, the members as given"
run emulation decide --year 2014 --unit SO-A.P1 --number "QĐ 20/QĐ-SA" --date 2014-12-20
expect_rc 0 "2014's decision"

user office-a office SO-A
user office-p2 office SO-A.P2
user g1 staff SO-A.P1
user outsider staff SO-A.P3
for i in 01 02 03 04 05 06 07 08 09 10; do user "hd$i" appraiser; done

# ---- the council ----------------------------------------------------------
run --as office-p2 emulation council set --unit SO-A --year 2015 --quorum 0,5
expect_rc 2 "another unit's office may not set the council up"
expect_err 'only the office of unit SO-A may set up its emulation council' "said so"
run --as office-a emulation council set --unit SO-A --year 2015 --quorum 1,5
expect_rc 2 "a quorum above 1"
run --as office-a emulation council set --unit SO-A --year 2015 --quorum 0,5
expect_rc 0 "the office sets the council up"
expect_out 'quorum 50%' "quorum"
for i in 01 02 03 04 05 06 07 08 09 10; do
  run --as office-a emulation council add --unit SO-A --year 2015 --login "hd$i" --position "Ủy viên"
  expect_rc 0 "member hd$i"
done
run --as office-a emulation council add --unit SO-A --year 2015 --login nobody
expect_rc 3 "an unknown login"
expect_err 'no active user "nobody"' "said so"
run --as office-a emulation council add --unit SO-A --year 2016 --login hd01
expect_rc 1 "no council for 2016"
run emulation council show --unit SO-A --year 2015 --format csv
expect_rc 0 "show"
[ "$(($(wc -l <"$OUT") - 1))" -eq 10 ] && ok || bad "ten members: $(cat "$OUT")"
expect_out '^hd01,.*,Ủy viên,50%$' "a member with the quorum"

# ---- who acts -------------------------------------------------------------
run --as g1 emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 10
expect_rc 2 "a staff member who is not on the council"
expect_err 'only the office of unit SO-A.P1 and the members of its emulation council' "said so"
run --as office-p2 emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 10
expect_rc 2 "the office of another division"
run --as hd01 emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 8 --members 9
expect_rc 3 "members other than the council's size"
expect_err 'has 10 members, not 9' "said so"

# ---- votes at their boundaries (yes of all 10 members) ----------------------
run --as hd01 emulation vote --year 2015 --title CSTDCS --candidate G2 --yes 10
expect_rc 2 "a vote for a candidate not eligible"
expect_err 'G2 is not eligible for CSTDCS: .*level=good != excellent' "refused with the reason"
run --as hd01 emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 7 --present 8 --written 2
expect_rc 2 "7/10 < 80%"
expect_err 'not passed: 7/10 yes, at least 80% of all council members needed' "threshold"
run --as hd01 emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 8 --present 6 --written 2
expect_rc 0 "exactly 80% (8/10: 6 present, 2 absent in writing)"
run --as hd01 emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 8 --present 3 --written 1
expect_rc 3 "more yes than members taking part"
run --as hd02 emulation vote --year 2015 --title CSTDCS --candidate E1 --yes 9 --present 4 --written 0
expect_rc 3 "9 yes of 4 taking part"
run --as hd02 emulation vote --year 2015 --title LDTT --candidate E1 --yes 4 --present 3 --written 1
expect_rc 2 "4/10 taking part < 50% quorum"
expect_err 'no quorum: 4/10 members took part \(present or in writing\), at least 50% needed' "quorum"
run --as hd02 emulation vote --year 2015 --title LDTT --candidate E1 --yes 5 --present 4 --written 1
expect_rc 0 "exactly the quorum, 5/10 taking part (LDTT needs no threshold)"
run --as office-a emulation vote --year 2015 --title CSTDCS --candidate E1 --yes 8
expect_rc 0 "the office records a vote, 8/10"
run --as hd03 emulation vote --year 2015 --title CSTD-TINH --candidate E1 --yes 8 --written 1
expect_rc 2 "8/10 < 90%"
run --as hd03 emulation vote --year 2015 --title CSTD-TINH --candidate E1 --yes 9 --written 1
expect_rc 0 "exactly 90%"

# ---- what staff see ---------------------------------------------------------
run --as g1 emulation propose --year 2015 --unit SO-A --format csv
expect_rc 0 "a staff member's proposal"
[ "$(($(wc -l <"$OUT") - 1))" -eq 9 ] && ok || bad "only G1's 9 rows: $(wc -l <"$OUT")"
if grep -vqE '^(candidate|G1),' "$OUT"; then bad "staff sees others' rows"; else ok; fi
run --as hd04 emulation propose --year 2015 --unit SO-A --format csv
[ "$(($(wc -l <"$OUT") - 1))" -eq $(((25 + 4) * 9)) ] && ok || bad "a council member sees all"
run --as office-p2 emulation propose --year 2015 --unit SO-A --format csv
expect_rc 0 "a division's office over the department's proposal"
if grep -vqE '^(candidate|H[0-9]+|SO-A\.P2),' "$OUT"; then bad "P2's office sees beyond P2"; else ok; fi
expect_out '^SO-A\.P2,collective,TTLDTT,yes,' "P2's own collective row"
run --as g1 emulation decide --year 2015 --unit SO-A --number "QĐ 30/QĐ-SA" --date 2015-12-28
expect_rc 2 "staff may not decide"
run --as office-a emulation decide --year 2015 --unit SO-A --number "QĐ 30/QĐ-SA" --date 2015-12-28
expect_rc 0 "the office decides"
run --as g1 emulation awards --year 2015 --unit SO-A --format csv
expect_out '^G1,CSTDCS,QĐ 30/QĐ-SA,2015-12-28,2340000$' "G1 sees their award"
if grep -vqE '^(candidate|G1),' "$OUT"; then bad "staff sees others' awards"; else ok; fi
run --as outsider emulation awards --year 2015 --unit SO-A --format csv
[ "$(wc -l <"$OUT")" -eq 1 ] && ok || bad "another staff member sees nothing"
run --as office-a emulation awards --year 2015 --unit SO-A --format csv
expect_out '^E1,CSTD-TINH,QĐ 30/QĐ-SA,2015-12-28,7020000$' "the office sees all"

# ---- documents: the minutes, the decision and its annex (Decree 30) ----------
run --as hd05 report emulation-minutes --unit SO-A --year 2015 --out "$WORK/bb.pdf"
expect_rc 0 "the minutes as PDF, by a council member"
if [ "$(head -c 4 "$WORK/bb.pdf")" = "%PDF" ]; then ok; else bad "a PDF file"; fi
if command -v pdftotext >/dev/null; then
  pdftotext "$WORK/bb.pdf" - >"$WORK/bb.txt"
  grep -q "BIÊN BẢN" "$WORK/bb.txt" && ok || bad "the kind of document"
  grep -q "gồm 10 thành viên" "$WORK/bb.txt" && ok || bad "the member count"
  grep -q "Chiến sĩ thi đua cấp tỉnh" "$WORK/bb.txt" && ok || bad "a vote's title"
fi
run --as g1 report emulation-minutes --unit SO-A --year 2015 --out "$WORK/bb2.pdf"
expect_rc 3 "staff do not see the minutes"
[ ! -e "$WORK/bb2.pdf" ] && ok || bad "no file left behind"
run --as office-a report emulation-decision --number "QĐ 30/QĐ-SA" --out "$WORK/qd.pdf"
expect_rc 0 "the decision as PDF"
if command -v pdftotext >/dev/null; then
  pdftotext "$WORK/qd.pdf" - >"$WORK/qd.txt"
  grep -q "QUYẾT ĐỊNH" "$WORK/qd.txt" && ok || bad "the kind"
  grep -q "Số: QĐ 30/QĐ-SA" "$WORK/qd.txt" && ok || bad "its number"
  grep -q "ngày 28 tháng 12 năm 2015" "$WORK/qd.txt" && ok || bad "its date, Decree 30 style"
  grep -q "PHỤ LỤC" "$WORK/qd.txt" && ok || bad "the annex"
  grep -q "7.020.000" "$WORK/qd.txt" && ok || bad "E1's cash, Vietnamese digits"
fi
run --as office-a report emulation-decision --number "QĐ 30/QĐ-SA" --out "$WORK/qd.xlsx"
expect_rc 0 "the annex as XLSX"
if [ "$(head -c 2 "$WORK/qd.xlsx")" = "PK" ] && unzip -p "$WORK/qd.xlsx" | grep -q "Chiến sĩ thi đua cơ sở"; then ok; else bad "the XLSX lists the titles"; fi
run --as office-a report emulation-decision --number "QĐ 99" --out "$WORK/none.pdf"
expect_rc 3 "an unknown decision"
expect_err 'no award decision numbered "QĐ 99"' "said so"
run --as outsider report emulation-decision --number "QĐ 30/QĐ-SA" --out "$WORK/none.pdf"
expect_rc 3 "a staff member does not see the decision"

# ---- removing a member changes the council's size ---------------------------
run --as office-a emulation council remove --unit SO-A --year 2015 --login hd10
expect_rc 0 "remove"
run --as hd10 emulation vote --year 2015 --title CSTDCS --candidate G1 --yes 9
expect_rc 2 "a former member no longer acts"
run --as office-a emulation council remove --unit SO-A --year 2015 --login hd10
expect_rc 3 "not a member"

# ---- co-authors and evidence (optional columns of initiative import) ----------
cat >"$WORK/co-bad.csv" <<'CSV'
code,year,staff_code,title,level,decision,authors,evidence
SK-CO1,2015,G3,Số hóa hồ sơ,grassroots,QĐ 9,NOBODY;G2,https://example.invalid/sk-co1
SK-CO2,2015,G3,Phiếu hẹn điện tử,grassroots,QĐ 9,G2;,
CSV
run initiative import "$WORK/co-bad.csv"
expect_rc 3 "bad co-authors"
expect_err 'co-bad.csv:2:7: cột authors: .*"NOBODY"' "an unknown co-author at its column"
expect_err 'co-bad.csv:3:7: cột authors: mã cán bộ trống' "an empty code"
run emulation propose --year 2015 --unit SO-A.P1 --format csv
cp "$OUT" "$WORK/prop.csv"
grep -qE '^G2,individual,CSTDCS,no,' "$WORK/prop.csv" && ok || bad "G2 not eligible before (nothing imported)"
printf 'code,year,staff_code,title,level,decision,authors,evidence
SK-CO1,2015,G3,Số hóa hồ sơ,grassroots,QĐ 9, G2 ; G3 ,https://example.invalid/sk-co1
' >"$WORK/co.csv"
run initiative import "$WORK/co.csv"
expect_rc 0 "an initiative with a co-author and evidence"
run emulation propose --year 2015 --unit SO-A.P1 --format csv
grep -qE '^G2,individual,CSTDCS,yes,.*initiative=grassroots >= grassroots' "$OUT" && ok || bad "a co-author's initiative counts: $(grep '^G2,individual,CSTDCS' "$OUT")"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
