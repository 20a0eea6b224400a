/*
 * store/db on a real database: a temporary SQLite file, or the PostgreSQL
 * database named by $PARINDEX_TEST_DB (the pg.unit.test_db entry sets it;
 * its schema is dropped and re-created for every test). The same checks
 * run on both: migrations are idempotent, refuse a newer schema and can
 * run from several processes at once; transactions commit and roll back
 * (nested pairs count; a failed statement fails the whole transaction);
 * binding round-trips every type and NULL; ?N inside literals is not a
 * placeholder; the statement cache reuses; the audit chain verifies,
 * detects tampering and does not fork under concurrent writers; backup
 * copies (SQLite) or points to pg_dump; a server that cannot be reached
 * and a database with the wrong collation are clear errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/db.h"
#include "store/repo_audit.h"

static char path[256];   /* the SQLite file, or the PostgreSQL URL */
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

static struct db *open_db(void)
{
	struct db *db;
	char *msg = NULL;
	if (db_open(path, &db, &msg) != PX_OK)
		fail_msg("db_open %s: %s", path, msg);
	return db;
}

/* An empty database, not migrated. */
static struct db *open_empty(void)
{
	cleanup();
	struct db *db = open_db();
	if (pg)
		assert_int_equal(db_exec(db, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"),
		                 PX_OK);
	return db;
}

static struct db *open_fresh(void)
{
	struct db *db = open_empty();
	assert_int_equal(db_migrate(db), PX_OK);
	return db;
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
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
	cleanup();
}

/* testcase: several processes migrating an empty database at once (the
 * application servers after an upgrade): every one succeeds, each
 * migration is applied once */
static void test_migrate_concurrent(void **state)
{
	(void)state;
	db_close(open_empty());
	enum { N = 4 };
	pid_t kids[N];
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			struct db *db;
			char *msg = NULL;
			int rc = db_open(path, &db, &msg) == PX_OK && db_migrate(db) == PX_OK ? 0 : 1;
			if (rc)
				fprintf(stderr, "child: %s\n", msg ? msg : db_errmsg(db));
			db_close(db);
			_exit(rc);
		}
	}
	for (int i = 0; i < N; i++) {
		int status;
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	struct db *db = open_db();
	struct db_stmt *st = db_prepare(db, "SELECT count(*), count(DISTINCT version) FROM schema_version");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), db_schema_latest());
	assert_int_equal(db_col_int(st, 1), db_schema_latest());
	db_done(st);
	db_close(db);
	cleanup();
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	assert_int_equal(db_exec(db, "INSERT INTO schema_version VALUES (9999, '9999_future.sql', 'x')"), PX_OK);
	assert_int_equal(db_migrate(db), PX_FAIL);
	assert_non_null(strstr(db_errmsg(db), "newer than this program"));
	assert_non_null(strstr(db_errmsg(db), "mới hơn chương trình"));
	db_close(db);
	cleanup();
}

static void test_transactions(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	assert_false(db_in_transaction(db));
	assert_int_equal(db_begin(db), PX_OK);
	assert_true(db_in_transaction(db));
	insert_unit(db, "A");
	db_rollback(db);
	assert_false(db_in_transaction(db));
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
	assert_true(contains_nocase(db_errmsg(db), "unique"));
	/* testcase: commit without begin */
	assert_int_equal(db_commit(db), PX_FAIL);
	db_close(db);
	cleanup();
}

/* testcase: a failed statement fails its whole transaction, on both
 * backends: the commit refuses, the earlier good insert is gone, and the
 * message is the first error, not a consequence of it */
static void test_failed_statement_fails_transaction(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	insert_unit(db, "DUP");
	assert_int_equal(db_begin(db), PX_OK);
	insert_unit(db, "GOOD");
	struct db_stmt *st = db_prepare(db, "INSERT INTO unit(code, name, kind) VALUES (?1, 'x', 'ward')");
	db_bind_text(st, 1, "DUP", -1);
	assert_int_equal(db_run(st), PX_FAIL);
	assert_true(contains_nocase(db_errmsg(db), "unique"));
	/* testcase: preparing a new statement in a failed transaction is not
	 * mistaken for bad SQL (PostgreSQL refuses every statement now) */
	st = db_prepare(db, "SELECT count(*) FROM staff");
	enum db_step r = db_step(st);
	assert_true(r == DB_ROW || r == DB_ERROR);
	db_done(st);
	/* testcase: an inner commit reports the failure too */
	assert_int_equal(db_begin(db), PX_FAIL);
	assert_int_equal(db_commit(db), PX_FAIL);
	assert_int_equal(db_commit(db), PX_FAIL);
	assert_false(db_in_transaction(db));
	assert_true(contains_nocase(db_errmsg(db), "unique"));
	db_rollback(db);
	assert_int_equal(count_units(db), 1);
	/* the connection is usable again */
	assert_int_equal(db_begin(db), PX_OK);
	insert_unit(db, "AFTER");
	assert_int_equal(db_commit(db), PX_OK);
	assert_int_equal(count_units(db), 2);
	db_close(db);
	cleanup();
}

