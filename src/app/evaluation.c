/*
 * Staff evaluation: the use cases of app/evaluation.h.
 *
 * Why it is built this way: a department has hundreds of staff and a
 * year twelve months, so every read loads the rule sets, the staff and
 * the months of the period once and derives totals, grades, quotas and
 * levels in memory with core/evaluation.c; nothing derived is stored
 * except the metrics, recomputed whole in the transaction of every
 * change, so they cannot disagree with the points. Rule sets are stored
 * as their JSON and parsed again on load: the one reader checks them.
 */
#include "app/evaluation.h"
#include "app/cycle.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/str.h"
#include "base/vec.h"
#include "io/evaluation_io.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_evaluation.h"
#include "store/repo_metric.h"
#include "store/repo_unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

static const char *day_str(struct arena *a, int32_t d)
{
	char buf[11];
	date_format(d, buf);
	return arena_strdup(a, buf);
}

static int32_t day_of(const char *s, int32_t dflt)
{
	int32_t d;
	return s && date_parse(s, strlen(s), &d) ? d : dflt;
}

static bool month_parse(const char *s, struct period *p)
{
	return s && period_parse(s, strlen(s), p) && p->kind == PERIOD_MONTH;
}

/* ---- rule sets ------------------------------------------------------------ */

struct ruleset_list {
	struct eval_rules *v;
	size_t n;
};

static enum px_err rules_load(struct app *app, struct ruleset_list *l, struct diags *d)
{
	struct eval_ruleset_rec *recs;
	size_t n;
	if (repo_eval_rules_all(app->db, app->arena, &recs, &n) != PX_OK)
		return db_error(app, d);
	l->v = arena_array(app->arena, n ? n : 1, sizeof *l->v);
	l->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct diags tmp;
		diags_init(&tmp);
		if (eval_rules_parse(recs[i].code, recs[i].body, strlen(recs[i].body), app->arena, &tmp,
		                     &l->v[l->n]) == PX_OK)
			l->n++;
		diags_free(&tmp);
	}
	return PX_OK;
}

static const struct eval_rules *rules_find(const struct ruleset_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].code, code))
			return &l->v[i];
	return NULL;
}

static const struct eval_rules *rules_on(const struct ruleset_list *l, int32_t day)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].valid_from <= day && day <= l->v[i].valid_to)
			return &l->v[i];
	return NULL;
}

enum px_err app_eval_rules_on(struct app *app, int32_t day, struct eval_rules *out,
                              struct diags *d)
{
	struct ruleset_list l;
	enum px_err e = rules_load(app, &l, d);
	if (e != PX_OK)
		return e;
	const struct eval_rules *r = rules_on(&l, day);
	if (!r) {
		char s[11];
		date_format(day, s);
		diag_err(d, NULL, 0, 0, "không có bộ quy tắc đánh giá áp dụng ngày %s",
		         "no evaluation rule set in force on %s", s);
		return PX_NOTFOUND;
	}
	*out = *r;
	return PX_OK;
}

enum px_err app_eval_rules_import(struct app *app, const char *name, const char *data,
                                  size_t len, struct diags *d, struct eval_rules *out,
                                  bool *is_new)
{
	enum px_err e = eval_rules_parse(name, data, len, app->arena, d, out);
	if (e != PX_OK)
		return e;
	struct ruleset_list l;
	if ((e = rules_load(app, &l, d)) != PX_OK)
		return e;
	for (size_t i = 0; i < l.n; i++) {
		const struct eval_rules *o = &l.v[i];
		if (!strcmp(o->code, out->code))
			continue;
		if (o->valid_from <= out->valid_to && out->valid_from <= o->valid_to) {
			diag_add(d, DIAG_ERROR, name, 0, 0, "valid_from",
			         "thời gian áp dụng trùng với bộ quy tắc %s", "validity overlaps rule set %s",
			         o->code);
			return PX_BADINPUT;
		}
	}
	char *body = arena_alloc(app->arena, len + 1);
	memcpy(body, data, len);
	body[len] = 0;
	struct eval_ruleset_rec rec = {out->code, day_str(app->arena, out->valid_from),
	                               out->valid_to == DATE_MAX ? NULL
	                                                         : day_str(app->arena, out->valid_to),
	                               body, clock_now_iso(app->arena)};
	if ((e = db_begin(app->db)) != PX_OK)
		return app_commit(app, e, d);
	e = repo_eval_rules_put(app->db, &rec, is_new);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"valid_from\": \"%s\", \"valid_to\": ", rec.valid_from);
		if (rec.valid_to)
			str_printf(&det, "\"%s\"}", rec.valid_to);
		else
			str_adds(&det, "null}");
		e = audit_append(app->db, app->actor, *is_new ? "insert" : "update", "eval_ruleset",
		                 out->code, str_cstr(&det));
		str_free(&det);
	}
	if (e == PX_OK)
		e = app_eval_metrics_refresh(app, d);
	return app_commit(app, e, d);
}

