/*
 * The emulation movement: the use cases of app/emulation.h.
 *
 * Why it is built this way: a proposal is a pure function of the year's
 * record, so it is computed whole every time (the evaluation module's
 * classification of every unit of the subtree, discipline, initiatives,
 * awards of earlier years, the published index) and checked by
 * core/emulation.c; a vote and a decision recompute it inside their
 * transaction, so nobody can vote for, or award, a title the record does
 * not support at that moment.
 */
#include "app/emulation.h"
#include "app/evaluation.h"
#include "app/scoring.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "base/map.h"
#include "base/str.h"
#include "base/vec.h"
#include "io/emulation_io.h"
#include "io/table.h"
#include "store/repo_audit.h"
#include "store/repo_emulation.h"
#include "store/repo_evaluation.h"
#include "store/repo_framework.h"
#include "store/repo_unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

static const char *day_str(struct arena *a, int32_t d)
{
	char buf[11];
	date_format(d, buf);
	return arena_strdup(a, buf);
}

/* ---- rule sets ------------------------------------------------------------- */

struct rules_list {
	struct emu_rules *v;
	size_t n;
};

static enum px_err rules_load(struct app *app, struct rules_list *l, struct diags *d)
{
	struct emu_ruleset_rec *recs;
	size_t n;
	if (repo_emu_rules_all(app->db, app->arena, &recs, &n) != PX_OK)
		return db_error(app, d);
	l->v = arena_array(app->arena, n + 1, sizeof *l->v);
	l->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct diags tmp;
		diags_init(&tmp);
		if (emu_rules_parse(recs[i].code, recs[i].body, strlen(recs[i].body), app->arena, &tmp,
		                    &l->v[l->n]) == PX_OK)
			l->n++;
		diags_free(&tmp);
	}
	return PX_OK;
}

/* The rule set in force on the year's last day (the latest starting). */
static const struct emu_rules *rules_for(const struct rules_list *l, int year)
{
	int32_t day = date_from_ymd(year, 12, 31);
	const struct emu_rules *best = NULL;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].valid_from <= day && day <= l->v[i].valid_to &&
		    (!best || l->v[i].valid_from >= best->valid_from))
			best = &l->v[i];
	return best;
}

enum px_err app_emu_rules_for(struct app *app, int year, struct emu_rules *out, struct diags *d)
{
	struct rules_list rl;
	enum px_err e = rules_load(app, &rl, d);
	if (e != PX_OK)
		return e;
	const struct emu_rules *r = rules_for(&rl, year);
	if (!r) {
		diag_err(d, NULL, 0, 0, "không có bộ quy tắc thi đua áp dụng trong năm %d",
		         "no emulation rule set in force in %d", year);
		return PX_NOTFOUND;
	}
	*out = *r;
	return PX_OK;
}

enum px_err app_emu_rules_import(struct app *app, const char *name, const char *data,
                                 size_t len, struct diags *d, struct emu_rules *out,
                                 bool *is_new)
{
	enum px_err e = emu_rules_parse(name, data, len, app->arena, d, out);
	if (e != PX_OK)
		return e;
	char *body = arena_alloc(app->arena, len + 1);
	memcpy(body, data, len);
	body[len] = 0;
	struct emu_ruleset_rec rec = {out->code,
	                              day_str(app->arena, out->valid_from == DATE_MIN
	                                                      ? date_from_ymd(1945, 1, 1)
	                                                      : out->valid_from),
	                              out->valid_to == DATE_MAX ? NULL
	                                                        : day_str(app->arena, out->valid_to),
	                              body, clock_now_iso(app->arena)};
	if ((e = db_begin(app->db)) != PX_OK)
		return app_commit(app, e, d);
	e = repo_emu_rules_put(app->db, &rec, is_new);
	if (e == PX_OK) {
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"titles\": %zu, \"base_salary\": %ld}", out->ntitles,
		           out->base_salary);
		e = audit_append(app->db, app->actor, *is_new ? "insert" : "update", "emu_ruleset",
		                 out->code, str_cstr(&det));
		str_free(&det);
	}
	return app_commit(app, e, d);
}

/* ---- imports ---------------------------------------------------------------- */

