/*
 * The cycle of one framework on the workflow mechanism (cycle.h): open,
 * advance through the phases, publish. Also the context every cycle file
 * loads (cycle_impl.h). The advance rules are core/cycle.c's; their facts
 * are counted here, inside the transaction that moves the phase.
 */
#include "app/cycle_impl.h"
#include "app/live_cache.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "app/user.h"
#include "store/repo_audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int32_t app_today(void)
{
	return clock_today();
}

const char *cycle_date_str(struct arena *a, int32_t d)
{
	if (d == DATE_MIN || d == DATE_MAX)
		return NULL;
	char buf[11];
	date_format(d, buf);
	return arena_strdup(a, buf);
}

int32_t cycle_parse_date_or(const char *s, int32_t dflt)
{
	int32_t d;
	return s && *s && date_parse(s, strlen(s), &d) ? d : dflt;
}

enum px_err cycle_bad(struct diags *d, const char *vi, const char *en)
{
	diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
	return PX_BADINPUT;
}

enum px_err cycle_db_error(struct app *app, struct diags *d)
{
	return app_commit(app, PX_FAIL, d);
}

enum px_err app_cycle_get(struct app *app, const char *fw, struct cycle_info *out,
                          struct diags *d)
{
	struct cycle_row row;
	enum px_err e = repo_cycle_get(app->db, fw, app->arena, &row);
	if (e == PX_NOTFOUND) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "bộ tiêu chí %s chưa mở kỳ đánh giá",
		         "framework %s has no assessment cycle open", fw);
		return e;
	}
	if (e != PX_OK)
		return cycle_db_error(app, d);
	memset(out, 0, sizeof *out);
	if (!cycle_phase_parse(row.phase, &out->phase))
		out->phase = PHASE_SELF;
	out->self_until = cycle_parse_date_or(row.self_until, DATE_MAX);
	out->appraisal_until = cycle_parse_date_or(row.appraisal_until, DATE_MAX);
	out->reply_until = cycle_parse_date_or(row.reply_until, DATE_MAX);
	out->quorum_pct = row.quorum_pct;
	out->opened_at = row.opened_at;
	out->opened_by = row.opened_by;
	out->approved_at = row.approved_at;
	out->approved_by = row.approved_by;
	return PX_OK;
}

void cycle_ctx_free(struct cycle_ctx *c)
{
	if (c->units.arena)
		unit_set_free(&c->units);
	c->units.arena = NULL;
}

enum px_err cycle_ctx_state(struct app *app, bool need_cycle, struct cycle_ctx *c,
                            struct diags *d)
{
	struct diags quiet;
	diags_init(&quiet);
	enum px_err e = app_cycle_get(app, c->fw->code, &c->cycle, &quiet);
	c->has_cycle = e == PX_OK;
	if (need_cycle && e != PX_OK)
		for (size_t i = 0; i < quiet.n; i++)
			diag_text(d, DIAG_ERROR, NULL, 0, 0, NULL, quiet.v[i].vi, quiet.v[i].en);
	diags_free(&quiet);
	return need_cycle || e == PX_FAIL ? e : PX_OK;
}

enum px_err cycle_ctx_load(struct app *app, const char *fw, const char *unit, bool need_cycle,
                           struct cycle_ctx *c, struct diags *d)
{
	enum px_err e = cycle_ctx_prepare(app, fw, unit, c, d);
	return e == PX_OK ? cycle_ctx_state(app, need_cycle, c, d) : e;
}

enum px_err cycle_ctx_prepare(struct app *app, const char *fw, const char *unit,
                              struct cycle_ctx *c, struct diags *d)
{
	memset(c, 0, sizeof *c);
	const struct framework *shared; /* parsed once per data version; read-only */
	enum px_err e = app_framework_live(app, fw, d, &shared);
	c->fw = (struct framework *)shared;
	if (e != PX_OK)
		return e;
	if (app_register_live(app, &c->units) != PX_OK) /* shared: cycle_ctx_free keeps it */
		return cycle_db_error(app, d);
	if (unit) {
		long i = unit_set_find(&c->units, unit);
		if (i < 0 || !app_framework_scopes(c->fw, &c->units, (size_t)i)) {
			diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL,
			         "đơn vị %s không thuộc nhóm được đánh giá của %s",
			         "unit %s is not assessed by %s", unit, fw);
			return PX_NOTFOUND;
		}
		c->unit = &c->units.v[i];
	}
	return PX_OK;
}

