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

/* ---- many values in few statements ---- */

#define PUT_HEAD                                                             \
	"INSERT INTO metric_value(unit_id, period, metric, value, source, as_of)" \
	" SELECT u.id, v.column2, v.column3, v.column4, ?1, ?2 FROM (VALUES"
#define PUT_TAIL                                                             \
	") AS v JOIN unit u ON u.code = v.column1 WHERE true"                \
	" ON CONFLICT(unit_id, period, metric) DO UPDATE SET value = excluded.value," \
	" source = excluded.source, as_of = excluded.as_of"

/* the two shapes: a full batch and one row (the cache keeps both) */
static const char put_many_sql[] = PUT_HEAD
	" (?3, ?4, ?5, CAST(?6 AS DOUBLE PRECISION)), (?7, ?8, ?9, CAST(?10 AS DOUBLE PRECISION)), "
	" (?11, ?12, ?13, CAST(?14 AS DOUBLE PRECISION)), "
	" (?15, ?16, ?17, CAST(?18 AS DOUBLE PRECISION)), "
	" (?19, ?20, ?21, CAST(?22 AS DOUBLE PRECISION)), "
	" (?23, ?24, ?25, CAST(?26 AS DOUBLE PRECISION)), "
	" (?27, ?28, ?29, CAST(?30 AS DOUBLE PRECISION)), "
	" (?31, ?32, ?33, CAST(?34 AS DOUBLE PRECISION)), "
	" (?35, ?36, ?37, CAST(?38 AS DOUBLE PRECISION)), "
	" (?39, ?40, ?41, CAST(?42 AS DOUBLE PRECISION)), "
	" (?43, ?44, ?45, CAST(?46 AS DOUBLE PRECISION)), "
	" (?47, ?48, ?49, CAST(?50 AS DOUBLE PRECISION)), "
	" (?51, ?52, ?53, CAST(?54 AS DOUBLE PRECISION)), "
	" (?55, ?56, ?57, CAST(?58 AS DOUBLE PRECISION)), "
	" (?59, ?60, ?61, CAST(?62 AS DOUBLE PRECISION)), "
	" (?63, ?64, ?65, CAST(?66 AS DOUBLE PRECISION)), "
	" (?67, ?68, ?69, CAST(?70 AS DOUBLE PRECISION)), "
	" (?71, ?72, ?73, CAST(?74 AS DOUBLE PRECISION)), "
	" (?75, ?76, ?77, CAST(?78 AS DOUBLE PRECISION)), "
	" (?79, ?80, ?81, CAST(?82 AS DOUBLE PRECISION)), "
	" (?83, ?84, ?85, CAST(?86 AS DOUBLE PRECISION)), "
	" (?87, ?88, ?89, CAST(?90 AS DOUBLE PRECISION)), "
	" (?91, ?92, ?93, CAST(?94 AS DOUBLE PRECISION)), "
	" (?95, ?96, ?97, CAST(?98 AS DOUBLE PRECISION)), "
	" (?99, ?100, ?101, CAST(?102 AS DOUBLE PRECISION)), "
	" (?103, ?104, ?105, CAST(?106 AS DOUBLE PRECISION)), "
	" (?107, ?108, ?109, CAST(?110 AS DOUBLE PRECISION)), "
	" (?111, ?112, ?113, CAST(?114 AS DOUBLE PRECISION)), "
	" (?115, ?116, ?117, CAST(?118 AS DOUBLE PRECISION)), "
	" (?119, ?120, ?121, CAST(?122 AS DOUBLE PRECISION)), "
	" (?123, ?124, ?125, CAST(?126 AS DOUBLE PRECISION)), "
	" (?127, ?128, ?129, CAST(?130 AS DOUBLE PRECISION))"
	PUT_TAIL;
static const char put_one_sql[] = PUT_HEAD " (?3, ?4, ?5, CAST(?6 AS DOUBLE PRECISION))" PUT_TAIL;

void repo_metric_batch_init(struct metric_batch *b, struct db *db, struct arena *a,
                            const char *source, const char *as_of)
{
	memset(b, 0, sizeof *b);
	b->db = db;
	b->arena = a;
	b->source = source;
	b->as_of = as_of;
}

static enum px_err put_rows(struct metric_batch *b, const char *sql, size_t from, size_t n)
{
	struct db_stmt *st = db_prepare(b->db, sql);
	db_bind_text(st, 1, b->source, -1);
	db_bind_text(st, 2, b->as_of, -1);
	for (size_t i = 0; i < n; i++) {
		const struct metric_put *p = &b->v[from + i];
		int k = 3 + 4 * (int)i;
		db_bind_text(st, k, p->unit, -1);
		db_bind_text(st, k + 1, p->period, -1);
		db_bind_text(st, k + 2, p->metric, -1);
		db_bind_double(st, k + 3, p->value);
	}
	return db_run(st);
}

enum px_err repo_metric_batch_flush(struct metric_batch *b)
{
	enum px_err e = b->failed ? PX_FAIL : PX_OK;
	size_t i = 0;
	if (e == PX_OK && b->n == METRIC_BATCH_ROWS) {
		e = put_rows(b, put_many_sql, 0, b->n);
		i = b->n;
	}
	for (; i < b->n && e == PX_OK; i++)
		e = put_rows(b, put_one_sql, i, 1);
	b->n = 0;
	if (e != PX_OK)
		b->failed = true;
	return e;
}

enum px_err repo_metric_batch_put(struct metric_batch *b, const char *unit, const char *period,
                                  const char *metric, double value)
{
	if (b->failed)
		return PX_FAIL;
	b->v[b->n++] = (struct metric_put){arena_strdup(b->arena, unit),
	                                    arena_strdup(b->arena, period),
	                                    arena_strdup(b->arena, metric), value};
	return b->n == METRIC_BATCH_ROWS ? repo_metric_batch_flush(b) : PX_OK;
}
