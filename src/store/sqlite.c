/*
 * SQLite backend for db.h. Settings chosen for an auditable office system:
 * WAL (readers never block the writer), synchronous=FULL (an acknowledged
 * write survives power loss), foreign keys on, a busy timeout so that the
 * web server and a CLI import can share the file.
 *
 * The writer queue: inside one process (the web server's worker threads,
 * each with its own connection) write transactions take turns on a
 * process-wide mutex before BEGIN IMMEDIATE, and give the turn back when
 * the transaction ends (COMMIT, ROLLBACK, a failed BEGIN, SQLite rolling
 * back by itself, closing the connection). So a writer of this process
 * waits for another one as long as it takes, instead of meeting
 * SQLITE_BUSY after the busy timeout; the busy timeout remains for writers
 * of other processes. A thread that already has the turn on another
 * connection does not wait for itself (it would deadlock): it goes on
 * without the turn, as before the queue existed.
 */
#include "store/db_impl.h"
#include "base/mem.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum px_err sq_prepare(struct db *db, const char *sql, void **handle)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		db_set_error(db, "%s", sqlite3_errmsg(db->conn));
		return PX_FAIL;
	}
	*handle = st;
	return PX_OK;
}

static void sq_finalize(struct db *db, void *h) { (void)db; sqlite3_finalize(h); }
static int sq_param_count(void *h) { return sqlite3_bind_parameter_count(h); }
static void sq_bind_int(void *h, int i, int64_t v) { sqlite3_bind_int64(h, i, v); }
static void sq_bind_double(void *h, int i, double v) { sqlite3_bind_double(h, i, v); }
static void sq_bind_null(void *h, int i) { sqlite3_bind_null(h, i); }

static void sq_bind_text(void *h, int i, const char *s, size_t n)
{
	sqlite3_bind_text64(h, i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_blob(void *h, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(h, i, p, n, SQLITE_TRANSIENT);
}

static const void *sq_col_blob(void *h, int c, size_t *n)
{
	const void *p = sqlite3_column_blob(h, c);
	*n = (size_t)sqlite3_column_bytes(h, c);
	return p;
}

static enum db_step sq_step(struct db *db, void *h)
{
	int rc = sqlite3_step(h);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	db->transient = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
	db_set_error(db, "%s", sqlite3_errmsg(db->conn));
	return DB_ERROR;
}

static int64_t sq_col_int(void *h, int c) { return sqlite3_column_int64(h, c); }
static double sq_col_double(void *h, int c) { return sqlite3_column_double(h, c); }
static const char *sq_col_text(void *h, int c) { return (const char *)sqlite3_column_text(h, c); }
static bool sq_col_null(void *h, int c) { return sqlite3_column_type(h, c) == SQLITE_NULL; }

static int64_t sq_changes(struct db *db, void *h)
{
	(void)h;
	return sqlite3_changes64(db->conn);
}

static void sq_reset(void *h)
{
	sqlite3_reset(h);
	sqlite3_clear_bindings(h);
}

/* ---- the writer queue (see the top of the file) ---- */

static pthread_mutex_t queue_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cv = PTHREAD_COND_INITIALIZER;
static const struct db *queue_owner; /* the connection whose turn it is */
static pthread_t queue_thread;       /* and the thread that took it */

static void queue_enter(const struct db *db)
{
	pthread_mutex_lock(&queue_mu);
	if (queue_owner && queue_owner != db && pthread_equal(queue_thread, pthread_self())) {
		pthread_mutex_unlock(&queue_mu); /* our own turn, on another connection */
		return;
	}
	while (queue_owner && queue_owner != db)
		pthread_cond_wait(&queue_cv, &queue_mu);
	queue_owner = db;
	queue_thread = pthread_self();
	pthread_mutex_unlock(&queue_mu);
}

static void queue_leave(const struct db *db)
{
	pthread_mutex_lock(&queue_mu);
	if (queue_owner == db) {
		queue_owner = NULL;
		pthread_cond_signal(&queue_cv);
	}
	pthread_mutex_unlock(&queue_mu);
}

static enum px_err sq_exec(struct db *db, const char *sql)
{
	/* db.c opens every write transaction with exactly this statement */
	if (!strcmp(sql, "BEGIN IMMEDIATE"))
		queue_enter(db);
	char *err = NULL;
	enum px_err e = PX_OK;
	if (sqlite3_exec(db->conn, sql, NULL, NULL, &err) != SQLITE_OK) {
		db_set_error(db, "%s", err ? err : sqlite3_errmsg(db->conn));
		sqlite3_free(err);
		e = PX_FAIL;
	}
	/* no transaction open any more (or none began): the turn goes on */
	if (sqlite3_get_autocommit(db->conn))
		queue_leave(db);
	return e;
}

/* Copies every page from src to dst (both open), waiting while either is
 * busy; SQLITE_DONE on success. */
static int copy_pages(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return sqlite3_errcode(dst);
	int rc;
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(5);
	sqlite3_backup_finish(b);
	return rc;
}

static enum px_err sq_restore(struct db *db, const char *path)
{
	sqlite3 *src = NULL;
	enum px_err e = PX_FAIL;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		db_set_error(db, "%s: %s", path, sqlite3_errmsg(src));
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	int rc = copy_pages(db->conn, src);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "%s: %s", path, sqlite3_errstr(rc));
		goto out;
	}
	e = PX_OK; /* prepared statements re-prepare themselves (SQLITE_SCHEMA) */
out:
	sqlite3_close(src);
	return e;
}

