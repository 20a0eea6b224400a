/*
 * The PAR office's plan pages (issue 13): the import of a plan file
 * (CSV or XLSX upload, all or nothing, every error as FILE:LINE:COLUMN in
 * Vietnamese and English; a department's office only for units of its
 * subtree: app_plan_import_by decides), and the overview of every plan of
 * a year in the office's subtree (per unit: tasks, done, on time, in
 * progress, overdue, completion; sortable; a bar chart; XLSX and PDF
 * through the report layer: app_report_plans).
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_report.h"
#include "web/pages.h"
#include "web/chart_view.h"
#include "web/result_view.h"
#include "web/table_view.h"
#include "app/cycle.h"
#include "app/plan_overview.h"
#include "app/plan.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdlib.h>
#include <string.h>

/* ---- import --------------------------------------------------------------- */

static void import_form(struct req *r, bool force, const char *chosen)
{
	html_printf(r, "<form method=\"post\" action=\"/plans/import\" enctype=\"multipart/form-data\" "
	               "class=\"plan-import\">");
	html_csrf_field(r);
	html_printf(r, "<p><label for=\"plan-file\">%h</label> <input type=\"file\" id=\"plan-file\" "
	               "name=\"file\" required accept=\".csv,.xlsx,text/csv,application/"
	               "vnd.openxmlformats-officedocument.spreadsheetml.sheet\" "
	               "aria-describedby=\"plan-file-help\"> <small id=\"plan-file-help\">%h %d MB",
	            _("Plan file (CSV or XLSX)"), _("at most"), (int)(HTTP_MAX_UPLOAD / (1024 * 1024)));
	if (chosen && *chosen)
		html_printf(r, " · %h: <code>%h</code>", _("last file sent"), chosen);
	html_printf(r, "</small></p>");
	html_printf(r, "<p><label><input type=\"checkbox\" name=\"force\" value=\"1\"%s> %h</label></p>",
	            force ? " checked" : "",
	            _("Replace even when a task that has reports is no longer in the file (its reports "
	              "are removed)"));
	html_printf(r, "<p><button type=\"submit\">%h</button></p></form>", _("Import"));
}

void page_plan_import_form(struct req *r)
{
	html_page_begin(r, _("Import a PAR plan"));
	html_printf(r, "<p>%h</p>",
	            _("A plan file as in the plan format (plan_code, plan_unit, year, task_code, ...); "
	              "every row is checked first and nothing is imported when any row is wrong. "
	              "You may import only plans of units your grant covers."));
	import_form(r, false, NULL);
	html_printf(r, "<p><a href=\"/plans\">%h</a></p>", _("PAR plans"));
	html_page_end(r);
}

void page_plan_import(struct req *r)
{
	struct actor who = web_actor(r);
	const struct upload *f = req_upload(r, "file");
	const char *force_s = req_param(r, "force");
	struct plan_import_opts o = {.who = &who, .force = force_s && *force_s};
	struct diags d;
	diags_init(&d);
	struct import_summary sum = {0};
	enum px_err e = PX_BADINPUT;
	const char *name = f && f->filename && *f->filename ? f->filename : "upload.csv";
	if (!f || !f->len)
		diag_err(&d, NULL, 0, 0, "chưa chọn tệp (hoặc tệp rỗng)", "no file was sent (or it is empty)");
	else /* the uploaded bytes, never a file of that name on the server */
		e = app_plan_import_by(&r->app, name, f->data, f->len, &o, &d, &sum);
	if (e != PX_OK && e != PX_BADINPUT) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	if (e != PX_OK)
		r->status = 422;
	html_page_begin(r, _("Import a PAR plan"));
	if (e == PX_OK) {
		html_printf(r, "<p class=\"flash\" role=\"status\">%h: %zu (%h: %ld) · %h: %ld</p>",
		            _("Plans imported"), o.nplans, _("new"), sum.inserted, _("tasks"), sum.rows);
		html_printf(r, "<ul class=\"plan-imported\">");
		for (size_t i = 0; i < o.nplans; i++)
			html_printf(r, "<li><a href=\"/plans/%u\">%h</a></li>", o.plans[i], o.plans[i]);
		html_printf(r, "</ul>");
	} else {
		html_printf(r, "<div class=\"flash error\" role=\"alert\"><p>%h (%zu)</p><ol class=\"diags\">",
		            _("Nothing was imported: the file has errors"), d.errors);
		for (size_t i = 0; i < d.n; i++) {
			char buf[1024];
			diag_format(&d.v[i], buf, sizeof buf);
			html_printf(r, "<li><code>%h</code></li>", buf);
		}
		html_printf(r, "</ol></div>");
	}
	html_printf(r, "<h2>%h</h2>", e == PX_OK ? _("Import another file") : _("Try again"));
	import_form(r, o.force, f ? name : NULL);
	html_printf(r, "<p><a href=\"/plans\">%h</a></p>", _("PAR plans"));
	html_page_end(r);
	diags_free(&d);
}

