/*
 * Dossiers, the procedure catalogue, monthly counters and dossier
 * metrics; see repo_dossier.h. All SQL is portable (SQLite and
 * PostgreSQL, docs/internals/db.md). Large reads page by key (10,000
 * rows a query) so memory stays bounded on PostgreSQL, which holds a
 * whole result in memory.
 */
#include "store/repo_dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"

#define PAGE 10000

/* The staged rows (table stage) copied into dossier, column by column. */
#define COPY_STAGED(stage)                                                                  \
	"INSERT INTO dossier(code, unit_code, procedure_code, channel, online_kind,"            \
	" received_at, due_at, due_source, finished_at, status, paid_online, digitized,"        \
	" result_digitized, rating, maybe_late) SELECT code, unit_code, procedure_code,"        \
	" channel, online_kind, received_at, due_at, due_source, finished_at, status,"          \
	" paid_online, digitized, result_digitized, rating, maybe_late FROM " stage

/* The staging table's columns (a temporary table, or a table of the
 * staging file of app/dossier.c). */
#define STAGE_COLUMNS \
	"(code TEXT NOT NULL, unit_code TEXT NOT NULL, procedure_code TEXT NOT NULL," \
	" channel TEXT NOT NULL, online_kind TEXT NOT NULL, received_at TEXT NOT NULL," \
	" due_at TEXT NOT NULL, due_source TEXT NOT NULL, finished_at TEXT," \
	" status TEXT NOT NULL, paid_online BIGINT NOT NULL, digitized BIGINT NOT NULL," \
	" result_digitized BIGINT NOT NULL, rating BIGINT, maybe_late BIGINT NOT NULL)"

static const char *const load_cols[REPO_DOSSIER_NCOLS] = {
	"code",     "unit_code",   "procedure_code", "channel",   "online_kind",
	"received_at", "due_at",   "due_source",     "finished_at", "status",
	"paid_online", "digitized", "result_digitized", "rating", "maybe_late"};

void repo_dossier_instant(int64_t t, char out[21])
{
	/* UTC: the local formatter on the instant shifted by the offset */
	char local[26];
	datetime_format(t - VN_UTC_OFFSET, local);
	memcpy(out, local, 19);
	out[19] = 'Z';
	out[20] = 0;
}

void repo_dossier_bulk_mode(struct db *db, bool on)
{
	if (db_backend(db) == DB_SQLITE)
		db_exec(db, on ? "PRAGMA cache_size = -131072"
		            : "PRAGMA cache_size = -2000");
}

enum px_err repo_procedure_put(struct db *db, const struct procedure *p, const char *now,
                               int *change)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT name, processing_days, online_kind FROM admin_procedure WHERE code = ?1");
	db_bind_text(st, 1, p->code, -1);
	enum db_step r = db_step(st);
	*change = 1;
	if (r == DB_ROW) {
		int days = db_col_null(st, 1) ? -1 : (int)db_col_int(st, 1);
		*change = strcmp(db_col_text(st, 0), p->name) || days != p->processing_days ||
		                  strcmp(db_col_text(st, 2), dossier_online_name(p->online_kind))
		              ? 2 : 0;
	}
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	if (*change == 0)
		return PX_OK;
	st = db_prepare(db,
		"INSERT INTO admin_procedure(code, name, processing_days, online_kind, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
		" processing_days = excluded.processing_days, online_kind = excluded.online_kind,"
		" updated_at = excluded.updated_at");
	DB_TEXTS(st, p->code, p->name);
	if (p->processing_days < 0)
		db_bind_null(st, 3);
	else
		db_bind_int(st, 3, p->processing_days);
	db_bind_text(st, 4, dossier_online_name(p->online_kind), -1);
	db_bind_text(st, 5, now, -1);
	return db_run(st);
}

