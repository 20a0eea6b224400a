#!/usr/bin/env bash
# HTTP benchmark of the signed-in pages: the dashboard, a unit page, a
# cycle page and an assessment page, each requested with a real session
# cookie (demo users signed in through POST /login with its CSRF token),
# against the public results page as the reference, on one server in one
# run with the same load (wrk, keep-alive, 64 connections). Prints
# requests/s, p99, non-2xx and timeouts of each, and each page's ratio to
# the reference. Targets (issue 11, "Fast while busy"): every signed-in page at
# least 0.3 x the public page's requests/s, and p99 below 50 ms.
#
#   bench/http/signed_in.sh [PARINDEX]      default: build-release/parindex
#
# Environment: FW (HN-COMMUNE-2025, the demo's largest live framework:
# 705 units, an open cycle), UNIT (X-DAI-THANH), PUBLIC
# (/public/results/HN-DEPT-2024),
# PAGES (a space-separated list of LOGIN:PATH, default below), DURATION
# (10s), CONNECTIONS (64), WRK_THREADS (2), WARMUP (2s), SERVER_THREADS
# (nproc), DB (use this database file instead of a fresh demo; it is not
# changed except for sessions), STRICT=1 (exit 1 when a target is missed),
# VERBOSE=1 (print wrk's reports).
#
# Installs wrk when missing. Everything runs on 127.0.0.1 from a temporary
# directory, removed on exit with the server, also on failure or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PARINDEX=${1:-${PARINDEX:-$ROOT/build-release/parindex}}
FW=${FW:-HN-COMMUNE-2025}
UNIT=${UNIT:-X-DAI-THANH}
PUBLIC=${PUBLIC:-/public/results/HN-DEPT-2024}
PAGES=${PAGES:-"leader:/ leader:/?framework=$FW leader:/units/$UNIT leader:/cycles/$FW leader:/assessments/$FW/$UNIT reporter-xa:/assessments/$FW/$UNIT"}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-2s}
NPROC=$(nproc 2>/dev/null || echo 2)
SERVER_THREADS=${SERVER_THREADS:-$NPROC}
PASSWORD=demo-parindex # DEMO_PASSWORD, src/app/user.c

say() { printf 'bench/http: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$PARINDEX" ] || die "no parindex binary at $PARINDEX (make bench builds build-release/)"
if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  say "installing wrk"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/parindex-bench-signed.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# ---- server ------------------------------------------------------------------
if [ -n "${DB:-}" ]; then
  cp "$DB" "$WORK/demo.db"
else
  say "demo database in $WORK"
  "$PARINDEX" --db "$WORK/demo.db" demo >"$WORK/demo.log" 2>&1 ||
    { cat "$WORK/demo.log" >&2; die "parindex demo failed"; }
fi
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
"$PARINDEX" --db "$WORK/demo.db" serve --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "server exited"; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ] && break
  [ "$i" = 300 ] && die "/healthz did not answer within 30 s"
  sleep 0.1
done

# ---- sessions: one per login, through the sign-in form ----------------------------
declare -A COOKIE
sign_in() { # login -> COOKIE[login]
  local login=$1 jar="$WORK/jar-$1" csrf code token
  curl -s -c "$jar" -b "$jar" -o "$WORK/login.html" "$BASE/login"
  csrf=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/login.html" | head -1 | sed 's/.*value="//; s/"$//')
  [ -n "$csrf" ] || die "no CSRF token on /login"
  code=$(curl -s -c "$jar" -b "$jar" -H "Origin: $BASE" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$csrf" --data-urlencode "login=$login" \
    --data-urlencode "password=$PASSWORD" "$BASE/login")
  [ "$code" = 303 ] || die "sign-in of $login answered $code, not 303"
  token=$(awk '$6 == "parindex_session" { print $7 }' "$jar")
  [ -n "$token" ] || die "no session cookie for $login"
  COOKIE[$login]="parindex_session=$token"
}

# ---- measure -------------------------------------------------------------------
parse_wrk() { # wrk's report -> "requests_per_s p99_ms non2xx timeouts"
  awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v + 0
    }
    /^[ \t]*99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { to = $NF }
    END { printf "%s %s %s %s\n", (rps == "" ? "0" : rps), (p99 == "" ? "nan" : p99), (bad == "" ? 0 : bad), (to == "" ? 0 : to) }'
}

