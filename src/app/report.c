/*
 * Reports (app/report.h): each function gathers one report's data from
 * the other use cases (app_score, app_published, app_cycle_status,
 * register_stats, app_service_index) and fills a struct doc; io/doc_*.c
 * render it. Nothing here knows XLSX or PDF.
 *
 * Documents an agency issues take their frame (agency, number, kind,
 * subject, body, signer, recipients) from a template in data/documents/,
 * embedded at build (documents_files): words are data, not code. A
 * template's {placeholders} are filled from the register's root unit
 * (the city), the framework and today's date; docs/internals/report.md
 * lists them and the Decree 30/2020/NĐ-CP layout rules they follow.
 *
 * The time of export is clock_now() (so $PARINDEX_NOW fixes it) and every
 * list is in a fixed order, so a report is the same bytes on every run.
 */
#include "app/report.h"
#include "app/cycle.h"
#include "app/dossier.h"
#include "app/plan.h"
#include "app/scoring.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/embedded.h"
#include "io/chart.h"

#include "app/inspection.h"

#include <jansson.h>
#include <utf8proc.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embedded_file documents_files[];

#define CHART_BARS_MAX 40 /* bars of the ranking chart in the PDF (the top) */

static bool is_en(const char *lang)
{
	return lang && !strcmp(lang, "en");
}

#define T(vi, en) (is_en(lang) ? (en) : (vi))

static char *upper(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, 4 * n + 1), *o = out;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
		if (k <= 0) {
			*o++ = (char)*p++;
			continue;
		}
		o += utf8proc_encode_char(utf8proc_toupper(c), (utf8proc_uint8_t *)o);
		p += k;
	}
	*o = 0;
	return out;
}

/* Replaces every {key} of s by its value. */
static const char *fill(struct arena *a, const char *s, const char *const *keys,
                        const char *const *vals, size_t n)
{
	struct str b;
	str_init(&b, 0);
	while (*s) {
		const char *open = strchr(s, '{');
		if (!open) {
			str_adds(&b, s);
			break;
		}
		str_add(&b, s, (size_t)(open - s));
		const char *close = strchr(open, '}');
		size_t k = 0;
		while (close && k < n &&
		       (strlen(keys[k]) != (size_t)(close - open - 1) ||
		        strncmp(keys[k], open + 1, (size_t)(close - open - 1))))
			k++;
		if (close && k < n) {
			str_adds(&b, vals[k]);
			s = close + 1;
		} else {
			str_addc(&b, '{');
			s = open + 1;
		}
	}
	char *r = arena_strdup(a, str_cstr(&b));
	str_free(&b);
	return r;
}

static const char *jtext(struct arena *a, json_t *o, const char *key, const char *const *keys,
                         const char *const *vals, size_t n)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? fill(a, v, keys, vals, n) : NULL;
}

static const char *const *jlines(struct arena *a, json_t *o, const char *key,
                                 const char *const *keys, const char *const *vals, size_t n,
                                 size_t *count)
{
	json_t *arr = json_object_get(o, key);
	size_t m = json_is_array(arr) ? json_array_size(arr) : 0;
	const char **v = arena_array(a, m + 1, sizeof *v);
	*count = 0;
	for (size_t i = 0; i < m; i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (s)
			v[(*count)++] = fill(a, s, keys, vals, n);
	}
	return v;
}

/* The city (the register's first root) as "Thành phố Hà Nội" and the
 * place name of the date line ("Hà Nội"). */
static void city_names(struct app *app, const char **city, const char **place)
{
	*city = "";
	*place = "";
	struct unit_set s = {0};
	if (app_register_load(app, &s) != PX_OK)
		return;
	for (size_t i = 0; i < s.n; i++)
		if (!s.v[i].parent) {
			*city = arena_strdup(app->arena, s.v[i].name);
			break;
		}
	unit_set_free(&s);
	const char *prefixes[] = {"Thành phố ", "Tỉnh "};
	*place = *city;
	for (size_t i = 0; i < 2; i++)
		if (!strncmp(*city, prefixes[i], strlen(prefixes[i])))
			*place = *city + strlen(prefixes[i]);
}

/* The issuer frame from template `name` (data/documents/NAME.json). */
static enum px_err issuer(struct app *app, const char *name, const char *const *xkeys,
                          const char *const *xvals, size_t nx, struct doc_issuer **out,
                          struct diags *d)
{
	struct arena *a = app->arena;
	const struct embedded_file *f = embedded_find(documents_files, name);
	json_error_t je;
	json_t *root = f ? json_loadb(f->data, f->len, 0, &je) : NULL;
	if (!root) {
		diag_add(d, DIAG_ERROR, name, f ? je.line : 0, f ? je.column : 0, NULL,
		         "mẫu văn bản hỏng hoặc thiếu", "document template broken or missing");
		return PX_FAIL;
	}
	const char *city, *place;
	city_names(app, &city, &place);
	int y, m, dd;
	date_to_ymd(datetime_local_date(clock_now()), &y, &m, &dd);
	const char *keys[16] = {"city", "CITY", "place", "dd", "mm", "yyyy"};
	const char *vals[16] = {city, upper(a, city), place, arena_printf(a, "%02d", dd),
	                        arena_printf(a, m < 3 ? "%02d" : "%d", m), arena_printf(a, "%d", y)};
	size_t n = 6;
	for (size_t i = 0; i < nx && n < 16; i++, n++) {
		keys[n] = xkeys[i];
		vals[n] = xvals[i];
	}
	struct doc_issuer *is = arena_alloc(a, sizeof *is);
	memset(is, 0, sizeof *is);
	is->parent = jtext(a, root, "parent", keys, vals, n);
	is->agency = jtext(a, root, "agency", keys, vals, n);
	is->number = jtext(a, root, "number", keys, vals, n);
	is->place_date = jtext(a, root, "place_date", keys, vals, n);
	is->kind = jtext(a, root, "kind", keys, vals, n);
	is->subject = jtext(a, root, "subject", keys, vals, n);
	is->body = jlines(a, root, "body", keys, vals, n, &is->nbody);
	is->signer_role = jtext(a, root, "signer_role", keys, vals, n);
	is->signer_name = jtext(a, root, "signer_name", keys, vals, n);
	is->recipients = jlines(a, root, "recipients", keys, vals, n, &is->nrecipients);
	is->annex = jtext(a, root, "annex", keys, vals, n);
	is->annex_note = jtext(a, root, "annex_note", keys, vals, n);
	json_decref(root);
	*out = is;
	return PX_OK;
}

static struct doc *new_doc(struct app *app, const char *title, const char *lang)
{
	struct doc *doc = doc_new(app->arena, title);
	doc->lang = is_en(lang) ? "en" : "vi";
	doc->exported_at = clock_now();
	return doc;
}

static const char *num_text(struct arena *a, double v, int decimals, const char *lang)
{
	char buf[64];
	return arena_strdup(a, doc_format_number(v, decimals, lang, buf, sizeof buf));
}

