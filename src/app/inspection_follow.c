/*
 * Inspections, what follows from the records: the one JSON shape of an
 * inspection, the notices, the inspection.* metrics (inspections.md
 * "Metrics written", recomputed whole in the transaction of every change),
 * and the demo's 2026 inspection history. See app/inspection.h.
 */
#include "app/inspection.h"
#include "app/inspection_impl.h"
#include "app/cycle.h"
#include "base/arena.h"
#include "base/embedded.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/str.h"
#include "core/plan.h"
#include "core/score.h"
#include "store/repo_audit.h"
#include "store/repo_metric.h"
#include "store/repo_user.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ---- the one JSON shape of an inspection ------------------------------------ */

static void jfield(struct str *s, const char *name, const char *v, bool comma)
{
	str_printf(s, "%s\"%s\": ", comma ? ", " : "", name);
	if (v)
		str_add_json(s, v);
	else
		str_adds(s, "null");
}

void app_inspection_json(const struct insp_view *v, const char *const *verbs, size_t nv,
                         struct str *out)
{
	const struct insp_rec *i = &v->insp;
	str_adds(out, "{");
	jfield(out, "inspection_code", i->code, false);
	str_printf(out, ", \"year\": %ld", i->year);
	jfield(out, "unit_code", i->unit, true);
	jfield(out, "kind", i->kind, true);
	jfield(out, "planned_from", i->planned_from, true);
	jfield(out, "planned_to", i->planned_to, true);
	jfield(out, "lead", i->lead, true);
	jfield(out, "members", i->members, true);
	jfield(out, "places", i->places, true);
	jfield(out, "areas", i->areas, true);
	jfield(out, "checklist", i->checklist, true);
	jfield(out, "state", i->state, true);
	jfield(out, "started_at", i->started_at, true);
	str_adds(out, ", \"conclusion\": ");
	if (i->concl_number) {
		str_adds(out, "{");
		jfield(out, "number", i->concl_number, false);
		jfield(out, "date", i->concl_date, true);
		jfield(out, "summary", i->concl_summary, true);
		str_adds(out, "}");
	} else {
		str_adds(out, "null");
	}
	str_adds(out, ", \"items\": [");
	for (size_t k = 0; k < v->nitems; k++) {
		const struct insp_item_rec *x = &v->items[k];
		str_adds(out, k ? ", {" : "{");
		jfield(out, "item", x->item, false);
		jfield(out, "text", x->text, true);
		jfield(out, "result", x->result, true);
		jfield(out, "note", x->note, true);
		if (x->recheck_rec)
			str_printf(out, ", \"recheck\": %lld, \"remedied\": %s", (long long)x->recheck_rec,
			           x->result && !strcmp(x->result, "compliant") ? "true" : "false");
		long photos = 0;
		for (size_t e = 0; e < v->nevidence; e++)
			photos += v->evidence[e].item_id == x->id;
		str_printf(out, ", \"files\": %ld}", photos);
	}
	str_adds(out, "], \"findings\": [");
	for (size_t k = 0; k < v->nfindings; k++) {
		const struct insp_finding_rec *f = &v->findings[k];
		str_printf(out, "%s{\"n\": %ld", k ? ", " : "", f->n);
		jfield(out, "kind", f->kind, true);
		jfield(out, "area", f->area, true);
		jfield(out, "text", f->text, true);
		jfield(out, "criterion", f->criterion, true);
		jfield(out, "date", f->made_on, true);
		str_adds(out, "}");
	}
	str_adds(out, "], \"recommendations\": [");
	for (size_t k = 0; k < v->nrecos; k++) {
		const struct insp_reco_rec *r = &v->recos[k];
		long fn = 0;
		for (size_t f = 0; f < v->nfindings; f++)
			if (v->findings[f].id == r->finding)
				fn = v->findings[f].n;
		str_printf(out, "%s{\"id\": %lld, \"finding\": %ld", k ? ", " : "", (long long)r->id, fn);
		jfield(out, "text", r->text, true);
		jfield(out, "unit_code", r->unit, true);
		jfield(out, "due", r->due, true);
		jfield(out, "state", r->state, true);
		jfield(out, "report_date", r->report_date, true);
		jfield(out, "verified_on", r->verified_on, true);
		jfield(out, "reject_reason", r->reject_reason, true);
		str_adds(out, "}");
	}
	str_adds(out, "], \"allowed\": [");
	for (size_t k = 0; k < nv; k++) {
		if (k)
			str_adds(out, ", ");
		str_add_json(out, verbs[k]);
	}
	str_adds(out, "]}");
}

