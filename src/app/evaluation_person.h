/*
 * One person's year of staff evaluation at a glance: the twelve months
 * (points, total, grade, state, work items) and the year's level with its
 * reason, for the person's page, "my months" of the API and the self
 * page. The same app_eval_month / app_eval_year as the unit's views, so
 * the privacy rule (app_may_see_evaluation) is theirs.
 */
#ifndef PARINDEX_APP_EVALUATION_PERSON_H
#define PARINDEX_APP_EVALUATION_PERSON_H
#include <stdbool.h>

#include "app/evaluation.h"

struct eval_person_month {
	char month[8];               /* "YYYY-MM" */
	bool has;                    /* a rule set in force and the person in the unit */
	const struct eval_rules *rules; /* when has */
	struct eval_month_row row;   /* when has; state "missing" when not evaluated */
};
struct eval_person_year {
	const char *staff, *name, *unit;
	int year;
	struct eval_person_month months[12];
	bool classified;        /* the annual classification could be computed */
	struct eval_year_row yr; /* when classified */
};
/* The year of staff (its code) as the actor may see it: PX_NOTFOUND when
 * there is no such staff member or the actor may not see them. */
enum px_err app_eval_person_year(struct app *app, const struct actor *who, const char *staff,
                                 int year, struct eval_person_year *out, struct diags *d);
/* The staff code of the actor (the login is a staff code), or NULL. */
const char *app_eval_staff_of(struct app *app, const struct actor *who);
#endif
