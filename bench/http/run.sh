#!/usr/bin/env bash
# HTTP benchmark: the dynamic published-ranking page of parindex against
# nginx serving a static file with the same bytes, on the same machine, in
# the same run, with the same load (wrk, keep-alive, 64 connections).
# Prints requests/s and p99 latency of both and the ratio; the target
# (docs: DESIGN.md, "Non-functional targets") is parindex >= 0.5 x nginx's
# requests/s and p99 < 20 ms.
#
#   bench/http/run.sh [PARINDEX]        default: build-release/parindex
#
# Environment: PAGE (default /public/results/HN-DEPT-2024, needs no
# sign-in), DURATION (10s), CONNECTIONS (64), WRK_THREADS (2), WARMUP (2s),
# SERVER_THREADS (nproc), STRICT=1 (exit 1 when a target is missed),
# VERBOSE=1 (also print wrk's own reports), SIGNED_IN=0 (skip the
# signed-in pages, bench/http/signed_in.sh, which run next by default).
#
# Installs wrk and nginx from Debian when missing. Everything runs on
# 127.0.0.1 from a temporary directory: a fresh demo database, our own
# nginx (its own config, prefix and pid file; the system service is never
# touched) and `parindex serve`; both are stopped and the directory
# removed on exit, also on failure or Ctrl-C. Bounded: two warm-ups and two
# measured runs of fixed length.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PARINDEX=${1:-${PARINDEX:-$ROOT/build-release/parindex}}
PAGE=${PAGE:-/public/results/HN-DEPT-2024}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-2s}
NPROC=$(nproc 2>/dev/null || echo 2)
SERVER_THREADS=${SERVER_THREADS:-$NPROC}

