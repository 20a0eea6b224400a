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
#include "web/chart_view.h"
#include "web/result_view.h"
#include "web/table_view.h"

#include <math.h>
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

/* The ranking's columns: rank, unit, index, grade, the change of rank
 * (with a previous year), then one per domain. */
enum { RC_RANK, RC_UNIT, RC_INDEX, RC_GRADE, RC_CHANGE, RC_DOMAINS };

static bool ranking_view(struct req *r, struct table_view *tv, const struct framework *fw)
{
	size_t ncol = RC_DOMAINS + fw->ntop;
	struct tv_col *cols = arena_array(r->arena, ncol + 1, sizeof *cols);
	cols[RC_RANK] = (struct tv_col){"rank", _("Rank"), NULL, TV_NUM};
	cols[RC_UNIT] = (struct tv_col){"unit", _("Unit"), NULL, TV_TEXT};
	cols[RC_INDEX] = (struct tv_col){"index", _("Index (%)"), NULL, TV_NUM};
	cols[RC_GRADE] = (struct tv_col){"grade", _("Grade"), NULL, TV_TEXT};
	cols[RC_CHANGE] = (struct tv_col){"change", _("Rank change"), NULL, TV_NUM};
	for (size_t t = 0; t < fw->ntop; t++) {
		const struct frm_node *nd = &fw->nodes[fw->top[t]];
		cols[RC_DOMAINS + t] = (struct tv_col){arena_printf(r->arena, "d%zu", t + 1),
		                                       nd->code, nd->title, TV_NUM};
	}
	memset(tv, 0, sizeof *tv);
	tv->base = "/";
	tv->keep[0] = "framework";
	tv->keep[1] = "group";
	tv->label = _("Ranking");
	tv->what = _("units");
	tv->none = _("No unit is scored by this framework.");
	tv->search_label = _("Unit name or code");
	tv->cols = cols;
	tv->ncol = ncol;
	page_grade_filter(r, fw, &tv->filters[0]);
	tv->nfilter = 1;
	return tv_parse(r, tv);
}

/* One row per scored unit, in rank order; no change column without a
 * previous year. */
