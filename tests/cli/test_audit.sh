#!/usr/bin/env bash
# The audit log's anchor (store/audit_anchor.c, docs/internals/audit.md),
# tried as an attacker with write access to the database (sqlite3 / psql)
# but not to the key would: deleting the newest entries, editing an entry
# and recomputing the whole chain with sha256sum, truncating below a head
# printed earlier, forging the anchor file. Also: the key file's mode,
# the head printed by `audit head` as an outside witness (--head), an
# anchor left behind by a crash (a warning, not a failure), and
# concurrent writers keeping the anchor on the newest entry.
. "$(dirname "$0")/lib.sh"
U="$FIXTURES/units"

if is_pg; then
  KEY=$PARINDEX_AUDIT_KEY
  HEADF="${KEY%.audit-key}.audit-head"
else
  KEY="$PARINDEX_DB.audit-key"
  HEADF="$PARINDEX_DB.audit-head"
fi

# q SQL: one query, fields separated by 0x1F, no headers (sqlite3 / psql)
q() {
  if is_pg; then
    "${PG_BINDIR:+$PG_BINDIR/}psql" -X -q -At -F $'\x1f' -v ON_ERROR_STOP=1 -d "$PARINDEX_DB" -c "$1"
  else
    sqlite3 -separator $'\x1f' "$PARINDEX_DB" "$1"
  fi
}

# w: one more audited write (an API token for user `clerk`)
w() { "$PARINDEX" token create clerk --label test >/dev/null 2>>"$WORK/w.err"; }

last_seq() { q "SELECT max(seq) FROM audit_log"; }

# save / restore: the audit log as it is now (other tables stay as they are)
save() { sql "DROP TABLE IF EXISTS audit_save" >/dev/null; sql "CREATE TABLE audit_save AS SELECT * FROM audit_log" >/dev/null; }
restore() { sql "DELETE FROM audit_log" >/dev/null; sql "INSERT INTO audit_log SELECT * FROM audit_save" >/dev/null; }

# recompute_from SEQ: what anyone with write access can do, since SHA-256
# needs no secret: rehash every entry from SEQ on, as repo_audit.c does
# (previous hash and the fields joined by 0x1F)
recompute_from() {
  local s n prev row h
  n=$(last_seq)
  prev=$(q "SELECT prev_hash FROM audit_log WHERE seq = $1")
  for ((s = $1; s <= n; s++)); do
    row=$(q "SELECT seq, at, actor, action, entity, entity_key, detail FROM audit_log WHERE seq = $s")
    h=$(printf '%s\x1f%s' "$prev" "$row" | sha256sum | cut -d' ' -f1)
    sql "UPDATE audit_log SET prev_hash = '$prev', hash = '$h' WHERE seq = $s" >/dev/null
    prev=$h
  done
}

# --- a new database gets its key (mode 0600) and an anchor
run init
expect_rc 0 "init"
if [ -f "$KEY" ] && [ "$(stat -c %a "$KEY")" = 600 ]; then ok; else
  bad "init creates the key $KEY with mode 600 (got: $(stat -c %a "$KEY" 2>&1))"
fi
if [ "$(wc -c <"$KEY")" -eq 65 ] && grep -qE '^[0-9a-f]{64}$' "$KEY"; then ok; else
  bad "the key is 32 random bytes as 64 hex digits"
fi
if grep -q '^seq 0$' "$HEADF"; then ok; else bad "init anchors the empty log (seq 0)"; fi
run audit verify
expect_rc 0 "verify the empty log"

run unit import "$U/good.csv"
expect_rc 0 "import units"
printf 'correct-horse-battery\n' | "$PARINDEX" user add clerk --role office >/dev/null
run audit verify
expect_rc 0 "verify intact"
expect_out "audit log intact: 15 entries" "intact, 15 entries"
N=$(last_seq)
if grep -q "^seq $N$" "$HEADF"; then ok; else bad "the anchor follows the newest entry $N"; fi

# --- audit head prints the head; --head checks it later (an outside witness)
run audit head
expect_rc 0 "audit head"
expect_out "^  mục \| seq: +$N$" "head names the newest entry"
expect_out "HMAC-SHA256: +[0-9a-f]{64}$" "head has the HMAC"
H1=$(sed -n 's/^  parindex audit verify --head //p' "$OUT")
H1_SEQ=${H1%%:*}
if [ "$H1_SEQ" = "$N" ] && [ "${H1#*:}" = "$(q "SELECT hash FROM audit_log WHERE seq = $N")" ]; then ok; else
  bad "audit head prints --head SEQ:HASH of the newest entry (got '$H1')"
fi
run audit head --format json
expect_out "^\{\"seq\": $N, \"hash\": \"[0-9a-f]{64}\", \"hmac\": \"[0-9a-f]{64}\"" "head as JSON"

run unit import "$U/update.csv"
expect_rc 0 "more writes"
w
w
run audit verify --head "$H1"
expect_rc 0 "a head printed earlier, after more writes"
run audit verify --head "$H1_SEQ:$(printf '%064d' 0)"
expect_rc 1 "a head whose hash is not in the chain"
expect_err "entry $H1_SEQ differs from the printed head" "names the differing entry"
run audit verify --head 12x
expect_rc 2 "a malformed --head"

