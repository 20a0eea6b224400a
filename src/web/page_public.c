/*
 * Public results, no sign-in: only published snapshots, never live
 * scores. /public lists the published frameworks; /public/results/{code}
 * shows the newest version (or ?version=N): ranking and domain points,
 * printable. Unknown or unpublished frameworks are 404.
 */
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "base/arena.h"
#include "web/cache.h"
#include "web/page_report.h"
#include "web/chart_view.h"
#include "web/result_view.h"
#include "web/table_view.h"
#include "base/datetime.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

void page_public_index(struct req *r)
{
	struct framework_row *rows;
	size_t n;
	if (app_framework_list(&r->app, &rows, &n) != PX_OK) {
		page_app_error(r, PX_FAIL, NULL);
		return;
	}
	html_page_begin(r, _("Published results"));
	html_printf(r, "<ul>");
	size_t shown = 0;
	for (size_t i = n; i-- > 0;)
		if (rows[i].versions > 0) {
			html_printf(r, "<li><a href=\"/public/results/%u\">%h</a> (%d)</li>", rows[i].code,
			            rows[i].title, rows[i].year);
			shown++;
		}
	html_printf(r, "</ul>");
	if (!shown)
		html_printf(r, "<p>%h</p>", _("Nothing has been published yet."));
	html_page_end(r);
}

/* The published snapshot of the framework in the path: rows, domains
 * (parsed results JSON) and the framework for titles. false after
 * answering 404. */
struct published {
	const char *code;
	long version;
	struct publication_result_row *rows;
	size_t n;
	const char *at, *by;
	json_t *results;
	struct framework *fw;
};

static bool load_published(struct req *r, long version, struct published *p)
{
	struct diags d;
	diags_init(&d);
	memset(p, 0, sizeof *p);
	p->code = req_path_param(r, 0);
	p->version = version;
	const char *json;
	enum px_err e = app_published(&r->app, p->code, &p->version, &p->rows, &p->n, &p->at,
	                              &p->by, &d);
	if (e == PX_OK)
		e = app_published_json(&r->app, p->code, &p->version, &json, &d);
	if (e == PX_OK)
		e = app_framework_load(&r->app, p->code, &d, &p->fw);
	if (e != PX_OK) {
		page_error(r, e == PX_NOTFOUND ? 404 : 500,
		           e == PX_NOTFOUND ? "No published results for this framework." : "Internal error");
		diags_free(&d);
		return false;
	}
	p->results = json_loads(json, 0, NULL);
	diags_free(&d);
	return true;
}

/* The domain points of a unit in the snapshot, or NULL. */
static json_t *domains_of(json_t *results, const char *unit)
{
	size_t i;
	json_t *it;
	json_array_foreach(results, i, it)
	{
		const char *u = json_string_value(json_object_get(it, "unit"));
		if (u && !strcmp(u, unit))
			return json_object_get(it, "domains");
	}
	return NULL;
}

/* The version a public request asks for (?version=N, else the newest):
 * 0 after answering 400/404. */
static long public_version(struct req *r, const char *code)
{
	long v = 0;
	if (req_param(r, "version") && !req_int(r, "version", &v, 1, 1000000)) {
		page_error(r, 400, "Invalid version.");
		return 0;
	}
	if (!v)
		v = app_published_latest(&r->app, code);
	if (v <= 0)
		page_error(r, 404, "No published results for this framework.");
	return v > 0 ? v : 0;
}

/* The published ranking as a list with search, grade filter, sort and
 * pages; false with tv->error for a bad parameter. */