/* ---- the staff and the months of a period ----------------------------------- */

struct world {
	struct ruleset_list rules;
	struct staff_rec *staff;
	size_t nstaff;
	struct map staff_idx; /* code -> index + 1 */
	struct eval_month_rec *months;
	size_t nmonths;
	struct map month_idx; /* "staff\x1fYYYY-MM" -> index + 1 */
	long (*pts)[EVAL_MAX_COMP]; /* per month: approved points */
	bool (*has)[EVAL_MAX_COMP];
	struct eval_unit_month_rec *ums;
	size_t nums;
};

static void world_free(struct world *w)
{
	map_free(&w->staff_idx);
	map_free(&w->month_idx);
}

static long staff_find(const struct world *w, const char *code)
{
	return (long)(uintptr_t)map_gets(&w->staff_idx, code) - 1;
}

static long month_find(const struct world *w, struct arena *a, const char *staff,
                       const char *month)
{
	return (long)(uintptr_t)map_gets(&w->month_idx, arena_printf(a, "%s\x1f%s", staff, month)) - 1;
}

/* The points of stage for every month of prefix (NULL: all). */
static enum px_err world_load(struct app *app, const char *prefix, struct world *w,
                              struct diags *d)
{
	memset(w, 0, sizeof *w);
	map_init(&w->staff_idx);
	map_init(&w->month_idx);
	struct arena *a = app->arena;
	enum px_err e = rules_load(app, &w->rules, d);
	if (e != PX_OK)
		return e;
	struct eval_point_rec *p;
	size_t np;
	if (app_staff_list(app, NULL, &w->staff, &w->nstaff) != PX_OK ||
	    repo_eval_months(app->db, prefix, a, &w->months, &w->nmonths) != PX_OK ||
	    repo_eval_points(app->db, prefix, a, &p, &np) != PX_OK ||
	    repo_eval_unit_months(app->db, prefix, a, &w->ums, &w->nums) != PX_OK)
		return db_error(app, d);
	for (size_t i = 0; i < w->nstaff; i++)
		map_puts(&w->staff_idx, w->staff[i].code, (void *)(uintptr_t)(i + 1));
	w->pts = arena_array(a, w->nmonths + 1, sizeof *w->pts);
	w->has = arena_array(a, w->nmonths + 1, sizeof *w->has);
	for (size_t i = 0; i < w->nmonths; i++)
		map_puts(&w->month_idx, arena_printf(a, "%s\x1f%s", w->months[i].staff, w->months[i].month),
		         (void *)(uintptr_t)(i + 1));
	for (size_t i = 0; i < np; i++) {
		long m = month_find(w, a, p[i].staff, p[i].month);
		if (m < 0 || strcmp(p[i].stage, "approved"))
			continue;
		const struct eval_rules *r = rules_find(&w->rules, w->months[m].rules);
		int c = r ? eval_component_find(r, p[i].component) : -1;
		if (c < 0)
			continue;
		w->pts[m][c] = p[i].points;
		w->has[m][c] = true;
	}
	return PX_OK;
}

static bool outstanding_of(const struct world *w, const char *unit, const char *month)
{
	for (size_t i = 0; i < w->nums; i++)
		if (!strcmp(w->ums[i].unit, unit) && !strcmp(w->ums[i].month, month))
			return w->ums[i].outstanding;
	return false;
}

static long total_of(const struct world *w, size_t m, const struct eval_rules *r)
{
	long t = 0;
	for (size_t c = 0; c < r->ncomp; c++)
		t += w->pts[m][c];
	return t;
}

/* Whether staff s was in their unit during [first, last]. */
static bool in_unit(const struct staff_rec *s, int32_t first, int32_t last)
{
	return s->valid_from <= last && first <= s->valid_to;
}

/* ---- import of approved points -------------------------------------------------- */

static _Thread_local const char *import_rules_code;

/* The holders of the quota's grade in a unit's month, for the message. */
struct group {
	const char *unit, *month;
	const struct eval_rules *r;
	struct VEC_OF(int) grades;
	struct VEC_OF(const char *) holders;
	long last_line, col;
};