/* ---- ranking ---- */

struct rank_line {
	long rank; /* 0: not ranked */
	const char *code, *name, *grade;
	double points, max, index; /* index NaN when incomplete */
	bool ok;
	double *domains;           /* fw->ntop, NaN when not applicable */
	long missing;
	bool has_change;
	long change;               /* last year's rank minus this year's */
};

static void ranking_chart(struct doc *doc, const struct framework *fw,
                          const struct rank_line *v, size_t n, const char *lang,
                          const char *mark)
{
	struct arena *a = doc->arena;
	struct chart_bar *bars = arena_array(a, CHART_BARS_MAX + 1, sizeof *bars);
	size_t nb = 0;
	for (size_t i = 0; i < n && nb < CHART_BARS_MAX; i++)
		if (v[i].rank) {
			int band = -1;
			for (size_t g = 0; g < fw->ngrades; g++)
				if (v[i].grade && !strcmp(v[i].grade, fw->grades[g].code))
					band = (int)g;
			bars[nb++] = (struct chart_bar){.label = v[i].name, .value = v[i].index,
			                                .band = band, .rank = (int)v[i].rank};
		}
	if (!nb)
		return;
	const char **bands = arena_array(a, fw->ngrades + 1, sizeof *bands);
	for (size_t g = 0; g < fw->ngrades; g++)
		bands[g] = arena_printf(a, "%s ≥ %g", fw->grades[g].code, fw->grades[g].min);
	struct chart_ranking_spec spec = {0};
	spec.opts.axis_title = T("Chỉ số (%)", "Index (%)");
	spec.opts.lang = doc->lang;
	spec.opts.png_scale = 1.5;
	spec.opts.width = 700;
	spec.opts.mark = mark;
	spec.bars = bars;
	spec.nbars = nb;
	spec.bands = bands;
	spec.nbands = fw->ngrades;
	struct str png;
	str_init(&png, 0);
	if (chart_ranking_draw(&spec, CHART_PNG, &png) == PX_OK)
		doc_chart_png(doc, nb < n ? arena_printf(a, T("Biểu đồ xếp hạng (%zu đơn vị đứng đầu)",
		                                              "Ranking chart (top %zu units)"), nb)
		                          : T("Biểu đồ xếp hạng", "Ranking chart"),
		              &png, 0);
	doc_chart_vector(doc, CHART_KIND_RANKING, &spec, sizeof spec); /* the PDF: vectors */
	str_free(&png);
}

/* The lines from a published version (frozen): rows plus the domain
 * points of the results JSON. */
static enum px_err published_lines(struct app *app, const struct framework *fw, long *version,
                                   struct rank_line **out, size_t *n, const char **at,
                                   struct diags *d)
{
	struct arena *a = app->arena;
	struct publication_result_row *rows;
	const char *by, *json;
	enum px_err e = app_published(app, fw->code, version, &rows, n, at, &by, d);
	if (e == PX_OK)
		e = app_published_json(app, fw->code, version, &json, d);
	if (e != PX_OK)
		return e;
	json_t *res = json_loads(json, 0, NULL);
	struct rank_line *v = arena_array(a, *n + 1, sizeof *v);
	for (size_t i = 0; i < *n; i++) {
		const struct publication_result_row *r = &rows[i];
		v[i] = (struct rank_line){.rank = r->rank, .code = r->unit_code, .name = r->unit_name,
		                          .grade = r->grade, .points = r->points, .max = r->max,
		                          .index = r->has_index ? r->index : NAN, .ok = r->has_index};
		v[i].domains = arena_array(a, fw->ntop + 1, sizeof *v[i].domains);
		for (size_t t = 0; t < fw->ntop; t++)
			v[i].domains[t] = NAN;
		size_t k;
		json_t *o;
		json_array_foreach(res, k, o) {
			if (strcmp(json_string_value(json_object_get(o, "unit")) ?: "", r->unit_code))
				continue;
			json_t *dom = json_object_get(o, "domains");
			for (size_t t = 0; t < fw->ntop; t++) {
				json_t *x = json_object_get(dom, fw->nodes[fw->top[t]].code);
				if (json_is_number(x))
					v[i].domains[t] = json_number_value(x);
			}
			v[i].missing = (long)json_array_size(json_object_get(o, "missing"));
			break;
		}
	}
	json_decref(res);
	/* rank change against the previous framework's newest publication */
	if (fw->previous) {
		long pv = 0;
		struct publication_result_row *prev;
		size_t np;
		const char *pat, *pby;
		struct diags quiet;
		diags_init(&quiet);
		if (app_published(app, fw->previous, &pv, &prev, &np, &pat, &pby, &quiet) == PX_OK)
			for (size_t i = 0; i < *n; i++)
				for (size_t j = 0; j < np; j++)
					if (!strcmp(prev[j].unit_code, v[i].code) && prev[j].rank && v[i].rank) {
						v[i].has_change = true;
						v[i].change = prev[j].rank - v[i].rank;
					}
		diags_free(&quiet);
	}
	*out = v;
	return PX_OK;
}

static enum px_err live_lines(struct app *app, struct app_scoring *sc, const char *group,
                              struct rank_line **out, struct diags *d)
{
	struct arena *a = app->arena;
	const struct framework *fw = sc->fw;
	struct rank_line *v = arena_array(a, sc->nunits + 1, sizeof *v);
	struct app_scoring prev;
	struct rank_yoy y = {0};
	bool has_prev = app_score_previous(app, sc, group, d, &prev) == PX_OK &&
	                rank_compare(&sc->res, &prev.res, NULL, 0, a, &y) == PX_OK;
	for (size_t i = 0; i < sc->nunits; i++) {
		size_t u = sc->res.order[i];
		const struct score_unit_result *r = &sc->res.units[u];
		bool ok = r->status == SCORE_OK;
		v[i] = (struct rank_line){.rank = r->rank, .code = sc->units[u].code,
		                          .name = sc->units[u].name,
		                          .grade = r->grade >= 0 ? fw->grades[r->grade].code : NULL,
		                          .points = r->points, .max = r->max,
		                          .index = ok ? r->index : NAN, .ok = ok,
		                          .missing = (long)r->nmissing};
		v[i].domains = arena_array(a, fw->ntop + 1, sizeof *v[i].domains);
		for (size_t t = 0; t < fw->ntop; t++)
			v[i].domains[t] = score_node_applies(&sc->res, u, fw->top[t])
			                      ? score_points(&sc->res, u, fw->top[t]) : NAN;
		if (has_prev && y.units[u].has_rank_change) {
			v[i].has_change = true;
			v[i].change = y.units[u].rank_change;
		}
	}
	*out = v;
	return PX_OK;
}

