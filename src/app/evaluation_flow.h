/*
 * The monthly evaluation flow (app/evaluation_flow.c): self-evaluation,
 * the manager's score, the head's approval of the unit's month (quota
 * checked), the office's reopening with a reason, all transitions of
 * eval_machine on the one workflow mechanism.
 */
#ifndef PARINDEX_APP_EVALUATION_FLOW_H
#define PARINDEX_APP_EVALUATION_FLOW_H
#include <stddef.h>

#include "app/access.h"
#include "app/app.h"
#include "app/workflow.h"

/* States: self_evaluated, scored, approved. Key "STAFF:YYYY-MM". */
extern const struct wf_machine eval_machine;

/* One work item as typed (Decree 335 months): a title and three rates
 * in whole percent; a row with all four blank is no item. */
struct eval_item_in {
	const char *title, *quantity, *quality, *progress;
};

/* The input of a verb: the points as typed, one per component of the
 * month's rule set in its order (n of them), a comment, a reason. When
 * the rule set has "tasks_from_items", the "tasks" component is not
 * typed: it is computed from items[0..nitems) (at least one is needed),
 * which are stored with the stage. */
struct eval_flow_args {
	const char *const *values;
	size_t n;
	const char *comment, *reason;
	const struct eval_item_in *items;
	size_t nitems;
};

/* The fields of item i (0-based) are reported as where "item<i+1>.title",
 * ".quantity", ".quality", ".progress"; "items" when none is given. */

/* Applies verb ("self", "score", "approve", "reopen") to staff's month.
 * A bad field is reported with the component code (or "reason") as the
 * diagnostic's where, so a form can show it next to the field. */
enum px_err app_eval_apply(struct app *app, const struct actor *who, const char *verb,
                           const char *staff, const char *month,
                           const struct eval_flow_args *a, struct diags *d);
/* The verbs the actor may apply now (for buttons), at most max. */
size_t app_eval_allowed(struct app *app, const struct actor *who, const char *staff,
                        const char *month, const char **verbs, size_t max);
/* The head approves the unit's month at once: refused while the quota
 * would be exceeded (naming cap, count and holders) or someone is not
 * scored; then every scored month is approved. *approved: how many. */
enum px_err app_eval_unit_approve(struct app *app, const struct actor *who, const char *unit,
                                  const char *month, long *approved, struct diags *d);
#endif
