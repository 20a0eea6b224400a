/*
 * The backend-independent half of db.h: opening by URL, the statement
 * cache, loud binding, transactions (one level; nested begin/commit pairs
 * are counted so an app function can call another that also opens a
 * transaction; a failed statement fails the whole transaction on both
 * backends, because PostgreSQL cannot continue one), and bulk loads (a
 * prepared INSERT unless the backend has a native path: COPY).
 */
#include "store/db_impl.h"
#include "base/arena.h"
#include "base/embedded.h"
#include "base/mem.h"
#include "base/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void db_set_error(struct db *db, const char *fmt, ...)
{
	if (db->txn_failed)
		return; /* keep the first error of a failed transaction */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
	va_end(ap);
}

bool db_transient(const struct db *db) { return db && db->transient; }
void db_clear_transient(struct db *db) { if (db) db->transient = false; }

bool db_url_is_postgres(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

char *db_url_redact(const char *url)
{
	struct str s;
	str_init(&s, 0);
	const char *p = url;
	const char *scheme = strstr(url, "://");
	if (scheme) {
		/* scheme://user:password@host -> scheme://user:***@host */
		const char *auth = scheme + 3;
		const char *end = auth + strcspn(auth, "/?");
		const char *at = NULL;
		for (const char *q = auth; q < end; q++)
			if (*q == '@')
				at = q;
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			str_add(&s, url, (size_t)(colon - url) + 1);
			str_adds(&s, "***");
			p = at;
		}
	}
	/* ...?password=secret&... -> ...?password=***&... */
	const char *pw;
	for (pw = strstr(p, "password="); pw != NULL; pw = strstr(p, "password=")) {
		str_add(&s, p, (size_t)(pw - p) + 9);
		str_adds(&s, "***");
		p = pw + 9 + strcspn(pw + 9, "&");
	}
	str_adds(&s, p);
	return str_detach(&s);
}

enum px_err db_open(const char *url, struct db **out, char **errmsg)
{
	*out = NULL;
	*errmsg = NULL;
	if (db_url_is_postgres(url))
		return db_postgres_open(url, out, errmsg);
	return db_sqlite_open(url, out, errmsg);
}

/* A statement while a bulk load holds the connection is a bug. */
static void check_no_bulk(struct db *db, const char *sql)
{
	if (db->bulk) {
		fprintf(stderr, "parindex: statement during a bulk load (a bug)\n  in: %s\n",
		        sql ? sql : "");
		abort();
	}
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->bulk)
		db_bulk_cancel(db->bulk);
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
	check_no_bulk(db, sql);
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

void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	check_idx(st, idx);
	st->db->ops->bind_blob(st->handle, idx, p, n);
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *n)
{
	*n = 0;
	const void *p = st->db->ops->col_blob(st->handle, col, n);
	return p ? p : "";
}

void db_bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	db_bind_text(st, idx, s && *s ? s : NULL, -1);
}

enum db_step db_step(struct db_stmt *st)
{
	check_no_bulk(st->db, st->sql);
	enum db_step r = st->db->ops->step(st->db, st->handle);
	if (r == DB_ERROR && st->db->txn_depth > 0)
		st->db->txn_failed = true;
	return r;
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
	for (r = db_step(st); r == DB_ROW; r = db_step(st))
		;
	db_done(st);
	return r == DB_DONE ? PX_OK : PX_FAIL;
}

struct db_stmt *db_bind_texts(struct db_stmt *st, size_t n, const char *const *v)
{
	for (size_t i = 0; i < n; i++)
		db_bind_text(st, (int)i + 1, v[i], -1);
	return st;
}

enum px_err db_text(struct db_stmt *st, struct arena *a, const char **out)
{
	enum db_step r = db_step(st);
	*out = r == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : "";
	db_done(st);
	return r == DB_ROW ? PX_OK : r == DB_DONE ? PX_NOTFOUND : PX_FAIL;
}