static bool public_view(struct req *r, struct published *p, struct table_view *tv)
{
	const struct framework *fw = p->fw;
	size_t ncol = 4 + fw->ntop;
	struct tv_col *cols = arena_array(r->arena, ncol + 1, sizeof *cols);
	cols[0] = (struct tv_col){"rank", _("Rank"), NULL, TV_NUM};
	cols[1] = (struct tv_col){"unit", _("Unit"), NULL, TV_TEXT};
	cols[2] = (struct tv_col){"index", _("Index (%)"), NULL, TV_NUM};
	cols[3] = (struct tv_col){"grade", _("Grade"), NULL, TV_TEXT};
	for (size_t t = 0; t < fw->ntop; t++) {
		const struct frm_node *nd = &fw->nodes[fw->top[t]];
		cols[4 + t] = (struct tv_col){arena_printf(r->arena, "d%zu", t + 1), nd->code, nd->title,
		                              TV_NUM};
	}
	memset(tv, 0, sizeof *tv);
	tv->base = arena_printf(r->arena, "/public/results/%s", p->code);
	tv->keep[0] = "version";
	tv->label = _("Ranking");
	tv->what = _("units");
	tv->none = _("This version has no units.");
	tv->search_label = _("Unit name or code");
	tv->cols = cols;
	tv->ncol = ncol;
	page_grade_filter(r, fw, &tv->filters[0]);
	tv->nfilter = 1;
	if (!tv_parse(r, tv))
		return false;
	struct tv_row *rows = arena_array(r->arena, p->n + 1, sizeof *rows);
	for (size_t i = 0; i < p->n; i++) {
		const struct publication_result_row *row = &p->rows[i];
		struct tv_row *t = &rows[i];
		*t = tv_row_new(r, ncol);
		t->html[0] = row->rank ? html_arena(r, "%ld", row->rank) : "—";
		t->num[0] = row->rank ? (double)row->rank : NAN;
		t->html[1] = html_arena(r, "%h", row->unit_name);
		t->text[1] = row->unit_name;
		t->search = arena_printf(r->arena, "%s %s", row->unit_name, row->unit_code);
		if (row->has_index) {
			t->html[2] = page_num(r, row->index, 2);
			t->num[2] = row->index;
			t->html[3] = html_arena(r, "%h", row->grade ? row->grade : "—");
			t->text[3] = row->grade;
			t->attr[0] = row->grade ? row->grade : PAGE_UNGRADED;
		} else {
			t->html[2] = "—";
			t->html[3] = html_arena(r, "%h", _("incomplete"));
			t->text[3] = "~";
			t->attr[0] = PAGE_INCOMPLETE;
		}
		json_t *dom = domains_of(p->results, row->unit_code);
		for (size_t k = 0; k < fw->ntop; k++) {
			json_t *v = dom ? json_object_get(dom, fw->nodes[fw->top[k]].code) : NULL;
			t->num[4 + k] = json_is_number(v) ? json_number_value(v) : NAN;
			t->html[4 + k] = page_num(r, t->num[4 + k], 2);
		}
	}
	return tv_apply(r, tv, rows, p->n);
}

/* The published ranking as a chart: ranked units coloured by grade. */
static void public_chart(struct req *r, struct published *p)
{
	const struct framework *fw = p->fw;
	struct chart_bar *bars = arena_array(r->arena, p->n + 1, sizeof *bars);
	size_t nb = 0;
	for (size_t i = 0; i < p->n && nb < CHART_MAX_ITEMS; i++) {
		const struct publication_result_row *row = &p->rows[i];
		if (!row->rank || !row->has_index)
			continue;
		int band = -1;
		for (size_t g = 0; g < fw->ngrades; g++)
			if (row->grade && !strcmp(row->grade, fw->grades[g].code))
				band = (int)g;
		bars[nb++] = (struct chart_bar){.label = row->unit_name, .value = row->index,
		                                .band = band, .rank = (int)row->rank};
	}
	if (!nb)
		return;
	const char **bands = arena_array(r->arena, fw->ngrades + 1, sizeof *bands);
	for (size_t g = 0; g < fw->ngrades; g++)
		bands[g] = arena_printf(r->arena, "%s ≥ %g", fw->grades[g].code, fw->grades[g].min);
	struct chart_ranking_spec spec = {
		.opts = {.title = fw->title,
		         .subtitle = arena_printf(r->arena, "%s %ld", _("Version"), p->version),
		         .axis_title = _("Index (%)"), .lang = r->lang},
		.bars = bars, .nbars = nb, .bands = bands, .nbands = fw->ngrades};
	html_printf(r, "<figure>");
	web_chart(r, CHART_KIND_RANKING, &spec);
	html_printf(r, "<figcaption>%h</figcaption></figure>", _("Ranking chart"));
}

/* Renders the page body (inside <main>) of a published version into o:
 * the html_printf helpers write r->out, so o stands in for it here. */