RESULTS="$WORK/results.txt"
: >"$RESULTS"
measure() { # name cookie path
  local name=$1 cookie=$2 path=$3 out="$WORK/wrk-$#-$RANDOM.txt" code size hdr=()
  [ -n "$cookie" ] && hdr=(-H "Cookie: $cookie")
  read -r code size < <(curl -s "${hdr[@]}" -o /dev/null -w '%{http_code} %{size_download}\n' "$BASE$path")
  [ "$code" = 200 ] || die "$path as $name answers $code, not 200"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${hdr[@]}" "$BASE$path" >/dev/null 2>&1 || true
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${hdr[@]}" "$BASE$path" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed against $path"; }
  [ -n "${VERBOSE:-}" ] && cat "$out" >&2
  printf '%s %s %s %s\n' "$name" "$path" "$size" "$(parse_wrk <"$out")" >>"$RESULTS"
}

for spec in $PAGES; do
  login=${spec%%:*}
  [ -n "${COOKIE[$login]:-}" ] || sign_in "$login"
done
say "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up each)"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
measure public "" "$PUBLIC"
for spec in $PAGES; do
  measure "${spec%%:*}" "${COOKIE[${spec%%:*}]}" "${spec#*:}"
done

LOAD1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# ---- report ----------------------------------------------------------------------
awk -v load0="$LOAD0" -v load1="$LOAD1" -v nproc="$NPROC" -v st="$SERVER_THREADS" -v t="$WRK_THREADS" -v c="$CONNECTIONS" \
    -v d="$DURATION" -v strict="${STRICT:-0}" '
  NR == 1 { ref = $4 }
  { who[NR] = $1; path[NR] = $2; size[NR] = $3; rps[NR] = $4; p99[NR] = $5; bad[NR] = $6; to[NR] = $7 }
  END {
    printf "Signed-in pages: wrk -t%s -c%s -d%s --latency on 127.0.0.1, %s CPU(s), serve --threads %s\n", t, c, d, nproc, st
    printf "load average before / after the runs: %s / %s (other work on the machine skews p99)\n\n", load0, load1
    printf "%-12s %-45s %8s %11s %9s %7s %8s %7s  %s\n", "as", "page", "bytes", "requests/s", "p99 ms", "non-2xx", "timeouts", "ratio", "targets (>= 0.30, < 50 ms)"
    missed = 0
    for (i = 1; i <= NR; i++) {
      r = ref > 0 ? rps[i] / ref : 0
      verdict = "reference"
      if (i > 1) {
        ok = r >= 0.3 && p99[i] < 50 && bad[i] == 0 && to[i] == 0
        if (!ok) missed++
        verdict = sprintf("%s, %s", r >= 0.3 ? "rate met" : "rate MISSED", p99[i] < 50 ? "p99 met" : "p99 MISSED")
      }
      # wrk leaves requests that time out (2 s) out of its latencies
      if (to[i] > 0) { p99[i] = "-"; if (i > 1) verdict = sprintf("rate %s, p99 MISSED (timeouts)", r >= 0.3 ? "met" : "MISSED") }
      printf "%-12s %-45s %8d %11.1f %9s %7d %8d %7.2f  %s\n", who[i], path[i], size[i], rps[i], p99[i] == "-" ? ">2000" : sprintf("%.2f", p99[i]), bad[i], to[i], r, verdict
    }
    printf "\n%d page(s) miss a target\n", missed
    if (strict == 1 && missed) exit 1
  }' "$RESULTS"
