/*
 * What the documents and the pages show of the emulation record
 * (app/emulation.h "views"): a decision with its named awards, the
 * council's minutes (members and votes), a person's or a unit's awards
 * over the years. Each view asks app_emu_may_see, so the report layer,
 * the pages and the API cannot show more than the rule allows.
 */
#include "app/emulation.h"
#include "base/arena.h"
#include "base/map.h"
#include "store/repo_unit.h"

#include <string.h>

static enum px_err db_error(struct app *app, struct diags *d)
{
	diag_err(d, NULL, 0, 0, "lỗi CSDL: %s", "database error: %s", db_errmsg(app->db));
	return PX_FAIL;
}

/* Names of staff and units by code, and each staff member's unit. */
struct names {
	struct map name, unit;
	struct unit_set us;
	long rules_year; /* the rule set last read (-1: none yet) */
	bool has_rules;
	struct emu_rules rules;
};

static enum px_err names_load(struct app *app, struct names *nm)
{
	map_init(&nm->name);
	map_init(&nm->unit);
	memset(&nm->us, 0, sizeof nm->us);
	nm->rules_year = -1;
	nm->has_rules = false;
	struct staff_rec *s;
	size_t n;
	if (app_register_load(app, &nm->us) != PX_OK || app_staff_list(app, NULL, &s, &n) != PX_OK)
		return PX_FAIL;
	for (size_t i = 0; i < nm->us.n; i++)
		map_puts(&nm->name, nm->us.v[i].code, (void *)arena_strdup(app->arena, nm->us.v[i].name));
	for (size_t i = 0; i < n; i++) {
		map_puts(&nm->name, s[i].code, (void *)s[i].name);
		map_puts(&nm->unit, s[i].code, (void *)s[i].unit_code);
	}
	return PX_OK;
}

static void names_free(struct names *nm)
{
	map_free(&nm->name);
	map_free(&nm->unit);
	unit_set_free(&nm->us);
}

static const char *name_of(struct names *nm, const char *code)
{
	const char *n = map_gets(&nm->name, code);
	return n ? n : code;
}

static void named(struct app *app, struct names *nm, const struct emu_award_rec *a,
                  struct emu_named_award *o)
{
	const char *unit = a->candidate_unit && *a->candidate_unit ? a->candidate_unit : NULL;
	if (!unit)
		unit = map_gets(&nm->unit, a->candidate) ? map_gets(&nm->unit, a->candidate)
		                                          : a->candidate;
	*o = (struct emu_named_award){a->candidate, name_of(nm, a->candidate),
	                              *a->kind ? a->kind
	                              : map_gets(&nm->unit, a->candidate) ? "individual"
	                                                                  : "collective",
	                              unit, name_of(nm, unit), a->title, a->title, a->title,
	                              a->decision, a->date, a->year, a->cash};
	if (nm->rules_year != a->year) {
		struct diags tmp;
		diags_init(&tmp);
		nm->has_rules = app_emu_rules_for(app, (int)a->year, &nm->rules, &tmp) == PX_OK;
		nm->rules_year = a->year;
		diags_free(&tmp);
	}
	int t = nm->has_rules ? emu_title_find(&nm->rules, a->title) : -1;
	if (t >= 0) {
		o->title_vi = nm->rules.titles[t].title_vi;
		o->title_en = nm->rules.titles[t].title_en;
	}
}

enum px_err app_emu_decision(struct app *app, const struct actor *who, const char *number,
                             struct emu_decision_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	enum px_err e = repo_emu_decision_get(app->db, number ? number : "", app->arena, &out->dec);
	if (e == PX_OK && !app_emu_may_see(app, who, out->dec.unit, (int)out->dec.year, NULL))
		e = PX_NOTFOUND; /* a decision one may not see does not exist for one */
	if (e == PX_NOTFOUND) {
		diag_err(d, NULL, 0, 0, "không có quyết định khen thưởng số \"%s\"",
		         "no award decision numbered \"%s\"", number ? number : "");
		return e;
	}
	if (e != PX_OK)
		return db_error(app, d);
	struct emu_award_rec *aw;
	size_t n;
	struct names nm;
	if (repo_emu_awards(app->db, out->dec.year, app->arena, &aw, &n) != PX_OK ||
	    names_load(app, &nm) != PX_OK) {
		names_free(&nm);
		return db_error(app, d);
	}
	out->unit_name = name_of(&nm, out->dec.unit);
	out->rows = arena_array(app->arena, n + 1, sizeof *out->rows);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(aw[i].decision, out->dec.number))
			continue;
		named(app, &nm, &aw[i], &out->rows[out->n]);
		out->total_cash += aw[i].cash;
		out->n++;
	}
	names_free(&nm);
	return PX_OK;
}