static enum px_err score_map_build(struct app *app, void *ctx, void **out)
{
	struct map *m = arena_alloc(app->arena, sizeof *m);
	map_init(m);
	*out = m;
	struct score_row *rows;
	size_t n;
	enum px_err e = repo_score_list(app->db, ctx, app->arena, &rows, &n);
	for (size_t i = 0; e == PX_OK && i < n; i++)
		map_puts(m, arena_printf(app->arena, "%s\x1f%s", rows[i].unit, rows[i].criterion),
		         &rows[i]);
	return e;
}

static void score_map_destroy(void *m)
{
	map_free(m);
}

enum px_err cycle_score_map(struct app *app, const char *fw, struct map *m)
{
	void *v;
	enum px_err e = live_get(app, arena_printf(app->arena, "scores\x1f%s", fw), score_map_build,
	                         score_map_destroy, (void *)fw, &v);
	if (e == PX_OK)
		*m = *(const struct map *)v;
	else
		map_init(m);
	return e;
}

const struct score_row *cycle_score_in(struct app *app, struct map *m, const char *unit,
                                       const char *crit)
{
	char key[256];
	int n = snprintf(key, sizeof key, "%s\x1f%s", unit, crit);
	if (n >= 0 && (size_t)n < sizeof key)
		return map_get(m, key, (size_t)n);
	return map_gets(m, arena_printf(app->arena, "%s\x1f%s", unit, crit));
}

static int by_code(const void *a, const void *b)
{
	const struct unit_rec *const *x = a, *const *y = b;
	return strcmp((*x)->code, (*y)->code);
}

/* Units of the group that exist at the framework's year end, by code. */
static size_t group_units(const struct cycle_ctx *c, struct arena *a,
                          const struct unit_rec ***out)
{
	int32_t year_end = date_from_ymd(c->fw->year, 12, 31);
	const struct unit_rec **v = arena_array(a, c->units.n + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < c->units.n; i++)
		if (app_framework_scopes(c->fw, &c->units, i) && unit_active_on(&c->units.v[i], year_end))
			v[n++] = &c->units.v[i];
	qsort(v, n, sizeof *v, by_code);
	*out = v;
	return n;
}

static enum px_err progress_compute(struct app *app, struct cycle_ctx *c,
                                    struct unit_progress **rows, size_t *n, struct diags *d)
{
	const char *fw = c->fw->code;
	struct map scores;
	struct reply_row *replies;
	size_t nrep;
	const struct unit_rec **units;
	size_t nu = group_units(c, app->arena, &units);
	enum px_err e = cycle_score_map(app, fw, &scores);
	if (e == PX_OK)
		e = repo_reply_list(app->db, fw, NULL, app->arena, &replies, &nrep);
	*rows = arena_array(app->arena, nu + 1, sizeof **rows);
	*n = nu;
	for (size_t i = 0; i < nu && e == PX_OK; i++) {
		struct unit_progress *p = &(*rows)[i];
		/* copies: the register is another cache entry */
		p->code = arena_strdup(app->arena, units[i]->code);
		p->name = arena_strdup(app->arena, units[i]->name);
		for (size_t k = 0; k < c->fw->nassessed; k++) {
			int node = c->fw->assessed[k];
			if (!frm_applies(c->fw, node, units[i]->kind))
				continue;
			p->total++;
			const struct score_row *s = cycle_score_in(app, &scores, p->code,
			                                           c->fw->nodes[node].code);
			if (s && s->has_self)
				p->done++;
			if (s && s->has_appraised && (!s->has_self || s->appraised != s->self))
				p->adjusted++;
			if (s && s->has_appraised)
				p->appraised++;
		}
		for (size_t k = 0; k < nrep; k++)
			p->replied += !strcmp(replies[k].unit, p->code);
		const char *ext = "";
		e = repo_submission_get(app->db, fw, p->code, app->arena, &p->submitted_at);
		if (e == PX_OK)
			e = repo_extension_get(app->db, fw, p->code, app->arena, &ext);
		p->extension = cycle_parse_date_or(ext, DATE_MIN);
	}
	return e == PX_OK ? PX_OK : cycle_db_error(app, d);
}