enum px_err repo_procedure_all(struct db *db, struct arena *a, struct procedure **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT code, name, processing_days, online_kind FROM admin_procedure ORDER BY code");
	size_t cap = 64;
	struct procedure *v = arena_array(a, cap, sizeof *v);
	*n = 0;
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct procedure *p = &v[(*n)++];
		p->code = arena_strdup(a, db_col_text(st, 0));
		p->name = arena_strdup(a, db_col_text(st, 1));
		p->processing_days = db_col_null(st, 2) ? -1 : (int)db_col_int(st, 2);
		const char *k = db_col_text(st, 3);
		if (!dossier_online_parse(k, strlen(k), &p->online_kind))
			p->online_kind = DOSSIER_ONLINE_NONE;
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_dossier_unit_codes(struct db *db, struct arena *a, struct map *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT code, valid_from, valid_to FROM unit ORDER BY code");
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		struct repo_unit_span *s = arena_alloc(a, sizeof *s);
		const char *from = db_col_text(st, 1), *to = db_col_text(st, 2);
		s->from = DATE_MIN;
		s->to = DATE_MAX;
		if (from && *from)
			date_parse(from, strlen(from), &s->from);
		if (to && *to)
			date_parse(to, strlen(to), &s->to);
		map_puts(out, db_col_text(st, 0), s);
	}
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_dossier_is_empty(struct db *db, bool *empty)
{
	struct db_stmt *st = db_prepare(db, "SELECT code FROM dossier LIMIT 1");
	enum db_step r = db_step(st);
	db_done(st);
	*empty = r == DB_DONE;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

struct db_bulk *repo_dossier_load_begin(struct db *db, bool direct)
{
	if (direct) {
		/* a failure here fails the transaction, and so the load */
		db_exec(db, "DROP INDEX dossier_code; DROP INDEX dossier_late");
		return db_bulk_begin(db, "dossier", load_cols, REPO_DOSSIER_NCOLS);
	}
	db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS dossier_stage " STAGE_COLUMNS);
	db_exec(db, "DELETE FROM dossier_stage");
	return db_bulk_begin(db, "dossier_stage", load_cols, REPO_DOSSIER_NCOLS);
}

/* A stored row (columns from `first`: channel, online_kind, received_at,
 * due_at, finished_at, status, paid_online, digitized, result_digitized,
 * rating) as a struct dossier. */
static void stored_row(struct db_stmt *st, int first, struct dossier *d)
{
	memset(d, 0, sizeof *d);
	const char *s;
	s = db_col_text(st, first);
	dossier_channel_parse(s, strlen(s), &d->channel);
	s = db_col_text(st, first + 1);
	dossier_online_parse(s, strlen(s), &d->online_kind);
	s = db_col_text(st, first + 2);
	datetime_parse(s, strlen(s), false, &d->received_at, NULL);
	s = db_col_text(st, first + 3);
	datetime_parse(s, strlen(s), false, &d->due_at, NULL);
	d->has_finished = !db_col_null(st, first + 4);
	if (d->has_finished) {
		s = db_col_text(st, first + 4);
		datetime_parse(s, strlen(s), false, &d->finished_at, NULL);
	}
	s = db_col_text(st, first + 5);
	dossier_status_parse(s, strlen(s), &d->status);
	d->paid_online = db_col_int(st, first + 6) != 0;
	d->digitized = db_col_int(st, first + 7) != 0;
	d->result_digitized = db_col_int(st, first + 8) != 0;
	d->rating = db_col_null(st, first + 9) ? 0 : (int)db_col_int(st, first + 9);
	dossier_set_months(d);
}

/* fn sees the stored version of every staged code (select: the paged
 * join of the staging table with dossier, ?1 the last code seen). */
static enum px_err each_replaced(struct db *db, const char *select,
                                 void (*fn)(void *ctx, const char *unit, const struct dossier *d),
                                 void *ctx, long *replaced)
{
	char *after = xstrdup("");
	struct dossier *page = xmalloc(PAGE * sizeof *page);
	char **units = xcalloc(PAGE, sizeof *units);
	enum px_err e = PX_OK;
	for (;;) {
		struct db_stmt *st = db_prepare(db, select);
		db_bind_text(st, 1, after, -1);
		size_t n = 0;
		enum db_step r;
		for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
			free(after);
			after = xstrdup(db_col_text(st, 0));
			free(units[n]);
			units[n] = xstrdup(db_col_text(st, 1));
			stored_row(st, 2, &page[n]);
			n++;
		}
		db_done(st);
		if (r == DB_ERROR) {
			e = PX_FAIL;
			break;
		}
		for (size_t i = 0; i < n; i++)
			fn(ctx, units[i], &page[i]);
		*replaced += (long)n;
		if (n < PAGE)
			break;
	}
	for (size_t i = 0; i < PAGE; i++)
		free(units[i]);
	free(units);
	free(page);
	free(after);
	return e;
}

enum px_err repo_dossier_load_finish(struct db *db, bool direct,
                                     void (*fn)(void *ctx, const char *unit,
                                                const struct dossier *d),
                                     void *ctx, long *replaced)
{
	*replaced = 0;
	if (direct)
		return db_exec(db, "CREATE UNIQUE INDEX dossier_code ON dossier(code);"
		                   " CREATE INDEX dossier_late ON dossier(unit_code, received_at)"
		                   " WHERE maybe_late = 1");
	/* the stored versions of re-imported codes, a page at a time: the
	 * pages walk an index of the staged codes (without it each page
	 * would scan and sort the whole staging table) */
	if (db_exec(db, "CREATE INDEX IF NOT EXISTS dossier_stage_code ON dossier_stage(code)") !=
	    PX_OK)
		return PX_FAIL;
	enum px_err e = each_replaced(db,
		"SELECT s.code, d.unit_code, d.channel, d.online_kind, d.received_at, d.due_at,"
		" d.finished_at, d.status, d.paid_online, d.digitized, d.result_digitized, d.rating"
		" FROM dossier_stage s JOIN dossier d ON d.code = s.code"
		" WHERE s.code > ?1 ORDER BY s.code LIMIT 10000", fn, ctx, replaced);
	if (e == PX_OK)
		e = db_exec(db, "DELETE FROM dossier WHERE code IN (SELECT code FROM dossier_stage)");
	if (e == PX_OK)
		e = db_exec(db, COPY_STAGED("dossier_stage"));
	if (e == PX_OK)
		e = db_exec(db, "DELETE FROM dossier_stage");
	return e;
}

struct db_bulk *repo_dossier_stage_begin(struct db *stage)
{
	/* a failure here fails the bulk load */
	db_exec(stage, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;"
	               " DROP TABLE IF EXISTS dossier_stage; CREATE TABLE dossier_stage "
	               STAGE_COLUMNS);
	return db_bulk_begin(stage, "dossier_stage", load_cols, REPO_DOSSIER_NCOLS);
}

enum px_err repo_dossier_stage_index(struct db *stage)
{
	return db_exec(stage, "CREATE INDEX dossier_stage_code ON dossier_stage(code)");
}

enum px_err repo_dossier_stage_attach(struct db *db, const char *path)
{
	struct db_stmt *st = db_prepare(db, "ATTACH DATABASE ?1 AS dossier_import");
	db_bind_text(st, 1, path, -1);
	return db_run(st);
}

void repo_dossier_stage_detach(struct db *db)
{
	db_exec(db, "DETACH DATABASE dossier_import");
}

enum px_err repo_dossier_stage_switch(struct db *db, bool direct,
                                      void (*fn)(void *ctx, const char *unit,
                                                 const struct dossier *d),
                                      void *ctx, long *replaced)
{
	*replaced = 0;
	enum px_err e = PX_OK;
	if (direct) {
		e = db_exec(db, "DROP INDEX dossier_code; DROP INDEX dossier_late");
	} else {
		e = each_replaced(db,
			"SELECT s.code, d.unit_code, d.channel, d.online_kind, d.received_at, d.due_at,"
			" d.finished_at, d.status, d.paid_online, d.digitized, d.result_digitized, d.rating"
			" FROM dossier_import.dossier_stage s JOIN dossier d ON d.code = s.code"
			" WHERE s.code > ?1 ORDER BY s.code LIMIT 10000", fn, ctx, replaced);
		if (e == PX_OK)
			e = db_exec(db, "DELETE FROM dossier WHERE code IN"
			                " (SELECT code FROM dossier_import.dossier_stage)");
	}
	if (e == PX_OK)
		e = db_exec(db, COPY_STAGED("dossier_import.dossier_stage"));
	if (e == PX_OK && direct)
		e = db_exec(db, "CREATE UNIQUE INDEX dossier_code ON dossier(code);"
		                " CREATE INDEX dossier_late ON dossier(unit_code, received_at)"
		                " WHERE maybe_late = 1");
	return e;
}

enum px_err repo_dossier_month_each(struct db *db,
                                    void (*fn)(void *ctx, const char *unit, int32_t month,
                                               const int64_t *cell),
                                    void *ctx)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT unit_code, month, received, received_online, received_full_online, paid_online,"
		" digitized, finished, finished_on_time, result_digitized, rated, satisfied,"
		" open_delta, overdue_delta FROM dossier_month ORDER BY unit_code, month");
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		int64_t cell[DOSSIER_NCELL];
		for (int i = 0; i < DOSSIER_NCELL; i++)
			cell[i] = db_col_int(st, 2 + i);
		int32_t month;
		const char *m = db_col_text(st, 1);
		if (dossier_month_parse(m, strlen(m), &month))
			fn(ctx, db_col_text(st, 0), month, cell);
	}
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_dossier_month_add(struct db *db, const char *unit, int32_t month,
                                   const int64_t *cell)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO dossier_month(unit_code, month, received, received_online,"
		" received_full_online, paid_online, digitized, finished, finished_on_time,"
		" result_digitized, rated, satisfied, open_delta, overdue_delta)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
		" ON CONFLICT(unit_code, month) DO UPDATE SET"
		" received = dossier_month.received + excluded.received,"
		" received_online = dossier_month.received_online + excluded.received_online,"
		" received_full_online = dossier_month.received_full_online + excluded.received_full_online,"
		" paid_online = dossier_month.paid_online + excluded.paid_online,"
		" digitized = dossier_month.digitized + excluded.digitized,"
		" finished = dossier_month.finished + excluded.finished,"
		" finished_on_time = dossier_month.finished_on_time + excluded.finished_on_time,"
		" result_digitized = dossier_month.result_digitized + excluded.result_digitized,"
		" rated = dossier_month.rated + excluded.rated,"
		" satisfied = dossier_month.satisfied + excluded.satisfied,"
		" open_delta = dossier_month.open_delta + excluded.open_delta,"
		" overdue_delta = dossier_month.overdue_delta + excluded.overdue_delta");
	char m[8];
	dossier_month_format(month, m);
	DB_TEXTS(st, unit, m);
	for (int i = 0; i < DOSSIER_NCELL; i++)
		db_bind_int(st, 3 + i, cell[i]);
	return db_run(st);
}

