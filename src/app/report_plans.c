/*
 * The plan reports (app/report.h): the office's overview of every unit's
 * plan of a year (app_report_plans: one row per plan with its counts and
 * completion, the bar chart of completion per unit) and one plan with its
 * tasks on a day (app_report_plan). Same data as the pages
 * (app/plan_overview.h, app_plan_view); nothing here knows XLSX or PDF.
 */
#include "app/report.h"
#include "app/access.h"
#include "app/plan.h"
#include "app/plan_overview.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "io/chart.h"

#include <math.h>
#include <string.h>

#define T(vi, en) (en_ ? (en) : (vi))

static struct doc *plan_doc(struct app *app, const char *title, bool en_)
{
	struct doc *doc = doc_new(app->arena, title);
	doc->lang = en_ ? "en" : "vi";
	doc->exported_at = clock_now();
	doc->source = T("parindex — kế hoạch cải cách hành chính", "parindex — PAR plans");
	return doc;
}

static const char *day_text(struct arena *a, int32_t d, bool en_)
{
	char buf[11];
	date_format(d, buf);
	if (en_)
		return arena_strdup(a, buf);
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return arena_printf(a, "%02d/%02d/%04d", dd, m, y);
}

static const char *iso_text(struct arena *a, const char *iso, bool en_)
{
	int32_t d;
	if (!iso || !date_parse(iso, strlen(iso), &d))
		return iso;
	return day_text(a, d, en_);
}

enum px_err app_report_plans(struct app *app, const struct actor *who, int year,
                             const char *lang, struct doc **out, struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	int32_t asof = app_plan_year_asof(year);
	struct plan_overview_row *v;
	size_t n;
	enum px_err e = app_plan_overview(app, who, year, asof, &v, &n, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = plan_doc(app, arena_printf(a, T("Tổng hợp thực hiện kế hoạch CCHC năm %d",
	                                                  "PAR plans of %d: progress by unit"), year),
	                           en_);
	doc->version = day_text(a, asof, en_);
	doc->subtitle = arena_printf(a, T("Tính đến ngày %s", "As of %s"), doc->version);
	doc->landscape = true;
	doc_meta(doc, T("Năm", "Year"), arena_printf(a, "%d", year));
	doc_meta(doc, T("Tính đến ngày", "As of"), doc->version);
	doc_meta(doc, T("Số kế hoạch", "Plans"), arena_printf(a, "%zu", n));
	struct doc_col cols[] = {
		{T("Mã đơn vị", "Unit code"), DOC_COL_TEXT, 14, true, NULL},
		{T("Đơn vị", "Unit"), DOC_COL_TEXT, 34, false, NULL},
		{T("Kế hoạch", "Plan"), DOC_COL_TEXT, 20, false, NULL},
		{T("Tổng số nhiệm vụ", "Tasks"), DOC_COL_INT, 9, false, T("Tổng", "Tasks")},
		{T("Đã hoàn thành", "Done"), DOC_COL_INT, 9, false, T("Xong", "Done")},
		{T("Đúng hạn", "On time"), DOC_COL_INT, 9, false, NULL},
		{T("Đang thực hiện", "In progress"), DOC_COL_INT, 9, false, T("Đang làm", "Doing")},
		{T("Quá hạn", "Overdue"), DOC_COL_INT, 9, false, NULL},
		{T("Tỷ lệ hoàn thành đúng hạn (%)", "Completion on time (%)"), DOC_COL_PERCENT, 12, false,
		 T("Tỷ lệ (%)", "Rate (%)")},
	};
	struct doc_table *tb = doc_table_new(doc, T("Tổng hợp", "Overview"), NULL, cols, 9);
	struct chart_bar *bars = arena_array(a, n + 1, sizeof *bars);
	size_t nb = 0;
	long total = 0, on_time = 0;
	for (size_t i = 0; i < n; i++) {
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], v[i].unit);
		doc_set_text(&c[1], v[i].unit_name);
		doc_set_text(&c[2], v[i].plan);
		doc_set_num(&c[3], (double)v[i].total);
		doc_set_num(&c[4], (double)v[i].done);
		doc_set_num(&c[5], (double)v[i].on_time);
		doc_set_num(&c[6], (double)v[i].in_progress);
		doc_set_num(&c[7], (double)v[i].overdue);
		doc_set_num(&c[8], v[i].has_completion ? v[i].completion : NAN);
		total += v[i].total;
		on_time += v[i].on_time;
		if (v[i].has_completion && nb < CHART_MAX_ITEMS)
			bars[nb++] = (struct chart_bar){.label = v[i].unit_name, .value = v[i].completion,
			                                .band = -1};
	}
	for (size_t i = 1; i < nb; i++) /* by completion, descending */
		for (size_t k = i; k > 0 && bars[k - 1].value < bars[k].value; k--) {
			struct chart_bar t = bars[k];
			bars[k] = bars[k - 1];
			bars[k - 1] = t;
		}
	doc_footnote(doc, T("Tỷ lệ hoàn thành đúng hạn = số nhiệm vụ hoàn thành đúng hạn / tổng số "
	                    "nhiệm vụ (không tính nhiệm vụ đã hủy), như chỉ số plan.completion.",
	                    "Completion on time = tasks done on time / tasks (cancelled ones left "
	                    "out), as the metric plan.completion."));
	if (total)
		doc_footnote(doc, arena_printf(a, T("Toàn bộ: %ld/%ld nhiệm vụ hoàn thành đúng hạn.",
		                                    "All plans: %ld of %ld tasks done on time."),
		                               on_time, total));
	if (nb) {
		struct chart_ranking_spec spec = {0};
		spec.opts.axis_title = T("Tỷ lệ hoàn thành đúng hạn (%)", "Completion on time (%)");
		spec.opts.lang = doc->lang;
		spec.opts.decimals = 1;
		spec.opts.png_scale = 1.5;
		spec.opts.width = 700;
		spec.bars = bars;
		spec.nbars = nb;
		spec.axis_max = 100;
		struct str png;
		str_init(&png, 0);
		if (chart_ranking_draw(&spec, CHART_PNG, &png) == PX_OK)
			doc_chart_png(doc, T("Tỷ lệ hoàn thành đúng hạn theo đơn vị",
			                     "Completion on time by unit"), &png, 0);
		str_free(&png);
		doc_chart_vector(doc, CHART_KIND_RANKING, &spec, sizeof spec);
	}
	*out = doc;
	return PX_OK;
}

