/*
 * One database API over two backends: SQLite (embedded, the default) and
 * PostgreSQL (libpq, a later addition behind the same calls). Fossil's
 * conveniences, Fossil's loudness:
 *
 * - SQL text is always a literal; values are always bound with ?1, ?2 ...
 *   (the PostgreSQL backend rewrites them to $1, $2). A bind index that the
 *   statement does not have is a programming error and aborts.
 * - Statements prepared through db_prepare() are cached per connection by
 *   their SQL text; db_done() resets one for reuse. A cached statement is
 *   never finalised by the caller.
 * - Errors: functions return PX_OK or PX_FAIL; db_errmsg() says why. A
 *   failed statement inside a transaction fails the whole transaction, on
 *   both backends: db_commit then rolls back and returns PX_FAIL, and the
 *   caller is expected to roll back at once (goto out; db_rollback()).
 *   db_errmsg() keeps the first error of a failed transaction.
 * - One connection is used by one thread at a time.
 *
 * Portable SQL rules for migrations and queries: docs/internals/db.md.
 * Contract: docs/internals/db.md.
 */
#ifndef PARINDEX_STORE_DB_H
#define PARINDEX_STORE_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;
struct db_stmt;

enum db_backend { DB_SQLITE, DB_POSTGRES };

/* Opens url: a SQLite file path, or postgresql://... (postgres://...), a
 * libpq connection URI. Does not create the schema (db_migrate does). On
 * failure returns PX_FAIL with a message in *errmsg (malloc'd, caller
 * frees; a password in the URL is masked) and *out NULL. A PostgreSQL
 * database must use UTF-8 and the C collation (docs/internals/db.md). */
enum px_err db_open(const char *url, struct db **out, char **errmsg);
/* True when url names a PostgreSQL database. */
bool db_url_is_postgres(const char *url);
/* url with any password replaced by "***", for messages and logs
 * (malloc'd, caller frees). */
char *db_url_redact(const char *url);
void db_close(struct db *db);
enum db_backend db_backend(const struct db *db);
/* The absolute path of a SQLite database file; NULL for PostgreSQL and
 * for an in-memory or temporary SQLite database (files kept beside the
 * database, such as the audit anchor, need it). */
const char *db_file_path(struct db *db);
const char *db_errmsg(const struct db *db);
/* True when the last error says the database is unreachable or busy for
 * the moment (a lost connection, a server shutting down or not yet
 * promoted, a lock or serialization timeout, SQLite's BUSY), not that the
 * statement is wrong: trying again later may succeed. The web answers 503
 * for it. db_clear_transient forgets it (a new request). */
bool db_transient(const struct db *db);
void db_clear_transient(struct db *db);

/* Creates or upgrades the schema from the embedded migrations; idempotent.
 * Refuses (PX_FAIL) a database whose schema is newer than this program. */
enum px_err db_migrate(struct db *db);
/* Schema version of the open database (0 when none). */
int db_schema_version(struct db *db);
/* Newest version this program knows. */
int db_schema_latest(void);

/* A write transaction with the same meaning on both backends: writers are
 * serialised for the whole transaction (SQLite BEGIN IMMEDIATE; on
 * PostgreSQL BEGIN plus a transaction-scoped advisory lock), waiting up to
 * 10 s for another writer. Nested begin/commit pairs are counted. */
enum px_err db_begin(struct db *db);
/* Commits at the outermost level. PX_FAIL (and everything rolled back)
 * when a statement of the transaction failed or the commit failed. */
enum px_err db_commit(struct db *db);
/* Rolls back when a transaction is open; harmless otherwise. */
void db_rollback(struct db *db);
/* True inside db_begin .. db_commit/db_rollback. */
bool db_in_transaction(const struct db *db);

/* A cached prepared statement for sql (a literal). Aborts on a syntax
 * error: SQL text is code, so a bad statement is a bug, caught by tests. */
struct db_stmt *db_prepare(struct db *db, const char *sql);

void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_double(struct db_stmt *st, int idx, double v);
/* Binds n bytes of text (n < 0: NUL-terminated); the text is copied. A
 * NULL pointer binds SQL NULL. */
void db_bind_text(struct db_stmt *st, int idx, const char *s, long n);
void db_bind_null(struct db_stmt *st, int idx);
/* Binds n bytes of binary data (a BLOB / BYTEA column). */
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
/* Binds text, or NULL when s is NULL or "". */
void db_bind_text_or_null(struct db_stmt *st, int idx, const char *s);

enum db_step { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };
enum db_step db_step(struct db_stmt *st);

/* Column accessors for the current row, 0-based. Text is valid until the
 * next step or db_done; NULL reads as "" (text) or 0 (numbers). */
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);
/* Binary column: the bytes and *n their count; valid until the next step
 * or db_done. NULL reads as n = 0. */
const void *db_col_blob(struct db_stmt *st, int col, size_t *n);

/* Resets the statement and clears its bindings, ready for reuse. */
void db_done(struct db_stmt *st);
/* Runs a statement to completion and db_done()s it: PX_OK or PX_FAIL. */
enum px_err db_run(struct db_stmt *st);