static void render_results(struct req *r, struct published *p, struct table_view *tv,
                           struct str *o)
{
	struct str page = r->out;
	r->out = *o;
	char at[DATETIME_LOCAL_LEN];
	html_printf(r, "<p>%h %ld · %h %h · <a href=\"/api/v1/public/results/%u\">JSON</a></p>",
	            _("Version"), p->version, _("published"), datetime_text_local(p->at, at),
	            p->code);
	bool en = r->lang && !strcmp(r->lang, "en");
	html_printf(r, "<p class=\"downloads\"><a href=\"/public/results/%u?version=%ld&amp;"
	               "format=xlsx\" download>%h</a> · <a href=\"/public/results/%u?version=%ld&amp;"
	               "format=pdf\" download>%h</a></p>",
	            p->code, p->version, en ? "Download Excel" : "Tải Excel", p->code, p->version,
	            en ? "Download PDF" : "Tải PDF");
	if (tv_is_default(r))
		public_chart(r, p);
	page_domain_legend(r, p->fw, true);
	tv_render(r, tv);
	*o = r->out;
	r->out = page;
}

/* A whole anonymous page is the same for everyone but its CSP nonce: it
 * is cached with this stand-in, replaced on the way out. */
#define NONCE_STANDIN "NONCExNONCExNONCExNONCExNONCExNO"

static void put_nonce(struct req *r, size_t from)
{
	size_t n = sizeof NONCE_STANDIN - 1;
	char *b = r->out.buf;
	for (size_t i = from; b && i + n <= r->out.len; i++)
		if (b[i] == 'N' && !memcmp(b + i, NONCE_STANDIN, n)) {
			memcpy(b + i, r->nonce, n);
			i += n - 1;
		}
}

static void public_document(struct req *r, const char *code, long version, enum doc_format f)
{
	const char *key = arena_printf(r->arena, "public-doc\x1f%s\x1f%ld\x1f%s\x1f%s", code, version,
	                               r->lang, doc_extension(f));
	const char *vi = arena_printf(r->arena, "Bảng xếp hạng %s phiên bản %ld", code, version);
	const char *ascii = arena_printf(r->arena, "ranking-%s-v%ld", code, version);
	const char *cached;
	size_t len;
	if (web_cache_get(key, r->arena, &cached, &len)) {
		resp_type(r, 200, doc_mime_type(f));
		str_add(&r->out, cached, len);
		resp_header(r, "Content-Disposition", app_report_disposition(r->arena, vi, ascii, f));
		return;
	}
	struct diags d;
	diags_init(&d);
	struct doc *doc = NULL;
	enum px_err e = app_report_ranking(&r->app, code, NULL, version, r->lang, &doc, &d);
	page_report_send(r, e, doc, &d, f, vi, ascii);
	if (e == PX_OK && r->status == 200 && !str_error(&r->out))
		web_cache_put(key, r->out.buf, r->out.len);
	diags_free(&d);
}

