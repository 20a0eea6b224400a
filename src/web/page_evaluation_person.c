/*
 * One person's year at a glance (GET /evaluation/people/{code}/year/{y}):
 * the twelve months with their points, total, grade and state, a line of
 * the monthly totals (a gap where a month is not approved), and the
 * year's level with its reason. Who may see it is app_eval_person_year's
 * (app_may_see_evaluation): the person, leaders and offices over them.
 */
#include "web/chart_view.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "app/evaluation_person.h"
#include "base/arena.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_en[] = {"excellent", "good", "completed", "not completed",
                                       "not rated"};

void page_evaluation_person_year(struct req *r)
{
	struct actor who = web_actor(r);
	bool en = r->lang && !strcmp(r->lang, "en");
	const char *code = req_path_param(r, 0), *ys = req_path_param(r, 1);
	char *end = NULL;
	long year = ys && *ys ? strtol(ys, &end, 10) : 0;
	struct eval_person_year py;
	struct diags d;
	diags_init(&d);
	enum px_err e = end && !*end ? app_eval_person_year(&r->app, &who, code, (int)year, &py, &d)
	                             : PX_NOTFOUND;
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	html_page_begin(r, arena_printf(r->arena, "%s — %s %ld", py.name, _("evaluations of"), year));
	html_printf(r, "<p>%h · <a href=\"/evaluation/units/%u/year/%ld\">%h</a></p>", py.staff,
	            py.unit, year, py.unit);
	if (py.classified)
		html_printf(r, "<p class=\"eval-level\"><strong>%h: %h</strong> — %h</p>",
		            _("Level of the year"),
		            en ? level_en[py.yr.out.level] : eval_level_vi[py.yr.out.level],
		            en ? py.yr.out.reason_en : py.yr.out.reason_vi);
	struct chart_point pts[12];
	size_t approved = 0;
	for (int m = 0; m < 12; m++) {
		const struct eval_person_month *pm = &py.months[m];
		bool ok = pm->has && pm->row.approved;
		approved += ok;
		pts[m] = (struct chart_point){arena_printf(r->arena, "%d", m + 1),
		                              ok ? pm->row.total / 100.0 : NAN, 0, NAN};
	}
	if (approved) {
		struct chart_history_spec hs = {
			.opts = {.title = _("Monthly totals"), .axis_title = _("Points"), .lang = r->lang,
			         .id_prefix = "evp"},
			.points = pts, .npoints = 12};
		web_chart(r, CHART_KIND_HISTORY, &hs);
	}
	html_table_begin(r, _("Monthly evaluations"));
	html_printf(r, "<caption>%h %ld</caption><thead><tr><th scope=\"col\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            _("Monthly evaluations"), year, _("Month"), _("Total"), _("Grade"), _("State"));
	for (int m = 0; m < 12; m++) {
		const struct eval_person_month *pm = &py.months[m];
		const char *mm = en ? pm->month
		                    : arena_printf(r->arena, "%.2s/%.4s", pm->month + 5, pm->month);
		char tot[32] = "";
		if (pm->has && pm->row.approved)
			eval_points_format(pm->row.total, en ? '.' : ',', tot, sizeof tot);
		const char *state = !pm->has ? _("no evaluation")
		                    : !strcmp(pm->row.state, "missing") ? _("not evaluated yet")
		                    : !strcmp(pm->row.state, "self_evaluated") ? _("self-evaluated")
		                    : !strcmp(pm->row.state, "scored") ? _("scored by the manager")
		                                                       : _("approved");
		html_printf(r, "<tr><th scope=\"row\"><a href=\"/evaluation/units/%u/%u\">%h</a></th>"
		               "<td class=\"num\">%h</td><td>%h</td><td>%h</td></tr>",
		            py.unit, pm->month, mm, tot,
		            pm->has && pm->row.approved ? pm->rules->grades[pm->row.grade].code : "",
		            state);
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	html_printf(r, "<p><a href=\"/evaluation/people/%u/year/%ld\">← %ld</a> · "
	               "<a href=\"/evaluation/people/%u/year/%ld\">%ld →</a></p>",
	            py.staff, year - 1, year - 1, py.staff, year + 1, year + 1);
	html_page_end(r);
}
