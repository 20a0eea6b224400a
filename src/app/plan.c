/*
 * Plans and tasks: the use cases of app/plan.h.
 *
 * Why it is built this way: a city has a few dozen plans of a few dozen
 * tasks, so every read loads all plans, tasks and reports once (struct
 * world) and derives states in memory with core/plan.c; nothing derived
 * is stored except the metrics, which are recomputed whole inside the
 * transaction of every change (an import, a report), so they can never
 * disagree with the reports. A report is the "report" transition of
 * task_machine: visibility, state, grant and the rules run after the
 * write lock is taken.
 *
 * Grants: whether an actor acts for a unit is asked of app/access.c
 * (app_covers, app_can, app_may_see_unit) through acts_for and sees_unit
 * below, the only two places here that decide it.
 */
#include "app/plan.h"
#include "app/cycle.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/str.h"
#include "base/vec.h"
#include "io/fields.h"
#include "io/plan_io.h"
#include "io/sniff.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_cycle.h"
#include "store/repo_metric.h"
#include "store/repo_unit.h"
#include "store/repo_user.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- grants ------------------------------------------------------------ */

/* Whether who acts for unit: one of their grants with a unit covers it
 * (its subtree), or an office grant covers it (city-wide or above it). */
static bool acts_for(const struct actor *who, const char *unit)
{
	return app_covers(who, unit) || app_grant_covers(who, CAP_OFFICE, unit, NULL);
}

static bool sees_unit(const struct actor *who, const char *unit)
{
	return app_may_see_unit(who, unit) || acts_for(who, unit);
}

/* ---- small helpers ------------------------------------------------------ */

static int32_t day_of(const char *s)
{
	int32_t d;
	return s && date_parse(s, strlen(s), &d) ? d : DATE_MIN;
}

static const char *day_str(struct arena *a, int32_t d)
{
	char buf[11];
	date_format(d, buf);
	return arena_strdup(a, buf);
}

/* A refusal about one field of a form (where = the field's name, so a
 * page can show it next to the field). */
static enum px_err bad_field(struct diags *d, const char *field, const char *vi, const char *en)
{
	diag_text(d, DIAG_ERROR, NULL, 0, 0, field, vi, en);
	return PX_BADINPUT;
}

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

static void detail_text(struct str *s, const char *name, const char *v)
{
	if (s->len)
		str_adds(s, ", ");
	str_printf(s, "\"%s\": ", name);
	if (v)
		str_add_json(s, v);
	else
		str_adds(s, "null");
}

/* ---- the world: every plan, task and report ----------------------------- */

struct world {
	struct plan_rec *plans;
	size_t nplans;
	struct plan_task_rec *tasks;
	size_t ntasks;
	struct plan_report_rec *reports;
	size_t nreports;
	size_t *first, *count; /* per task: its reports reports[first .. first+count) */
	struct map task_idx;   /* "plan\x1ftask" -> index + 1 */
	struct map plan_idx;   /* plan -> index + 1 */
};

static void world_free(struct world *w)
{
	map_free(&w->task_idx);
	map_free(&w->plan_idx);
}

static long task_find(const struct world *w, struct arena *a, const char *plan, const char *task)
{
	uintptr_t i = (uintptr_t)map_gets(&w->task_idx, arena_printf(a, "%s\x1f%s", plan, task));
	return (long)i - 1;
}

static long plan_find(const struct world *w, const char *plan)
{
	return (long)(uintptr_t)map_gets(&w->plan_idx, plan) - 1;
}

static enum px_err world_load(struct app *app, struct world *w)
{
	memset(w, 0, sizeof *w);
	map_init(&w->task_idx);
	map_init(&w->plan_idx);
	struct arena *a = app->arena;
	if (repo_plan_list(app->db, a, &w->plans, &w->nplans) != PX_OK ||
	    repo_plan_tasks(app->db, NULL, a, &w->tasks, &w->ntasks) != PX_OK ||
	    repo_plan_reports(app->db, NULL, a, &w->reports, &w->nreports) != PX_OK)
		return PX_FAIL;
	for (size_t i = 0; i < w->nplans; i++)
		map_puts(&w->plan_idx, w->plans[i].code, (void *)(uintptr_t)(i + 1));
	w->first = arena_array(a, w->ntasks + 1, sizeof *w->first);
	w->count = arena_array(a, w->ntasks + 1, sizeof *w->count);
	for (size_t i = 0; i < w->ntasks; i++)
		map_puts(&w->task_idx, arena_printf(a, "%s\x1f%s", w->tasks[i].plan, w->tasks[i].code),
		         (void *)(uintptr_t)(i + 1));
	/* reports come ordered by plan, task, date, id: one run per task */
	for (size_t r = 0; r < w->nreports; r++) {
		long t = task_find(w, a, w->reports[r].plan, w->reports[r].task);
		if (t < 0)
			continue;
		if (!w->count[t])
			w->first[t] = r;
		w->count[t]++;
	}
	return PX_OK;
}

/* The task's view on asof (below not filled). */
static void task_view(struct app *app, const struct world *w, size_t t, int32_t asof,
                      struct plan_task_view *v)
{
	memset(v, 0, sizeof *v);
	v->task = &w->tasks[t];
	v->due = day_of(v->task->due);
	v->reports = w->reports + w->first[t];
	v->nreports = w->count[t];
	struct plan_report_fact *f = arena_array(app->arena, v->nreports + 1, sizeof *f);
	for (size_t i = 0; i < v->nreports; i++)
		f[i] = (struct plan_report_fact){(enum plan_status)plan_status_parse(v->reports[i].status),
		                                 day_of(v->reports[i].date)};
	long cur = plan_current(f, v->nreports, asof);
	v->current = cur >= 0 ? &v->reports[cur] : NULL;
	v->status = cur >= 0 ? f[cur].status : PLAN_NOT_STARTED;
	v->state = plan_state_on(cur >= 0 ? &f[cur] : NULL, v->due, asof, &v->days_late);
	if (v->status == PLAN_DONE) {
		v->has_progress = true;
		v->progress = 100;
	} else if (v->current && v->current->has_progress && v->status == PLAN_IN_PROGRESS) {
		v->has_progress = true;
		v->progress = v->current->progress;
	}
}

