/*
 * Evaluation files; see evaluation_io.h. JSON is read with jansson
 * (duplicate keys rejected; a syntax error at its line and column) and
 * walked by hand, so every wrong field is named by its path; an unknown
 * key is an error too (a typo must not silently drop a rule).
 */
#include "io/evaluation_io.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/vec.h"
#include "io/fields.h"
#include "io/rules_json.h"
#include "io/table.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const eval_discipline_forms[] = {"reprimand", "warning", "demotion", "dismissal",
                                             NULL};

/* ---- the rule set --------------------------------------------------------- */

struct jctx {
	const char *file;
	struct arena *a;
	struct diags *d;
};

static void jerr(struct jctx *c, const char *where, const char *vi, const char *en)
{
	rules_json_err(c->d, c->file, where, vi, en);
}

static const char *path(struct jctx *c, const char *base, long i, const char *key)
{
	if (i >= 0)
		return key ? arena_printf(c->a, "%s[%ld].%s", base, i, key)
		           : arena_printf(c->a, "%s[%ld]", base, i);
	return key ? (base ? arena_printf(c->a, "%s.%s", base, key) : key) : base;
}

/* Every key of o is one of allowed (NULL-terminated). */
static void only_keys(struct jctx *c, json_t *o, const char *where, const char *const *allowed)
{
	rules_json_only_keys(c->d, c->file, o, where, allowed);
}

static bool is_code(const char *s)
{
	return rules_json_is_code(s);
}

/* A required code string at o.key. */
static const char *jcode(struct jctx *c, json_t *o, const char *key, const char *where)
{
	json_t *v = json_object_get(o, key);
	const char *w = path(c, where, -1, key);
	if (!v) {
		jerr(c, w, "thiếu trường bắt buộc", "missing required field");
		return NULL;
	}
	if (!json_is_string(v) || !is_code(json_string_value(v))) {
		jerr(c, w, "cần một mã (chữ, số, - _ .)", "a code is needed (letters, digits, - _ .)");
		return NULL;
	}
	return arena_strdup(c->a, json_string_value(v));
}

/* A number at o.key in [lo, hi] with at most two decimals, as centi. */
static bool jcenti(struct jctx *c, json_t *o, const char *key, const char *where, double lo,
                   double hi, bool required, long *out)
{
	json_t *v = json_object_get(o, key);
	const char *w = path(c, where, -1, key);
	if (!v) {
		if (required)
			jerr(c, w, "thiếu trường bắt buộc", "missing required field");
		return !required;
	}
	double x = json_is_number(v) ? json_number_value(v) : NAN;
	if (!json_is_number(v) || !(x >= lo && x <= hi) || fabs(x * 100 - round(x * 100)) > 1e-6) {
		char vi[160], en[160];
		snprintf(vi, sizeof vi, "cần một số từ %g đến %g, tối đa 2 chữ số thập phân", lo, hi);
		snprintf(en, sizeof en, "a number from %g to %g with at most 2 decimals is needed", lo,
		         hi);
		jerr(c, w, vi, en);
		return false;
	}
	*out = lround(x * 100);
	return true;
}

/* A share in [0, 1] as parts per million. */
static bool jshare(struct jctx *c, json_t *o, const char *key, const char *where, bool required,
                   long *out)
{
	json_t *v = json_object_get(o, key);
	const char *w = path(c, where, -1, key);
	if (!v) {
		if (required)
			jerr(c, w, "thiếu trường bắt buộc", "missing required field");
		return !required;
	}
	double x = json_is_number(v) ? json_number_value(v) : NAN;
	if (!(x >= 0 && x <= 1)) {
		jerr(c, w, "cần một tỷ lệ từ 0 đến 1", "a share from 0 to 1 is needed");
		return false;
	}
	*out = lround(x * 1e6);
	return true;
}


