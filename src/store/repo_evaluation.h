/*
 * Evaluation tables (migration 0015); each function is its SQL. Month
 * filters are prefixes of "YYYY-MM" ("2025" is the year, NULL: all).
 */
#ifndef PARINDEX_STORE_REPO_EVALUATION_H
#define PARINDEX_STORE_REPO_EVALUATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct arena;

struct eval_ruleset_rec {
	const char *code, *valid_from, *valid_to, *body, *imported_at; /* valid_to NULL: open */
};
/* Inserts or replaces a rule set; *is_new says which. */
enum px_err repo_eval_rules_put(struct db *db, const struct eval_ruleset_rec *r, bool *is_new);
/* Every rule set, by valid_from. */
enum px_err repo_eval_rules_all(struct db *db, struct arena *a, struct eval_ruleset_rec **out,
                                size_t *n);

struct eval_month_rec {
	const char *staff, *month, *unit, *rules, *state, *source;
	const char *approved_at, *approved_by; /* NULL until approved */
};
/* Inserts or replaces one staff member's month. */
enum px_err repo_eval_month_put(struct db *db, const struct eval_month_rec *m);
/* Months whose month starts with prefix, by unit, month, staff. */
enum px_err repo_eval_months(struct db *db, const char *prefix, struct arena *a,
                             struct eval_month_rec **out, size_t *n);

struct eval_point_rec {
	const char *staff, *month, *component, *stage, *comment;
	long points; /* centi-points */
};
/* Inserts or replaces the points of one component at one stage. */
enum px_err repo_eval_point_put(struct db *db, const struct eval_point_rec *p);
/* Removes the points of a staff member's month at stage (NULL: all). */
enum px_err repo_eval_points_clear(struct db *db, const char *staff, const char *month,
                                   const char *stage);
enum px_err repo_eval_points(struct db *db, const char *prefix, struct arena *a,
                             struct eval_point_rec **out, size_t *n);

/* One work item of a month at a stage (migration 0018); rates in whole
 * percent. */
struct eval_item_rec {
	const char *staff, *month, *stage, *title;
	long seq, quantity, quality, progress;
};
/* Replaces the items of a staff member's month at stage with it[0..n). */
enum px_err repo_eval_items_set(struct db *db, const char *staff, const char *month,
                                const char *stage, const struct eval_item_rec *it, size_t n);
/* Items whose month starts with prefix, by staff, month, stage, seq. */
enum px_err repo_eval_items(struct db *db, const char *prefix, struct arena *a,
                            struct eval_item_rec **out, size_t *n);

struct eval_unit_month_rec {
	const char *unit, *month, *reason;
	bool outstanding;
};
enum px_err repo_eval_unit_month_put(struct db *db, const struct eval_unit_month_rec *u);
enum px_err repo_eval_unit_months(struct db *db, const char *prefix, struct arena *a,
                                  struct eval_unit_month_rec **out, size_t *n);

struct eval_discipline_rec {
	const char *staff, *date, *form, *decision;
};
/* Adds a decision; *is_new false when it was already there (updated). */
enum px_err repo_eval_discipline_put(struct db *db, const struct eval_discipline_rec *r,
                                     const char *at, bool *is_new);
enum px_err repo_eval_disciplines(struct db *db, struct arena *a,
                                  struct eval_discipline_rec **out, size_t *n);

struct eval_absence_rec {
	const char *staff, *from, *to, *reason;
};
enum px_err repo_eval_absence_put(struct db *db, const struct eval_absence_rec *r,
                                  const char *at, bool *is_new);
enum px_err repo_eval_absences(struct db *db, struct arena *a, struct eval_absence_rec **out,
                               size_t *n);

/* Stores the confirmed classification of a unit's year (levels: JSON);
 * *is_new false when it replaced an earlier confirmation. */
enum px_err repo_eval_year_confirm(struct db *db, const char *unit, long year, const char *levels,
                                   const char *at, const char *by, bool *is_new);

/* Whether a staff member's code is login (case aside: logins are lower
 * case). */
enum px_err repo_eval_is_staff(struct db *db, const char *login, bool *yes);

/* Deletes every evaluation.* metric value (before writing them anew). */
enum px_err repo_eval_metric_clear(struct db *db);
#endif