/* Whether the actor may see plan p: the plan unit's people and readers,
 * or someone whose grant covers the owner of one of its tasks. */
static bool may_see_plan(const struct world *w, const struct actor *who, const struct plan_rec *p)
{
	if (sees_unit(who, p->unit))
		return true;
	for (size_t i = 0; i < w->ntasks; i++)
		if (!strcmp(w->tasks[i].plan, p->code) && sees_unit(who, w->tasks[i].owner))
			return true;
	return false;
}

/* ---- import ------------------------------------------------------------ */

/* Whether unit u is anc or below it, following parents (at most the
 * register's size steps: a cycle cannot loop). */
static bool in_subtree(const struct unit_set *s, long u, const char *anc)
{
	for (size_t steps = 0; u >= 0 && steps <= s->n; steps++) {
		if (!strcmp(s->v[u].code, anc))
			return true;
		u = s->v[u].parent_idx;
	}
	return false;
}

static bool active_in_year(const struct unit_rec *u, int year)
{
	return u->valid_from <= date_from_ymd(year, 12, 31) && u->valid_to >= date_from_ymd(year, 1, 1);
}

static void rerr(struct diags *d, const char *file, const struct plan_row *r, enum plan_col c,
                 const char *vi, const char *en, const char *value)
{
	char bvi[512], ben[512];
	snprintf(bvi, sizeof bvi, "cột %s: %s: \"%s\"", plan_col_names[c], vi, value);
	snprintf(ben, sizeof ben, "column %s: %s: \"%s\"", plan_col_names[c], en, value);
	diag_text(d, DIAG_ERROR, file, r->line[c], r->col[c], NULL, bvi, ben);
}

/* The checks that need the register and the stored plans. */
static void check_rows(struct app *app, const char *file, const struct plan_row *rows, size_t n,
                       const struct unit_set *units, const struct world *w, struct diags *d)
{
	struct map in_file; /* "plan\x1ftask" and "\x1eplan" of the file */
	map_init(&in_file);
	for (size_t i = 0; i < n; i++) {
		map_puts(&in_file, arena_printf(app->arena, "%s\x1f%s", rows[i].plan, rows[i].task),
		         (void *)1);
		map_puts(&in_file, arena_printf(app->arena, "\x1e%s", rows[i].plan), (void *)1);
	}
	for (size_t i = 0; i < n; i++) {
		const struct plan_row *r = &rows[i];
		long pu = unit_set_find(units, r->plan_unit), ow = unit_set_find(units, r->owner);
		if (pu < 0)
			rerr(d, file, r, PC_UNIT, "không có đơn vị này", "unknown unit", r->plan_unit);
		if (ow < 0)
			rerr(d, file, r, PC_OWNER, "không có đơn vị này", "unknown unit", r->owner);
		else if (pu >= 0 && (!in_subtree(units, ow, r->plan_unit) ||
		                     !active_in_year(&units->v[ow], r->year)))
			rerr(d, file, r, PC_OWNER,
			     "không thuộc đơn vị của kế hoạch (hoặc cấp dưới) trong năm kế hoạch",
			     "not the plan's unit or below it in the plan's year", r->owner);
		for (size_t k = 0; k < r->ncoord; k++)
			if (unit_set_find(units, r->coordinators[k]) < 0)
				rerr(d, file, r, PC_COORD, "không có đơn vị này", "unknown unit",
				     r->coordinators[k]);
		if (!*r->parent_plan)
			continue;
		if (!strcmp(r->parent_plan, r->plan)) {
			rerr(d, file, r, PC_PPLAN, "kế hoạch cấp trên không thể là chính nó",
			     "a plan cannot be its own superior plan", r->parent_plan);
			continue;
		}
		bool plan_known = plan_find(w, r->parent_plan) >= 0 ||
		                  map_gets(&in_file, arena_printf(app->arena, "\x1e%s", r->parent_plan));
		if (!plan_known) {
			rerr(d, file, r, PC_PPLAN, "không có kế hoạch cấp trên này", "unknown parent plan",
			     r->parent_plan);
			continue;
		}
		if (*r->parent_task &&
		    !map_gets(&in_file,
		              arena_printf(app->arena, "%s\x1f%s", r->parent_plan, r->parent_task)) &&
		    (map_gets(&in_file, arena_printf(app->arena, "\x1e%s", r->parent_plan)) ||
		     task_find(w, app->arena, r->parent_plan, r->parent_task) < 0))
			rerr(d, file, r, PC_PTASK, "không có nhiệm vụ này trong kế hoạch cấp trên",
			     "unknown task in the parent plan", r->parent_task);
	}
	map_free(&in_file);
}

/* Tasks with reports that the file drops: an error, or (force) their
 * reports go too. */
static enum px_err dropped_tasks(struct app *app, const char *file, const struct plan_row *first,
                                 const struct plan_row *rows, size_t n, bool force, bool write,
                                 struct diags *d)
{
	const char **codes;
	size_t nc;
	if (repo_plan_reported_tasks(app->db, first->plan, app->arena, &codes, &nc) != PX_OK)
		return db_error(app, d);
	for (size_t k = 0; k < nc; k++) {
		bool kept = false;
		for (size_t i = 0; i < n && !kept; i++)
			kept = !strcmp(rows[i].plan, first->plan) && !strcmp(rows[i].task, codes[k]);
		if (kept)
			continue;
		if (!force) {
			diag_add(d, DIAG_ERROR, file, first->line[PC_TASK], first->col[PC_TASK], NULL,
			         "kế hoạch %s: nhiệm vụ %s đã có báo cáo nhưng không còn trong tệp (dùng "
			         "--force để xóa cả báo cáo)",
			         "plan %s: task %s has reports and is not in the file (use --force to "
			         "remove it with its reports)",
			         first->plan, codes[k]);
			continue;
		}
		if (write && repo_plan_reports_drop(app->db, first->plan, codes[k]) != PX_OK)
			return db_error(app, d);
	}
	return PX_OK;
}

