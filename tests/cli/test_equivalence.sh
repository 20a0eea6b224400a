#!/usr/bin/env bash
# SQLite and PostgreSQL give byte-identical results. The same commands run
# on a SQLite file and on a PostgreSQL database (CTest runs this script
# only as pg.cli.test_equivalence, which provides PARINDEX_TEST_DB), and
# their stdout, stderr and exit status are compared byte for byte. Only
# the database's own name and instants (an import's as_of time,
# YYYY-MM-DDTHH:MM:SSZ) may differ; both are masked.
#
# Scenarios, each on a fresh pair of databases:
#   register  the fixture register: imports (good, rejected, updated,
#             staff), every listing, the history of every unit;
#   score     the scoring fixtures of test_score.sh: catalogue, two
#             frameworks, metrics (monthly too), assessments, publish;
#             every listing and every per-framework listing;
#   demo      `parindex demo` refused on a non-empty register, then
#             `demo --force` (wipe and load); every listing, every
#             framework of the demo, a sample of units.
#
# A new listing command is one line: in LISTINGS (whole database), in
# FRAMEWORK_LISTINGS ({fw} = each framework code) or UNIT_LISTINGS
# ({fw} and {unit} = a sample of each framework's units). Each runs in
# every format of FORMATS; RAW_LISTINGS run once, without --format.
. "$(dirname "$0")/lib.sh"
if ! is_pg; then
  bad "test_equivalence needs PARINDEX_TEST_DB=postgresql://... (CTest: pg.cli.test_equivalence)"
  finish
  exit 1
fi
U="$FIXTURES/units"
S="$FIXTURES/score"

FORMATS=(csv json)
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
  "framework list"
  "metric list"
  "metric values"
)
FRAMEWORK_LISTINGS=(
  "score --framework {fw}"
  "score --framework {fw} --view changes"
  "score --framework {fw} --view sensitivity"
  "framework show {fw}"
  "results --framework {fw}"
)
UNIT_LISTINGS=(
  "explain --framework {fw} --unit {unit}"
)
RAW_LISTINGS=(
  "framework export {fw}"
)

# fresh NAME: a new, empty SQLite file and PostgreSQL database
SQLITE_DB=""
PG_DB=""
PG_CREATED=()
fresh() {
  SQLITE_DB="$WORK/$1.db"
  if [ ${#PG_CREATED[@]} -eq 0 ]; then
    PG_DB="$PARINDEX_TEST_DB"   # the first scenario uses the one we were given
  else
    local name
    name="$(basename "$PARINDEX_TEST_DB")_$1"
    "${PG_BINDIR:+$PG_BINDIR/}createdb" --maintenance-db="$PARINDEX_TEST_DB" -T template0 -E UTF8 \
      --locale=C "$name" || { bad "createdb $name"; return 1; }
    PG_DB="${PARINDEX_TEST_DB%/*}/$name"
  fi
  PG_CREATED+=("$PG_DB")
  # each PostgreSQL database has its own audit anchor (SQLite ignores this)
  export PARINDEX_AUDIT_KEY="$WORK/$1.pg.audit-key"
}

# both ARGS...: runs parindex on SQLite and on PostgreSQL; compares stdout,
# stderr and exit status
both() {
  local d url
  for d in sqlite pg; do
    url=$SQLITE_DB
    [ $d = pg ] && url=$PG_DB
    PARINDEX_DB="$url" "$PARINDEX" "$@" >"$WORK/$d.out" 2>"$WORK/$d.err"
    echo "$?" >"$WORK/$d.rc"
    sed -i -E -e "s|$url|<db>|g" \
      -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<instant>/g' \
      "$WORK/$d.out" "$WORK/$d.err"
  done
  local what
  for what in out err rc; do
    if cmp -s "$WORK/sqlite.$what" "$WORK/pg.$what"; then ok; else
      bad "parindex $*: $what differs between SQLite (<) and PostgreSQL (>)"
      diff "$WORK/sqlite.$what" "$WORK/pg.$what" | head -10 >&2
    fi
  done
}

# column 1 of a CSV listing on the SQLite side (codes never hold commas)
codes() {
  PARINDEX_DB="$SQLITE_DB" "$PARINDEX" "$@" --format csv 2>/dev/null | tail -n +2 | cut -d, -f1
}

# ranked FW N: the unit codes of the first N rows of the ranking (SQLite side)
ranked() {
  [ "$2" -gt 0 ] || return 0
  PARINDEX_DB="$SQLITE_DB" "$PARINDEX" score --framework "$1" --format csv 2>/dev/null |
    tail -n +2 | cut -d, -f2 | head -n "$2"
}

# listings UNIT_SAMPLE FRAMEWORK_UNITS: every listing; the history of every
# UNIT_SAMPLE-th unit; explain for the first FRAMEWORK_UNITS ranked units
# of every framework
listings() {
  local every=$1 nunits=$2 l f fw unit i=0
  for l in "${LISTINGS[@]}"; do
    for f in "${FORMATS[@]}"; do
      # shellcheck disable=SC2086
      both $l --format "$f"
    done
  done
  for unit in $(codes unit list); do
    if [ $((i % every)) -eq 0 ]; then
      for f in "${FORMATS[@]}"; do both unit history "$unit" --format "$f"; done
    fi
    i=$((i + 1))
  done
  for fw in $(codes framework list); do
    for l in "${FRAMEWORK_LISTINGS[@]}"; do
      for f in "${FORMATS[@]}"; do
        # shellcheck disable=SC2086
        both ${l//\{fw\}/$fw} --format "$f"
      done
    done
    for l in "${RAW_LISTINGS[@]}"; do
      # shellcheck disable=SC2086
      both ${l//\{fw\}/$fw}
    done
    for unit in $(ranked "$fw" "$nunits"); do
      for l in "${UNIT_LISTINGS[@]}"; do
        l=${l//\{fw\}/$fw}
        for f in "${FORMATS[@]}"; do
          # shellcheck disable=SC2086
          both ${l//\{unit\}/$unit} --format "$f"
        done
      done
    done
  done
}

# --- register: the fixture register
fresh register
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
listings 1 0
both unit history NOPE

# --- score: the scoring fixtures
fresh score
both unit import "$S/units.csv"
both metric define "$S/catalogue.csv"
both framework import "$S/example2020.json"
both assessment import "$S/example2020-scores.csv" --framework PAR-2020
both metric import "$S/example2020-metrics.csv"
both framework import "$S/t2024.json"
both metric import "$S/metrics.csv"
both metric import "$S/metrics-monthly.csv"
both assessment import "$S/scores.csv" --framework T-2024
both assessment import "$S/bad-scores.csv" --framework T-2024
both metric import "$S/bad-metrics.csv"
both framework import "$S/bad-framework.json"
both score --framework T-2024 --group ward --format csv
both publish --framework T-2024
both publish --framework PAR-2020
both audit verify
listings 1 100

# --- demo: the demo city, over a register it must wipe (--force)
fresh demo
both unit import "$U/good.csv"
both demo
both demo --force
both audit verify
listings 40 3

# the extra databases of this run
for db in "${PG_CREATED[@]:1}"; do
  "${PG_BINDIR:+$PG_BINDIR/}dropdb" --maintenance-db="$PARINDEX_TEST_DB" "$(basename "$db")" >/dev/null 2>&1 || true
done
finish