static enum px_err import_points(struct app *app, struct table *t, struct diags *d,
                                 struct import_summary *sum)
{
	struct arena *a = app->arena;
	struct world w;
	enum px_err e = world_load(app, NULL, &w, d);
	if (e != PX_OK) {
		world_free(&w);
		return e;
	}
	const struct eval_rules *r = rules_find(&w.rules, import_rules_code);
	if (!r) {
		diag_err(d, NULL, 0, 0, "không có bộ quy tắc \"%s\"", "no rule set \"%s\"",
		         import_rules_code);
		world_free(&w);
		return PX_BADINPUT;
	}
	struct eval_point_row *rows;
	size_t n;
	eval_points_read(t, r, a, d, &rows, &n);
	const char **unit_of = arena_array(a, n + 1, sizeof *unit_of);
	const char **month_of = arena_array(a, n + 1, sizeof *month_of);
	for (size_t i = 0; i < n; i++) {
		month_of[i] = arena_printf(a, "%04d-%02d", rows[i].year, rows[i].month);
		long s = staff_find(&w, rows[i].staff);
		if (s < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col_staff, NULL,
			         "cột staff_code: không có cán bộ mã \"%s\"",
			         "column staff_code: no staff member \"%s\"", rows[i].staff);
			continue;
		}
		struct period p = {PERIOD_MONTH, rows[i].year, rows[i].month};
		if (!in_unit(&w.staff[s], period_first_day(p), period_last_day(p))) {
			diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col_month, NULL,
			         "cột month: %s ngoài thời gian công tác của %s tại đơn vị",
			         "column month: %s is outside %s's time in the unit", month_of[i],
			         rows[i].staff);
			continue;
		}
		unit_of[i] = w.staff[s].unit_code;
	}
	/* the quota per unit and month: stored approved months the file does
	 * not replace, and the file's rows */
	if (!d->errors) {
		struct map groups;
		map_init(&groups);
		struct VEC_OF(struct group *) gl = {0};
		struct map replaced;
		map_init(&replaced);
		for (size_t i = 0; i < n; i++)
			map_puts(&replaced, arena_printf(a, "%s\x1f%s", rows[i].staff, month_of[i]), (void *)1);
		for (size_t i = 0; i < n; i++) {
			const char *key = arena_printf(a, "%s\x1f%s", unit_of[i], month_of[i]);
			struct group *g = map_gets(&groups, key);
			if (!g) {
				g = arena_alloc(a, sizeof *g);
				memset(g, 0, sizeof *g);
				g->unit = unit_of[i];
				g->month = month_of[i];
				g->r = r;
				map_puts(&groups, key, g);
				VEC_PUSH(&gl, g);
				for (size_t m = 0; m < w.nmonths; m++) {
					const struct eval_month_rec *em = &w.months[m];
					if (strcmp(em->unit, g->unit) || strcmp(em->month, g->month) ||
					    strcmp(em->state, "approved") ||
					    map_gets(&replaced, arena_printf(a, "%s\x1f%s", em->staff, em->month)))
						continue;
					const struct eval_rules *mr = rules_find(&w.rules, em->rules);
					if (!mr)
						continue;
					int gr = eval_grade_of(mr, total_of(&w, m, mr));
					VEC_PUSH(&g->grades, gr);
					if (mr->quota.present && gr == mr->quota.rank)
						VEC_PUSH(&g->holders, em->staff);
				}
			}
			long tot = 0;
			for (size_t c = 0; c < r->ncomp; c++)
				tot += rows[i].pts[c];
			int gr = eval_grade_of(r, tot);
			VEC_PUSH(&g->grades, gr);
			if (r->quota.present && gr == r->quota.rank) {
				VEC_PUSH(&g->holders, rows[i].staff);
				g->last_line = rows[i].line;
				g->col = rows[i].col_month;
			}
		}
		for (size_t k = 0; k < gl.n; k++) {
			struct group *g = gl.v[k];
			long cap, count;
			if (!eval_month_quota(r, outstanding_of(&w, g->unit, g->month), g->grades.v,
			                      g->grades.n, &cap, &count)) {
				struct str h;
				str_init(&h, 0);
				for (size_t j = 0; j < g->holders.n; j++)
					str_printf(&h, "%s%s", j ? ", " : "", g->holders.v[j]);
				diag_add(d, DIAG_ERROR, table_name(t), g->last_line, g->col, NULL,
				         "vượt tỷ lệ loại %s của %s tháng %s: tối đa %ld, có %ld (%s)",
				         "over the grade %s quota of %s in %s: at most %ld, %ld hold it (%s)",
				         r->grades[r->quota.rank].code, g->unit, g->month, cap, count, str_cstr(&h));
				str_free(&h);
			}
			VEC_FREE(&g->grades);
			VEC_FREE(&g->holders);
		}
		VEC_FREE(&gl);
		map_free(&groups);
		map_free(&replaced);
	}
	e = app_import_begin(app, 0, n, d, sum);
	if (e != PX_OK) {
		world_free(&w);
		return e;
	}
	const char *at = clock_now_iso(a);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		bool is_new = month_find(&w, a, rows[i].staff, month_of[i]) < 0;
		struct eval_month_rec m = {rows[i].staff, month_of[i], unit_of[i], r->code, "approved",
		                           "import", at, app->actor};
		e = repo_eval_month_put(app->db, &m);
		if (e == PX_OK)
			e = repo_eval_points_clear(app->db, rows[i].staff, month_of[i], "approved");
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"rules\": \"%s\"", r->code);
		for (size_t c = 0; c < r->ncomp && e == PX_OK; c++) {
			struct eval_point_rec p = {rows[i].staff, month_of[i], r->comp[c].code, "approved", "",
			                           rows[i].pts[c]};
			e = repo_eval_point_put(app->db, &p);
			str_printf(&det, ", \"%s\": %ld", r->comp[c].code, rows[i].pts[c]);
		}
		str_adds(&det, "}");
		if (e == PX_OK)
			e = app_import_audit(app, is_new, "eval_month",
			                     arena_printf(a, "%s:%s", rows[i].staff, month_of[i]), &det, sum);
		else
			str_free(&det);
	}
	if (e == PX_OK)
		e = app_eval_metrics_refresh(app, d);
	world_free(&w);
	return app_commit(app, e, d);
}