say() { printf 'bench/http: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$PARINDEX" ] || die "no parindex binary at $PARINDEX (make bench builds build-release/)"
export PATH="$PATH:/usr/sbin:/sbin"

# ---- tools ----------------------------------------------------------------
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- scratch directory and cleanup -----------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/parindex-bench-http.XXXXXX")
SERVER_PID=""
NGINX_PID=""
stop_pid() { # pid: TERM, wait up to 5 s, then KILL
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$SERVER_PID"
  stop_pid "$NGINX_PID"
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nobody listens on now (bash's /dev/tcp connects when one does).
free_port() {
  local p i
  for i in $(seq 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "no free port found"
}

# Waits until URL answers 200 (at most 30 s) while pid lives.
wait_http() {
  local url=$1 pid=$2 log=$3 i
  for i in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" "$WORK/logs/error.log" >&2 2>/dev/null; die "server exited before $url answered"; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ] && return 0
    sleep 0.1
  done
  tail -20 "$log" "$WORK/logs/error.log" >&2 2>/dev/null
  die "$url did not answer 200 within 30 s"
}

# ---- parindex --------------------------------------------------------------
DB="$WORK/demo.db"
say "demo database in $WORK"
"$PARINDEX" --db "$DB" demo >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log" >&2; die "parindex demo failed"; }
PPORT=$(free_port) || exit 1
"$PARINDEX" --db "$DB" serve --listen "127.0.0.1:$PPORT" --threads "$SERVER_THREADS" \
  >"$WORK/parindex.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$PPORT/healthz" "$SERVER_PID" "$WORK/parindex.log"

# the page once: it must be a real page, and its bytes become nginx's file
PURL="http://127.0.0.1:$PPORT$PAGE"
mkdir -p "$WORK/www" "$WORK/tmp" "$WORK/logs"
code=$(curl -s -o "$WORK/www/page.html" -w '%{http_code}' "$PURL")
if [ "$code" = 501 ]; then
  die "$PAGE answers 501: the page is still a stub, nothing to measure"
fi
[ "$code" = 200 ] || die "$PAGE answers $code, not 200"
# nginx's workers drop root privileges: they must be able to read the file
chmod 755 "$WORK" "$WORK/www"
chmod 644 "$WORK/www/page.html"
SIZE=$(stat -c %s "$WORK/www/page.html")
[ "$SIZE" -gt 0 ] || die "$PAGE is empty"

# ---- nginx -----------------------------------------------------------------
NPORT=$(free_port) || exit 1
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fastcgi;
  uwsgi_temp_path $WORK/tmp/uwsgi;
  scgi_temp_path $WORK/tmp/scgi;
  default_type text/html;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NPORT;
    root $WORK/www;
    location / { try_files /page.html =404; }
  }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/logs/error.log" >"$WORK/nginx.log" 2>&1 &
NGINX_PID=$!
NURL="http://127.0.0.1:$NPORT$PAGE"
wait_http "$NURL" "$NGINX_PID" "$WORK/nginx.log"
NSIZE=$(curl -s -o /dev/null -w '%{size_download}' "$NURL")
[ "$NSIZE" = "$SIZE" ] || die "nginx serves $NSIZE bytes, the page has $SIZE"

# ---- measure ---------------------------------------------------------------
# wrk's report -> "requests_per_s p99_ms non2xx"
parse_wrk() {
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
    /Socket errors:/ { err = $0 }
    END { printf "%s %s %s\n", (rps == "" ? "0" : rps), (p99 == "" ? "nan" : p99), (bad == "" ? 0 : bad) }'
}

run_wrk() { # name url: a warm-up, then the measured run into $WORK/wrk-NAME.txt
  local name=$1 url=$2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null 2>&1 || true
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$WORK/wrk-$name.txt" 2>&1 ||
    { cat "$WORK/wrk-$name.txt" >&2; die "wrk failed against $name"; }
}

say "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up each)"
run_wrk parindex "$PURL"
run_wrk nginx "$NURL"
read -r P_RPS P_P99 P_BAD < <(parse_wrk <"$WORK/wrk-parindex.txt")
read -r N_RPS N_P99 N_BAD < <(parse_wrk <"$WORK/wrk-nginx.txt")
if [ -n "${VERBOSE:-}" ]; then
  cat "$WORK/wrk-parindex.txt" "$WORK/wrk-nginx.txt" >&2
fi

# ---- report ----------------------------------------------------------------
awk -v page="$PAGE" -v size="$SIZE" -v nproc="$NPROC" -v st="$SERVER_THREADS" \
    -v t="$WRK_THREADS" -v c="$CONNECTIONS" -v d="$DURATION" \
    -v prps="$P_RPS" -v pp99="$P_P99" -v pbad="$P_BAD" \
    -v nrps="$N_RPS" -v np99="$N_P99" -v nbad="$N_BAD" 'BEGIN {
  printf "HTTP benchmark: wrk -t%s -c%s -d%s --latency on 127.0.0.1, %s CPU(s)\n", t, c, d, nproc
  printf "page %s, %d bytes; parindex serve --threads %s; nginx worker_processes auto\n\n", page, size, st
  printf "%-30s %14s %10s %10s\n", "server", "requests/s", "p99 ms", "non-2xx"
  printf "%-30s %14.1f %10.2f %10d\n", "parindex (dynamic page)", prps, pp99, pbad
  printf "%-30s %14.1f %10.2f %10d\n", "nginx (static, same bytes)", nrps, np99, nbad
  ratio = nrps > 0 ? prps / nrps : 0
  printf "\nratio parindex/nginx requests/s: %.2f   (target >= 0.50: %s)\n", ratio, (ratio >= 0.5 ? "met" : "MISSED")
  printf "parindex p99: %.2f ms              (target < 20 ms: %s)\n", pp99, (pp99 < 20 ? "met" : "MISSED")
  if ((pbad > 0) || (nbad > 0)) printf "warning: non-2xx responses were counted; the figures are not comparable\n"
}'
# ---- the signed-in pages, same machine, next (bench/http/signed_in.sh) ------
if [ "${SIGNED_IN:-1}" != 0 ]; then
  stop_pid "$SERVER_PID"; SERVER_PID=""
  stop_pid "$NGINX_PID"; NGINX_PID=""
  echo
  "$ROOT/bench/http/signed_in.sh" "$PARINDEX"
fi
if [ "${STRICT:-0}" = 1 ]; then
  awk -v p="$P_RPS" -v n="$N_RPS" -v l="$P_P99" -v b="$P_BAD" \
    'BEGIN { exit !(n > 0 && p / n >= 0.5 && l < 20 && b == 0) }' || exit 1
fi