static bool staff_known(struct app *app, struct map *m)
{
	struct staff_rec *s;
	size_t n;
	if (app_staff_list(app, NULL, &s, &n) != PX_OK)
		return false;
	for (size_t i = 0; i < n; i++)
		map_puts(m, s[i].code, (void *)&s[i]);
	return true;
}

enum px_err app_emu_initiative_import(struct app *app, struct table *t, struct diags *d,
                                      struct import_summary *sum)
{
	struct map staff;
	map_init(&staff);
	struct emu_initiative_row *rows = NULL;
	size_t n = 0;
	enum px_err e = PX_OK;
	if (!staff_known(app, &staff))
		e = db_error(app, d);
	if (e == PX_OK) {
		emu_initiatives_read(t, app->arena, d, &rows, &n);
		for (size_t i = 0; i < n; i++) {
			if (!map_gets(&staff, rows[i].staff))
				diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col_staff, NULL,
				         "cột staff_code: không có cán bộ mã \"%s\"",
				         "column staff_code: no staff member \"%s\"", rows[i].staff);
			for (size_t k = 0; k < rows[i].nauthors; k++)
				if (!map_gets(&staff, rows[i].authors[k]))
					diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col_authors,
					         NULL, "cột authors: không có cán bộ mã \"%s\"",
					         "column authors: no staff member \"%s\"", rows[i].authors[k]);
		}
		e = app_import_begin(app, 0, n, d, sum);
	}
	const char *at = clock_now_iso(app->arena);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		struct emu_initiative_rec rec = {rows[i].code, rows[i].staff, rows[i].title,
		                                 rows[i].level, rows[i].decision, rows[i].year};
		bool is_new;
		e = repo_emu_initiative_put(app->db, &rec, at, &is_new);
		if (e == PX_OK)
			e = repo_emu_initiative_extra(app->db, rec.code, rows[i].evidence,
			                              rows[i].authors, rows[i].nauthors);
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"year\": %ld, \"staff\": ", rec.year);
		str_add_json(&det, rec.staff);
		str_printf(&det, ", \"level\": \"%s\", \"co_authors\": %zu, \"decision\": ", rec.level,
		           rows[i].nauthors);
		str_add_json(&det, rec.decision);
		str_adds(&det, "}");
		if (e == PX_OK)
			e = app_import_audit(app, is_new, "emu_initiative", rec.code, &det, sum);
		else
			str_free(&det);
	}
	map_free(&staff);
	bool began = e == PX_OK || db_in_transaction(app->db);
	return began ? app_commit(app, e, d) : e;
}

enum px_err app_emu_award_import(struct app *app, struct table *t, struct diags *d,
                                 struct import_summary *sum)
{
	struct map staff;
	map_init(&staff);
	struct unit_set units = {0};
	struct rules_list rl = {0};
	struct emu_award_row *rows = NULL;
	size_t n = 0;
	enum px_err e = PX_OK;
	if (!staff_known(app, &staff) || app_register_load(app, &units) != PX_OK)
		e = db_error(app, d);
	if (e == PX_OK)
		e = rules_load(app, &rl, d);
	if (e == PX_OK) {
		emu_awards_read(t, app->arena, d, &rows, &n);
		for (size_t i = 0; i < n; i++) {
			if (!map_gets(&staff, rows[i].candidate) &&
			    unit_set_find(&units, rows[i].candidate) < 0)
				diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col_candidate, NULL,
				         "cột candidate: không có cán bộ hay đơn vị mã \"%s\"",
				         "column candidate: no staff member or unit \"%s\"", rows[i].candidate);
			bool known = false;
			for (size_t k = 0; k < rl.n && !known; k++)
				known = emu_title_find(&rl.v[k], rows[i].title) >= 0;
			if (!known)
				diag_add(d, DIAG_ERROR, table_name(t), rows[i].line, rows[i].col_title,
				         NULL, "cột title: không bộ quy tắc thi đua nào có danh hiệu \"%s\"",
				         "column title: no emulation rule set has title \"%s\"", rows[i].title);
		}
		e = app_import_begin(app, 0, n, d, sum);
	}
	const char *at = clock_now_iso(app->arena);
	for (size_t i = 0; i < n && e == PX_OK; i++) {
		struct emu_award_rec rec = {.decision = rows[i].decision, .candidate = rows[i].candidate,
		                            .title = rows[i].title, .year = rows[i].year};
		bool is_new;
		e = repo_emu_past_award_put(app->db, &rec, at, &is_new);
		struct str det;
		str_init(&det, 0);
		str_printf(&det, "{\"year\": %ld, \"title\": \"%s\", \"decision\": ", rec.year, rec.title);
		str_add_json(&det, rec.decision);
		str_adds(&det, "}");
		if (e == PX_OK)
			e = app_import_audit(app, is_new, "emu_past_award", rec.candidate, &det, sum);
		else
			str_free(&det);
	}
	map_free(&staff);
	unit_set_free(&units);
	bool began = e == PX_OK || db_in_transaction(app->db);
	return began ? app_commit(app, e, d) : e;
}

