/*
 * PAPI import (app/papi.h): the file's own rules are io/papi_io.c's; here
 * the province is checked against the register (a known root unit) and
 * the values are written with the catalogue entries they need, in one
 * transaction.
 */
#include "app/papi.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/register.h"
#include "io/papi_io.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_metric.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One value to write: a dimension or the total of a province-year. */
struct papi_value {
	const char *unit, *metric, *source;
	char period[8];
	double value;
};

static enum px_err ensure_metric(struct app *app, const char *code, const char *vi,
                                 const char *en)
{
	bool added;
	enum px_err e = repo_metric_ensure(app->db, code, &added);
	if (e != PX_OK || !added)
		return e;
	struct metric_def m = {code, vi, en, "điểm (points)",
	                       "PAPI (UNDP), docs/papi.md", AGG_NONE, 0};
	e = repo_metric_define(app->db, &m);
	if (e == PX_OK)
		e = audit_append(app->db, app->actor, "insert", "metric", code,
		                 "{\"catalogue\": \"added on PAPI import\"}");
	return e;
}

static enum px_err write_value(struct app *app, const struct papi_value *v, const char *as_of,
                               struct import_summary *sum)
{
	bool had;
	double old;
	enum px_err e = repo_metric_put(app->db, v->unit, v->period, v->metric, v->value, v->source,
	                                as_of, &had, &old);
	if (e != PX_OK)
		return e;
	if (had && old == v->value) {
		sum->unchanged++;
		return PX_OK;
	}
	struct str detail;
	str_init(&detail, 0);
	str_adds(&detail, "{\"value\": ");
	str_add_double(&detail, v->value);
	if (had) {
		str_adds(&detail, ", \"old\": ");
		str_add_double(&detail, old);
	}
	str_adds(&detail, ", \"source\": ");
	str_add_json(&detail, v->source);
	str_addc(&detail, '}');
	char *key = arena_printf(app->arena, "%s/%s/%s", v->unit, v->period, v->metric);
	return app_import_audit(app, !had, "metric_value", key, &detail, sum);
}

enum px_err app_papi_import(struct app *app, struct table *t, struct diags *d,
                            struct import_summary *sum)
{
	int col[PAPI_C_N];
	struct unit_set units;
	struct papi_row *rows = NULL;
	struct papi_value *vals = NULL;
	size_t n = 0;
	enum px_err e = app_import_start(app, t, papi_col_names, papi_col_required, col, &units, d);
	if (e != PX_OK)
		goto out;
	int r = papi_read(t, col, app->arena, d, &rows, &n);
	for (size_t i = 0; i < n; i++) {
		long u = unit_set_find(&units, rows[i].province);
		if (u < 0)
			diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col[PAPI_C_PROVINCE],
			         NULL, "cột province: không có đơn vị mã \"%s\" trong danh mục",
			         "column province: no unit with code \"%s\" in the register",
			         rows[i].province);
		else if (units.v[u].parent)
			diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col[PAPI_C_PROVINCE],
			         NULL,
			         "cột province: \"%s\" không phải cấp tỉnh, thành phố (PAPI chấm điểm "
			         "tỉnh, thành phố: đơn vị gốc của danh mục, ví dụ HN)",
			         "column province: \"%s\" is not a province or city (PAPI scores "
			         "provinces: a root unit of the register, e.g. HN)",
			         rows[i].province);
	}
	/* the dimensions, then one total per province-year (a year's 8 rows
	 * were all read, papi_read refused an incomplete one) */
	size_t nv = 0;
	vals = calloc(2 * n + 1, sizeof *vals);
	if (!vals)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct papi_value *v = &vals[nv++];
		v->unit = rows[i].province;
		v->metric = arena_printf(app->arena, "papi.%s", papi_dimensions[rows[i].dim].code);
		v->source = *rows[i].source ? rows[i].source : "PAPI";
		snprintf(v->period, sizeof v->period, "%d", rows[i].year);
		v->value = rows[i].score;
	}
	size_t ndim = nv;
	for (size_t i = 0; i < ndim; i++) {
		size_t k;
		for (k = ndim; k < nv; k++)
			if (!strcmp(vals[k].unit, vals[i].unit) && !strcmp(vals[k].period, vals[i].period))
				break;
		if (k == nv) {
			vals[nv] = vals[i];
			vals[nv].metric = "papi.total";
			vals[nv].value = 0;
			nv++;
		}
		vals[k].value += vals[i].value;
	}
	for (size_t k = ndim; k < nv; k++) /* no binary noise: 41.629, not 41.629000000000005 */
		vals[k].value = round(vals[k].value * 1e6) / 1e6;
	e = app_import_begin(app, r, nv, d, sum);
	if (e == PX_BADINPUT)
		goto out;
	char now[32];
	clock_iso(clock_now(), now);
	for (int k = 0; k < PAPI_NDIM && e == PX_OK; k++) {
		char *code = arena_printf(app->arena, "papi.%s", papi_dimensions[k].code);
		e = ensure_metric(app, code, papi_dimensions[k].name_vi, papi_dimensions[k].name_en);
	}
	if (e == PX_OK)
		e = ensure_metric(app, "papi.total", "Tổng điểm PAPI (8 chiều, tối đa 80)",
		                  "PAPI total (8 dimensions, at most 80)");
	for (size_t i = 0; i < nv && e == PX_OK; i++)
		e = write_value(app, &vals[i], now, sum);
	e = app_commit(app, e, d);
out:
	free(vals);
	free(rows);
	unit_set_free(&units);
	return e;
}