enum px_err app_report_ranking(struct app *app, const char *code, const char *group, long version,
                               const char *lang, struct doc **out, struct diags *d)
{
	struct arena *a = app->arena;
	struct framework *fw;
	enum px_err e = app_framework_load(app, code, d, &fw);
	if (e != PX_OK)
		return e;
	struct rank_line *v;
	size_t n = 0;
	const char *at = NULL;
	if (version != 0) {
		if (group) {
			diag_add(d, DIAG_ERROR, NULL, 0, 0, "--group",
			         "kết quả đã công bố không chia theo --group",
			         "published results are not split by --group");
			return PX_USAGE;
		}
		if (version < 0)
			version = 0;
		e = published_lines(app, fw, &version, &v, &n, &at, d);
	} else {
		struct app_scoring sc;
		e = app_score(app, code, group, d, &sc);
		if (e == PX_OK) {
			fw = sc.fw;
			n = sc.nunits;
			e = live_lines(app, &sc, group, &v, d);
		}
	}
	if (e != PX_OK)
		return e;
	/* live scores of a framework never published are a draft, said in
	 * the title (and so on every page and sheet) and on the chart */
	const char *mark = version == 0 && app_published_latest(app, code) == 0
	                           ? T("Dự thảo — chưa công bố", "Draft — not published")
	                           : NULL;
	const char *title = arena_printf(a, T("Bảng xếp hạng %s", "Ranking %s"), fw->title);
	struct doc *doc = new_doc(app, mark ? arena_printf(a, "%s: %s", mark, title) : title, lang);
	doc->landscape = fw->ntop > 4;
	doc->version = version ? arena_printf(a, T("phiên bản %ld đã công bố (%s)",
	                                           "published version %ld (%s)"), version, at)
	                       : T("điểm hiện tại (chưa công bố)", "live scores (not published)");
	doc->source = arena_printf(a, "parindex — %s %s (%d)", T("bộ tiêu chí", "framework"),
	                           fw->code, fw->year);
	doc->subtitle = group ? arena_printf(a, "%s (%s), %s", fw->code, group, doc->version)
	                      : arena_printf(a, "%s, %s", fw->code, doc->version);
	doc_meta(doc, T("Bộ tiêu chí", "Framework"), arena_printf(a, "%s — %s", fw->code, fw->title));
	if (group)
		doc_meta(doc, T("Nhóm", "Group"), group);
	/* the columns of `score --format csv`, then the rank change */
	size_t ncols = 9 + fw->ntop + 1;
	struct doc_col *cols = arena_array(a, ncols, sizeof *cols);
	size_t k = 0;
	cols[k++] = (struct doc_col){T("Hạng", "Rank"), DOC_COL_INT, 8, false};
	cols[k++] = (struct doc_col){T("Mã đơn vị", "Unit code"), DOC_COL_TEXT, 14, true};
	cols[k++] = (struct doc_col){T("Đơn vị", "Unit"), DOC_COL_TEXT, 40, false};
	cols[k++] = (struct doc_col){T("Điểm", "Points"), DOC_COL_POINTS, 10, true};
	cols[k++] = (struct doc_col){T("Điểm tối đa", "Maximum"), DOC_COL_POINTS, 10, true};
	cols[k++] = (struct doc_col){T("Chỉ số (%)", "Index (%)"), DOC_COL_PERCENT, 10, false};
	cols[k++] = (struct doc_col){T("Xếp loại", "Grade"), DOC_COL_TEXT, 8, false};
	cols[k++] = (struct doc_col){T("Trạng thái", "Status"), DOC_COL_TEXT, 12, true};
	for (size_t t = 0; t < fw->ntop; t++) {
		const struct frm_node *nd = &fw->nodes[fw->top[t]];
		cols[k++] = (struct doc_col){arena_printf(a, "%s. %s", nd->code, nd->title),
		                             DOC_COL_POINTS, 9, false, nd->code};
	}
	cols[k++] = (struct doc_col){T("Số mục thiếu", "Missing"), DOC_COL_INT, 8, true};
	cols[k++] = (struct doc_col){T("Thay đổi hạng", "Rank change"), DOC_COL_INT, 8, false};
	struct doc_table *tb = doc_table_new(doc, T("Xếp hạng", "Ranking"),
	                                     T("Bảng xếp hạng", "Ranking"), cols, ncols);
	for (size_t i = 0; i < n; i++) {
		struct doc_cell *c = doc_row(tb);
		if (v[i].rank)
			doc_set_num(&c[0], (double)v[i].rank);
		doc_set_text(&c[1], v[i].code);
		doc_set_text(&c[2], v[i].name);
		doc_set_num(&c[3], v[i].points);
		doc_set_num(&c[4], v[i].max);
		doc_set_num(&c[5], v[i].index);
		doc_set_text(&c[6], v[i].grade);
		doc_set_text(&c[7], v[i].ok ? "ok" : "incomplete");
		for (size_t t = 0; t < fw->ntop; t++)
			doc_set_num(&c[8 + t], v[i].domains[t]);
		doc_set_num(&c[8 + fw->ntop], (double)v[i].missing);
		if (v[i].has_change)
			doc_set_num(&c[9 + fw->ntop], (double)v[i].change);
	}
	doc_footnote(doc, T("Thay đổi hạng: hạng năm trước trừ hạng năm nay (dương là tăng hạng).",
	                    "Rank change: last year's rank minus this year's (positive is up)."));
	for (size_t t = 0; t < fw->ntop; t++)
		doc_footnote(doc, arena_printf(a, "%s: %s", fw->nodes[fw->top[t]].code,
		                               fw->nodes[fw->top[t]].title));
	if (fw->note)
		doc_footnote(doc, fw->note);
	if (mark)
		doc_footnote(doc, T("Dự thảo — chưa công bố: điểm hiện tại của bộ tiêu chí chưa công bố, "
		                    "thay đổi theo mỗi lần sửa dữ liệu; không phải kết quả chính thức.",
		                    "Draft — not published: live scores of a framework not yet "
		                    "published; they change with every correction and are not "
		                    "official results."));
	ranking_chart(doc, fw, v, n, lang, mark);
	const char *keys[] = {"year", "framework", "framework_title", "group"};
	const char *vals[] = {arena_printf(a, "%d", fw->year), fw->code, fw->title,
	                      group ? group : ""};
	struct doc_issuer *is;
	e = issuer(app, "ranking-decision.json", keys, vals, 4, &is, d);
	if (e != PX_OK)
		return e;
	doc->issuer = is;
	*out = doc;
	return PX_OK;
}

/* ---- one unit ---- */

