/*
 * PAR inspections: the use cases of app/inspection.h.
 *
 * Why it is built this way: a city has a few hundred inspections a year,
 * so every read loads them all once (struct insp_world) and filters them
 * through app_inspection_visible, the one visibility rule; nothing else
 * here decides whether an inspection exists for somebody. Metrics are
 * recomputed whole inside the transaction of every change, as plans do,
 * so they never disagree with the records.
 */
#include "app/inspection.h"
#include "app/inspection_impl.h"
#include "app/cycle.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/embedded.h"
#include "base/map.h"
#include "base/str.h"
#include "core/plan.h"
#include "io/inspection_io.h"
#include "io/sniff.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_cycle.h"
#include "store/repo_metric.h"
#include "store/repo_user.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embedded_file checklists_files[];

/* ---- small helpers ------------------------------------------------------ */

int32_t insp_day(const char *s)
{
	int32_t d;
	return s && strlen(s) >= 10 && date_parse(s, 10, &d) ? d : DATE_MIN;
}

const char *insp_day_str(struct arena *a, int32_t d)
{
	char buf[11];
	date_format(d, buf);
	return arena_strdup(a, buf);
}

static enum px_err bad_field(struct diags *d, const char *field, const char *vi, const char *en)
{
	diag_text(d, DIAG_ERROR, NULL, 0, 0, field, vi, en);
	return PX_BADINPUT;
}

enum px_err insp_db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

static void detail_text(struct str *s, const char *name, const char *v)
{
	if (s->len)
		str_adds(s, ", ");
	str_printf(s, "\"%s\": ", name);
	if (v)
		str_add_json(s, v);
	else
		str_adds(s, "null");
}

static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; word && *word && p && *p;) {
		while (*p == ';' || *p == ' ')
			p++;
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len == n && !strncmp(p, word, n))
			return true;
		p = e;
	}
	return false;
}

/* ---- grants and THE visibility rule -------------------------------------- */

static bool grant_i(const struct actor *who, size_t i, struct grant *g)
{
	if (who->grants) {
		if (i >= who->ngrants)
			return false;
		*g = who->grants[i];
		return true;
	}
	if (i > 0 || !who->role)
		return false;
	*g = (struct grant){who->role, who->unit_code};
	return true;
}

/* A city-wide office, leader or administrator grant. */
static bool city_staff(const struct actor *who)
{
	static const char *const roles[] = {"office", "leader", "admin", NULL};
	struct grant g;
	for (size_t i = 0; who && grant_i(who, i, &g); i++)
		if (!g.unit_code && insp_word(roles, g.role) >= 0)
			return true;
	return false;
}

bool insp_city_admin(const struct actor *who)
{
	static const char *const roles[] = {"admin", NULL};
	struct grant g;
	for (size_t i = 0; who && grant_i(who, i, &g); i++)
		if (!g.unit_code && insp_word(roles, g.role) >= 0)
			return true;
	return false;
}

static bool on_team(const struct actor *who, const struct insp_rec *r)
{
	return who && who->login && (!strcmp(who->login, r->lead) || in_list(r->members, who->login));
}

static bool sees(const struct actor *who, const char *unit)
{
	return unit && (app_may_see_unit(who, unit) || app_covers(who, unit) ||
	                app_grant_covers(who, CAP_OFFICE, unit, NULL));
}

bool app_inspection_visible(struct app *app, const struct actor *who, const struct insp_rec *r,
                            const char *addressee)
{
	(void)app;
	struct insp_viewer v = {
		.on_team = on_team(who, r),
		.city_staff = city_staff(who),
		.planner = r->planner && app_grant_covers(who, CAP_OFFICE, r->planner, NULL),
		.sees_unit = sees(who, r->unit) || sees(who, addressee),
	};
	int k = insp_word(insp_kind_names, r->kind), s = insp_word(insp_state_names, r->state);
	return insp_visible(k < 0 ? INSP_UNANNOUNCED : (enum insp_kind)k,
	                    s < 0 ? INSP_PLANNED : (enum insp_state)s, &v);
}

/* ---- the world: every inspection and what hangs on it ---------------------- */


void insp_world_free(struct insp_world *w)
{
	map_free(&w->idx);
}

enum px_err insp_world_load(struct app *app, struct insp_world *w)
{
	memset(w, 0, sizeof *w);
	map_init(&w->idx);
	struct arena *a = app->arena;
	if (repo_insp_list(app->db, a, &w->insp, &w->ninsp) != PX_OK ||
	    repo_insp_items(app->db, NULL, a, &w->items, &w->nitems) != PX_OK ||
	    repo_insp_findings(app->db, NULL, a, &w->findings, &w->nfindings) != PX_OK ||
	    repo_insp_recos(app->db, NULL, a, &w->recos, &w->nrecos) != PX_OK)
		return PX_FAIL;
	for (size_t i = 0; i < w->ninsp; i++)
		map_puts(&w->idx, w->insp[i].code, (void *)(uintptr_t)(i + 1));
	return PX_OK;
}

struct insp_rec *insp_find(const struct insp_world *w, const char *code)
{
	uintptr_t i = code ? (uintptr_t)map_gets(&w->idx, code) : 0;
	return i ? &w->insp[i - 1] : NULL;
}

static bool in_subtree(const struct unit_set *s, long u, const char *anc)
{
	for (size_t steps = 0; u >= 0 && steps <= s->n; steps++) {
		if (!strcmp(s->v[u].code, anc))
			return true;
		u = s->v[u].parent_idx;
	}
	return false;
}

/* ---- import ------------------------------------------------------------ */

static void rerr(struct diags *d, const char *file, const struct insp_row *r, enum insp_col c,
                 const char *vi, const char *en, const char *value)
{
	char bvi[512], ben[512];
	snprintf(bvi, sizeof bvi, "cột %s: %s: \"%s\"", insp_col_names[c], vi, value);
	snprintf(ben, sizeof ben, "column %s: %s: \"%s\"", insp_col_names[c], en, value);
	diag_text(d, DIAG_ERROR, file, r->line[c], r->col[c], NULL, bvi, ben);
}

static const struct embedded_file *checklist_file(struct app *app, const char *code)
{
	return code && *code ? embedded_find(checklists_files, arena_printf(app->arena, "%s.json", code))
	                     : NULL;
}