/* ---- notices ------------------------------------------------------------ */

static void notice(struct app *app, struct notice **v, size_t *n, size_t *cap, const char *unit,
                   const char *vi, const char *en, int32_t deadline, bool soon, const char *href)
{
	*v = arena_grow(app->arena, *v, cap, *n, sizeof **v);
	(*v)[(*n)++] = (struct notice){"", unit, vi, en, deadline, soon, href};
}

enum px_err app_inspection_notices(struct app *app, const struct actor *who, struct notice **v,
                                   size_t *n, size_t *cap)
{
	struct insp_world w;
	enum px_err e = insp_world_load(app, &w);
	int32_t today = app_today();
	for (size_t i = 0; e == PX_OK && i < w.ninsp; i++) {
		const struct insp_rec *r = &w.insp[i];
		int32_t from = insp_day(r->planned_from);
		if (strcmp(r->state, "planned") || !app_inspection_visible(app, who, r, NULL) ||
		    !app_covers(who, r->unit) || from < today || from - today > 7)
			continue;
		notice(app, v, n, cap, r->unit,
		       arena_printf(app->arena, "Đợt kiểm tra CCHC %s bắt đầu ngày %s", r->code,
		                    r->planned_from),
		       arena_printf(app->arena, "PAR inspection %s begins on %s", r->code, r->planned_from),
		       from, true, arena_printf(app->arena, "/inspections/%s", r->code));
	}
	for (size_t i = 0; e == PX_OK && i < w.nrecos; i++) {
		const struct insp_reco_rec *r = &w.recos[i];
		const struct insp_rec *in = insp_find(&w, r->inspection);
		if (!in || !app_inspection_visible(app, who, in, r->unit) || !insp_reco_overdue(r, today) ||
		    strcmp(r->state, "open") || !app_can(who, CAP_REPORT) ||
		    !app_grant_covers(who, CAP_REPORT, r->unit, NULL) || insp_city_admin(who))
			continue;
		notice(app, v, n, cap, r->unit,
		       arena_printf(app->arena, "Kiến nghị %lld (%s) quá hạn khắc phục từ ngày %s",
		                    (long long)r->id, r->inspection, r->due),
		       arena_printf(app->arena, "Recommendation %lld (%s) overdue since %s",
		                    (long long)r->id, r->inspection, r->due),
		       insp_day(r->due), false, arena_printf(app->arena, "/inspections/%s", r->inspection));
	}
	insp_world_free(&w);
	return e;
}

/* ---- metrics ------------------------------------------------------------ */

static const char *const metric_names[] = {"count", "unannounced", "shortcomings", "violations",
                                           "good_practices", "recommendations",
                                           "recommendations_overdue", "remedy_rate"};
static const char *const metric_vi[] = {
	"Số đợt kiểm tra CCHC trong kỳ", "Số đợt kiểm tra đột xuất", "Số hạn chế phát hiện",
	"Số vi phạm phát hiện", "Số mô hình hay", "Số kiến nghị", "Số kiến nghị quá hạn khắc phục",
	"Tỷ lệ kiến nghị khắc phục đúng hạn"};
static const char *const metric_en[] = {
	"Inspections started in the period", "Unannounced inspections", "Shortcomings found",
	"Violations found", "Good practices found", "Recommendations made",
	"Recommendations overdue", "Recommendations remedied on time"};

bool app_inspection_metric(const char *code)
{
	if (strncmp(code, "inspection.", 11))
		return false;
	for (size_t k = 0; k < sizeof metric_names / sizeof metric_names[0]; k++)
		if (!strcmp(code + 11, metric_names[k]))
			return true;
	return false;
}

