#!/usr/bin/env bash
# A standby that takes over, and no acknowledged write lost
# (docs/operations.md, "Failover"):
#   1. a PostgreSQL primary and a synchronous streaming standby on loopback
#      (Debian's postgresql; synchronous_commit = on, the standby named in
#      synchronous_standby_names, so a commit returns only once the standby
#      has the WAL);
#   2. `parindex serve` on a multi-host URL
#      (postgresql://h1,h2/db?target_session_attrs=read-write);
#   3. four writers post task reports through the JSON API at once, each
#      with its own note, and keep the notes of the acknowledged ones (201);
#   4. a quarter of the way the primary is killed (pg_ctl -m immediate),
#      with requests in flight, and the standby promoted a second later;
#      the writers go on;
#   5. checks: every answer was 201 or 503 (a clean refusal, never a 500
#      or a hang), writes succeed again after the promotion without
#      restarting parindex, every acknowledged note is in the promoted
#      database, `audit verify` passes there.
# Runs as the ctest test pg.failover (its own two clusters, not the shared
# pg fixture). Prints the figures: writes acknowledged before and after, 503s,
# seconds without service.
set -uo pipefail
: "${PARINDEX:?PARINDEX must point to the binary}"
: "${FIXTURES:?}"
die() { echo "tests/pg/failover.sh: $*" >&2; exit 1; }

