/*
 * Who acts, and the one place that says whether an actor's grant covers a
 * unit and whether the actor may see it. The router has already checked
 * the route's capability; every finer rule (own unit, recusal, the
 * inspected side) is a question to these functions, never a strcmp in a
 * page or a use case.
 *
 * Today a user holds one grant: (role, unit), the unit NULL for city-wide
 * roles; a grant covers exactly its unit. Subtree grants (issue 13) change
 * only access.c.
 */
#ifndef PARINDEX_APP_ACCESS_H
#define PARINDEX_APP_ACCESS_H
#include <stdbool.h>

#include "core/roles.h"

struct app;

/* Who acts: a signed-in user, or the command line (role "admin"). */
struct actor {
	const char *login, *role, *unit_code;
};

/* Whether the actor's grant covers unit: the actor belongs to it. */
bool app_covers(const struct actor *who, const char *unit);
/* Whether the actor holds capability c. */
bool app_can(const struct actor *who, enum cap c);
/* Whether the actor may see a unit's pages: readers, and the unit's own
 * people. */
bool app_may_see_unit(const struct actor *who, const char *unit);
/* Whether the actor may see a unit's assessment of a framework: those who
 * may see the unit, and council members assigned to it. */
bool app_may_see_assessment(struct app *app, const struct actor *who, const char *fw,
                            const char *unit);
#endif
