/*
 * One unit: its place in the register (parent, validity, lineage through
 * mergers), its index and rank over the years (published versions), and
 * its domain scores against the group average in the newest framework
 * that ranks its kind (live). Readers see every unit; a reporter or staff
 * member only their own.
 */
#include "web/cache.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_cycle.h"
#include "web/page_report.h"
#include "web/pages.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "io/chart.h"
#include "web/chart_view.h"
#include "web/result_view.h"
#include "web/table_view.h"
#include "app/cycle.h"

#include <math.h>
#include <string.h>

static void date_text(int32_t d, char out[11])
{
	if (d == DATE_MIN || d == DATE_MAX) {
		memcpy(out, "…", sizeof "…");
		return;
	}
	char iso[11]; /* YYYY-MM-DD, shown as dd/mm/yyyy */
	date_format(d, iso);
	memcpy(out, iso + 8, 2);
	out[2] = '/';
	memcpy(out + 3, iso + 5, 2);
	out[5] = '/';
	memcpy(out + 6, iso, 4);
	out[10] = 0;
}

/* A unit's name, linked only when the reader may open its page (the
 * route's own rule, app/access.c): a reporter sees no link that answers
 * 403. */
static void unit_link(struct req *r, const struct unit_rec *u)
{
	if (page_can_see_unit(r, u->code))
		html_printf(r, "<a href=\"/units/%u\">%h</a>", u->code, u->name);
	else
		html_printf(r, "%h", u->name);
}

/* The newest framework whose group has kind (NULL when none). */
static const char *newest_for_kind(struct framework_row *rows, size_t n, const char *kind)
{
	const struct framework_row *best = NULL;
	for (size_t i = 0; i < n; i++) {
		/* groups is "kind;kind"; match whole words */
		const char *g = rows[i].groups;
		size_t k = strlen(kind);
		bool has = false;
		for (const char *p = g; (p = strstr(p, kind)); p += k)
			if ((p == g || p[-1] == ';') && (p[k] == 0 || p[k] == ';'))
				has = true;
		if (has && (!best || rows[i].year > best->year))
			best = &rows[i];
	}
	return best ? best->code : NULL;
}

