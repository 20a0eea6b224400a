/*
 * Deadlines of the monthly evaluation: the staff member self-evaluates
 * month M by day `evaluation_self_day` of M+1 (default 3), the direct
 * manager scores by `evaluation_manager_day` (default 5); both are
 * settings (the setting table, as evidence_max_bytes), clamped to 1..28.
 * Who is late gets a notice (app_notices), and the unit's month page
 * marks them.
 */
#ifndef PARINDEX_APP_EVALUATION_DEADLINE_H
#define PARINDEX_APP_EVALUATION_DEADLINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/access.h"
#include "app/app.h"

#define EVAL_SELF_DAY_DEFAULT 3
#define EVAL_MANAGER_DAY_DEFAULT 5

struct eval_deadlines {
	int32_t self_due, manager_due; /* days */
};
/* The deadlines of month "YYYY-MM" (false when it is not a month). */
bool app_eval_deadlines(struct app *app, const char *month, struct eval_deadlines *out);
/* Whether a month in state ("missing", "self_evaluated", ...) is late
 * on today for the staff member's self-evaluation / the manager's score. */
bool eval_self_late(const struct eval_deadlines *dl, const char *state, int32_t today);
bool eval_manager_late(const struct eval_deadlines *dl, const char *state, int32_t today);

struct notice;
/* Notices of the previous and the current month, appended to *v: to the
 * staff member whose self-evaluation is due within 7 days or late, to
 * the leader over a unit whose people wait for a score (within 7 days
 * of the deadline or past it); each only when the verb is allowed now. */
enum px_err app_eval_notices(struct app *app, const struct actor *who, struct notice **v,
                             size_t *n, size_t *cap);
#endif