enum px_err app_eval_import(struct app *app, const char *path, const char *rules,
                            struct diags *d, struct import_summary *sum)
{
	import_rules_code = rules;
	enum px_err e = app_import_table(app, path, NULL, 0, d, sum, import_points);
	import_rules_code = NULL;
	return e;
}

/* ---- discipline and absences ------------------------------------------------- */

/* Unknown staff in a register row: reported; false. */
static bool known_staff(const struct world *w, struct table *t, struct diags *d,
                        const char *staff, long line, long col)
{
	if (staff_find(w, staff) >= 0)
		return true;
	diag_add(d, DIAG_ERROR, table_name(t), line, col, NULL,
	         "cột staff_code: không có cán bộ mã \"%s\"", "column staff_code: no staff member \"%s\"",
	         staff);
	return false;
}

enum px_err app_eval_discipline_import(struct app *app, struct table *t, struct diags *d,
                                       struct import_summary *sum)
{
	struct world w;
	enum px_err e = world_load(app, "-", &w, d);
	struct eval_discipline_row *rows = NULL;
	size_t n = 0;
	if (e == PX_OK) {
		eval_discipline_read(t, app->arena, d, &rows, &n);
		for (size_t i = 0; i < n; i++)
			known_staff(&w, t, d, rows[i].staff, rows[i].line, rows[i].col_staff);
		e = app_import_begin(app, 0, n, d, sum);
	}
	const char *at = clock_now_iso(app->arena);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		struct eval_discipline_rec rec = {rows[i].staff, day_str(app->arena, rows[i].date),
		                                  rows[i].form, rows[i].decision};
		bool is_new;
		e = repo_eval_discipline_put(app->db, &rec, at, &is_new);
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"date\": \"%s\", \"form\": \"%s\", \"decision\": ", rec.date, rec.form);
		str_add_json(&det, rec.decision);
		str_adds(&det, "}");
		if (e == PX_OK)
			e = app_import_audit(app, is_new, "eval_discipline", rec.staff, &det, sum);
		else
			str_free(&det);
	}
	bool began = e == PX_OK || db_in_transaction(app->db);
	if (e == PX_OK)
		e = app_eval_metrics_refresh(app, d);
	world_free(&w);
	return began ? app_commit(app, e, d) : e;
}

enum px_err app_eval_absence_import(struct app *app, struct table *t, struct diags *d,
                                    struct import_summary *sum)
{
	struct world w;
	enum px_err e = world_load(app, "-", &w, d);
	struct eval_absence_row *rows = NULL;
	size_t n = 0;
	if (e == PX_OK) {
		eval_absence_read(t, app->arena, d, &rows, &n);
		for (size_t i = 0; i < n; i++)
			known_staff(&w, t, d, rows[i].staff, rows[i].line, rows[i].col_staff);
		e = app_import_begin(app, 0, n, d, sum);
	}
	const char *at = clock_now_iso(app->arena);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		struct eval_absence_rec rec = {rows[i].staff, day_str(app->arena, rows[i].from),
		                               day_str(app->arena, rows[i].to), rows[i].reason};
		bool is_new;
		e = repo_eval_absence_put(app->db, &rec, at, &is_new);
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"from\": \"%s\", \"to\": \"%s\", \"reason\": ", rec.from, rec.to);
		str_add_json(&det, rec.reason ? rec.reason : "");
		str_adds(&det, "}");
		if (e == PX_OK)
			e = app_import_audit(app, is_new, "eval_absence", rec.staff, &det, sum);
		else
			str_free(&det);
	}
	bool began = e == PX_OK || db_in_transaction(app->db);
	if (e == PX_OK)
		e = app_eval_metrics_refresh(app, d);
	world_free(&w);
	return began ? app_commit(app, e, d) : e;
}