static enum px_err write_plan(struct app *app, const struct plan_row *rows, size_t n,
                              const struct plan_row *first, bool is_new,
                              struct import_summary *sum)
{
	const char *parent = NULL;
	for (size_t i = 0; i < n && !parent; i++)
		if (!strcmp(rows[i].plan, first->plan) && *rows[i].parent_plan)
			parent = rows[i].parent_plan;
	struct plan_rec p = {.code = first->plan, .unit = first->plan_unit, .parent_plan = parent,
	                     .year = first->year, .imported_at = clock_now_iso(app->arena)};
	if (repo_plan_put(app->db, &p) != PX_OK || repo_plan_tasks_clear(app->db, first->plan) != PX_OK)
		return PX_FAIL;
	struct str detail;
	str_init(&detail, 0);
	long ntasks = 0;
	for (size_t i = 0; i < n; i++) {
		const struct plan_row *r = &rows[i];
		if (strcmp(r->plan, first->plan))
			continue;
		struct str coord;
		str_init(&coord, 0);
		for (size_t k = 0; k < r->ncoord; k++) {
			if (k)
				str_addc(&coord, ';');
			str_adds(&coord, r->coordinators[k]);
		}
		struct plan_task_rec t = {
			.plan = r->plan, .code = r->task, .parent_plan = *r->parent_plan ? r->parent_plan : NULL,
			.parent_task = *r->parent_task ? r->parent_task : NULL, .area = r->area,
			.title = r->title, .owner = r->owner, .coordinators = str_cstr(&coord),
			.start = r->start != DATE_MIN ? day_str(app->arena, r->start) : NULL,
			.due = day_str(app->arena, r->due), .output = *r->output ? r->output : NULL,
			.indicator = *r->indicator ? r->indicator : NULL, .has_target = r->has_target,
			.target = r->target, .ord = (long)i};
		enum px_err e = repo_plan_task_add(app->db, &t);
		str_free(&coord);
		if (e != PX_OK)
			return PX_FAIL;
		ntasks++;
	}
	detail_text(&detail, "unit", first->plan_unit);
	detail_text(&detail, "parent_plan", parent);
	str_printf(&detail, ", \"year\": %d, \"tasks\": %ld}", first->year, ntasks);
	struct str obj;
	str_init(&obj, 0);
	str_printf(&obj, "{%s", str_cstr(&detail));
	str_free(&detail);
	return app_import_audit(app, is_new, "plan", first->plan, &obj, sum);
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* The scope of an import by a signed-in office (o->who): every plan of
 * the file belongs to a unit one of its office grants covers, and so does
 * the plan of that code it would replace. Checked in the write
 * transaction; each plan's first row carries the message. */
static bool scope_ok(const struct plan_import_opts *o, const struct world *w, const char *file,
                     const struct plan_row *rows, size_t n, struct diags *d)
{
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const struct plan_row *r = &rows[i];
		bool first = true;
		for (size_t k = 0; k < i && first; k++)
			first = strcmp(rows[k].plan, r->plan) != 0;
		if (!first)
			continue;
		long pi = plan_find(w, r->plan);
		if (!app_grant_covers(o->who, CAP_OFFICE, r->plan_unit, NULL)) {
			diag_err(d, file, r->line[PC_UNIT], r->col[PC_UNIT],
			         "đơn vị %s nằm ngoài phạm vi quyền của bạn: không được nhập kế hoạch %s",
			         "unit %s is outside your grant: you may not import plan %s", r->plan_unit,
			         r->plan);
			ok = false;
		} else if (pi >= 0 && !app_grant_covers(o->who, CAP_OFFICE, w->plans[pi].unit, NULL)) {
			diag_err(d, file, r->line[PC_PLAN], r->col[PC_PLAN],
			         "kế hoạch %s là của %s, ngoài phạm vi quyền của bạn",
			         "plan %s belongs to %s, outside your grant", r->plan, w->plans[pi].unit);
			ok = false;
		}
	}
	return ok;
}

static enum px_err import(struct app *app, struct table *t, struct diags *d,
                          struct import_summary *sum, struct plan_import_opts *o)
{
	bool force = o->force;
	struct plan_row *rows;
	size_t n;
	struct unit_set units = {0};
	struct world w;
	memset(&w, 0, sizeof w);
	enum px_err e = plan_read(t, app->arena, d, &rows, &n);
	if (app_register_load(app, &units) != PX_OK || world_load(app, &w) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	register_index(&units);
	check_rows(app, table_name(t), rows, n, &units, &w, d);
	/* the file's problems in the order of its lines, whichever pass found them */
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, diag_cmp);
	for (size_t i = 0; i < n; i++) {
		bool first = true;
		for (size_t k = 0; k < i && first; k++)
			first = strcmp(rows[k].plan, rows[i].plan) != 0;
		if (first && dropped_tasks(app, table_name(t), &rows[i], rows, n, force, false, d) != PX_OK)
			break;
	}
	e = app_import_begin(app, e == PX_OK ? 1 : -1, n, d, sum);
	if (e != PX_OK)
		goto out;
	if (o->who && !scope_ok(o, &w, table_name(t), rows, n, d))
		e = PX_BADINPUT;
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		bool first = true;
		for (size_t k = 0; k < i && first; k++)
			first = strcmp(rows[k].plan, rows[i].plan) != 0;
		if (!first)
			continue;
		o->plans = arena_grow(app->arena, o->plans, &o->cap, o->nplans, sizeof *o->plans);
		o->plans[o->nplans++] = rows[i].plan;
		e = dropped_tasks(app, table_name(t), &rows[i], rows, n, force, true, d);
		bool is_new = plan_find(&w, rows[i].plan) < 0;
		if (e == PX_OK && write_plan(app, rows, n, &rows[i], is_new, sum) != PX_OK)
			e = db_error(app, d);
	}
	if (e == PX_OK)
		e = app_plan_metrics_refresh(app, d);
	e = app_commit(app, e, d);