static bool jrounding(struct jctx *c, json_t *o, const char *where, bool *half_up)
{
	json_t *v = json_object_get(o, "rounding");
	*half_up = false;
	if (!v)
		return true;
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	if (strcmp(s, "floor") && strcmp(s, "round")) {
		jerr(c, path(c, where, -1, "rounding"), "cần \"floor\" hoặc \"round\"",
		     "\"floor\" or \"round\" is needed");
		return false;
	}
	*half_up = !strcmp(s, "round");
	return true;
}

static int jgrade(struct jctx *c, const struct eval_rules *r, json_t *o, const char *key,
                  const char *where)
{
	const char *g = jcode(c, o, key, where);
	int k = g ? eval_grade_find(r, g) : -1;
	if (g && k < 0) {
		char vi[160], en[160];
		snprintf(vi, sizeof vi, "không có loại \"%s\" trong grades", g);
		snprintf(en, sizeof en, "no grade \"%s\" in grades", g);
		jerr(c, path(c, where, -1, key), vi, en);
	}
	return k;
}

static int jlevel(struct jctx *c, json_t *o, const char *where)
{
	json_t *v = json_object_get(o, "level");
	int l = json_is_string(v) ? eval_level_parse(json_string_value(v)) : -1;
	if (l < 0 || l == EVAL_NOT_RATED)
		jerr(c, path(c, where, -1, "level"),
		     "cần excellent, good, completed hoặc not_completed",
		     "excellent, good, completed or not_completed is needed");
	return l == EVAL_NOT_RATED ? -1 : l;
}

static void read_components(struct jctx *c, json_t *root, struct eval_rules *r)
{
	static const char *const keys[] = {"code", "max", "title", NULL};
	json_t *arr = json_object_get(root, "components");
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > EVAL_MAX_COMP) {
		jerr(c, "components", "cần một mảng từ 1 đến 12 thành phần",
		     "an array of 1 to 12 components is needed");
		return;
	}
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		const char *w = path(c, "components", (long)i, NULL);
		if (!json_is_object(o)) {
			jerr(c, w, "cần một đối tượng", "an object is needed");
			continue;
		}
		only_keys(c, o, w, keys);
		struct eval_component k = {0};
		k.code = jcode(c, o, "code", w);
		jcenti(c, o, "max", w, 0.01, 1000, true, &k.max);
		json_t *t = json_object_get(o, "title");
		json_t *vi = json_is_object(t) ? json_object_get(t, "vi") : NULL;
		json_t *en = json_is_object(t) ? json_object_get(t, "en") : NULL;
		if (!json_is_string(vi) || !*json_string_value(vi))
			jerr(c, path(c, w, -1, "title.vi"), "thiếu tên tiếng Việt", "missing Vietnamese title");
		k.title_vi = json_is_string(vi) ? arena_strdup(c->a, json_string_value(vi)) : "";
		k.title_en = json_is_string(en) ? arena_strdup(c->a, json_string_value(en)) : k.title_vi;
		if (k.code && eval_component_find(r, k.code) >= 0)
			jerr(c, path(c, w, -1, "code"), "mã thành phần trùng", "duplicate component code");
		else if (k.code && (!strcmp(k.code, "staff_code") || !strcmp(k.code, "month")))
			jerr(c, path(c, w, -1, "code"), "tên này dành cho cột khác",
			     "this name is another column's");
		r->comp[r->ncomp++] = k;
	}
}