/* ---- proposals --------------------------------------------------------------- */

struct past {
	struct map m; /* "cand\x1ftitle\x1fyear" -> 1 */
	struct arena *a;
};

static bool past_awarded(void *ctx, const char *cand, const char *title, int year)
{
	struct past *p = ctx;
	return map_gets(&p->m, arena_printf(p->a, "%s\x1f%s\x1f%d", cand, title, year)) != NULL;
}

/* Whether unit index i is idx or below it. */
static bool under(const struct unit_set *s, long i, long idx)
{
	for (int guard = 0; i >= 0 && guard < 64; guard++, i = s->v[i].parent_idx)
		if (i == idx)
			return true;
	return false;
}

/* The units of unit's subtree active in year, in tree order (unit first). */
static enum px_err subtree(struct app *app, const char *unit, int year, struct unit_set *s,
                           const char ***codes, size_t *n, struct diags *d)
{
	if (app_register_load(app, s) != PX_OK) {
		unit_set_free(s);
		return db_error(app, d);
	}
	long root = unit ? unit_set_find(s, unit) : -1;
	if (root < 0) {
		diag_err(d, NULL, 0, 0, "không có đơn vị \"%s\"", "no unit \"%s\"", unit ? unit : "");
		unit_set_free(s);
		return PX_NOTFOUND;
	}
	size_t *order;
	int *depth;
	int32_t first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);
	size_t k = register_tree(s, last, app->arena, &order, &depth);
	*codes = arena_array(app->arena, s->n + 1, sizeof **codes);
	*n = 0;
	const struct unit_rec *r = &s->v[root];
	if (!(r->valid_from <= last && first <= r->valid_to)) {
		diag_err(d, NULL, 0, 0, "đơn vị %s không hoạt động trong năm %d",
		         "unit %s is not active in %d", unit, year);
		unit_set_free(s);
		return PX_NOTFOUND;
	}
	(*codes)[(*n)++] = r->code;
	for (size_t i = 0; i < k; i++)
		if ((long)order[i] != root && under(s, (long)order[i], root))
			(*codes)[(*n)++] = s->v[order[i]].code;
	return PX_OK;
}

/* The unit's published PAR index: rank in year, gain over year - 1. */
static void par_of(struct app *app, struct emu_unit *u, int year)
{
	struct publication_history_row *h;
	size_t n;
	if (app_unit_history(app, u->code, &h, &n) != PX_OK)
		return;
	bool has_prev = false;
	double cur = 0, prev = 0;
	bool has_cur = false;
	for (size_t i = 0; i < n; i++) {
		if (h[i].year == year && !u->has_rank && h[i].rank > 0) {
			u->has_rank = true;
			u->rank = h[i].rank;
		}
		if (h[i].year == year && h[i].has_index && !has_cur)
			has_cur = true, cur = h[i].index;
		if (h[i].year == year - 1 && h[i].has_index && !has_prev)
			has_prev = true, prev = h[i].index;
	}
	if (has_cur && has_prev) {
		u->has_gain = true;
		double g = (cur - prev) * 1000.0;
		u->gain_milli = (long)(g < 0 ? g - 0.5 : g + 0.5);
	}
}

