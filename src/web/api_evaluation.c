/*
 * JSON API of staff evaluation (docs/api.md "Staff evaluation"): my
 * months of a year, a unit's month, a unit's year. Thin adapters over
 * app/evaluation*.c: every row passes app_may_see_evaluation there (a
 * staff member sees only their own, a leader or office the people under
 * their grant), so the API cannot show more than the pages.
 */
#include "web/page_common.h"
#include "web/pages.h"
#include "app/cycle.h"
#include "app/evaluation.h"
#include "app/evaluation_deadline.h"
#include "app/evaluation_person.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdlib.h>
#include <string.h>

static void points_json(struct str *o, long centi)
{
	char b[32];
	eval_points_format(centi, '.', b, sizeof b);
	str_adds(o, b);
}

static void date_json(struct str *o, int32_t day)
{
	char b[11];
	date_format(day, b);
	str_add_json(o, b);
}

/* One person's month: state, points by component, total and grade once
 * approved, the work items. */
static void row_json(struct str *o, const struct eval_rules *rules,
                     const struct eval_month_row *m)
{
	str_adds(o, "\"state\": ");
	str_add_json(o, m->state);
	str_adds(o, ", \"rules\": ");
	str_add_json(o, rules->code);
	str_adds(o, ", \"points\": {");
	bool first = true;
	for (size_t c = 0; c < rules->ncomp; c++) {
		if (!m->has_points[c])
			continue;
		str_adds(o, first ? "" : ", ");
		first = false;
		str_add_json(o, rules->comp[c].code);
		str_adds(o, ": ");
		points_json(o, m->pts[c]);
	}
	str_adds(o, "}, \"total\": ");
	if (m->approved)
		points_json(o, m->total);
	else
		str_adds(o, "null");
	str_adds(o, ", \"grade\": ");
	if (m->approved)
		str_add_json(o, rules->grades[m->grade].code);
	else
		str_adds(o, "null");
	str_adds(o, ", \"items\": [");
	for (size_t i = 0; i < m->nitems; i++) {
		str_adds(o, i ? ", {\"title\": " : "{\"title\": ");
		str_add_json(o, m->items[i].title);
		str_printf(o, ", \"quantity\": %ld, \"quality\": %ld, \"progress\": %ld}",
		           m->items[i].quantity, m->items[i].quality, m->items[i].progress);
	}
	str_adds(o, "]");
	if (m->nitems) {
		str_adds(o, ", \"items_stage\": ");
		str_add_json(o, m->items_stage);
	}
}

static int year_param(const char *s)
{
	char *end = NULL;
	long y = s && *s ? strtol(s, &end, 10) : 0;
	return end && !*end && y >= 2000 && y <= 2100 ? (int)y : 0;
}

/* GET /api/v1/evaluation/me?year=Y (default: this year). */
void api_evaluation_me(struct req *r)
{
	struct actor who = web_actor(r);
	const char *ys = req_param(r, "year");
	int year = ys ? year_param(ys) : period_month_of(app_today()).year;
	if (!year) {
		resp_json_error(r, 400, "year must be YYYY (2000..2100)");
		return;
	}
	const char *staff = app_eval_staff_of(&r->app, &who);
	if (!staff) {
		resp_json_error(r, 404, "your account is not a staff member's (the login is not a staff code)");
		return;
	}
	struct eval_person_year py;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_eval_person_year(&r->app, &who, staff, year, &py, &d);
	if (e != PX_OK) {
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"staff\": ");
	str_add_json(o, py.staff);
	str_adds(o, ", \"name\": ");
	str_add_json(o, py.name);
	str_adds(o, ", \"unit\": ");
	str_add_json(o, py.unit);
	str_printf(o, ", \"year\": %d, \"months\": [", year);
	bool first = true;
	for (int m = 0; m < 12; m++) {
		const struct eval_person_month *pm = &py.months[m];
		if (!pm->has)
			continue;
		str_adds(o, first ? "\n {\"month\": " : ",\n {\"month\": ");
		first = false;
		str_add_json(o, pm->month);
		str_adds(o, ", ");
		row_json(o, pm->rules, &pm->row);
		str_adds(o, "}");
	}
	str_adds(o, "\n], \"level\": ");
	if (py.classified)
		str_add_json(o, eval_level_names[py.yr.out.level]);
	else
		str_adds(o, "null");
	str_adds(o, "}\n");
}

