/*
 * The monthly evaluation flow on the one workflow mechanism
 * (app/workflow.c): eval_machine, one item per staff member and month
 * (key "STAFF:YYYY-MM").
 *
 *   (none) --self--> self_evaluated --score--> scored --approve--> approved
 *   self_evaluated --self--> (revise)      scored --score--> (revise)
 *   approved --reopen (office, a reason)--> scored
 *
 * Who: "self" is the staff member's own (the login is the staff code;
 * the command line's admin may act for them); "score" and "approve" a
 * leader whose grant covers the staff member's unit, never on their own
 * record; "reopen" an office whose grant covers it. Every rule runs in
 * the write transaction, after the lock; the month's quota is checked in
 * the transaction of each approval, so two heads approving at once cannot
 * both pass it. The unit's month is approved at once by
 * app_eval_unit_approve: the quota over the whole month is checked first
 * (naming cap, count and holders), then each scored item is approved.
 */
#include "app/evaluation.h"
#include "app/evaluation_flow.h"
#include "app/workflow.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/str.h"
#include "io/evaluation_io.h"
#include "store/repo_evaluation.h"
#include "store/repo_unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { ES_SELF, ES_SCORED, ES_APPROVED };
static const char *const states[] = {"self_evaluated", "scored", "approved", NULL};
static const char *const states_vi[] = {"đã tự đánh giá", "đã chấm điểm", "đã duyệt", NULL};

struct item {
	struct staff_rec staff;
	const char *month;
	struct eval_rules rules;
	bool has_rules, exists;
	struct eval_month_rec rec;
};

static enum px_err item_load(struct wf_ctx *c, const char *key)
{
	struct app *app = c->app;
	struct item *it = arena_alloc(app->arena, sizeof *it);
	memset(it, 0, sizeof *it);
	c->data = it;
	c->state = WF_NONE;
	const char *colon = strchr(key, ':');
	struct period p;
	if (!colon || !period_parse(colon + 1, strlen(colon + 1), &p) || p.kind != PERIOD_MONTH) {
		diag_err(c->d, NULL, 0, 0, "không có đánh giá này", "no such evaluation");
		return PX_NOTFOUND;
	}
	const char *code = arena_strndup(app->arena, key, (size_t)(colon - key));
	it->month = colon + 1;
	struct staff_rec *st;
	size_t n;
	if (app_staff_list(app, NULL, &st, &n) != PX_OK)
		return PX_FAIL;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (!strcmp(st[i].code, code)) {
			it->staff = st[i];
			found = true;
		}
	if (!found || it->staff.valid_from > period_last_day(p) ||
	    it->staff.valid_to < period_first_day(p)) {
		diag_err(c->d, NULL, 0, 0, "không có đánh giá này", "no such evaluation");
		return PX_NOTFOUND;
	}
	struct diags tmp;
	diags_init(&tmp);
	it->has_rules = app_eval_rules_on(app, period_first_day(p), &it->rules, &tmp) == PX_OK;
	diags_free(&tmp);
	struct eval_month_rec *m;
	size_t nm;
	if (repo_eval_months(app->db, it->month, app->arena, &m, &nm) != PX_OK)
		return PX_FAIL;
	for (size_t i = 0; i < nm; i++)
		if (!strcmp(m[i].staff, code)) {
			it->rec = m[i];
			it->exists = true;
			c->state = wf_state(c->m, m[i].state);
		}
	c->unit = it->staff.unit_code;
	c->visible = app_may_see_evaluation(c->who, code, c->unit);
	return PX_OK;
}

static enum px_err set_state(struct wf_ctx *c, int to)
{
	struct item *it = c->data;
	struct eval_month_rec m = {it->staff.code, it->month, it->staff.unit_code, it->rules.code,
	                           states[to], it->exists ? it->rec.source : "workflow", NULL, NULL};
	if (to == ES_APPROVED) {
		m.approved_at = clock_now_iso(c->app->arena);
		m.approved_by = c->app->actor;
	}
	enum px_err e = repo_eval_month_put(c->app->db, &m);
	if (e == PX_OK)
		e = app_eval_metrics_refresh(c->app, c->d);
	return e;
}

