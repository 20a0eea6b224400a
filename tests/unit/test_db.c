/*
 * store/db on a real SQLite file: migrations are idempotent and refuse a
 * newer schema, transactions commit and roll back (nested pairs count),
 * binding round-trips every type and NULL, the statement cache reuses,
 * the audit chain verifies and detects tampering, backup copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/repo_audit.h"

static char path[256];

static struct db *open_fresh(void)
{
	snprintf(path, sizeof path, "/tmp/parindex-test-db-%d.db", (int)getpid());
	unlink(path);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	struct db *db;
	char *msg = NULL;
	assert_int_equal(db_open(path, &db, &msg), PX_OK);
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

static void insert_unit(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO unit(code, name, kind) VALUES (?1, ?2, 'ward')");
	db_bind_text(st, 1, code, -1);
	db_bind_text(st, 2, code, -1);
	assert_int_equal(db_run(st), PX_OK);
}

static void test_migrate_idempotent(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	int v = db_schema_version(db);
	assert_int_equal(v, db_schema_latest());
	assert_int_equal(db_migrate(db), PX_OK);
	assert_int_equal(db_schema_version(db), v);
	db_close(db);
	unlink(path);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	assert_int_equal(db_exec(db, "INSERT INTO schema_version VALUES (9999, '9999_future.sql', 'x')"), PX_OK);
	assert_int_equal(db_migrate(db), PX_FAIL);
	assert_non_null(strstr(db_errmsg(db), "newer than this program"));
	db_close(db);
	unlink(path);
}

static void test_transactions(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	assert_int_equal(db_begin(db), PX_OK);
	insert_unit(db, "A");
	db_rollback(db);
	assert_int_equal(count_units(db), 0);
	/* testcase: nested begin/commit pairs commit once, at the outermost */
	assert_int_equal(db_begin(db), PX_OK);
	assert_int_equal(db_begin(db), PX_OK);
	insert_unit(db, "B");
	assert_int_equal(db_commit(db), PX_OK);
	db_rollback(db); /* the outer rollback undoes the inner work too */
	assert_int_equal(count_units(db), 0);
	assert_int_equal(db_begin(db), PX_OK);
	insert_unit(db, "C");
	assert_int_equal(db_commit(db), PX_OK);
	assert_int_equal(count_units(db), 1);
	/* testcase: a constraint violation is an error, not a crash */
	struct db_stmt *st = db_prepare(db, "INSERT INTO unit(code, name, kind) VALUES (?1, 'x', 'ward')");
	db_bind_text(st, 1, "C", -1);
	assert_int_equal(db_run(st), PX_FAIL);
	assert_non_null(strstr(db_errmsg(db), "UNIQUE"));
	db_close(db);
	unlink(path);
}

static void test_bind_types(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	struct db_stmt *st = db_prepare(db, "SELECT ?1, ?2, ?3, ?4, ?5");
	db_bind_int(st, 1, INT64_MAX);
	db_bind_double(st, 2, 91.04);
	db_bind_text(st, 3, "Đống Đa\0ignored", 11); /* explicit length */
	db_bind_null(st, 4);
	db_bind_text_or_null(st, 5, "");
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_int(st, 0) == INT64_MAX);
	assert_true(db_col_double(st, 1) == 91.04);
	assert_string_equal(db_col_text(st, 2), "Đống Đa");
	assert_true(db_col_null(st, 3));
	assert_string_equal(db_col_text(st, 3), "");
	assert_true(db_col_null(st, 4));
	db_done(st);
	/* the cache hands back the same statement for the same text */
	assert_ptr_equal(db_prepare(db, "SELECT ?1, ?2, ?3, ?4, ?5"), st);
	db_close(db);
	unlink(path);
}

static void test_audit_chain(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	assert_int_equal(db_begin(db), PX_OK);
	for (int i = 0; i < 5; i++)
		assert_int_equal(audit_append(db, "tester", "insert", "unit", "K", "{\"i\": 1}"), PX_OK);
	assert_int_equal(db_commit(db), PX_OK);
	int64_t checked, bad;
	assert_int_equal(audit_verify(db, &checked, &bad), PX_OK);
	assert_int_equal(checked, 5);
	assert_int_equal(bad, 0);
	/* testcase: editing an entry breaks it */
	assert_int_equal(db_exec(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 4"), PX_OK);
	assert_int_equal(audit_verify(db, &checked, &bad), PX_OK);
	assert_int_equal(bad, 4);
	/* testcase: deleting the last entry and re-chaining cannot hide a gap */
	assert_int_equal(db_exec(db, "UPDATE audit_log SET actor = 'tester' WHERE seq = 4"), PX_OK);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE seq = 2"), PX_OK);
	assert_int_equal(audit_verify(db, &checked, &bad), PX_OK);
	assert_int_equal(bad, 3);
	db_close(db);
	unlink(path);
}

static void test_backup(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	insert_unit(db, "X");
	char copy[300];
	snprintf(copy, sizeof copy, "%s.copy", path);
	unlink(copy);
	assert_int_equal(db_backup(db, copy), PX_OK);
	struct db *db2;
	char *msg;
	assert_int_equal(db_open(copy, &db2, &msg), PX_OK);
	assert_int_equal(count_units(db2), 1);
	db_close(db2);
	db_close(db);
	unlink(copy);
	unlink(path);
}

static void test_open_failure(void **state)
{
	(void)state;
	struct db *db;
	char *msg = NULL;
	assert_int_equal(db_open("/nonexistent-dir/x.db", &db, &msg), PX_FAIL);
	assert_null(db);
	assert_non_null(strstr(msg, "cannot open database"));
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_idempotent),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_bind_types),
		cmocka_unit_test(test_audit_chain),
		cmocka_unit_test(test_backup),
		cmocka_unit_test(test_open_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
