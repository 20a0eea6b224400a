#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suites.
#
#   tests/pg/server.sh start STATEDIR   initdb + start; writes STATEDIR/env
#   tests/pg/server.sh stop STATEDIR    stop and delete everything
#
# The cluster lives in a temporary directory (under STATEDIR when the
# server's user can reach it, else under /tmp), listens only on 127.0.0.1
# on a free port (found by trying), keeps its unix socket in that
# directory, trusts local connections (-A trust), has the machine's default
# locale (databases get theirs in with-db.sh) and runs with fsync off (test data is disposable). As root it
# runs as the `postgres` user (PostgreSQL refuses to run as root).
#
# STATEDIR/env holds shell assignments for tests/pg/with-db.sh:
#   PG_BINDIR, PG_PORT, PG_URL (postgresql://postgres@127.0.0.1:PORT),
#   PG_HOME (the temporary directory), PG_RUNAS (user or empty), PG_SOCK.
# Missing PostgreSQL binaries are an error (the PG suites must fail, not
# be skipped): `make test` installs them (scripts/install-deps --test).
set -euo pipefail

die() { echo "tests/pg/server.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: server.sh start|stop STATEDIR"
cmd=$1
state=$2

find_bindir() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
  done
  if [ -z "$best" ] && command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir)
    [ -x "$d/initdb" ] && best=$d
  fi
  [ -n "$best" ] || die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin;
  install them with: scripts/install-deps --test  (Debian package postgresql)"
  echo "$best"
}

# as_owner CMD...: runs CMD as the cluster's owner
as_owner() {
  if [ -n "${PG_RUNAS:-}" ]; then
    runuser -u "$PG_RUNAS" -- "$@"
  else
    "$@"
  fi
}

stop() {
  [ -f "$state/env" ] || { rm -rf "$state"; return 0; }
  # shellcheck disable=SC1091
  . "$state/env"
  if [ -f "$PG_HOME/data/postmaster.pid" ]; then
    as_owner "$PG_BINDIR/pg_ctl" -D "$PG_HOME/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
      echo "tests/pg/server.sh: pg_ctl stop failed; see $PG_HOME/log" >&2
  fi
  rm -rf "$PG_HOME" "${PG_SOCK:-}" "$state"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  stop # a server left over from an interrupted run
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  PG_BINDIR=$(find_bindir)
  PG_RUNAS=""
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user
  (the Debian package postgresql creates it)"
    PG_RUNAS=postgres
  fi
  # the temporary directory: under STATEDIR if its owner can reach it
  PG_HOME="$state/cluster"
  mkdir -p "$PG_HOME"
  if [ -n "$PG_RUNAS" ]; then
    chown "$PG_RUNAS" "$PG_HOME"
    if ! runuser -u "$PG_RUNAS" -- test -w "$PG_HOME"; then
      rmdir "$PG_HOME"
      PG_HOME=$(mktemp -d /tmp/parindex-pg.XXXXXX)
      chown "$PG_RUNAS" "$PG_HOME"
    fi
  fi
  chmod 700 "$PG_HOME"
  # unix socket paths are limited to about 100 bytes
  PG_SOCK="$PG_HOME/sock"
  if [ ${#PG_SOCK} -gt 80 ]; then
    PG_SOCK=$(mktemp -d /tmp/parindex-pgsock.XXXXXX)
    [ -z "$PG_RUNAS" ] || chown "$PG_RUNAS" "$PG_SOCK"
  else
    as_owner mkdir -p "$PG_SOCK"
  fi
  # written first, so that stop can clean up whatever happens next
  write_env 0
  # the cluster's locale is the machine's default, as a packaged cluster's
  as_owner "$PG_BINDIR/initdb" -D "$PG_HOME/data" -A trust -U postgres -E UTF8 \
    --no-sync >"$state/initdb.log" 2>&1 ||
    { cat "$state/initdb.log" >&2; die "initdb failed"; }
  local tries=0 port
  while :; do
    tries=$((tries + 1))
    [ $tries -le 25 ] || die "no free port found for PostgreSQL"
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    if as_owner "$PG_BINDIR/pg_ctl" -D "$PG_HOME/data" -l "$PG_HOME/log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$PG_SOCK \
          -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
          -c max_connections=200 -c shared_buffers=32MB" start >/dev/null 2>&1; then
      break
    fi
    # another process took the port between the check and the start
    if grep -qiE "could not (bind|create listen socket)|address already in use" "$PG_HOME/log" 2>/dev/null; then
      as_owner truncate -s 0 "$PG_HOME/log" 2>/dev/null || true
      continue
    fi
    cat "$PG_HOME/log" >&2 2>/dev/null || true
    die "PostgreSQL did not start"
  done
  PG_PORT=$port
  write_env "$port"
  "$PG_BINDIR/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c "SELECT 1" >/dev/null || die "the server does not answer on port $PG_PORT"
  echo "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') on $PG_URL (data in $PG_HOME)"
}

write_env() {
  PG_PORT=$1
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT"
  {
    printf 'PG_BINDIR=%q\n' "$PG_BINDIR"
    printf 'PG_PORT=%q\n' "$PG_PORT"
    printf 'PG_URL=%q\n' "$PG_URL"
    printf 'PG_HOME=%q\n' "$PG_HOME"
    printf 'PG_RUNAS=%q\n' "$PG_RUNAS"
    printf 'PG_SOCK=%q\n' "$PG_SOCK"
  } >"$state/env"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) die "usage: server.sh start|stop STATEDIR" ;;
esac