/* ---- overview ------------------------------------------------------------- */

enum { OC_UNIT, OC_PLAN, OC_TOTAL, OC_DONE, OC_ON_TIME, OC_PROGRESS, OC_OVERDUE, OC_RATE, OC_N };

/* ?year=, or this year; 0 after answering 400. */
static int overview_year(struct req *r)
{
	long y;
	const char *s = req_param(r, "year");
	if (s && *s) {
		if (req_int(r, "year", &y, 2000, 2100))
			return (int)y;
		page_bad_param(r, arena_printf(r->arena, "%s «%s»: %s", _("Invalid year"), s,
		                               _("a year is written with four digits, from 2000 to 2100.")));
		return 0;
	}
	int yy, mm, dd;
	date_to_ymd(app_today(), &yy, &mm, &dd);
	return yy;
}

static void count_cell(struct req *r, struct tv_row *t, int col, long v)
{
	t->num[col] = (double)v;
	t->html[col] = html_arena(r, "%ld", v);
}

void page_plan_overview(struct req *r)
{
	struct actor who = web_actor(r);
	int year = overview_year(r);
	if (!year)
		return;
	enum doc_format df;
	bool answered;
	if (page_report_format(r, &df, &answered)) {
		if (!answered) {
			struct diags d;
			diags_init(&d);
			struct doc *doc = NULL;
			enum px_err e = app_report_plans(&r->app, &who, year, r->lang, &doc, &d);
			page_report_send(r, e, doc, &d, df,
			                 arena_printf(r->arena, "Tổng hợp kế hoạch CCHC %d", year),
			                 arena_printf(r->arena, "par-plans-%d", year));
			diags_free(&d);
		}
		return;
	}
	int32_t asof = app_plan_year_asof(year);
	struct plan_overview_row *v;
	size_t n;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_plan_overview(&r->app, &who, year, asof, &v, &n, &d);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct tv_col cols[OC_N] = {
		{"unit", _("Unit"), NULL, TV_TEXT},
		{"plan", _("Plan"), NULL, TV_TEXT},
		{"total", _("Tasks"), NULL, TV_NUM},
		{"done", _("Done"), NULL, TV_NUM},
		{"on_time", _("Done on time"), NULL, TV_NUM},
		{"in_progress", _("In progress"), NULL, TV_NUM},
		{"overdue", _("Overdue"), NULL, TV_NUM},
		{"completion", _("Completion on time (%)"), NULL, TV_NUM}};
	struct table_view tv = {.base = "/plans/overview", .keep = {"year"},
	                        .label = _("Plans of the units"), .what = _("plans"),
	                        .none = _("No plan of your units for this year."),
	                        .search_label = _("Unit name or code"), .cols = cols, .ncol = OC_N,
	                        .per_page = 100};
	if (!tv_parse(r, &tv)) {
		page_bad_param(r, _(tv.error));
		return;
	}
	struct tv_row *rows = arena_array(r->arena, n + 1, sizeof *rows);
	struct chart_bar *bars = arena_array(r->arena, n + 1, sizeof *bars);
	size_t nb = 0;
	for (size_t i = 0; i < n; i++) {
		struct tv_row *t = &rows[i];
		*t = tv_row_new(r, OC_N);
		t->html[OC_UNIT] = html_arena(r, "%h <small>(%h)</small>", v[i].unit_name, v[i].unit);
		t->text[OC_UNIT] = v[i].unit_name;
		t->html[OC_PLAN] = html_arena(r, "<a href=\"/plans/%u\">%h</a>", v[i].plan, v[i].plan);
		t->text[OC_PLAN] = v[i].plan;
		t->search = arena_printf(r->arena, "%s %s %s", v[i].unit_name, v[i].unit, v[i].plan);
		count_cell(r, t, OC_TOTAL, v[i].total);
		count_cell(r, t, OC_DONE, v[i].done);
		count_cell(r, t, OC_ON_TIME, v[i].on_time);
		count_cell(r, t, OC_PROGRESS, v[i].in_progress);
		count_cell(r, t, OC_OVERDUE, v[i].overdue);
		if (v[i].has_completion) {
			long pct = (long)(v[i].completion + 0.5);
			t->num[OC_RATE] = v[i].completion;
			t->html[OC_RATE] = html_arena(r, "<progress max=\"100\" value=\"%ld\" aria-hidden=\"true\">"
			                                 "</progress> %h",
			                              pct, page_num(r, v[i].completion, 1));
			bars[nb++] = (struct chart_bar){.label = v[i].unit_name, .value = v[i].completion,
			                                .band = v[i].completion >= 80   ? 0
			                                        : v[i].completion >= 50 ? 1
			                                                                : 2};
		} else {
			t->html[OC_RATE] = "—";
		}
	}
	if (!tv_apply(r, &tv, rows, n)) {
		page_bad_param(r, _(tv.error));
		return;
	}
	html_page_begin(r, arena_printf(r->arena, "%s %d", _("Overview of all units' plans"), year));
	char day[11];
	date_format(asof, day);
	int y, m, dd;
	date_to_ymd(asof, &y, &m, &dd);
	html_printf(r, "<form method=\"get\" action=\"/plans/overview\" class=\"plan-overview-year\">"
	               "<label>%h <input name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" "
	               "value=\"%d\"></label> <button type=\"submit\">%h</button></form>",
	            _("Year"), year, _("Show"));
	html_printf(r, "<p>%h %s · <a href=\"/plans/import\">%h</a> · <a href=\"/plans/overdue\">%h</a></p>",
	            _("As of"),
	            html_arena(r, "%h", r->lang && !strcmp(r->lang, "en")
	                                    ? arena_strdup(r->arena, day)
	                                    : arena_printf(r->arena, "%02d/%02d/%04d", dd, m, y)),
	            _("Import a plan"), _("Overdue tasks (urging)"));
	page_report_links(r, "/plans/overview", arena_printf(r->arena, "year=%d", year), true);
	for (size_t i = 1; i < nb; i++) /* by completion, descending */
		for (size_t k = i; k > 0 && bars[k - 1].value < bars[k].value; k--) {
			struct chart_bar t = bars[k];
			bars[k] = bars[k - 1];
			bars[k - 1] = t;
		}
	static const char *const bands[] = {"≥ 80%", "50–80%", "< 50%"};
	struct chart_ranking_spec spec = {
		.opts = {.title = _("Completion on time by unit"),
		         .axis_title = _("Tasks done on time (%)"), .lang = r->lang, .decimals = 1},
		.bars = bars, .nbars = nb, .bands = bands, .nbands = 3, .axis_max = 100};
	if (nb)
		web_chart(r, CHART_KIND_RANKING, &spec);
	tv_render(r, &tv);
	html_printf(r, "<p><small>%h</small></p>",
	            _("Completion on time = tasks done on time / tasks (cancelled ones left out), as "
	              "the metric plan.completion; in progress and overdue as of the day shown."));
	html_page_end(r);
}
