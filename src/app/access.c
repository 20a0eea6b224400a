/* Grants and visibility; see access.h. */
#include "app/access.h"
#include "app/app.h"
#include "store/repo_cycle.h"

#include <string.h>

bool app_covers(const struct actor *who, const char *unit)
{
	return who && who->unit_code && unit && !strcmp(who->unit_code, unit);
}

bool app_can(const struct actor *who, enum cap c)
{
	return role_has_cap(who ? who->role : NULL, c);
}

bool app_may_see_unit(const struct actor *who, const char *unit)
{
	return app_can(who, CAP_READ) || app_covers(who, unit);
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
