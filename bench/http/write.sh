#!/usr/bin/env bash
# HTTP write benchmark: a unit's focal point saving self-scores through the
# JSON API (POST /api/v1/assessments/FW/UNIT/scores, bearer token), the
# write people make most during self-assessment, on two binaries in the
# same run (e.g. the previous release and this one) with the same load
# (wrk, 64 connections). Each write runs the whole rule check inside its
# write transaction (app/workflow.c), so this measures what that costs.
# Prints requests/s and p99 of both and the ratio NEW/REFERENCE. Bounded:
# one warm-up and one measured run of fixed length per binary.
#
#   bench/http/write.sh REFERENCE_BINARY NEW_BINARY
#
# Environment: DURATION (10s), CONNECTIONS (64), SERVER_THREADS (nproc).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REF=${1:?usage: write.sh REFERENCE_BINARY NEW_BINARY}
NEW=${2:?usage: write.sh REFERENCE_BINARY NEW_BINARY}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_THREADS=${SERVER_THREADS:-$(nproc)}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
WORK=$(mktemp -d /tmp/parindex-bench-write.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
FIX="$ROOT/tests/fixtures/cycle"
TODAY=$(TZ=Asia/Ho_Chi_Minh date +%F)

run() { # run NAME BINARY: prints "rps p99_ms"
  local name=$1 bin=$2 db="$WORK/$1.db" port
  "$bin" --db "$db" demo >/dev/null 2>&1
  "$bin" --db "$db" unit import "$FIX/units.csv" >/dev/null
  "$bin" --db "$db" framework import "$FIX/t-agency.json" >/dev/null
  "$bin" --db "$db" cycle open --framework T-AGENCY-2025 --self-until "$TODAY" >/dev/null
  echo 'mat-khau-do-hieu-nang' | "$bin" --db "$db" user add bench-rep --role reporter --unit A1 >/dev/null
  local token
  token=$("$bin" --db "$db" token create bench-rep | grep -oE '[A-Za-z0-9_-]{32,}' | head -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$bin" --db "$db" serve --listen "127.0.0.1:$port" --threads "$SERVER_THREADS" >"$WORK/$name.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local v = (n % 2 == 0) and "8" or "7.5"
  return wrk.format(nil, "/api/v1/assessments/T-AGENCY-2025/A1/scores", nil,
                    '{"criterion": "1.2", "self": ' .. v .. '}')
end
LUA
  wrk -t2 -c"$CONNECTIONS" -d2s -s "$WORK/post.lua" "http://127.0.0.1:$port" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" "http://127.0.0.1:$port" >"$WORK/$name.wrk"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.wrk")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/$name.wrk")
  echo "$rps $p99 ${non2xx:-0}"
}
read -r ref_rps ref_p99 ref_bad < <(run ref "$REF")
read -r new_rps new_p99 new_bad < <(run new "$NEW")
printf '%-10s %12s %10s %10s\n' "" "requests/s" "p99" "non-2xx"
printf '%-10s %12s %10s %10s\n' reference "$ref_rps" "$ref_p99" "$ref_bad" new "$new_rps" "$new_p99" "$new_bad"
awk -v a="$new_rps" -v b="$ref_rps" 'BEGIN { printf "ratio new/reference: %.2f\n", a / b }'