struct acc {
	const char *unit;
	struct period per;
	struct insp_counts c;
};

static bool in_period(const char *date, struct period per)
{
	int32_t d = insp_day(date);
	return d != DATE_MIN && d >= period_first_day(per) && d <= period_last_day(per);
}

/* What one recommendation counts for in a period that ends (or is judged)
 * on end: made in it, overdue at its end, due in it, remedied on time. The
 * one rule of the metrics and of their explanation. */
struct reco_in_period {
	bool made, overdue, due, remedied;
};

static struct reco_in_period reco_in_period(const struct insp_reco_rec *x, struct period per,
                                            int32_t end)
{
	struct reco_in_period q = {0};
	q.made = in_period(x->made_on, per);
	q.overdue = insp_day(x->made_on) <= end && insp_reco_overdue(x, end);
	q.due = in_period(x->due, per);
	if (q.due && x->report_date) {
		int s = insp_word(rec_state_names, x->state);
		q.remedied = rec_remedied_on_time(s < 0 ? REC_OPEN : (enum rec_state)s,
		                                  insp_day(x->due), insp_day(x->report_date));
	}
	return q;
}

static void count_period(const struct insp_world *w, struct acc *a, int32_t today)
{
	int32_t end = plan_period_end(period_last_day(a->per), today);
	for (size_t i = 0; i < w->ninsp; i++) {
		const struct insp_rec *r = &w->insp[i];
		if (strcmp(r->unit, a->unit))
			continue;
		if (r->started_at && strcmp(r->state, "planned") && in_period(r->started_at, a->per)) {
			a->c.count++;
			if (!strcmp(r->kind, "unannounced"))
				a->c.unannounced++;
		}
	}
	for (size_t i = 0; i < w->nfindings; i++) {
		const struct insp_finding_rec *f = &w->findings[i];
		const struct insp_rec *r = insp_find(w, f->inspection);
		if (r && !strcmp(r->unit, a->unit) && in_period(f->made_on, a->per))
			insp_count_finding(&a->c, (enum insp_finding)insp_word(insp_finding_names, f->kind));
	}
	for (size_t i = 0; i < w->nrecos; i++) {
		const struct insp_reco_rec *x = &w->recos[i];
		const struct insp_rec *r = insp_find(w, x->inspection);
		if (!r || strcmp(r->unit, a->unit))
			continue;
		struct reco_in_period q = reco_in_period(x, a->per, end);
		a->c.recommendations += q.made;
		a->c.overdue += q.overdue;
		a->c.due += q.due;
		a->c.remedied += q.remedied;
	}
}

static enum px_err write_acc(struct app *app, struct metric_batch *b, const struct acc *a)
{
	long v[7] = {a->c.count, a->c.unannounced, a->c.shortcomings, a->c.violations,
	             a->c.good_practices, a->c.recommendations, a->c.overdue};
	char name[9];
	period_format(a->per, name);
	for (int k = 0; k < 7; k++)
		if (repo_metric_batch_put(b, a->unit, name,
		                          arena_printf(app->arena, "inspection.%s", metric_names[k]),
		                          (double)v[k]) != PX_OK)
			return PX_FAIL;
	double rate;
	if (insp_remedy_rate(&a->c, &rate) &&
	    repo_metric_batch_put(b, a->unit, name, "inspection.remedy_rate", rate) != PX_OK)
		return PX_FAIL;
	return PX_OK;
}