static bool ranking_rows(struct req *r, struct table_view *tv, const struct app_scoring *sc,
                         const struct rank_yoy *yoy)
{
	const struct framework *fw = sc->fw;
	if (!yoy) { /* drop the change column */
		struct tv_col *cols = (struct tv_col *)tv->cols;
		memmove(cols + RC_CHANGE, cols + RC_CHANGE + 1,
		        (tv->ncol - RC_CHANGE - 1) * sizeof *cols);
		tv->ncol--;
		if (tv->sort == RC_CHANGE) {
			tv->error = "Unknown sort column.";
			return false;
		}
		if (tv->sort > RC_CHANGE)
			tv->sort--;
	}
	size_t dom = yoy ? RC_DOMAINS : RC_DOMAINS - 1;
	struct tv_row *rows = arena_array(r->arena, sc->nunits + 1, sizeof *rows);
	for (size_t i = 0; i < sc->nunits; i++) {
		size_t u = sc->res.order[i];
		const struct score_unit_result *res = &sc->res.units[u];
		bool ok = res->status == SCORE_OK;
		struct tv_row *row = &rows[i];
		*row = tv_row_new(r, tv->ncol);
		row->html[RC_RANK] = res->rank ? html_arena(r, "%d", res->rank) : "—";
		row->num[RC_RANK] = res->rank ? res->rank : NAN;
		row->html[RC_UNIT] = html_arena(r, "<a href=\"/units/%u\">%h</a>", sc->units[u].code,
		                                sc->units[u].name);
		row->text[RC_UNIT] = sc->units[u].name;
		row->search = arena_printf(r->arena, "%s %s", sc->units[u].name, sc->units[u].code);
		const char *grade = ok && res->grade >= 0 ? fw->grades[res->grade].code : NULL;
		if (ok) {
			row->html[RC_INDEX] = page_num(r, res->index_rounded, 2);
			row->num[RC_INDEX] = res->index_rounded;
			row->html[RC_GRADE] = html_arena(r, "%h", grade ? grade : "—");
			row->text[RC_GRADE] = grade;
		} else {
			row->html[RC_INDEX] = "—";
			row->html[RC_GRADE] = html_arena(r, "<a href=\"/explain/%u/%u\">%h</a>", fw->code,
			                                 sc->units[u].code, _("incomplete"));
			row->text[RC_GRADE] = "~";
		}
		row->attr[0] = ok ? (grade ? grade : PAGE_UNGRADED) : PAGE_INCOMPLETE;
		if (yoy) {
			const struct rank_yoy_unit *y = &yoy->units[u];
			if (y->has_rank_change && y->rank_change > 0)
				row->html[RC_CHANGE] = html_arena(r, "▲ %d", y->rank_change);
			else if (y->has_rank_change && y->rank_change < 0)
				row->html[RC_CHANGE] = html_arena(r, "▼ %d", -y->rank_change);
			else if (y->has_rank_change)
				row->html[RC_CHANGE] = "=";
			else
				row->html[RC_CHANGE] = "—";
			row->num[RC_CHANGE] = y->has_rank_change ? y->rank_change : NAN;
		}
		for (size_t t = 0; t < fw->ntop; t++) {
			double v = score_points(&sc->res, u, fw->top[t]);
			row->html[dom + t] = page_num(r, v, 2);
			row->num[dom + t] = v;
		}
	}
	return tv_apply(r, tv, rows, sc->nunits);
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
		for (size_t i = 0; i < n; i++) {
			if (v[i].href) { /* another module's page (a plan's task, an evaluation) */
				html_printf(r, "<li><a href=\"%h\">%h</a></li>", v[i].href,
				            strcmp(r->lang, "en") ? v[i].vi : v[i].en);
				continue;
			}
			html_printf(r, "<li><a href=\"/assessments/%u/%u\">%h</a> — %h</li>", v[i].framework,
			            v[i].unit ? v[i].unit : "", strcmp(r->lang, "en") ? v[i].vi : v[i].en,
			            v[i].framework);
		}
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
	const char *asked = req_param(r, "framework");
	if (asked && *asked && (!code || strcmp(asked, code))) {
		page_bad_param(r, arena_printf(a, "%s «%s»", _("There is no framework"), asked));
		goto out;
	}
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
	if (!code) {
		html_page_begin(r, _("PAR index ranking"));
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
	if (group) {
		bool known = false;
		for (size_t g = 0; g < fw->ngroup; g++)
			known = known || !strcmp(group, fw->group[g]);
		if (!known) {
			page_bad_param(r, arena_printf(a, "%s «%s»", _("This framework has no group"),
			                               group));
			goto out;
		}
	}
	bool draft = true;
	for (size_t i = 0; i < nfw; i++)
		if (!strcmp(fws[i].code, code))
			draft = fws[i].versions == 0;
	struct table_view tv;
	if (!ranking_view(r, &tv, fw)) {
		page_bad_param(r, _(tv.error));
		goto out;
	}
	/* year-on-year change of rank, when there is a previous framework */
	struct app_scoring prev;
	struct rank_yoy yoy;
	bool has_prev = app_score_previous_live(&r->app, &sc, group, &d, &prev) == PX_OK &&
	                rank_compare(&sc.res, &prev.res, NULL, 3, a, &yoy) == PX_OK;
	if (!ranking_rows(r, &tv, &sc, has_prev ? &yoy : NULL)) {
		page_bad_param(r, _(tv.error));
		goto out;
	}
	html_page_begin(r, _("PAR index ranking"));
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
	if (draft)
		html_printf(r, "<p class=\"draft\" role=\"note\">%h: %h</p>", _("Draft — not published"),
		            _("these are live scores of a framework that has not been published; "
		              "they change with every correction and are not official results."));
	html_printf(r, "<p><strong>%h</strong> (%d). %h: %zu, %h: %zu.",
	            fw->title, fw->year, _("Ranked units"), sc.res.nranked, _("Incomplete"),
	            sc.nunits - sc.res.nranked);
	html_printf(r, " <a href=\"/frameworks/%u\">%h</a> · <a href=\"/units\">%h</a></p>", fw->code,
	            _("Criteria"), _("Register of units"));

	/* the ranking as a chart */
	struct chart_ranking_spec spec;
	page_ranking_spec(r, &sc, &spec);
	if (draft)
		spec.opts.mark = _("Draft — not published");
	if (sc.res.nranked) {
		html_printf(r, "<figure>");
		web_chart(r, CHART_KIND_RANKING, &spec);
		html_printf(r, "<figcaption>%h — <a href=\"/charts/ranking/%u?format=png\">PNG</a> · "
		               "<a href=\"/charts/ranking/%u?format=pdf\">PDF</a></figcaption></figure>",
		            _("Ranking chart"), fw->code, fw->code);
	}
	/* the ranking table */
	html_printf(r, "<h2>%h</h2>", _("Ranking"));
	page_report_links(r, "/", group ? arena_printf(a, "framework=%s&group=%s", fw->code, group)
	                                : arena_printf(a, "framework=%s", fw->code), true);
	page_domain_legend(r, fw, false);
	tv_render(r, &tv);

	/* grade distribution */
	size_t *count = arena_array(a, fw->ngrades + 1, sizeof *count);
	for (size_t u = 0; u < sc.nunits; u++)
		if (sc.res.units[u].grade >= 0)
			count[sc.res.units[u].grade]++;
	html_printf(r, "<h2>%h</h2>", _("Grade distribution"));
	html_table_begin(r, _("Grade distribution"));
	html_printf(r, "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	               "<th scope=\"col\" class=\"num\">%h</th></tr></thead><tbody>",
	            _("Grade"), _("Meaning"), _("Units"));
	for (size_t g = 0; g < fw->ngrades; g++)
		html_printf(r, "<tr><td>%h</td><td>%h</td><td class=\"num\">%zu</td></tr>",
		            fw->grades[g].code, page_grade_meaning(r, fw, g), count[g]);
	html_printf(r, "</tbody>");
	html_table_end(r);
	struct chart_count *counts = arena_array(a, fw->ngrades + 1, sizeof *counts);
	for (size_t g = 0; g < fw->ngrades; g++)
		counts[g] = (struct chart_count){fw->grades[g].code, (long)count[g], (int)g};
	struct chart_grades_spec gspec = {
		.opts = {.title = _("Grade distribution"), .axis_title = _("Units"), .lang = r->lang},
		.counts = counts, .ncounts = fw->ngrades};
	if (draft)
		gspec.opts.mark = _("Draft — not published");
	web_chart(r, CHART_KIND_GRADES, &gspec);

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