static enum px_err refuse(struct wf_ctx *c, const char *vi, const char *en)
{
	diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
	return PX_BADINPUT;
}

static bool own_record(const struct wf_ctx *c)
{
	const struct item *it = c->data;
	return c->who->login && !strcasecmp(c->who->login, it->staff.code);
}

static enum px_err guard_self(struct wf_ctx *c)
{
	const struct item *it = c->data;
	if (!it->has_rules)
		return refuse(c, "không có bộ quy tắc đánh giá áp dụng cho tháng này",
		              "no evaluation rule set in force for this month");
	if (!own_record(c) && !app_holds_role(c->who, "admin")) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL, "chỉ chính cán bộ mới tự đánh giá",
		          "only the staff member evaluates themselves");
		return PX_DENIED;
	}
	return PX_OK;
}

static enum px_err guard_lead(struct wf_ctx *c)
{
	if (own_record(c)) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL, "không ai tự chấm hoặc duyệt cho chính mình",
		          "nobody scores or approves their own evaluation");
		return PX_DENIED;
	}
	if (!app_holds_role_over(c->who, "leader", c->unit) &&
	    !app_holds_role_over(c->who, "admin", c->unit)) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
		          "chỉ lãnh đạo có quyền trên đơn vị của cán bộ",
		          "only a leader whose grant covers the staff member's unit");
		return PX_DENIED;
	}
	return PX_OK;
}

static enum px_err guard_office(struct wf_ctx *c)
{
	if (!app_grant_covers(c->who, CAP_OFFICE, c->unit, NULL)) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL, "chỉ văn phòng có quyền trên đơn vị",
		          "only an office whose grant covers the unit");
		return PX_DENIED;
	}
	return PX_OK;
}

/* A whole percent 0..100 typed at where; false (reported) otherwise. */
static bool parse_rate(struct wf_ctx *c, const char *s, const char *where, long *out)
{
	char *end = NULL;
	long v = s && *s ? strtol(s, &end, 10) : -1;
	if (!s || !*s) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, where, "cần nhập tỷ lệ %", "a rate in % is needed");
		return false;
	}
	if (!end || *end || v < 0 || v > 100) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, where, "cần một số nguyên từ 0 đến 100 (%)",
		          "a whole number from 0 to 100 (%) is needed");
		return false;
	}
	*out = v;
	return true;
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* The work items typed (Decree 335): every non-blank row needs a title
 * and three rates; at least one item. Stored in it->items (recs). */