static void read_grades(struct jctx *c, json_t *root, struct eval_rules *r)
{
	static const char *const keys[] = {"code", "min", NULL};
	json_t *arr = json_object_get(root, "grades");
	if (!json_is_array(arr) || json_array_size(arr) < 2 ||
	    json_array_size(arr) > EVAL_MAX_GRADES) {
		jerr(c, "grades", "cần một mảng từ 2 đến 8 loại", "an array of 2 to 8 grades is needed");
		return;
	}
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		const char *w = path(c, "grades", (long)i, NULL);
		if (!json_is_object(o)) {
			jerr(c, w, "cần một đối tượng", "an object is needed");
			continue;
		}
		only_keys(c, o, w, keys);
		struct eval_grade g = {0};
		g.code = jcode(c, o, "code", w);
		jcenti(c, o, "min", w, 0, 1000, true, &g.min);
		if (g.code && eval_grade_find(r, g.code) >= 0)
			jerr(c, path(c, w, -1, "code"), "mã loại trùng", "duplicate grade code");
		if (i > 0 && g.min >= r->grades[i - 1].min)
			jerr(c, path(c, w, -1, "min"), "các loại phải xếp từ tốt nhất, min giảm dần",
			     "grades go best first, with min strictly decreasing");
		if (i + 1 == json_array_size(arr) && g.min != 0)
			jerr(c, path(c, w, -1, "min"), "loại cuối cùng cần min 0 (mọi tổng điểm đều có loại)",
			     "the last grade needs min 0 (every total has a grade)");
		r->grades[r->ngrades++] = g;
	}
}

static void read_quota(struct jctx *c, json_t *root, struct eval_rules *r)
{
	static const char *const keys[] = {"grade", "max_share", "max_share_outstanding", "of",
	                                   "rounding", NULL};
	json_t *o = json_object_get(root, "quota");
	if (!o)
		return;
	if (!json_is_object(o)) {
		jerr(c, "quota", "cần một đối tượng", "an object is needed");
		return;
	}
	only_keys(c, o, "quota", keys);
	struct eval_quota *q = &r->quota;
	q->present = true;
	q->share_outstanding_ppm = -1;
	q->rank = jgrade(c, r, o, "grade", "quota");
	jshare(c, o, "max_share", "quota", true, &q->share_ppm);
	jshare(c, o, "max_share_outstanding", "quota", false, &q->share_outstanding_ppm);
	jrounding(c, o, "quota", &q->round_half_up);
	json_t *of = json_object_get(o, "of");
	const char *s = json_is_string(of) ? json_string_value(of) : "";
	q->of_rank = -1;
	if (!strncmp(s, "grade:", 6)) {
		q->of_rank = eval_grade_find(r, s + 6);
		if (q->of_rank < 0)
			jerr(c, "quota.of", "không có loại này trong grades", "no such grade in grades");
	} else if (strcmp(s, "rated")) {
		jerr(c, "quota.of", "cần \"rated\" hoặc \"grade:MÃ\"", "\"rated\" or \"grade:CODE\" is needed");
	}
}

static void read_annual(struct jctx *c, json_t *root, struct eval_rules *r)
{
	static const char *const keys[] = {"level", "at_least", "none_below", NULL};
	static const char *const lkeys[] = {"grade", "months", NULL};
	static const char *const mkeys[] = {"level", "min", NULL};
	json_t *arr = json_object_get(root, "annual"), *mean = json_object_get(root, "annual_mean");
	if (!arr == !mean) {
		jerr(c, "annual", "cần đúng một trong annual và annual_mean",
		     "exactly one of annual and annual_mean is needed");
		return;
	}
	const char *name = arr ? "annual" : "annual_mean";
	json_t *list = arr ? arr : mean;
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > EVAL_MAX_ANNUAL) {
		jerr(c, name, "cần một mảng từ 1 đến 8 mục", "an array of 1 to 8 entries is needed");
		return;
	}
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		const char *w = path(c, name, (long)i, NULL);
		if (!json_is_object(o)) {
			jerr(c, w, "cần một đối tượng", "an object is needed");
			continue;
		}
		only_keys(c, o, w, arr ? keys : mkeys);
		int l = jlevel(c, o, w);
		if (mean) {
			struct eval_annual_mean m = {l < 0 ? EVAL_NOT_COMPLETED : (enum eval_level)l, 0};
			jcenti(c, o, "min", w, 0, 1000, true, &m.min);
			if (i > 0 && m.min >= r->mean[i - 1].min)
				jerr(c, path(c, w, -1, "min"), "min phải giảm dần", "min must strictly decrease");
			r->mean[r->nmean++] = m;
			continue;
		}
		struct eval_annual_rule a = {l < 0 ? EVAL_NOT_COMPLETED : (enum eval_level)l, -1, 0, -1};
		json_t *al = json_object_get(o, "at_least");
		if (al) {
			const char *wl = path(c, w, -1, "at_least");
			if (!json_is_object(al)) {
				jerr(c, wl, "cần một đối tượng", "an object is needed");
			} else {
				only_keys(c, al, wl, lkeys);
				a.at_least_rank = jgrade(c, r, al, "grade", wl);
				json_t *m = json_object_get(al, "months");
				if (!json_is_integer(m) || json_integer_value(m) < 1 ||
				    json_integer_value(m) > 12)
					jerr(c, path(c, wl, -1, "months"), "cần một số nguyên từ 1 đến 12",
					     "an integer from 1 to 12 is needed");
				else
					a.at_least_months = (long)json_integer_value(m);
				if (a.at_least_rank < 0)
					a.at_least_rank = 0, a.at_least_months = 13; /* never holds */
			}
		}
		if (json_object_get(o, "none_below")) {
			a.none_below_rank = jgrade(c, r, o, "none_below", w);
			if (a.none_below_rank < 0)
				a.none_below_rank = -1;
		}
		r->annual[r->nannual++] = a;
	}
}