enum px_err app_emu_propose(struct app *app, const struct actor *who, int year, const char *unit,
                            struct emu_proposal_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	/* the record is computed whole (a collective's conditions read all of
	 * its members); what the actor sees of it is filtered at the end */
	bool see_all = unit && (app_grant_covers(who, CAP_READ, unit, NULL) ||
	                        app_emu_may_act(app, who, unit, year));
	const struct actor whole = {who ? who->login : NULL, "admin", NULL, NULL, 0, NULL};
	const struct actor *viewer = who;
	who = &whole;
	struct rules_list rl;
	enum px_err e = rules_load(app, &rl, d);
	if (e != PX_OK)
		return e;
	const struct emu_rules *r = rules_for(&rl, year);
	if (!r) {
		diag_err(d, NULL, 0, 0, "không có bộ quy tắc thi đua áp dụng trong năm %d",
		         "no emulation rule set in force in %d", year);
		return PX_NOTFOUND;
	}
	out->rules = *r;
	struct unit_set us;
	const char **codes;
	size_t nunits;
	if ((e = subtree(app, unit, year, &us, &codes, &nunits, d)) != PX_OK)
		return e;
	/* the people: the year's classification of every unit */
	struct VEC_OF(struct emu_person) people = {0};
	struct VEC_OF(const char *) names = {0};
	for (size_t u = 0; u < nunits; u++) {
		struct eval_year_view v;
		struct diags tmp;
		diags_init(&tmp);
		enum px_err ee = app_eval_year(app, who, codes[u], year, &v, &tmp);
		diags_free(&tmp);
		if (ee == PX_OK) {
			for (size_t i = 0; i < v.n; i++) {
				struct emu_person p = {v.rows[i].staff, codes[u], v.rows[i].in.months_rated > 0,
				                       (int)v.rows[i].out.level, -1, -1, false};
				VEC_PUSH(&people, p);
				VEC_PUSH(&names, v.rows[i].name);
			}
		} else {
			/* no classification (no evaluation rule set): the level is missing */
			struct staff_rec *s;
			size_t ns;
			if (app_staff_list(app, codes[u], &s, &ns) != PX_OK) {
				VEC_FREE(&people);
				VEC_FREE(&names);
				unit_set_free(&us);
				return db_error(app, d);
			}
			int32_t first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);
			for (size_t i = 0; i < ns; i++) {
				if (!(s[i].valid_from <= last && first <= s[i].valid_to) ||
				    !app_may_see_evaluation(who, s[i].code, codes[u]))
					continue;
				struct emu_person p = {s[i].code, codes[u], false, EVAL_NOT_RATED, -1, -1, false};
				VEC_PUSH(&people, p);
				VEC_PUSH(&names, s[i].name);
			}
		}
	}
	struct map pidx;
	map_init(&pidx);
	for (size_t i = 0; i < people.n; i++)
		map_puts(&pidx, people.v[i].code, (void *)(uintptr_t)(i + 1));
	/* discipline in the year: the heaviest form */
	struct eval_discipline_rec *disc;
	size_t ndisc;
	struct emu_initiative_rec *ini;
	size_t nini;
	struct emu_award_rec *aw;
	size_t naw;
	if (repo_eval_disciplines(app->db, app->arena, &disc, &ndisc) != PX_OK ||
	    repo_emu_initiatives(app->db, year, app->arena, &ini, &nini) != PX_OK ||
	    repo_emu_awards_any(app->db, year - 30, year - 1, app->arena, &aw, &naw) != PX_OK) {
		map_free(&pidx);
		VEC_FREE(&people);
		VEC_FREE(&names);
		unit_set_free(&us);
		return db_error(app, d);
	}
	for (size_t i = 0; i < ndisc; i++) {
		long k = (long)(uintptr_t)map_gets(&pidx, disc[i].staff) - 1;
		if (k < 0 || strncmp(disc[i].date, arena_printf(app->arena, "%04d-", year), 5))
			continue;
		int f = emu_disc_form_parse(disc[i].form);
		if (f > people.v[k].disc_form)
			people.v[k].disc_form = f;
	}
	for (size_t i = 0; i < nini; i++) {
		long k = (long)(uintptr_t)map_gets(&pidx, ini[i].staff) - 1;
		int l = emu_init_level_parse(ini[i].level);
		if (k >= 0 && l > people.v[k].initiative)
			people.v[k].initiative = l;
	}
	/* a co-author's initiative counts as the author's (migration 0019) */
	struct emu_coauthor_rec *co;
	size_t nco = 0;
	if (repo_emu_coauthors(app->db, year, app->arena, &co, &nco) != PX_OK)
		nco = 0;
	for (size_t i = 0; i < nco; i++) {
		long k = (long)(uintptr_t)map_gets(&pidx, co[i].staff) - 1;
		int l = emu_init_level_parse(co[i].level);
		if (k >= 0 && l > people.v[k].initiative)
			people.v[k].initiative = l;
	}
	struct emu_registration_rec *reg;
	size_t nreg;
	struct map regs;
	map_init(&regs);
	if (repo_emu_registrations(app->db, year, app->arena, &reg, &nreg) != PX_OK)
		nreg = 0;
	for (size_t i = 0; i < nreg; i++) {
		map_puts(&regs, reg[i].candidate, (void *)1);
		long k = (long)(uintptr_t)map_gets(&pidx, reg[i].candidate) - 1;
		if (k >= 0)
			people.v[k].registered = true;
	}
	struct past past = {.a = app->arena};
	map_init(&past.m);
	for (size_t i = 0; i < naw; i++)
		map_puts(&past.m, arena_printf(app->arena, "%s\x1f%s\x1f%ld", aw[i].candidate,
		                               aw[i].title, aw[i].year), (void *)1);
	size_t nt = r->ntitles;
	out->rows = arena_array(app->arena, (people.n + nunits) * nt + 1, sizeof *out->rows);
	bool (*ok)[EMU_MAX_TITLES] = arena_array(app->arena, people.n + 1, sizeof *ok);
	struct emu_facts f = {year, past_awarded, &past, NULL, 0, NULL};
	for (size_t i = 0; i < people.n; i++)
		for (size_t t = 0; t < nt; t++) {
			struct emu_proposal *p = &out->rows[out->n++];
			p->candidate = people.v[i].code;
			p->name = names.v[i];
			p->kind = "individual";
			p->unit = people.v[i].unit;
			p->title = t;
			emu_check_person(r, t, &people.v[i], ok[i], &f, &p->check);
			ok[i][t] = p->check.eligible;
		}
	/* the collectives: members are the people of their subtree */
	struct emu_person *mem = arena_array(app->arena, people.n + 1, sizeof *mem);
	bool (*mok)[EMU_MAX_TITLES] = arena_array(app->arena, people.n + 1, sizeof *mok);
	for (size_t u = 0; u < nunits; u++) {
		long ui = unit_set_find(&us, codes[u]);
		size_t nm = 0;
		for (size_t i = 0; i < people.n; i++)
			if (under(&us, unit_set_find(&us, people.v[i].unit), ui)) {
				mem[nm] = people.v[i];
				memcpy(mok[nm], ok[i], sizeof ok[i]);
				nm++;
			}
		struct emu_unit eu = {.code = codes[u], .registered = map_gets(&regs, codes[u]) != NULL};
		par_of(app, &eu, year);
		struct emu_facts fu = {year, past_awarded, &past, mem, nm, (const bool(*)[EMU_MAX_TITLES])mok};
		bool uok[EMU_MAX_TITLES] = {0};
		for (size_t t = 0; t < nt; t++) {
			struct emu_proposal *p = &out->rows[out->n++];
			p->candidate = codes[u];
			p->name = us.v[ui].name;
			p->kind = "collective";
			p->unit = codes[u];
			p->title = t;
			emu_check_unit(r, t, &eu, uok, &fu, &p->check);
			uok[t] = p->check.eligible;
		}
	}
	map_free(&past.m);
	map_free(&regs);
	map_free(&pidx);
	VEC_FREE(&people);
	VEC_FREE(&names);
	unit_set_free(&us);
	if (!see_all) { /* a grant over part of the subtree; staff: their own record */
		struct map seen; /* unit -> 2: every row of it, 1: only one's own */
		map_init(&seen);
		size_t k = 0;
		for (size_t i = 0; i < out->n; i++) {
			const struct emu_proposal *p = &out->rows[i];
			uintptr_t all = (uintptr_t)map_gets(&seen, p->unit);
			if (!all) {
				all = app_emu_may_see(app, viewer, p->unit, year, NULL) ? 2 : 1;
				map_puts(&seen, p->unit, (void *)all);
			}
			if (all == 2 || (!strcmp(p->kind, "individual") && viewer && viewer->login &&
			                 !strcasecmp(viewer->login, p->candidate)))
				out->rows[k++] = out->rows[i];
		}
		map_free(&seen);
		out->n = k;
	}
	return PX_OK;
}

