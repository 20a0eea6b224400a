/*
 * Backend interface behind db.h. Each backend fills a struct db_ops; db.c
 * holds what is common (statement cache, transaction depth and failure,
 * loud binds, the generic bulk-load path).
 */
#ifndef PARINDEX_STORE_DB_IMPL_H
#define PARINDEX_STORE_DB_IMPL_H
#include "base/map.h"
#include "store/db.h"

struct db_ops {
	enum px_err (*prepare)(struct db *db, const char *sql, void **handle);
	void (*finalize)(struct db *db, void *handle);
	int (*param_count)(void *handle);
	void (*bind_int)(void *handle, int idx, int64_t v);
	void (*bind_double)(void *handle, int idx, double v);
	void (*bind_text)(void *handle, int idx, const char *s, size_t n);
	void (*bind_blob)(void *handle, int idx, const void *p, size_t n);
	void (*bind_null)(void *handle, int idx);
	enum db_step (*step)(struct db *db, void *handle);
	int64_t (*col_int)(void *handle, int col);
	double (*col_double)(void *handle, int col);
	const char *(*col_text)(void *handle, int col);
	const void *(*col_blob)(void *handle, int col, size_t *n);
	bool (*col_null)(void *handle, int col);
	void (*reset)(void *handle);
	/* rows changed by the statement's last execution (before reset) */
	int64_t (*changes)(struct db *db, void *handle);
	enum px_err (*exec)(struct db *db, const char *sql);
	enum px_err (*backup)(struct db *db, const char *path);
	enum px_err (*restore)(struct db *db, const char *path); /* NULL: not on this backend */
	void (*close)(struct db *db);
	/* Optional native bulk load (PostgreSQL COPY). When NULL, db_bulk_*
	 * uses one prepared INSERT. copy_row gets ncols values (NULL = SQL
	 * NULL); copy_end(ok = false) cancels the load. */
	enum px_err (*copy_begin)(struct db *db, const char *table, const char *const *cols,
	                          int ncols);
	enum px_err (*copy_row)(struct db *db, const char *const *values);
	enum px_err (*copy_end)(struct db *db, bool ok);
};

struct db_stmt {
	struct db *db;
	void *handle;
	const char *sql;
	int nparams;
};

struct db {
	const struct db_ops *ops;
	enum db_backend backend;
	void *conn;
	struct map cache; /* sql text -> struct db_stmt * */
	int txn_depth;
	bool txn_failed;        /* a statement failed in the open transaction */
	struct db_bulk *bulk;   /* an open bulk load: no other statement may run */
	char errmsg[512];
	bool transient; /* the last error: unreachable or busy database (db_transient) */
};

/* Sets the message db_errmsg returns. Inside a failed transaction the
 * first error is kept (later ones are consequences of it). */
void db_set_error(struct db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

enum px_err db_sqlite_open(const char *path, struct db **out, char **errmsg);
enum px_err db_postgres_open(const char *url, struct db **out, char **errmsg);
#endif