void page_unit(struct req *r)
{
	const char *code = req_path_param(r, 0);
	struct arena *a = r->arena;
	struct diags d;
	diags_init(&d);
	if (!page_can_see_unit(r, code)) {
		page_error(r, 403, "You may only see your own unit.");
		goto out;
	}
	/* ?framework=F&format=xlsx|pdf: the unit's scorecard (app_report_unit) */
	enum doc_format df;
	bool answered;
	if (page_report_format(r, &df, &answered)) {
		const char *fw = req_param(r, "framework");
		if (!answered && !fw) {
			page_error(r, 400, "framework is required");
		} else if (!answered) {
			struct doc *doc = NULL;
			enum px_err re = app_report_unit(&r->app, fw, code, r->lang, &doc, &d);
			page_report_send(r, re, doc, &d, df,
			                 arena_printf(a, "Phiếu điểm %s %s", code, fw),
			                 arena_printf(a, "scorecard-%s-%s", code, fw));
		}
		goto out;
	}
	struct unit_set s; /* shared and read-only (app_register_live) */
	if (app_register_live(&r->app, &s) != PX_OK) {
		page_app_error(r, PX_FAIL, NULL);
		goto out;
	}
	long idx = unit_set_find(&s, code);
	if (idx < 0) {
		page_error(r, 404, "No such unit.");
		goto out;
	}
	const struct unit_rec *u = &s.v[idx];
	char from[12], to[12];
	date_text(u->valid_from, from);
	date_text(u->valid_to, to);
	html_page_begin(r, u->name);
	html_printf(r, "<dl><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd>", _("Code"), u->code,
	            _("Kind"), _(u->kind));
	if (u->parent_idx >= 0) {
		html_printf(r, "<dt>%h</dt><dd>", _("Parent"));
		unit_link(r, &s.v[u->parent_idx]);
		html_printf(r, "</dd>");
	}
	html_printf(r, "<dt>%h</dt><dd>%h — %h</dd>", _("Valid"), from, to);
	if (u->has_quota)
		html_printf(r, "<dt>%h</dt><dd>%lld</dd>", _("Payroll quota"),
		            (long long)u->payroll_quota);
	html_printf(r, "</dl>");
	/* the unit's assessments, also after it submitted (issue 11) */
	struct unit_assessment *as;
	size_t nas;
	struct actor who = web_actor(r);
	if (app_unit_assessments(&r->app, &who, u->code, &as, &nas) == PX_OK && nas) {
		html_printf(r, "<h2>%h</h2><ul>", _("Assessments"));
		for (size_t i = 0; i < nas; i++)
			html_printf(r, "<li><a href=\"/assessments/%u/%u\">%h</a></li>", as[i].framework,
			            u->code, as[i].title);
		html_printf(r, "</ul>");
	}

	/* its inspections and overdue recommendations (only those who may see) */
	page_inspection_unit_section(r, &who, u->code);

	/* lineage */
	struct lineage_step *steps;
	size_t nsteps = register_lineage(&s, (size_t)idx, a, &steps);
	if (nsteps) {
		html_printf(r, "<h2>%h</h2>", _("Lineage"));
		html_table_begin(r, _("Lineage"));
		html_printf(r, "<thead><tr><th>%h</th><th>%h</th><th>%h</th>"
		               "<th>%h</th></tr></thead><tbody>",
		            _("Date"), _("Event"), _("From"), _("To"));
		for (size_t i = 0; i < nsteps; i++) {
			const struct unit_rec *f = &s.v[steps[i].from], *t = &s.v[steps[i].to];
			char day[12];
			date_text(steps[i].date, day);
			html_printf(r, "<tr><td>%h</td><td>%h</td><td>", day,
			            _(lineage_event_name(steps[i].event)));
			unit_link(r, f);
			html_printf(r, "</td><td>");
			unit_link(r, t);
			html_printf(r, "</td></tr>");
		}
		html_printf(r, "</tbody>");
		html_table_end(r);
	}

	/* history of published results */
	struct publication_history_row *h;
	size_t nh;
	if (app_unit_history(&r->app, code, &h, &nh) == PX_OK && nh) {
		struct chart_point *pts = arena_array(a, nh + 1, sizeof *pts);
		size_t npts = 0;
		html_printf(r, "<h2>%h</h2>", _("Index and rank over the years"));
		html_table_begin(r, _("Index and rank over the years"));
		html_printf(r, "<thead><tr><th>%h</th><th>%h</th><th>%h</th>"
		               "<th>%h</th><th>%h</th></tr></thead><tbody>",
		            _("Year"), _("Framework"),
		            _("Index (%)"), _("Rank"), _("Grade"));
		for (size_t i = 0; i < nh; i++) {
			html_printf(r, "<tr><td>%d</td><td><a href=\"/public/results/%u\">%h</a> "
			               "<small>(<a href=\"/units/%u?framework=%u&amp;format=xlsx\" "
			               "download>%h</a> · <a href=\"/units/%u?framework=%u&amp;"
			               "format=pdf\" download>%h</a>)</small></td>",
			            h[i].year, h[i].framework, h[i].framework, code, h[i].framework,
			            strcmp(r->lang, "en") ? "Tải Excel" : "Download Excel", code,
			            h[i].framework, strcmp(r->lang, "en") ? "Tải PDF" : "Download PDF");
			if (h[i].has_index)
				html_printf(r, "<td>%.2f</td>", h[i].index);
			else
				html_printf(r, "<td>—</td>");
			if (h[i].rank)
				html_printf(r, "<td>%ld</td>", h[i].rank);
			else
				html_printf(r, "<td>—</td>");
			html_printf(r, "<td>%h</td></tr>", h[i].grade ? h[i].grade : "—");
			if (h[i].has_index)
				pts[npts++] = (struct chart_point){
					.label = arena_printf(a, "%d", h[i].year), .value = h[i].index,
					.rank = (int)h[i].rank};
		}
		html_printf(r, "</tbody>");
		html_table_end(r);
		struct chart_history_spec hs = {
			.opts = {.title = _("Index and rank over the years"), .axis_title = _("Index (%)"),
			         .lang = r->lang},
			.points = pts, .npoints = npts, .zoom = true};
		if (npts > 1)
			web_chart(r, CHART_KIND_HISTORY, &hs);
	}

	/* domains against the group average in the newest framework */
	struct framework_row *fws;
	size_t nfw;
	const char *fcode = app_framework_list_live(&r->app, &fws, &nfw) == PX_OK
	                            ? newest_for_kind(fws, nfw, u->kind) : NULL;
	struct app_scoring sc;
	if (fcode && app_score_live(&r->app, fcode, u->kind, &d, &sc) == PX_OK) {
		const struct framework *fw = sc.fw;
		size_t me = 0;
		while (me < sc.nunits && strcmp(sc.units[me].code, code))
			me++;
		if (me < sc.nunits) {
			const struct score_unit_result *res = &sc.res.units[me];
			html_printf(r, "<h2>%h — %h</h2>", fw->title, _("domains against the group average"));
			if (res->status == SCORE_OK)
				html_printf(r, "<p>%h: <strong>%.2f</strong> · %h %d / %zu · %h %h · "
				               "<a href=\"/explain/%u/%u\">%h</a></p>",
				            _("Index (%)"), res->index_rounded, _("Rank"), res->rank,
				            sc.res.nranked, _("Grade"),
				            res->grade >= 0 ? fw->grades[res->grade].code : "—", fw->code,
				            code, _("Explain every number"));
			else
				html_printf(r, "<p>%h · <a href=\"/explain/%u/%u\">%h</a></p>",
				            _("incomplete"), fw->code, code, _("Explain every number"));
			struct chart_pair *pairs = arena_array(a, fw->ntop + 1, sizeof *pairs);
			html_table_begin(r, _("Domain"));
			html_printf(r, "<thead><tr><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h"
			               "</th><th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" "
			               "class=\"num\">%h</th></tr></thead><tbody>",
			            _("Domain"), _("Points"), _("Group average"), _("Maximum"));
			for (size_t t = 0; t < fw->ntop; t++) {
				int node = fw->top[t];
				double sum = 0;
				size_t cnt = 0;
				for (size_t v = 0; v < sc.nunits; v++)
					if (sc.res.units[v].status == SCORE_OK &&
					    score_node_applies(&sc.res, v, node)) {
						sum += score_points(&sc.res, v, node);
						cnt++;
					}
				double avg = cnt ? sum / (double)cnt : NAN;
				double mx = score_node_max(&sc.res, me, node);
				double mine = score_points(&sc.res, me, node);
				/* criteria of the domain still without a value are not
				 * zero: the domain is pending, not compared */
				size_t pending = 0;
				for (size_t k = 0; k < res->nmissing; k++) {
					int x = res->missing[k].node;
					while (x >= 0 && fw->nodes[x].parent >= 0)
						x = fw->nodes[x].parent;
					pending += x == node;
				}
				html_printf(r, "<tr><td>%h %h</td>", fw->nodes[node].code, fw->nodes[node].title);
				if (pending)
					html_printf(r, "<td class=\"pending\">%h (%zu %h)</td>", _("pending"), pending,
					            _("criteria without a value yet"));
				else
					html_printf(r, "<td class=\"num\">%h</td>", page_num(r, mine, 2));
				html_printf(r, "<td class=\"num\">%h</td><td class=\"num\">%h</td></tr>",
				            cnt ? page_num(r, avg, 2) : "—", page_num(r, mx, 2));
				bool pct = mx > 0 && !fw->nodes[node].extra && !pending;
				pairs[t] = (struct chart_pair){
					.label = arena_printf(a, "%s. %s", fw->nodes[node].code,
					                      fw->nodes[node].title),
					.value = pct ? mine * 100 / mx : NAN,
					.reference = pct && cnt ? avg * 100 / mx : NAN};
			}
			html_printf(r, "</tbody>");
			html_table_end(r);
			struct chart_pairs_spec ps = {
				.opts = {.title = _("domains against the group average"),
				         .axis_title = _("% of the domain's maximum"), .lang = r->lang},
				.pairs = pairs, .npairs = fw->ntop, .value_label = u->name,
				.reference_label = _("Group average")};
			web_chart(r, CHART_KIND_PAIRS, &ps);
		}
	}
	html_page_end(r);
out:
	diags_free(&d);
}

