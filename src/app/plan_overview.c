/* The office's overview of the plans of a year; see plan_overview.h. */
#include "app/plan_overview.h"
#include "app/access.h"
#include "app/cycle.h"
#include "app/plan.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <string.h>

int32_t app_plan_year_asof(int year)
{
	return plan_period_end(date_from_ymd(year, 12, 31), app_today());
}

enum px_err app_plan_overview(struct app *app, const struct actor *who, int year, int32_t asof,
                              struct plan_overview_row **out, size_t *n, struct diags *d)
{
	struct plan_rec *p;
	size_t np;
	*out = NULL;
	*n = 0;
	enum px_err e = app_plan_list(app, who, &p, &np);
	if (e != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return e;
	}
	struct unit_set units = {0};
	if (app_register_load(app, &units) != PX_OK) {
		unit_set_free(&units);
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	register_index(&units);
	struct plan_overview_row *v = arena_array(app->arena, np + 1, sizeof *v);
	for (size_t i = 0; i < np && e == PX_OK; i++) {
		if (p[i].year != year || !app_grant_covers(who, CAP_OFFICE, p[i].unit, NULL))
			continue;
		struct plan_view pv;
		e = app_plan_view(app, who, p[i].code, asof, &pv, d);
		if (e != PX_OK)
			break;
		struct plan_overview_row *r = &v[(*n)++];
		memset(r, 0, sizeof *r);
		r->plan = p[i].code;
		r->unit = p[i].unit;
		r->parent_plan = p[i].parent_plan;
		long ui = unit_set_find(&units, p[i].unit);
		r->unit_name = ui >= 0 ? arena_strdup(app->arena, units.v[ui].name) : p[i].unit;
		for (size_t k = 0; k < pv.n; k++) {
			const struct plan_task_view *t = &pv.tasks[k];
			switch (t->state) {
			case PLAN_STATE_CANCELLED:
				r->cancelled++;
				continue;
			case PLAN_DONE_ON_TIME:
				r->on_time++;
				r->done++;
				break;
			case PLAN_DONE_LATE:
				r->done++;
				break;
			case PLAN_OVERDUE:
				r->overdue++;
				break;
			default:
				break;
			}
			r->total++;
			if (t->state == PLAN_OPEN && t->status == PLAN_IN_PROGRESS)
				r->in_progress++;
			else if (t->state == PLAN_OPEN)
				r->not_started++;
		}
		r->has_completion = r->total > 0;
		r->completion = r->total ? 100.0 * (double)r->on_time / (double)r->total : 0;
	}
	unit_set_free(&units);
	if (e != PX_OK)
		*n = 0;
	*out = v;
	return e;
}
