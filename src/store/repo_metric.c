/* Metric catalogue and values; see repo_metric.h. */
#include "store/repo_metric.h"
#include "base/arena.h"

#include <stddef.h>
#include <string.h>

enum px_err repo_metric_define(struct db *db, const struct metric_def *m)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO metric(code, name_vi, name_en, unit_of_measure, description, aggregate)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET"
		" name_vi = excluded.name_vi, name_en = excluded.name_en,"
		" unit_of_measure = excluded.unit_of_measure, description = excluded.description,"
		" aggregate = excluded.aggregate");
	DB_TEXTS(st, m->code, m->name_vi, m->name_en, m->unit_of_measure, m->description,
	         metric_aggregate_name(m->aggregate));
	return db_run(st);
}

enum px_err repo_metric_ensure(struct db *db, const char *code, bool *added)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM metric WHERE code = ?1");
	db_bind_text(st, 1, code, -1);
	enum db_step r = db_step(st);
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	*added = r == DB_DONE;
	if (!*added)
		return PX_OK;
	struct metric_def m = {code, code, code, "", "", AGG_NONE, 0};
	return repo_metric_define(db, &m);
}

enum px_err repo_metric_list(struct db *db, struct arena *a, struct metric_def **out,
                             size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT m.code, m.name_vi, m.name_en, m.unit_of_measure, m.description,"
		" m.aggregate, (SELECT count(*) FROM metric_value v WHERE v.metric = m.code)"
		" FROM metric m ORDER BY m.code");
	size_t cap = 32;
	struct metric_def *v = arena_array(a, cap, sizeof *v);
	*n = 0;
	enum db_step r;
	for (r = db_step(st); r == DB_ROW; r = db_step(st)) {
		v = arena_grow(a, v, &cap, *n, sizeof *v);
		struct metric_def *m = &v[(*n)++];
		m->code = arena_strdup(a, db_col_text(st, 0));
		m->name_vi = arena_strdup(a, db_col_text(st, 1));
		m->name_en = arena_strdup(a, db_col_text(st, 2));
		m->unit_of_measure = arena_strdup(a, db_col_text(st, 3));
		m->description = arena_strdup(a, db_col_text(st, 4));
		metric_aggregate_parse(db_col_text(st, 5), &m->aggregate);
		m->values = (long)db_col_int(st, 6);
	}
	db_done(st);
	*out = v;
	return r == DB_ERROR ? PX_FAIL : PX_OK;
}

enum px_err repo_metric_put(struct db *db, const char *unit, const char *period,
                            const char *metric, double value, const char *source,
                            const char *as_of, bool *had_old, double *old)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT v.value FROM metric_value v JOIN unit u ON u.id = v.unit_id"
		" WHERE u.code = ?1 AND v.period = ?2 AND v.metric = ?3");
	DB_TEXTS(st, unit, period, metric);
	enum db_step r = db_step(st);
	*had_old = r == DB_ROW;
	*old = *had_old ? db_col_double(st, 0) : 0;
	db_done(st);
	if (r == DB_ERROR)
		return PX_FAIL;
	st = db_prepare(db,
		"INSERT INTO metric_value(unit_id, period, metric, value, source, as_of)"
		" SELECT u.id, ?2, ?3, ?4, ?5, ?6 FROM unit u WHERE u.code = ?1"
		" ON CONFLICT(unit_id, period, metric) DO UPDATE SET value = excluded.value,"
		" source = excluded.source, as_of = excluded.as_of");
	DB_TEXTS(st, unit, period, metric);
	db_bind_double(st, 4, value);
	db_bind_text(st, 5, source, -1);
	db_bind_text(st, 6, as_of, -1);
	return db_run(st);
}

#define F(type, f) {type, offsetof(struct metric_row, f)}
/* The SELECT list of repo_metric_values, column by column. */
static const struct db_col value_cols[] = {
	F(DB_COL_TEXT, unit), F(DB_COL_TEXT, period), F(DB_COL_TEXT, metric),
	F(DB_COL_DOUBLE, value), F(DB_COL_TEXT, source), F(DB_COL_TEXT, as_of),
};
#undef F

enum px_err repo_metric_values(struct db *db, const char *unit, const char *metric,
                               const char *period_prefix, struct arena *a,
                               struct metric_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT u.code, v.period, v.metric, v.value, v.source, v.as_of"
		" FROM metric_value v JOIN unit u ON u.id = v.unit_id"
		" WHERE (CAST(?1 AS TEXT) IS NULL OR u.code = ?1)"
		" AND (CAST(?2 AS TEXT) IS NULL OR v.metric = ?2)"
		" AND (CAST(?3 AS TEXT) IS NULL OR substr(v.period, 1, length(?3)) = ?3)"
		" ORDER BY u.code, v.metric, v.period");
	DB_TEXTS(st, unit, metric, period_prefix);
	return db_rows(st, a, DB_COLS(value_cols), sizeof **out, (void **)out, n);
}