/* Whether login names a user holding an inspector or office grant over unit. */
static bool may_inspect(struct app *app, const char *login, const char *unit)
{
	struct user_rec u;
	if (repo_user_get(app->db, app->arena, login, &u, NULL) != PX_OK)
		return false;
	struct actor a;
	app_actor_of(app, &u, &a);
	return app_grant_covers(&a, CAP_INSPECT, unit, NULL) ||
	       app_grant_covers(&a, CAP_OFFICE, unit, NULL);
}

/* The unit of who's office grant that covers unit (NULL: a city-wide one);
 * false when none does. */
static bool planner_of(const struct actor *who, const char *unit, const char **planner)
{
	*planner = NULL;
	if (app_grant_covers(who, CAP_OFFICE, NULL, NULL))
		return true;
	struct grant g;
	for (size_t i = 0; grant_i(who, i, &g); i++) {
		if (!g.unit_code || !role_has_cap(g.role, CAP_OFFICE))
			continue;
		struct actor one = {who->login, g.role, g.unit_code, &g, 1, who->db};
		if (app_grant_covers(&one, CAP_OFFICE, unit, NULL)) {
			*planner = g.unit_code;
			return true;
		}
	}
	return false;
}

static void check_rows(struct app *app, const struct actor *who, const char *file,
                       const struct insp_row *rows, size_t n, const struct unit_set *units,
                       const struct insp_world *w, const char **planners, struct diags *d)
{
	for (size_t i = 0; i < n; i++) {
		const struct insp_row *r = &rows[i];
		long u = unit_set_find(units, r->unit);
		if (u < 0) {
			rerr(d, file, r, IC_UNIT, "không có đơn vị này", "unknown unit", r->unit);
			continue;
		}
		const struct unit_rec *ur = &units->v[u];
		if (ur->valid_from > date_from_ymd(r->year, 12, 31) ||
		    ur->valid_to < date_from_ymd(r->year, 1, 1))
			rerr(d, file, r, IC_UNIT, "đơn vị không hoạt động trong năm kiểm tra",
			     "the unit is not active in the inspection's year", r->unit);
		if (!planner_of(who, r->unit, &planners[i]))
			rerr(d, file, r, IC_UNIT, "quyền của bạn không bao gồm đơn vị này",
			     "your office grant does not cover this unit", r->unit);
		const struct insp_rec *old = insp_find(w, r->code);
		if (old && strcmp(old->state, "planned"))
			rerr(d, file, r, IC_CODE, "đợt kiểm tra đã tiến hành, không sửa được",
			     "the inspection has started and cannot be changed", r->code);
		if (!may_inspect(app, r->lead, r->unit))
			rerr(d, file, r, IC_LEAD,
			     "không có người dùng này với vai trò inspector hoặc office bao gồm đơn vị",
			     "no such user with an inspector or office grant over the unit", r->lead);
		for (size_t k = 0; k < r->nmembers; k++)
			if (!may_inspect(app, r->members[k], r->unit))
				rerr(d, file, r, IC_MEMBERS,
				     "không có người dùng này với vai trò inspector hoặc office bao gồm đơn vị",
				     "no such user with an inspector or office grant over the unit",
				     r->members[k]);
		if (*r->checklist && !checklist_file(app, r->checklist))
			rerr(d, file, r, IC_CHECKLIST, "không có mẫu danh mục kiểm tra này",
			     "no such checklist template", r->checklist);
	}
}

static const char *joined(struct arena *a, const char *const *v, size_t n)
{
	struct str s;
	str_init(&s, 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			str_addc(&s, ';');
		str_adds(&s, v[i]);
	}
	const char *out = arena_strdup(a, str_cstr(&s));
	str_free(&s);
	return out;
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static enum px_err import(struct app *app, const struct actor *who, struct table *t,
                          struct diags *d, struct import_summary *sum)
{
	struct insp_row *rows;
	size_t n;
	struct unit_set units = {0};
	struct insp_world w;
	memset(&w, 0, sizeof w);
	enum px_err e = insp_read(t, app->arena, d, &rows, &n);
	if (app_register_load(app, &units) != PX_OK || insp_world_load(app, &w) != PX_OK) {
		e = insp_db_error(app, d);
		goto out;
	}
	register_index(&units);
	const char **planners = arena_array(app->arena, n + 1, sizeof *planners);
	check_rows(app, who, table_name(t), rows, n, &units, &w, planners, d);
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, diag_cmp);
	e = app_import_begin(app, e == PX_OK ? 1 : -1, n, d, sum);
	if (e != PX_OK)
		goto out;
	const char *at = clock_now_iso(app->arena);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		const struct insp_row *r = &rows[i];
		struct insp_rec rec = {
			.code = r->code, .unit = r->unit, .kind = r->kind, .year = r->year,
			.planned_from = insp_day_str(app->arena, r->from), .planned_to = insp_day_str(app->arena, r->to),
			.lead = r->lead, .members = joined(app->arena, r->members, r->nmembers),
			.places = joined(app->arena, r->places, r->nplaces),
			.areas = joined(app->arena, r->areas, r->nareas),
			.checklist = *r->checklist ? r->checklist : NULL, .planner = planners[i],
			.imported_at = at};
		if (repo_insp_put(app->db, &rec) != PX_OK) {
			e = insp_db_error(app, d);
			break;
		}
		struct str det;
		str_init(&det, 0);
		str_adds(&det, "{");
		detail_text(&det, "unit", rec.unit);
		detail_text(&det, "kind", rec.kind);
		detail_text(&det, "planned_from", rec.planned_from);
		detail_text(&det, "planned_to", rec.planned_to);
		detail_text(&det, "lead", rec.lead);
		detail_text(&det, "members", rec.members);
		detail_text(&det, "planner", rec.planner);
		str_addc(&det, '}');
		e = app_import_audit(app, insp_find(&w, r->code) == NULL, "inspection", r->code, &det, sum);
	}
	if (e == PX_OK)
		e = app_inspection_metrics_refresh(app, d);
	e = app_commit(app, e, d);
out:
	unit_set_free(&units);
	insp_world_free(&w);
	return e;
}