out:
	unit_set_free(&units);
	world_free(&w);
	return e;
}

enum px_err app_plan_import(struct app *app, struct table *t, struct diags *d,
                            struct import_summary *sum)
{
	return import(app, t, d, sum, &(struct plan_import_opts){.force = false});
}

enum px_err app_plan_import_force(struct app *app, struct table *t, struct diags *d,
                                  struct import_summary *sum)
{
	return import(app, t, d, sum, &(struct plan_import_opts){.force = true});
}

static enum px_err import_by(struct app *app, struct table *t, void *ctx, struct diags *d,
                             struct import_summary *sum)
{
	return import(app, t, d, sum, ctx);
}

enum px_err app_plan_import_by(struct app *app, const char *name, const void *data, size_t len,
                               struct plan_import_opts *o, struct diags *d,
                               struct import_summary *sum)
{
	o->plans = NULL;
	o->nplans = o->cap = 0;
	enum px_err e = app_import_table_ctx(app, name, data ? data : "", len, d, sum, import_by, o);
	if (e != PX_OK)
		o->nplans = 0;
	return e;
}

/* ---- the demo's reports --------------------------------------------------- */

enum px_err app_plan_report_import(struct app *app, struct table *t, struct diags *d,
                                   struct import_summary *sum)
{
	static const char *const names[] = {"plan_code", "task_code", "status", "date", "progress",
	                                    "document", "note", NULL};
	static const bool req[] = {true, true, true, true, false, false, false};
	enum { C_PLAN, C_TASK, C_STATUS, C_DATE, C_PROGRESS, C_DOC, C_NOTE };
	int col[7];
	if (table_columns(t, names, req, col, d) != PX_OK)
		return PX_BADINPUT;
	struct world w;
	if (world_load(app, &w) != PX_OK) {
		world_free(&w);
		return db_error(app, d);
	}
	struct VEC_OF(struct plan_report_rec) v = {0};
	int32_t today = app_today();
	int r;
	for (r = table_next(t, d); r == 1; r = table_next(t, d)) {
		struct plan_report_rec rec = {0};
		int32_t day;
		bool present;
		int64_t pct = 0;
		bool ok = field_code(t, col[C_PLAN], names[C_PLAN], true, app->arena, d, &rec.plan);
		ok &= field_code(t, col[C_TASK], names[C_TASK], true, app->arena, d, &rec.task);
		ok &= field_enum(t, col[C_STATUS], names[C_STATUS], true, plan_status_names + 1, "", d,
		                 &rec.status);
		ok &= field_date(t, col[C_DATE], names[C_DATE], true, DATE_MIN, d, &day);
		ok &= field_int(t, col[C_PROGRESS], names[C_PROGRESS], false, 0, 100, d, &pct, &present);
		ok &= field_text(t, col[C_DOC], names[C_DOC], false, true, app->arena, d, &rec.document);
		ok &= field_text(t, col[C_NOTE], names[C_NOTE], false, true, app->arena, d, &rec.note);
		if (!ok)
			continue;
		if (task_find(&w, app->arena, rec.plan, rec.task) < 0) {
			diag_add(d, DIAG_ERROR, table_name(t), table_line(t), table_field_column(t, col[C_TASK]),
			         NULL, "không có nhiệm vụ %s:%s", "no task %s:%s", rec.plan, rec.task);
			continue;
		}
		if (day > today) {
			sum->unchanged++; /* not yet: a demo loaded earlier in the year */
			continue;
		}
		rec.date = day_str(app->arena, day);
		rec.has_progress = present || !strcmp(rec.status, "done");
		rec.progress = !strcmp(rec.status, "done") ? 100 : (long)pct;
		VEC_PUSH(&v, rec);
	}
	enum px_err e = app_import_begin(app, r, v.n, d, sum);
	const char *at = clock_now_iso(app->arena);
	for (size_t i = 0; e == PX_OK && i < v.n; i++) {
		v.v[i].reported_at = at;
		v.v[i].reported_by = app->actor;
		int64_t id;
		if (repo_plan_report_add(app->db, &v.v[i], &id) != PX_OK) {
			e = db_error(app, d);
			break;
		}
		struct str detail;
		str_init(&detail, 0);
		str_printf(&detail, "{\"report\": %lld", (long long)id);
		detail_text(&detail, "status", v.v[i].status);
		detail_text(&detail, "date", v.v[i].date);
		str_addc(&detail, '}');
		e = app_import_audit(app, true, "task",
		                     arena_printf(app->arena, "%s:%s", v.v[i].plan, v.v[i].task), &detail,
		                     sum);
	}
	if (e == PX_OK)
		e = app_plan_metrics_refresh(app, d);
	if (e != PX_BADINPUT)
		e = app_commit(app, e, d);
	VEC_FREE(&v);
	world_free(&w);
	return e;
}

/* ---- reading ------------------------------------------------------------ */

enum px_err app_plan_list(struct app *app, const struct actor *who, struct plan_rec **out,
                          size_t *n)
{
	struct world w;
	*out = NULL;
	*n = 0;
	enum px_err e = world_load(app, &w);
	if (e == PX_OK) {
		*out = arena_array(app->arena, w.nplans + 1, sizeof **out);
		for (size_t i = 0; i < w.nplans; i++)
			if (may_see_plan(&w, who, &w.plans[i]))
				(*out)[(*n)++] = w.plans[i];
	}
	world_free(&w);
	return e;
}

static enum px_err no_plan(struct diags *d)
{
	diag_err(d, NULL, 0, 0, "không có kế hoạch này", "no such plan");
	return PX_NOTFOUND;
}

