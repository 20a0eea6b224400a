/* Storage of plans, their tasks, the reports on tasks and the reports'
 * evidence files (migration 0010). Units are named by code. */
#ifndef PARINDEX_STORE_REPO_PLAN_H
#define PARINDEX_STORE_REPO_PLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct arena;

struct plan_rec {
	const char *code, *unit, *parent_plan; /* parent_plan NULL when none */
	long year, ntasks;
	const char *imported_at;
};

struct plan_task_rec {
	const char *plan, *code, *parent_plan, *parent_task; /* parents NULL when none */
	const char *area, *title, *owner, *coordinators;    /* coordinators "A;B" */
	const char *start, *due, *output, *indicator;        /* start/output/indicator NULL when none */
	bool has_target;
	double target;
	long ord;
};

struct plan_report_rec {
	int64_t id;
	const char *plan, *task, *status, *date, *document, *note, *reported_at, *reported_by;
	bool has_progress;
	long progress;
};

struct plan_evidence_rec {
	int64_t id, report_id, size;
	const char *plan, *task, *owner, *sha256, *filename, *content_type, *uploaded_at,
		*uploaded_by;
};

/* Inserts or replaces the plan's row (its unit, year, parent); PX_NOTFOUND
 * for an unknown unit. */
enum px_err repo_plan_put(struct db *db, const struct plan_rec *p);
/* Every plan with its number of tasks, by code. */
enum px_err repo_plan_list(struct db *db, struct arena *a, struct plan_rec **out, size_t *n);
/* Removes every task of a plan (its reports stay, keyed by plan and task). */
enum px_err repo_plan_tasks_clear(struct db *db, const char *plan);
/* Removes the reports (and their evidence links) of one task. */
enum px_err repo_plan_reports_drop(struct db *db, const char *plan, const char *task);
enum px_err repo_plan_task_add(struct db *db, const struct plan_task_rec *t);
/* Tasks of a plan (NULL: every plan), by plan then file order. */
enum px_err repo_plan_tasks(struct db *db, const char *plan, struct arena *a,
                            struct plan_task_rec **out, size_t *n);
/* Reports of a plan (NULL: every plan), by plan, task, date, entry order. */
enum px_err repo_plan_reports(struct db *db, const char *plan, struct arena *a,
                              struct plan_report_rec **out, size_t *n);
/* Task codes of a plan that have at least one report. */
enum px_err repo_plan_reported_tasks(struct db *db, const char *plan, struct arena *a,
                                     const char ***out, size_t *n);
enum px_err repo_plan_report_add(struct db *db, const struct plan_report_rec *r, int64_t *id);
enum px_err repo_plan_evidence_add(struct db *db, int64_t report_id, const char *sha256,
                                   const char *filename, const char *at, const char *by,
                                   int64_t *id);
/* Evidence of a plan's reports, by id. */
enum px_err repo_plan_evidence_list(struct db *db, const char *plan, struct arena *a,
                                    struct plan_evidence_rec **out, size_t *n);
/* One evidence file with its bytes (PX_NOTFOUND). */
enum px_err repo_plan_evidence_get(struct db *db, int64_t id, struct arena *a,
                                   struct plan_evidence_rec *out, const void **data);
/* Removes the values of metric that plans wrote (source "plan"): the
 * plan.* and task.* being recomputed; values imported or from the demo
 * under the same code stay. */
enum px_err repo_plan_metric_clear(struct db *db, const char *metric);
#endif