enum px_err app_eval_outstanding(struct app *app, const struct actor *who, const char *unit,
                                 const char *month, bool outstanding, const char *reason,
                                 struct diags *d)
{
	struct period p;
	if (!month_parse(month, &p)) {
		diag_err(d, NULL, 0, 0, "tháng không hợp lệ, cần YYYY-MM: \"%s\"",
		         "invalid month, expected YYYY-MM: \"%s\"", month ? month : "");
		return PX_BADINPUT;
	}
	if (!app_grant_covers(who, CAP_OFFICE, unit, NULL)) {
		diag_err(d, NULL, 0, 0, "chỉ văn phòng quản lý đơn vị này mới đánh dấu được",
		         "only an office whose grant covers the unit may mark it");
		return PX_DENIED;
	}
	if (outstanding && (!reason || !*reason)) {
		diag_text(d, DIAG_ERROR, NULL, 0, 0, "reason", "cần lý do", "a reason is needed");
		return PX_BADINPUT;
	}
	enum px_err e = db_begin(app->db);
	struct eval_unit_month_rec u = {unit, month, reason ? reason : "", outstanding};
	if (e == PX_OK)
		e = repo_eval_unit_month_put(app->db, &u);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"outstanding\": %s, \"reason\": ", outstanding ? "true" : "false");
		str_add_json(&det, u.reason);
		str_adds(&det, "}");
		e = audit_append(app->db, app->actor, "outstanding", "eval_unit_month",
		                 arena_printf(app->arena, "%s:%s", unit, month), str_cstr(&det));
		str_free(&det);
	}
	if (e == PX_OK)
		e = app_eval_metrics_refresh(app, d);
	return app_commit(app, e, d);
}

/* ---- the month and the year ----------------------------------------------------- */

static const char *const stages[] = {"approved", "manager", "self"};

enum px_err app_eval_month(struct app *app, const struct actor *who, const char *unit,
                           const char *month, struct eval_month_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct period p;
	if (!month_parse(month, &p)) {
		diag_err(d, NULL, 0, 0, "tháng không hợp lệ, cần YYYY-MM: \"%s\"",
		         "invalid month, expected YYYY-MM: \"%s\"", month ? month : "");
		return PX_BADINPUT;
	}
	struct world w;
	enum px_err e = world_load(app, month, &w, d);
	if (e != PX_OK) {
		world_free(&w);
		return e;
	}
	const struct eval_rules *r = rules_on(&w.rules, period_first_day(p));
	if (!r) {
		diag_err(d, NULL, 0, 0, "không có bộ quy tắc đánh giá áp dụng cho tháng %s",
		         "no evaluation rule set in force for %s", month);
		world_free(&w);
		return PX_NOTFOUND;
	}
	out->rules = *r;
	out->outstanding = outstanding_of(&w, unit, month);
	/* stage points of the month (the latest stage shown when not approved) */
	struct eval_point_rec *pts;
	size_t np;
	if (repo_eval_points(app->db, month, app->arena, &pts, &np) != PX_OK) {
		world_free(&w);
		return db_error(app, d);
	}
	struct eval_item_rec *items;
	size_t nitems;
	if (repo_eval_items(app->db, month, app->arena, &items, &nitems) != PX_OK) {
		world_free(&w);
		return db_error(app, d);
	}
	out->rows = arena_array(app->arena, w.nstaff + 1, sizeof *out->rows);
	int *grades = arena_array(app->arena, w.nstaff + 1, sizeof *grades);
	size_t ng = 0;
	for (size_t s = 0; s < w.nstaff; s++) {
		const struct staff_rec *st = &w.staff[s];
		if (strcmp(st->unit_code, unit) ||
		    !in_unit(st, period_first_day(p), period_last_day(p)))
			continue;
		struct eval_month_row row = {.staff = st->code, .name = st->name, .state = "missing"};
		long m = month_find(&w, app->arena, st->code, month);
		if (m >= 0) {
			row.state = w.months[m].state;
			row.approved = !strcmp(row.state, "approved");
			const struct eval_rules *mr = rules_find(&w.rules, w.months[m].rules);
			if (mr && mr != r)
				mr = NULL; /* graded by another rule set: shown without points */
			for (int k = 0; mr && k < 3; k++) {
				bool any = false;
				for (size_t i = 0; i < np; i++) {
					if (strcmp(pts[i].staff, st->code) || strcmp(pts[i].stage, stages[k]))
						continue;
					int c = eval_component_find(r, pts[i].component);
					if (c >= 0) {
						row.pts[c] = pts[i].points;
						row.has_points[c] = any = true;
					}
				}
				if (any)
					break;
			}
			if (row.approved && mr) {
				row.total = total_of(&w, (size_t)m, r);
				row.grade = eval_grade_of(r, row.total);
				grades[ng++] = row.grade;
			}
		}
		for (int k = 1; k < 3 && !row.items_stage; k++) /* manager, then self */
			for (size_t i = 0; i < nitems; i++)
				if (!strcmp(items[i].staff, st->code) && !strcmp(items[i].stage, stages[k])) {
					if (!row.items_stage) {
						row.items = &items[i];
						row.items_stage = stages[k];
					}
					row.nitems++;
				}
		if (app_may_see_evaluation(who, st->code, st->unit_code))
			out->rows[out->n++] = row;
	}
	eval_month_quota(r, out->outstanding, grades, ng, &out->cap, &out->holders);
	world_free(&w);
	if (!out->n && !app_may_see_evaluation(who, NULL, unit)) {
		diag_err(d, NULL, 0, 0, "không tìm thấy", "not found");
		return PX_NOTFOUND; /* nobody of the unit is the actor's to see */
	}
	return PX_OK;
}