static void read_annual_quota(struct jctx *c, json_t *root, struct eval_rules *r)
{
	static const char *const keys[] = {"level", "max_share", "of", "rounding", NULL};
	json_t *o = json_object_get(root, "annual_quota");
	if (!o)
		return;
	if (!json_is_object(o)) {
		jerr(c, "annual_quota", "cần một đối tượng", "an object is needed");
		return;
	}
	only_keys(c, o, "annual_quota", keys);
	struct eval_quota *q = &r->annual_quota;
	q->present = true;
	q->share_outstanding_ppm = -1;
	int l = jlevel(c, o, "annual_quota");
	q->rank = l < 0 ? 0 : l;
	if (l == EVAL_NOT_COMPLETED)
		jerr(c, "annual_quota.level", "mức thấp nhất không thể có hạn mức",
		     "the lowest level cannot have a quota");
	jshare(c, o, "max_share", "annual_quota", true, &q->share_ppm);
	jrounding(c, o, "annual_quota", &q->round_half_up);
	json_t *of = json_object_get(o, "of");
	const char *s = json_is_string(of) ? json_string_value(of) : "";
	size_t n = strlen(s);
	q->of_rank = -1;
	if (n > 10 && !strcmp(s + n - 10, "_or_better")) {
		char lv[32];
		snprintf(lv, sizeof lv, "%.*s", (int)(n - 10), s);
		q->of_rank = eval_level_parse(lv);
		if (q->of_rank < 0 || q->of_rank == EVAL_NOT_RATED) {
			jerr(c, "annual_quota.of", "không có mức này", "no such level");
			q->of_rank = -1;
		}
	} else if (strcmp(s, "rated")) {
		jerr(c, "annual_quota.of", "cần \"rated\" hoặc \"MỨC_or_better\"",
		     "\"rated\" or \"LEVEL_or_better\" is needed");
	}
}

