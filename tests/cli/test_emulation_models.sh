#!/usr/bin/env bash
# Recognised models (issue 17): a good practice found by an inspection
# promoted to a model by the office over the unit (only a good practice,
# only one the office may see, only by that office), a model recorded
# directly, bad input refused with nothing written, the list. The public
# page is tests/http/test_emulation.mjs's. Runs on SQLite and
# (pg.cli.test_emulation_models) PostgreSQL.
. "$(dirname "$0")/lib.sh"
F="$FIXTURES/emulation"
export PARINDEX_TODAY=2015-06-01
user() { echo 'mat-khau-thu-nghiem-1' | "$PARINDEX" user add "$1" --role "$2" ${3:+--unit "$3"} >/dev/null 2>&1 || bad "user $1"; }

run init
run unit import "$F/units.csv"
expect_rc 0 "units"
user insp1 inspector
user office-a office SO-A
user office-p2 office SO-A.P2
cat >"$WORK/plan.csv" <<'CSV'
inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist
KT-2015-01,2015,SO-A.P1,scheduled,2015-06-01,2015-06-02,insp1,,one_stop,procedure,one_stop
CSV
run inspection import "$WORK/plan.csv"
expect_rc 0 "an inspection plan"
run inspection start KT-2015-01 --as insp1
expect_rc 0 "start"
run inspection finding KT-2015-01 --kind shortcoming --area procedure --text "Thiếu niêm yết" --as insp1
expect_rc 0 "a shortcoming (finding 1)"
run inspection finding KT-2015-01 --kind good_practice --area procedure --text "Hẹn trả kết quả qua tin nhắn" --as insp1
expect_rc 0 "a good practice (finding 2)"

run --as office-a emulation model recognise --code MH-01 --unit SO-A.P1 --level grassroots --decision "QĐ 5/QĐ-SA" --from-finding 1
expect_rc 1 "a shortcoming is no good practice"
expect_err 'no good practice \(inspection finding\) number 1' "said so"
run --as office-p2 emulation model recognise --code MH-01 --unit SO-A.P1 --level grassroots --decision "QĐ 5/QĐ-SA" --from-finding 2
expect_rc 2 "another division's office"
expect_err 'only the office of unit SO-A.P1 may recognise a model' "said so"
run --as office-a emulation model recognise --code MH-01 --unit SO-A.P1 --level city --decision "QĐ 5/QĐ-SA" --from-finding 2
expect_rc 3 "an unknown level"
run emulation model list --format csv
[ "$(wc -l <"$OUT")" -eq 1 ] && ok || bad "nothing written: $(cat "$OUT")"
run --as office-a emulation model recognise --code MH-01 --unit SO-A.P1 --level grassroots --decision "QĐ 5/QĐ-SA" --from-finding 2
expect_rc 0 "the good practice promoted"
run --as office-a emulation model recognise --code MH-01 --unit SO-A.P1 --level grassroots --decision "QĐ 6" --title "Lần hai"
expect_rc 3 "a code used twice"
run --as office-a emulation model recognise --code MH-02 --unit SO-A --level province --decision "QĐ 7/QĐ-UBND" --title "Một cửa không chờ" --description "Nhận hồ sơ theo lịch hẹn"
expect_rc 0 "a model recorded directly"
run emulation model list --format csv
expect_out '^MH-02,SO-A,Một cửa không chờ,province,QĐ 7/QĐ-UBND,$' "province first"
expect_out '^MH-01,SO-A.P1,Hẹn trả kết quả qua tin nhắn,grassroots,QĐ 5/QĐ-SA,KT-2015-01$' "the finding's text as the title, its inspection"
[ "$(sed -n 2p "$OUT" | cut -d, -f1)" = MH-02 ] && ok || bad "the higher level first"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
