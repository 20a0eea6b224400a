/*
 * Plans and tasks as pure rules (docs/formats/plans.md): the reform
 * areas, outputs and report statuses; which report is current on a day;
 * a task's derived state on that day; and the five completion counts of
 * a period.
 *
 * Why it is built this way: a task's state is never stored. Every report
 * is kept, and the state on a day D is derived from the latest report
 * dated on or before D, so "as of" questions (a past month's metrics, a
 * report entered late) have one answer, computed here and nowhere else.
 */
#ifndef PARINDEX_CORE_PLAN_H
#define PARINDEX_CORE_PLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* NULL-terminated word lists of the plan file. */
extern const char *const plan_areas[];   /* direction, institution, ... impact */
extern const char *const plan_outputs[]; /* report, decision, plan, document, system, other */

enum plan_status { PLAN_NOT_STARTED, PLAN_IN_PROGRESS, PLAN_DONE, PLAN_CANCELLED,
                   PLAN_NSTATUS };
extern const char *const plan_status_names[]; /* by enum plan_status, NULL-terminated */
extern const char *const plan_status_vi[];
/* The status named s, or -1. */
int plan_status_parse(const char *s);

enum plan_state { PLAN_DONE_ON_TIME, PLAN_DONE_LATE, PLAN_OVERDUE, PLAN_OPEN,
                  PLAN_STATE_CANCELLED, PLAN_NSTATE };
extern const char *const plan_state_names[]; /* by enum plan_state */
extern const char *const plan_state_vi[];

/* One report on a task, as the rules need it. */
struct plan_report_fact {
	enum plan_status status;
	int32_t date;
};

/* The index of the current report on day asof among reports[0..n)
 * ordered by (date, entry order): the last one dated on or before asof;
 * -1 when there is none (the task is not started). */
long plan_current(const struct plan_report_fact *reports, size_t n, int32_t asof);

/* The state on asof of a task due on due whose current report is cur
 * (NULL: none); *days_late (may be NULL) gets the calendar days past due
 * for done_late and overdue, else 0. */
enum plan_state plan_state_on(const struct plan_report_fact *cur, int32_t due, int32_t asof,
                              long *days_late);

/* The completion counts of one period (plans.md "Metrics written"). */
struct plan_counts {
	long total, done, done_on_time, overdue;
};
/* Counts one task due in the period whose state at the period's end is
 * st: cancelled tasks do not count; done (on time or late) by the end is
 * done; the rest is overdue. */
void plan_count(struct plan_counts *c, enum plan_state st);
/* done_on_time / total; false (missing) when total is 0. */
bool plan_completion(const struct plan_counts *c, double *out);
/* The day a period [first, last] is judged on: last, or today while it
 * is not over. */
int32_t plan_period_end(int32_t last, int32_t today);
#endif
