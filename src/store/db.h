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
 *   failed step inside a transaction leaves the transaction to be rolled
 *   back by the caller (goto out; db_rollback()).
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

/* Opens url: a SQLite file path, or postgresql://... . Does not create
 * the schema (db_migrate does). On failure returns PX_FAIL with a message
 * in *errmsg (malloc'd, caller frees) and *out NULL. */
enum px_err db_open(const char *url, struct db **out, char **errmsg);
void db_close(struct db *db);
enum db_backend db_backend(const struct db *db);
const char *db_errmsg(const struct db *db);

/* Creates or upgrades the schema from the embedded migrations; idempotent.
 * Refuses (PX_FAIL) a database whose schema is newer than this program. */
enum px_err db_migrate(struct db *db);
/* Schema version of the open database (0 when none). */
int db_schema_version(struct db *db);
/* Newest version this program knows. */
int db_schema_latest(void);

enum px_err db_begin(struct db *db);
enum px_err db_commit(struct db *db);
/* Rolls back when a transaction is open; harmless otherwise. */
void db_rollback(struct db *db);

/* A cached prepared statement for sql (a literal). Aborts on a syntax
 * error: SQL text is code, so a bad statement is a bug, caught by tests. */
struct db_stmt *db_prepare(struct db *db, const char *sql);

void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_double(struct db_stmt *st, int idx, double v);
/* Binds n bytes of text (n < 0: NUL-terminated); the text is copied. A
 * NULL pointer binds SQL NULL. */
void db_bind_text(struct db_stmt *st, int idx, const char *s, long n);
void db_bind_null(struct db_stmt *st, int idx);
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

/* Resets the statement and clears its bindings, ready for reuse. */
void db_done(struct db_stmt *st);
/* Runs a statement to completion and db_done()s it: PX_OK or PX_FAIL. */
enum px_err db_run(struct db_stmt *st);

/* Runs SQL text with no parameters (migrations, pragmas); may hold
 * several statements. */
enum px_err db_exec(struct db *db, const char *sql);

/* Online consistent copy of the database to a SQLite file at path. */
enum px_err db_backup(struct db *db, const char *path);
#endif