/* ---- vote and decision ------------------------------------------------------------ */

/* The unit whose proposal decides candidate's rows: a staff member's
 * unit, or the unit itself. */
static enum px_err candidate_unit(struct app *app, const char *cand, const char **unit,
                                  struct diags *d)
{
	struct staff_rec *s;
	size_t n;
	if (app_staff_list(app, NULL, &s, &n) != PX_OK)
		return db_error(app, d);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].code, cand)) {
			*unit = s[i].unit_code;
			return PX_OK;
		}
	*unit = cand;
	return PX_OK;
}

static const struct emu_proposal *find_row(const struct emu_proposal_view *v, const char *cand,
                                           size_t t)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->rows[i].title == t && !strcmp(v->rows[i].candidate, cand))
			return &v->rows[i];
	return NULL;
}

enum px_err app_emu_vote(struct app *app, const struct actor *who, int year, const char *title,
                         const char *candidate, long yes, long members, struct diags *d)
{
	struct emu_ballot b = {yes, members, -1, -1};
	return app_emu_vote_ballot(app, who, year, title, candidate, &b, d);
}

static enum px_err not_acting(const char *unit, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "chỉ văn phòng của đơn vị %s và thành viên hội đồng thi đua được thực hiện",
	         "only the office of unit %s and the members of its emulation council may do this",
	         unit);
	return PX_DENIED;
}