static enum px_err sq_backup(struct db *db, const char *path)
{
	sqlite3 *dst = NULL;
	enum px_err e = PX_FAIL;
	if (sqlite3_open(path, &dst) != SQLITE_OK) {
		db_set_error(db, "%s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->conn, "main");
	if (!b) {
		db_set_error(db, "%s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	int rc;
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(5);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		db_set_error(db, "%s: %s", path, sqlite3_errstr(rc));
		goto out;
	}
	e = PX_OK;
out:
	sqlite3_close(dst);
	return e;
}

static void sq_close(struct db *db)
{
	sqlite3_close_v2(db->conn); /* rolls back what was open */
	queue_leave(db);
}

const char *db_file_path(struct db *db)
{
	if (db->backend != DB_SQLITE)
		return NULL;
	const char *f = sqlite3_db_filename(db->conn, "main");
	return f && *f ? f : NULL;
}

static const struct db_ops sqlite_ops = {
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.param_count = sq_param_count,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_null = sq_col_null,
	.reset = sq_reset,
	.changes = sq_changes,
	.exec = sq_exec,
	.backup = sq_backup,
	.restore = sq_restore,
	.close = sq_close,
};

enum px_err db_open_backup(const char *path, struct db **out, char **errmsg)
{
	*out = NULL;
	sqlite3 *conn = NULL;
	char buf[700];
	int rc = sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(conn, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(buf, sizeof buf, "%s không phải bản sao lưu đọc được | %s is not a readable "
		         "backup: %s", path, path, conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
		*errmsg = xstrdup(buf);
		sqlite3_close(conn);
		return PX_FAIL;
	}
	struct db *db = xcalloc(1, sizeof *db);
	db->ops = &sqlite_ops;
	db->backend = DB_SQLITE;
	db->conn = conn;
	map_init(&db->cache);
	sqlite3_busy_timeout(conn, 10000);
	*out = db;
	return PX_OK;
}

enum px_err db_integrity_check(struct db *db)
{
	if (db->backend != DB_SQLITE)
		return PX_OK;
	sqlite3_stmt *st = NULL;
	enum px_err e = PX_FAIL;
	if (sqlite3_prepare_v2(db->conn, "PRAGMA integrity_check(5)", -1, &st, NULL) != SQLITE_OK) {
		db_set_error(db, "%s", sqlite3_errmsg(db->conn));
		return PX_FAIL;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && !strcmp(r, "ok"))
			e = PX_OK;
		else
			db_set_error(db, "integrity_check: %s", r ? r : "?");
	} else {
		db_set_error(db, "%s", sqlite3_errmsg(db->conn));
	}
	sqlite3_finalize(st);
	return e;
}

enum px_err db_sqlite_open(const char *path, struct db **out, char **errmsg)
{
	sqlite3 *conn = NULL;
	int rc = sqlite3_open_v2(path, &conn,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                                 SQLITE_OPEN_NOMUTEX,
	                         NULL);
	if (rc != SQLITE_OK) {
		char buf[600];
		snprintf(buf, sizeof buf, "không mở được CSDL %s | cannot open database %s: %s",
		         path, path, conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
		*errmsg = xstrdup(buf);
		sqlite3_close(conn);
		return PX_FAIL;
	}
	struct db *db = xcalloc(1, sizeof *db);
	db->ops = &sqlite_ops;
	db->backend = DB_SQLITE;
	db->conn = conn;
	map_init(&db->cache);
	sqlite3_busy_timeout(conn, 10000);
	if (sq_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                " PRAGMA foreign_keys=ON;") != PX_OK) {
		char buf[600];
		snprintf(buf, sizeof buf, "không mở được CSDL %s | cannot open database %s: %s",
		         path, path, db->errmsg);
		*errmsg = xstrdup(buf);
		map_free(&db->cache);
		sqlite3_close(conn);
		free(db);
		return PX_FAIL;
	}
	*out = db;
	return PX_OK;
}