static const char *const state_en[] = {"done on time", "done late", "overdue", "open",
                                       "cancelled"};
static const char *const status_en[] = {"not started", "in progress", "done", "cancelled"};

enum px_err app_report_plan(struct app *app, const struct actor *who, const char *code,
                            int32_t asof, const char *lang, struct doc **out, struct diags *d)
{
	bool en_ = lang && !strcmp(lang, "en");
	struct arena *a = app->arena;
	struct plan_view pv;
	enum px_err e = app_plan_view(app, who, code, asof, &pv, d);
	if (e != PX_OK)
		return e;
	struct doc *doc = plan_doc(app, arena_printf(a, T("Kế hoạch CCHC %s", "PAR plan %s"), code),
	                           en_);
	doc->version = day_text(a, asof, en_);
	doc->subtitle = arena_printf(a, T("Đơn vị %s, năm %ld; tính đến ngày %s",
	                                  "Unit %s, %ld; as of %s"),
	                             pv.plan.unit, pv.plan.year, doc->version);
	doc->landscape = true;
	doc_meta(doc, T("Kế hoạch", "Plan"), code);
	doc_meta(doc, T("Đơn vị", "Unit"), pv.plan.unit);
	doc_meta(doc, T("Năm", "Year"), arena_printf(a, "%ld", pv.plan.year));
	if (pv.plan.parent_plan)
		doc_meta(doc, T("Kế hoạch cấp trên", "Superior plan"), pv.plan.parent_plan);
	doc_meta(doc, T("Tính đến ngày", "As of"), doc->version);
	struct doc_col cols[] = {
		{T("Nhiệm vụ", "Task"), DOC_COL_TEXT, 8, false, NULL},
		{T("Nội dung", "Title"), DOC_COL_TEXT, 44, false, NULL},
		{T("Đơn vị chủ trì", "Owner"), DOC_COL_TEXT, 14, false, NULL},
		{T("Hạn", "Due"), DOC_COL_TEXT, 11, false, NULL},
		{T("Tình trạng báo cáo", "Status"), DOC_COL_TEXT, 14, false, T("Báo cáo", "Status")},
		{T("Trạng thái", "State"), DOC_COL_TEXT, 16, false, NULL},
		{T("Số ngày trễ", "Days late"), DOC_COL_INT, 8, false, T("Trễ", "Late")},
		{T("Tiến độ (%)", "Progress (%)"), DOC_COL_INT, 8, false, NULL},
		{T("Văn bản", "Document"), DOC_COL_TEXT, 16, false, NULL},
	};
	struct doc_table *tb = doc_table_new(doc, T("Nhiệm vụ", "Tasks"), NULL, cols, 9);
	long total = 0, done = 0, on_time = 0, overdue = 0;
	for (size_t i = 0; i < pv.n; i++) {
		const struct plan_task_view *t = &pv.tasks[i];
		struct doc_cell *c = doc_row(tb);
		doc_set_text(&c[0], t->task->code);
		doc_set_text(&c[1], t->task->title);
		doc_set_text(&c[2], t->task->owner);
		doc_set_text(&c[3], iso_text(a, t->task->due, en_));
		doc_set_text(&c[4], en_ ? status_en[t->status] : plan_status_vi[t->status]);
		doc_set_text(&c[5], en_ ? state_en[t->state] : plan_state_vi[t->state]);
		if (t->state == PLAN_OVERDUE || t->state == PLAN_DONE_LATE)
			doc_set_num(&c[6], (double)t->days_late);
		if (t->has_progress)
			doc_set_num(&c[7], (double)t->progress);
		else if (t->state == PLAN_DONE_ON_TIME || t->state == PLAN_DONE_LATE)
			doc_set_num(&c[7], 100);
		if (t->current && t->current->document && *t->current->document)
			doc_set_text(&c[8], t->current->document);
		if (t->state == PLAN_STATE_CANCELLED)
			continue;
		total++;
		done += t->state == PLAN_DONE_ON_TIME || t->state == PLAN_DONE_LATE;
		on_time += t->state == PLAN_DONE_ON_TIME;
		overdue += t->state == PLAN_OVERDUE;
	}
	doc_footnote(doc, arena_printf(a, T("%ld nhiệm vụ (không tính nhiệm vụ đã hủy): %ld đã hoàn "
	                                    "thành, %ld đúng hạn, %ld quá hạn.",
	                                    "%ld tasks (cancelled ones left out): %ld done, %ld on "
	                                    "time, %ld overdue."),
	                               total, done, on_time, overdue));
	*out = doc;
	return PX_OK;
}