/* Days of [from, to] within [first, last], over the union of spans. */
static long absent_days(const struct eval_absence_rec *v, size_t n, const char *staff,
                        int32_t first, int32_t last)
{
	long days = 0;
	int32_t covered = first - 1; /* spans come by from_date: count past the covered end */
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].staff, staff))
			continue;
		int32_t f = day_of(v[i].from, first), t = day_of(v[i].to, last);
		if (f < first)
			f = first;
		if (t > last)
			t = last;
		if (f <= covered)
			f = covered + 1;
		if (t >= f) {
			days += t - f + 1;
			covered = t;
		}
	}
	return days;
}

/* The classification of every staff member of unit in year (all of
 * them: the quota is the unit's). */
static enum px_err classify(struct app *app, const struct world *w, const char *unit, int year,
                            const struct eval_rules *yr, struct eval_year_row **rows, size_t *n,
                            struct diags *d)
{
	struct eval_discipline_rec *disc;
	struct eval_absence_rec *abs;
	size_t ndisc, nabs;
	if (repo_eval_disciplines(app->db, app->arena, &disc, &ndisc) != PX_OK ||
	    repo_eval_absences(app->db, app->arena, &abs, &nabs) != PX_OK)
		return db_error(app, d);
	int32_t first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);
	struct eval_year_row *v = arena_array(app->arena, w->nstaff + 1, sizeof *v);
	size_t k = 0;
	for (size_t s = 0; s < w->nstaff; s++) {
		const struct staff_rec *st = &w->staff[s];
		if (strcmp(st->unit_code, unit) || !in_unit(st, first, last))
			continue;
		struct eval_year_row *row = &v[k++];
		memset(row, 0, sizeof *row);
		row->staff = st->code;
		row->name = st->name;
		row->in.staff_code = st->code;
		for (int mo = 1; mo <= 12; mo++) {
			long m = month_find(w, app->arena, st->code,
			                    arena_printf(app->arena, "%04d-%02d", year, mo));
			if (m < 0 || strcmp(w->months[m].state, "approved"))
				continue;
			const struct eval_rules *mr = rules_find(&w->rules, w->months[m].rules);
			if (!mr)
				continue;
			long t = total_of(w, (size_t)m, mr);
			int g = eval_grade_of(mr, t);
			if (g >= (int)yr->ngrades)
				g = (int)yr->ngrades - 1;
			row->in.months_rated++;
			row->in.grade_count[g]++;
			row->in.sum_total += t;
		}
		row->in.absent_days = absent_days(abs, nabs, st->code, first, last);
		for (size_t i = 0; i < ndisc; i++) {
			int32_t dd = day_of(disc[i].date, DATE_MIN);
			if (strcmp(disc[i].staff, st->code) || dd < first || dd > last)
				continue;
			if (!row->in.disciplined || dd < row->in.discipline_date) {
				row->in.disciplined = true;
				row->in.discipline_date = dd;
				row->in.discipline_form = disc[i].form;
			}
		}
	}
	struct eval_year_in *in = arena_array(app->arena, k + 1, sizeof *in);
	struct eval_year_out *out = arena_array(app->arena, k + 1, sizeof *out);
	for (size_t i = 0; i < k; i++)
		in[i] = v[i].in;
	eval_classify_year(yr, in, k, out);
	for (size_t i = 0; i < k; i++) {
		v[i].out = out[i];
		eval_grade_counts(yr, &v[i].in, v[i].grade_counts, sizeof v[i].grade_counts);
	}
	*rows = v;
	*n = k;
	return PX_OK;
}

/* The year's rule set: in force on its last day, else the last one in
 * force during it. */
static const struct eval_rules *year_rules(const struct ruleset_list *l, int year)
{
	const struct eval_rules *r = rules_on(l, date_from_ymd(year, 12, 31));
	for (int m = 12; !r && m >= 1; m--)
		r = rules_on(l, date_from_ymd(year, m, 1));
	return r;
}