enum px_err app_emu_vote_ballot(struct app *app, const struct actor *who, int year,
                                const char *title, const char *candidate,
                                const struct emu_ballot *b, struct diags *d)
{
	const char *unit = NULL;
	enum px_err e = candidate ? candidate_unit(app, candidate, &unit, d) : PX_OK;
	if (e != PX_OK)
		return e;
	if (!candidate || !title) {
		diag_err(d, NULL, 0, 0, "cần ứng viên và danh hiệu", "a candidate and a title are needed");
		return PX_BADINPUT;
	}
	if ((e = db_begin(app->db)) != PX_OK)
		return app_commit(app, e, d);
	/* every check below runs in the write transaction */
	bool found = false;
	struct emu_council_view c;
	long members = b->members, written = b->written < 0 ? 0 : b->written, present;
	if (!app_emu_may_act(app, who, unit, year)) {
		e = not_acting(unit, d);
		goto out;
	}
	if (app_emu_council_of(app, unit, year, &found, &c) != PX_OK) {
		e = db_error(app, d);
		goto out;
	}
	if (found) {
		if (c.n == 0 || (members >= 0 && members != (long)c.n)) {
			diag_err(d, NULL, 0, 0, "hội đồng thi đua của %s năm %d có %zu thành viên, không phải %ld",
			         "the emulation council of %s for %d has %zu members, not %ld",
			         c.council.unit, year, c.n, members);
			e = PX_BADINPUT;
			goto out;
		}
		members = (long)c.n;
	}
	present = b->present < 0 ? members - written : b->present;
	if (members < 1 || b->yes < 0 || present < 0 || written < 0 || present + written > members ||
	    b->yes > present + written) {
		diag_err(d, NULL, 0, 0, "số phiếu không hợp lệ: %ld đồng ý, %ld có mặt, %ld bằng văn bản, %ld thành viên (cần 0 <= đồng ý <= có mặt + bằng văn bản <= số thành viên, số thành viên >= 1)",
		         "invalid vote count: %ld yes, %ld present, %ld in writing, %ld members (0 <= yes <= present + in writing <= members, members >= 1)",
		         b->yes, present, written, members);
		e = PX_BADINPUT;
		goto out;
	}
	if (found && !emu_quorum_met(c.council.quorum_ppm, present + written, members)) {
		char need[32];
		emu_ppm_format(c.council.quorum_ppm, need, sizeof need);
		diag_err(d, NULL, 0, 0, "không đủ túc số: %ld/%ld thành viên tham gia (có mặt hoặc bằng văn bản), cần ít nhất %s",
		         "no quorum: %ld/%ld members took part (present or in writing), at least %s needed",
		         present + written, members, need);
		e = PX_DENIED;
		goto out;
	}
	struct emu_proposal_view v;
	if ((e = app_emu_propose(app, who, year, unit, &v, d)) != PX_OK)
		goto out;
	int t = emu_title_find(&v.rules, title);
	if (t < 0) {
		diag_err(d, NULL, 0, 0, "bộ quy tắc %s không có danh hiệu \"%s\"",
		         "rule set %s has no title \"%s\"", v.rules.code, title);
		e = PX_NOTFOUND;
		goto out;
	}
	const struct emu_proposal *p = find_row(&v, candidate, (size_t)t);
	if (!p) {
		diag_err(d, NULL, 0, 0, "không có ứng viên \"%s\"", "no candidate \"%s\"", candidate);
		e = PX_NOTFOUND;
		goto out;
	}
	if (!p->check.eligible) {
		diag_err(d, NULL, 0, 0, "%s không đủ điều kiện danh hiệu %s: %s",
		         "%s is not eligible for %s: %s", candidate, title, p->check.reason);
		e = PX_DENIED;
		goto out;
	}
	const struct emu_title *tt = &v.rules.titles[t];
	if (!emu_vote_passes(tt->vote_ppm, b->yes, members)) {
		char need[32];
		emu_ppm_format(tt->vote_ppm, need, sizeof need);
		diag_err(d, NULL, 0, 0, "không đạt: %ld/%ld phiếu đồng ý, cần ít nhất %s tổng số thành viên hội đồng",
		         "not passed: %ld/%ld yes, at least %s of all council members needed", b->yes,
		         members, need);
		e = PX_DENIED;
		goto out;
	}
	struct emu_vote_rec rec = {title, candidate, clock_now_iso(app->arena), app->actor, year,
	                           b->yes, members};
	e = repo_emu_vote_put(app->db, &rec);
	if (e == PX_OK)
		e = repo_emu_vote_ballot(app->db, year, title, candidate,
		                         found ? c.council.unit : NULL, present, written);
	if (e == PX_OK) {
		char det[320];
		snprintf(det, sizeof det, "{\"year\": %d, \"title\": \"%.40s\", \"yes\": %ld, \"members\": %ld, \"present\": %ld, \"written\": %ld, \"council\": \"%.60s\"}",
		         year, title, b->yes, members, present, written, found ? c.council.unit : "");
		e = audit_append(app->db, app->actor, "vote", "emu_vote", candidate, det);
	}
out:
	return app_commit(app, e, d);
}