enum px_err app_inspection_import(struct app *app, struct table *t, struct diags *d,
                                  struct import_summary *sum)
{
	struct actor cli = {app->actor, "admin", NULL, NULL, 0, NULL};
	return import(app, &cli, t, d, sum);
}

enum px_err app_inspection_import_as(struct app *app, const struct actor *who, const char *path,
                                     const char *data, size_t len, struct diags *d,
                                     struct import_summary *sum)
{
	struct table *t;
	memset(sum, 0, sizeof *sum);
	enum px_err e = data ? table_open_mem(path, data, len, &t, d) : table_open(path, &t, d);
	if (e != PX_OK)
		return e;
	e = import(app, who, t, d, sum);
	table_close(t);
	return e;
}

/* ---- reading ------------------------------------------------------------ */

static enum px_err no_inspection(struct diags *d)
{
	diag_err(d, NULL, 0, 0, "không có đợt kiểm tra này", "no such inspection");
	return PX_NOTFOUND;
}

enum px_err app_inspection_list(struct app *app, const struct actor *who, int year,
                                const char *unit, struct insp_rec **out, size_t *n,
                                struct diags *d)
{
	struct insp_world w;
	struct unit_set units = {0};
	*out = NULL;
	*n = 0;
	enum px_err e = insp_world_load(app, &w);
	if (e == PX_OK)
		e = app_register_load(app, &units);
	if (e != PX_OK) {
		e = insp_db_error(app, d);
		goto out;
	}
	register_index(&units);
	if (unit && unit_set_find(&units, unit) < 0) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có đơn vị \"%s\"",
		         "no unit with code \"%s\"", unit);
		e = PX_NOTFOUND;
		goto out;
	}
	*out = arena_array(app->arena, w.ninsp + 1, sizeof **out);
	for (size_t i = 0; i < w.ninsp; i++) {
		const struct insp_rec *r = &w.insp[i];
		if (!app_inspection_visible(app, who, r, NULL) || (year && r->year != year) ||
		    (unit && !in_subtree(&units, unit_set_find(&units, r->unit), unit)))
			continue;
		(*out)[(*n)++] = *r;
	}
out:
	unit_set_free(&units);
	insp_world_free(&w);
	return e;
}

enum px_err app_inspection_view(struct app *app, const struct actor *who, const char *code,
                                struct insp_view *out, struct diags *d)
{
	struct insp_world w;
	memset(out, 0, sizeof *out);
	if (insp_world_load(app, &w) != PX_OK) {
		insp_world_free(&w);
		return insp_db_error(app, d);
	}
	const struct insp_rec *r = insp_find(&w, code);
	if (!r || !app_inspection_visible(app, who, r, NULL)) {
		insp_world_free(&w);
		return no_inspection(d);
	}
	out->insp = *r;
	insp_world_free(&w);
	struct arena *a = app->arena;
	if (repo_insp_items(app->db, code, a, &out->items, &out->nitems) != PX_OK ||
	    repo_insp_findings(app->db, code, a, &out->findings, &out->nfindings) != PX_OK ||
	    repo_insp_recos(app->db, code, a, &out->recos, &out->nrecos) != PX_OK ||
	    repo_insp_evidence_list(app->db, code, a, &out->evidence, &out->nevidence) != PX_OK)
		return insp_db_error(app, d);
	return PX_OK;
}

enum px_err app_good_practices(struct app *app, const struct actor *who,
                               struct insp_finding_rec **out, size_t *n)
{
	struct insp_world w;
	*out = NULL;
	*n = 0;
	enum px_err e = insp_world_load(app, &w);
	if (e == PX_OK) {
		*out = arena_array(app->arena, w.nfindings + 1, sizeof **out);
		for (size_t i = 0; i < w.nfindings; i++) {
			const struct insp_rec *r = insp_find(&w, w.findings[i].inspection);
			if (r && !strcmp(w.findings[i].kind, "good_practice") &&
			    app_inspection_visible(app, who, r, NULL))
				(*out)[(*n)++] = w.findings[i];
		}
	}
	insp_world_free(&w);
	return e;
}

bool insp_reco_overdue(const struct insp_reco_rec *r, int32_t asof)
{
	int s = insp_word(rec_state_names, r->state);
	return rec_overdue(s < 0 ? REC_OPEN : (enum rec_state)s, insp_day(r->due),
	                   r->verified_on ? insp_day(r->verified_on) : DATE_MIN, asof);
}

enum px_err app_reco_list(struct app *app, const struct actor *who, const char *unit,
                          const char *state, int32_t asof, struct reco_row **out, size_t *n,
                          struct diags *d)
{
	static const char *const states[] = {"open", "overdue", "done", "accepted", NULL};
	struct insp_world w;
	struct unit_set units = {0};
	*out = NULL;
	*n = 0;
	if (state && insp_word(states, state) < 0) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "state",
		         "--state: giá trị không hợp lệ \"%s\" (open, overdue, done, accepted)",
		         "--state: invalid value \"%s\" (open, overdue, done, accepted)", state);
		return PX_USAGE;
	}
	enum px_err e = insp_world_load(app, &w);
	if (e == PX_OK)
		e = app_register_load(app, &units);
	if (e != PX_OK) {
		e = insp_db_error(app, d);
		goto out;
	}
	register_index(&units);
	if (unit && unit_set_find(&units, unit) < 0) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "không có đơn vị \"%s\"",
		         "no unit with code \"%s\"", unit);
		e = PX_NOTFOUND;
		goto out;
	}
	*out = arena_array(app->arena, w.nrecos + 1, sizeof **out);
	for (size_t i = 0; i < w.nrecos; i++) {
		const struct insp_reco_rec *r = &w.recos[i];
		const struct insp_rec *in = insp_find(&w, r->inspection);
		if (!in || !app_inspection_visible(app, who, in, r->unit) ||
		    (unit && !in_subtree(&units, unit_set_find(&units, r->unit), unit)))
			continue;
		bool late = insp_reco_overdue(r, asof) && insp_day(r->made_on) <= asof;
		if (state && !strcmp(state, "overdue") ? !late
		          : state && strcmp(state, r->state))
			continue;
		(*out)[(*n)++] = (struct reco_row){r, in->unit, late,
		                                   late ? (long)asof - insp_day(r->due) : 0};
	}
