/*
 * Service quality from one-stop dossiers (Decision 766 indicators): the
 * units of a year compared by on-time rate, one unit's months as trends,
 * the late-dossier list of a unit and month (each needs an apology
 * letter; HTML or CSV), and the office's import page with the error
 * report. The monthly counts are the `dossier.*` metrics written by
 * `dossier import`; yearly figures are sums of the monthly counts and
 * rates are computed from those sums, never averaged.
 */
#include "io/report.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/page_report.h"
#include "web/page_cycle.h"
#include "web/pages.h"
#include "app/dossier.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "core/roles.h"
#include "io/chart.h"
#include "store/repo_metric.h"
#include "web/chart_view.h"
#include "web/result_view.h"
#include "web/table_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct unit_counts {
	const char *unit;
	int64_t v[DOSSIER_NFIELDS];
	int32_t last_month; /* of the stock fields (open, overdue_open) */
	int64_t month[12][DOSSIER_NFIELDS];
	bool has_month[12];
};

/* The field of a metric code "dossier.<field>", or -1. */
static int field_of(const char *metric)
{
	if (strncmp(metric, "dossier.", 8))
		return -1;
	for (int f = 0; f < DOSSIER_NFIELDS; f++)
		if (!strcmp(metric + 8, dossier_field_name((enum dossier_field)f)))
			return f;
	return -1;
}

/* Monthly dossier counts of a year (all units, or one), summed per unit. */
static size_t load_counts(struct req *r, int year, const char *unit, struct unit_counts **out)
{
	char prefix[8];
	snprintf(prefix, sizeof prefix, "%d-", year);
	struct metric_row *rows;
	size_t n, nu = 0;
	*out = NULL;
	if (app_metric_values(&r->app, unit, NULL, prefix, &rows, &n) != PX_OK)
		return 0;
	struct unit_counts *v = arena_array(r->arena, n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		int f = field_of(rows[i].metric);
		int32_t m;
		if (f < 0 || !dossier_month_parse(rows[i].period, strlen(rows[i].period), &m))
			continue;
		if (!nu || strcmp(v[nu - 1].unit, rows[i].unit)) /* rows come by unit */
			v[nu++] = (struct unit_counts){.unit = rows[i].unit, .last_month = -1};
		struct unit_counts *c = &v[nu - 1];
		int mi = (int)(m - dossier_month_from_ymd(year, 1));
		if (mi < 0 || mi > 11)
			continue;
		int64_t x = (int64_t)rows[i].value;
		c->month[mi][f] = x;
		c->has_month[mi] = true;
		if (f == DOSSIER_OVERDUE_OPEN || f == DOSSIER_OPEN) {
			if (mi >= c->last_month) { /* a stock: the year's last month */
				c->last_month = mi;
				c->v[f] = x;
			}
		} else {
			c->v[f] += x;
		}
	}
	*out = v;
	return nu;
}

/* ?year= (2000..2100), else this year; 0 after answering 400 for a
 * year that is not one (never another year in its place). */
static int year_param(struct req *r)
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

static void rate_cell(struct req *r, enum dossier_rate rate, const int64_t *v)
{
	double x;
	if (dossier_rate_value(rate, v, &x))
		html_printf(r, "<td>%.1f</td>", x * 100);
	else
		html_printf(r, "<td>—</td>");
}

static const char *unit_name(const struct unit_set *s, const char *code)
{
	long i = unit_set_find(s, code);
	return i >= 0 ? s->v[i].name : code;
}

enum { DC_UNIT, DC_RECEIVED, DC_FINISHED, DC_ON_TIME, DC_ONLINE, DC_FULL, DC_DIGITISED,
       DC_SATISFIED, DC_OVERDUE, DC_N };

static void rate_into(struct req *r, struct tv_row *t, int col, enum dossier_rate rate,
                      const int64_t *v)
{
	double x;
	if (dossier_rate_value(rate, v, &x)) {
		t->num[col] = x * 100;
		t->html[col] = page_num(r, x * 100, 1);
	} else {
		t->html[col] = "—";
	}
}