enum px_err app_report_unit(struct app *app, const char *code, const char *unit,
                            const char *lang, struct doc **out, struct diags *d)
{
	struct arena *a = app->arena;
	struct app_scoring sc;
	enum px_err e = app_score(app, code, NULL, d, &sc);
	if (e != PX_OK)
		return e;
	size_t u = 0;
	while (u < sc.nunits && strcmp(sc.units[u].code, unit))
		u++;
	if (u == sc.nunits) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "--unit",
		         "đơn vị \"%s\" không thuộc nhóm của %s", "unit \"%s\" is not scored by %s",
		         unit, code);
		return PX_NOTFOUND;
	}
	struct score_explain ex;
	e = score_explain(&sc.res, u, a, &ex);
	if (e != PX_OK)
		return e;
	const struct framework *fw = sc.fw;
	const struct score_unit_result *res = &sc.res.units[u];
	/* live scores of a framework never published: a draft, said in the
	 * title and a footnote (the history chart shows published versions) */
	bool draft = app_published_latest(app, code) == 0;
	const char *title = arena_printf(a, T("Phiếu điểm %s — %s", "Scorecard %s — %s"),
	                                 sc.units[u].name, fw->code);
	struct doc *doc = new_doc(app, draft ? arena_printf(a, "%s: %s", T("Dự thảo — chưa công bố",
	                                                               "Draft — not published"), title)
	                                     : title, lang);
	if (draft)
		doc_footnote(doc, T("Dự thảo — chưa công bố: điểm hiện tại của bộ tiêu chí chưa công bố, "
		                    "không phải kết quả chính thức.",
		                    "Draft — not published: live scores of a framework not yet "
		                    "published, not official results."));
	doc->source = arena_printf(a, "parindex — %s %s (%d)", T("bộ tiêu chí", "framework"),
	                           fw->code, fw->year);
	doc->version = T("điểm hiện tại (chưa công bố)", "live scores (not published)");
	if (res->status == SCORE_OK)
		doc->subtitle = arena_printf(a, T("Điểm %s / %s — chỉ số %s%% — hạng %d — xếp loại %s",
		                                  "Points %s / %s — index %s%% — rank %d — grade %s"),
		                             num_text(a, res->points, 2, doc->lang),
		                             num_text(a, res->max, 2, doc->lang),
		                             num_text(a, res->index, 2, doc->lang), res->rank,
		                             res->grade >= 0 ? fw->grades[res->grade].code : "—");
	else
		doc->subtitle = arena_printf(a, T("Chưa đủ dữ liệu (%zu mục thiếu)",
		                                  "Incomplete (%zu missing)"), res->nmissing);
	doc_meta(doc, T("Đơn vị", "Unit"), arena_printf(a, "%s — %s", unit, sc.units[u].name));
	struct doc_col cols[] = {
		{T("Tiêu chí", "Criterion"), DOC_COL_TEXT, 8, false},
		{T("Nội dung", "Title"), DOC_COL_TEXT, 40, false},
		{T("Điểm tối đa", "Maximum"), DOC_COL_POINTS, 8, false},
		{T("Tự chấm", "Self"), DOC_COL_POINTS, 8, false},
		{T("Thẩm định", "Appraised"), DOC_COL_POINTS, 8, false},
		{T("Điểm đạt", "Points"), DOC_COL_POINTS, 8, false},
		{T("Công thức và số liệu", "Formula and inputs"), DOC_COL_TEXT, 30, false},
	};
	struct doc_table *tb = doc_table_new(doc, T("Phiếu điểm", "Scorecard"), NULL, cols, 7);
	for (size_t i = 0; i < ex.nnodes; i++) {
		const struct score_explain_node *nd = &ex.nodes[i];
		const struct frm_node *fn = &fw->nodes[nd->node];
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], fn->code);
		doc_set_text(&c[1], fn->title);
		if (nd->applies)
			doc_set_num(&c[2], nd->max);
		if (nd->has_self)
			doc_set_num(&c[3], nd->self);
		if (nd->has_appraised)
			doc_set_num(&c[4], nd->appraised);
		if (nd->applies && !nd->missing)
			doc_set_num(&c[5], nd->points);
		if (nd->formula) {
			struct str in;
			str_init(&in, 0);
			str_adds(&in, nd->formula);
			for (size_t m = 0; m < nd->nmetrics; m++) {
				const struct score_explain_metric *x = &nd->metrics[m];
				str_printf(&in, "%s%s = %s", m ? "; " : " — ", x->ref,
				           x->present ? num_text(a, x->value, 2, doc->lang) : "?");
			}
			doc_set_text(&c[6], arena_strdup(a, str_cstr(&in)));
			str_free(&in);
		}
	}
	/* the published history */
	struct publication_history_row *h;
	size_t nh;
	if (app_unit_history(app, unit, &h, &nh) == PX_OK && nh) {
		struct chart_point *pts = arena_array(a, nh, sizeof *pts);
		for (size_t i = 0; i < nh && i < CHART_MAX_ITEMS; i++)
			pts[i] = (struct chart_point){arena_printf(a, "%d", h[i].year),
			                              h[i].has_index ? h[i].index : NAN, (int)h[i].rank,
			                              NAN};
		struct chart_history_spec spec = {0};
		spec.opts.axis_title = T("Chỉ số (%)", "Index (%)");
		spec.opts.lang = doc->lang;
		spec.opts.png_scale = 1.5;
		spec.opts.width = 600;
		spec.points = pts;
		spec.npoints = nh < CHART_MAX_ITEMS ? nh : CHART_MAX_ITEMS;
		struct str png;
		str_init(&png, 0);
		if (chart_history_draw(&spec, CHART_PNG, &png) == PX_OK)
			doc_chart_png(doc, T("Chỉ số qua các năm (đã công bố)",
			                     "Index over the years (published)"), &png, 0);
		doc_chart_vector(doc, CHART_KIND_HISTORY, &spec, sizeof spec);
		str_free(&png);
	}
	*out = doc;
	return PX_OK;
}

/* ---- streamlining ---- */