out:
	unit_set_free(&units);
	insp_world_free(&w);
	return e;
}

/* ---- evidence files ----------------------------------------------------- */

enum px_err app_inspection_evidence_get(struct app *app, const struct actor *who, int64_t id,
                                        struct insp_evidence_rec *row, const void **data,
                                        struct diags *d)
{
	enum px_err e = repo_insp_evidence_get(app->db, id, app->arena, row, data);
	struct insp_world w;
	memset(&w, 0, sizeof w);
	if (e == PX_OK)
		e = insp_world_load(app, &w);
	const struct insp_rec *in = e == PX_OK ? insp_find(&w, row->inspection) : NULL;
	const char *addressee = NULL;
	for (size_t i = 0; in && row->rec_id && i < w.nrecos; i++)
		if (w.recos[i].id == row->rec_id)
			addressee = w.recos[i].unit;
	bool visible = in && app_inspection_visible(app, who, in, addressee);
	insp_world_free(&w);
	if (e == PX_NOTFOUND || (e == PX_OK && !visible)) {
		diag_err(d, NULL, 0, 0, "không có tệp minh chứng này", "no such evidence file");
		return PX_NOTFOUND;
	}
	return e == PX_OK ? e : insp_db_error(app, d);
}

static size_t evidence_limit(struct app *app)
{
	const char *v = repo_setting_get(app->db, app->arena, "evidence_max_bytes");
	char *end = NULL;
	long long n = v ? strtoll(v, &end, 10) : 0;
	return v && end && !*end && n > 0 ? (size_t)n : EVIDENCE_MAX_DEFAULT;
}

/* The checks of the assessment's evidence: not empty, within the limit,
 * recognised by content; photos only (JPEG, PNG) when photo. */
static enum px_err check_file(struct app *app, struct diags *d, const struct insp_file *f,
                              bool photo, const char **type)
{
	size_t limit = evidence_limit(app);
	*type = sniff_document(f->data, f->len);
	if (f->len == 0)
		return bad_field(d, "file", "tệp rỗng", "the file is empty");
	if (f->len > limit) {
		char vi[160], en[160];
		snprintf(vi, sizeof vi, "tệp quá lớn: %zu byte, tối đa %zu byte", f->len, limit);
		snprintf(en, sizeof en, "the file is too large: %zu bytes, at most %zu", f->len, limit);
		return bad_field(d, "file", vi, en);
	}
	if (photo && (!*type || (strcmp(*type, "image/jpeg") && strcmp(*type, "image/png"))))
		return bad_field(d, "file", "ảnh chỉ nhận JPEG hoặc PNG (nhận biết theo nội dung tệp)",
		                 "photos must be JPEG or PNG (recognised by content)");
	if (!*type)
		return bad_field(d, "file",
		                 "chỉ nhận PDF, Word, Excel, OpenDocument, JPEG, PNG (nhận biết theo nội "
		                 "dung tệp)",
		                 "only PDF, Word, Excel, OpenDocument, JPEG and PNG are accepted "
		                 "(recognised by content)");
	return PX_OK;
}

static enum px_err store_file(struct wf_ctx *c, const char *code, const struct insp_file *f,
                              const char *type, int64_t item, int64_t rec)
{
	if (sodium_init() < 0)
		return PX_FAIL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, f->data, f->len);
	char sha[65], safe[256];
	sodium_bin2hex(sha, sizeof sha, h, sizeof h);
	sniff_safe_filename(f->filename ? f->filename : "", safe, sizeof safe);
	const char *at = clock_now_iso(c->app->arena);
	int64_t id;
	if (repo_blob_put(c->app->db, sha, type, f->data, f->len, at) != PX_OK ||
	    repo_insp_evidence_add(c->app->db, code, item, rec, sha, safe, at,
	                           c->who->login ? c->who->login : c->app->actor, &id) != PX_OK)
		return insp_db_error(c->app, c->d);
	str_printf(&c->detail, ", \"evidence\": {\"id\": %lld, \"sha256\": \"%s\", \"size\": %zu}",
	           (long long)id, sha, f->len);
	return PX_OK;
}

static enum px_err check_files(struct app *app, struct diags *d, const struct insp_file *files,
                               size_t n, bool photo, const char ***types)
{
	*types = arena_array(app->arena, n + 1, sizeof **types);
	for (size_t i = 0; i < n; i++)
		if (check_file(app, d, &files[i], photo, &(*types)[i]) != PX_OK)
			return PX_BADINPUT;
	return PX_OK;
}

/* ---- the inspection machine ---------------------------------------------- */

struct insp_item {
	struct insp_world w;
	struct insp_rec *r;
	struct unit_set units;
};

static enum px_err insp_load(struct wf_ctx *c, const char *key)
{
	struct insp_item *it = arena_alloc(c->app->arena, sizeof *it);
	memset(it, 0, sizeof *it);
	c->data = it;
	if (insp_world_load(c->app, &it->w) != PX_OK || app_register_load(c->app, &it->units) != PX_OK)
		return insp_db_error(c->app, c->d);
	register_index(&it->units);
	it->r = insp_find(&it->w, key);
	if (!it->r)
		return no_inspection(c->d);
	c->state = insp_word(insp_state_names, it->r->state);
	c->unit = it->r->unit;
	c->visible = app_inspection_visible(c->app, c->who, it->r, NULL);
	c->assigned = on_team(c->who, it->r);
	return PX_OK;
}

static void insp_release(struct wf_ctx *c)
{
	struct insp_item *it = c->data;
	if (it) {
		insp_world_free(&it->w);
		unit_set_free(&it->units);
	}
}

static enum px_err insp_set_state(struct wf_ctx *c, int to)
{
	return repo_insp_set_state(c->app->db, c->key, insp_state_names[to]) == PX_OK
	               ? PX_OK
	               : insp_db_error(c->app, c->d);
}

/* The lead acts (the command line's administrator too: the operator). */
static enum px_err guard_lead(struct wf_ctx *c)
{
	const struct insp_item *it = c->data;
	if ((c->who->login && !strcmp(c->who->login, it->r->lead)) || insp_city_admin(c->who))
		return PX_OK;
	diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL, "chỉ trưởng đoàn kiểm tra được làm việc này",
	          "only the team lead may do this");
	return PX_DENIED;
}

