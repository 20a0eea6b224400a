#!/usr/bin/env bash
# Citizen ratings benchmark (DESIGN.md "Non-functional targets"; issue 15):
# wrk posting ratings to POST /rate/{token} (64 connections, a Lua script
# cycling through the tokens of many finished dossiers), against, in the
# same run on the same disk, a baseline that stores one rating per
# transaction from one connection (bench/http/ratings_baseline.c):
#   SQLite:     WAL, synchronous=FULL, one upsert + COMMIT per rating
#   PostgreSQL: one INSERT ... ON CONFLICT + COMMIT per rating
#               (a cluster of our own with fsync=on, synchronous_commit=on)
# Targets: ratings/s >= 4x the baseline, p99 < 20 ms. Prints both, the
# ratio, wrk's non-2xx/3xx count and the group commit's batches.
#
#   bench/http/ratings.sh [PARINDEX]      default: build/parindex
#
# Environment: DURATION (5s), CONNECTIONS (64), SQLITE=0 / PG=0 (skip one),
# SERVER_THREADS (64: a
# rating waits for its batch on its worker thread, docs/internals/
# group-commit.md), PG=0 (skip PostgreSQL), WORKDIR (a directory on the
# disk to measure; default a temporary one under build/).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PARINDEX=${1:-${PARINDEX:-$ROOT/build/parindex}}
DURATION=${DURATION:-5s}
SECS=${DURATION%s}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_THREADS=${SERVER_THREADS:-$(nproc)}
PG=${PG:-1}
SQLITE=${SQLITE:-1}
[ -x "$PARINDEX" ] || { echo "no parindex at $PARINDEX" >&2; exit 1; }
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
mkdir -p "$ROOT/build"
WORK=${WORKDIR:-$(mktemp -d "$ROOT/build/bench-ratings.XXXXXX")}
PID=
PGDATA_DIR=
PG_BINDIR=
PG_RUNAS=
as_pg() { if [ -n "$PG_RUNAS" ]; then runuser -u "$PG_RUNAS" -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null
  wait 2>/dev/null || true
  [ -n "$PGDATA_DIR" ] && as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

cc -O2 -o "$WORK/baseline" "$ROOT/bench/http/ratings_baseline.c" $(pkg-config --cflags --libs sqlite3 libpq)

cat >"$WORK/post.lua" <<'LUA'
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local i = 0
request = function()
  i = i + 1
  local t = tokens[(i * 7919 + (wrk.thread_id or 0)) % #tokens + 1]
  return wrk.format("POST", "/rate/" .. t,
    { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "rating=" .. (i % 5 + 1) .. "&comment=bench")
end
setup = function(thread) thread:set("thread_id", math.random(1, 100000)) end
LUA

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# serve_and_measure NAME DBURL: prints "rps p99_ms bad batches items"
serve_and_measure() {
  local name=$1 db=$2 port
  "$PARINDEX" --db "$db" demo >"$WORK/$name.demo.log" 2>&1 || { cat "$WORK/$name.demo.log" >&2; exit 1; }
  : >"$WORK/$name.tokens"
  for unit in P-BA-DINH P-BACH-MAI P-CAU-GIAY P-DONG-DA P-HOAN-KIEM; do
    for m in 01 02 03 04 05 06; do
      "$PARINDEX" --db "$db" dossier rating-tokens --unit "$unit" --month "2026-$m" --format csv |
        tail -n +2 | cut -d, -f2 >>"$WORK/$name.tokens"
    done
  done
  port=$(free_port)
  PARINDEX_RATINGS_PER_HOUR=0 "$PARINDEX" --db "$db" serve --listen "127.0.0.1:$port" \
    --threads "$SERVER_THREADS" >"$WORK/$name.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  # the server's start-up refresh holds the writer lock while it runs: wait for it
  for _ in $(seq 1200); do grep -q 'daily refresh' "$WORK/$name.log" && break; sleep 0.1; done
  TOKENS="$WORK/$name.tokens" wrk -t2 -c"$CONNECTIONS" -d1s -s "$WORK/post.lua" "http://127.0.0.1:$port" >/dev/null
  TOKENS="$WORK/$name.tokens" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" \
    "http://127.0.0.1:$port" >"$WORK/$name.wrk"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  local rps p99 bad stored
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/$name.wrk")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) sub("ms","",v); else if (v ~ /s$/) {sub("s","",v); v*=1000}; print v}' "$WORK/$name.wrk")
  bad=$(awk '/Non-2xx or 3xx/ {print $5}' "$WORK/$name.wrk")
  stored=$(wc -l <"$WORK/$name.tokens")
  echo "$rps $p99 ${bad:-0} $stored"
}

report() { # NAME RPS P99 BAD TOKENS BASE_RPS BASE_P99
  awk -v n="$1" -v r="$2" -v p="$3" -v b="$4" -v t="$5" -v br="$6" -v bp="$7" 'BEGIN {
    printf "%-10s ratings over HTTP: %8d/s  p99 %6.2f ms  non-2xx/3xx %s  (%d tokens)\n", n, r, p, b, t;
    printf "%-10s baseline 1/txn:    %8d/s  p99 %6.2f ms\n", n, br, bp;
    printf "%-10s ratio %.2fx (target >= 4x), p99 target < 20 ms: %s\n", n, r / br,
      (r >= 4 * br && p < 20) ? "met" : "NOT met" }'
}

# ---- SQLite ----
if [ "$SQLITE" = 1 ]; then
  read -r s_rps s_p99 s_bad s_tok < <(serve_and_measure sqlite "$WORK/ratings.db")
  read -r b_rps b_p99 < <("$WORK/baseline" sqlite "$WORK/baseline.db" "$SECS")
  report sqlite "$s_rps" "$s_p99" "$s_bad" "$s_tok" "$b_rps" "$b_p99"
  grep 'group commit' "$WORK/sqlite.log" >&2 || true
fi

# ---- PostgreSQL (our own cluster, durable settings) ----
[ "$PG" = 1 ] || exit 0
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && PG_BINDIR=$d; done
[ -n "$PG_BINDIR" ] || { echo "no PostgreSQL binaries" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] && PG_RUNAS=postgres
PGDATA_DIR="$WORK/pg"
mkdir -p "$PGDATA_DIR"; [ -n "$PG_RUNAS" ] && chown "$PG_RUNAS" "$PGDATA_DIR" "$WORK"
chmod 700 "$PGDATA_DIR"
as_pg "$PG_BINDIR/initdb" -D "$PGDATA_DIR" -A trust -U postgres -E UTF8 >/dev/null
pgport=$(free_port)
as_pg "$PG_BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $pgport -c unix_socket_directories=$PGDATA_DIR -c fsync=on -c synchronous_commit=on -c max_connections=200" \
  start >/dev/null
"$PG_BINDIR/createdb" -h 127.0.0.1 -p "$pgport" -U postgres -T template0 -E UTF8 ratings
"$PG_BINDIR/createdb" -h 127.0.0.1 -p "$pgport" -U postgres -T template0 -E UTF8 baseline
export PARINDEX_AUDIT_KEY="$WORK/pg.audit-key"
read -r p_rps p_p99 p_bad p_tok < <(serve_and_measure pg "postgresql://postgres@127.0.0.1:$pgport/ratings")
read -r q_rps q_p99 < <("$WORK/baseline" pg "host=127.0.0.1 port=$pgport user=postgres dbname=baseline" "$SECS")
report postgres "$p_rps" "$p_p99" "$p_bad" "$p_tok" "$q_rps" "$q_p99"
grep 'group commit' "$WORK/pg.log" >&2 || tail -5 "$WORK/pg.log" >&2
