#!/usr/bin/env bash
# The administrator's settings (app/setting.c): the known ones listed with
# their defaults; a value set, checked (an unknown name, a value out of
# range, not a number: refused, nothing changed), audited, read by the
# module that uses it, and reset to the default.
. "$(dirname "$0")/lib.sh"
count() { sql "$1" | grep -E '^ *[0-9]+ *$' | head -1 | tr -d ' '; }

run init
run setting list --format csv
expect_rc 0 "the list"
expect_out '^evaluation_self_day,,3,' "a setting unset shows its default"
expect_out '^evidence_max_bytes,,20971520,' "the evidence limit's default"

run setting set evaluation_self_day 4
expect_rc 0 "set"
run setting list --format csv
expect_out '^evaluation_self_day,4,3,' "the value stored"
[ "$(count "SELECT count(*) FROM audit_log WHERE entity = 'setting' AND entity_key = 'evaluation_self_day' AND action = 'set'")" = 1 ] && ok || bad "the change audited"

run setting set evaluation_manager_day 28
expect_rc 0 "the range's end is allowed"
run setting set evaluation_manager_day 1
expect_rc 0 "the range's start is allowed"
run setting set evaluation_self_day 29
expect_rc 3 "out of range"
expect_err 'evaluation_self_day: cần một số nguyên từ 1 đến 28, không phải "29"' "the range named (vi)"
expect_err 'a whole number from 1 to 28 is needed' "the range named (en)"
run setting set evaluation_self_day 0
expect_rc 3 "below the range"
run setting set evaluation_self_day 3x
expect_rc 3 "not a number"
run setting set evaluation_self_day ""
expect_rc 3 "empty"
run setting set evidence_max_byte 100000
expect_rc 3 "an unknown name"
expect_err 'không có thiết lập "evidence_max_byte"' "the unknown name named"
[ "$(count "SELECT count(*) FROM setting WHERE name = 'evidence_max_byte'")" = 0 ] && ok || bad "nothing stored for a typo"
[ "$(count "SELECT value FROM setting WHERE name = 'evaluation_self_day'")" = 4 ] && ok || bad "refusals change nothing"
run setting set evaluation_self_day
expect_rc 2 "a value is needed"

run setting reset evaluation_self_day
expect_rc 0 "reset"
run setting list --format csv
expect_out '^evaluation_self_day,,3,' "back to the default"
[ "$(count "SELECT count(*) FROM audit_log WHERE entity = 'setting' AND action = 'reset'")" = 1 ] && ok || bad "the reset audited"
run audit verify
expect_rc 0 "the audit chain intact"
finish