static enum px_err parse_items(struct wf_ctx *c, const struct eval_flow_args *a,
                               struct eval_item_rec **recs, size_t *n, long *tasks, long max)
{
	struct arena *ar = c->app->arena;
	size_t cap = a ? a->nitems : 0;
	*recs = arena_array(ar, cap + 1, sizeof **recs);
	*n = 0;
	struct eval_work_item *w = arena_array(ar, cap + 1, sizeof *w);
	bool bad = false;
	for (size_t i = 0; i < cap; i++) {
		const struct eval_item_in *in = &a->items[i];
		if (blank(in->title) && blank(in->quantity) && blank(in->quality) && blank(in->progress))
			continue;
		const char *title = in->title ? in->title : "";
		while (*title == ' ')
			title++;
		struct eval_item_rec r = {.title = title};
		if (!*title) {
			diag_text(c->d, DIAG_ERROR, NULL, 0, 0, arena_printf(ar, "item%zu.title", i + 1),
			          "cần tên công việc", "the work item needs a title");
			bad = true;
		} else if (strlen(title) > 500) {
			diag_text(c->d, DIAG_ERROR, NULL, 0, 0, arena_printf(ar, "item%zu.title", i + 1),
			          "tên công việc quá dài (tối đa 500 byte)",
			          "the title is too long (500 bytes at most)");
			bad = true;
		}
		bad |= !parse_rate(c, in->quantity, arena_printf(ar, "item%zu.quantity", i + 1),
		                   &r.quantity);
		bad |= !parse_rate(c, in->quality, arena_printf(ar, "item%zu.quality", i + 1), &r.quality);
		bad |= !parse_rate(c, in->progress, arena_printf(ar, "item%zu.progress", i + 1),
		                   &r.progress);
		if (*n >= EVAL_MAX_ITEMS) {
			diag_text(c->d, DIAG_ERROR, NULL, 0, 0, "items", "quá nhiều công việc (tối đa 50)",
			          "too many work items (50 at most)");
			return PX_BADINPUT;
		}
		w[*n] = (struct eval_work_item){r.quantity, r.quality, r.progress};
		(*recs)[(*n)++] = r;
	}
	if (bad)
		return PX_BADINPUT;
	if (!*n) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, "items",
		          "cần ít nhất một công việc trong tháng (điểm nhiệm vụ tính từ công việc)",
		          "at least one work item of the month is needed (the task points come from them)");
		return PX_BADINPUT;
	}
	*tasks = eval_tasks_from_items(max, w, *n);
	return PX_OK;
}

/* Parses the typed points (one per component) into centi-points; every
 * bad field is reported with its component code as where. With
 * "tasks_from_items" the tasks component comes from the items instead
 * (*items, *nitems: what to store; NULL when the rule set has none). */
static enum px_err parse_points(struct wf_ctx *c, const struct eval_flow_args *a, long *pts,
                                struct eval_item_rec **items, size_t *nitems)
{
	const struct item *it = c->data;
	enum px_err e = PX_OK;
	*items = NULL;
	*nitems = 0;
	int from_items = it->rules.tasks_from_items ? eval_component_find(&it->rules, "tasks") : -1;
	if (from_items >= 0)
		e = parse_items(c, a, items, nitems, &pts[from_items], it->rules.comp[from_items].max);
	for (size_t i = 0; i < it->rules.ncomp; i++) {
		const struct eval_component *k = &it->rules.comp[i];
		if ((int)i == from_items) {
			if (a && i < a->n && a->values[i] && *a->values[i]) {
				diag_text(c->d, DIAG_ERROR, NULL, 0, 0, k->code,
				          "điểm nhiệm vụ được tính từ các công việc, không nhập trực tiếp",
				          "the task points are computed from the work items, not typed");
				e = PX_BADINPUT;
			}
			continue;
		}
		const char *s = a && i < a->n ? a->values[i] : NULL;
		char *end = NULL;
		double x = s && *s ? strtod(s, &end) : NAN;
		char mx[32];
		eval_points_format(k->max, ',', mx, sizeof mx);
		if (!s || !*s) {
			diag_text(c->d, DIAG_ERROR, NULL, 0, 0, k->code, "cần nhập điểm", "points are needed");
			e = PX_BADINPUT;
		} else if (!end || *end || isnan(x) || fabs(x * 100 - round(x * 100)) > 1e-6) {
			diag_text(c->d, DIAG_ERROR, NULL, 0, 0, k->code,
			          "không phải số (dùng dấu chấm, tối đa 2 chữ số thập phân)",
			          "not a number (use . as the decimal point, at most 2 decimals)");
			e = PX_BADINPUT;
		} else if (lround(x * 100) < 0 || lround(x * 100) > k->max) {
			char vi[96], en[96];
			snprintf(vi, sizeof vi, "điểm ngoài khoảng 0..%s", mx);
			snprintf(en, sizeof en, "points outside 0..%s", mx);
			diag_text(c->d, DIAG_ERROR, NULL, 0, 0, k->code, vi, en);
			e = PX_BADINPUT;
		} else {
			pts[i] = lround(x * 100);
		}
	}
	return e;
}