struct progress {
	struct unit_progress *rows;
	size_t n;
};
struct progress_ctx {
	struct cycle_ctx *c;
	struct diags *d;
};

static enum px_err progress_build(struct app *app, void *ctx, void **out)
{
	const struct progress_ctx *p = ctx;
	struct progress *v = arena_alloc(app->arena, sizeof *v);
	*out = v;
	return progress_compute(app, p->c, &v->rows, &v->n, p->d);
}

enum px_err cycle_progress(struct app *app, struct cycle_ctx *c, struct unit_progress **rows,
                           size_t *n, struct diags *d)
{
	struct progress_ctx ctx = {c, d};
	void *v;
	enum px_err e = live_get(app, arena_printf(app->arena, "progress\x1f%s", c->fw->code),
	                         progress_build, NULL, &ctx, &v);
	*n = 0;
	*rows = NULL;
	if (e != PX_OK)
		return e;
	/* the caller's own array (it may sort it); the strings are shared */
	const struct progress *p = v;
	*rows = arena_array(app->arena, p->n + 1, sizeof **rows);
	memcpy(*rows, p->rows, p->n * sizeof **rows);
	*n = p->n;
	return PX_OK;
}

enum px_err app_cycle_status(struct app *app, const char *fw, struct cycle_info *info,
                             struct unit_progress **rows, size_t *n, struct diags *d)
{
	struct cycle_ctx c;
	enum px_err e = cycle_ctx_load(app, fw, NULL, true, &c, d);
	if (e == PX_OK) {
		*info = c.cycle;
		e = cycle_progress(app, &c, rows, n, d);
	}
	cycle_ctx_free(&c);
	return e;
}

/* ---- the cycle machine --------------------------------------------- */

static const char *const phase_names[] = {"self", "appraisal", "reply", "decision",
                                          "approved", "published", NULL};
static const char *const phase_names_vi[] = {"tự đánh giá", "thẩm định", "phản hồi",
                                             "hội đồng xem xét", "đã phê duyệt", "đã công bố",
                                             NULL};

struct cycle_item {
	struct cycle_ctx ctx;
};

static enum px_err cycle_prepare(struct wf_ctx *c, const char *key)
{
	struct cycle_item *it = arena_alloc(c->app->arena, sizeof *it);
	c->data = it;
	return cycle_ctx_prepare(c->app, key, NULL, &it->ctx, c->d);
}

static enum px_err cycle_load(struct wf_ctx *c, const char *key)
{
	(void)key;
	struct cycle_item *it = c->data;
	enum px_err e = cycle_ctx_state(c->app, false, &it->ctx, c->d);
	if (e != PX_OK)
		return e;
	c->state = it->ctx.has_cycle ? (int)it->ctx.cycle.phase : WF_NONE;
	c->unit = it->ctx.fw->unit; /* the owner unit: NULL, the city */
	/* every reader knows the framework exists (the framework list shows
	 * them all): what one may do with its cycle is the grant rule's */
	c->visible = app_can(c->who, CAP_READ);
	return PX_OK;
}

bool cycle_may_manage(const struct wf_ctx *c, const struct wf_transition *t, const char **vi,
                      const char **en)
{
	const struct cycle_ctx *x = c->data; /* the first member of both machines' items */
	if (t->cap != CAP_OFFICE || app_may_manage_framework(c->who, x->fw))
		return true;
	*vi = x->fw->unit ? "bộ tiêu chí này thuộc đơn vị khác: quyền Văn phòng CCHC của bạn không "
	                    "bao gồm đơn vị chủ quản, không được %s"
	                  : "bộ tiêu chí này của thành phố: chỉ Văn phòng CCHC thành phố được %s";
	*en = x->fw->unit ? "this framework belongs to another unit: your PAR office grants do not "
	                    "cover its owner unit, you may not %s"
	                  : "this framework is the city's: only the city's PAR office may %s";
	return false;
}

