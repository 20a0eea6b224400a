/*
 * Who acts, and the one place that says whether an actor's grants cover a
 * unit and whether the actor may see it. The router has already checked
 * that some grant gives the route's capability (and, for a route that
 * names a {unit}, that such a grant covers it); every finer rule (own
 * unit, recusal, the inspected side, read-only) is a question to these
 * functions, never a strcmp in a page or a use case.
 *
 * A user holds one or more grants (role, unit): a grant covers its unit
 * and the unit's subtree in the register on the date in question; a grant
 * without a unit is the root's (city-wide). An actor with several grants
 * acts with their union. The subtree is read from the register through
 * actor.db; an actor without one (unit tests, a use case acting for
 * somebody) has grants that cover exactly their unit.
 */
#ifndef PARINDEX_APP_ACCESS_H
#define PARINDEX_APP_ACCESS_H
#include <stdbool.h>
#include <stddef.h>

#include "core/roles.h"

struct app;
struct db;
struct framework;
struct user_rec;

/* A role over a unit's subtree; unit_code NULL: the root (city-wide). */
struct grant {
	const char *role, *unit_code;
};

/* Who acts: a signed-in user, or the command line (role "admin").
 * role/unit_code are the first grant; grants (when not NULL) all of them,
 * the first one included. db: the register that subtrees are read from
 * (NULL: a grant covers exactly its unit). */
struct actor {
	const char *login, *role, *unit_code;
	const struct grant *grants;
	size_t ngrants;
	struct db *db;
};

/* The actor of user u with every active grant of u, read from app's
 * database (strings in app->arena). */
void app_actor_of(struct app *app, const struct user_rec *u, struct actor *out);

/* THE grant check: whether a grant of the actor that gives capability c
 * covers unit on date ("YYYY-MM-DD", NULL: today). unit NULL is the root:
 * a city-wide thing (a framework's cycle, a city import), covered only by
 * city-wide grants. An appraiser's grant is not bounded by its unit
 * (role_unit_is_scope). */
bool app_grant_covers(const struct actor *who, enum cap c, const char *unit, const char *date);
/* Whether the actor belongs to unit today: a grant with a unit (of any
 * role) covers it. City-wide grants make no unit the actor's own. Used
 * for "own unit only" and for recusal. */
bool app_covers(const struct actor *who, const char *unit);
/* Whether the actor holds a grant of role (anywhere). */
bool app_holds_role(const struct actor *who, const char *role);
/* Whether some grant of the actor gives capability c, anywhere (the
 * router's capability check). */
bool app_can(const struct actor *who, enum cap c);
/* Whether the actor may see a unit's pages: a reading grant that covers
 * it, and the unit's own people. */
bool app_may_see_unit(const struct actor *who, const char *unit);
/* Whether the actor may see a unit's assessment of a framework: those who
 * may see the unit, and council members assigned to it. */
bool app_may_see_assessment(struct app *app, const struct actor *who, const char *fw,
                            const char *unit);
/* THE framework rule: whether the actor may manage a framework owned by
 * unit owner (NULL: the root, a city-wide framework): import it, open,
 * advance, publish and close its cycle, and the office's actions on its
 * assessments (extend, assign, decide). An office grant that covers the
 * owner unit today: a department's office manages its own frameworks and
 * those of units below it, never the city's or another department's. */
bool app_may_manage_owner(const struct actor *who, const char *owner);
/* The same for a loaded framework (its "unit"). */
bool app_may_manage_framework(const struct actor *who, const struct framework *fw);
/* Whether the actor may see a framework's cycle and its views of every
 * unit it ranks (the cycle page, the list of cycles): a reading grant
 * that covers the owner unit (a city-wide framework: a city-wide one). */
bool app_may_see_framework(const struct actor *who, const struct framework *fw);
/* Whether the actor may see a staff member's evaluations: their own (the
 * login is the staff code), or a leader's, office's or admin's grant that
 * covers the staff member's unit. The one evaluation privacy rule. */
bool app_may_see_evaluation(const struct actor *who, const char *staff, const char *unit);
/* Whether a grant of role covers unit (its subtree; a root grant: all). */
bool app_holds_role_over(const struct actor *who, const char *role, const char *unit);
#endif

/* THE emulation rule (app/emulation_council.c): whether the actor may act
 * on the emulation of unit in year (propose, vote, decide, see every
 * candidate's record): an office grant that covers unit, or membership of
 * the council that votes on unit's candidates. */
bool app_emu_may_act(struct app *app, const struct actor *who, const char *unit, int year);
/* Whether the actor may see candidate's emulation record (proposals,
 * votes, awards) in unit: those who may act, a reading grant over unit,
 * and the candidate themself (the login is the staff code). */
bool app_emu_may_see(struct app *app, const struct actor *who, const char *unit, int year,
                     const char *candidate);