static enum px_err guard_team(struct wf_ctx *c)
{
	const struct insp_item *it = c->data;
	if (on_team(c->who, it->r) || insp_city_admin(c->who))
		return PX_OK;
	diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
	          "chỉ thành viên đoàn kiểm tra được ghi kết quả kiểm tra",
	          "only the inspection team may record its work");
	return PX_DENIED;
}

/* The local time now, "YYYY-MM-DD HH:MM" (today from app_today). */
static const char *now_local(struct app *app)
{
	int64_t t = clock_now() + 7 * 3600;
	long m = (long)((t / 60) % (24 * 60));
	if (m < 0)
		m += 24 * 60;
	char day[11];
	date_format(app_today(), day);
	return arena_printf(app->arena, "%s %02ld:%02ld", day, m / 60, m % 60);
}

/* Whether unit index u is code or one of its predecessors in the register
 * (through every merge, split and rename before it). */
static bool unit_or_pred(const struct unit_set *s, const char *code, const char *unit)
{
	long start = unit_set_find(s, code);
	if (start < 0)
		return !strcmp(code, unit);
	size_t *stack = calloc(s->n + 1, sizeof *stack);
	char *seen = calloc(s->n + 1, 1);
	size_t top = 0;
	bool found = false;
	if (!stack || !seen)
		goto out;
	stack[top++] = (size_t)start;
	seen[start] = 1;
	while (top && !found) {
		size_t u = stack[--top];
		if (!strcmp(s->v[u].code, unit))
			found = true;
		for (size_t k = 0; k < s->v[u].npreds; k++) {
			size_t p = s->v[u].preds[k];
			if (!seen[p]) {
				seen[p] = 1;
				stack[top++] = p;
			}
		}
	}
out:
	free(stack);
	free(seen);
	return found;
}

enum px_err insp_checklist(struct app *app, const struct insp_world *w,
                           const struct unit_set *units, const struct insp_rec *r, long *items,
                           long *rechecked)
{
	long ord = 0;
	*rechecked = 0;
	const struct embedded_file *f = checklist_file(app, r->checklist);
	if (f) {
		json_error_t je;
		json_t *root = json_loadb(f->data, f->len, 0, &je);
		json_t *list = root ? json_object_get(root, "items") : NULL;
		size_t i;
		json_t *v;
		json_array_foreach(list, i, v) {
			const char *code = json_string_value(json_object_get(v, "code"));
			const char *vi = json_string_value(json_object_get(v, "vi"));
			const char *en = json_string_value(json_object_get(v, "en"));
			if (!code || !vi)
				continue;
			struct insp_item_rec x = {.inspection = r->code, .ord = ++ord, .item = code,
			                          .text = en ? arena_printf(app->arena, "%s | %s", vi, en)
			                                     : vi};
			if (repo_insp_item_add(app->db, &x) != PX_OK) {
				json_decref(root);
				return PX_FAIL;
			}
		}
		json_decref(root);
	}
	*items = ord;
	/* re-check: every recommendation not accepted of earlier inspections
	 * of this unit or of its predecessors */
	for (size_t i = 0; i < w->nrecos; i++) {
		const struct insp_reco_rec *rc = &w->recos[i];
		const struct insp_rec *from = insp_find(w, rc->inspection);
		if (!from || !strcmp(from->code, r->code) || !strcmp(rc->state, "accepted") ||
		    !unit_or_pred(units, r->unit, from->unit))
			continue;
		struct insp_item_rec x = {
			.inspection = r->code, .ord = ++ord,
			.item = arena_printf(app->arena, "R%lld", (long long)rc->id),
			.text = arena_printf(app->arena, "Kiểm tra lại kiến nghị %lld của %s: %s",
			                     (long long)rc->id, from->code, rc->text),
			.recheck_rec = rc->id};
		if (repo_insp_item_add(app->db, &x) != PX_OK)
			return PX_FAIL;
		(*rechecked)++;
	}
	return PX_OK;
}

static enum px_err effect_start(struct wf_ctx *c)
{
	struct insp_item *it = c->data;
	struct app *app = c->app;
	const char *at = now_local(app);
	if (repo_insp_set_started(app->db, it->r->code, at) != PX_OK)
		return insp_db_error(app, c->d);
	detail_text(&c->detail, "started_at", at);
	long items, rechecked;
	if (insp_checklist(app, &it->w, &it->units, it->r, &items, &rechecked) != PX_OK)
		return insp_db_error(app, c->d);
	str_printf(&c->detail, ", \"checklist_items\": %ld, \"rechecked\": %ld", items, rechecked);
	/* the state must be written before the metrics count it */
	if (repo_insp_set_state(app->db, it->r->code, "started") != PX_OK)
		return insp_db_error(app, c->d);
	return app_inspection_metrics_refresh(app, c->d);
}

static enum px_err effect_check(struct wf_ctx *c)
{
	struct insp_item *it = c->data;
	const struct insp_check_args *a = c->args;
	struct app *app = c->app;
	struct insp_item_rec *items;
	size_t n;
	if (repo_insp_items(app->db, it->r->code, app->arena, &items, &n) != PX_OK)
		return insp_db_error(app, c->d);
	const struct insp_item_rec *item = NULL;
	for (size_t i = 0; i < n && !item; i++)
		if (a->item && !strcmp(items[i].item, a->item))
			item = &items[i];
	if (!item)
		return bad_field(c->d, "item", "không có mục này trong danh mục kiểm tra",
		                 "no such item in the checklist");
	if (insp_word(insp_result_names, a->result) < 0)
		return bad_field(c->d, "result",
		                 "kết quả phải là compliant, non_compliant hoặc not_applicable",
		                 "the result must be compliant, non_compliant or not_applicable");
	if (a->note && strlen(a->note) > 4000)
		return bad_field(c->d, "note", "ghi chú quá dài", "the note is too long");
	const char **types;
	if (check_files(app, c->d, a->files, a->nfiles, true, &types) != PX_OK)
		return PX_BADINPUT;
	const char *at = clock_now_iso(app->arena);
	if (repo_insp_item_check(app->db, item->id, a->result, a->note, at,
	                         c->who->login ? c->who->login : app->actor) != PX_OK)
		return insp_db_error(app, c->d);
	detail_text(&c->detail, "item", item->item);
	detail_text(&c->detail, "result", a->result);
	detail_text(&c->detail, "note", a->note);
	for (size_t i = 0; i < a->nfiles; i++)
		if (store_file(c, it->r->code, &a->files[i], types[i], item->id, 0) != PX_OK)
			return PX_FAIL;
	return PX_OK;
}