/* Stores the stage's work items (and says how many in the audit entry). */
static enum px_err write_items(struct wf_ctx *c, const char *stage,
                               const struct eval_item_rec *items, size_t n)
{
	const struct item *it = c->data;
	if (!items)
		return PX_OK;
	str_printf(&c->detail, "%s\"items\": %zu, \"item_rates\": [", c->detail.len ? ", " : "", n);
	for (size_t i = 0; i < n; i++) {
		str_adds(&c->detail, i ? ", {\"title\": " : "{\"title\": ");
		str_add_json(&c->detail, items[i].title);
		str_printf(&c->detail, ", \"quantity\": %ld, \"quality\": %ld, \"progress\": %ld}",
		           items[i].quantity, items[i].quality, items[i].progress);
	}
	str_adds(&c->detail, "]");
	return repo_eval_items_set(c->app->db, it->staff.code, it->month, stage, items, n);
}

static enum px_err write_stage(struct wf_ctx *c, const char *stage, const long *pts,
                               const char *comment)
{
	const struct item *it = c->data;
	enum px_err e = repo_eval_points_clear(c->app->db, it->staff.code, it->month, stage);
	for (size_t i = 0; i < it->rules.ncomp && e == PX_OK; i++) {
		struct eval_point_rec p = {it->staff.code, it->month, it->rules.comp[i].code, stage,
		                           comment ? comment : "", pts[i]};
		e = repo_eval_point_put(c->app->db, &p);
		str_printf(&c->detail, "%s\"%s\": %ld", c->detail.len ? ", " : "", it->rules.comp[i].code,
		           pts[i]);
	}
	return e;
}

/* The month row must exist before its points (set_state runs after the
 * effect): the effect of a create writes it in its first state. */
static enum px_err ensure_month(struct wf_ctx *c, int state)
{
	struct item *it = c->data;
	if (it->exists)
		return PX_OK;
	struct eval_month_rec m = {it->staff.code, it->month, it->staff.unit_code, it->rules.code,
	                           states[state], "workflow", NULL, NULL};
	it->rec = m;
	it->exists = true;
	return repo_eval_month_put(c->app->db, &m);
}

static enum px_err effect_self(struct wf_ctx *c)
{
	long pts[EVAL_MAX_COMP] = {0};
	const struct eval_flow_args *a = c->args;
	struct eval_item_rec *items;
	size_t ni;
	enum px_err e = parse_points(c, a, pts, &items, &ni);
	if (e == PX_OK)
		e = ensure_month(c, ES_SELF);
	if (e == PX_OK)
		e = write_stage(c, "self", pts, a ? a->comment : NULL);
	if (e == PX_OK)
		e = write_items(c, "self", items, ni);
	return e;
}

static enum px_err effect_score(struct wf_ctx *c)
{
	long pts[EVAL_MAX_COMP] = {0};
	const struct eval_flow_args *a = c->args;
	struct eval_item_rec *items;
	size_t ni;
	enum px_err e = parse_points(c, a, pts, &items, &ni);
	if (e == PX_OK)
		e = write_stage(c, "manager", pts, a ? a->comment : NULL);
	if (e == PX_OK)
		e = write_items(c, "manager", items, ni);
	return e;
}

/* The unit's month as it will be once approved: approved months, and
 * scored ones with the manager's points. cap/count of the quota, its
 * holders in h, how many are scored (pending) and not yet scored
 * (waiting). Read in the caller's transaction. */
