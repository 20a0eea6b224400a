/*
 * The staff evaluation reports (app/report.h): a unit's month and a
 * unit's annual classification, the documents the office files. Same
 * data as the pages (app_eval_month, app_eval_year: the privacy rule is
 * theirs); nothing here knows XLSX or PDF.
 */
#include "app/report.h"
#include "app/evaluation.h"
#include "base/arena.h"
#include "base/clock.h"
#include "core/register.h"
#include "io/chart.h"

#include <math.h>
#include <string.h>

#define T(vi, en) (en_ ? (en) : (vi))

static const char *const level_en[] = {"excellent", "good", "completed", "not completed",
                                       "not rated"};

static struct doc *eval_doc(struct app *app, const char *title, bool en_)
{
	struct doc *doc = doc_new(app->arena, title);
	doc->lang = en_ ? "en" : "vi";
	doc->exported_at = clock_now();
	doc->source = T("parindex — đánh giá, xếp loại cán bộ, công chức",
	                "parindex — staff evaluation");
	doc->version = "live";
	return doc;
}

static const char *state_of(const char *s, bool en_)
{
	if (!strcmp(s, "missing"))
		return T("chưa đánh giá", "not evaluated yet");
	if (!strcmp(s, "self_evaluated"))
		return T("đã tự đánh giá", "self-evaluated");
	if (!strcmp(s, "scored"))
		return T("lãnh đạo đã chấm", "scored by the manager");
	if (!strcmp(s, "approved"))
		return T("đã duyệt", "approved");
	return s;
}

enum px_err app_report_eval_month(struct app *app, const struct actor *who, const char *unit,
                                  const char *month, const char *lang, struct doc **out,
                                  struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct eval_month_view v;
	enum px_err e = app_eval_month(app, who, unit, month, &v, d);
	if (e != PX_OK)
		return e;
	const char *mv = en_ ? month : arena_printf(a, "%.2s/%.4s", month + 5, month);
	struct doc *doc = eval_doc(app, arena_printf(a, T("Kết quả đánh giá tháng %s — %s",
	                                                  "Evaluation of %s — %s"), mv, unit), en_);
	doc->subtitle = arena_printf(a, T("Bộ quy tắc %s", "Rule set %s"), v.rules.code);
	doc_meta(doc, T("Đơn vị", "Unit"), unit);
	doc_meta(doc, T("Tháng", "Month"), mv);
	doc_meta(doc, T("Bộ quy tắc", "Rule set"), v.rules.code);
	size_t nc = v.rules.ncomp + 5;
	struct doc_col *cols = arena_array(a, nc, sizeof *cols);
	size_t k = 0;
	cols[k++] = (struct doc_col){T("Mã cán bộ", "Staff code"), DOC_COL_TEXT, 12, false, NULL};
	cols[k++] = (struct doc_col){T("Họ và tên", "Name"), DOC_COL_TEXT, 28, false, NULL};
	for (size_t c = 0; c < v.rules.ncomp; c++)
		cols[k++] = (struct doc_col){en_ ? v.rules.comp[c].title_en : v.rules.comp[c].title_vi,
		                             DOC_COL_POINTS, 12, false, v.rules.comp[c].code};
	cols[k++] = (struct doc_col){T("Tổng điểm", "Total"), DOC_COL_POINTS, 10, false, NULL};
	cols[k++] = (struct doc_col){T("Xếp loại", "Grade"), DOC_COL_TEXT, 12, false, NULL};
	cols[k++] = (struct doc_col){T("Tình trạng", "State"), DOC_COL_TEXT, 18, false, NULL};
	struct doc_table *tb = doc_table_new(doc, T("Tháng", "Month"), NULL, cols, k);
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_month_row *m = &v.rows[i];
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], m->staff);
		doc_set_text(&c[1], m->name);
		for (size_t j = 0; j < v.rules.ncomp; j++)
			doc_set_num(&c[2 + j], m->has_points[j] ? m->pts[j] / 100.0 : NAN);
		doc_set_num(&c[2 + v.rules.ncomp], m->approved ? m->total / 100.0 : NAN);
		if (m->approved)
			doc_set_text(&c[3 + v.rules.ncomp], v.rules.grades[m->grade].code);
		doc_set_text(&c[4 + v.rules.ncomp], state_of(m->state, en_));
	}
	if (v.rules.quota.present)
		doc_footnote(doc, arena_printf(a, T("Tỷ lệ loại %s: %ld/%ld người được phép%s.",
		                                    "Grade %s quota: %ld of at most %ld%s."),
		                               v.rules.grades[v.rules.quota.rank].code, v.holders, v.cap,
		                               v.outstanding ? T(" (đơn vị xuất sắc)", " (outstanding unit)")
		                                             : ""));
	*out = doc;
	return PX_OK;
}

