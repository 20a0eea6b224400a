/*
 * Metric use cases: import values (formats/tables.md), define catalogue
 * entries (docs/formats/metrics.md), list, and load values for scoring.
 * Imports are all or nothing; a value that replaces another is audited
 * with both numbers.
 */
#include "app/app.h"
#include "base/clock.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"
#include "base/vec.h"
#include "base/str.h"
#include "io/fields.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_metric.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct value_row {
	const char *unit, *period, *metric, *source, *as_of;
	double value;
	long line;
};

static void now_iso(char out[32])
{
	clock_iso(clock_now(), out);
}

enum px_err app_metric_import(struct app *app, struct table *t, struct diags *d,
                              struct import_summary *sum)
{
	static const char *const names[] = {"unit_code", "period", "metric", "value",
	                                    "source", "as_of", NULL};
	static const bool req[] = {true, true, true, true, false, false};
	int col[6];
	struct arena *a = app->arena;
	struct unit_set units;
	struct map seen;
	map_init(&seen);
	struct value_row *rows = NULL;
	size_t n = 0, cap = 0;
	char now[32];
	now_iso(now);
	enum px_err e = app_import_start(app, t, names, req, col, &units, d);
	if (e != PX_OK)
		goto out;
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct value_row v = {0};
		const char *period, *metric;
		bool ok = true, present;
		ok &= field_code(t, col[0], "unit_code", true, a, d, &v.unit);
		ok &= field_text(t, col[1], "period", true, false, a, d, &period);
		ok &= field_text(t, col[2], "metric", true, false, a, d, &metric);
		ok &= field_number(t, col[3], "value", true, d, &v.value, &present);
		ok &= field_text(t, col[4], "source", false, true, a, d, &v.source);
		ok &= field_text(t, col[5], "as_of", false, false, a, d, &v.as_of);
		v.line = table_line(t);
		struct period p;
		if (*period && !period_parse(period, strlen(period), &p)) {
			diag_add(d, DIAG_ERROR, table_name(t), table_field_line(t, col[1]),
			         table_field_column(t, col[1]), NULL,
			         "cột period: kỳ không hợp lệ \"%s\" (dạng 2024, 2024-Q3, 2024-07)",
			         "column period: invalid period \"%s\" (2024, 2024-Q3, 2024-07)", period);
			ok = false;
		} else if (*period) {
			char canon[9];
			period_format(p, canon);
			v.period = arena_strdup(a, canon);
		}
		if (*metric && !metric_code_valid(metric, strlen(metric))) {
			diag_add(d, DIAG_ERROR, table_name(t), table_field_line(t, col[2]),
			         table_field_column(t, col[2]), NULL,
			         "cột metric: mã chỉ số chỉ gồm chữ cái, chữ số, _ và . : \"%s\"",
			         "column metric: a metric code has only letters, digits, _ and . : \"%s\"",
			         metric);
			ok = false;
		}
		v.metric = metric;
		if (ok && unit_set_find(&units, v.unit) < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), v.line, col[0] + 1, NULL,
			         "không có đơn vị mã \"%s\" trong danh mục",
			         "no unit with code \"%s\" in the register", v.unit);
			ok = false;
		}
		if (!ok)
			continue;
		char *k = arena_printf(a, "%s\x1f%s\x1f%s", v.unit, v.period, v.metric);
		uintptr_t first = (uintptr_t)map_gets(&seen, k);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), v.line, col[0] + 1, NULL,
			         "giá trị lặp lại cho %s, %s, %s (đã có ở dòng %lu)",
			         "repeated value for %s, %s, %s (first on line %lu)", v.unit, v.period,
			         v.metric, (unsigned long)first);
			continue;
		}
		map_puts(&seen, k, (void *)(uintptr_t)v.line);
		if (!*v.as_of)
			v.as_of = arena_strdup(a, now);
		VEC_ADD(rows, cap, n, v);
	}
	e = app_import_begin(app, r, n, d, sum);
	if (e == PX_BADINPUT)
		goto out;
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		bool added, had;
		double old;
		e = repo_metric_ensure(app->db, rows[i].metric, &added);
		if (e == PX_OK && added)
			e = audit_append(app->db, app->actor, "insert", "metric", rows[i].metric,
			                 "{\"catalogue\": \"added on import\"}");
		if (e == PX_OK)
			e = repo_metric_put(app->db, rows[i].unit, rows[i].period, rows[i].metric,
			                    rows[i].value, rows[i].source, rows[i].as_of, &had, &old);
		if (e != PX_OK)
			break;
		if (had && old == rows[i].value) {
			sum->unchanged++;
			continue;
		}
		struct str detail;
		str_init(&detail, 0);
		str_adds(&detail, "{\"value\": ");
		str_add_double(&detail, rows[i].value);
		if (had) {
			str_adds(&detail, ", \"old\": ");
			str_add_double(&detail, old);
		}
		str_adds(&detail, ", \"source\": ");
		str_add_json(&detail, rows[i].source);
		str_addc(&detail, '}');
		char *key = arena_printf(a, "%s/%s/%s", rows[i].unit, rows[i].period, rows[i].metric);
		e = app_import_audit(app, !had, "metric_value", key, &detail, sum);
		if (app->progress)
			app->progress(app->progress_ctx, i + 1, n);
	}
	e = app_commit(app, e, d);