enum px_err repo_dossier_month_prune(struct db *db)
{
	return db_exec(db, "DELETE FROM dossier_month WHERE received = 0 AND received_online = 0"
	                   " AND received_full_online = 0 AND paid_online = 0 AND digitized = 0"
	                   " AND finished = 0 AND finished_on_time = 0 AND result_digitized = 0"
	                   " AND rated = 0 AND satisfied = 0 AND open_delta = 0 AND overdue_delta = 0");
}

struct dossier_metrics_load {
	struct db *db;
	struct db_bulk *bulk;
	struct map scope; /* units whose values are rewritten */
	bool failed;
};

struct dossier_metrics_load *repo_dossier_metrics_begin(struct db *db)
{
	static const char *const cols[] = {"unit_code", "period", "metric", "value"};
	struct dossier_metrics_load *l = xcalloc(1, sizeof *l);
	l->db = db;
	map_init(&l->scope);
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS dossier_metric_stage ("
	                " unit_code TEXT NOT NULL, period TEXT NOT NULL, metric TEXT NOT NULL,"
	                " value DOUBLE PRECISION NOT NULL);"
	                " CREATE TEMP TABLE IF NOT EXISTS dossier_metric_scope (unit_code TEXT NOT NULL);"
	                " DELETE FROM dossier_metric_stage; DELETE FROM dossier_metric_scope") != PX_OK)
		l->failed = true;
	l->bulk = db_bulk_begin(db, "dossier_metric_stage", cols, 4);
	return l;
}

