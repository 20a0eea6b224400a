#!/usr/bin/env bash
# Scoped roles on the command line (issue 13): `user add` makes the first
# grant (no --unit: city-wide), `user grant` and `user revoke` change them,
# `user grants` lists them (--all: with the revoked ones, kept with who
# and when). Each change is one audit entry; refusals (an unknown role or
# unit, a role that needs a unit, a scoped admin, the same grant twice, a
# grant not held, the last grant) say why in Vietnamese and English,
# change nothing and exit 3 (bad input) or 1 (no such user or grant).
. "$(dirname "$0")/lib.sh"

entries() { "$PARINDEX" audit verify 2>&1 | sed -nE 's/.*intact: ([0-9]+) entries.*/\1/p'; }

run init
expect_rc 0 "init"
run unit import "$FIXTURES/units/good.csv"
expect_rc 0 "unit import"

printf 'long-password-1\n' >"$WORK/pw"
run user add vhtt --role office --unit SO-NV <"$WORK/pw"
expect_rc 0 "user add with a unit: the first grant"
run user add city --role leader <"$WORK/pw"
expect_rc 0 "user add without a unit: city-wide"
run user grants --format csv
expect_rc 0 "user grants"
expect_out '^city,leader,,' "a city-wide grant has no unit"
expect_out '^vhtt,office,SO-NV,' "the first grant of vhtt"

before=$(entries)
run user grant vhtt --role leader --unit P-HK
expect_rc 0 "user grant"
expect_out 'Đã cấp quyền leader tại P-HK cho vhtt \| granted leader over P-HK to vhtt' "bilingual confirmation"
[ "$(entries)" -eq $((before + 1)) ] && ok || bad "user grant: one audit entry"
run user grants vhtt --format json
expect_out '"role": "leader", "unit": "P-HK"' "the new grant is listed"

# refusals: nothing written
before=$(entries)
run user grant vhtt --role leader --unit P-HK
expect_rc 3 "the same grant twice"
expect_err 'đã có quyền leader tại P-HK' "why, in Vietnamese"
expect_err 'already holds leader over P-HK' "why, in English"
run user grant vhtt --role chief --unit P-HK
expect_rc 3 "an unknown role"
expect_err 'unknown role "chief"' "the role is named"
run user grant vhtt --role office --unit NO-SUCH
expect_rc 3 "an unknown unit"
expect_err 'không có đơn vị mã "NO-SUCH"' "the unit is named"
run user grant vhtt --role leader --unit Q-HK
expect_rc 3 "a district dissolved on 30/06/2025"
expect_err 'đơn vị "Q-HK" đã chấm dứt hoạt động' "why, in Vietnamese"
expect_err 'unit "Q-HK" has ended' "why, in English"
run user add q --role reporter --unit Q-DD <"$WORK/pw"
expect_rc 3 "no user is added for a dissolved unit"
run user grant vhtt --role reporter
expect_rc 3 "a reporter needs a unit"
expect_err 'the role reporter needs a unit' "why"
run user grant vhtt --role admin --unit SO-NV
expect_rc 3 "a scoped admin"
expect_err 'the admin role is city-wide only' "why"
run user grant nobody --role leader
expect_rc 1 "an unknown login"
expect_err 'no user "nobody"' "the login is named"
run user grant vhtt --unit SO-NV
expect_rc 2 "--role is needed"
run user revoke vhtt --role leader --unit SO-NV
expect_rc 1 "a grant not held"
expect_err 'holds no leader over SO-NV' "why"
[ "$(entries)" -eq "$before" ] && ok || bad "refusals wrote to the audit log"

# revoke the first grant: the other one becomes the shown role and unit
before=$(entries)
run user revoke vhtt --role office --unit SO-NV
expect_rc 0 "user revoke"
expect_out 'Đã thu hồi quyền office tại SO-NV của vhtt \| revoked office over SO-NV from vhtt' "bilingual confirmation"
[ "$(entries)" -eq $((before + 1)) ] && ok || bad "user revoke: one audit entry"
run user list --format csv
expect_out '^vhtt,vhtt,leader,P-HK,' "the remaining grant is the shown one"
run user grants vhtt --format csv
expect_rc 0 "user grants vhtt"
[ "$(grep -c '^vhtt,' "$OUT")" -eq 1 ] && ok || bad "one active grant left"
run user grants vhtt --all --format csv
expect_out '^vhtt,office,SO-NV,[^,]+,[^,]+,[0-9T:Z-]+,cli:' "the revoked grant is kept, stamped with who"
# the last grant stays
run user revoke vhtt --role leader --unit P-HK
expect_rc 3 "the last grant is not revoked"
expect_err 'last grant of "vhtt"; to shut the user out, use user disable' "why"
run audit verify
expect_rc 0 "the audit chain is intact"

# a unit exists through its last day (valid_to included)
PARINDEX_TODAY=2025-06-30 run user grant vhtt --role leader --unit Q-HK
expect_rc 0 "on its last day it still exists"
PARINDEX_TODAY=2025-06-30 run user revoke vhtt --role leader --unit Q-HK
expect_rc 0 "revoked again"
finish