enum px_err app_plan_view(struct app *app, const struct actor *who, const char *code,
                          int32_t asof, struct plan_view *out, struct diags *d)
{
	struct world w;
	memset(out, 0, sizeof *out);
	enum px_err e = world_load(app, &w);
	if (e != PX_OK) {
		world_free(&w);
		return db_error(app, d);
	}
	long p = plan_find(&w, code);
	if (p < 0 || !may_see_plan(&w, who, &w.plans[p])) {
		world_free(&w);
		return no_plan(d);
	}
	out->plan = w.plans[p];
	out->asof = asof;
	/* every task's view, so the ones below can be pointed at */
	struct plan_task_view *all = arena_array(app->arena, w.ntasks + 1, sizeof *all);
	for (size_t i = 0; i < w.ntasks; i++)
		task_view(app, &w, i, asof, &all[i]);
	out->tasks = arena_array(app->arena, w.ntasks + 1, sizeof *out->tasks);
	for (size_t i = 0; i < w.ntasks; i++) {
		if (strcmp(w.tasks[i].plan, code))
			continue;
		struct plan_task_view *v = &out->tasks[out->n++];
		*v = all[i];
		size_t cap = 0;
		for (size_t k = 0; k < w.ntasks; k++) {
			const struct plan_task_rec *c = &w.tasks[k];
			if (c->parent_plan && c->parent_task && !strcmp(c->parent_plan, code) &&
			    !strcmp(c->parent_task, w.tasks[i].code)) {
				v->below = arena_grow(app->arena, v->below, &cap, v->nbelow, sizeof *v->below);
				v->below[v->nbelow++] = &all[k];
			}
		}
		plan_count(&out->counts, v->state);
	}
	if (repo_plan_evidence_list(app->db, code, app->arena, &out->evidence, &out->nevidence) !=
	    PX_OK)
		e = db_error(app, d);
	world_free(&w);
	return e;
}

static int overdue_cmp(const void *a, const void *b)
{
	const struct plan_overdue_row *x = a, *y = b;
	if (x->days_late != y->days_late)
		return x->days_late > y->days_late ? -1 : 1;
	if (x->days_left != y->days_left)
		return x->days_left < y->days_left ? -1 : 1;
	int c = strcmp(x->plan, y->plan);
	return c ? c : strcmp(x->task, y->task);
}

enum px_err app_plan_overdue(struct app *app, const struct actor *who, const char *unit,
                             int32_t asof, struct plan_overdue_row **out, size_t *n,
                             struct diags *d)
{
	struct world w;
	struct unit_set units = {0};
	*out = NULL;
	*n = 0;
	enum px_err e = world_load(app, &w);
	if (e == PX_OK)
		e = app_register_load(app, &units);
	if (e != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	register_index(&units);
	if (unit && (unit_set_find(&units, unit) < 0 || !sees_unit(who, unit))) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có đơn vị \"%s\"",
		         "no unit with code \"%s\"", unit);
		e = PX_NOTFOUND;
		goto out;
	}
	*out = arena_array(app->arena, w.ntasks + 1, sizeof **out);
	for (size_t i = 0; i < w.ntasks; i++) {
		const struct plan_task_rec *t = &w.tasks[i];
		if (!sees_unit(who, t->owner) ||
		    (unit && !in_subtree(&units, unit_set_find(&units, t->owner), unit)))
			continue;
		struct plan_task_view v;
		task_view(app, &w, i, asof, &v);
		long left = (long)v.due - asof;
		if (v.state != PLAN_OVERDUE && !(v.state == PLAN_OPEN && left <= 7))
			continue;
		(*out)[(*n)++] = (struct plan_overdue_row){
			t->plan, t->code, t->owner, t->title, t->due, v.state,
			v.state == PLAN_OVERDUE ? v.days_late : 0, v.state == PLAN_OPEN ? left : 0};
	}
	qsort(*out, *n, sizeof **out, overdue_cmp);
out:
	unit_set_free(&units);
	world_free(&w);
	return e;
}

/* ---- metrics ------------------------------------------------------------ */

static const char *const metric_names[] = {"tasks_total", "tasks_done", "tasks_done_on_time",
                                           "tasks_overdue", "completion"};
static const char *const metric_vi[] = {"Số nhiệm vụ đến hạn trong kỳ", "Số nhiệm vụ đã hoàn thành",
                                        "Số nhiệm vụ hoàn thành đúng hạn",
                                        "Số nhiệm vụ chưa hoàn thành cuối kỳ",
                                        "Tỷ lệ hoàn thành đúng hạn"};
static const char *const metric_en[] = {"Tasks due in the period", "Tasks done",
                                        "Tasks done on time", "Tasks not done at the period's end",
                                        "Completion on time"};

struct period_acc {
	const char *unit, *period;
	struct plan_counts c;
};

/* The accumulator of (prefix, unit, period) in m. */
static struct period_acc *acc_of(struct app *app, struct map *m, const char *prefix,
                                 const char *unit, const char *period)
{
	const char *key = arena_printf(app->arena, "%s\x1f%s\x1f%s", prefix, unit, period);
	struct period_acc *p = map_gets(m, key);
	if (!p) {
		p = arena_alloc(app->arena, sizeof *p);
		p->unit = unit;
		p->period = period;
		map_puts(m, key, p);
	}
	return p;
}

static enum px_err write_counts(struct app *app, struct metric_batch *b, const char *prefix,
                                const struct period_acc *p)
{
	long v[4] = {p->c.total, p->c.done, p->c.done_on_time, p->c.overdue};
	for (int k = 0; k < 4; k++)
		if (repo_metric_batch_put(b, p->unit, p->period,
		                          arena_printf(app->arena, "%s.%s", prefix, metric_names[k]),
		                          (double)v[k]) != PX_OK)
			return PX_FAIL;
	double rate;
	if (plan_completion(&p->c, &rate) &&
	    repo_metric_batch_put(b, p->unit, p->period,
	                          arena_printf(app->arena, "%s.completion", prefix), rate) != PX_OK)
		return PX_FAIL;
	return PX_OK;
}

