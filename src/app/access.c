/*
 * Grants and visibility; see access.h. Every access rule ends in
 * covers_unit(): a unit lies in a grant's subtree on a date. Root grants
 * (most users) never touch the database; a unit-bound grant asks the
 * register one indexed recursive query per question.
 */
#include "app/access.h"
#include "app/app.h"
#include "app/emulation.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/datetime.h"
#include "core/framework.h"
#include "store/repo_cycle.h"
#include "store/repo_user.h"

#include <string.h>
#include <strings.h>

/* The i-th grant of who (the single first grant when who->grants is NULL). */
static bool grant_at(const struct actor *who, size_t i, struct grant *g)
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

/* Whether unit lies in the subtree of the grant's unit g_unit on date. */
static bool covers_unit(const struct actor *who, const char *g_unit, const char *unit,
                        const char *date)
{
	if (!strcmp(g_unit, unit))
		return true;
	if (!who->db)
		return false;
	char today[11];
	if (!date) {
		date_format(clock_today(), today);
		date = today;
	}
	return repo_unit_within(who->db, unit, g_unit, date);
}

void app_actor_of(struct app *app, const struct user_rec *u, struct actor *out)
{
	*out = (struct actor){u->login, u->role, u->unit_code, NULL, 0, app->db};
	struct grant_rec *v;
	size_t n;
	if (repo_grant_list(app->db, app->arena, u->login, true, &v, &n) != PX_OK)
		n = 0; /* no grants read: the actor can do nothing */
	struct grant *g = arena_array(app->arena, n ? n : 1, sizeof *g);
	for (size_t i = 0; i < n; i++)
		g[i] = (struct grant){v[i].role, v[i].unit_code};
	out->grants = g;
	out->ngrants = n;
}

bool app_grant_covers(const struct actor *who, enum cap c, const char *unit, const char *date)
{
	if (c == CAP_PUBLIC)
		return true;
	struct grant g;
	for (size_t i = 0; who && grant_at(who, i, &g); i++) {
		if (!role_has_cap(g.role, c))
			continue;
		if (!g.unit_code || !role_unit_is_scope(g.role))
			return true;
		if (unit && covers_unit(who, g.unit_code, unit, date))
			return true;
	}
	return false;
}

bool app_covers(const struct actor *who, const char *unit)
{
	struct grant g;
	for (size_t i = 0; who && unit && grant_at(who, i, &g); i++)
		if (g.unit_code && covers_unit(who, g.unit_code, unit, NULL))
			return true;
	return false;
}

bool app_holds_role(const struct actor *who, const char *role)
{
	struct grant g;
	for (size_t i = 0; who && grant_at(who, i, &g); i++)
		if (!strcmp(g.role, role))
			return true;
	return false;
}

bool app_can(const struct actor *who, enum cap c)
{
	if (c == CAP_PUBLIC)
		return true;
	struct grant g;
	for (size_t i = 0; who && grant_at(who, i, &g); i++)
		if (role_has_cap(g.role, c))
			return true;
	return false;
}

bool app_may_see_unit(const struct actor *who, const char *unit)
{
	return app_grant_covers(who, CAP_READ, unit, NULL) || app_covers(who, unit);
}

bool app_may_see_assessment(struct app *app, const struct actor *who, const char *fw,
                            const char *unit)
{
	if (app_may_see_unit(who, unit))
		return true;
	bool yes = false;
	return who && who->login &&
	       repo_appraiser_is(app->db, fw, who->login, unit, &yes) == PX_OK && yes;
}

bool app_may_manage_owner(const struct actor *who, const char *owner)
{
	return app_grant_covers(who, CAP_OFFICE, owner, NULL);
}

bool app_may_manage_framework(const struct actor *who, const struct framework *fw)
{
	return fw && app_may_manage_owner(who, fw->unit);
}

bool app_may_see_framework(const struct actor *who, const struct framework *fw)
{
	return fw && app_grant_covers(who, CAP_READ, fw->unit, NULL);
}

/* Evaluation privacy (formats/evaluation.md): the staff member (the
 * user whose login is the staff code, ignoring case: logins are lower
 * case), and a leader's or office's grant
 * that covers the staff member's unit (a root grant: every unit);
 * nobody else, however much else they may read. */
bool app_may_see_evaluation(const struct actor *who, const char *staff, const char *unit)
{
	if (!who)
		return false;
	if (who->login && staff && !strcasecmp(who->login, staff)) /* logins are lower case */
		return true;
	struct grant g;
	for (size_t i = 0; grant_at(who, i, &g); i++) {
		if (strcmp(g.role, "leader") && strcmp(g.role, "office") && strcmp(g.role, "admin"))
			continue;
		if (!g.unit_code || (unit && covers_unit(who, g.unit_code, unit, NULL)))
			return true;
	}
	return false;
}

bool app_holds_role_over(const struct actor *who, const char *role, const char *unit)
{
	struct grant g;
	for (size_t i = 0; who && grant_at(who, i, &g); i++)
		if (!strcmp(g.role, role) &&
		    (!g.unit_code || (unit && covers_unit(who, g.unit_code, unit, NULL))))
			return true;
	return false;
}

/* ---- emulation (app/emulation_council.c holds the council) ------------- */

bool app_emu_may_act(struct app *app, const struct actor *who, const char *unit, int year)
{
	if (!who || !unit)
		return false;
	if (app_grant_covers(who, CAP_OFFICE, unit, NULL))
		return true;
	bool found = false, is = false;
	struct emu_council_view c;
	if (!who->login || app_emu_council_of(app, unit, year, &found, &c) != PX_OK || !found)
		return false;
	for (size_t i = 0; i < c.n && !is; i++)
		is = !strcasecmp(c.members[i].login, who->login);
	return is;
}

bool app_emu_may_see(struct app *app, const struct actor *who, const char *unit, int year,
                     const char *candidate)
{
	if (!who)
		return false;
	if (who->login && candidate && !strcasecmp(who->login, candidate))
		return true;
	return app_grant_covers(who, CAP_READ, unit, NULL) || app_emu_may_act(app, who, unit, year);
}