enum px_err app_report_streamlining(struct app *app, int32_t from, int32_t to,
                                    const char *lang, struct doc **out, struct diags *d)
{
	struct arena *a = app->arena;
	if (from > to) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "--from", "--from sau --to", "--from is after --to");
		return PX_USAGE;
	}
	struct unit_set s = {0};
	if (app_register_load(app, &s) != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	char f1[11], f2[11];
	date_format(from, f1);
	date_format(to, f2);
	struct doc *doc = new_doc(app, arena_printf(a, T("Tinh gọn bộ máy từ %s đến %s",
	                                                 "Streamlining from %s to %s"), f1, f2),
	                          lang);
	doc->source = T("parindex — danh mục đơn vị", "parindex — unit register");
	doc->version = arena_printf(a, "%s — %s", f1, f2);
	struct kind_stats *ks;
	size_t n = register_stats(&s, from, to, a, &ks);
	struct doc_col cols[] = {
		{T("Loại đơn vị", "Kind"), DOC_COL_TEXT, 20, false},
		{arena_printf(a, T("Số đơn vị %s", "Units on %s"), f1), DOC_COL_INT, 12, false},
		{arena_printf(a, T("Số đơn vị %s", "Units on %s"), f2), DOC_COL_INT, 12, false},
		{T("Tăng/giảm", "Change"), DOC_COL_INT, 10, false},
		{T("Tỷ lệ (%)", "Change (%)"), DOC_COL_PERCENT, 10, false},
		{arena_printf(a, T("Biên chế %s", "Payroll %s"), f1), DOC_COL_INT, 12, false},
		{arena_printf(a, T("Biên chế %s", "Payroll %s"), f2), DOC_COL_INT, 12, false},
	};
	struct doc_table *tb = doc_table_new(doc, T("Theo loại", "By kind"),
	                                     T("Số đơn vị và biên chế theo loại",
	                                       "Units and payroll by kind"), cols, 7);
	for (size_t i = 0; i < n; i++) {
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], ks[i].kind);
		doc_set_num(&c[1], (double)ks[i].count_from);
		doc_set_num(&c[2], (double)ks[i].count_to);
		doc_set_num(&c[3], (double)(ks[i].count_to - ks[i].count_from));
		if (ks[i].count_from)
			doc_set_num(&c[4], round((double)(ks[i].count_to - ks[i].count_from) * 1000.0 /
			                         (double)ks[i].count_from) / 10.0);
		doc_set_num(&c[5], (double)ks[i].payroll_from);
		doc_set_num(&c[6], (double)ks[i].payroll_to);
	}
	struct doc_col lc[] = {
		{T("Mã", "Code"), DOC_COL_TEXT, 14, false},
		{T("Đơn vị", "Unit"), DOC_COL_TEXT, 40, false},
		{T("Loại", "Kind"), DOC_COL_TEXT, 12, false},
		{T("Hết hiệu lực", "Valid until"), DOC_COL_TEXT, 12, false},
		{T("Đơn vị kế thừa", "Successor"), DOC_COL_TEXT, 30, false},
	};
	struct doc_table *merged = doc_table_new(doc, T("Sáp nhập", "Merged"),
	                                         T("Đơn vị sáp nhập", "Merged units"), lc, 5);
	struct doc_table *gone = doc_table_new(doc, T("Giải thể", "Dissolved"),
	                                       T("Đơn vị giải thể", "Dissolved units"), lc, 5);
	for (size_t i = 0; i < s.n; i++) {
		const struct unit_rec *u = &s.v[i];
		if (u->valid_to == DATE_MAX || u->valid_to < from || u->valid_to > to)
			continue;
		struct doc_cell *c = doc_row(u->nsucc ? merged : gone);
		char vt[11];
		date_format(u->valid_to, vt);
		doc_set_text(&c[0], arena_strdup(a, u->code));
		doc_set_text(&c[1], arena_strdup(a, u->name));
		doc_set_text(&c[2], arena_strdup(a, u->kind));
		doc_set_text(&c[3], arena_strdup(a, vt));
		if (u->nsucc) {
			struct str b;
			str_init(&b, 0);
			for (size_t k = 0; k < u->nsucc; k++)
				str_printf(&b, "%s%s", k ? ", " : "", u->successors[k]);
			doc_set_text(&c[4], arena_strdup(a, str_cstr(&b)));
			str_free(&b);
		}
	}
	unit_set_free(&s);
	*out = doc;
	return PX_OK;
}

/* ---- dossiers ---- */

enum px_err app_report_dossiers(struct app *app, int year, const char *unit, const char *lang,
                                struct doc **out, struct diags *d)
{
	struct arena *a = app->arena;
	if (year < 1900 || year > 9999) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "--year", "năm không hợp lệ", "invalid year");
		return PX_USAGE;
	}
	struct service_index si;
	struct period p = {PERIOD_YEAR, year, 0};
	enum px_err e = app_service_index(app, p, NULL, d, &si);
	if (e != PX_OK)
		return e;
	bool found = !unit;
	for (size_t i = 0; i < si.n && !found; i++)
		found = !strcmp(si.rows[i].unit, unit);
	if (!found) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "--unit",
		         "đơn vị \"%s\" không có số liệu hồ sơ năm %d",
		         "unit \"%s\" has no dossier figures for %d", unit, year);
		return PX_NOTFOUND;
	}
	struct doc *doc = new_doc(app, arena_printf(a, T("Chất lượng phục vụ (QĐ 766) năm %d",
	                                                 "Service quality (Decision 766) %d"),
	                                            year), lang);
	doc->source = T("parindex — số liệu hồ sơ thủ tục hành chính",
	                "parindex — administrative procedure dossiers");
	doc->version = arena_printf(a, "%d", year);
	if (unit)
		doc_meta(doc, T("Đơn vị", "Unit"), unit);
	struct doc_col cols[5 + SERVICE_GROUPS];
	size_t k = 0;
	cols[k++] = (struct doc_col){T("Đơn vị", "Unit"), DOC_COL_TEXT, 16, false};
	for (int g = 0; g < SERVICE_GROUPS; g++)
		cols[k++] = (struct doc_col){is_en(lang) ? si.groups[g].name_en : si.groups[g].name_vi,
		                             DOC_COL_POINTS, 12, false};
	cols[k++] = (struct doc_col){T("Điểm", "Points"), DOC_COL_POINTS, 9, false};
	cols[k++] = (struct doc_col){T("Điểm tối đa", "Maximum"), DOC_COL_POINTS, 9, false};
	cols[k++] = (struct doc_col){T("Chỉ số (%)", "Index (%)"), DOC_COL_PERCENT, 9, false};
	cols[k++] = (struct doc_col){T("Thiếu số liệu", "Missing"), DOC_COL_TEXT, 20, false};
	struct doc_table *tb = doc_table_new(doc, T("QĐ 766", "Decision 766"), NULL, cols, k);
	doc->landscape = true;
	for (size_t i = 0; i < si.n; i++) {
		const struct service_index_row *x = &si.rows[i];
		if (unit && strcmp(x->unit, unit))
			continue;
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], x->unit);
		for (int g = 0; g < SERVICE_GROUPS; g++)
			if (x->group_known[g])
				doc_set_num(&c[1 + g], x->group_points[g]);
		doc_set_num(&c[1 + SERVICE_GROUPS], x->points);
		doc_set_num(&c[2 + SERVICE_GROUPS], x->max_points);
		if (x->max_points > 0)
			doc_set_num(&c[3 + SERVICE_GROUPS], x->index);
		doc_set_text(&c[4 + SERVICE_GROUPS], *x->missing ? x->missing : NULL);
	}
	*out = doc;
	return PX_OK;
}

/* ---- late dossiers ---- */

