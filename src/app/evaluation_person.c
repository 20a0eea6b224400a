/* One person's year; see evaluation_person.h. */
#include "app/evaluation_person.h"
#include "base/arena.h"
#include "store/repo_unit.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *app_eval_staff_of(struct app *app, const struct actor *who)
{
	struct staff_rec *s;
	size_t n;
	if (!who || !who->login || app_staff_list(app, NULL, &s, &n) != PX_OK)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(s[i].code, who->login))
			return s[i].code;
	return NULL;
}

enum px_err app_eval_person_year(struct app *app, const struct actor *who, const char *staff,
                                 int year, struct eval_person_year *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	struct staff_rec *s;
	size_t n;
	if (app_staff_list(app, NULL, &s, &n) != PX_OK)
		return PX_FAIL;
	const struct staff_rec *st = NULL;
	for (size_t i = 0; i < n && staff; i++)
		if (!strcasecmp(s[i].code, staff))
			st = &s[i];
	if (!st || year < 2000 || year > 2100 ||
	    !app_may_see_evaluation(who, st->code, st->unit_code)) {
		diag_err(d, NULL, 0, 0, "không tìm thấy", "not found");
		return PX_NOTFOUND;
	}
	out->staff = st->code;
	out->name = st->name;
	out->unit = st->unit_code;
	for (int m = 0; m < 12; m++) {
		struct eval_person_month *pm = &out->months[m];
		snprintf(pm->month, sizeof pm->month, "%04d-%02d", year, m + 1);
		struct eval_month_view *v = arena_alloc(app->arena, sizeof *v);
		struct diags tmp;
		diags_init(&tmp);
		enum px_err e = app_eval_month(app, who, st->unit_code, pm->month, v, &tmp);
		diags_free(&tmp);
		if (e == PX_FAIL)
			return e;
		for (size_t i = 0; e == PX_OK && i < v->n; i++)
			if (!strcmp(v->rows[i].staff, st->code)) {
				pm->has = true;
				pm->rules = &v->rules;
				pm->row = v->rows[i];
			}
	}
	struct eval_year_view yv;
	struct diags tmp;
	diags_init(&tmp);
	enum px_err e = app_eval_year(app, who, st->unit_code, year, &yv, &tmp);
	diags_free(&tmp);
	if (e == PX_FAIL)
		return e;
	for (size_t i = 0; e == PX_OK && i < yv.n; i++)
		if (!strcmp(yv.rows[i].staff, st->code)) {
			out->classified = true;
			out->yr = yv.rows[i];
		}
	return PX_OK;
}