enum px_err app_inspection_metrics_refresh(struct app *app, struct diags *d)
{
	struct insp_world w;
	enum px_err e = insp_world_load(app, &w);
	bool own = !db_in_transaction(app->db);
	if (e == PX_OK && own)
		e = db_begin(app->db);
	for (int k = 0; k < 8 && e == PX_OK; k++) {
		const char *code = arena_printf(app->arena, "inspection.%s", metric_names[k]);
		struct metric_def def = {code, metric_vi[k], metric_en[k],
		                         k == 7 ? "ratio" : k < 2 ? "inspections" : k < 5 ? "findings"
		                                                                       : "recommendations",
		                         "per inspected unit (formats/inspections.md)", AGG_NONE, 0};
		e = repo_metric_define(app->db, &def);
		if (e == PX_OK)
			e = repo_insp_metric_clear(app->db, code);
	}
	int32_t today = app_today();
	const char *asof = insp_day_str(app->arena, today);
	struct map done; /* "unit\x1fyear" */
	map_init(&done);
	struct metric_batch b;
	repo_metric_batch_init(&b, app->db, app->arena, "inspection", asof);
	for (size_t i = 0; i < w.ninsp && e == PX_OK; i++) {
		const struct insp_rec *r = &w.insp[i];
		int years[2] = {(int)r->year, 0}, sy, sm, sd;
		if (r->started_at && insp_day(r->started_at) != DATE_MIN) {
			date_to_ymd(insp_day(r->started_at), &sy, &sm, &sd);
			years[1] = sy;
		}
		for (int yi = 0; yi < 2 && e == PX_OK; yi++) {
			if (!years[yi])
				continue;
			const char *key = arena_printf(app->arena, "%s\x1f%d", r->unit, years[yi]);
			if (map_gets(&done, key))
				continue;
			map_puts(&done, key, (void *)1);
			for (int m = 0; m <= 12 && e == PX_OK; m++) {
				struct acc a = {.unit = r->unit,
				                .per = {m ? PERIOD_MONTH : PERIOD_YEAR, years[yi], m}};
				if (period_first_day(a.per) > today)
					continue;
				count_period(&w, &a, today);
				e = write_acc(app, &b, &a);
			}
		}
	}
	if (e == PX_OK)
		e = repo_metric_batch_flush(&b);
	map_free(&done);
	if (e == PX_FAIL)
		insp_db_error(app, d);
	if (own)
		e = app_commit(app, e, d);
	insp_world_free(&w);
	return e;
}

/* ---- why the values are what they are (explain) ------------------------ */

unsigned app_inspection_metric_causes(const char *metric)
{
	if (!app_inspection_metric(metric))
		return 0;
	if (!strcmp(metric, "inspection.recommendations_overdue"))
		return INSP_CAUSE_OVERDUE;
	if (!strcmp(metric, "inspection.remedy_rate"))
		return INSP_CAUSE_LATE;
	return INSP_CAUSE_INSPECTIONS;
}

enum px_err app_inspection_causes(struct app *app, const struct actor *who, const char *unit,
                                  struct period per, unsigned want, struct insp_cause **out,
                                  size_t *n, struct diags *d)
{
	struct insp_world w;
	*out = NULL;
	*n = 0;
	if (insp_world_load(app, &w) != PX_OK) {
		insp_world_free(&w);
		return insp_db_error(app, d);
	}
	int32_t end = plan_period_end(period_last_day(per), app_today());
	*out = arena_array(app->arena, w.ninsp + w.nrecos + 1, sizeof **out);
	for (size_t i = 0; i < w.ninsp; i++) {
		const struct insp_rec *r = &w.insp[i];
		if (strcmp(r->unit, unit) || !app_inspection_visible(app, who, r, NULL))
			continue;
		bool started = r->started_at && strcmp(r->state, "planned") && in_period(r->started_at, per);
		if ((want & INSP_CAUSE_INSPECTIONS) &&
		    (started || (r->year == per.year && per.kind == PERIOD_YEAR)))
			(*out)[(*n)++] = (struct insp_cause){.insp = r, .started = started};
	}
	for (size_t i = 0; i < w.nrecos; i++) {
		const struct insp_reco_rec *x = &w.recos[i];
		const struct insp_rec *r = insp_find(&w, x->inspection);
		if (!r || strcmp(r->unit, unit) || !app_inspection_visible(app, who, r, x->unit))
			continue;
		struct reco_in_period q = reco_in_period(x, per, end);
		bool overdue = (want & INSP_CAUSE_OVERDUE) && q.overdue;
		bool late = (want & INSP_CAUSE_LATE) && q.due && !q.remedied;
		if (overdue || late)
			(*out)[(*n)++] = (struct insp_cause){.insp = r, .reco = x, .overdue = overdue,
			                                     .late = late};
	}
	insp_world_free(&w);
	return PX_OK;
}

