/*
 * Use cases: one function per action a user can take. The CLI commands
 * and (later) the web pages are thin adapters over these, so a rule or an
 * audit entry cannot be forgotten on one path. This is the only layer
 * that combines store, core and io. Every change runs in one transaction
 * with its audit entries; bad input changes nothing.
 */
#ifndef PARINDEX_APP_APP_H
#define PARINDEX_APP_APP_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/register.h"
#include "store/db.h"

struct arena;

struct app {
	struct db *db;
	const char *actor;    /* who acts: "cli:<user>" or a login */
	struct arena *arena;  /* per command or request */
	/* optional progress callback for long work (done, total units) */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

/* Ends a use case's write: commits when e is PX_OK; otherwise, or when
 * the commit fails, rolls back and adds "database error, nothing changed"
 * (with the database's message) to d when e was a database failure.
 * Returns PX_OK or the failure. Every app function that writes ends here,
 * so a half-done change can never be left behind. */
enum px_err app_commit(struct app *app, enum px_err e, struct diags *d);

struct import_summary {
	long rows, inserted, updated, unchanged;
};

/* An import of a table (CSV or XLSX, formats/tables.md), all or nothing:
 * on PX_BADINPUT every problem is in d and nothing changed. Each is run
 * through app_import_table, the one place a table is opened. */
struct table;
typedef enum px_err (*app_import_fn)(struct app *, struct table *, struct diags *,
                                     struct import_summary *);
/* Opens a table, the file at path or (data != NULL) the len bytes of an
 * upload or embedded file named path, zeroes *sum, runs fn over it and
 * closes it (app/commit.c). */
enum px_err app_import_table(struct app *app, const char *path, const char *data, size_t len,
                             struct diags *d, struct import_summary *sum, app_import_fn fn);
/* app_import_table for an import that needs more than the table (who
 * imports, options): fn gets ctx. */
typedef enum px_err (*app_import_ctx_fn)(struct app *, struct table *, void *ctx,
                                         struct diags *, struct import_summary *);
enum px_err app_import_table_ctx(struct app *app, const char *path, const char *data, size_t len,
                                 struct diags *d, struct import_summary *sum,
                                 app_import_ctx_fn fn, void *ctx);
/* For the imports: where an import's reading ends and its writing begins: sum->rows = n;
 * PX_BADINPUT (nothing to write) when the reading failed (r < 0) or d
 * holds errors, else the answer of db_begin. */
enum px_err app_import_begin(struct app *app, int r, size_t n, struct diags *d,
                             struct import_summary *sum);
/* For the imports: the table's columns (table_columns into col) and the
 * register the rows' unit codes are checked against, in *units (the
 * caller's to unit_set_free, also after a failure). PX_FAIL with "database
 * error" in d when the register cannot be read. */
enum px_err app_import_start(struct app *app, struct table *t, const char *const *names,
                             const bool *req, int *col, struct unit_set *units,
                             struct diags *d);
struct str;
/* For the imports: one written row's audit entry ("insert" when is_new,
 * else "update", of entity key with detail's JSON), counted in sum;
 * frees detail. Returns audit_append's answer. */
enum px_err app_import_audit(struct app *app, bool is_new, const char *entity, const char *key,
                             struct str *detail, struct import_summary *sum);

/* Imports units (an app_import_fn). */
enum px_err app_unit_import(struct app *app, struct table *t, struct diags *d,
                            struct import_summary *sum);
/* Imports staff (docs/formats/staff.md; an app_import_fn). */
enum px_err app_staff_import(struct app *app, struct table *t, struct diags *d,
                             struct import_summary *sum);
struct staff_rec;
/* Staff of a unit (all when unit is NULL); rows in app->arena. */
enum px_err app_staff_list(struct app *app, const char *unit, struct staff_rec **out,
                           size_t *n);
/* Loads the whole register (strings in app->arena). */
enum px_err app_register_load(struct app *app, struct unit_set *s);

/* Imports metric values (an app_import_fn). A code not in the catalogue
 * is added to it; a replaced value is audited. */
enum px_err app_metric_import(struct app *app, struct table *t, struct diags *d,
                              struct import_summary *sum);
/* Imports catalogue entries (docs/formats/metrics.md; an app_import_fn). */
enum px_err app_metric_define(struct app *app, struct table *t, struct diags *d,
                              struct import_summary *sum);
struct metric_table;
/* Loads the catalogue's aggregation rules and every value whose period
 * starts with period_prefix (NULL: all) into t. */
enum px_err app_metric_table_load(struct app *app, const char *period_prefix,
                                  struct metric_table *t);

struct metric_def;
/* The metric catalogue with each metric's number of values, by code. */
enum px_err app_metric_catalogue(struct app *app, struct metric_def **out, size_t *n);

struct metric_row;
/* Stored metric values filtered by unit, metric and period prefix (NULL:
 * any), in app->arena. */
enum px_err app_metric_values(struct app *app, const char *unit, const char *metric,
                              const char *period_prefix, struct metric_row **out, size_t *n);

/* Fills the database with the demo city. Refuses (PX_USAGE) when the
 * register is not empty, unless force, which erases everything first. */
enum px_err app_demo(struct app *app, int force, struct diags *d);
#endif
