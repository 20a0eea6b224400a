/*
 * Use cases of plans and tasks (docs/formats/plans.md): import, list,
 * show, status on a day with the rollup of the tasks below, the overdue
 * list for urging, a report on a task, an evidence file, the plan.* and
 * task.* metrics. A report is a transition of task_machine (workflow.h):
 * who may report and in which state is decided by its table, in the
 * write transaction, and nowhere else.
 */
#ifndef PARINDEX_APP_PLAN_H
#define PARINDEX_APP_PLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/workflow.h"
#include "core/plan.h"
#include "store/repo_plan.h"

/* States of task_machine: the status of the latest report (enum
 * plan_status), as of today. */
extern const struct wf_machine task_machine;

/* Imports a plan file (an app_import_fn): all or nothing, every problem
 * reported. Reports on tasks that stay are kept; a task that disappears
 * and has reports is an error (app_plan_import_force removes them). */
enum px_err app_plan_import(struct app *app, struct table *t, struct diags *d,
                            struct import_summary *sum);
enum px_err app_plan_import_force(struct app *app, struct table *t, struct diags *d,
                                  struct import_summary *sum);
struct actor;
struct plan_import_opts {
	const struct actor *who; /* NULL: the command line, every unit */
	bool force;              /* as app_plan_import_force */
	const char **plans;      /* out: the plans written, in the file's order */
	size_t nplans, cap;
};
/* The import of an uploaded plan file (name: its name for messages) by
 * o->who, a PAR office: all or nothing, as app_plan_import, and every plan
 * of the file (and any plan it replaces) must belong to a unit the
 * office's grant covers, else nothing changes and each such plan is an
 * error at its first line (the page /plans/import). */
enum px_err app_plan_import_by(struct app *app, const char *name, const void *data, size_t len,
                               struct plan_import_opts *o, struct diags *d,
                               struct import_summary *sum);

/* Loads reports from a table (plan_code, task_code, status, date,
 * progress, document, note; an app_import_fn) as the command line's
 * actor, without the task machine's rules: the demo's history. Rows
 * dated after today are left out (counted unchanged). */
enum px_err app_plan_report_import(struct app *app, struct table *t, struct diags *d,
                                   struct import_summary *sum);

/* The plans the actor may see (their unit's, or with a task the actor's
 * grant covers; every plan for readers), by code, in app->arena. */
enum px_err app_plan_list(struct app *app, const struct actor *who, struct plan_rec **out,
                          size_t *n);

/* One task on a day. */
struct plan_task_view {
	const struct plan_task_rec *task;
	enum plan_status status;
	enum plan_state state;
	long days_late;
	const struct plan_report_rec *current; /* NULL: no report yet */
	bool has_progress;
	long progress;
	int32_t due;
	/* the tasks of other plans that implement this one */
	struct plan_task_view **below;
	size_t nbelow;
	/* every report, oldest first */
	const struct plan_report_rec *reports;
	size_t nreports;
};

struct plan_view {
	struct plan_rec plan;
	int32_t asof;
	struct plan_task_view *tasks;
	size_t n;
	struct plan_counts counts; /* the plan's tasks due up to asof's year, at asof */
	struct plan_evidence_rec *evidence;
	size_t nevidence;
};

/* The plan code with its tasks on day asof (PX_NOTFOUND when there is no
 * such plan or the actor may not see it: the same answer). */
enum px_err app_plan_view(struct app *app, const struct actor *who, const char *code,
                          int32_t asof, struct plan_view *out, struct diags *d);

/* A task for urging: overdue on asof, or open and due within 7 days. */
struct plan_overdue_row {
	const char *plan, *task, *owner, *title, *due;
	enum plan_state state;
	long days_late, days_left;
};
/* Tasks to urge on asof whose owner is unit or below it (NULL: every
 * unit), among those the actor may see; most days late first. */
enum px_err app_plan_overdue(struct app *app, const struct actor *who, const char *unit,
                             int32_t asof, struct plan_overdue_row **out, size_t *n,
                             struct diags *d);

struct plan_file {
	const char *filename;
	const void *data;
	size_t len;
};
struct task_report_args {
	const char *status, *date, *progress, *document, *note; /* as typed; NULL: absent */
	const struct plan_file *files;
	size_t nfiles;
	int64_t id; /* out: the new report */
};
/* Reports on task of plan: task_machine's "report" (in_progress, done:
 * the owner unit's reporter), or its "cancel" when the status is
 * cancelled (the plan unit's office; a note is needed). */
enum px_err app_task_report(struct app *app, const struct actor *who, const char *plan,
                            const char *task, struct task_report_args *a, struct diags *d);
/* The "cancel" verb whatever a->status says. */
enum px_err app_task_cancel(struct app *app, const struct actor *who, const char *plan,
                            const char *task, struct task_report_args *a, struct diags *d);
/* The verbs ("report", "cancel") the actor may do on the task now, for
 * forms and `allowed`; returns how many (at most max). */
size_t app_task_allowed(struct app *app, const struct actor *who, const char *plan,
                        const char *task, const char **verbs, size_t max);

/* One evidence file of a report, with its bytes, when the actor may see
 * the task (else PX_NOTFOUND). */
enum px_err app_plan_evidence_get(struct app *app, const struct actor *who, int64_t id,
                                  struct plan_evidence_rec *row, const void **data,
                                  struct diags *d);

/* Whether the actor may send unit an urging letter: a PAR office whose
 * grant covers the unit. */
bool app_plan_may_urge(const struct actor *who, const char *unit);

struct notice;
/* Urging (đôn đốc) as notices, appended to *v (n of them, capacity *cap,
 * in app->arena): to those who may report on a task, when it is due
 * within 7 days and from the day after its due date while it is not
 * done; to the office of a plan's unit, how many of its tasks are
 * overdue. Each notice exists exactly when the verb it points to is
 * allowed (wf_allowed). */
enum px_err app_plan_notices(struct app *app, const struct actor *who, struct notice **v,
                             size_t *n, size_t *cap);

/* Recomputes every plan.* and task.* value (plans.md "Metrics written")
 * inside the caller's transaction, or its own. */
enum px_err app_plan_metrics_refresh(struct app *app, struct diags *d);
#endif