static bool unit_known_here(struct app *app, const char *unit)
{
	struct unit_set us = {0};
	bool found = app_register_load(app, &us) == PX_OK && unit_set_find(&us, unit) >= 0;
	unit_set_free(&us);
	return found;
}

static bool in_units(const char *u, const char **codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(codes[i], u))
			return true;
	return false;
}

enum px_err app_emu_decide(struct app *app, const struct actor *who, int year, const char *unit,
                           const char *number, int32_t date, struct emu_award_view *out,
                           struct diags *d)
{
	memset(out, 0, sizeof *out);
	if (!number || !*number) {
		diag_err(d, NULL, 0, 0, "cần số quyết định", "a decision number is needed");
		return PX_BADINPUT;
	}
	if (unit && unit_known_here(app, unit) && !app_emu_may_act(app, who, unit, year))
		return not_acting(unit, d);
	struct emu_proposal_view v;
	enum px_err e = app_emu_propose(app, who, year, unit, &v, d);
	if (e != PX_OK)
		return e;
	struct emu_vote_rec *votes;
	struct emu_award_rec *prev;
	size_t nv, np;
	if (repo_emu_votes(app->db, year, app->arena, &votes, &nv) != PX_OK ||
	    repo_emu_awards(app->db, year, app->arena, &prev, &np) != PX_OK)
		return db_error(app, d);
	out->rows = arena_array(app->arena, v.n + 1, sizeof *out->rows);
	const char *ds = day_str(app->arena, date);
	for (size_t i = 0; i < v.n; i++) {
		const struct emu_proposal *p = &v.rows[i];
		const struct emu_title *t = &v.rules.titles[p->title];
		if (!p->check.eligible)
			continue;
		bool voted = t->vote_ppm == 0;
		for (size_t k = 0; k < nv && !voted; k++)
			voted = !strcmp(votes[k].title, t->code) && !strcmp(votes[k].candidate, p->candidate) &&
			        emu_vote_passes(t->vote_ppm, votes[k].yes, votes[k].members);
		bool already = false;
		for (size_t k = 0; k < np && !already; k++)
			already = !strcmp(prev[k].title, t->code) && !strcmp(prev[k].candidate, p->candidate);
		if (!voted || already)
			continue;
		struct emu_award_rec_v *a = &out->rows[out->n++];
		*a = (struct emu_award_rec_v){p->candidate, p->kind, p->unit, t->code, number, ds,
		                              emu_cash(t->cash_milli, v.rules.base_salary)};
	}
	/* cash_rule "highest": of a candidate's titles in this decision, the
	 * highest-paid one keeps its cash (the first in file order on a tie),
	 * the others are listed with 0 */
	long *orig = arena_array(app->arena, out->n + 1, sizeof *orig);
	for (size_t i = 0; i < out->n; i++)
		orig[i] = out->rows[i].cash;
	for (size_t i = 0; v.rules.cash_highest && i < out->n; i++) {
		size_t best = i;
		for (size_t k = 0; k < out->n; k++)
			if (!strcmp(out->rows[k].candidate, out->rows[i].candidate) &&
			    !strcmp(out->rows[k].kind, out->rows[i].kind) &&
			    (orig[k] > orig[best] || (orig[k] == orig[best] && k < best)))
				best = k;
		if (best != i)
			out->rows[i].cash = 0;
	}
	for (size_t i = 0; i < out->n; i++)
		out->total_cash += out->rows[i].cash;
	if ((e = db_begin(app->db)) != PX_OK)
		return app_commit(app, e, d);
	bool exists = false;
	struct emu_decision_rec dr = {number, unit, ds, v.rules.code, clock_now_iso(app->arena),
	                              app->actor, year};
	e = repo_emu_decision_put(app->db, &dr, &exists);
	if (e == PX_OK && exists) {
		diag_err(d, NULL, 0, 0, "số quyết định \"%s\" đã được dùng", "decision number \"%s\" is already used",
		         number);
		e = PX_BADINPUT;
	}
	for (size_t i = 0; i < out->n && e == PX_OK; i++) {
		const struct emu_award_rec_v *a = &out->rows[i];
		struct emu_award_rec rec = {number, ds, a->candidate, a->kind, a->unit, a->title, year,
		                            a->cash, (long)i};
		e = repo_emu_award_put(app->db, &rec);
	}
	if (e == PX_OK) {
		char det[256];
		snprintf(det, sizeof det, "{\"year\": %d, \"unit\": \"%s\", \"date\": \"%s\", \"awards\": %zu, \"cash\": %ld}",
		         year, unit, ds, out->n, out->total_cash);
		e = audit_append(app->db, app->actor, "decide", "emu_decision", number, det);
	}
	return app_commit(app, e, d);
}