void cycle_item_release(struct wf_ctx *c)
{
	struct cycle_ctx *x = c->data; /* the first member of both machines' items */
	if (x)
		cycle_ctx_free(x);
}

static enum px_err cycle_set_state(struct wf_ctx *c, int to)
{
	struct arena *a = c->app->arena;
	bool approve = to == PHASE_APPROVED;
	enum px_err e = repo_cycle_set_phase(c->app->db, c->key, phase_names[to],
	                                     approve ? clock_now_iso(a) : NULL,
	                                     approve ? c->who->login : NULL);
	return e == PX_OK ? e : cycle_db_error(c->app, c->d);
}

static enum px_err cycle_open_effect(struct wf_ctx *c)
{
	const struct cycle_open_args *o = c->args;
	struct arena *a = c->app->arena;
	if (o->self_until < app_today())
		return cycle_bad(c->d, "hạn tự đánh giá đã qua",
		                 "the self-assessment deadline is in the past");
	if ((o->appraisal_until != DATE_MAX && o->appraisal_until < o->self_until) ||
	    (o->reply_until != DATE_MAX && o->appraisal_until != DATE_MAX &&
	     o->reply_until < o->appraisal_until))
		return cycle_bad(c->d, "các hạn phải theo thứ tự: tự đánh giá, thẩm định, phản hồi",
		                 "deadlines must be in order: self-assessment, appraisal, reply");
	if (!(o->quorum_pct >= 50 && o->quorum_pct < 100))
		return cycle_bad(c->d, "tỷ lệ biểu quyết từ 50 đến dưới 100 (%)",
		                 "the quorum is 50 to below 100 (%)");
	struct cycle_row row = {c->key, phase_names[PHASE_SELF], cycle_date_str(a, o->self_until),
	                        cycle_date_str(a, o->appraisal_until),
	                        cycle_date_str(a, o->reply_until), clock_now_iso(a), c->who->login,
	                        NULL, NULL, o->quorum_pct};
	if (repo_cycle_insert(c->app->db, &row) != PX_OK)
		return cycle_db_error(c->app, c->d);
	const char *dates[] = {"self_until", row.self_until, "appraisal_until",
	                       row.appraisal_until, "reply_until", row.reply_until};
	for (size_t i = 0; i < 6; i += 2) {
		str_printf(&c->detail, "%s\"%s\": ", i ? ", " : "", dates[i]);
		if (dates[i + 1])
			str_add_json(&c->detail, dates[i + 1]);
		else
			str_adds(&c->detail, "null");
	}
	str_printf(&c->detail, ", \"quorum_pct\": %g", o->quorum_pct);
	return PX_OK;
}

/* The facts of the advance rules from the units' progress and the
 * replies (the guard counts them inside the transaction; the readiness
 * summary outside it, with the same code). */
static enum px_err cycle_facts_count(struct app *app, const struct cycle_ctx *x,
                                     const struct unit_progress *rows, size_t n,
                                     struct cycle_facts *f, struct diags *d)
{
	*f = (struct cycle_facts){.today = app_today(), .self_until = x->cycle.self_until,
	                          .latest_extension = DATE_MIN, .reply_until = x->cycle.reply_until,
	                          .units = (long)n};
	for (size_t i = 0; i < n; i++) {
		if (*rows[i].submitted_at) {
			f->submitted++;
			f->criteria_without_council_value += rows[i].total - rows[i].appraised;
		}
		if (rows[i].extension > f->latest_extension)
			f->latest_extension = rows[i].extension;
	}
	struct reply_row *replies;
	size_t nrep;
	if (repo_reply_list(app->db, x->fw->code, NULL, app->arena, &replies, &nrep) != PX_OK)
		return cycle_db_error(app, d);
	for (size_t i = 0; i < nrep; i++)
		f->replies_undecided += !replies[i].decision;
	return PX_OK;
}