enum px_err app_inspection_explain_node(struct app *app, const struct actor *who, int year,
                                        const struct score_explain_node *node, const char *unit,
                                        struct insp_cause **out, size_t *n, struct diags *d)
{
	*out = NULL;
	*n = 0;
	for (size_t k = 0; k < node->nmetrics; k++) {
		const struct score_explain_metric *m = &node->metrics[k];
		struct period per = {PERIOD_YEAR, year, 0};
		unsigned want = app_inspection_metric_causes(m->metric);
		bool seen = false; /* this metric and period were explained */
		for (size_t j = 0; j < k && !seen; j++)
			seen = !strcmp(node->metrics[j].ref, m->ref);
		if (!want || seen || (m->period && !period_parse(m->period, strlen(m->period), &per)))
			continue;
		struct insp_cause *v;
		size_t nv;
		enum px_err e = app_inspection_causes(app, who, unit, per, want, &v, &nv, d);
		if (e != PX_OK)
			return e;
		struct insp_cause *all = arena_array(app->arena, *n + nv + 1, sizeof *all);
		if (*n)
			memcpy(all, *out, *n * sizeof *all);
		if (nv)
			memcpy(all + *n, v, nv * sizeof *all);
		*out = all;
		*n += nv;
	}
	return PX_OK;
}

static const char *dmy(struct arena *a, const char *iso)
{
	int32_t d = iso ? insp_day(iso) : DATE_MIN;
	if (d == DATE_MIN)
		return iso ? iso : "";
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return arena_printf(a, "%02d/%02d/%04d", dd, m, y);
}

static const char *wordof(const char *const *names, const char *const *vi, const char *s, bool en)
{
	int k = s ? insp_word(names, s) : -1;
	return k < 0 || en ? (s ? s : "") : vi[k];
}

const char *app_inspection_cause_text(struct arena *a, const struct insp_cause *c, bool en)
{
	const struct insp_rec *r = c->insp;
	const char *head = arena_printf(a, "(%s, %s)", wordof(insp_kind_names, insp_kind_vi, r->kind, en),
	                                wordof(insp_state_names, insp_state_vi, r->state, en));
	if (!c->reco) {
		if (!c->started)
			return arena_printf(a, en ? "%s, planned %s" : "%s, dự kiến %s", head,
			                    en ? r->planned_from : dmy(a, r->planned_from));
		return arena_printf(a, en ? "%s, started %s" : "%s, bắt đầu %s", head,
		                    en ? insp_day_str(a, insp_day(r->started_at))
		                       : dmy(a, r->started_at));
	}
	const struct insp_reco_rec *x = c->reco;
	const char *state = wordof(rec_state_names, rec_state_vi, x->state, en);
	const char *why = c->overdue ? (en ? "overdue" : "quá hạn")
	                             : (en ? "not remedied on time" : "không khắc phục đúng hạn");
	return arena_printf(a, en ? "%s: recommendation %lld \"%s\", due %s, %s: %s"
	                          : "%s: kiến nghị %lld «%s», hạn %s, %s: %s",
	                    head, (long long)x->id, x->text, en ? x->due : dmy(a, x->due), state, why);
}

/* ---- the demo's history ---------------------------------------------------- */

/* Findings of the demo (illustrative wording, DOMAIN.md's subjects). */
static const char *const demo_shortcomings[] = {
	"Chưa niêm yết đầy đủ thủ tục hành chính mới được công bố (minh họa)",
	"Một số hồ sơ trễ hạn chưa có văn bản xin lỗi công dân (minh họa)",
	"Công chức tại Bộ phận một cửa chưa đeo thẻ công chức (minh họa)",
	"Chưa hướng dẫn công dân nộp hồ sơ trực tuyến (minh họa)",
};
static const char *const demo_violations[] = {
	"Tiếp nhận hồ sơ không có phiếu kiểm soát quá trình giải quyết (minh họa)",
};
static const char *const demo_good[] = {
	"Ki-ốt tra cứu kết quả giải quyết hồ sơ bằng mã QR (minh họa)",
	"Nhóm Zalo hỗ trợ công dân nộp hồ sơ trực tuyến (minh họa)",
};