enum px_err eval_rules_parse(const char *name, const char *data, size_t len, struct arena *a,
                             struct diags *d, struct eval_rules *out)
{
	static const char *const keys[] = {"format", "code", "title", "note", "illustrative",
	                                   "valid_from", "valid_to", "components", "grades", "quota",
	                                   "tasks_from_items", "annual", "annual_mean",
	                                   "annual_quota", NULL};
	memset(out, 0, sizeof *out);
	size_t before = d->errors;
	struct rules_head h;
	json_t *root = rules_json_open(name, data, len, EVAL_FORMAT, keys, true, a, d, &h);
	if (!root)
		return PX_BADINPUT;
	struct jctx c = {name, a, d};
	out->code = h.code;
	out->valid_from = h.valid_from;
	out->valid_to = h.valid_to;
	read_components(&c, root, out);
	read_grades(&c, root, out);
	read_quota(&c, root, out);
	json_t *ti = json_object_get(root, "tasks_from_items");
	if (ti && !json_is_boolean(ti))
		jerr(&c, "tasks_from_items", "cần true hoặc false", "true or false is needed");
	out->tasks_from_items = json_is_true(ti);
	if (out->tasks_from_items && eval_component_find(out, "tasks") < 0)
		jerr(&c, "tasks_from_items", "cần một thành phần mã \"tasks\"",
		     "a component with code \"tasks\" is needed");
	read_annual(&c, root, out);
	read_annual_quota(&c, root, out);
	json_decref(root);
	return d->errors > before ? PX_BADINPUT : PX_OK;
}

/* ---- the tables --------------------------------------------------------- */

/* A field as centi-points in [0, max]; false after reporting. */
static bool field_points(struct table *t, int col, const char *name, long max, struct diags *d,
                         long *out)
{
	double x;
	bool present;
	if (!field_number(t, col, name, true, d, &x, &present))
		return false;
	long line = table_field_line(t, col), c = table_field_column(t, col);
	if (fabs(x * 100 - round(x * 100)) > 1e-6) {
		diag_add(d, DIAG_ERROR, table_name(t), line, c, NULL,
		         "cột %s: tối đa 2 chữ số thập phân", "column %s: at most 2 decimals", name);
		return false;
	}
	*out = lround(x * 100);
	if (*out < 0 || *out > max) {
		char mv[32];
		eval_points_format(max, '.', mv, sizeof mv);
		diag_add(d, DIAG_ERROR, table_name(t), line, c, NULL,
		         "cột %s: điểm ngoài khoảng 0..%s", "column %s: points outside 0..%s", name, mv);
		return false;
	}
	return true;
}

