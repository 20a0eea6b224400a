/*
 * The backend-independent half of db.h: opening by URL, the statement
 * cache, loud binding, transactions (one level; nested begin/commit pairs
 * are counted so an app function can call another that also opens a
 * transaction), and migrations.
 */
#include "store/db_impl.h"
#include "base/embedded.h"
#include "base/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void db_set_error(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
	va_end(ap);
}

enum px_err db_open(const char *url, struct db **out, char **errmsg)
{
	*out = NULL;
	*errmsg = NULL;
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		*errmsg = xstrdup("PostgreSQL chưa được hỗ trợ trong bản dựng này | "
		                  "PostgreSQL is not supported by this build yet");
		return PX_FAIL;
	}
	return db_sqlite_open(url, out, errmsg);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	db_rollback(db);
	for (size_t i = 0; i < db->cache.cap; i++) {
		struct db_stmt *st = db->cache.slots[i].value;
		if (db->cache.slots[i].key && st) {
			db->ops->finalize(db, st->handle);
			free(st);
		}
	}
	map_free(&db->cache);
	db->ops->close(db);
	free(db);
}

enum db_backend db_backend(const struct db *db) { return db->backend; }
const char *db_errmsg(const struct db *db) { return db->errmsg; }

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	struct db_stmt *st = map_gets(&db->cache, sql);
	if (st)
		return st;
	void *h = NULL;
	if (db->ops->prepare(db, sql, &h) != PX_OK) {
		fprintf(stderr, "parindex: bad SQL (a bug): %s\n  in: %s\n",
		        db->errmsg, sql);
		abort();
	}
	st = xcalloc(1, sizeof *st);
	st->db = db;
	st->handle = h;
	st->sql = sql;
	st->nparams = db->ops->param_count(h);
	map_puts(&db->cache, sql, st);
	return st;
}

static void check_idx(struct db_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams) {
		fprintf(stderr, "parindex: bind index ?%d out of range (a bug)\n  in: %s\n",
		        idx, st->sql);
		abort();
	}
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	check_idx(st, idx);
	st->db->ops->bind_int(st->handle, idx, v);
}

void db_bind_double(struct db_stmt *st, int idx, double v)
{
	check_idx(st, idx);
	st->db->ops->bind_double(st->handle, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s, long n)
{
	check_idx(st, idx);
	if (!s)
		st->db->ops->bind_null(st->handle, idx);
	else
		st->db->ops->bind_text(st->handle, idx, s, n < 0 ? strlen(s) : (size_t)n);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	check_idx(st, idx);
	st->db->ops->bind_null(st->handle, idx);
}

void db_bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	db_bind_text(st, idx, s && *s ? s : NULL, -1);
}

enum db_step db_step(struct db_stmt *st)
{
	return st->db->ops->step(st->db, st->handle);
}

int64_t db_col_int(struct db_stmt *st, int col) { return st->db->ops->col_int(st->handle, col); }
double db_col_double(struct db_stmt *st, int col) { return st->db->ops->col_double(st->handle, col); }
bool db_col_null(struct db_stmt *st, int col) { return st->db->ops->col_null(st->handle, col); }

const char *db_col_text(struct db_stmt *st, int col)
{
	const char *s = st->db->ops->col_text(st->handle, col);
	return s ? s : "";
}

void db_done(struct db_stmt *st)
{
	st->db->ops->reset(st->handle);
}

enum px_err db_run(struct db_stmt *st)
{
	enum db_step r;
	while ((r = db_step(st)) == DB_ROW)
		;
	db_done(st);
	return r == DB_DONE ? PX_OK : PX_FAIL;
}

enum px_err db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

enum px_err db_begin(struct db *db)
{
	if (db->txn_depth++ > 0)
		return PX_OK;
	enum px_err e = db_exec(db, db->backend == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
	if (e != PX_OK)
		db->txn_depth = 0;
	return e;
}

enum px_err db_commit(struct db *db)
{
	if (db->txn_depth == 0)
		return PX_FAIL;
	if (--db->txn_depth > 0)
		return PX_OK;
	enum px_err e = db_exec(db, "COMMIT");
	if (e != PX_OK)
		db_exec(db, "ROLLBACK");
	return e;
}

void db_rollback(struct db *db)
{
	if (db->txn_depth == 0)
		return;
	db->txn_depth = 0;
	char keep[sizeof db->errmsg];
	memcpy(keep, db->errmsg, sizeof keep);
	db_exec(db, "ROLLBACK");
	memcpy(db->errmsg, keep, sizeof keep); /* report the first error */
}

enum px_err db_backup(struct db *db, const char *path)
{
	return db->ops->backup(db, path);
}