enum px_err app_eval_year(struct app *app, const struct actor *who, const char *unit, int year,
                          struct eval_year_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct world w;
	char prefix[8];
	snprintf(prefix, sizeof prefix, "%04d", year);
	enum px_err e = world_load(app, prefix, &w, d);
	const struct eval_rules *r = e == PX_OK ? year_rules(&w.rules, year) : NULL;
	if (e == PX_OK && !r) {
		diag_err(d, NULL, 0, 0, "không có bộ quy tắc đánh giá áp dụng trong năm %d",
		         "no evaluation rule set in force in %d", year);
		e = PX_NOTFOUND;
	}
	struct eval_year_row *rows = NULL;
	size_t n = 0;
	if (e == PX_OK)
		e = classify(app, &w, unit, year, r, &rows, &n, d);
	if (e == PX_OK) {
		out->rules = *r;
		out->rows = arena_array(app->arena, n + 1, sizeof *out->rows);
		for (size_t i = 0; i < n; i++) {
			long s = staff_find(&w, rows[i].staff);
			if (s >= 0 && app_may_see_evaluation(who, rows[i].staff, w.staff[s].unit_code))
				out->rows[out->n++] = rows[i];
		}
		if (!out->n && !app_may_see_evaluation(who, NULL, unit)) {
			diag_err(d, NULL, 0, 0, "không tìm thấy", "not found");
			e = PX_NOTFOUND;
		}
	}
	world_free(&w);
	return e;
}

enum px_err app_eval_year_confirm(struct app *app, const struct actor *who, const char *unit,
                                  int year, size_t *n, struct diags *d)
{
	*n = 0;
	if (!unit || !app_grant_covers(who, CAP_OFFICE, unit, NULL)) {
		diag_err(d, NULL, 0, 0, "chỉ văn phòng có quyền trên đơn vị mới xác nhận",
		         "only an office whose grant covers the unit may confirm");
		return PX_DENIED;
	}
	enum px_err e = db_begin(app->db);
	if (e != PX_OK)
		return app_commit(app, e, d);
	struct eval_year_view v;
	struct actor all = {.login = "confirm", .role = "admin"};
	e = app_eval_year(app, &all, unit, year, &v, d);
	if (e == PX_OK && !v.n) {
		diag_err(d, NULL, 0, 0, "đơn vị không có cán bộ nào trong năm %d",
		         "the unit has no staff in %d", year);
		e = PX_BADINPUT;
	}
	struct str levels, det;
	str_init(&levels, 0);
	str_init(&det, 0);
	long count[EVAL_NLEVEL] = {0};
	str_adds(&levels, "{");
	for (size_t i = 0; e == PX_OK && i < v.n; i++) {
		str_printf(&levels, "%s", i ? ", " : "");
		str_add_json(&levels, v.rows[i].staff);
		str_printf(&levels, ": \"%s\"", eval_level_names[v.rows[i].out.level]);
		count[v.rows[i].out.level]++;
	}
	str_adds(&levels, "}");
	bool is_new = false;
	if (e == PX_OK)
		e = repo_eval_year_confirm(app->db, unit, year, str_cstr(&levels), clock_now_iso(app->arena),
		                           app->actor, &is_new);
	if (e == PX_OK) {
		str_printf(&det, "{\"year\": %d", year);
		for (int l = 0; l < EVAL_NLEVEL; l++)
			str_printf(&det, ", \"%s\": %ld", eval_level_names[l], count[l]);
		str_adds(&det, "}");
		e = audit_append(app->db, app->actor, is_new ? "confirm" : "reconfirm", "eval_unit_year",
		                 arena_printf(app->arena, "%s:%d", unit, year), str_cstr(&det));
	}
	str_free(&levels);
	str_free(&det);
	if (e == PX_OK)
		*n = v.n;
	return app_commit(app, e, d);
}

/* ---- metrics -------------------------------------------------------------------- */

static const char *const metric_codes[] = {"evaluation.rated", "evaluation.grade_a",
                                           "evaluation.top_share", "evaluation.not_completed",
                                           "evaluation.on_time"};
static const char *const metric_vi[] = {
	"Số người được đánh giá", "Số người đạt loại cao nhất", "Tỷ lệ đạt loại cao nhất",
	"Số người không hoàn thành nhiệm vụ", "Tỷ lệ đánh giá đúng hạn (trước ngày 5 tháng sau)"};
static const char *const metric_en[] = {
	"Staff rated", "Staff with the top grade (A, excellent)", "Share with the top grade",
	"Staff not completing their tasks (lowest grade or level)",
	"Share approved by the 5th of the next month"};

struct acc {
	long rated, top, low, on_time;
};

static struct acc *acc_of(struct app *app, struct map *m, const char *unit, const char *period)
{
	const char *key = arena_printf(app->arena, "%s\x1f%s", unit, period);
	struct acc *a = map_gets(m, key);
	if (!a) {
		a = arena_alloc(app->arena, sizeof *a);
		memset(a, 0, sizeof *a);
		map_puts(m, key, a);
	}
	return a;
}

static enum px_err write_acc(struct app *app, struct metric_batch *b, const char *key,
                             const struct acc *a)
{
	const char *sep = strchr(key, '\x1f');
	const char *unit = arena_strndup(app->arena, key, (size_t)(sep - key)), *period = sep + 1;
	double v[5] = {(double)a->rated, (double)a->top, a->rated ? (double)a->top / a->rated : 0,
	               (double)a->low, a->rated ? (double)a->on_time / a->rated : 0};
	enum px_err e = PX_OK;
	for (int k = 0; k < 5 && e == PX_OK; k++) {
		if ((k == 2 || k == 4) && !a->rated)
			continue; /* a share of nobody is missing, not zero */
		e = repo_metric_batch_put(b, unit, period, metric_codes[k], v[k]);
	}
	return e;
}