enum px_err app_report_late(struct app *app, const char *unit, int32_t month, const char *lang,
                            struct doc **out, struct diags *d)
{
	struct arena *a = app->arena;
	struct dossier_opts o = {0};
	o.db_catalogue = true;
	struct late_dossier *v;
	size_t n;
	enum px_err e = app_dossier_late(app, unit, month, &o, d, &v, &n);
	if (e == PX_NOTFOUND && !d->errors)
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "--unit", "đơn vị \"%s\" không có hồ sơ nào",
		         "unit \"%s\" has no dossiers", unit);
	if (e != PX_OK)
		return e;
	char ym[8];
	dossier_month_format(month, ym);
	struct doc *doc = new_doc(app, arena_printf(a, T("Hồ sơ trễ hạn %s tháng %s",
	                                                 "Late dossiers %s %s"), unit, ym), lang);
	doc->source = T("parindex — hồ sơ thủ tục hành chính", "parindex — procedure dossiers");
	doc->version = arena_strdup(a, ym);
	doc->landscape = true;
	doc_meta(doc, T("Đơn vị", "Unit"), unit);
	struct doc_col cols[] = {
		{T("Mã hồ sơ", "Dossier"), DOC_COL_TEXT, 16, false, NULL},
		{T("Tình trạng", "State"), DOC_COL_TEXT, 12, false, NULL},
		{T("Mã thủ tục", "Procedure code"), DOC_COL_TEXT, 12, false, NULL},
		{T("Thủ tục", "Procedure"), DOC_COL_TEXT, 36, false, NULL},
		{T("Tiếp nhận", "Received"), DOC_COL_TEXT, 17, false, NULL},
		{T("Hẹn trả", "Due"), DOC_COL_TEXT, 17, false, NULL},
		{T("Hoàn thành", "Finished"), DOC_COL_TEXT, 17, false, NULL},
		{T("Số ngày làm việc trễ", "Working days late"), DOC_COL_INT, 10, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Trễ hạn", "Late"), NULL, cols, 8);
	for (size_t i = 0; i < n; i++) {
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], v[i].code);
		doc_set_text(&c[1], !strcmp(v[i].state, "finished_late") ? T("trả muộn", "finished late")
		                                                        : T("quá hạn, chưa trả",
		                                                            "overdue, open"));
		doc_set_text(&c[2], v[i].procedure);
		doc_set_text(&c[3], v[i].procedure_name);
		doc_set_text(&c[4], v[i].received_at);
		doc_set_text(&c[5], v[i].due_at);
		doc_set_text(&c[6], *v[i].finished_at ? v[i].finished_at : NULL);
		doc_set_num(&c[7], v[i].working_days_late);
	}
	doc_footnote(doc, T("Mỗi hồ sơ trễ hạn cần một thư xin lỗi gửi người dân.",
	                    "Each late dossier needs an apology letter to the citizen."));
	*out = doc;
	return PX_OK;
}

/* ---- urging: a unit's overdue plan tasks ---- */

enum px_err app_report_urging(struct app *app, const struct actor *who, const char *unit,
                              int32_t asof, const char *lang, struct doc **out,
                              struct diags *d)
{
	struct arena *a = app->arena;
	struct plan_overdue_row *v;
	size_t n;
	if (!app_plan_may_urge(who, unit)) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "--unit", "không có đơn vị \"%s\"",
		         "no unit with code \"%s\"", unit);
		return PX_NOTFOUND; /* a unit outside one's grant does not exist for one */
	}
	enum px_err e = app_plan_overdue(app, who, unit, asof, &v, &n, d);
	if (e != PX_OK)
		return e;
	const char *name = unit;
	struct unit_set s = {0};
	if (app_register_load(app, &s) == PX_OK) {
		long i = unit_set_find(&s, unit);
		if (i >= 0)
			name = arena_strdup(a, s.v[i].name);
	}
	unit_set_free(&s);
	char day[11];
	date_format(asof, day);
	int y, m, dd;
	date_to_ymd(asof, &y, &m, &dd);
	struct doc *doc = new_doc(app, arena_printf(a, T("Đôn đốc nhiệm vụ quá hạn: %s",
	                                                 "Overdue tasks: %s"), name), lang);
	doc->source = T("parindex — kế hoạch cải cách hành chính", "parindex — PAR plans");
	doc->version = arena_strdup(a, day);
	doc_meta(doc, T("Đơn vị", "Unit"), unit);
	doc_meta(doc, T("Tính đến ngày", "As of"), doc->version);
	struct doc_col cols[] = {
		{T("Kế hoạch", "Plan"), DOC_COL_TEXT, 16, false, NULL},
		{T("Nhiệm vụ", "Task"), DOC_COL_TEXT, 8, false, NULL},
		{T("Nội dung", "Title"), DOC_COL_TEXT, 44, false, NULL},
		{T("Đơn vị chủ trì", "Owner"), DOC_COL_TEXT, 14, false, NULL},
		{T("Hạn", "Due"), DOC_COL_TEXT, 11, false, NULL},
		{T("Số ngày quá hạn", "Days overdue"), DOC_COL_INT, 9, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Quá hạn", "Overdue"), NULL, cols, 6);
	long count = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].state != PLAN_OVERDUE)
			continue;
		struct doc_cell *c = doc_row(tb);
		int32_t due;
		const char *shown = v[i].due;
		if (date_parse(v[i].due, strlen(v[i].due), &due) && !is_en(lang)) {
			int dy, dm, ddd;
			date_to_ymd(due, &dy, &dm, &ddd);
			shown = arena_printf(a, "%02d/%02d/%04d", ddd, dm, dy);
		}
		doc_set_text(&c[0], v[i].plan);
		doc_set_text(&c[1], v[i].task);
		doc_set_text(&c[2], v[i].title);
		doc_set_text(&c[3], v[i].owner);
		doc_set_text(&c[4], shown);
		doc_set_num(&c[5], (double)v[i].days_late);
		count++;
	}
	const char *keys[] = {"unit", "unit_name", "asof", "count"};
	const char *vals[] = {unit, name, arena_printf(a, "%02d/%02d/%04d", dd, m, y),
	                      arena_printf(a, "%ld", count)};
	struct doc_issuer *is;
	e = issuer(app, "urging-letter.json", keys, vals, 4, &is, d);
	if (e != PX_OK)
		return e;
	doc->issuer = is;
	*out = doc;
	return PX_OK;
}

/* ---- the conclusion of an inspection ---- */

static const char *dmy(struct arena *a, const char *iso, const char *lang)
{
	int32_t d;
	if (!iso || strlen(iso) < 10 || !date_parse(iso, 10, &d))
		return iso ? iso : "";
	if (is_en(lang))
		return arena_strndup(a, iso, 10);
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return arena_printf(a, "%02d/%02d/%04d", dd, m, y);
}