enum px_err app_plan_metrics_refresh(struct app *app, struct diags *d)
{
	static const char *const prefixes[] = {"plan", "task"};
	struct world w;
	enum px_err e = world_load(app, &w);
	bool own = !db_in_transaction(app->db);
	if (e == PX_OK && own)
		e = db_begin(app->db);
	for (int p = 0; p < 2 && e == PX_OK; p++)
		for (int k = 0; k < 5 && e == PX_OK; k++) {
			const char *code = arena_printf(app->arena, "%s.%s", prefixes[p], metric_names[k]);
			struct metric_def def = {code, metric_vi[k], metric_en[k], k == 4 ? "ratio" : "tasks",
			                         p ? "over the tasks the unit owns in any plan (plans.md)"
			                           : "over the tasks of the unit's own plan (plans.md)",
			                         AGG_NONE, 0};
			e = repo_metric_define(app->db, &def);
			if (e == PX_OK)
				e = repo_plan_metric_clear(app->db, code);
		}
	int32_t today = app_today();
	const char *asof = day_str(app->arena, today);
	struct map acc;
	map_init(&acc);
	/* the periods: every month and the year of each plan's year and of
	 * each due date, once begun (zero counts included: a month with no
	 * task really has none); a task counts in those containing its due */
	for (size_t t = 0; t < w.ntasks && e == PX_OK; t++) {
		const struct plan_task_rec *task = &w.tasks[t];
		long pi = plan_find(&w, task->plan);
		if (pi < 0)
			continue;
		int32_t due = day_of(task->due);
		int dy, dm, dd;
		date_to_ymd(due, &dy, &dm, &dd);
		int years[2] = {(int)w.plans[pi].year, dy};
		for (int yi = 0; yi < (dy == years[0] ? 1 : 2); yi++)
			for (int m = 0; m <= 12; m++) {
				struct period per = {m ? PERIOD_MONTH : PERIOD_YEAR, years[yi], m};
				if (period_first_day(per) > today)
					continue;
				char name[9];
				period_format(per, name);
				const char *pn = arena_strdup(app->arena, name);
				const char *units[2] = {w.plans[pi].unit, task->owner};
				bool in = due >= period_first_day(per) && due <= period_last_day(per);
				struct plan_task_view v;
				if (in)
					task_view(app, &w, t, plan_period_end(period_last_day(per), today), &v);
				for (int p = 0; p < 2; p++) {
					struct period_acc *a = acc_of(app, &acc, prefixes[p], units[p], pn);
					if (in)
						plan_count(&a->c, v.state);
				}
			}
	}
	struct metric_batch b;
	repo_metric_batch_init(&b, app->db, app->arena, "plan", asof);
	for (size_t i = 0; i < acc.cap && e == PX_OK; i++) {
		if (!acc.slots[i].key)
			continue;
		const struct period_acc *a = acc.slots[i].value;
		e = write_counts(app, &b, acc.slots[i].key[0] == 'p' ? "plan" : "task", a);
	}
	if (e == PX_OK)
		e = repo_metric_batch_flush(&b);
	map_free(&acc);
	if (e == PX_FAIL)
		db_error(app, d);
	if (own)
		e = app_commit(app, e, d);
	world_free(&w);
	return e;
}

/* ---- the task machine --------------------------------------------------- */

struct task_item {
	struct world w;
	long task;
	const struct plan_rec *plan;
};

static enum px_err item_load(struct wf_ctx *c, const char *key)
{
	struct task_item *it = arena_alloc(c->app->arena, sizeof *it);
	c->data = it;
	const char *colon = strchr(key, ':');
	if (world_load(c->app, &it->w) != PX_OK)
		return db_error(c->app, c->d);
	const char *plan = colon ? arena_strndup(c->app->arena, key, (size_t)(colon - key)) : key;
	it->task = colon ? task_find(&it->w, c->app->arena, plan, colon + 1) : -1;
	long p = plan_find(&it->w, plan);
	if (it->task < 0 || p < 0) {
		diag_err(c->d, NULL, 0, 0, "không có nhiệm vụ này", "no such task");
		return PX_NOTFOUND;
	}
	it->plan = &it->w.plans[p];
	struct plan_task_view v;
	task_view(c->app, &it->w, (size_t)it->task, app_today(), &v);
	c->state = (int)v.status;
	c->unit = it->w.tasks[it->task].owner;
	c->visible = may_see_plan(&it->w, c->who, it->plan);
	return PX_OK;
}

static void item_release(struct wf_ctx *c)
{
	struct task_item *it = c->data;
	if (it)
		world_free(&it->w);
}

static enum px_err no_state(struct wf_ctx *c, int to)
{
	(void)c;
	(void)to;
	return PX_OK; /* the state is the latest report's: the effect wrote it */
}

/* report: a reporter whose grant covers the owner unit (a city-wide
 * administrator too). */
static enum px_err guard_report(struct wf_ctx *c)
{
	if (acts_for(c->who, c->unit))
		return PX_OK;
	diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
	          "chỉ đơn vị chủ trì nhiệm vụ được báo cáo",
	          "only the task's owner unit may report on it");
	return PX_DENIED;
}

/* cancel: the PAR office of the plan's unit (or above it). */
static enum px_err guard_cancel(struct wf_ctx *c)
{
	const struct task_item *it = c->data;
	if (acts_for(c->who, it->plan->unit))
		return PX_OK;
	diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
	          "chỉ cơ quan đầu mối CCHC của đơn vị lập kế hoạch được hủy nhiệm vụ",
	          "only the plan unit's PAR office may cancel a task");
	return PX_DENIED;
}

static size_t evidence_limit(struct app *app)
{
	const char *v = repo_setting_get(app->db, app->arena, "evidence_max_bytes");
	char *end = NULL;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && end && !*end && n > 0 ? (size_t)n : EVIDENCE_MAX_DEFAULT;
}

/* The same checks as the assessment's evidence: not empty, within the
 * limit, a document type recognised by its content. */