enum px_err eval_points_read(struct table *t, const struct eval_rules *r, struct arena *a,
                             struct diags *d, struct eval_point_row **rows, size_t *n)
{
	const char *names[EVAL_MAX_COMP + 3] = {"staff_code", "month"};
	bool req[EVAL_MAX_COMP + 3] = {true, true};
	for (size_t i = 0; i < r->ncomp; i++)
		names[2 + i] = r->comp[i].code, req[2 + i] = true;
	names[2 + r->ncomp] = NULL;
	int col[EVAL_MAX_COMP + 2];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct VEC_OF(struct eval_point_row) v = {0};
	struct map seen;
	map_init(&seen);
	int rc;
	for (rc = table_next(t, d); rc == 1; rc = table_next(t, d)) {
		struct eval_point_row row = {0};
		row.line = table_line(t);
		row.col_staff = table_field_column(t, col[0]);
		row.col_month = table_field_column(t, col[1]);
		bool ok = field_code(t, col[0], "staff_code", true, a, d, &row.staff);
		const char *m;
		if (field_text(t, col[1], "month", true, false, a, d, &m)) {
			struct period p;
			if (!period_parse(m, strlen(m), &p) || p.kind != PERIOD_MONTH) {
				diag_add(d, DIAG_ERROR, table_name(t), row.line, row.col_month, NULL,
				         "cột month: tháng không hợp lệ, cần dạng YYYY-MM: \"%s\"",
				         "column month: invalid month, expected YYYY-MM: \"%s\"", m);
				ok = false;
			} else if (period_first_day(p) < r->valid_from || period_first_day(p) > r->valid_to) {
				diag_add(d, DIAG_ERROR, table_name(t), row.line, row.col_month, NULL,
				         "cột month: bộ quy tắc %s không áp dụng cho tháng %s",
				         "column month: rule set %s does not apply to %s", r->code, m);
				ok = false;
			} else {
				row.year = p.year;
				row.month = p.n;
			}
		} else {
			ok = false;
		}
		for (size_t i = 0; i < r->ncomp; i++)
			ok &= field_points(t, col[2 + i], r->comp[i].code, r->comp[i].max, d, &row.pts[i]);
		if (!ok)
			continue;
		const char *key = arena_printf(a, "%s\x1f%04d-%02d", row.staff, row.year, row.month);
		uintptr_t first = (uintptr_t)map_gets(&seen, key);
		if (first) {
			diag_add(d, DIAG_ERROR, table_name(t), row.line, row.col_staff, NULL,
			         "cột staff_code: \"%s\" tháng %04d-%02d đã có ở dòng %lu",
			         "column staff_code: \"%s\" in %04d-%02d already on line %lu", row.staff,
			         row.year, row.month, (unsigned long)first);
			continue;
		}
		map_puts(&seen, key, (void *)(uintptr_t)row.line);
		VEC_PUSH(&v, row);
	}
	map_free(&seen);
	*n = v.n;
	*rows = arena_array(a, v.n ? v.n : 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return rc < 0 || d->errors ? PX_BADINPUT : PX_OK;
}

enum px_err eval_discipline_read(struct table *t, struct arena *a, struct diags *d,
                                 struct eval_discipline_row **rows, size_t *n)
{
	static const char *const names[] = {"staff_code", "date", "form", "decision", NULL};
	static const bool req[] = {true, true, true, true};
	int col[4];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct VEC_OF(struct eval_discipline_row) v = {0};
	int rc;
	for (rc = table_next(t, d); rc == 1; rc = table_next(t, d)) {
		struct eval_discipline_row row = {0};
		row.line = table_line(t);
		row.col_staff = table_field_column(t, col[0]);
		bool ok = field_code(t, col[0], "staff_code", true, a, d, &row.staff);
		ok &= field_date(t, col[1], "date", true, DATE_MIN, d, &row.date);
		ok &= field_enum(t, col[2], "form", true, eval_discipline_forms, NULL, d, &row.form);
		ok &= field_text(t, col[3], "decision", true, true, a, d, &row.decision);
		if (ok)
			VEC_PUSH(&v, row);
	}
	*n = v.n;
	*rows = arena_array(a, v.n ? v.n : 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return rc < 0 || d->errors ? PX_BADINPUT : PX_OK;
}

enum px_err eval_absence_read(struct table *t, struct arena *a, struct diags *d,
                              struct eval_absence_row **rows, size_t *n)
{
	static const char *const names[] = {"staff_code", "from", "to", "reason", NULL};
	static const bool req[] = {true, true, true, false};
	int col[4];
	*rows = NULL;
	*n = 0;
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct VEC_OF(struct eval_absence_row) v = {0};
	int rc;
	for (rc = table_next(t, d); rc == 1; rc = table_next(t, d)) {
		struct eval_absence_row row = {0};
		row.line = table_line(t);
		row.col_staff = table_field_column(t, col[0]);
		bool ok = field_code(t, col[0], "staff_code", true, a, d, &row.staff);
		ok &= field_date(t, col[1], "from", true, DATE_MIN, d, &row.from);
		ok &= field_date(t, col[2], "to", true, DATE_MIN, d, &row.to);
		ok &= field_text(t, col[3], "reason", false, true, a, d, &row.reason);
		if (ok && row.to < row.from) {
			diag_err(d, table_name(t), row.line, table_field_column(t, col[2]),
			         "cột to: trước ngày from", "column to: before from");
			ok = false;
		}
		if (ok)
			VEC_PUSH(&v, row);
	}
	*n = v.n;
	*rows = arena_array(a, v.n ? v.n : 1, sizeof **rows);
	if (v.n)
		memcpy(*rows, v.v, v.n * sizeof **rows);
	VEC_FREE(&v);
	return rc < 0 || d->errors ? PX_BADINPUT : PX_OK;
}