static enum px_err projected(struct app *app, const char *unit, const char *month,
                             struct eval_month_view *v, long *cap, long *count, struct str *h,
                             size_t *pending, size_t *waiting, struct diags *d)
{
	struct actor all = {.login = "quota", .role = "admin"};
	enum px_err e = app_eval_month(app, &all, unit, month, v, d);
	if (e != PX_OK)
		return e;
	struct eval_point_rec *p;
	size_t np;
	if (repo_eval_points(app->db, month, app->arena, &p, &np) != PX_OK)
		return PX_FAIL;
	int *grades = arena_array(app->arena, v->n + 1, sizeof *grades);
	size_t ng = 0;
	*pending = *waiting = 0;
	for (size_t i = 0; i < v->n; i++) {
		const struct eval_month_row *r = &v->rows[i];
		int g = -1;
		if (r->approved) {
			g = r->grade;
		} else if (!strcmp(r->state, "scored")) {
			long t = 0;
			for (size_t k = 0; k < np; k++)
				if (!strcmp(p[k].staff, r->staff) && !strcmp(p[k].stage, "manager"))
					t += p[k].points;
			g = eval_grade_of(&v->rules, t);
			(*pending)++;
		} else {
			(*waiting)++;
		}
		if (g < 0)
			continue;
		grades[ng++] = g;
		if (v->rules.quota.present && g == v->rules.quota.rank)
			str_printf(h, "%s%s", h->len ? ", " : "", r->staff);
	}
	eval_month_quota(&v->rules, v->outstanding, grades, ng, cap, count);
	return PX_OK;
}

/* The grades of the unit's month once this item is approved with total:
 * every other approved item, and this one. */
static enum px_err effect_approve(struct wf_ctx *c)
{
	struct item *it = c->data;
	struct eval_point_rec *p;
	size_t np;
	if (repo_eval_points(c->app->db, it->month, c->app->arena, &p, &np) != PX_OK)
		return PX_FAIL;
	long pts[EVAL_MAX_COMP] = {0};
	for (size_t i = 0; i < np; i++)
		if (!strcmp(p[i].staff, it->staff.code) && !strcmp(p[i].stage, "manager")) {
			int k = eval_component_find(&it->rules, p[i].component);
			if (k >= 0)
				pts[k] = p[i].points;
		}
	enum px_err e = write_stage(c, "approved", pts, NULL);
	if (e != PX_OK)
		return e;
	/* the quota of the month as it will be (read in this transaction) */
	struct eval_month_view v;
	struct str h;
	str_init(&h, 0);
	long cap = 0, count = 0;
	size_t pending, waiting;
	struct diags tmp;
	diags_init(&tmp);
	e = projected(c->app, it->staff.unit_code, it->month, &v, &cap, &count, &h, &pending,
	              &waiting, &tmp);
	diags_free(&tmp);
	if (e == PX_OK && count > cap) {
		diag_add(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
		         "vượt tỷ lệ loại %s của %s tháng %s: tối đa %ld, có %ld (%s)",
		         "over the grade %s quota of %s in %s: at most %ld, %ld hold it (%s)",
		         v.rules.grades[v.rules.quota.rank].code, it->staff.unit_code, it->month, cap,
		         count, str_cstr(&h));
		e = PX_BADINPUT;
	}
	str_free(&h);
	return e;
}

static enum px_err effect_reopen(struct wf_ctx *c)
{
	const struct eval_flow_args *a = c->args;
	if (!a || !a->reason || !*a->reason) {
		diag_text(c->d, DIAG_ERROR, NULL, 0, 0, "reason", "cần lý do mở lại",
		          "a reason to reopen is needed");
		return PX_BADINPUT;
	}
	struct item *it = c->data;
	str_adds(&c->detail, "\"reason\": ");
	str_add_json(&c->detail, a->reason);
	return repo_eval_points_clear(c->app->db, it->staff.code, it->month, "approved");
}

