/*
 * The daily refresh (issue 13): once a day, at 00:05 Vietnam time, the
 * metrics whose periods move with today (plan.*, task.*, inspection.*)
 * are recomputed by app_metrics_refresh, the function of `parindex metric
 * refresh`.
 * The web server calls app_daily_refresh (web/daily.c); with several
 * servers on one database the day's row in refresh_run (migration 0012)
 * is claimed by one INSERT that only one of them wins.
 */
#ifndef PARINDEX_APP_REFRESH_H
#define PARINDEX_APP_REFRESH_H
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "store/repo_refresh.h"

/* Seconds after local midnight at which the day's refresh is due. */
#define REFRESH_AT_SECONDS (5 * 60)

/* The Vietnamese day (days since 1970-01-01) whose refresh is due at
 * time t, or INT32_MIN before that day's 00:05 (nothing due yet today). */
int32_t app_refresh_due_day(int64_t t);

enum refresh_outcome {
	REFRESH_RAN,     /* this caller claimed the day and recomputed */
	REFRESH_TAKEN,   /* another caller had claimed the day */
};

/* Recomputes every metric whose periods move with today: plan.*, task.*
 * (app_plan_metrics_refresh) and inspection.* (app_inspection_metrics_
 * refresh). The one function of `parindex metric refresh` and of the
 * daily refresh. */
enum px_err app_metrics_refresh(struct app *app, struct diags *d);

/* Claims day for host (its own transaction, committed before the work,
 * so the others see it at once), then runs app_plan_metrics_refresh and
 * marks the run finished. PX_OK with *out; a failure leaves the row
 * without finished_at (problems in d). */
enum px_err app_daily_refresh(struct app *app, int32_t day, const char *host,
                              enum refresh_outcome *out, struct diags *d);

/* Every run, newest first (`parindex metric runs`). */
enum px_err app_refresh_runs(struct app *app, struct refresh_run_rec **out, size_t *n);
#endif