enum px_err app_report_inspection(struct app *app, const struct actor *who, const char *code,
                                  const char *lang, struct doc **out, struct diags *d)
{
	struct arena *a = app->arena;
	struct insp_view v;
	enum px_err e = app_inspection_view(app, who, code, &v, d);
	if (e != PX_OK)
		return e;
	if (!v.insp.concl_number) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "đợt kiểm tra %s chưa có kết luận",
		         "inspection %s has no conclusion yet", code);
		return PX_BADINPUT;
	}
	const char *name = v.insp.unit;
	struct unit_set s = {0};
	if (app_register_load(app, &s) == PX_OK) {
		long i = unit_set_find(&s, v.insp.unit);
		if (i >= 0)
			name = arena_strdup(a, s.v[i].name);
	}
	unit_set_free(&s);
	struct doc *doc = new_doc(app, arena_printf(a, T("Kết luận kiểm tra %s", "Inspection "
	                                                 "conclusion %s"), code), lang);
	doc->source = T("parindex — kiểm tra cải cách hành chính", "parindex — PAR inspections");
	doc->version = v.insp.concl_number;
	doc_meta(doc, T("Đợt kiểm tra", "Inspection"), code);
	doc_meta(doc, T("Đơn vị", "Unit"), v.insp.unit);
	doc_meta(doc, T("Số kết luận", "Conclusion number"), v.insp.concl_number);
	doc_meta(doc, T("Ngày kết luận", "Conclusion date"), dmy(a, v.insp.concl_date, lang));
	struct doc_col fcols[] = {
		{T("STT", "No."), DOC_COL_INT, 5, false, NULL},
		{T("Loại", "Kind"), DOC_COL_TEXT, 14, false, NULL},
		{T("Lĩnh vực", "Area"), DOC_COL_TEXT, 14, false, NULL},
		{T("Nội dung", "Finding"), DOC_COL_TEXT, 52, false, NULL},
		{T("Tiêu chí", "Criterion"), DOC_COL_TEXT, 10, false, NULL},
	};
	struct doc_table *ft = doc_table_new(doc, T("Phát hiện", "Findings"), NULL, fcols, 5);
	for (size_t i = 0; i < v.nfindings; i++) {
		struct doc_cell *c = doc_row(ft);
		int k = insp_word(insp_finding_names, v.findings[i].kind);
		doc_set_num(&c[0], (double)v.findings[i].n);
		doc_set_text(&c[1], k < 0 ? v.findings[i].kind
		                          : is_en(lang) ? insp_finding_names[k] : insp_finding_vi[k]);
		doc_set_text(&c[2], v.findings[i].area);
		doc_set_text(&c[3], v.findings[i].text);
		doc_set_text(&c[4], v.findings[i].criterion);
	}
	struct doc_col rcols[] = {
		{T("Số", "No."), DOC_COL_INT, 6, false, NULL},
		{T("Kiến nghị", "Recommendation"), DOC_COL_TEXT, 50, false, NULL},
		{T("Đơn vị thực hiện", "Responsible unit"), DOC_COL_TEXT, 16, false, NULL},
		{T("Hạn", "Due"), DOC_COL_TEXT, 11, false, NULL},
	};
	struct doc_table *rt = doc_table_new(doc, T("Kiến nghị", "Recommendations"), NULL, rcols, 4);
	for (size_t i = 0; i < v.nrecos; i++) {
		struct doc_cell *c = doc_row(rt);
		doc_set_num(&c[0], (double)v.recos[i].id);
		doc_set_text(&c[1], v.recos[i].text);
		doc_set_text(&c[2], v.recos[i].unit);
		doc_set_text(&c[3], dmy(a, v.recos[i].due, lang));
	}
	long rechecked = 0, remedied = 0;
	struct doc_col ccols[] = {
		{T("Kiến nghị", "Recommendation"), DOC_COL_TEXT, 60, false, NULL},
		{T("Đã khắc phục", "Remedied"), DOC_COL_TEXT, 12, false, NULL},
	};
	struct doc_table *ct = NULL;
	for (size_t i = 0; i < v.nitems; i++) {
		if (!v.items[i].recheck_rec)
			continue;
		if (!ct)
			ct = doc_table_new(doc, T("Kiểm tra lại", "Re-checked"), NULL, ccols, 2);
		bool ok = v.items[i].result && !strcmp(v.items[i].result, "compliant");
		struct doc_cell *c = doc_row(ct);
		doc_set_text(&c[0], v.items[i].text);
		doc_set_text(&c[1], ok ? T("có", "yes") : T("chưa", "no"));
		rechecked++;
		remedied += ok;
	}
	int32_t cd = DATE_MIN;
	int cy = 0, cm = 0, cdd = 0;
	if (date_parse(v.insp.concl_date, 10, &cd))
		date_to_ymd(cd, &cy, &cm, &cdd);
	const char *keys[] = {"code", "unit", "unit_name", "number", "c_dd", "c_mm", "c_yyyy",
	                      "started", "summary", "findings"};
	const char *vals[] = {code, v.insp.unit, name, v.insp.concl_number,
	                      arena_printf(a, "%02d", cdd), arena_printf(a, cm < 3 ? "%02d" : "%d", cm),
	                      arena_printf(a, "%d", cy), dmy(a, v.insp.started_at, lang),
	                      v.insp.concl_summary ? v.insp.concl_summary : "",
	                      arena_printf(a, "%zu", v.nfindings)};
	struct doc_issuer *is;
	e = issuer(app, "inspection-conclusion.json", keys, vals, 10, &is, d);
	if (e != PX_OK)
		return e;
	/* three more counts than issuer's 16 keys leave room for: filled here */
	const char *more_k[] = {"{recommendations}", "{rechecked}", "{remedied}"};
	const char *more_v[] = {arena_printf(a, "%zu", v.nrecos), arena_printf(a, "%ld", rechecked),
	                        arena_printf(a, "%ld", remedied)};
	const char **body = arena_array(a, is->nbody + 1, sizeof *body);
	for (size_t i = 0; i < is->nbody; i++) {
		const char *line = is->body[i];
		for (size_t k = 0; k < 3; k++) {
			const char *at;
			while ((at = strstr(line, more_k[k])))
				line = arena_printf(a, "%.*s%s%s", (int)(at - line), line, more_v[k],
				                    at + strlen(more_k[k]));
		}
		body[i] = line;
	}
	is->body = body;
	doc->issuer = is;
	*out = doc;
	return PX_OK;
}

/* ---- the cycle ---- */