/* GET /api/v1/evaluation/units/{unit}/{month} */
void api_evaluation_unit_month(struct req *r)
{
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0), *month = req_path_param(r, 1);
	struct eval_month_view v;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_eval_month(&r->app, &who, unit, month, &v, &d);
	if (e != PX_OK) {
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct eval_deadlines dl;
	bool has_dl = app_eval_deadlines(&r->app, month, &dl);
	int32_t today = app_today();
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"unit\": ");
	str_add_json(o, unit);
	str_adds(o, ", \"month\": ");
	str_add_json(o, month);
	str_adds(o, ", \"rules\": ");
	str_add_json(o, v.rules.code);
	str_printf(o, ", \"outstanding\": %s, \"quota\": ", v.outstanding ? "true" : "false");
	if (v.rules.quota.present) {
		str_adds(o, "{\"grade\": ");
		str_add_json(o, v.rules.grades[v.rules.quota.rank].code);
		str_printf(o, ", \"cap\": %ld, \"holders\": %ld}", v.cap, v.holders);
	} else {
		str_adds(o, "null");
	}
	if (has_dl) {
		str_adds(o, ", \"deadlines\": {\"self\": ");
		date_json(o, dl.self_due);
		str_adds(o, ", \"manager\": ");
		date_json(o, dl.manager_due);
		str_adds(o, "}");
	}
	str_adds(o, ", \"rows\": [");
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_month_row *m = &v.rows[i];
		str_adds(o, i ? ",\n {\"staff\": " : "\n {\"staff\": ");
		str_add_json(o, m->staff);
		str_adds(o, ", \"name\": ");
		str_add_json(o, m->name);
		str_adds(o, ", \"late\": ");
		str_adds(o, !has_dl ? "null"
		            : eval_self_late(&dl, m->state, today) ? "\"self\""
		            : eval_manager_late(&dl, m->state, today) ? "\"manager\""
		                                                      : "null");
		str_adds(o, ", ");
		row_json(o, &v.rules, m);
		str_adds(o, "}");
	}
	str_adds(o, "\n]}\n");
}

/* GET /api/v1/evaluation/units/{unit}/year/{year} */
void api_evaluation_unit_year(struct req *r)
{
	struct actor who = web_actor(r);
	const char *unit = req_path_param(r, 0);
	int year = year_param(req_path_param(r, 1));
	struct eval_year_view v;
	struct diags d;
	diags_init(&d);
	enum px_err e = year ? app_eval_year(&r->app, &who, unit, year, &v, &d) : PX_NOTFOUND;
	if (e != PX_OK) {
		if (!d.n)
			diag_err(&d, NULL, 0, 0, "không tìm thấy", "not found");
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"unit\": ");
	str_add_json(o, unit);
	str_printf(o, ", \"year\": %d, \"rules\": ", year);
	str_add_json(o, v.rules.code);
	str_adds(o, ", \"rows\": [");
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_year_row *y = &v.rows[i];
		str_adds(o, i ? ",\n {\"staff\": " : "\n {\"staff\": ");
		str_add_json(o, y->staff);
		str_adds(o, ", \"name\": ");
		str_add_json(o, y->name);
		str_printf(o, ", \"months_rated\": %ld, \"grade_counts\": ", y->in.months_rated);
		str_add_json(o, y->grade_counts);
		str_adds(o, ", \"level\": ");
		str_add_json(o, eval_level_names[y->out.level]);
		str_adds(o, ", \"reason\": {\"vi\": ");
		str_add_json(o, y->out.reason_vi);
		str_adds(o, ", \"en\": ");
		str_add_json(o, y->out.reason_en);
		str_adds(o, "}}");
	}
	str_adds(o, "\n]}\n");
}