enum px_err app_emu_awards(struct app *app, const struct actor *who, int year, const char *unit,
                           struct emu_award_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	const char **codes = NULL;
	size_t nunits = 0;
	struct unit_set us = {0};
	enum px_err e = unit ? subtree(app, unit, year, &us, &codes, &nunits, d) : PX_OK;
	if (e != PX_OK)
		return e;
	struct emu_award_rec *aw;
	size_t n;
	if (repo_emu_awards(app->db, year, app->arena, &aw, &n) != PX_OK) {
		unit_set_free(&us);
		return db_error(app, d);
	}
	out->rows = arena_array(app->arena, n + 1, sizeof *out->rows);
	struct map units_seen;
	map_init(&units_seen);
	for (size_t i = 0; i < n; i++) {
		if (unit && !in_units(aw[i].candidate_unit, codes, nunits))
			continue;
		/* who may see every record of a unit: asked once per unit */
		uintptr_t all = (uintptr_t)map_gets(&units_seen, aw[i].candidate_unit);
		if (!all) {
			all = app_emu_may_see(app, who, aw[i].candidate_unit, year, NULL) ? 2 : 1;
			map_puts(&units_seen, aw[i].candidate_unit, (void *)all);
		}
		if (all != 2 && !app_emu_may_see(app, who, aw[i].candidate_unit, year, aw[i].candidate))
			continue;
		out->rows[out->n++] = (struct emu_award_rec_v){aw[i].candidate, aw[i].kind,
		                                               aw[i].candidate_unit, aw[i].title,
		                                               aw[i].decision, aw[i].date, aw[i].cash};
		out->total_cash += aw[i].cash;
	}
	map_free(&units_seen);
	unit_set_free(&us);
	return PX_OK;
}