void page_public_results(struct req *r)
{
	const char *code = req_path_param(r, 0);
	long version = public_version(r, code);
	if (!version)
		return;
	/* ?format=xlsx|pdf: the published version as a document, cached like
	 * the page (a version never changes) */
	enum doc_format df;
	bool answered;
	if (page_report_format(r, &df, &answered)) {
		if (!answered)
			public_document(r, code, version, df);
		return;
	}
	/* a published version never changes: cache its rendering; for
	 * anonymous readers the whole page, else the body */
	bool whole = !r->user && r->nquery == 0;
	bool plain = tv_is_default(r); /* a search, filter, sort or page is not cached */
	const char *key = arena_printf(r->arena, "public-%s\x1f%s\x1f%ld\x1f%s",
	                               whole ? "page" : "html", code, version, r->lang);
	const char *cached;
	size_t len;
	if (plain && web_cache_get(key, r->arena, &cached, &len)) {
		if (whole) {
			size_t from = r->out.len;
			r->resp_type = "text/html; charset=utf-8";
			str_add(&r->out, cached, len);
			put_nonce(r, from);
			return;
		}
		const char *nl = memchr(cached, '\n', len);
		if (nl) {
			html_page_begin(r, arena_strndup(r->arena, cached, (size_t)(nl - cached)));
			str_add(&r->out, nl + 1, len - (size_t)(nl + 1 - cached));
			html_page_end(r);
			return;
		}
	}
	struct published p;
	if (!load_published(r, version, &p))
		return;
	struct table_view tv;
	if (!public_view(r, &p, &tv)) {
		page_bad_param(r, _(tv.error));
		json_decref(p.results);
		return;
	}
	struct str body;
	str_init(&body, 0);
	str_adds(&body, p.fw->title);
	str_addc(&body, '\n');
	size_t head = body.len;
	render_results(r, &p, &tv, &body);
	if (!str_error(&body) && !whole && plain)
		web_cache_put(key, str_cstr(&body), body.len);
	char nonce[sizeof r->nonce];
	memcpy(nonce, r->nonce, sizeof nonce);
	if (whole)
		memcpy(r->nonce, NONCE_STANDIN, sizeof NONCE_STANDIN);
	size_t from = r->out.len;
	html_page_begin(r, p.fw->title);
	str_add(&r->out, str_cstr(&body) + head, body.len - head);
	html_page_end(r);
	if (whole) {
		memcpy(r->nonce, nonce, sizeof nonce);
		if (!str_error(&r->out))
			web_cache_put(key, r->out.buf + from, r->out.len - from);
		put_nonce(r, from);
	}
	str_free(&body);
	json_decref(p.results);
}

void api_public_results(struct req *r)
{
	const char *code = req_path_param(r, 0);
	long version = public_version(r, code);
	if (!version)
		return;
	const char *key = arena_printf(r->arena, "public-json\x1f%s\x1f%ld", code, version);
	const char *cached;
	size_t len;
	resp_type(r, 200, "application/json");
	if (web_cache_get(key, r->arena, &cached, &len)) {
		str_add(&r->out, cached, len);
		return;
	}
	struct published p;
	if (!load_published(r, version, &p))
		return;
	const struct framework *fw = p.fw;
	struct str *o = &r->out;
	size_t start = o->len;
	str_adds(o, "{\"framework\": ");
	str_add_json(o, fw->code);
	str_adds(o, ", \"title\": ");
	str_add_json(o, fw->title);
	str_printf(o, ", \"year\": %d, \"version\": %ld, \"published_at\": ", fw->year, p.version);
	str_add_json(o, p.at);
	str_adds(o, ", \"results\": [");
	for (size_t i = 0; i < p.n; i++) {
		const struct publication_result_row *row = &p.rows[i];
		str_adds(o, i ? ",\n {" : "\n {");
		str_adds(o, "\"rank\": ");
		if (row->rank)
			str_printf(o, "%ld", row->rank);
		else
			str_adds(o, "null");
		str_adds(o, ", \"unit_code\": ");
		str_add_json(o, row->unit_code);
		str_adds(o, ", \"unit_name\": ");
		str_add_json(o, row->unit_name);
		str_adds(o, ", \"points\": ");
		page_json_num(r, row->points);
		str_adds(o, ", \"max\": ");
		page_json_num(r, row->max);
		str_adds(o, ", \"index\": ");
		if (row->has_index)
			page_json_num(r, row->index);
		else
			str_adds(o, "null");
		str_adds(o, ", \"grade\": ");
		if (row->grade)
			str_add_json(o, row->grade);
		else
			str_adds(o, "null");
		str_adds(o, ", \"status\": ");
		str_add_json(o, row->status);
		str_adds(o, ", \"domains\": {");
		json_t *dom = domains_of(p.results, row->unit_code);
		for (size_t t = 0; t < fw->ntop; t++) {
			const char *c = fw->nodes[fw->top[t]].code;
			json_t *v = dom ? json_object_get(dom, c) : NULL;
			if (t)
				str_adds(o, ", ");
			str_add_json(o, c);
			str_adds(o, ": ");
			page_json_num(r, json_is_number(v) ? json_number_value(v) : (double)NAN);
		}
		str_adds(o, "}}");
	}
	str_adds(o, "\n]}\n");
	if (!str_error(o))
		web_cache_put(key, str_cstr(o) + start, o->len - start);
	json_decref(p.results);
}