static enum px_err effect_finding(struct wf_ctx *c)
{
	struct insp_item *it = c->data;
	struct insp_finding_args *a = (struct insp_finding_args *)c->args;
	struct app *app = c->app;
	if (insp_word(insp_finding_names, a->kind) < 0)
		return bad_field(c->d, "kind", "loại phát hiện phải là good_practice, shortcoming hoặc violation",
		                 "the kind must be good_practice, shortcoming or violation");
	if (insp_word(plan_areas, a->area) < 0)
		return bad_field(c->d, "area", "lĩnh vực cải cách không hợp lệ (xem plans.md)",
		                 "invalid reform area (see plans.md)");
	if (!a->text || !*a->text || strlen(a->text) > 4000)
		return bad_field(c->d, "text", "cần nội dung phát hiện (tối đa 4000 byte)",
		                 "the finding needs a text (at most 4000 bytes)");
	if (a->criterion && strlen(a->criterion) > 64)
		return bad_field(c->d, "criterion", "mã tiêu chí quá dài", "the criterion code is too long");
	long n = 0;
	for (size_t i = 0; i < it->w.nfindings; i++)
		if (!strcmp(it->w.findings[i].inspection, it->r->code) && it->w.findings[i].n > n)
			n = it->w.findings[i].n;
	struct insp_finding_rec f = {.inspection = it->r->code, .n = n + 1, .kind = a->kind,
	                             .area = a->area, .text = a->text,
	                             .criterion = a->criterion && *a->criterion ? a->criterion : NULL,
	                             .made_on = insp_day_str(app->arena, app_today()),
	                             .made_by = c->who->login ? c->who->login : app->actor};
	int64_t id;
	if (repo_insp_finding_add(app->db, &f, &id) != PX_OK)
		return insp_db_error(app, c->d);
	a->n = f.n;
	str_printf(&c->detail, "\"finding\": %ld", f.n);
	detail_text(&c->detail, "kind", f.kind);
	detail_text(&c->detail, "area", f.area);
	detail_text(&c->detail, "text", f.text);
	detail_text(&c->detail, "criterion", f.criterion);
	return app_inspection_metrics_refresh(app, c->d);
}

static enum px_err effect_recommend(struct wf_ctx *c)
{
	struct insp_item *it = c->data;
	struct insp_recommend_args *a = (struct insp_recommend_args *)c->args;
	struct app *app = c->app;
	const struct insp_finding_rec *f = NULL;
	char *end = NULL;
	long fn = a->finding ? strtol(a->finding, &end, 10) : 0;
	for (size_t i = 0; end && !*end && i < it->w.nfindings && !f; i++)
		if (!strcmp(it->w.findings[i].inspection, it->r->code) && it->w.findings[i].n == fn)
			f = &it->w.findings[i];
	if (!f)
		return bad_field(c->d, "finding", "không có phát hiện số này trong đợt kiểm tra",
		                 "no finding with this number in the inspection");
	if (!a->text || !*a->text || strlen(a->text) > 4000)
		return bad_field(c->d, "text", "cần nội dung kiến nghị (tối đa 4000 byte)",
		                 "the recommendation needs a text (at most 4000 bytes)");
	int32_t due;
	if (!a->due || !date_parse(a->due, strlen(a->due), &due))
		return bad_field(c->d, "due", "hạn không hợp lệ, cần YYYY-MM-DD",
		                 "invalid due date, expected YYYY-MM-DD");
	if (due < app_today())
		return bad_field(c->d, "due", "hạn khắc phục đã qua", "the due date is in the past");
	const char *unit = a->unit && *a->unit ? a->unit : it->r->unit;
	long u = unit_set_find(&it->units, unit);
	if (u < 0 || !in_subtree(&it->units, u, it->r->unit))
		return bad_field(c->d, "unit",
		                 "đơn vị chịu trách nhiệm phải là đơn vị được kiểm tra hoặc cấp dưới",
		                 "the responsible unit must be the inspected unit or below it");
	struct insp_reco_rec r = {.inspection = it->r->code, .finding = f->id, .text = a->text,
	                          .unit = unit, .due = insp_day_str(app->arena, due),
	                          .made_on = insp_day_str(app->arena, app_today())};
	if (repo_insp_reco_add(app->db, &r, &a->id) != PX_OK)
		return insp_db_error(app, c->d);
	str_printf(&c->detail, "\"recommendation\": %lld, \"finding\": %ld", (long long)a->id, f->n);
	detail_text(&c->detail, "unit", unit);
	detail_text(&c->detail, "due", r.due);
	detail_text(&c->detail, "text", r.text);
	return app_inspection_metrics_refresh(app, c->d);
}

static enum px_err effect_conclude(struct wf_ctx *c)
{
	struct insp_item *it = c->data;
	const struct insp_conclude_args *a = c->args;
	struct app *app = c->app;
	if (!a->number || !*a->number || strlen(a->number) > 100)
		return bad_field(c->d, "number", "cần số kết luận kiểm tra", "the conclusion needs a number");
	int32_t day;
	if (!a->date || !date_parse(a->date, strlen(a->date), &day))
		return bad_field(c->d, "date", "ngày kết luận không hợp lệ, cần YYYY-MM-DD",
		                 "invalid conclusion date, expected YYYY-MM-DD");
	if (day > app_today())
		return bad_field(c->d, "date", "ngày kết luận ở tương lai", "the conclusion date is in the future");
	if (day < insp_day(it->r->started_at))
		return bad_field(c->d, "date", "ngày kết luận trước ngày bắt đầu kiểm tra",
		                 "the conclusion date is before the inspection started");
	if (a->summary && strlen(a->summary) > 8000)
		return bad_field(c->d, "summary", "tóm tắt quá dài", "the summary is too long");
	const char *date = insp_day_str(app->arena, day);
	if (repo_insp_set_conclusion(app->db, it->r->code, a->number, date,
	                             a->summary ? a->summary : "") != PX_OK)
		return insp_db_error(app, c->d);
	detail_text(&c->detail, "number", a->number);
	detail_text(&c->detail, "date", date);
	/* the re-checked recommendations: remedied when found compliant */
	str_adds(&c->detail, ", \"rechecked\": [");
	bool first = true;
	for (size_t i = 0; i < it->w.nitems; i++) {
		const struct insp_item_rec *x = &it->w.items[i];
		if (strcmp(x->inspection, it->r->code) || !x->recheck_rec)
			continue;
		str_printf(&c->detail, "%s{\"recommendation\": %lld, \"remedied\": %s}", first ? "" : ", ",
		           (long long)x->recheck_rec,
		           x->result && !strcmp(x->result, "compliant") ? "true" : "false");
		first = false;
	}
	str_addc(&c->detail, ']');
	return PX_OK;
}