/* The advance rule's refusal as sentences, or true when it allows. */
static bool cycle_rule(struct arena *a, enum cycle_phase p, const struct cycle_facts *f,
                       const char **vi, const char **en)
{
	const char *why_vi, *why_en;
	long count;
	if (cycle_can_advance(p, f, &why_vi, &why_en, &count))
		return true;
	char b[512];
	snprintf(b, sizeof b, why_vi, count);
	*vi = arena_strdup(a, b);
	snprintf(b, sizeof b, why_en, count);
	*en = arena_strdup(a, b);
	return false;
}

/* The facts of the advance rules, counted now, inside the transaction. */
static enum px_err cycle_advance_guard(struct wf_ctx *c)
{
	struct cycle_item *it = c->data;
	struct cycle_ctx *x = &it->ctx;
	struct unit_progress *rows;
	size_t n;
	enum px_err e = cycle_progress(c->app, x, &rows, &n, c->d);
	if (e != PX_OK)
		return e;
	struct cycle_facts f;
	if ((e = cycle_facts_count(c->app, x, rows, n, &f, c->d)) != PX_OK)
		return e;
	const char *vi, *en;
	if (cycle_rule(c->app->arena, x->cycle.phase, &f, &vi, &en))
		return PX_OK;
	diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL, vi, en);
	return PX_BADINPUT;
}

enum px_err app_cycle_readiness(struct app *app, const char *fw, struct cycle_readiness *out,
                                struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct cycle_ctx c;
	enum px_err e = cycle_ctx_load(app, fw, NULL, true, &c, d);
	if (e == PX_OK) {
		out->info = c.cycle;
		out->title = arena_strdup(app->arena, c.fw->title);
		out->year = c.fw->year;
		e = cycle_progress(app, &c, &out->rows, &out->n, d);
	}
	struct cycle_facts f;
	if (e == PX_OK)
		e = cycle_facts_count(app, &c, out->rows, out->n, &f, d);
	if (e == PX_OK) {
		for (size_t i = 0; i < out->n; i++) {
			const struct unit_progress *p = &out->rows[i];
			bool sub = *p->submitted_at != 0, open = sub && p->appraised < p->total;
			out->not_submitted += !sub;
			out->units_unappraised += open;
			out->incomplete += !sub || open;
		}
		out->submitted = f.submitted;
		out->criteria_unappraised = f.criteria_without_council_value;
		out->replies_pending = f.replies_undecided;
		out->can_advance = cycle_rule(app->arena, c.cycle.phase, &f, &out->why_vi, &out->why_en);
	}
	cycle_ctx_free(&c);
	return e;
}

/* Publication and the phase change are one transaction: app_publish's
 * begin/commit nest inside the workflow's. */
static enum px_err cycle_publish_effect(struct wf_ctx *c)
{
	struct cycle_publish_out *o = (struct cycle_publish_out *)c->args;
	struct cycle_publish_out ignore;
	if (!o)
		o = &ignore;
	enum px_err e = app_publish(c->app, c->key, c->d, &o->version, &o->changes, &o->n);
	if (e == PX_OK)
		str_printf(&c->detail, "\"version\": %ld", o->version);
	return e;
}

#define ADVANCE(from, to, effect)                                                        \
	{"advance", from, to, CAP_OFFICE, WF_REL_ANY, cycle_advance_guard, effect,         \
	 "chuyển giai đoạn", "advance the cycle"}

static const struct wf_transition cycle_rows[] = {
	{"open", WF_NONE, PHASE_SELF, CAP_OFFICE, WF_REL_ANY, NULL, cycle_open_effect,
	 "mở kỳ đánh giá", "open the cycle"},
	ADVANCE(PHASE_SELF, PHASE_APPRAISAL, NULL),
	ADVANCE(PHASE_APPRAISAL, PHASE_REPLY, NULL),
	ADVANCE(PHASE_REPLY, PHASE_DECISION, NULL),
	ADVANCE(PHASE_DECISION, PHASE_APPROVED, NULL),
	ADVANCE(PHASE_APPROVED, PHASE_PUBLISHED, cycle_publish_effect),
	{"publish", PHASE_APPROVED, PHASE_PUBLISHED, CAP_OFFICE, WF_REL_ANY, NULL,
	 cycle_publish_effect, "công bố kết quả", "publish the results"},
	{"publish", PHASE_PUBLISHED, WF_ANY, CAP_OFFICE, WF_REL_ANY, NULL, cycle_publish_effect,
	 "công bố kết quả", "publish the results"},
};

