# Helpers for black-box CLI tests. Each test script sources this file; it
# gets PARINDEX (the binary), FIXTURES, SRCDIR and TMPROOT from CTest, and
# PARINDEX_TEST_DB (a fresh PostgreSQL database) for the pg.cli.* runs;
# without it the database is a SQLite file in the test's directory.
# A failed check prints what was expected and what came, and the script
# exits 1 at the end (all checks run). Prints "N passed, M failed".
set -u
: "${PARINDEX:?PARINDEX must point to the binary}"
: "${FIXTURES:?}"
TMPROOT=${TMPROOT:-/tmp}
mkdir -p "$TMPROOT"
WORK=$(mktemp -d "$TMPROOT/cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export PARINDEX_DB="${PARINDEX_TEST_DB:-$WORK/test.db}"
# the audit anchor key of a PostgreSQL database (a SQLite file's key is
# always beside it, FILE.audit-key): docs/internals/audit.md
case "$PARINDEX_DB" in
  postgres://* | postgresql://*) export PARINDEX_AUDIT_KEY="$WORK/pg.audit-key" ;;
esac
PASS=0
FAIL=0
OUT="$WORK/out"
ERR="$WORK/err"

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }

# run CMD...: runs parindex with the arguments, output in $OUT/$ERR, status in $RC
run() {
  "$PARINDEX" "$@" >"$OUT" 2>"$ERR"
  RC=$?
}

# expect_rc N DESCRIPTION
expect_rc() {
  if [ "$RC" -eq "$1" ]; then ok; else
    bad "$2: exit status $RC, expected $1"; sed 's/^/  stderr: /' "$ERR" | head -5 >&2
  fi
}

# expect_err PATTERN DESCRIPTION (grep -E on stderr)
expect_err() {
  if grep -qE -- "$1" "$ERR"; then ok; else
    bad "$2: stderr lacks /$1/"; sed 's/^/  stderr: /' "$ERR" | head -5 >&2
  fi
}

# expect_out PATTERN DESCRIPTION (grep -E on stdout)
expect_out() {
  if grep -qE -- "$1" "$OUT"; then ok; else
    bad "$2: stdout lacks /$1/"; sed 's/^/  stdout: /' "$OUT" | head -5 >&2
  fi
}

# expect_same FILE DESCRIPTION: stdout equals FILE byte for byte
expect_same() {
  if cmp -s "$1" "$OUT"; then ok; else
    bad "$2: output differs from $1"; diff "$1" "$OUT" | head -20 >&2
  fi
}

# expect_rows FILE N DESCRIPTION: FILE exists and has at least N lines (a
# saved output or a generated file compared later must not be empty)
expect_rows() {
  local n
  n=$(wc -l <"$1" 2>/dev/null || echo 0)
  if [ "$n" -ge "$2" ]; then ok; else bad "$3: $1 has $n lines, expected at least $2"; fi
}

# checked DESCRIPTION CMD...: runs CMD (a generator, a reference
# computation); a non-zero exit status is a failed check
checked() {
  local what=$1 rc
  shift
  "$@"
  rc=$?
  if [ "$rc" -eq 0 ]; then ok; else bad "$what: $1 exited with $rc"; fi
}

# is_pg: the test runs on PostgreSQL
is_pg() {
  case "$PARINDEX_DB" in postgres://* | postgresql://*) return 0 ;; *) return 1 ;; esac
}

# sql STATEMENT: runs one SQL statement directly on the test database
# (sqlite3 or psql), for tests that tamper with stored data
sql() {
  if is_pg; then
    "${PG_BINDIR:+$PG_BINDIR/}psql" -X -q -v ON_ERROR_STOP=1 -d "$PARINDEX_DB" -c "$1"
  else
    sqlite3 "$PARINDEX_DB" "$1"
  fi
}

finish() {
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
}