static const struct wf_transition rows[] = {
	{"self", WF_NONE, ES_SELF, CAP_EVALUATE, WF_REL_ANY, guard_self, effect_self,
	 "tự đánh giá", "evaluate yourself"},
	{"self", ES_SELF, ES_SELF, CAP_EVALUATE, WF_REL_ANY, guard_self, effect_self,
	 "tự đánh giá", "evaluate yourself"},
	{"score", ES_SELF, ES_SCORED, CAP_READ, WF_REL_ANY, guard_lead, effect_score,
	 "chấm điểm", "score"},
	{"score", ES_SCORED, ES_SCORED, CAP_READ, WF_REL_ANY, guard_lead, effect_score,
	 "chấm điểm", "score"},
	{"approve", ES_SCORED, ES_APPROVED, CAP_READ, WF_REL_ANY, guard_lead, effect_approve,
	 "duyệt", "approve"},
	{"reopen", ES_APPROVED, ES_SCORED, CAP_OFFICE, WF_REL_ANY, guard_office, effect_reopen,
	 "mở lại", "reopen"},
};

const struct wf_machine eval_machine = {
	.entity = "eval_month",
	.states = states,
	.states_vi = states_vi,
	.rows = rows,
	.nrows = sizeof rows / sizeof rows[0],
	.load = item_load,
	.set_state = set_state,
};

static const char *key_of(struct app *app, const char *staff, const char *month)
{
	return arena_printf(app->arena, "%s:%s", staff ? staff : "", month ? month : "");
}

enum px_err app_eval_apply(struct app *app, const struct actor *who, const char *verb,
                           const char *staff, const char *month,
                           const struct eval_flow_args *a, struct diags *d)
{
	return wf_apply(app, &eval_machine, who, verb, key_of(app, staff, month), WF_ANY, a, NULL,
	                d);
}

size_t app_eval_allowed(struct app *app, const struct actor *who, const char *staff,
                        const char *month, const char **verbs, size_t max)
{
	return wf_allowed(app, &eval_machine, who, key_of(app, staff, month), verbs, max, NULL);
}

enum px_err app_eval_unit_approve(struct app *app, const struct actor *who, const char *unit,
                                  const char *month, long *approved, struct diags *d)
{
	*approved = 0;
	if (!app_holds_role_over(who, "leader", unit) && !app_holds_role_over(who, "admin", unit)) {
		diag_err(d, NULL, 0, 0, "chỉ lãnh đạo có quyền trên đơn vị mới duyệt",
		         "only a leader whose grant covers the unit may approve");
		return PX_DENIED;
	}
	struct eval_month_view v;
	enum px_err e = app_eval_month(app, who, unit, month, &v, d); /* the actor may see it? */
	if (e != PX_OK)
		return e;
	struct str h;
	str_init(&h, 0);
	long cap = 0, count = 0;
	size_t pending, waiting;
	e = projected(app, unit, month, &v, &cap, &count, &h, &pending, &waiting, d);
	if (e != PX_OK) {
		str_free(&h);
		return e;
	}
	if (count > cap) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL,
		         "không duyệt được: vượt tỷ lệ loại %s của %s tháng %s: tối đa %ld, có %ld (%s)",
		         "cannot approve: over the grade %s quota of %s in %s: at most %ld, %ld hold it (%s)",
		         v.rules.grades[v.rules.quota.rank].code, unit, month, cap, count, str_cstr(&h));
		str_free(&h);
		return PX_BADINPUT;
	}
	str_free(&h);
	if (waiting) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL,
		         "không duyệt được: còn %zu người chưa được chấm điểm",
		         "cannot approve: %zu people are not scored yet", waiting);
		return PX_BADINPUT;
	}
	if (!pending) {
		diag_err(d, NULL, 0, 0, "không có gì để duyệt", "nothing to approve");
		return PX_BADINPUT;
	}
	for (size_t i = 0; i < v.n && e == PX_OK; i++)
		if (!strcmp(v.rows[i].state, "scored")) {
			e = app_eval_apply(app, who, "approve", v.rows[i].staff, month, NULL, d);
			*approved += e == PX_OK;
		}
	return e;
}