# --- the anchor left behind by a crash between commit and rename: a warning
cp -p "$HEADF" "$WORK/head.before"
w
w
cp -p "$WORK/head.before" "$HEADF"
run audit verify
expect_rc 0 "an anchor behind the log still verifies"
expect_err "anchor behind by 2 entries \(last write not anchored\)" "a lagging anchor is a warning"
w
run audit verify
expect_rc 0 "the next write catches the anchor up"
if grep -q "behind" "$ERR"; then bad "no warning once the anchor caught up"; else ok; fi

# --- deleting the three newest entries
N=$(last_seq)
save
sql "DELETE FROM audit_log WHERE seq > $((N - 3))" >/dev/null
run audit verify
expect_rc 1 "the three newest entries deleted"
expect_err "entries $((N - 2)) to $N are missing" "names the missing entries"
expect_err "thiếu các mục $((N - 2)) đến $N" "in Vietnamese too"
# a later write must not anchor the truncated log
: >"$WORK/w.err"
w
w
w
w
if grep -q "audit anchor not updated" "$WORK/w.err"; then ok; else bad "a write after the deletion warns"; fi
if grep -q "^seq $N$" "$HEADF"; then ok; else bad "the anchor stays at $N after the deletion"; fi
run audit verify
expect_rc 1 "deletion still caught after new writes re-used the numbers"
expect_err "entry $N differs from the anchored head" "the re-used entry differs"
restore
run audit verify
expect_rc 0 "intact again once the entries are back"

# --- editing an entry and recomputing the whole chain without the key
save
sql "UPDATE audit_log SET detail = '{\"forged\": true}' WHERE seq = 3" >/dev/null
run audit verify
expect_rc 1 "edited entry"
expect_err "audit log broken at entry 3" "the chain check names the edited entry"
recompute_from 3
run audit verify
expect_rc 1 "edited entry with the chain recomputed"
expect_err "entry $N differs from the anchored head: the audit chain was rewritten" "rewrite caught by the anchor"
if grep -q "broken at entry" "$ERR"; then
  bad "the attacker's recomputation should leave a consistent chain (test script wrong?)"
else ok; fi
restore
run audit verify
expect_rc 0 "intact after restoring"

# --- a forged anchor (the attacker cannot compute its HMAC)
cp -p "$HEADF" "$WORK/head.good"
sed -i "s/^seq .*/seq $((N - 3))/" "$HEADF"
run audit verify
expect_rc 1 "an anchor edited to hide a deletion"
expect_err "was altered or not signed with this key" "forged anchor"
rm -f "$HEADF"
run audit verify
expect_rc 1 "the anchor file deleted"
expect_err "anchor file .* is missing" "missing anchor"
cp -p "$WORK/head.good" "$HEADF"

# --- truncated to before a head printed earlier, key and anchor gone too
save
mv "$KEY" "$WORK/key.away"
mv "$HEADF" "$WORK/head.away"
run audit verify
expect_rc 1 "no key: the head cannot be checked"
expect_err "no audit anchor key" "says the key is missing"
run audit verify --head "$H1"
expect_rc 0 "no key, but the printed head witnesses the log"
expect_err "warning: no audit anchor key" "only a warning with a witness"
sql "DELETE FROM audit_log WHERE seq >= $H1_SEQ" >/dev/null
run audit verify --head "$H1"
expect_rc 1 "truncated to before the printed head"
expect_err "entries $H1_SEQ to $H1_SEQ are missing: the printed head \(--head\) is entry $H1_SEQ" \
  "the witness names the missing entries"
run audit verify
expect_rc 1 "truncated, no key"
mv "$WORK/key.away" "$KEY"
mv "$WORK/head.away" "$HEADF"
run audit verify
expect_rc 1 "truncated: caught by the anchor"
restore
run audit verify --head "$H1"
expect_rc 0 "restored"

# --- concurrent writers (several processes) keep the anchor on the newest entry
for p in 1 2 3 4; do
  (for i in 1 2 3 4 5; do w; done) &
done
wait
N=$(last_seq)
run audit verify
expect_rc 0 "verify after concurrent writers"
if grep -q "behind" "$ERR"; then bad "concurrent writers left the anchor behind"; else ok; fi
if grep -q "^seq $N$" "$HEADF"; then ok; else bad "the anchor is at the newest entry $N"; fi

# --- a backup copy has no key beside it: checked against the printed head
if ! is_pg; then
  run audit head --format csv
  H2=$(tail -1 "$OUT" | cut -d, -f1,2 | tr , :)
  run backup "$WORK/copy.db"
  expect_rc 0 "backup"
  run --db "$WORK/copy.db" audit verify --head "$H2"
  expect_rc 0 "the copy holds the printed head"
  run --db "$WORK/copy.db" audit verify
  expect_rc 1 "the copy alone cannot rule out a deletion"
  if [ -e "$WORK/copy.db.audit-key" ]; then bad "opening a copy with entries makes no key"; else ok; fi
fi

# --- a database made before anchors: only `init` trusts its head
mv "$KEY" "$WORK/key.old"
mv "$HEADF" "$WORK/head.old"
run unit list
if [ -e "$KEY" ]; then bad "an ordinary command makes no key for a log with entries"; else ok; fi
run init
expect_rc 0 "init on a database without a key"
if [ "$(stat -c %a "$KEY" 2>&1)" = 600 ] && ! cmp -s "$KEY" "$WORK/key.old"; then ok; else
  bad "init makes a new key, mode 600"
fi
run audit verify
expect_rc 0 "verify after init anchored the existing head"

finish
