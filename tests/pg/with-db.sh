#!/usr/bin/env bash
# Runs one test against its own, fresh PostgreSQL database on the server
# that tests/pg/server.sh started:
#
#   tests/pg/with-db.sh STATEDIR NAME COMMAND [ARGS...]
#
# creates the database (unique per run: NAME and this shell's pid, so tests
# run in parallel), exports PARINDEX_TEST_DB=postgresql://.../DB and
# PG_BINDIR (psql, createdb, ...), runs COMMAND, drops the database when
# COMMAND succeeded (a failed test's database stays for a look until the
# server stops), and exits with COMMAND's status.
set -uo pipefail

die() { echo "tests/pg/with-db.sh: $*" >&2; exit 1; }

[ $# -ge 3 ] || die "usage: with-db.sh STATEDIR NAME COMMAND [ARGS...]"
state=$1
name=$2
shift 2
[ -f "$state/env" ] || die "no PostgreSQL test server ($state/env missing): the pg.start test failed or did not run"
# shellcheck disable=SC1091
. "$state/env"
[ "${PG_PORT:-0}" != 0 ] || die "the PostgreSQL test server did not start"

db=$(printf '%s' "$name" | tr -c 'a-zA-Z0-9_' '_' | tr '[:upper:]' '[:lower:]' | cut -c1-40)_$$
# Each database in the Vietnamese locale where the machine has it
# (scripts/install-deps --test generates it), else in the cluster's default:
# parindex needs no particular collation (its text columns are COLLATE "C").
# PARINDEX_PG_LOCALE=default forces the cluster's default.
loc=()
if [ "${PARINDEX_PG_LOCALE:-}" != default ] && locale -a 2>/dev/null | grep -qix 'vi_VN\.utf-\?8'; then
  loc=(--locale=vi_VN.UTF-8)
fi
"$PG_BINDIR/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres -T template0 -E UTF8 \
  "${loc[@]}" "$db" || die "createdb $db failed"

export PARINDEX_TEST_DB="$PG_URL/$db"
export PG_BINDIR PG_URL PG_PORT
"$@"
rc=$?
if [ $rc -eq 0 ]; then
  "$PG_BINDIR/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" >/dev/null 2>&1 || true
else
  echo "tests/pg/with-db.sh: kept database $PARINDEX_TEST_DB for inspection" >&2
fi
exit $rc