static enum px_err check_file(struct wf_ctx *c, const struct plan_file *f, const char **type)
{
	size_t limit = evidence_limit(c->app);
	*type = sniff_document(f->data, f->len);
	if (f->len == 0)
		return bad_field(c->d, "file", "tệp rỗng", "the file is empty");
	if (f->len > limit) {
		char vi[160], en[160];
		snprintf(vi, sizeof vi, "tệp quá lớn: %zu byte, tối đa %zu byte", f->len, limit);
		snprintf(en, sizeof en, "the file is too large: %zu bytes, at most %zu", f->len, limit);
		return bad_field(c->d, "file", vi, en);
	}
	if (!*type)
		return bad_field(c->d, "file",
		           "chỉ nhận PDF, Word, Excel, OpenDocument, JPEG, PNG (nhận biết theo nội dung "
		           "tệp)",
		           "only PDF, Word, Excel, OpenDocument, JPEG and PNG are accepted (recognised "
		           "by content)");
	return PX_OK;
}

static enum px_err store_file(struct wf_ctx *c, const struct plan_file *f, const char *type,
                              int64_t report)
{
	if (sodium_init() < 0)
		return PX_FAIL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, f->data, f->len);
	char sha[65], safe[256];
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);
	sniff_safe_filename(f->filename ? f->filename : "", safe, sizeof safe);
	const char *at = clock_now_iso(c->app->arena);
	int64_t id;
	if (repo_blob_put(c->app->db, sha, type, f->data, f->len, at) != PX_OK ||
	    repo_plan_evidence_add(c->app->db, report, sha, safe, at, c->who->login, &id) != PX_OK)
		return db_error(c->app, c->d);
	str_printf(&c->detail, ", \"evidence\": {\"id\": %lld, \"sha256\": \"%s\", \"size\": %zu}",
	           (long long)id, sha, f->len);
	return PX_OK;
}

static enum px_err report_effect(struct wf_ctx *c)
{
	struct task_report_args *a = (struct task_report_args *)c->args;
	struct task_item *it = c->data;
	struct app *app = c->app;
	const struct plan_task_rec *task = &it->w.tasks[it->task];
	bool cancel = !strcmp(c->t->verb, "cancel");
	int st = cancel ? PLAN_CANCELLED : plan_status_parse(a->status && *a->status ? a->status : NULL);
	if (st < 0 || st == PLAN_NOT_STARTED || (!cancel && st == PLAN_CANCELLED))
		return bad_field(c->d, "status", "trạng thái phải là in_progress hoặc done",
		                 "status must be in_progress or done");
	int32_t day;
	if (!a->date || !date_parse(a->date, strlen(a->date), &day))
		return bad_field(c->d, "date", "ngày báo cáo không hợp lệ, cần YYYY-MM-DD",
		           "invalid report date, expected YYYY-MM-DD");
	if (day > app_today())
		return bad_field(c->d, "date", "ngày báo cáo ở tương lai", "the report date is in the future");
	if (day < date_from_ymd((int)it->plan->year, 1, 1))
		return bad_field(c->d, "date", "ngày báo cáo trước năm kế hoạch",
		           "the report date is before the plan's year");
	bool has_progress = a->progress && *a->progress;
	long progress = 0;
	if (has_progress) {
		char *end;
		progress = strtol(a->progress, &end, 10);
		if (*end || end == a->progress || progress < 0 || progress > 100)
			return bad_field(c->d, "progress", "tiến độ là số nguyên 0..100", "progress is a whole number 0..100");
	}
	if (st == PLAN_IN_PROGRESS && has_progress && progress > 99)
		return bad_field(c->d, "progress", "đang thực hiện: tiến độ 0..99 (100 là hoàn thành)",
		           "in progress: progress 0..99 (100 is done)");
	if (st == PLAN_DONE && has_progress && progress != 100)
		return bad_field(c->d, "progress", "hoàn thành: tiến độ là 100", "done: progress is 100");
	if (cancel && (!a->note || !*a->note))
		return bad_field(c->d, "note", "hủy nhiệm vụ cần ghi chú lý do", "cancelling needs a note");
	if ((a->document && strlen(a->document) > 200) || (a->note && strlen(a->note) > 4000))
		return bad_field(c->d, "document", "số văn bản hoặc ghi chú quá dài", "the document or note is too long");
	const char **types = arena_array(app->arena, a->nfiles + 1, sizeof *types);
	for (size_t i = 0; i < a->nfiles; i++)
		if (check_file(c, &a->files[i], &types[i]) != PX_OK)
			return PX_BADINPUT;
	struct plan_report_rec r = {.plan = task->plan, .task = task->code,
	                            .status = plan_status_names[st], .date = a->date,
	                            .has_progress = st == PLAN_DONE || has_progress,
	                            .progress = st == PLAN_DONE ? 100 : progress,
	                            .document = a->document, .note = a->note,
	                            .reported_at = clock_now_iso(app->arena),
	                            .reported_by = c->who->login ? c->who->login : app->actor};
	if (repo_plan_report_add(app->db, &r, &a->id) != PX_OK)
		return db_error(app, c->d);
	c->audit_entity = "task";
	str_printf(&c->detail, "\"report\": %lld", (long long)a->id);
	detail_text(&c->detail, "status", r.status);
	detail_text(&c->detail, "date", r.date);
	if (r.has_progress)
		str_printf(&c->detail, ", \"progress\": %ld", r.progress);
	detail_text(&c->detail, "document", a->document);
	detail_text(&c->detail, "note", a->note);
	for (size_t i = 0; i < a->nfiles; i++)
		if (store_file(c, &a->files[i], types[i], a->id) != PX_OK)
			return PX_FAIL;
	return app_plan_metrics_refresh(app, c->d);
}

static const char *const task_states[] = {"not_started", "in_progress", "done", "cancelled"};

/* A report keeps the task where its status says (the effect writes the
 * report; the state is the latest report's), so "to" is WF_ANY; a
 * cancelled task takes no more reports. */