static int insp_cmp(const void *a, const void *b)
{
	const struct insp_rec *x = *(const struct insp_rec *const *)a;
	const struct insp_rec *y = *(const struct insp_rec *const *)b;
	int c = strcmp(x->planned_from, y->planned_from);
	return c ? c : strcmp(x->code, y->code);
}

/* One inspection's history, as dated events applied when their day has
 * come (today at the latest): start, checklist results, findings and
 * recommendations, conclusion, the unit's remediation and its
 * verification. k varies the outcomes deterministically. */
static enum px_err demo_one(struct app *app, const struct unit_set *units, struct insp_rec *r,
                            size_t k, int32_t today)
{
	int32_t from = insp_day(r->planned_from), to = insp_day(r->planned_to);
	bool unannounced_later = !strcmp(r->kind, "unannounced") && from > today - 20;
	if (from > today || unannounced_later)
		return PX_OK;
	struct insp_world w;
	enum px_err e = insp_world_load(app, &w);
	long items = 0, rechecked = 0;
	const char *at = arena_printf(app->arena, "%s 08:30", r->planned_from);
	if (e == PX_OK)
		e = repo_insp_set_started(app->db, r->code, at);
	if (e == PX_OK)
		e = repo_insp_set_state(app->db, r->code, "started");
	if (e == PX_OK)
		e = insp_checklist(app, &w, units, r, &items, &rechecked);
	insp_world_free(&w);
	struct insp_item_rec *it;
	size_t nit = 0;
	if (e == PX_OK)
		e = repo_insp_items(app->db, r->code, app->arena, &it, &nit);
	for (size_t j = 0; e == PX_OK && j < nit; j++) {
		const char *res = (k + j) % 4 == 0 ? "non_compliant"
		                  : (k + j) % 7 == 0 ? "not_applicable" : "compliant";
		if (it[j].recheck_rec)
			res = k % 2 ? "compliant" : "non_compliant";
		e = repo_insp_item_check(app->db, it[j].id, res, "", at, r->lead);
	}
	const char *day = insp_day_str(app->arena, to <= today ? to : today);
	struct insp_finding_rec f[3];
	size_t nf = 0;
	f[nf++] = (struct insp_finding_rec){.kind = "shortcoming", .area = "procedure",
	                                    .text = demo_shortcomings[k % 4]};
	if (k % 4 == 1)
		f[nf++] = (struct insp_finding_rec){.kind = "violation", .area = "procedure",
		                                    .text = demo_violations[0], .criterion = NULL};
	if (k % 3 == 0)
		f[nf++] = (struct insp_finding_rec){.kind = "good_practice", .area = "digital",
		                                    .text = demo_good[k % 2]};
	/* some teams are still writing their conclusion */
	bool concluded = to + 10 <= today && k % 5 != 4;
	long ui = unit_set_find(units, r->unit);
	bool active = ui >= 0 && unit_active_on(&units->v[ui], today);
	long nrec = 0, accepted = 0;
	for (size_t i = 0; e == PX_OK && i < nf; i++) {
		f[i].inspection = r->code;
		f[i].n = (long)i + 1;
		f[i].made_on = day;
		f[i].made_by = r->lead;
		int64_t fid, rid;
		e = repo_insp_finding_add(app->db, &f[i], &fid);
		if (e != PX_OK || !strcmp(f[i].kind, "good_practice"))
			continue;
		int32_t due = to + 45;
		struct insp_reco_rec x = {.inspection = r->code, .finding = fid, .unit = r->unit,
		                          .text = i ? "Chấn chỉnh việc tiếp nhận hồ sơ (minh họa)"
		                                    : "Khắc phục hạn chế đã nêu, báo cáo kết quả (minh họa)",
		                          .due = insp_day_str(app->arena, due), .made_on = day};
		e = repo_insp_reco_add(app->db, &x, &rid);
		nrec++;
		/* remediation: most units report before the due date; some are
		 * late; a unit dissolved since (the ward merged on 01/07/2025)
		 * reports nothing: its successor re-checks it in 2026 */
		if (e != PX_OK || due > today || k % 3 == 1 || !active)
			continue;
		x.id = rid;
		x.state = "done";
		x.report_date = insp_day_str(app->arena, due - 5);
		x.report_note = "Đã khắc phục (minh họa)";
		if (k % 2 == 0 && concluded) {
			x.state = "accepted";
			x.verified_on = insp_day_str(app->arena, due);
			accepted++;
		}
		e = repo_insp_reco_update(app->db, &x);
	}
	if (e == PX_OK && concluded) {
		const char *number = arena_printf(app->arena, "%zu/KL-%s", k + 1,
		                                  r->planner ? "SVHTT" : "SNV");
		e = repo_insp_set_conclusion(app->db, r->code, number, insp_day_str(app->arena, to + 10),
		                             "Cơ bản thực hiện tốt; còn một số hạn chế nêu tại phụ lục "
		                             "(minh họa)");
		if (e == PX_OK)
			e = repo_insp_set_state(app->db, r->code, nrec == accepted ? "closed" : "concluded");
	}
	if (e == PX_OK)
		e = audit_append(app->db, app->actor, "demo", "inspection", r->code,
		                 arena_printf(app->arena, "{\"findings\": %zu, \"recommendations\": %ld, "
		                              "\"rechecked\": %ld}", nf, nrec, rechecked));
	return e;
}