out:
	free(rows);
	map_free(&seen);
	unit_set_free(&units);
	return e;
}

enum px_err app_metric_define(struct app *app, struct table *t, struct diags *d,
                              struct import_summary *sum)
{
	static const char *const names[] = {"code", "name_vi", "name_en", "unit",
	                                    "description", "aggregate", NULL};
	static const bool req[] = {true, true, true, false, false, false};
	static const char *const aggs[] = {"none", "sum", "mean", NULL};
	int col[6];
	struct arena *a = app->arena;
	enum px_err e = table_columns(t, names, req, col, d);
	if (e != PX_OK)
		return e;
	struct metric_def *defs = NULL;
	size_t n = 0, cap = 0;
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct metric_def m = {0};
		const char *agg;
		bool ok = true;
		ok &= field_text(t, col[0], "code", true, false, a, d, &m.code);
		ok &= field_text(t, col[1], "name_vi", true, true, a, d, &m.name_vi);
		ok &= field_text(t, col[2], "name_en", true, true, a, d, &m.name_en);
		ok &= field_text(t, col[3], "unit", false, true, a, d, &m.unit_of_measure);
		ok &= field_text(t, col[4], "description", false, true, a, d, &m.description);
		ok &= field_enum(t, col[5], "aggregate", false, aggs, "none", d, &agg);
		if (*m.code && !metric_code_valid(m.code, strlen(m.code))) {
			diag_add(d, DIAG_ERROR, table_name(t), table_line(t), col[0] + 1, NULL,
			         "cột code: mã chỉ số không hợp lệ \"%s\"",
			         "column code: invalid metric code \"%s\"", m.code);
			ok = false;
		}
		if (!ok)
			continue;
		metric_aggregate_parse(agg, &m.aggregate);
		VEC_ADD(defs, cap, n, m);
	}
	e = app_import_begin(app, r, n, d, sum);
	if (e == PX_BADINPUT) {
		free(defs);
		return e;
	}
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		bool added;
		e = repo_metric_ensure(app->db, defs[i].code, &added);
		if (e == PX_OK)
			e = repo_metric_define(app->db, &defs[i]);
		if (e == PX_OK) {
			struct str detail;
			str_init(&detail, 0);
			STR_JSON_TEXTS(&detail, "name_vi", defs[i].name_vi, "name_en", defs[i].name_en,
			               "aggregate", metric_aggregate_name(defs[i].aggregate));
			e = audit_append(app->db, app->actor, "define", "metric", defs[i].code,
			                 str_cstr(&detail));
			str_free(&detail);
			if (added)
				sum->inserted++;
			else
				sum->updated++;
		}
	}
	e = app_commit(app, e, d);
	free(defs);
	return e;
}





enum px_err app_metric_table_load(struct app *app, const char *period_prefix,
                                  struct metric_table *t)
{
	struct metric_def *defs;
	size_t ndefs, nrows;
	struct metric_row *rows;
	enum px_err e = repo_metric_list(app->db, app->arena, &defs, &ndefs);
	if (e != PX_OK)
		return e;
	for (size_t i = 0; i < ndefs; i++)
		metric_table_set_aggregate(t, defs[i].code, defs[i].aggregate);
	e = repo_metric_values(app->db, NULL, NULL, period_prefix, app->arena, &rows, &nrows);
	if (e != PX_OK)
		return e;
	for (size_t i = 0; i < nrows; i++) {
		struct period p;
		if (period_parse(rows[i].period, strlen(rows[i].period), &p))
			metric_table_put(t, rows[i].unit, rows[i].metric, p, rows[i].value,
			                 rows[i].source);
	}
	return PX_OK;
}

enum px_err app_metric_catalogue(struct app *app, struct metric_def **out, size_t *n)
{
	return repo_metric_list(app->db, app->arena, out, n);
}

enum px_err app_metric_values(struct app *app, const char *unit, const char *metric,
                              const char *period_prefix, struct metric_row **out, size_t *n)
{
	return repo_metric_values(app->db, unit, metric, period_prefix, app->arena, out, n);
}
