/*
 * The dashboard: choose a framework (year) and a group, see the ranking
 * with index, grade and change of rank since last year, the ranking as a
 * bar chart, the grade distribution and the biggest movers. Live scores
 * (app_score), so the office sees the effect of every correction at once;
 * the public sees only published snapshots (page_public.c).
 */
#include "web/cache.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "web/page_cycle.h"
#include "web/page_report.h"
#include "core/roles.h"
#include "base/arena.h"
#include "io/chart.h"

#include <stdlib.h>
#include <string.h>

struct mover {
	size_t unit;
	int change;
};

static int mover_cmp(const void *a, const void *b)
{
	const struct mover *x = a, *y = b;
	return (y->change > x->change) - (y->change < x->change);
}

/* The start page of someone who does not read everything (a unit's focal
 * point, staff, an inspector): what waits for them, and their unit. */
static void page_home(struct req *r)
{
	struct actor who = web_actor(r);
	struct notice *v;
	size_t n = 0;
	html_page_begin(r, _("Home"));
	if (r->user->unit_code)
		html_printf(r, "<p><a href=\"/units/%u\">%h</a></p>", r->user->unit_code,
		            _("My unit"));
	html_printf(r, "<h3>%h</h3><ul>", _("Waiting for me"));
	if (app_notices(&r->app, &who, &v, &n) == PX_OK)
		for (size_t i = 0; i < n; i++)
			html_printf(r, "<li><a href=\"/assessments/%u/%u\">%h</a> — %h</li>", v[i].framework,
			            v[i].unit ? v[i].unit : "", strcmp(r->lang, "en") ? v[i].vi : v[i].en,
			            v[i].framework);
	html_printf(r, "</ul>");
	if (!n)
		html_printf(r, "<p>%h</p>", _("Nothing is waiting for you."));
	html_page_end(r);
}