static void test_bind_types(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	/* a parameter with no type from its context says its type (portable;
	 * PostgreSQL needs it) */
	const char *sql = "SELECT CAST(?1 AS BIGINT), CAST(?2 AS DOUBLE PRECISION),"
	                  " CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT)";
	struct db_stmt *st = db_prepare(db, sql);
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
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	/* the cache hands back the same statement for the same text */
	assert_ptr_equal(db_prepare(db, sql), st);
	/* testcase: doubles round-trip exactly, extremes and all */
	const double ds[] = {0.1 + 0.2, 1.0 / 3, -0.0, 5e-324, DBL_MAX, -DBL_MIN, 123456789.125, 1e22};
	const int64_t is[] = {INT64_MIN, -1, 0, 1, INT64_MAX};
	st = db_prepare(db, "SELECT CAST(?1 AS DOUBLE PRECISION), CAST(?2 AS BIGINT)");
	for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
		db_bind_double(st, 1, ds[i]);
		db_bind_int(st, 2, is[i % 5]);
		assert_int_equal(db_step(st), DB_ROW);
		assert_memory_equal(&(double){db_col_double(st, 0)}, &ds[i], sizeof(double));
		assert_true(db_col_int(st, 1) == is[i % 5]);
		db_done(st);
	}
	/* testcase: a statement steps again after DB_DONE (re-executes) */
	st = db_prepare(db, "SELECT CAST(?1 AS BIGINT) + 1");
	db_bind_int(st, 1, 41);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 42);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_step(st), DB_ROW);
	db_done(st);
	db_close(db);
	cleanup();
}

/* testcase: ?N inside string literals, quoted identifiers and comments is
 * text, not a placeholder (the PostgreSQL backend rewrites ?N to $N) */
static void test_placeholders_in_literals(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	struct db_stmt *st = db_prepare(db,
		"SELECT '?2 it''s ?3' AS \"a?4\"\"b\", CAST(?1 AS TEXT) -- ?5 in a comment\n"
		", /* ?6 ' in a block comment */ 'x?'");
	db_bind_text(st, 1, "one", -1);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "?2 it's ?3");
	assert_string_equal(db_col_text(st, 1), "one");
	assert_string_equal(db_col_text(st, 2), "x?");
	db_done(st);
	/* testcase: the same placeholder used twice binds once; reuse in a
	 * different order */
	st = db_prepare(db, "SELECT CAST(?2 AS TEXT) || CAST(?1 AS TEXT) || ?2");
	db_bind_text(st, 1, "a", -1);
	db_bind_text(st, 2, "b", -1);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "bab");
	db_done(st);
	db_close(db);
	cleanup();
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
	cleanup();
}

/* testcase: writers in several processes append to the audit chain at the
 * same time; the writer lock of db_begin keeps the chain linear (no fork,
 * no lost entry, no failed transaction) */
static void test_audit_concurrent_writers(void **state)
{
	(void)state;
	db_close(open_fresh());
	enum { N = 4, M = 15 };
	pid_t kids[N];
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			struct db *db;
			char *msg = NULL;
			int rc = db_open(path, &db, &msg) == PX_OK ? 0 : 1;
			for (int k = 0; k < M && rc == 0; k++) {
				char key[32];
				snprintf(key, sizeof key, "W%d.%d", i, k);
				rc = db_begin(db) == PX_OK &&
				     audit_append(db, "writer", "insert", "unit", key, "{}") == PX_OK &&
				     audit_append(db, "writer", "update", "unit", key, "{}") == PX_OK &&
				     db_commit(db) == PX_OK ? 0 : 1;
			}
			if (rc)
				fprintf(stderr, "writer %d: %s\n", i, db ? db_errmsg(db) : msg);
			db_close(db);
			_exit(rc);
		}
	}
	for (int i = 0; i < N; i++) {
		int status;
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	struct db *db = open_db();
	int64_t checked, bad;
	assert_int_equal(audit_verify(db, &checked, &bad), PX_OK);
	assert_int_equal(checked, 2 * N * M);
	assert_int_equal(bad, 0);
	db_close(db);
	cleanup();
}