enum px_err app_inspection_demo(struct app *app, struct diags *d)
{
	static const struct {
		const char *file, *as; /* as: the importing office (NULL: the city) */
	} plans[] = {
		{"inspections_2025.csv", NULL},
		{"inspections.csv", NULL},
		{"inspections_vhtt.csv", "office-vhtt"},
	};
	for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
		const struct embedded_file *f = embedded_find(demo_files, plans[i].file);
		if (!f) {
			diag_err(d, NULL, 0, 0, "thiếu tệp mẫu %s", "missing demo file %s", plans[i].file);
			return PX_FAIL;
		}
		struct actor who = {app->actor, "admin", NULL, NULL, 0, NULL};
		struct user_rec u;
		if (plans[i].as) {
			if (repo_user_get(app->db, app->arena, plans[i].as, &u, NULL) != PX_OK)
				continue; /* no such demo user: the city's plan only */
			app_actor_of(app, &u, &who);
		}
		struct import_summary sum;
		char name[64];
		snprintf(name, sizeof name, "demo/%s", f->name);
		enum px_err e = app_inspection_import_as(app, &who, name, f->data, f->len, d, &sum);
		if (e != PX_OK)
			return e;
	}
	struct insp_world w;
	struct unit_set units = {0};
	enum px_err e = insp_world_load(app, &w);
	if (e == PX_OK)
		e = app_register_load(app, &units);
	if (e != PX_OK) {
		insp_world_free(&w);
		unit_set_free(&units);
		return insp_db_error(app, d);
	}
	register_index(&units);
	struct insp_rec **order = arena_array(app->arena, w.ninsp + 1, sizeof *order);
	for (size_t i = 0; i < w.ninsp; i++)
		order[i] = &w.insp[i];
	qsort(order, w.ninsp, sizeof *order, insp_cmp);
	int32_t today = app_today();
	e = db_begin(app->db);
	/* k counts within the 2025 history and, from 1, within the 2026 plan,
	 * so adding a year of history changes no outcome of the other */
	size_t k_past = 0, k_plan = 1;
	for (size_t i = 0; e == PX_OK && i < w.ninsp; i++)
		if (!strcmp(order[i]->state, "planned"))
			e = demo_one(app, &units, order[i], order[i]->year < 2026 ? k_past++ : k_plan++,
			             today);
	if (e == PX_OK)
		e = app_inspection_metrics_refresh(app, d);
	if (e == PX_FAIL)
		insp_db_error(app, d);
	e = app_commit(app, e, d);
	insp_world_free(&w);
	unit_set_free(&units);
	return e;
}