/* The register as a list for readers: search by name or code, filter by
 * kind and by state (existing today or dissolved), sort by any column. */
enum { UC_CODE, UC_NAME, UC_KIND, UC_PARENT, UC_FROM, UC_TO, UC_N };

void page_units(struct req *r)
{
	struct unit_set s;
	if (app_register_load(&r->app, &s) != PX_OK) {
		page_app_error(r, PX_FAIL, NULL);
		return;
	}
	/* the kinds the register has, in the order first met */
	const char **kinds = arena_array(r->arena, s.n + 1, sizeof *kinds);
	const char **kind_labels = arena_array(r->arena, s.n + 1, sizeof *kind_labels);
	size_t nk = 0;
	for (size_t i = 0; i < s.n; i++) {
		size_t k = 0;
		while (k < nk && strcmp(kinds[k], s.v[i].kind))
			k++;
		if (k == nk) {
			kinds[nk] = s.v[i].kind;
			kind_labels[nk++] = _(s.v[i].kind);
		}
	}
	static const char *const states[] = {"current", "dissolved"};
	const char *state_labels[] = {_("existing today"), _("dissolved")};
	struct tv_col cols[UC_N] = {
		{"code", _("Code"), NULL, TV_TEXT},   {"name", _("Unit"), NULL, TV_TEXT},
		{"kind", _("Kind"), NULL, TV_TEXT},   {"parent", _("Parent"), NULL, TV_TEXT},
		{"from", _("Valid from"), NULL, TV_NUM}, {"to", _("Valid to"), NULL, TV_NUM}};
	struct table_view tv = {.base = "/units", .label = _("Register of units"), .what = _("units"),
	                        .none = _("The register has no units yet."),
	                        .search_label = _("Unit name or code"), .cols = cols, .ncol = UC_N,
	                        .filters = {{"kind", _("Kind"), kinds, kind_labels, nk},
	                                    {"state", _("State"), states, state_labels, 2}},
	                        .nfilter = 2};
	if (!tv_parse(r, &tv)) {
		page_bad_param(r, _(tv.error));
		unit_set_free(&s);
		return;
	}
	int32_t today = app_today();
	struct tv_row *rows = arena_array(r->arena, s.n + 1, sizeof *rows);
	for (size_t i = 0; i < s.n; i++) {
		const struct unit_rec *u = &s.v[i];
		struct tv_row *t = &rows[i];
		*t = tv_row_new(r, UC_N);
		char from[12], to[12];
		date_text(u->valid_from, from);
		date_text(u->valid_to, to);
		t->html[UC_CODE] = html_arena(r, "%h", u->code);
		t->text[UC_CODE] = u->code;
		t->html[UC_NAME] = html_arena(r, "<a href=\"/units/%u\">%h</a>", u->code, u->name);
		t->text[UC_NAME] = u->name;
		t->html[UC_KIND] = html_arena(r, "%h", _(u->kind));
		t->text[UC_KIND] = _(u->kind);
		const char *parent = u->parent_idx >= 0 ? s.v[u->parent_idx].name : "";
		t->html[UC_PARENT] = html_arena(r, "%h", parent);
		t->text[UC_PARENT] = parent;
		t->html[UC_FROM] = html_arena(r, "%h", from);
		t->num[UC_FROM] = u->valid_from == DATE_MIN ? NAN : u->valid_from;
		t->html[UC_TO] = html_arena(r, "%h", to);
		t->num[UC_TO] = u->valid_to == DATE_MAX ? NAN : u->valid_to;
		t->search = arena_printf(r->arena, "%s %s", u->name, u->code);
		t->attr[0] = u->kind;
		t->attr[1] = u->valid_from <= today && today <= u->valid_to ? "current" : "dissolved";
	}
	if (!tv_apply(r, &tv, rows, s.n)) {
		page_bad_param(r, _(tv.error));
		unit_set_free(&s);
		return;
	}
	html_page_begin(r, _("Register of units"));
	tv_render(r, &tv);
	html_page_end(r);
	unit_set_free(&s);
}