static void test_backup(void **state)
{
	(void)state;
	struct db *db = open_fresh();
	insert_unit(db, "X");
	char copy[300];
	snprintf(copy, sizeof copy, "/tmp/parindex-test-db-%d.copy", (int)getpid());
	unlink(copy);
	if (pg) {
		/* testcase: PostgreSQL is backed up with pg_dump; say so */
		assert_int_equal(db_backup(db, copy), PX_FAIL);
		assert_non_null(strstr(db_errmsg(db), "pg_dump"));
		assert_int_equal(access(copy, F_OK), -1);
		db_close(db);
		cleanup();
		return;
	}
	assert_int_equal(db_backup(db, copy), PX_OK);
	struct db *db2;
	char *msg;
	assert_int_equal(db_open(copy, &db2, &msg), PX_OK);
	assert_int_equal(count_units(db2), 1);
	db_close(db2);
	db_close(db);
	unlink(copy);
	cleanup();
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
	/* testcase: a PostgreSQL server that is not there (port 1 refuses):
	 * a clear bilingual error, with the password masked */
	msg = NULL;
	assert_int_equal(db_open("postgresql://px:s3cret@127.0.0.1:1/parindex", &db, &msg), PX_FAIL);
	assert_null(db);
	assert_non_null(strstr(msg, "không kết nối được PostgreSQL"));
	assert_non_null(strstr(msg, "cannot connect to PostgreSQL"));
	assert_non_null(strstr(msg, "postgresql://px:***@127.0.0.1:1/parindex"));
	assert_null(strstr(msg, "s3cret"));
	free(msg);
}

static void test_url_redact(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"postgresql://u:pw@h:5432/d", "postgresql://u:***@h:5432/d"},
		{"postgres://u@h/d?password=pw&sslmode=require", "postgres://u@h/d?password=***&sslmode=require"},
		{"postgresql://h/d", "postgresql://h/d"},
		{"parindex.db", "parindex.db"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *r = db_url_redact(cases[i][0]);
		assert_string_equal(r, cases[i][1]);
		free(r);
	}
	assert_true(db_url_is_postgres("postgresql://h/d"));
	assert_true(db_url_is_postgres("postgres://h/d"));
	assert_false(db_url_is_postgres("/var/lib/parindex/postgres.db"));
}

/* testcase (PostgreSQL): a database whose collation is not C is refused,
 * because listings would sort differently from SQLite */
/* Creates database `name` on the test server with the given options and
 * returns its URL in url. */
static void create_database(struct db *db, const char *name, const char *options, char *url,
                            size_t n)
{
	char sql[300];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
	assert_int_equal(db_exec(db, sql), PX_OK);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 %s", name, options);
	assert_int_equal(db_exec(db, sql), PX_OK);
	const char *slash = strrchr(path, '/');
	snprintf(url, n, "%.*s/%s", (int)(slash - path), path, name);
}

static void drop_database(struct db *db, const char *name)
{
	char sql[200];
	snprintf(sql, sizeof sql, "DROP DATABASE %s", name);
	assert_int_equal(db_exec(db, sql), PX_OK);
}

/* A database in another encoding than UTF-8 is refused, with the encoding
 * named and the statement to use. */
static void test_encoding_required(void **state)
{
	(void)state;
	if (!pg)
		skip(); /* SQLite always holds UTF-8 */
	struct db *db = open_db();
	char name[64], url[300];
	snprintf(name, sizeof name, "px_encoding_%d", (int)getpid());
	create_database(db, name, "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'", url, sizeof url);
	struct db *other;
	char *msg = NULL;
	assert_int_equal(db_open(url, &other, &msg), PX_FAIL);
	assert_null(other);
	assert_non_null(strstr(msg, "SQL_ASCII"));
	assert_non_null(strstr(msg, "ENCODING 'UTF8'"));
	free(msg);
	drop_database(db, name);
	db_close(db);
}

/* On a database whose own collation is not byte order (Vietnamese, or the
 * C library's C.UTF-8 where the machine has no vi_VN), the schema's text
 * columns still sort byte for byte, as on SQLite: upper case before lower,
 * a hyphen before letters, "Đ" (C4 90) after every ASCII letter. */
