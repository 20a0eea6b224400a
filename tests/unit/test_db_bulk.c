/*
 * db_bulk_*: bulk loads on a temporary SQLite file (prepared INSERT) or on
 * the PostgreSQL database in $PARINDEX_TEST_DB (COPY FROM STDIN). Values
 * that COPY's text format must escape (tab, newline, carriage return,
 * backslash, the text "\N") come back unchanged; NULL is NULL; a failing
 * row rolls back the whole load; cancel discards; a load joins the
 * caller's transaction; a statement during a load is a bug (abort).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/db.h"

static char path[256];
static bool pg;

static void cleanup(void)
{
	if (pg)
		return;
	char f[300];
	unlink(path);
	snprintf(f, sizeof f, "%s-wal", path);
	unlink(f);
	snprintf(f, sizeof f, "%s-shm", path);
	unlink(f);
}

static struct db *open_fresh(void)
{
	cleanup();
	struct db *db;
	char *msg = NULL;
	if (db_open(path, &db, &msg) != PX_OK)
		fail_msg("db_open %s: %s", path, msg);
	if (pg)
		assert_int_equal(db_exec(db, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"),
		                 PX_OK);
	assert_int_equal(db_migrate(db), PX_OK);
	return db;
}

static long count_units(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM unit");
	assert_int_equal(db_step(st), DB_ROW);
	long n = (long)db_col_int(st, 0);
	db_done(st);
	return n;
}

static const char *const cols[] = {"code", "name", "kind", "valid_to", "payroll_quota"};

static void test_bulk_round_trip(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	static const char *const tricky[] = {
		"tab\there", "line\nbreak", "cr\rlf\r\n", "back\\slash", "\\N", "\\.",
		"Phường Hoàn Kiếm", "", "trailing\\", "\t\n\\",
	};
	enum { N = 5000, T = sizeof tricky / sizeof tricky[0] };
	struct db_bulk *b = db_bulk_begin(db, "unit", cols, 5);
	for (int i = 0; i < N; i++) {
		char code[16], quota[16];
		snprintf(code, sizeof code, "B%05d", i);
		snprintf(quota, sizeof quota, "%d", i);
		const char *v[5] = {code, tricky[i % T], "ward", i % 3 ? NULL : "2025-06-30",
		                    i % 2 ? quota : NULL};
		assert_int_equal(db_bulk_row(b, v), PX_OK);
	}
	assert_int_equal(db_bulk_count(b), N);
	assert_int_equal(db_bulk_end(b), PX_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(count_units(db), N);
	struct db_stmt *st = db_prepare(db,
		"SELECT code, name, valid_to, payroll_quota FROM unit ORDER BY code");
	for (int i = 0; i < N; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		char code[16];
		snprintf(code, sizeof code, "B%05d", i);
		assert_string_equal(db_col_text(st, 0), code);
		assert_string_equal(db_col_text(st, 1), tricky[i % T]);
		assert_int_equal(db_col_null(st, 2), i % 3 != 0);
		if (i % 3 == 0)
			assert_string_equal(db_col_text(st, 2), "2025-06-30");
		assert_int_equal(db_col_null(st, 3), i % 2 == 0);
		if (i % 2)
			assert_int_equal(db_col_int(st, 3), i);
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	/* testcase: a text column holding a number keeps its text */
	st = db_prepare(db, "SELECT count(*) FROM unit WHERE payroll_quota = 4999");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	db_close(db);
	cleanup();
}

/* testcase: a row that breaks a constraint fails the whole load, and the
 * caller's earlier work in the same transaction with it */
static void test_bulk_failure_rolls_back(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	assert_int_equal(db_begin(db), PX_OK);
	struct db_stmt *st = db_prepare(db, "INSERT INTO unit(code, name, kind) VALUES ('OUTER', 'o', 'city')");
	assert_int_equal(db_run(st), PX_OK);
	static const char *const codes[] = {"X0", "X1", "OUTER", "X3"};
	struct db_bulk *b = db_bulk_begin(db, "unit", cols, 5);
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		const char *v[5] = {codes[i], "n", "ward", NULL, NULL};
		enum px_err e = db_bulk_row(b, v);
		/* SQLite reports the failing row at once and then stays failed;
		 * PostgreSQL reports it at the end */
		if (i < 2)
			assert_int_equal(e, PX_OK);
	}
	assert_int_equal(db_bulk_end(b), PX_FAIL);
	assert_true(strstr(db_errmsg(db), "unique") || strstr(db_errmsg(db), "UNIQUE"));
	assert_false(db_in_transaction(db));
	assert_int_equal(db_commit(db), PX_FAIL); /* the caller's commit: nothing open */
	assert_int_equal(count_units(db), 0);
	if (pg) {
		/* testcase: PostgreSQL checks each value's type (SQLite stores
		 * what it is given, so importers validate values first) */
		b = db_bulk_begin(db, "unit", cols, 5);
		const char *v[5] = {"T", "n", "ward", NULL, "not a number"};
		db_bulk_row(b, v);
		assert_int_equal(db_bulk_end(b), PX_FAIL);
		assert_non_null(strstr(db_errmsg(db), "bigint"));
		assert_int_equal(count_units(db), 0);
	}
	db_close(db);
	cleanup();
}

static void test_bulk_cancel_and_join(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	const char *v[5] = {"C1", "n", "ward", NULL, "7"};
	struct db_bulk *b = db_bulk_begin(db, "unit", cols, 5);
	assert_int_equal(db_bulk_row(b, v), PX_OK);
	db_bulk_cancel(b);
	assert_false(db_in_transaction(db));
	assert_int_equal(count_units(db), 0);
	/* testcase: a load inside the caller's transaction commits with it */
	assert_int_equal(db_begin(db), PX_OK);
	b = db_bulk_begin(db, "unit", cols, 5);
	assert_int_equal(db_bulk_row(b, v), PX_OK);
	assert_int_equal(db_bulk_end(b), PX_OK);
	assert_true(db_in_transaction(db));
	assert_int_equal(count_units(db), 1);
	db_rollback(db);
	assert_int_equal(count_units(db), 0);
	/* testcase: an empty load is fine */
	b = db_bulk_begin(db, "unit", cols, 5);
	assert_int_equal(db_bulk_end(b), PX_OK);
	db_close(db);
	cleanup();
}

/* testcase: a statement while a load holds the connection aborts (a bug
 * on both backends, since PostgreSQL's connection is busy with COPY) */
static void test_bulk_statement_during_load_aborts(void **state)
{
	(void)state;
	db_close(open_fresh());
	pid_t kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(4);
		struct db *db;
		char *msg = NULL;
		if (db_open(path, &db, &msg) != PX_OK)
			_exit(3);
		struct db_bulk *b = db_bulk_begin(db, "unit", cols, 5);
		(void)b;
		db_prepare(db, "SELECT 1");
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(kid, &status, 0), kid);
	assert_true(WIFSIGNALED(status));
	cleanup();
}

int main(void)
{
	const char *url = getenv("PARINDEX_TEST_DB");
	if (url && *url) {
		pg = db_url_is_postgres(url);
		snprintf(path, sizeof path, "%s", url);
	} else {
		snprintf(path, sizeof path, "/tmp/parindex-test-bulk-%d.db", (int)getpid());
	}
	printf("# database: %s\n", pg ? "PostgreSQL" : "SQLite");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_round_trip),
		cmocka_unit_test(test_bulk_failure_rolls_back),
		cmocka_unit_test(test_bulk_cancel_and_join),
		cmocka_unit_test(test_bulk_statement_during_load_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