enum px_err app_report_cycle(struct app *app, const char *fw, const char *lang,
                             struct doc **out, struct diags *d)
{
	struct arena *a = app->arena;
	struct cycle_info info;
	struct unit_progress *rows;
	size_t n;
	enum px_err e = app_cycle_status(app, fw, &info, &rows, &n, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = new_doc(app, arena_printf(a, T("Tiến độ kỳ đánh giá %s",
	                                                 "Assessment cycle %s"), fw), lang);
	doc->source = arena_printf(a, "parindex — %s %s", T("kỳ đánh giá", "cycle"), fw);
	doc->version = is_en(lang) ? cycle_phase_name(info.phase) : cycle_phase_name_vi(info.phase);
	int32_t today = app_today();
	char buf[11];
	if (info.self_until != DATE_MAX) {
		date_format(info.self_until, buf);
		doc_meta(doc, T("Hạn tự đánh giá", "Self-assessment until"), arena_strdup(a, buf));
	}
	doc->subtitle = arena_printf(a, T("Giai đoạn: %s", "Phase: %s"), doc->version);
	struct doc_col cols[] = {
		{T("Mã", "Code"), DOC_COL_TEXT, 14, false},
		{T("Đơn vị", "Unit"), DOC_COL_TEXT, 36, false},
		{T("Đã chấm", "Done"), DOC_COL_INT, 8, false},
		{T("Tổng", "Total"), DOC_COL_INT, 8, false},
		{T("Nộp lúc", "Submitted at"), DOC_COL_TEXT, 18, false},
		{T("Trễ hạn", "Late"), DOC_COL_TEXT, 8, false},
		{T("Đã thẩm định", "Appraised"), DOC_COL_INT, 9, false},
		{T("Điều chỉnh", "Adjusted"), DOC_COL_INT, 9, false},
		{T("Đã giải trình", "Replied"), DOC_COL_INT, 9, false},
	};
	struct doc_table *tb = doc_table_new(doc, T("Tiến độ", "Progress"), NULL, cols, 9);
	long late = 0;
	for (size_t i = 0; i < n; i++) {
		const struct unit_progress *r = &rows[i];
		int32_t until = r->extension != DATE_MIN ? r->extension : info.self_until;
		bool is_late = !*r->submitted_at && until != DATE_MAX && today > until;
		late += is_late;
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], r->code);
		doc_set_text(&c[1], r->name);
		doc_set_num(&c[2], (double)r->done);
		doc_set_num(&c[3], (double)r->total);
		doc_set_text(&c[4], *r->submitted_at ? r->submitted_at : NULL);
		doc_set_text(&c[5], is_late ? T("trễ", "late") : NULL);
		doc_set_num(&c[6], (double)r->appraised);
		doc_set_num(&c[7], (double)r->adjusted);
		doc_set_num(&c[8], (double)r->replied);
	}
	doc_footnote(doc, arena_printf(a, T("%ld đơn vị trễ hạn tự đánh giá.",
	                                    "%ld unit(s) late with their self-assessment."), late));
	*out = doc;
	return PX_OK;
}

const char *app_report_disposition(struct arena *a, const char *vi_name, const char *ascii_name,
                                   enum doc_format f)
{
	struct str b;
	str_init(&b, 0);
	str_printf(&b, "attachment; filename=\"%s.%s\"; filename*=UTF-8''", ascii_name,
	           doc_extension(f));
	for (const unsigned char *p = (const unsigned char *)vi_name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			str_addc(&b, (char)*p);
		else
			str_printf(&b, "%%%02X", *p);
	}
	str_printf(&b, ".%s", doc_extension(f));
	char *r = arena_strdup(a, str_cstr(&b));
	str_free(&b);
	return r;
}

/* ---- lists of the JSON API (?format=xlsx|pdf) ---- */

enum px_err app_report_units(struct app *app, int32_t on, const char *lang, struct doc **out,
                             struct diags *d)
{
	struct arena *a = app->arena;
	struct unit_set s = {0};
	if (app_register_load(app, &s) != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	char day[11] = "";
	if (on)
		date_format(on, day);
	struct doc *doc = new_doc(app, on ? arena_printf(a, T("Danh mục đơn vị ngày %s",
	                                                       "Units on %s"), day)
	                                  : T("Danh mục đơn vị", "Units"),
	                          lang);
	doc->source = T("parindex — danh mục đơn vị", "parindex — unit register");
	doc->version = on ? arena_strdup(a, day) : T("mọi thời điểm", "all dates");
	struct doc_col cols[] = {
		{T("Mã", "Code"), DOC_COL_TEXT, 14, false, NULL},
		{T("Tên đơn vị", "Name"), DOC_COL_TEXT, 40, false, NULL},
		{T("Loại", "Kind"), DOC_COL_TEXT, 12, false, NULL},
		{T("Đơn vị cấp trên", "Parent"), DOC_COL_TEXT, 14, false, NULL},
		{T("Hiệu lực từ", "Valid from"), DOC_COL_TEXT, 12, false, NULL},
		{T("Hiệu lực đến", "Valid to"), DOC_COL_TEXT, 12, false, NULL},
		{T("Biên chế", "Payroll quota"), DOC_COL_INT, 10, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Đơn vị", "Units"), doc->title, cols, 7);
	for (size_t i = 0; i < s.n; i++) {
		const struct unit_rec *u = &s.v[i];
		if (on && !unit_active_on(u, on))
			continue;
		struct doc_cell *c = doc_row(tb);
		char from[11], to[11];
		doc_set_text(&c[0], arena_strdup(a, u->code));
		doc_set_text(&c[1], arena_strdup(a, u->name));
		doc_set_text(&c[2], arena_strdup(a, u->kind));
		doc_set_text(&c[3], u->parent ? arena_strdup(a, u->parent) : NULL);
		if (u->valid_from != DATE_MIN) {
			date_format(u->valid_from, from);
			doc_set_text(&c[4], arena_strdup(a, from));
		}
		if (u->valid_to != DATE_MAX) {
			date_format(u->valid_to, to);
			doc_set_text(&c[5], arena_strdup(a, to));
		}
		if (u->has_quota)
			doc_set_num(&c[6], (double)u->payroll_quota);
	}
	unit_set_free(&s);
	*out = doc;
	return PX_OK;
}

enum px_err app_report_frameworks(struct app *app, const char *lang, struct doc **out,
                                  struct diags *d)
{
	struct framework_row *rows;
	size_t n;
	if (app_framework_list(app, &rows, &n) != PX_OK) {
		diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
		return PX_FAIL;
	}
	struct doc *doc = new_doc(app, T("Bộ tiêu chí", "Frameworks"), lang);
	doc->source = T("parindex — bộ tiêu chí", "parindex — frameworks");
	doc->version = T("hiện hành", "current");
	struct doc_col cols[] = {
		{T("Mã", "Code"), DOC_COL_TEXT, 26, false, NULL},
		{T("Năm", "Year"), DOC_COL_INT, 8, false, NULL},
		{T("Tên", "Title"), DOC_COL_TEXT, 50, false, NULL},
		{T("Nhóm đơn vị", "Unit kinds"), DOC_COL_TEXT, 24, false, NULL},
		{T("Số phiên bản đã công bố", "Published versions"), DOC_COL_INT, 12, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Bộ tiêu chí", "Frameworks"), doc->title, cols, 5);
	for (size_t i = 0; i < n; i++) {
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], rows[i].code);
		doc_set_num(&c[1], rows[i].year);
		doc_set_text(&c[2], rows[i].title);
		doc_set_text(&c[3], rows[i].groups);
		doc_set_num(&c[4], (double)rows[i].versions);
	}
	*out = doc;
	return PX_OK;
}

enum px_err app_report_issuer(struct app *app, const char *name, const char *const *keys,
                              const char *const *vals, size_t n, struct doc_issuer **out,
                              struct diags *d)
{
	return issuer(app, name, keys, vals, n, out, d);
}

const char *app_report_upper(struct arena *a, const char *s)
{
	return upper(a, s);
}
