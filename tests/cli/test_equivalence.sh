#!/usr/bin/env bash
# SQLite and PostgreSQL give byte-identical results. The same commands run
# on a SQLite file and on the PostgreSQL database of this test
# (PARINDEX_TEST_DB; CTest runs this script only as pg.cli.test_equivalence),
# and their stdout, stderr and exit status are compared byte for byte
# (with the database name replaced by <db>):
#   1. the fixture register: imports (good, rejected, updates, staff),
#      then every listing;
#   2. `demo --force` over it (wipe and load the demo city), then every
#      listing again, with the history of a sample of units.
# A new listing command is one line in LISTINGS (e.g. the future
# `score --framework HN-2025`); each runs in every format of FORMATS.
. "$(dirname "$0")/lib.sh"
if ! is_pg; then
  bad "test_equivalence needs PARINDEX_TEST_DB=postgresql://... (CTest: pg.cli.test_equivalence)"
  finish
  exit 1
fi
U="$FIXTURES/units"
SQLITE_DB="$WORK/eq.db"
PG_DB="$PARINDEX_DB"

FORMATS=(csv json)
# listing commands, compared in every format after every scenario
LISTINGS=(
  "unit list"
  "unit list --kind ward --date 2025-07-01"
  "unit list --date 2025-06-30"
  "unit tree --date 2025-06-30"
  "unit tree --date 2025-07-01"
  "unit stats --from 2025-06-30 --to 2025-07-01"
  "unit stats --from 2024-01-01 --to 2025-12-31"
  "staff list"
  "staff list --unit SO-NV"
)

# both ARGS...: runs parindex on SQLite and on PostgreSQL; compares stdout,
# stderr and exit status
both() {
  local d
  for d in sqlite pg; do
    local url=$SQLITE_DB
    [ $d = pg ] && url=$PG_DB
    PARINDEX_DB="$url" "$PARINDEX" "$@" >"$WORK/$d.out" 2>"$WORK/$d.err"
    echo "$?" >"$WORK/$d.rc"
    # the database's own name is the only thing allowed to differ
    sed -i "s|$url|<db>|g" "$WORK/$d.out" "$WORK/$d.err"
  done
  local what
  for what in out err rc; do
    if cmp -s "$WORK/sqlite.$what" "$WORK/pg.$what"; then ok; else
      bad "parindex $*: $what differs between SQLite (<) and PostgreSQL (>)"
      diff "$WORK/sqlite.$what" "$WORK/pg.$what" | head -10 >&2
    fi
  done
}

listings() {
  local l f
  for l in "${LISTINGS[@]}"; do
    for f in "${FORMATS[@]}"; do
      # shellcheck disable=SC2086
      both $l --format "$f"
    done
  done
}

# history of every Nth unit of the register (on both, the list is the same)
histories() {
  local every=$1 i=0 code
  PARINDEX_DB="$SQLITE_DB" "$PARINDEX" unit list --format csv | tail -n +2 | cut -d, -f1 >"$WORK/codes"
  while read -r code; do
    if [ $((i % every)) -eq 0 ]; then
      both unit history "$code" --format csv
      both unit history "$code" --format json
    fi
    i=$((i + 1))
  done <"$WORK/codes"
}

# 1. the fixture register
both init
both unit import "$U/good.csv"
for f in bad_duplicate.csv bad_parent.csv bad_cycle.csv bad_validity.csv bad_quota.csv; do
  both unit import "$U/$f"
done
both unit import "$U/update.csv"
both unit import "$U/crlf_quoted.csv"
both staff import "$U/staff.csv"
both staff import "$U/bad_staff.csv"
both audit verify
listings
histories 1
both unit history NOPE

# 2. the demo city, loaded over it
both demo
both demo --force
both audit verify
listings
histories 40

finish