/* Binds v[0..n) as text to ?1..?n (a NULL pointer binds SQL NULL) and
 * returns st, so that a query reads as its SQL and its values:
 *   return db_changes(DB_TEXTS(db_prepare(db, "UPDATE ..."), a, b), &n); */
struct db_stmt *db_bind_texts(struct db_stmt *st, size_t n, const char *const *v);
#define DB_TEXTS(st, ...)                                                               \
	db_bind_texts((st), sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), \
	              (const char *const[]){__VA_ARGS__})

/* Fossil's conveniences over a prepared, bound statement; each steps it,
 * reads what it says and db_done()s it:
 *   db_text:   column 0 of the first row copied into a, "" when no row
 *              (PX_NOTFOUND then; PX_FAIL on error);
 *   db_int:    column 0 of the first row, *out = dflt when no row;
 *   db_exists: whether there is a row;
 *   db_changes: runs it to the end; *n = rows it inserted, updated or
 *              deleted (so a put for an unknown key can say NOT FOUND). */
struct arena;
enum px_err db_text(struct db_stmt *st, struct arena *a, const char **out);
enum px_err db_int(struct db_stmt *st, int64_t dflt, int64_t *out);
enum px_err db_exists(struct db_stmt *st, bool *yes);
enum px_err db_changes(struct db_stmt *st, int64_t *n);

/* A row mapper driven by a column table: every row of st becomes one
 * struct of `size` bytes in a (an array of *n, NUL-terminated strings in
 * a), column i of the result going to cols[i]. The SELECT list and the
 * table are written side by side, so a query and its struct cannot drift
 * apart silently. */
enum db_coltype {
	DB_COL_TEXT,      /* const char *, "" for NULL */
	DB_COL_TEXT_NULL, /* const char *, NULL for NULL */
	DB_COL_INT64,     /* int64_t */
	DB_COL_LONG,      /* long */
	DB_COL_DOUBLE,    /* double */
	DB_COL_BOOL,      /* bool: nonzero */
	DB_COL_NOTNULL,   /* bool: the column is not NULL */
};
struct db_col {
	enum db_coltype type;
	size_t offset; /* offsetof(struct row, field) */
};
#define DB_COLS(a) (a), (sizeof(a) / sizeof((a)[0]))
enum px_err db_rows(struct db_stmt *st, struct arena *a, const struct db_col *cols,
                    size_t ncols, size_t size, void **out, size_t *n);

/* Runs SQL text with no parameters (migrations, pragmas); may hold
 * several statements. */
enum px_err db_exec(struct db *db, const char *sql);

/* Online consistent copy of the database to a SQLite file at path
 * (SQLite's online backup API). On PostgreSQL: PX_FAIL with a message
 * pointing to pg_dump. */
enum px_err db_backup(struct db *db, const char *path);
/* The reverse: replaces db's whole content by the SQLite file at path,
 * online (SQLite's backup API into db's connection: other connections
 * wait on the lock and then see the restored database, never a mix).
 * On PostgreSQL: PX_FAIL with a message pointing to pg_restore. */
enum px_err db_restore(struct db *db, const char *path);
/* Opens the SQLite file at path read-only, to check a backup before a
 * restore (nothing is written to it; no migrations). PX_FAIL with a
 * bilingual message when it is missing or not a SQLite database. */
enum px_err db_open_backup(const char *path, struct db **out, char **errmsg);
/* SQLite's integrity_check: PX_OK when it says "ok", else PX_FAIL with
 * the first problem in db_errmsg. PostgreSQL: PX_OK (the server keeps
 * its own pages consistent). */
enum px_err db_integrity_check(struct db *db);

/*
 * Bulk loads, for imports of many rows (dossiers): one table, fixed
 * columns, values as text (NULL pointer = SQL NULL; numbers in C-locale
 * decimal form, already validated by the importer). SQLite: one prepared
 * INSERT reused for every row; PostgreSQL: COPY ... FROM STDIN.
 *
 *   struct db_bulk *b = db_bulk_begin(db, "dossier", cols, ncols);
 *   for each row: if (db_bulk_row(b, values) != PX_OK) break;
 *   e = db_bulk_end(b);           (or db_bulk_cancel(b) to discard)
 *
 * table and cols are literals from code (identifiers [a-z_][a-z0-9_]*;
 * anything else aborts). The load runs in a transaction (db_begin, so it
 * joins the caller's). No other statement may run on db until end or
 * cancel (PostgreSQL's connection is busy with COPY; trying aborts).
 * Errors are sticky, like struct str: db_bulk_begin never returns NULL,
 * a failure (in begin or in a row) makes later rows no-ops, and
 * db_bulk_row may report it early (SQLite) or only db_bulk_end
 * (PostgreSQL reports server-side errors at the end): check both. End
 * and cancel free b; on failure they roll back the whole transaction, the
 * caller's included, and db_errmsg says why.
 */
struct db_bulk;
struct db_bulk *db_bulk_begin(struct db *db, const char *table, const char *const *cols,
                              int ncols);
enum px_err db_bulk_row(struct db_bulk *b, const char *const *values);
/* Rows accepted so far. */
int64_t db_bulk_count(const struct db_bulk *b);
enum px_err db_bulk_end(struct db_bulk *b);
void db_bulk_cancel(struct db_bulk *b);
#endif