void page_dashboard(struct req *r)
{
	if (!page_holds_city_wide(r, CAP_READ)) { /* a unit's people, a department's office */
		page_home(r);
		return;
	}
	struct arena *a = r->arena;
	struct framework_row *fws;
	size_t nfw;
	struct diags d;
	diags_init(&d);
	if (app_framework_list_live(&r->app, &fws, &nfw) != PX_OK) {
		page_app_error(r, PX_FAIL, NULL);
		goto out;
	}
	const char *code = page_pick_framework(r, fws, nfw);
	/* ?format=xlsx|pdf: the ranking (or, with report=cycle, the cycle's
	 * progress: page_cycle.c links here) as the CLI's `report` writes it */
	enum doc_format df;
	bool answered;
	if (code && page_report_format(r, &df, &answered)) {
		if (answered)
			goto out;
		const char *g = req_param(r, "group");
		const char *kind = req_param(r, "report");
		struct doc *doc = NULL;
		if (kind && !strcmp(kind, "cycle")) {
			enum px_err re = app_report_cycle(&r->app, code, r->lang, &doc, &d);
			page_report_send(r, re, doc, &d, df, arena_printf(a, "Tiến độ kỳ đánh giá %s", code),
			                 arena_printf(a, "cycle-%s", code));
		} else {
			enum px_err re = app_report_ranking(&r->app, code, g && *g ? g : NULL, 0, r->lang,
			                                    &doc, &d);
			page_report_send(r, re, doc, &d, df, arena_printf(a, "Bảng xếp hạng %s", code),
			                 arena_printf(a, "ranking-%s", code));
		}
		goto out;
	}
	html_page_begin(r, _("PAR index ranking"));
	if (!code) {
		html_printf(r, "<p>%h</p>", _("No framework has been imported yet."));
		html_page_end(r);
		goto out;
	}
	const char *group = req_param(r, "group");
	if (group && !*group)
		group = NULL;
	struct app_scoring sc;
	enum px_err e = app_score_live(&r->app, code, group, &d, &sc);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		goto out;
	}
	const struct framework *fw = sc.fw;
	int prec = fw->rank_precision;
	/* the chooser: a plain GET form, usable without JavaScript */
	html_printf(r, "<form method=\"get\" action=\"/\" class=\"chooser\"><label>%h <select "
	               "name=\"framework\">", _("Framework"));
	for (size_t i = 0; i < nfw; i++)
		html_printf(r, "<option value=\"%h\"%s>%d — %h</option>", fws[i].code,
		            strcmp(fws[i].code, code) ? "" : " selected", fws[i].year, fws[i].title);
	html_printf(r, "</select></label> <label>%h <select name=\"group\"><option value=\"\">%h"
	               "</option>", _("Group"), _("All kinds of the framework"));
	for (size_t g = 0; g < fw->ngroup; g++)
		html_printf(r, "<option value=\"%h\"%s>%h</option>", fw->group[g],
		            group && !strcmp(group, fw->group[g]) ? " selected" : "", _(fw->group[g]));
	html_printf(r, "</select></label> <button type=\"submit\">%h</button></form>", _("Show"));
	html_printf(r, "<p><strong>%h</strong> (%d). %h: %zu, %h: %zu.",
	            fw->title, fw->year, _("Ranked units"), sc.res.nranked, _("Incomplete"),
	            sc.nunits - sc.res.nranked);
	html_printf(r, " <a href=\"/frameworks/%u\">%h</a></p>", fw->code, _("Criteria"));

	/* year-on-year change of rank, when there is a previous framework */
	struct app_scoring prev;
	struct rank_yoy yoy;
	bool has_prev = app_score_previous_live(&r->app, &sc, group, &d, &prev) == PX_OK &&
	                rank_compare(&sc.res, &prev.res, NULL, 3, a, &yoy) == PX_OK;

	/* the ranking as a chart */
	struct chart_ranking_spec spec;
	page_ranking_spec(r, &sc, &spec);
	struct str svg;
	str_init(&svg, 0);
	if (sc.res.nranked && web_chart_ranking_svg(&spec, &svg) == PX_OK) {
		html_printf(r, "<figure>");
		html_svg(r, str_cstr(&svg), svg.len);
		html_printf(r, "<figcaption>%h — <a href=\"/charts/ranking/%u?format=png\">PNG</a> · "
		               "<a href=\"/charts/ranking/%u?format=pdf\">PDF</a></figcaption></figure>",
		            _("Ranking chart"), fw->code, fw->code);
	}
	str_free(&svg);

	/* the ranking table */
	html_printf(r, "<h2>%h</h2>", _("Ranking"));
	page_report_links(r, "/", group ? arena_printf(a, "framework=%s&group=%s", fw->code, group)
	                                : arena_printf(a, "framework=%s", fw->code), true);
	html_printf(r, "<table><thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th>",
	            _("Rank"), _("Unit"), _("Index (%)"), _("Grade"));
	if (has_prev)
		html_printf(r, "<th>%h</th>", _("Rank change"));
	for (size_t t = 0; t < fw->ntop; t++)
		html_printf(r, "<th title=\"%h\">%h</th>", fw->nodes[fw->top[t]].title,
		            fw->nodes[fw->top[t]].code);
	html_printf(r, "</tr></thead><tbody>");
	for (size_t i = 0; i < sc.nunits; i++) {
		size_t u = sc.res.order[i];
		const struct score_unit_result *res = &sc.res.units[u];
		bool ok = res->status == SCORE_OK;
		if (res->rank)
			html_printf(r, "<tr><td>%d</td>", res->rank);
		else
			html_printf(r, "<tr><td>—</td>");
		html_printf(r, "<td><a href=\"/units/%u\">%h</a></td>", sc.units[u].code,
		            sc.units[u].name);
		if (ok)
			html_printf(r, "<td>%.2f</td><td>%h</td>", res->index_rounded,
			            res->grade >= 0 ? fw->grades[res->grade].code : "—");
		else
			html_printf(r, "<td colspan=\"2\"><a href=\"/explain/%u/%u\">%h</a></td>",
			            fw->code, sc.units[u].code, _("incomplete"));
		if (has_prev) {
			const struct rank_yoy_unit *y = &yoy.units[u];
			if (y->has_rank_change && y->rank_change > 0)
				html_printf(r, "<td>▲ %d</td>", y->rank_change);
			else if (y->has_rank_change && y->rank_change < 0)
				html_printf(r, "<td>▼ %d</td>", -y->rank_change);
			else if (y->has_rank_change)
				html_printf(r, "<td>=</td>");
			else
				html_printf(r, "<td>—</td>");
		}
		for (size_t t = 0; t < fw->ntop; t++)
			html_printf(r, "<td>%.2f</td>", score_points(&sc.res, u, fw->top[t]));
		html_printf(r, "</tr>");
	}
	html_printf(r, "</tbody></table>");
	(void)prec;

	/* grade distribution */
	size_t *count = arena_array(a, fw->ngrades + 1, sizeof *count);
	for (size_t u = 0; u < sc.nunits; u++)
		if (sc.res.units[u].grade >= 0)
			count[sc.res.units[u].grade]++;
	html_printf(r, "<h2>%h</h2><table><thead><tr><th>%h</th><th>%h</th><th>%h</th></tr></thead>"
	               "<tbody>", _("Grade distribution"), _("Grade"), _("From (%)"), _("Units"));
	for (size_t g = 0; g < fw->ngrades; g++)
		html_printf(r, "<tr><td>%h</td><td>%.2f</td><td>%zu</td></tr>", fw->grades[g].code,
		            fw->grades[g].min, count[g]);
	html_printf(r, "</tbody></table>");
	struct chart_count *counts = arena_array(a, fw->ngrades + 1, sizeof *counts);
	for (size_t g = 0; g < fw->ngrades; g++)
		counts[g] = (struct chart_count){fw->grades[g].code, (long)count[g], (int)g};
	struct chart_grades_spec gspec = {
		.opts = {.title = _("Grade distribution"), .axis_title = _("Units"), .lang = r->lang},
		.counts = counts, .ncounts = fw->ngrades};
	str_init(&svg, 0);
	if (web_chart_grades_svg(&gspec, &svg) == PX_OK)
		html_svg(r, str_cstr(&svg), svg.len);
	str_free(&svg);

	/* movers */
	if (has_prev) {
		struct mover *mv = arena_array(a, sc.nunits + 1, sizeof *mv);
		size_t nmv = 0;
		for (size_t u = 0; u < sc.nunits; u++)
			if (yoy.units[u].has_rank_change && yoy.units[u].rank_change)
				mv[nmv++] = (struct mover){u, yoy.units[u].rank_change};
		qsort(mv, nmv, sizeof *mv, mover_cmp);
		html_printf(r, "<h2>%h</h2><div class=\"movers\"><section><h3>%h</h3><ol>",
		            _("Biggest movers since last year"), _("Up"));
		for (size_t i = 0; i < nmv && i < 5 && mv[i].change > 0; i++)
			html_printf(r, "<li><a href=\"/units/%u\">%h</a> ▲ %d</li>",
			            sc.units[mv[i].unit].code, sc.units[mv[i].unit].name, mv[i].change);
		html_printf(r, "</ol></section><section><h3>%h</h3><ol>", _("Down"));
		for (size_t i = 0; i < 5 && i < nmv && mv[nmv - 1 - i].change < 0; i++)
			html_printf(r, "<li><a href=\"/units/%u\">%h</a> ▼ %d</li>",
			            sc.units[mv[nmv - 1 - i].unit].code, sc.units[mv[nmv - 1 - i].unit].name,
			            -mv[nmv - 1 - i].change);
		html_printf(r, "</ol></section></div>");
	}
	html_page_end(r);
out:
	diags_free(&d);
}