enum px_err db_int(struct db_stmt *st, int64_t dflt, int64_t *out)
{
	enum db_step r = db_step(st);
	*out = r == DB_ROW ? db_col_int(st, 0) : dflt;
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err db_exists(struct db_stmt *st, bool *yes)
{
	enum db_step r = db_step(st);
	*yes = r == DB_ROW;
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err db_changes(struct db_stmt *st, int64_t *n)
{
	enum db_step r;
	do
		r = db_step(st);
	while (r == DB_ROW);
	*n = r == DB_DONE ? st->db->ops->changes(st->db, st->handle) : 0;
	db_done(st);
	return r == DB_DONE ? PX_OK : PX_FAIL;
}

enum px_err db_rows(struct db_stmt *st, struct arena *a, const struct db_col *cols,
                    size_t ncols, size_t size, void **out, size_t *n)
{
	char *v = NULL;
	size_t cap = 0;
	enum db_step r;
	*n = 0;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, size);
		char *row = v + *n * size;
		memset(row, 0, size);
		for (size_t c = 0; c < ncols; c++) {
			void *f = row + cols[c].offset;
			int i = (int)c;
			switch (cols[c].type) {
			case DB_COL_TEXT:
				*(const char **)f = arena_strdup(a, db_col_text(st, i));
				break;
			case DB_COL_TEXT_NULL:
				*(const char **)f = db_col_null(st, i) ? NULL
				                                       : arena_strdup(a, db_col_text(st, i));
				break;
			case DB_COL_INT64:
				*(int64_t *)f = db_col_int(st, i);
				break;
			case DB_COL_LONG:
				*(long *)f = (long)db_col_int(st, i);
				break;
			case DB_COL_DOUBLE:
				*(double *)f = db_col_double(st, i);
				break;
			case DB_COL_BOOL:
				*(bool *)f = db_col_int(st, i) != 0;
				break;
			case DB_COL_NOTNULL:
				*(bool *)f = !db_col_null(st, i);
				break;
			}
		}
		(*n)++;
	}
	db_done(st);
	*out = v;
	return r == DB_DONE ? PX_OK : PX_FAIL;
}

enum px_err db_exec(struct db *db, const char *sql)
{
	check_no_bulk(db, sql);
	enum px_err e = db->ops->exec(db, sql);
	if (e != PX_OK && db->txn_depth > 0)
		db->txn_failed = true;
	return e;
}

/* The writer lock of a PostgreSQL transaction: a transaction-scoped
 * advisory lock, so that writers are serialised exactly as SQLite's BEGIN
 * IMMEDIATE serialises them (and the audit chain cannot fork). The key is
 * "parindex" in ASCII read as a big-endian 64-bit integer. */
#define PG_WRITER_LOCK "SELECT pg_advisory_xact_lock(8097879402138068344)"

enum px_err db_begin(struct db *db)
{
	if (db->txn_depth > 0) {
		db->txn_depth++;
		return db->txn_failed ? PX_FAIL : PX_OK;
	}
	db->txn_failed = false;
	/* txn_depth is still 0 here: a backend may re-establish a lost
	 * connection before BEGIN */
	enum px_err e;
	if (db->backend == DB_SQLITE) {
		e = db->ops->exec(db, "BEGIN IMMEDIATE");
	} else {
		e = db->ops->exec(db, "BEGIN");
		if (e == PX_OK)
			e = db->ops->exec(db, PG_WRITER_LOCK);
		if (e != PX_OK) {
			char keep[sizeof db->errmsg];
			memcpy(keep, db->errmsg, sizeof keep);
			db->ops->exec(db, "ROLLBACK");
			memcpy(db->errmsg, keep, sizeof keep);
		}
	}
	if (e == PX_OK)
		db->txn_depth = 1;
	return e;
}

enum px_err db_commit(struct db *db)
{
	if (db->txn_depth == 0)
		return PX_FAIL;
	if (db->txn_failed) {
		/* a statement failed: nothing of this transaction may commit */
		if (db->txn_depth == 1)
			db_rollback(db);
		else
			db->txn_depth--;
		return PX_FAIL;
	}
	if (--db->txn_depth > 0)
		return PX_OK;
	enum px_err e = db->ops->exec(db, "COMMIT");
	if (e != PX_OK) {
		char keep[sizeof db->errmsg];
		memcpy(keep, db->errmsg, sizeof keep);
		db->ops->exec(db, "ROLLBACK");
		memcpy(db->errmsg, keep, sizeof keep);
	}
	return e;
}

void db_rollback(struct db *db)
{
	if (db->txn_depth == 0)
		return;
	db->txn_depth = 0;
	db->txn_failed = false;
	char keep[sizeof db->errmsg];
	memcpy(keep, db->errmsg, sizeof keep);
	db->ops->exec(db, "ROLLBACK");
	memcpy(db->errmsg, keep, sizeof keep); /* report the first error */
}

bool db_in_transaction(const struct db *db)
{
	return db->txn_depth > 0;
}

enum px_err db_backup(struct db *db, const char *path)
{
	return db->ops->backup(db, path);
}