void repo_dossier_metrics_unit(struct dossier_metrics_load *l, const char *unit)
{
	map_puts(&l->scope, unit, (void *)(uintptr_t)1);
}

void repo_dossier_metrics_add(struct dossier_metrics_load *l, const char *unit,
                              const char *period, const char *metric, double value)
{
	char num[32];
	snprintf(num, sizeof num, "%.17g", value);
	const char *v[4] = {unit, period, metric, num};
	if (db_bulk_row(l->bulk, v) != PX_OK)
		l->failed = true;
}

enum px_err repo_dossier_metrics_end(struct dossier_metrics_load *l, const char *as_of)
{
	struct db *db = l->db;
	enum px_err e = db_bulk_end(l->bulk);
	if (l->failed)
		e = PX_FAIL;
	if (e == PX_OK && l->scope.n) {
		static const char *const cols[] = {"unit_code"};
		struct db_bulk *b = db_bulk_begin(db, "dossier_metric_scope", cols, 1);
		for (size_t i = 0; i < l->scope.cap; i++) {
			if (!l->scope.slots[i].key)
				continue;
			const char *v[1] = {l->scope.slots[i].key};
			if (db_bulk_row(b, v) != PX_OK)
				break;
		}
		e = db_bulk_end(b);
	}
	if (e == PX_OK) {
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO metric_value(unit_id, period, metric, value, source, as_of)"
			" SELECT u.id, s.period, s.metric, s.value, CAST(?1 AS TEXT), CAST(?2 AS TEXT)"
			" FROM dossier_metric_stage s JOIN unit u ON u.code = s.unit_code WHERE true"
			" ON CONFLICT(unit_id, period, metric) DO UPDATE SET value = excluded.value,"
			" source = excluded.source, as_of = excluded.as_of");
		DB_TEXTS(st, REPO_DOSSIER_SOURCE, as_of);
		e = db_run(st);
	}
	if (e == PX_OK) {
		struct db_stmt *st = db_prepare(db,
			"DELETE FROM metric_value WHERE metric >= 'dossier.' AND metric < 'dossier/'"
			" AND source = ?1 AND as_of <> ?2 AND unit_id IN (SELECT u.id FROM unit u"
			" JOIN dossier_metric_scope s ON s.unit_code = u.code)");
		DB_TEXTS(st, REPO_DOSSIER_SOURCE, as_of);
		e = db_run(st);
	}
	if (e == PX_OK)
		e = db_exec(db, "DELETE FROM dossier_metric_stage; DELETE FROM dossier_metric_scope");
	map_free(&l->scope);
	free(l);
	return e;
}