static enum px_err guard_close(struct wf_ctx *c)
{
	enum px_err e = guard_lead(c);
	const struct insp_item *it = c->data;
	for (size_t i = 0; e == PX_OK && i < it->w.nrecos; i++)
		if (!strcmp(it->w.recos[i].inspection, it->r->code) &&
		    strcmp(it->w.recos[i].state, "accepted")) {
			diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
			          "còn kiến nghị chưa được xác nhận khắc phục",
			          "a recommendation is not verified yet");
			e = PX_BADINPUT;
		}
	return e;
}

static const struct wf_transition insp_rows[] = {
	{"start", INSP_PLANNED, INSP_STARTED, CAP_LOGIN, WF_REL_ANY, guard_lead, effect_start,
	 "bắt đầu kiểm tra (ghi giờ đến)", "start the inspection (arrival time)"},
	{"check", INSP_STARTED, WF_ANY, CAP_INSPECT, WF_REL_ANY, guard_team, effect_check,
	 "ghi kết quả một mục kiểm tra", "record a checklist item"},
	{"finding", INSP_STARTED, WF_ANY, CAP_LOGIN, WF_REL_ANY, guard_team, effect_finding,
	 "ghi phát hiện", "record a finding"},
	{"recommend", INSP_STARTED, WF_ANY, CAP_LOGIN, WF_REL_ANY, guard_team, effect_recommend,
	 "ghi kiến nghị", "make a recommendation"},
	{"conclude", INSP_STARTED, INSP_CONCLUDED, CAP_LOGIN, WF_REL_ANY, guard_lead,
	 effect_conclude, "ban hành kết luận kiểm tra", "conclude the inspection"},
	{"close", INSP_CONCLUDED, INSP_CLOSED, CAP_LOGIN, WF_REL_ANY, guard_close, NULL,
	 "đóng đợt kiểm tra", "close the inspection"},
};

const struct wf_machine inspection_machine = {
	.entity = "inspection",
	.states = insp_state_names,
	.states_vi = insp_state_vi,
	.rows = insp_rows,
	.nrows = sizeof insp_rows / sizeof insp_rows[0],
	.load = insp_load,
	.set_state = insp_set_state,
	.release = insp_release,
};

enum px_err app_inspection_start(struct app *app, const struct actor *who, const char *code,
                                 struct diags *d)
{
	return wf_apply(app, &inspection_machine, who, "start", code ? code : "", WF_ANY, NULL, NULL, d);
}

enum px_err app_inspection_check(struct app *app, const struct actor *who, const char *code,
                                 struct insp_check_args *a, struct diags *d)
{
	return wf_apply(app, &inspection_machine, who, "check", code ? code : "", WF_ANY, a, NULL, d);
}

enum px_err app_inspection_finding(struct app *app, const struct actor *who, const char *code,
                                   struct insp_finding_args *a, struct diags *d)
{
	return wf_apply(app, &inspection_machine, who, "finding", code ? code : "", WF_ANY, a, NULL, d);
}

enum px_err app_inspection_recommend(struct app *app, const struct actor *who, const char *code,
                                     struct insp_recommend_args *a, struct diags *d)
{
	return wf_apply(app, &inspection_machine, who, "recommend", code ? code : "", WF_ANY, a, NULL,
	                d);
}

enum px_err app_inspection_conclude(struct app *app, const struct actor *who, const char *code,
                                    struct insp_conclude_args *a, struct diags *d)
{
	return wf_apply(app, &inspection_machine, who, "conclude", code ? code : "", WF_ANY, a, NULL,
	                d);
}

enum px_err app_inspection_close(struct app *app, const struct actor *who, const char *code,
                                 struct diags *d)
{
	return wf_apply(app, &inspection_machine, who, "close", code ? code : "", WF_ANY, NULL, NULL, d);
}

size_t app_inspection_allowed(struct app *app, const struct actor *who, const char *code,
                              const char **verbs, size_t max)
{
	return wf_allowed(app, &inspection_machine, who, code ? code : "", verbs, max, NULL);
}

/* ---- the recommendation machine ------------------------------------------ */

struct reco_item {
	struct insp_world w;
	struct insp_reco_rec *r;
	struct insp_rec *insp;
};

static enum px_err reco_load(struct wf_ctx *c, const char *key)
{
	struct reco_item *it = arena_alloc(c->app->arena, sizeof *it);
	memset(it, 0, sizeof *it);
	c->data = it;
	if (insp_world_load(c->app, &it->w) != PX_OK)
		return insp_db_error(c->app, c->d);
	char *end = NULL;
	long long id = strtoll(key, &end, 10);
	for (size_t i = 0; end && end != key && !*end && i < it->w.nrecos && !it->r; i++)
		if (it->w.recos[i].id == id)
			it->r = &it->w.recos[i];
	it->insp = it->r ? insp_find(&it->w, it->r->inspection) : NULL;
	if (!it->r || !it->insp) {
		diag_err(c->d, NULL, 0, 0, "không có kiến nghị này", "no such recommendation");
		return PX_NOTFOUND;
	}
	c->state = insp_word(rec_state_names, it->r->state);
	c->unit = it->r->unit;
	c->visible = app_inspection_visible(c->app, c->who, it->insp, it->r->unit);
	c->assigned = on_team(c->who, it->insp);
	c->audit_key = key;
	return PX_OK;
}

