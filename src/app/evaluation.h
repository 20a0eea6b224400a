/*
 * Use cases of staff evaluation (shared/formats/evaluation.md): rule sets
 * as data, the import of approved monthly points (quota checked), the
 * discipline register and absences, the unit's month and the annual
 * classification, the office's "outstanding" mark, and the evaluation.*
 * metrics, recomputed in the transaction of every change.
 *
 * Privacy: every row is filtered by app_may_see_evaluation (access.c):
 * the staff member (the user whose login is the staff code), leaders and
 * offices whose grant covers the staff member's unit; nobody else.
 */
#ifndef PARINDEX_APP_EVALUATION_H
#define PARINDEX_APP_EVALUATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/access.h"
#include "app/app.h"
#include "core/evaluation.h"
#include "store/repo_evaluation.h"

/* Imports a rule set file (JSON) named name, bytes data[0..len): checked
 * whole; a validity that overlaps another rule set's is refused.
 * *is_new says whether the code was new. Audited. */
enum px_err app_eval_rules_import(struct app *app, const char *name, const char *data,
                                  size_t len, struct diags *d, struct eval_rules *out,
                                  bool *is_new);
/* The rule set in force on day (PX_NOTFOUND with the reason in d). */
enum px_err app_eval_rules_on(struct app *app, int32_t day, struct eval_rules *out,
                              struct diags *d);

/* `evaluation import FILE --rules CODE`: approved points, all or
 * nothing, quota checked per unit and month. */
enum px_err app_eval_import(struct app *app, const char *path, const char *rules,
                            struct diags *d, struct import_summary *sum);
/* `discipline import` and `absence import` (app_import_fn). */
enum px_err app_eval_discipline_import(struct app *app, struct table *t, struct diags *d,
                                       struct import_summary *sum);
enum px_err app_eval_absence_import(struct app *app, struct table *t, struct diags *d,
                                    struct import_summary *sum);

/* Marks (or unmarks) a unit outstanding for a month, with a reason (the
 * office's; audited). */
enum px_err app_eval_outstanding(struct app *app, const struct actor *who, const char *unit,
                                 const char *month, bool outstanding, const char *reason,
                                 struct diags *d);

/* One row of the unit's month. */
struct eval_month_row {
	const char *staff, *name, *state; /* state "missing" when there is none */
	bool has_points[EVAL_MAX_COMP];
	long pts[EVAL_MAX_COMP];
	bool approved;
	long total; /* when approved */
	int grade;  /* rank, when approved */
	/* the work items of the latest stage that has them (manager, else
	 * self; Decree 335 months), items_stage NULL when none */
	const struct eval_item_rec *items;
	size_t nitems;
	const char *items_stage;
};
struct eval_month_view {
	struct eval_rules rules;
	struct eval_month_row *rows;
	size_t n;
	long cap, holders; /* the quota (holders <= cap when respected) */
	bool outstanding;
};
/* The month YYYY-MM of unit's staff that the actor may see. */
enum px_err app_eval_month(struct app *app, const struct actor *who, const char *unit,
                           const char *month, struct eval_month_view *out, struct diags *d);

struct eval_year_row {
	const char *staff, *name;
	struct eval_year_in in;
	struct eval_year_out out;
	char grade_counts[128];
};
struct eval_year_view {
	struct eval_rules rules;
	struct eval_year_row *rows;
	size_t n;
};
/* The annual classification of unit's staff for year (the quota over
 * the whole unit; rows the actor may see). */
enum px_err app_eval_year(struct app *app, const struct actor *who, const char *unit, int year,
                          struct eval_year_view *out, struct diags *d);

/* The office confirms unit's classification of year (an office grant
 * over the unit): the levels as computed now are stored and audited. */
enum px_err app_eval_year_confirm(struct app *app, const struct actor *who, const char *unit,
                                  int year, size_t *n, struct diags *d);

/* Whether the actor has any evaluation pages: a leader, office or admin
 * grant (the people under it), or a staff member's own record (the
 * login is a staff code). For the navigation. */
bool app_eval_has_any(struct app *app, const struct actor *who);

/* Recomputes every evaluation.* value inside the caller's transaction
 * (or its own). */
enum px_err app_eval_metrics_refresh(struct app *app, struct diags *d);
#endif