enum px_err repo_dossier_metric_clear(struct db *db, const char *period, const char *prefix)
{
	char lo[128], hi[128];
	snprintf(lo, sizeof lo, "%s.", prefix);
	snprintf(hi, sizeof hi, "%s/", prefix);
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM metric_value WHERE period = ?1 AND metric >= ?2 AND metric < ?3");
	DB_TEXTS(st, period, lo, hi);
	return db_run(st);
}

enum px_err repo_dossier_unit_has(struct db *db, const char *unit, bool *has)
{
	struct db_stmt *st = db_prepare(db, "SELECT code FROM dossier WHERE unit_code = ?1 LIMIT 1");
	db_bind_text(st, 1, unit, -1);
	enum db_step r = db_step(st);
	db_done(st);
	*has = r == DB_ROW;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_dossier_candidates(struct db *db, const char *unit, int64_t from, int64_t until,
                                    void (*fn)(void *ctx, const struct stored_dossier *s),
                                    void *ctx)
{
	char a[21], b[21];
	repo_dossier_instant(from, a);
	repo_dossier_instant(until, b);
	struct db_stmt *st = db_prepare(db,
		"SELECT d.code, d.procedure_code, coalesce(p.name, ''), d.due_source, d.channel,"
		" d.online_kind, d.received_at, d.due_at, d.finished_at, d.status, d.paid_online,"
		" d.digitized, d.result_digitized, d.rating"
		" FROM dossier d LEFT JOIN admin_procedure p ON p.code = d.procedure_code"
		" WHERE d.unit_code = ?1 AND d.maybe_late = 1 AND d.received_at <= ?2"
		" AND d.status IN ('processing', 'finished')"
		" AND (d.finished_at IS NULL OR d.finished_at >= ?3)"
		" ORDER BY d.received_at, d.code");
	DB_TEXTS(st, unit, b, a);
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		struct stored_dossier s;
		s.code = db_col_text(st, 0);
		s.procedure = db_col_text(st, 1);
		s.procedure_name = db_col_text(st, 2);
		s.due_source = db_col_text(st, 3);
		stored_row(st, 4, &s.d);
		fn(ctx, &s);
	}
	db_done(st);
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}