enum px_err app_emu_decisions(struct app *app, const struct actor *who, int year,
                              struct emu_decision_rec **out, size_t *n, struct diags *d)
{
	struct emu_decision_rec *v;
	size_t m;
	if (repo_emu_decisions(app->db, year, app->arena, &v, &m) != PX_OK)
		return db_error(app, d);
	*out = arena_array(app->arena, m + 1, sizeof **out);
	*n = 0;
	for (size_t i = 0; i < m; i++)
		if (app_emu_may_see(app, who, v[i].unit, year, NULL))
			(*out)[(*n)++] = v[i];
	return PX_OK;
}

enum px_err app_emu_minutes(struct app *app, const struct actor *who, const char *unit, int year,
                            struct emu_minutes_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	enum px_err e = app_emu_council(app, who, unit, year, &out->council, d);
	if (e != PX_OK)
		return e;
	if ((e = app_emu_rules_for(app, year, &out->rules, d)) != PX_OK)
		return e;
	struct names nm;
	if (repo_emu_ballots(app->db, year, unit, app->arena, &out->votes, &out->n) != PX_OK ||
	    names_load(app, &nm) != PX_OK) {
		names_free(&nm);
		return db_error(app, d);
	}
	out->unit_name = name_of(&nm, unit);
	out->names = arena_array(app->arena, out->n + 1, sizeof *out->names);
	for (size_t i = 0; i < out->n; i++)
		out->names[i] = name_of(&nm, out->votes[i].candidate);
	names_free(&nm);
	return PX_OK;
}

enum px_err app_emu_history(struct app *app, const struct actor *who, const char *candidate,
                            struct emu_history_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct names nm;
	if (names_load(app, &nm) != PX_OK) {
		names_free(&nm);
		return db_error(app, d);
	}
	const char *unit = candidate ? map_gets(&nm.unit, candidate) : NULL;
	bool is_unit = candidate && unit_set_find(&nm.us, candidate) >= 0;
	if (!unit && is_unit)
		unit = candidate;
	/* the year does not bound the record: a grant or a council of today */
	if (!unit || !app_emu_may_see(app, who, unit, 0, candidate)) {
		names_free(&nm);
		diag_err(d, NULL, 0, 0, "không có cán bộ hay đơn vị mã \"%s\"",
		         "no staff member or unit \"%s\"", candidate ? candidate : "");
		return PX_NOTFOUND;
	}
	struct emu_award_rec *aw;
	size_t n;
	if (repo_emu_awards_of(app->db, candidate, app->arena, &aw, &n) != PX_OK) {
		names_free(&nm);
		return db_error(app, d);
	}
	out->candidate = candidate;
	out->name = name_of(&nm, candidate);
	out->unit = unit;
	out->rows = arena_array(app->arena, n + 1, sizeof *out->rows);
	for (size_t i = 0; i < n; i++)
		named(app, &nm, &aw[i], &out->rows[out->n++]);
	names_free(&nm);
	return PX_OK;
}

enum px_err app_emu_movement_view(struct app *app, const struct actor *who, const char *unit,
                                  int year, struct emu_movement_view *out, struct diags *d)
{
	memset(out, 0, sizeof *out);
	struct names nm;
	if (names_load(app, &nm) != PX_OK) {
		names_free(&nm);
		return db_error(app, d);
	}
	if (!unit || unit_set_find(&nm.us, unit) < 0) {
		names_free(&nm);
		diag_err(d, NULL, 0, 0, "không có đơn vị \"%s\"", "no unit \"%s\"", unit ? unit : "");
		return PX_NOTFOUND;
	}
	enum px_err e = repo_emu_movement_get(app->db, unit, year, app->arena, &out->movement);
	out->exists = e == PX_OK;
	struct emu_registration_rec *r = NULL;
	size_t n = 0;
	if ((e != PX_OK && e != PX_NOTFOUND) ||
	    repo_emu_registrations(app->db, year, app->arena, &r, &n) != PX_OK) {
		names_free(&nm);
		return db_error(app, d);
	}
	bool all = app_emu_may_see(app, who, unit, year, NULL);
	out->regs = arena_array(app->arena, n + 1, sizeof *out->regs);
	out->names = arena_array(app->arena, n + 1, sizeof *out->names);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].unit, unit) &&
		    (all || app_emu_may_see(app, who, unit, year, r[i].candidate))) {
			out->names[out->n] = name_of(&nm, r[i].candidate);
			out->regs[out->n++] = r[i];
		}
	names_free(&nm);
	return PX_OK;
}