enum px_err app_report_eval_year(struct app *app, const struct actor *who, const char *unit,
                                 int year, const char *lang, struct doc **out, struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct eval_year_view v;
	enum px_err e = app_eval_year(app, who, unit, year, &v, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = eval_doc(app, arena_printf(a, T("Kết quả xếp loại chất lượng năm %d — %s",
	                                                  "Annual classification %d — %s"),
	                                             year, unit), en_);
	doc->subtitle = arena_printf(a, T("Bộ quy tắc %s", "Rule set %s"), v.rules.code);
	doc->landscape = true;
	doc_meta(doc, T("Đơn vị", "Unit"), unit);
	doc_meta(doc, T("Năm", "Year"), arena_printf(a, "%d", year));
	struct doc_col cols[] = {
		{T("Mã cán bộ", "Staff code"), DOC_COL_TEXT, 12, false, NULL},
		{T("Họ và tên", "Name"), DOC_COL_TEXT, 28, false, NULL},
		{T("Số tháng được đánh giá", "Rated months"), DOC_COL_INT, 10, false, T("Số tháng", "Months")},
		{T("Số tháng theo loại", "Months by grade"), DOC_COL_TEXT, 24, false, NULL},
		{T("Mức xếp loại", "Level"), DOC_COL_TEXT, 16, false, NULL},
		{T("Lý do", "Reason"), DOC_COL_TEXT, 60, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Xếp loại", "Classification"), NULL, cols, 6);
	long count[EVAL_NLEVEL] = {0};
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_year_row *y = &v.rows[i];
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], y->staff);
		doc_set_text(&c[1], y->name);
		doc_set_num(&c[2], (double)y->in.months_rated);
		doc_set_text(&c[3], y->grade_counts);
		doc_set_text(&c[4], en_ ? level_en[y->out.level] : eval_level_vi[y->out.level]);
		doc_set_text(&c[5], en_ ? y->out.reason_en : y->out.reason_vi);
		count[y->out.level]++;
	}
	struct chart_count *cc = arena_array(a, EVAL_NLEVEL, sizeof *cc);
	for (int l = 0; l < EVAL_NLEVEL; l++)
		cc[l] = (struct chart_count){en_ ? level_en[l] : eval_level_vi[l], count[l],
		                             l == EVAL_NOT_RATED ? -1 : l};
	struct chart_grades_spec spec = {0};
	spec.opts.axis_title = T("Số người", "Staff");
	spec.opts.lang = doc->lang;
	spec.opts.png_scale = 1.5;
	spec.opts.width = 600;
	spec.counts = cc;
	spec.ncounts = EVAL_NLEVEL;
	struct str png;
	str_init(&png, 0);
	if (chart_grades_draw(&spec, CHART_PNG, &png) == PX_OK)
		doc_chart_png(doc, T("Số người theo mức xếp loại", "Staff by level"), &png, 0);
	str_free(&png);
	doc_chart_vector(doc, CHART_KIND_GRADES, &spec, sizeof spec);
	/* the notice the head of the unit issues (Decree 30 layout) */
	const char *name = unit;
	struct unit_set us = {0};
	if (app_register_load(app, &us) == PX_OK) {
		long ui = unit_set_find(&us, unit);
		if (ui >= 0)
			name = arena_strdup(a, us.v[ui].name);
	}
	unit_set_free(&us);
	const char *keys[] = {"unit", "unit_name", "UNIT_NAME", "year", "total",
	                      "excellent", "good", "completed", "not_completed", "not_rated"};
	const char *vals[10] = {unit, name, app_report_upper(a, name), arena_printf(a, "%d", year),
	                        arena_printf(a, "%zu", v.n)};
	for (int l = 0; l < EVAL_NLEVEL && l < 5; l++)
		vals[5 + l] = arena_printf(a, "%ld", count[l]);
	struct doc_issuer *is;
	e = app_report_issuer(app, "evaluation-classification.json", keys, vals, 10, &is, d);
	if (e != PX_OK)
		return e;
	doc->issuer = is;
	*out = doc;
	return PX_OK;
}