enum px_err app_eval_metrics_refresh(struct app *app, struct diags *d)
{
	struct world w;
	enum px_err e = world_load(app, NULL, &w, d);
	bool own = e == PX_OK && !db_in_transaction(app->db);
	if (own)
		e = db_begin(app->db);
	for (int k = 0; k < 5 && e == PX_OK; k++) {
		struct metric_def def = {metric_codes[k], metric_vi[k], metric_en[k],
		                         k == 2 || k == 4 ? "ratio" : "people",
		                         "per unit and month or year (formats/evaluation.md)", AGG_NONE,
		                         0};
		e = repo_metric_define(app->db, &def);
	}
	if (e == PX_OK)
		e = repo_eval_metric_clear(app->db);
	const char *asof = day_str(app->arena, app_today());
	struct map acc, years;
	map_init(&acc);
	map_init(&years);
	for (size_t m = 0; m < w.nmonths && e == PX_OK; m++) {
		const struct eval_month_rec *em = &w.months[m];
		const struct eval_rules *r = rules_find(&w.rules, em->rules);
		struct period p;
		if (!r || strcmp(em->state, "approved") || !month_parse(em->month, &p))
			continue;
		int g = eval_grade_of(r, total_of(&w, m, r));
		struct period next = p.n == 12 ? (struct period){PERIOD_MONTH, p.year + 1, 1}
		                               : (struct period){PERIOD_MONTH, p.year, p.n + 1};
		int64_t at = 0;
		bool on_time = em->approved_at &&
		               datetime_parse(em->approved_at, strlen(em->approved_at), true, &at, NULL) &&
		               datetime_local_date(at) <= period_first_day(next) + 4;
		char yname[8];
		snprintf(yname, sizeof yname, "%04d", p.year);
		struct acc *a = acc_of(app, &acc, em->unit, em->month);
		struct acc *y = acc_of(app, &years, em->unit, yname);
		a->rated++;
		a->top += g == 0;
		a->low += g == (int)r->ngrades - 1;
		a->on_time += on_time;
		y->on_time += on_time;
		y->rated++; /* months rated in the year: the on-time base */
	}
	struct metric_batch b;
	repo_metric_batch_init(&b, app->db, app->arena, "evaluation", asof);
	for (size_t i = 0; i < acc.cap && e == PX_OK; i++)
		if (acc.slots[i].key)
			e = write_acc(app, &b, acc.slots[i].key, acc.slots[i].value);
	/* the year: the classification of each unit's staff */
	for (size_t i = 0; i < years.cap && e == PX_OK; i++) {
		if (!years.slots[i].key)
			continue;
		const char *key = years.slots[i].key, *sep = strchr(key, '\x1f');
		const char *unit = arena_strndup(app->arena, key, (size_t)(sep - key));
		int year = atoi(sep + 1);
		const struct eval_rules *r = year_rules(&w.rules, year);
		const struct acc *months = years.slots[i].value;
		if (!r)
			continue;
		struct eval_year_row *rows;
		size_t n;
		e = classify(app, &w, unit, year, r, &rows, &n, d);
		struct acc a = {0};
		for (size_t k = 0; k < n && e == PX_OK; k++) {
			if (rows[k].out.level == EVAL_NOT_RATED)
				continue;
			a.rated++;
			a.top += rows[k].out.level == EVAL_EXCELLENT;
			a.low += rows[k].out.level == EVAL_NOT_COMPLETED;
		}
		/* on_time of the year: months approved on time / months rated */
		double v[5] = {(double)a.rated, (double)a.top, a.rated ? (double)a.top / a.rated : 0,
		               (double)a.low,
		               months->rated ? (double)months->on_time / months->rated : 0};
		for (int k = 0; k < 5 && e == PX_OK; k++) {
			if ((k == 2 && !a.rated) || (k == 4 && !months->rated))
				continue;
			e = repo_metric_batch_put(&b, unit, sep + 1, metric_codes[k], v[k]);
		}
	}
	if (e == PX_OK)
		e = repo_metric_batch_flush(&b);
	map_free(&acc);
	map_free(&years);
	if (e == PX_FAIL)
		db_error(app, d);
	if (own)
		e = app_commit(app, e, d);
	world_free(&w);
	return e;
}

bool app_eval_has_any(struct app *app, const struct actor *who)
{
	if (!who || !who->login)
		return false;
	if (app_holds_role(who, "leader") || app_holds_role(who, "office") ||
	    app_holds_role(who, "admin"))
		return true;
	bool yes = false;
	return repo_eval_is_staff(app->db, who->login, &yes) == PX_OK && yes;
}