static void test_any_collation_sorts_bytes(void **state)
{
	(void)state;
	if (!pg)
		skip();
	struct db *db = open_db();
	char name[64], url[300];
	snprintf(name, sizeof name, "px_collation_%d", (int)getpid());
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM pg_collation"
	                                    " WHERE collname IN ('vi_VN.utf8', 'vi_VN.UTF-8')");
	assert_int_equal(db_step(st), DB_ROW);
	bool vi = db_col_int(st, 0) > 0;
	db_done(st);
	create_database(db, name,
	                vi ? "ENCODING 'UTF8' LC_COLLATE 'vi_VN.UTF-8' LC_CTYPE 'vi_VN.UTF-8'"
	                   : "ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
	                url, sizeof url);
	struct db *other;
	char *msg = NULL;
	assert_int_equal(db_open(url, &other, &msg), PX_OK);
	assert_int_equal(db_migrate(other), PX_OK);
	const char *codes[] = {"ab", "Đa", "a-c", "B", "A", "Da"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		st = db_prepare(other, "INSERT INTO unit (code, name, kind) VALUES (?1, ?1, 'ward')");
		db_bind_text(st, 1, codes[i], -1);
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
	}
	const char *want[] = {"A", "B", "Da", "a-c", "ab", "Đa"};
	st = db_prepare(other, "SELECT code FROM unit ORDER BY code");
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_string_equal(db_col_text(st, 0), want[i]);
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	/* and a comparison with a bound value too */
	st = db_prepare(other, "SELECT count(*) FROM unit WHERE code < ?1");
	db_bind_text(st, 1, "a", -1);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 3);
	db_done(st);
	db_close(other);
	drop_database(db, name);
	db_close(db);
}

/* Asks the server to end db's session, from another connection. */
static void kill_session(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT pg_backend_pid()");
	assert_int_equal(db_step(st), DB_ROW);
	int64_t pid = db_col_int(st, 0);
	db_done(st);
	struct db *killer = open_db();
	st = db_prepare(killer, "SELECT pg_terminate_backend(CAST(?1 AS INTEGER))");
	db_bind_int(st, 1, pid);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	db_close(killer);
	usleep(100 * 1000);
}

/* testcase (PostgreSQL): a connection the server dropped fails the
 * statement (or BEGIN) that finds out, then is re-established outside a
 * transaction and the cached statements are prepared again */
static void test_connection_reset(void **state)
{
	(void)state;
	if (!pg)
		skip();
	struct db *db = open_fresh();
	insert_unit(db, "R");
	kill_session(db);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM unit");
	int errors = 0;
	enum db_step r;
	while ((r = db_step(st)) == DB_ERROR && errors < 3) {
		db_done(st);
		errors++;
	}
	assert_int_equal(r, DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	assert_true(errors <= 1);
	assert_int_equal(count_units(db), 1);
	/* testcase: the loss found by BEGIN; the next BEGIN reconnects */
	kill_session(db);
	errors = 0;
	enum px_err e;
	while ((e = db_begin(db)) != PX_OK && errors < 3)
		errors++;
	assert_int_equal(e, PX_OK);
	assert_true(errors <= 1);
	insert_unit(db, "S");
	assert_int_equal(db_commit(db), PX_OK);
	assert_int_equal(count_units(db), 2);
	db_close(db);
	cleanup();
}

int main(void)
{
	const char *url = getenv("PARINDEX_TEST_DB");
	if (url && *url) {
		pg = db_url_is_postgres(url);
		snprintf(path, sizeof path, "%s", url);
	} else {
		snprintf(path, sizeof path, "/tmp/parindex-test-db-%d.db", (int)getpid());
	}
	printf("# database: %s\n", pg ? "PostgreSQL" : "SQLite");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_idempotent),
		cmocka_unit_test(test_migrate_concurrent),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_failed_statement_fails_transaction),
		cmocka_unit_test(test_bind_types),
		cmocka_unit_test(test_placeholders_in_literals),
		cmocka_unit_test(test_audit_chain),
		cmocka_unit_test(test_audit_concurrent_writers),
		cmocka_unit_test(test_backup),
		cmocka_unit_test(test_open_failure),
		cmocka_unit_test(test_url_redact),
		cmocka_unit_test(test_encoding_required),
		cmocka_unit_test(test_any_collation_sorts_bytes),
		cmocka_unit_test(test_connection_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