BIN=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && BIN=$d; done
[ -n "$BIN" ] || die "PostgreSQL server binaries not found (scripts/install-deps --test)"
RUNAS=""
[ "$(id -u)" -ne 0 ] || RUNAS=postgres
as_owner() { if [ -n "$RUNAS" ]; then runuser -u "$RUNAS" -- "$@"; else "$@"; fi; }
free_port() {
  local p
  while :; do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

HOME_DIR=$(mktemp -d /tmp/parindex-failover.XXXXXX)
[ -z "$RUNAS" ] || chown "$RUNAS" "$HOME_DIR"
SRV_PID=""
cleanup() {
  [ -z "$SRV_PID" ] || kill "$SRV_PID" 2>/dev/null
  for d in primary standby; do
    [ -f "$HOME_DIR/$d/postmaster.pid" ] &&
      as_owner "$BIN/pg_ctl" -D "$HOME_DIR/$d" -m immediate -w stop >/dev/null 2>&1
  done
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

P1=$(free_port)
P2=$(free_port)
[ "$P1" != "$P2" ] || P2=$((P1 + 1))
as_owner "$BIN/initdb" -D "$HOME_DIR/primary" -A trust -U postgres -E UTF8 >"$HOME_DIR/initdb.log" 2>&1 ||
  { cat "$HOME_DIR/initdb.log"; die "initdb failed"; }
as_owner tee -a "$HOME_DIR/primary/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$HOME_DIR'
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
synchronous_standby_names = 'standby1'
EOF
as_owner "$BIN/pg_ctl" -D "$HOME_DIR/primary" -l "$HOME_DIR/primary.log" -w start >/dev/null ||
  { cat "$HOME_DIR/primary.log"; die "the primary did not start"; }
as_owner "$BIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U postgres -D "$HOME_DIR/standby" -R -X stream ||
  die "pg_basebackup failed"
# postgresql.auto.conf (written by -R) wins over postgresql.conf: the
# standby's name goes there, after pg_basebackup's own primary_conninfo
as_owner tee -a "$HOME_DIR/standby/postgresql.auto.conf" >/dev/null <<EOF
port = $P2
primary_conninfo = 'host=127.0.0.1 port=$P1 user=postgres application_name=standby1'
EOF
as_owner "$BIN/pg_ctl" -D "$HOME_DIR/standby" -l "$HOME_DIR/standby.log" -w start >/dev/null ||
  { cat "$HOME_DIR/standby.log"; die "the standby did not start"; }
# the standby streams synchronously before any write counts
for _ in $(seq 50); do
  st=$("$BIN/psql" -X -At -h 127.0.0.1 -p "$P1" -U postgres -d postgres \
    -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")
  [ "$st" = sync ] && break
  sleep 0.2
done
[ "$st" = sync ] || die "the standby is not a synchronous standby (state '$st')"
"$BIN/createdb" -h 127.0.0.1 -p "$P1" -U postgres -T template0 -E UTF8 parindex ||
  die "createdb failed"

export PARINDEX_DB="postgresql://postgres@127.0.0.1:$P1,127.0.0.1:$P2/parindex?target_session_attrs=read-write&connect_timeout=2"
export PARINDEX_AUDIT_KEY="$HOME_DIR/audit-key"
export PARINDEX_TODAY=2026-07-10
px() { "$PARINDEX" "$@" >"$HOME_DIR/px.out" 2>&1 || { cat "$HOME_DIR/px.out"; die "parindex $* failed"; }; }
px init
px unit import "$FIXTURES/plans/units.csv"
px plan import "$FIXTURES/plans/city.csv"
px plan import "$FIXTURES/plans/dept.csv"
echo 'mat-khau-bao-cao-1' | px user add bc --role reporter --unit SO-VH
px token create bc --label failover
TOKEN=$(grep -oE '[A-Za-z0-9_-]{32,}' "$HOME_DIR/px.out" | head -1)
[ -n "$TOKEN" ] || { cat "$HOME_DIR/px.out"; die "no token in the output of token create"; }

PORT=$(free_port)
"$PARINDEX" serve --listen "127.0.0.1:$PORT" --threads 4 >"$HOME_DIR/serve.log" 2>&1 &
SRV_PID=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" || { cat "$HOME_DIR/serve.log"; die "serve did not start"; }

# write I: one task report, note "w-I"; prints the HTTP status
write() {
  curl -s -o "$HOME_DIR/body.$1" -w '%{http_code}' --max-time 30 \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"status\":\"in_progress\",\"date\":\"2026-07-01\",\"progress\":$(($1 % 100)),\"note\":\"w-$1\"}" \
    "http://127.0.0.1:$PORT/api/v1/plans/KH-2026-SO-VH/tasks/2/reports"
}

# W writers at once, each posting its share of N writes one after the
# other and logging "I STATUS EPOCH" per answer; the primary is killed
# while they run (so some requests are in flight at that moment), the
# standby promoted a second later
N=${FAILOVER_WRITES:-400}
W=4
for w in $(seq 0 $((W - 1))); do
  (
    for i in $(seq $((w + 1)) "$W" "$N"); do
      code=$(write "$i")
      echo "$i $code $(date +%s.%N)"
      [ "$code" != 201 ] && [ "$code" != 200 ] && [ "$code" != 503 ] &&
        echo "write $i: HTTP $code: $(head -c 300 "$HOME_DIR/body.$i" 2>/dev/null)" >&2
      rm -f "$HOME_DIR/body.$i"
    done >"$HOME_DIR/writer.$w"
  ) &
done
# the crash, once a quarter of the writes are in
while [ "$(cat "$HOME_DIR"/writer.* 2>/dev/null | wc -l)" -lt $((N / 4)) ]; do sleep 0.05; done
as_owner "$BIN/pg_ctl" -D "$HOME_DIR/primary" -m immediate -w stop >/dev/null || die "kill the primary"
t_kill=$(date +%s.%N)
# the operator (or Patroni) promotes the standby a second later
sleep 1
as_owner "$BIN/pg_ctl" -D "$HOME_DIR/standby" -w promote >/dev/null || die "promote the standby"
# alone now: commits must not wait for a synchronous standby that is gone
# (Patroni and pg_auto_failover do this step themselves)
"$BIN/psql" -X -q -h 127.0.0.1 -p "$P2" -U postgres -d postgres \
  -c "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null ||
  die "clear synchronous_standby_names on the promoted standby"
t_promoted=$(date +%s.%N)
wait $(jobs -p | grep -v "^$SRV_PID\$") 2>/dev/null
cat "$HOME_DIR"/writer.* >"$HOME_DIR/answers"
before=$(awk -v t="$t_kill" '($2 == 201 || $2 == 200) && $3 < t' "$HOME_DIR/answers" | wc -l)
after=$(awk -v t="$t_promoted" '($2 == 201 || $2 == 200) && $3 > t' "$HOME_DIR/answers" | wc -l)
refused=$(awk '$2 == 503' "$HOME_DIR/answers" | wc -l)
other=$(awk '$2 != 201 && $2 != 200 && $2 != 503' "$HOME_DIR/answers" | wc -l)
t_back=$(awk -v t="$t_kill" '($2 == 201 || $2 == 200) && $3 > t { print $3 }' "$HOME_DIR/answers" | sort -n | head -1)
mapfile -t acked < <(awk '$2 == 201 || $2 == 200 { print "w-" $1 }' "$HOME_DIR/answers")
answered=$(wc -l <"$HOME_DIR/answers")
[ "$answered" -eq "$N" ] || { echo "FAIL: $answered answers to $N writes" >&2; other=$((other + 1)); }

fail=0
[ "$other" -eq 0 ] || { echo "FAIL: $other answers neither 201 nor 503" >&2; fail=1; }
[ "$after" -gt 0 ] || { echo "FAIL: no write succeeded after the promotion (parindex did not reconnect)" >&2; fail=1; tail -20 "$HOME_DIR/serve.log" >&2; }
[ "$before" -gt 0 ] || { echo "FAIL: no write succeeded before the crash" >&2; fail=1; }
# every acknowledged write is on the promoted standby
"$BIN/psql" -X -At -h 127.0.0.1 -p "$P2" -U postgres -d parindex \
  -c "SELECT note FROM plan_report WHERE note LIKE 'w-%'" | sort >"$HOME_DIR/present"
printf '%s\n' "${acked[@]}" | sort >"$HOME_DIR/acked"
lost=$(comm -23 "$HOME_DIR/acked" "$HOME_DIR/present" | wc -l)
[ "$lost" -eq 0 ] || { echo "FAIL: $lost acknowledged writes lost: $(comm -23 "$HOME_DIR/acked" "$HOME_DIR/present" | head -5 | tr '\n' ' ')" >&2; fail=1; }
kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; SRV_PID=""
export PARINDEX_DB="postgresql://postgres@127.0.0.1:$P2/parindex"
"$PARINDEX" audit verify >"$HOME_DIR/verify" 2>&1 || { echo "FAIL: audit verify on the promoted standby" >&2; cat "$HOME_DIR/verify" >&2; fail=1; }
gap=$(awk -v a="$t_kill" -v b="${t_back:-0}" 'BEGIN { if (b > 0) printf "%.1f", b - a; else print "-" }')
echo "failover: $N writes by $W writers; ${#acked[@]} acknowledged ($before before the crash," \
  "$after after the promotion); $refused refused with 503; $other other answers;" \
  "$lost acknowledged writes lost; ${gap}s from the crash to the next acknowledged write" \
  "(the promotion came 1 s after the crash)"
exit $fail