void page_dossiers(struct req *r)
{
	if (!page_city_wide(r, CAP_READ))
		return;
	int year = year_param(r);
	if (!year)
		return;
	/* ?format=xlsx|pdf: the Decision 766 table (app_report_dossiers) */
	enum doc_format df;
	bool answered;
	if (page_report_format(r, &df, &answered)) {
		if (!answered) {
			struct diags d;
			diags_init(&d);
			struct doc *doc = NULL;
			enum px_err re = app_report_dossiers(&r->app, year, NULL, r->lang, &doc, &d);
			page_report_send(r, re, doc, &d, df,
			                 arena_printf(r->arena, "Chất lượng phục vụ %d", year),
			                 arena_printf(r->arena, "service-quality-%d", year));
			diags_free(&d);
		}
		return;
	}
	struct unit_counts *c;
	size_t n = load_counts(r, year, NULL, &c);
	struct unit_set s;
	if (app_register_load(&r->app, &s) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	struct tv_col cols[DC_N] = {
		{"unit", _("Unit"), NULL, TV_TEXT}, {"received", _("Received"), NULL, TV_NUM},
		{"finished", _("Finished"), NULL, TV_NUM}, {"on_time", _("On time (%)"), NULL, TV_NUM},
		{"online", _("Online (%)"), NULL, TV_NUM},
		{"full_online", _("Full online (%)"), NULL, TV_NUM},
		{"digitised", _("Digitised (%)"), NULL, TV_NUM},
		{"satisfied", _("Satisfied (%)"), NULL, TV_NUM},
		{"overdue", _("Open past deadline"), NULL, TV_NUM}};
	static const char *const kinds[] = {"department", "district", "commune", "ward", "province"};
	const char *kind_labels[5];
	for (size_t k = 0; k < 5; k++)
		kind_labels[k] = _(kinds[k]);
	struct table_view tv = {.base = "/dossiers", .keep = {"year"}, .label = _("Service quality"),
	                        .what = _("units"), .none = _("No dossier data for this year."),
	                        .search_label = _("Unit name or code"), .cols = cols, .ncol = DC_N,
	                        .filters = {{"kind", _("Kind"), kinds, kind_labels, 5}},
	                        .nfilter = 1};
	if (!tv_parse(r, &tv)) {
		page_bad_param(r, _(tv.error));
		unit_set_free(&s);
		return;
	}
	struct tv_row *rows = arena_array(r->arena, n + 1, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		struct tv_row *t = &rows[i];
		*t = tv_row_new(r, DC_N);
		long ui = unit_set_find(&s, c[i].unit);
		const char *name = unit_name(&s, c[i].unit);
		t->html[DC_UNIT] = html_arena(r, "<a href=\"/dossiers/%u?year=%d\">%h</a>", c[i].unit,
		                              year, name);
		t->text[DC_UNIT] = name;
		t->search = arena_printf(r->arena, "%s %s", name, c[i].unit);
		t->attr[0] = ui >= 0 ? s.v[ui].kind : NULL;
		t->num[DC_RECEIVED] = (double)c[i].v[DOSSIER_RECEIVED];
		t->html[DC_RECEIVED] = html_arena(r, "%lld", (long long)c[i].v[DOSSIER_RECEIVED]);
		t->num[DC_FINISHED] = (double)c[i].v[DOSSIER_FINISHED];
		t->html[DC_FINISHED] = html_arena(r, "%lld", (long long)c[i].v[DOSSIER_FINISHED]);
		rate_into(r, t, DC_ON_TIME, DOSSIER_RATE_ON_TIME, c[i].v);
		rate_into(r, t, DC_ONLINE, DOSSIER_RATE_ONLINE, c[i].v);
		rate_into(r, t, DC_FULL, DOSSIER_RATE_FULL_ONLINE, c[i].v);
		rate_into(r, t, DC_DIGITISED, DOSSIER_RATE_DIGITIZED, c[i].v);
		rate_into(r, t, DC_SATISFIED, DOSSIER_RATE_SATISFIED, c[i].v);
		t->num[DC_OVERDUE] = (double)c[i].v[DOSSIER_OVERDUE_OPEN];
		t->html[DC_OVERDUE] = html_arena(r, "%lld", (long long)c[i].v[DOSSIER_OVERDUE_OPEN]);
	}
	if (!tv_apply(r, &tv, rows, n)) {
		page_bad_param(r, _(tv.error));
		unit_set_free(&s);
		return;
	}
	html_page_begin(r, arena_printf(r->arena, "%s %d", _("Service quality"), year));
	html_printf(r, "<form method=\"get\" action=\"/dossiers\"><label>%h <input name=\"year\" "
	               "type=\"number\" value=\"%d\"></label> <button type=\"submit\">%h</button>",
	            _("Year"), year, _("Show"));
	if (page_holds_city_wide(r, CAP_OFFICE))
		html_printf(r, " · <a href=\"/dossiers/import\">%h</a>", _("Import dossiers"));
	html_printf(r, "</form>");
	page_report_links(r, "/dossiers", arena_printf(r->arena, "year=%d", year), true);
	if (!n) {
		html_printf(r, "<p>%h</p>", _("No dossier data for this year."));
		html_page_end(r);
		unit_set_free(&s);
		return;
	}
	/* units by on-time rate: the chart */
	struct chart_bar *bars = arena_array(r->arena, n + 1, sizeof *bars);
	size_t nb = 0;
	for (size_t i = 0; i < n; i++) {
		double x;
		if (dossier_rate_value(DOSSIER_RATE_ON_TIME, c[i].v, &x))
			bars[nb++] = (struct chart_bar){.label = unit_name(&s, c[i].unit), .value = x * 100,
			                                .band = x >= 0.95 ? 0 : x >= 0.9 ? 1 : x >= 0.8 ? 2 : 3};
	}
	for (size_t i = 1; i < nb; i++) /* by rate, descending */
		for (size_t k = i; k > 0 && bars[k - 1].value < bars[k].value; k--) {
			struct chart_bar t = bars[k];
			bars[k] = bars[k - 1];
			bars[k - 1] = t;
		}
	static const char *const bands[] = {"≥ 95%", "90–95%", "80–90%", "< 80%"};
	struct chart_ranking_spec spec = {
		.opts = {.title = _("On-time rate by unit"), .axis_title = _("Dossiers finished on time (%)"),
		         .lang = r->lang, .decimals = 1},
		.bars = bars, .nbars = nb, .bands = bands, .nbands = 4};
	if (nb)
		web_chart(r, CHART_KIND_RANKING, &spec);
	tv_render(r, &tv);
	html_page_end(r);
	unit_set_free(&s);
}

void page_dossier_unit(struct req *r)
{
	const char *unit = req_path_param(r, 0);
	if (!page_can_see_unit(r, unit)) {
		page_error(r, 403, "You may only see your own unit.");
		return;
	}
	int year = year_param(r);
	if (!year)
		return;
	struct unit_counts *c;
	size_t n = load_counts(r, year, unit, &c);
	struct unit_set s;
	if (app_register_load(&r->app, &s) != PX_OK) {
		page_error(r, 500, "Internal error");
		return;
	}
	html_page_begin(r, arena_printf(r->arena, "%s — %s %d", unit_name(&s, unit),
	                                _("Service quality"), year));
	html_printf(r, "<p><a href=\"/dossiers?year=%d\">%h</a> · <a href=\"/units/%u\">%h</a></p>",
	            year, _("All units"), unit, _("The unit"));
	if (!n) {
		html_printf(r, "<p>%h</p>", _("No dossier data for this year."));
		html_page_end(r);
		unit_set_free(&s);
		return;
	}
	/* trends: on-time and online rates by month */
	struct chart_point *pts = arena_array(r->arena, 13, sizeof *pts);
	size_t np = 0;
	for (int m = 0; m < 12; m++) {
		if (!c->has_month[m])
			continue;
		double on, online;
		bool a = dossier_rate_value(DOSSIER_RATE_ON_TIME, c->month[m], &on);
		bool b = dossier_rate_value(DOSSIER_RATE_ONLINE, c->month[m], &online);
		pts[np++] = (struct chart_point){.label = arena_printf(r->arena, "%02d/%d", m + 1, year),
		                                 .value = a ? on * 100 : NAN,
		                                 .reference = b ? online * 100 : NAN};
	}
	struct chart_history_spec hs = {
		.opts = {.title = _("On-time and online rates by month"), .axis_title = "%",
		         .lang = r->lang, .decimals = 1},
		.points = pts, .npoints = np, .value_label = _("On time (%)"),
		.reference_label = _("Online (%)")};
	if (np)
		web_chart(r, CHART_KIND_HISTORY, &hs);
	html_table_begin(r, _("Months"));
	html_printf(r, "<thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th><th>%h</th><th>%h</th></tr></thead><tbody>",
	            _("Month"), _("Received"), _("Finished"), _("On time (%)"), _("Online (%)"),
	            _("Satisfied (%)"), _("Open past deadline"), _("Late dossiers"));
	for (int m = 0; m < 12; m++) {
		if (!c->has_month[m])
			continue;
		const int64_t *v = c->month[m];
		const char *label = arena_printf(r->arena, "%02d/%d", m + 1, year);
		const char *month = arena_printf(r->arena, "%d-%02d", year, m + 1);
		html_printf(r, "<tr><td>%h</td><td>%lld</td><td>%lld</td>", label,
		            (long long)v[DOSSIER_RECEIVED], (long long)v[DOSSIER_FINISHED]);
		rate_cell(r, DOSSIER_RATE_ON_TIME, v);
		rate_cell(r, DOSSIER_RATE_ONLINE, v);
		rate_cell(r, DOSSIER_RATE_SATISFIED, v);
		html_printf(r, "<td>%lld</td><td><a href=\"/dossiers/%u/late?month=%u\">%h</a></td>"
		               "</tr>",
		            (long long)v[DOSSIER_OVERDUE_OPEN], unit, month, _("list"));
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	html_page_end(r);
	unit_set_free(&s);
}

void page_dossier_late(struct req *r)
{
	const char *unit = req_path_param(r, 0);
	if (!page_can_see_unit(r, unit)) {
		page_error(r, 403, "You may only see your own unit.");
		return;
	}
	const char *ms = req_param(r, "month");
	int32_t month;
	if (!ms || !dossier_month_parse(ms, strlen(ms), &month)) {
		page_error(r, 400, "month must be YYYY-MM");
		return;
	}
	struct diags d;
	diags_init(&d);
	/* ?format=xlsx|pdf: the list as a document (app_report_late); csv below */
	enum doc_format df;
	bool answered;
	const char *f0 = req_param(r, "format");
	if (!(f0 && !strcmp(f0, "csv")) && page_report_format(r, &df, &answered)) {
		if (!answered) {
			struct doc *doc = NULL;
			enum px_err re = app_report_late(&r->app, unit, month, r->lang, &doc, &d);
			page_report_send(r, re, doc, &d, df,
			                 arena_printf(r->arena, "Hồ sơ trễ hạn %s %s", unit, ms),
			                 arena_printf(r->arena, "late-%s-%s", unit, ms));
		}
		diags_free(&d);
		return;
	}
	struct dossier_opts o = {0};
	o.db_catalogue = true;
	struct late_dossier *late;
	size_t n;
	enum px_err e = app_dossier_late(&r->app, unit, month, &o, &d, &late, &n);
	if (e != PX_OK) {
		page_error(r, web_status_of(e), web_diag_text(r, &d));
		diags_free(&d);
		return;
	}
	const char *fmt = req_param(r, "format");
	if (fmt && !strcmp(fmt, "csv")) {
		resp_type(r, 200, "text/csv; charset=utf-8");
		resp_header(r, "Content-Disposition",
		            arena_printf(r->arena, "attachment; filename=\"late-%s-%s.csv\"", unit, ms));
		str_adds(&r->out, "dossier_code,procedure_code,procedure_name,received_at,due_at,"
		                  "finished_at,state,working_days_late\n");
		for (size_t i = 0; i < n; i++) {
			const char *f[] = {late[i].code, late[i].procedure, late[i].procedure_name,
			                   late[i].received_at, late[i].due_at, late[i].finished_at,
			                   late[i].state};
			for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
				report_csv_field(&r->out, f[k]);
				str_addc(&r->out, ',');
			}
			str_printf(&r->out, "%d\n", late[i].working_days_late);
		}
		diags_free(&d);
		return;
	}
	html_page_begin(r, arena_printf(r->arena, "%s — %s %s", unit, _("Late dossiers"), ms));
	html_printf(r, "<p>%h · <a href=\"/dossiers/%u/late?month=%u&amp;format=csv\">CSV</a></p>",
	            _("Each late dossier needs an apology letter to the citizen."), unit, ms);
	page_report_links(r, arena_printf(r->arena, "/dossiers/%s/late", unit),
	                  arena_printf(r->arena, "month=%s", ms), true);
	html_table_begin(r, _("Late dossiers"));
	html_printf(r, "<thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th><th>%h</th></tr></thead><tbody>",
	            _("Dossier"), _("Procedure"), _("Received"), _("Due"), _("Finished"), _("State"),
	            _("Working days late"));
	for (size_t i = 0; i < n; i++) {
		/* dd/mm/yyyy HH:mm in Vietnam time; the CSV keeps ISO 8601 */
		char rec[DATETIME_LOCAL_LEN], due[DATETIME_LOCAL_LEN], fin[DATETIME_LOCAL_LEN];
		html_printf(r, "<tr><td>%h</td><td>%h %h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
		               "<td class=\"num\">%d</td></tr>",
		            late[i].code, late[i].procedure,
		            late[i].procedure_name ? late[i].procedure_name : "",
		            datetime_text_local(late[i].received_at, rec),
		            datetime_text_local(late[i].due_at, due),
		            datetime_text_local(late[i].finished_at, fin), _(late[i].state),
		            late[i].working_days_late);
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	if (!n)
		html_printf(r, "<p>%h</p>", _("No late dossier in this month."));
	html_page_end(r);
	diags_free(&d);
}

void page_dossier_import_form(struct req *r)
{
	if (!page_city_wide(r, CAP_OFFICE))
		return;
	html_page_begin(r, _("Import dossiers"));
	html_printf(r, "<p>%h</p>", _("A CSV file in the one-stop interchange format; every row is "
	                              "checked first and nothing is imported when any row is wrong."));
	html_printf(r, "<form method=\"post\" action=\"/dossiers/import\" enctype=\"multipart/form-data\">");
	html_csrf_field(r);
	html_printf(r, "<label>%h <input type=\"file\" name=\"file\" accept=\".csv,text/csv\" "
	               "required aria-describedby=\"file-limit\"></label> <small id=\"file-limit\">"
	               "%h %d MB</small> <button type=\"submit\">%h</button></form>",
	            _("Dossier file (CSV)"), _("at most"), (int)(HTTP_MAX_UPLOAD / (1024 * 1024)),
	            _("Import"));
	html_page_end(r);
}

void page_dossier_import(struct req *r)
{
	if (!page_city_wide(r, CAP_OFFICE))
		return;
	const struct upload *f = req_upload(r, "file");
	struct diags d;
	diags_init(&d);
	struct dossier_import_summary sum = {0};
	struct dossier_opts o = {0};
	o.db_catalogue = true;
	enum px_err e = PX_BADINPUT;
	if (!f)
		diag_err(&d, NULL, 0, 0, "chưa chọn tệp", "no file was sent");
	else
		/* the uploaded bytes, never a file of that name on the server */
		e = app_dossier_import(&r->app, f->filename ? f->filename : "upload.csv",
		                       f->data ? f->data : "", f->len, &o, &d, &sum);
	if (e != PX_OK && e != PX_BADINPUT) {
		page_error(r, web_status_of(e), web_diag_text(r, &d));
		diags_free(&d);
		return;
	}
	if (e != PX_OK)
		r->status = 422;
	html_page_begin(r, _("Import dossiers"));
	if (e == PX_OK) {
		html_printf(r, "<p class=\"flash\">%h: %ld · %h: %ld · %h: %ld · %h: %ld</p>",
		            _("Dossiers read"), sum.rows, _("new"), sum.inserted, _("replaced"),
		            sum.replaced, _("units recomputed"), sum.units);
		html_printf(r, "<p><a href=\"/dossiers\">%h</a></p>", _("Service quality"));
	} else {
		html_printf(r, "<p class=\"flash error\">%h (%zu)</p><ol>",
		            _("Nothing was imported: the file has errors"), d.errors);
		for (size_t i = 0; i < d.n; i++) {
			char buf[1024];
			diag_format(&d.v[i], buf, sizeof buf);
			html_printf(r, "<li><code>%h</code></li>", buf);
		}
		html_printf(r, "</ol>");
	}
	html_printf(r, "<p><a href=\"/dossiers/import\">%h</a></p>", _("Import another file"));
	html_page_end(r);
	diags_free(&d);
}