static const struct wf_transition task_rows[] = {
	{"report", PLAN_NOT_STARTED, WF_ANY, CAP_REPORT, WF_REL_ANY, guard_report, report_effect,
	 "báo cáo nhiệm vụ", "report on the task"},
	{"report", PLAN_IN_PROGRESS, WF_ANY, CAP_REPORT, WF_REL_ANY, guard_report, report_effect,
	 "báo cáo nhiệm vụ", "report on the task"},
	{"report", PLAN_DONE, WF_ANY, CAP_REPORT, WF_REL_ANY, guard_report, report_effect,
	 "báo cáo nhiệm vụ", "report on the task"},
	{"cancel", PLAN_NOT_STARTED, PLAN_CANCELLED, CAP_OFFICE, WF_REL_ANY, guard_cancel,
	 report_effect, "hủy nhiệm vụ", "cancel the task"},
	{"cancel", PLAN_IN_PROGRESS, PLAN_CANCELLED, CAP_OFFICE, WF_REL_ANY, guard_cancel,
	 report_effect, "hủy nhiệm vụ", "cancel the task"},
	{"cancel", PLAN_DONE, PLAN_CANCELLED, CAP_OFFICE, WF_REL_ANY, guard_cancel, report_effect,
	 "hủy nhiệm vụ", "cancel the task"},
};

const struct wf_machine task_machine = {
	.entity = "task",
	.states = task_states,
	.states_vi = plan_status_vi,
	.rows = task_rows,
	.nrows = sizeof task_rows / sizeof task_rows[0],
	.load = item_load,
	.set_state = no_state,
	.release = item_release,
};

static const char *task_key(struct app *app, const char *plan, const char *task)
{
	return arena_printf(app->arena, "%s:%s", plan ? plan : "", task ? task : "");
}

enum px_err app_task_report(struct app *app, const struct actor *who, const char *plan,
                            const char *task, struct task_report_args *a, struct diags *d)
{
	bool cancel = a->status && !strcmp(a->status, "cancelled");
	return wf_apply(app, &task_machine, who, cancel ? "cancel" : "report",
	                task_key(app, plan, task), WF_ANY, a, NULL, d);
}

enum px_err app_task_cancel(struct app *app, const struct actor *who, const char *plan,
                            const char *task, struct task_report_args *a, struct diags *d)
{
	a->status = "cancelled";
	return wf_apply(app, &task_machine, who, "cancel", task_key(app, plan, task), WF_ANY, a, NULL,
	                d);
}

size_t app_task_allowed(struct app *app, const struct actor *who, const char *plan,
                        const char *task, const char **verbs, size_t max)
{
	return wf_allowed(app, &task_machine, who, task_key(app, plan, task), verbs, max, NULL);
}

static void notice(struct app *app, struct notice **v, size_t *n, size_t *cap,
                   const struct plan_task_rec *t, const char *vi, const char *en, int32_t due,
                   bool soon, const char *href)
{
	*v = arena_grow(app->arena, *v, cap, *n, sizeof **v);
	(*v)[(*n)++] = (struct notice){t ? t->plan : "", t ? t->owner : NULL, vi, en, due, soon, href};
}

enum px_err app_plan_notices(struct app *app, const struct actor *who, struct notice **v,
                             size_t *n, size_t *cap)
{
	struct world w;
	enum px_err e = world_load(app, &w);
	int32_t today = app_today();
	long overdue = 0;
	for (size_t i = 0; e == PX_OK && i < w.ntasks; i++) {
		const struct plan_task_rec *t = &w.tasks[i];
		struct plan_task_view tv;
		task_view(app, &w, i, today, &tv);
		long left = (long)tv.due - today;
		bool soon = tv.state == PLAN_OPEN && left <= 7, late = tv.state == PLAN_OVERDUE;
		long p = plan_find(&w, t->plan);
		if (late && p >= 0 && app_can(who, CAP_OFFICE) && acts_for(who, w.plans[p].unit))
			overdue++;
		/* a cheap refusal first; the machine decides the rest */
		if ((!soon && !late) || !app_can(who, CAP_REPORT) || !acts_for(who, t->owner))
			continue;
		const char *verbs[4];
		if (!wf_has(verbs, app_task_allowed(app, who, t->plan, t->code, verbs, 4), "report"))
			continue;
		const char *href = arena_printf(app->arena, "/plans/%s/tasks/%s", t->plan, t->code);
		if (soon)
			notice(app, v, n, cap, t,
			       arena_printf(app->arena, "Nhiệm vụ %s (%s) đến hạn ngày %s", t->code, t->plan,
			                    t->due),
			       arena_printf(app->arena, "Task %s (%s) is due on %s", t->code, t->plan, t->due),
			       tv.due, true, href);
		else
			notice(app, v, n, cap, t,
			       arena_printf(app->arena, "Nhiệm vụ %s (%s) quá hạn %ld ngày", t->code, t->plan,
			                    tv.days_late),
			       arena_printf(app->arena, "Task %s (%s) is %ld days overdue", t->code, t->plan,
			                    tv.days_late),
			       tv.due, false, href);
	}
	if (e == PX_OK && overdue)
		notice(app, v, n, cap, NULL,
		       arena_printf(app->arena, "%ld nhiệm vụ quá hạn cần đôn đốc", overdue),
		       arena_printf(app->arena, "%ld overdue tasks to urge", overdue), DATE_MAX, false,
		       "/plans/overdue");
	world_free(&w);
	return e;
}

bool app_plan_may_urge(const struct actor *who, const char *unit)
{
	return app_can(who, CAP_OFFICE) && acts_for(who, unit);
}

enum px_err app_plan_evidence_get(struct app *app, const struct actor *who, int64_t id,
                                  struct plan_evidence_rec *row, const void **data,
                                  struct diags *d)
{
	enum px_err e = repo_plan_evidence_get(app->db, id, app->arena, row, data);
	struct world w;
	memset(&w, 0, sizeof w);
	if (e == PX_OK)
		e = world_load(app, &w);
	long p = e == PX_OK ? plan_find(&w, row->plan) : -1;
	bool visible = p >= 0 && may_see_plan(&w, who, &w.plans[p]);
	world_free(&w);
	if (e == PX_NOTFOUND || (e == PX_OK && !visible)) {
		diag_err(d, NULL, 0, 0, "không có tệp minh chứng này", "no such evidence file");
		return PX_NOTFOUND;
	}
	return e == PX_OK ? e : db_error(app, d);
}
