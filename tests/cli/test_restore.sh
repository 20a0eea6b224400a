#!/usr/bin/env bash
# parindex backup and restore (issue 18): a backup taken while a writer is
# busy restores to a database that passes integrity_check and audit verify;
# restore checks the backup first (not a file, not SQLite, damaged, a
# broken chain: refused, nothing changed), refuses to replace a database
# that holds data without --force, and after a forced restore the old
# anchor is kept aside and a new one anchors the restored head. SQLite only:
# on PostgreSQL (pg.cli.test_restore) both commands refuse and point to
# pg_dump / pg_restore.
. "$(dirname "$0")/lib.sh"
U="$FIXTURES/units"

run init
run unit import "$U/good.csv"
expect_rc 0 "units"

case "$PARINDEX_DB" in
  postgres://* | postgresql://*)
    run backup "$WORK/b.db"
    expect_rc 1 "backup on PostgreSQL"
    expect_err "pg_dump" "points to pg_dump"
    run restore "$WORK/b.db"
    expect_rc 1 "restore on PostgreSQL"
    expect_err "pg_restore" "points to pg_restore"
    finish
    exit
    ;;
esac

# a backup during writes: a writer keeps importing while the copy runs
(for i in $(seq 1 15); do "$PARINDEX" unit import "$U/update.csv" >/dev/null 2>&1; "$PARINDEX" unit import "$U/good.csv" >/dev/null 2>&1; done) &
writer=$!
sleep 0.2
run backup "$WORK/during.db"
expect_rc 0 "backup while a writer writes"
wait $writer
head_after=$(sql "SELECT max(seq) FROM audit_log" | grep -E '^ *[0-9]+ *$' | head -1 | tr -d ' ')

# the backup's own checks: each refused, the database untouched
before=$(md5sum <"$PARINDEX_DB")
run restore "$WORK/none.db"
expect_rc 1 "a missing file"
expect_err "không phải bản sao lưu đọc được .* not a readable backup" "missing file message"
printf 'not a database at all, just text\n%.0s' $(seq 200) >"$WORK/text.db"
run restore "$WORK/text.db"
expect_rc 1 "a text file"
expect_err "not a readable backup" "not SQLite"
sqlite3 "$WORK/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
run restore "$WORK/other.db"
expect_rc 1 "a SQLite file of another program"
expect_err "is not a parindex database" "not parindex"
cp "$WORK/during.db" "$WORK/forged.db"
sqlite3 "$WORK/forged.db" "UPDATE audit_log SET detail = detail || ' (sửa)' WHERE seq = 2"
run restore "$WORK/forged.db"
expect_rc 1 "a backup whose audit chain was altered"
expect_err "does not verify \(entry 2\)" "the first altered entry named"
cp "$WORK/during.db" "$WORK/torn.db"
# overwrite a page in the middle of the file: integrity_check must catch it
pages=$(($(stat -c %s "$WORK/torn.db") / 4096))
dd if=/dev/urandom of="$WORK/torn.db" bs=4096 seek=$((pages / 2)) count=1 conv=notrunc 2>/dev/null
run restore "$WORK/torn.db"
expect_rc 1 "a damaged backup"
expect_err "damaged|not a readable backup|does not verify" "damage reported"
[ "$(md5sum <"$PARINDEX_DB")" = "$before" ] && ok || bad "a refused restore changed the database"

# a database holding data is replaced only with --force
run restore "$WORK/during.db"
expect_rc 1 "no --force on a database with data"
expect_err "holds data \([0-9]+ audit entries.*add --force" "what it holds, and --force"
[ "$(md5sum <"$PARINDEX_DB")" = "$before" ] && ok || bad "the refusal changed the database"

run restore "$WORK/during.db" --force
expect_rc 0 "forced restore"
expect_out "restored .*during.db.*audit entries, intact" "restored and checked"
backup_head=$(sqlite3 "$WORK/during.db" "SELECT max(seq) FROM audit_log")
if [ "$head_after" -gt "$backup_head" ]; then
  expect_out "$((head_after - backup_head)) audit entries newer than the backup" "the loss counted"
fi
expect_out "old anchor key kept as .*before-restore-" "old anchor kept"
ls "$PARINDEX_DB".audit-key.before-restore-* >/dev/null 2>&1 && ok || bad "old key not found aside"
run audit verify
expect_rc 0 "audit verify after the restore (new anchor)"
[ "$(sqlite3 "$PARINDEX_DB" 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check after restore"
[ "$(sqlite3 "$PARINDEX_DB" 'SELECT max(seq) FROM audit_log')" = "$backup_head" ] && ok ||
  bad "the restored head is not the backup's"
# the restored database works: a write goes on the restored chain
run unit import "$U/update.csv"
expect_rc 0 "a write after the restore"
run audit verify
expect_rc 0 "and the chain still verifies"

# into a new file: no --force needed
run --db "$WORK/fresh.db" restore "$WORK/during.db"
expect_rc 0 "restore into a new file"
run --db "$WORK/fresh.db" audit verify
expect_rc 0 "the new file verifies"
finish