static void reco_release(struct wf_ctx *c)
{
	struct reco_item *it = c->data;
	if (it)
		insp_world_free(&it->w);
}

static enum px_err reco_set_state(struct wf_ctx *c, int to)
{
	struct reco_item *it = c->data;
	it->r->state = rec_state_names[to];
	if (repo_insp_reco_update(c->app->db, it->r) != PX_OK)
		return insp_db_error(c->app, c->d);
	/* the metrics count the new state */
	return app_inspection_metrics_refresh(c->app, c->d);
}

/* verify: the lead of the recommendation's inspection. */
static enum px_err guard_verifier(struct wf_ctx *c)
{
	const struct reco_item *it = c->data;
	if ((c->who->login && !strcmp(c->who->login, it->insp->lead)) || insp_city_admin(c->who))
		return PX_OK;
	diag_text(c->d, DIAG_ERROR, NULL, 0, 0, NULL,
	          "chỉ trưởng đoàn kiểm tra được xác nhận kết quả khắc phục",
	          "only the inspection's team lead may verify a remediation");
	return PX_DENIED;
}

static enum px_err effect_report(struct wf_ctx *c)
{
	struct reco_item *it = c->data;
	const struct reco_report_args *a = c->args;
	struct app *app = c->app;
	int32_t day;
	if (!a->date || !date_parse(a->date, strlen(a->date), &day))
		return bad_field(c->d, "date", "ngày khắc phục không hợp lệ, cần YYYY-MM-DD",
		                 "invalid remediation date, expected YYYY-MM-DD");
	if (day > app_today())
		return bad_field(c->d, "date", "ngày khắc phục ở tương lai", "the remediation date is in the future");
	if (day < insp_day(it->r->made_on))
		return bad_field(c->d, "date", "ngày khắc phục trước ngày có kiến nghị",
		                 "the remediation date is before the recommendation");
	if (!a->note || !*a->note || strlen(a->note) > 4000)
		return bad_field(c->d, "note", "cần ghi chú kết quả khắc phục (tối đa 4000 byte)",
		                 "the remediation needs a note (at most 4000 bytes)");
	const char **types;
	if (check_files(app, c->d, a->files, a->nfiles, false, &types) != PX_OK)
		return PX_BADINPUT;
	it->r->report_date = insp_day_str(app->arena, day);
	it->r->report_note = a->note;
	detail_text(&c->detail, "date", it->r->report_date);
	detail_text(&c->detail, "note", a->note);
	for (size_t i = 0; i < a->nfiles; i++)
		if (store_file(c, it->insp->code, &a->files[i], types[i], 0, it->r->id) != PX_OK)
			return PX_FAIL;
	return PX_OK;
}

static enum px_err effect_verify(struct wf_ctx *c)
{
	struct reco_item *it = c->data;
	const struct reco_verify_args *a = c->args;
	struct app *app = c->app;
	bool accept = !strcmp(c->t->verb, "accept");
	if (!accept && (!a || !a->reason || !*a->reason))
		return bad_field(c->d, "reason", "trả lại cần nêu lý do", "a rejection needs a reason");
	if (a && a->reason && strlen(a->reason) > 4000)
		return bad_field(c->d, "reason", "lý do quá dài", "the reason is too long");
	if (accept) {
		it->r->verified_on = insp_day_str(app->arena, app_today());
		detail_text(&c->detail, "verified_on", it->r->verified_on);
		/* the inspection closes with its last recommendation accepted */
		bool all = !strcmp(it->insp->state, "concluded");
		for (size_t i = 0; all && i < it->w.nrecos; i++)
			if (!strcmp(it->w.recos[i].inspection, it->insp->code) && &it->w.recos[i] != it->r &&
			    strcmp(it->w.recos[i].state, "accepted"))
				all = false;
		if (all) {
			if (repo_insp_set_state(app->db, it->insp->code, "closed") != PX_OK)
				return insp_db_error(app, c->d);
			detail_text(&c->detail, "inspection_closed", it->insp->code);
		}
	} else {
		it->r->reject_reason = a->reason;
		detail_text(&c->detail, "reason", a->reason);
		detail_text(&c->detail, "reported_on", it->r->report_date);
		it->r->report_date = NULL; /* a new report is needed */
		it->r->report_note = NULL;
	}
	return PX_OK;
}

static const struct wf_transition reco_rows[] = {
	{"report", REC_OPEN, REC_DONE, CAP_REPORT, WF_REL_ANY, NULL, effect_report,
	 "báo cáo kết quả khắc phục", "report the remediation"},
	{"accept", REC_DONE, REC_ACCEPTED, CAP_LOGIN, WF_REL_ANY, guard_verifier, effect_verify,
	 "xác nhận đã khắc phục", "accept the remediation"},
	{"reject", REC_DONE, REC_OPEN, CAP_LOGIN, WF_REL_ANY, guard_verifier, effect_verify,
	 "trả lại, chưa khắc phục", "reject the remediation"},
};

const struct wf_machine recommendation_machine = {
	.entity = "recommendation",
	.states = rec_state_names,
	.states_vi = rec_state_vi,
	.rows = reco_rows,
	.nrows = sizeof reco_rows / sizeof reco_rows[0],
	.load = reco_load,
	.set_state = reco_set_state,
	.release = reco_release,
};

enum px_err app_reco_report(struct app *app, const struct actor *who, const char *id,
                            struct reco_report_args *a, struct diags *d)
{
	return wf_apply(app, &recommendation_machine, who, "report", id ? id : "", WF_ANY, a, NULL, d);
}

enum px_err app_reco_verify(struct app *app, const struct actor *who, const char *id, bool accept,
                            struct reco_verify_args *a, struct diags *d)
{
	return wf_apply(app, &recommendation_machine, who, accept ? "accept" : "reject", id ? id : "",
	                WF_ANY, a, NULL, d);
}

size_t app_reco_allowed(struct app *app, const struct actor *who, const char *id,
                        const char **verbs, size_t max)
{
	return wf_allowed(app, &recommendation_machine, who, id ? id : "", verbs, max, NULL);
}