enum px_err db_restore(struct db *db, const char *path)
{
	if (!db->ops->restore) {
		db_set_error(db, "khôi phục CSDL PostgreSQL bằng pg_restore vào một CSDL mới "
		                 "(docs/operations.md, mục 3) | restore a PostgreSQL database with "
		                 "pg_restore into a new database (docs/operations.md, section 3)");
		return PX_FAIL;
	}
	return db->ops->restore(db, path);
}

/* ---- bulk loads ---- */

struct db_bulk {
	struct db *db;
	int ncols;
	void *insert;   /* generic path: the prepared INSERT (backend handle) */
	bool native;    /* backend copy_* path */
	bool failed;
	int64_t rows;
};

static void check_ident(const char *s)
{
	bool ok = s && ((*s >= 'a' && *s <= 'z') || *s == '_');
	for (const char *p = s; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
	if (!ok) {
		fprintf(stderr, "parindex: bulk load: bad identifier \"%s\" (a bug)\n", s ? s : "(null)");
		abort();
	}
}

struct db_bulk *db_bulk_begin(struct db *db, const char *table, const char *const *cols,
                              int ncols)
{
	check_no_bulk(db, table);
	check_ident(table);
	if (ncols < 1) {
		fprintf(stderr, "parindex: bulk load into %s without columns (a bug)\n", table);
		abort();
	}
	for (int i = 0; i < ncols; i++)
		check_ident(cols[i]);
	struct db_bulk *b = xcalloc(1, sizeof *b);
	b->db = db;
	b->ncols = ncols;
	b->native = db->ops->copy_begin != NULL;
	if (db_begin(db) != PX_OK) {
		b->failed = true;
		b->native = false;
		db->bulk = b;
		return b;
	}
	if (b->native) {
		if (db->ops->copy_begin(db, table, cols, ncols) != PX_OK) {
			db->txn_failed = true;
			b->failed = true;
			b->native = false; /* no COPY to end */
		}
	} else {
		struct str sql;
		str_init(&sql, 0);
		str_printf(&sql, "INSERT INTO %s(", table);
		for (int i = 0; i < ncols; i++)
			str_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
		str_adds(&sql, ") VALUES (");
		for (int i = 0; i < ncols; i++)
			str_printf(&sql, "%s?%d", i ? ", " : "", i + 1);
		str_addc(&sql, ')');
		if (db->ops->prepare(db, str_cstr(&sql), &b->insert) != PX_OK) {
			fprintf(stderr, "parindex: bad bulk INSERT (a bug): %s\n  in: %s\n",
			        db->errmsg, str_cstr(&sql));
			abort();
		}
		str_free(&sql);
	}
	db->bulk = b;
	return b;
}

enum px_err db_bulk_row(struct db_bulk *b, const char *const *values)
{
	struct db *db = b->db;
	if (b->failed)
		return PX_FAIL;
	if (b->native) {
		if (db->ops->copy_row(db, values) != PX_OK) {
			b->failed = true;
			db->txn_failed = true;
			return PX_FAIL;
		}
		b->rows++;
		return PX_OK;
	}
	for (int i = 0; i < b->ncols; i++) {
		if (values[i])
			db->ops->bind_text(b->insert, i + 1, values[i], strlen(values[i]));
		else
			db->ops->bind_null(b->insert, i + 1);
	}
	enum db_step r = db->ops->step(db, b->insert);
	db->ops->reset(b->insert);
	if (r == DB_ERROR) {
		b->failed = true;
		db->txn_failed = true;
		return PX_FAIL;
	}
	b->rows++;
	return PX_OK;
}

int64_t db_bulk_count(const struct db_bulk *b)
{
	return b->rows;
}

static enum px_err bulk_finish(struct db_bulk *b, bool keep)
{
	struct db *db = b->db;
	enum px_err e = b->failed || !keep ? PX_FAIL : PX_OK;
	if (b->native && db->ops->copy_end(db, e == PX_OK) != PX_OK)
		e = PX_FAIL;
	if (b->insert)
		db->ops->finalize(db, b->insert);
	db->bulk = NULL;
	if (db->txn_depth > 0) {
		if (e == PX_OK)
			e = db_commit(db);
		else
			db_rollback(db);
	}
	free(b);
	return e;
}

enum px_err db_bulk_end(struct db_bulk *b)
{
	return bulk_finish(b, true);
}

void db_bulk_cancel(struct db_bulk *b)
{
	struct db *db = b->db;
	char keep[sizeof db->errmsg];
	memcpy(keep, db->errmsg, sizeof keep);
	bulk_finish(b, false);
	memcpy(db->errmsg, keep, sizeof keep);
}