const struct wf_machine cycle_machine = {
	.entity = "cycle",
	.states = phase_names,
	.states_vi = phase_names_vi,
	.rows = cycle_rows,
	.nrows = sizeof cycle_rows / sizeof cycle_rows[0],
	.prepare = cycle_prepare,
	.load = cycle_load,
	.set_state = cycle_set_state,
	.release = cycle_item_release,
	.may = cycle_may_manage,
};

/* ---- front doors ---------------------------------------------------- */

enum px_err app_cycle_open(struct app *app, const struct actor *who, const char *fw,
                           int32_t self_until, int32_t appraisal_until, int32_t reply_until,
                           double quorum_pct, struct diags *d)
{
	struct cycle_open_args o = {self_until, appraisal_until, reply_until, quorum_pct};
	return wf_apply(app, &cycle_machine, who, "open", fw, WF_NONE, &o, NULL, d);
}

enum px_err app_cycle_advance(struct app *app, const struct actor *who, const char *fw,
                              int expect_from, enum cycle_phase *now, long *version,
                              struct diags *d)
{
	struct cycle_publish_out o = {0};
	int to = WF_NONE;
	enum px_err e = wf_apply(app, &cycle_machine, who, "advance", fw, expect_from, &o, &to, d);
	*version = o.version;
	if (e == PX_OK)
		*now = (enum cycle_phase)to;
	return e;
}

enum px_err app_cycle_publish(struct app *app, const struct actor *who, const char *fw,
                              long *version, struct publish_change **changes, size_t *n,
                              struct diags *d)
{
	*n = 0;
	*changes = NULL;
	*version = 0;
	const struct framework *shared;
	enum px_err e = app_framework_live(app, fw, d, &shared);
	if (e != PX_OK)
		return e;
	if (!app_may_manage_framework(who, shared)) {
		diag_err(d, NULL, 0, 0, "chỉ Văn phòng CCHC quản lý bộ tiêu chí này được công bố",
		         "only the PAR office that manages this framework may publish");
		return PX_DENIED;
	}
	bool has_cycle = false;
	if (repo_cycle_get(app->db, fw, app->arena, &(struct cycle_row){0}) == PX_OK)
		has_cycle = true;
	if (!has_cycle) /* results loaded without a cycle (past years): published as they are */
		return app_publish(app, fw, d, version, changes, n);
	struct cycle_publish_out o = {0};
	e = wf_apply(app, &cycle_machine, who, "publish", fw, WF_ANY, &o, NULL, d);
	*version = o.version;
	*changes = o.changes;
	*n = o.n;
	return e;
}

enum px_err app_cycle_council(struct app *app, const char *fw, const struct unit_progress *rows,
                              size_t n, struct council_unit **out)
{
	struct user_rec *users;
	size_t nu;
	*out = arena_array(app->arena, n + 1, sizeof **out);
	enum px_err e = app_user_list(app, &users, &nu);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		struct council_unit *u = &(*out)[i];
		u->code = rows[i].code;
		u->name = rows[i].name;
		e = repo_appraiser_list(app->db, fw, u->code, app->arena, &u->members, &u->nmembers);
		u->candidates = arena_array(app->arena, nu + 1, sizeof *u->candidates);
		u->recused = arena_array(app->arena, nu + 1, sizeof *u->recused);
		for (size_t k = 0; k < nu && e == PX_OK; k++) {
			const struct user_rec *m = &users[k];
			struct actor who;
			if (m->disabled)
				continue;
			app_actor_of(app, m, &who);
			if (!app_holds_role(&who, "appraiser"))
				continue;
			bool assigned = false;
			for (size_t j = 0; j < u->nmembers; j++)
				assigned |= !strcmp(u->members[j].login, m->login);
			/* the same rule as the assign transition's (recusal) */
			if (app_covers(&who, u->code))
				u->recused[u->nrecused++] = m;
			else if (!assigned)
				u->candidates[u->ncandidates++] = m;
		}
	}
	return e == PX_OK ? PX_OK : PX_FAIL;
}
