/*
 * The office's overview of every unit's plan of a year (issue 13): per
 * plan of a unit the office's grant covers, the tasks' counts on a day.
 * Pages (/plans/overview), the CLI (`report plans`) and the documents
 * (app_report_plans, app_report_plan) read it from here.
 */
#ifndef PARINDEX_APP_PLAN_OVERVIEW_H
#define PARINDEX_APP_PLAN_OVERVIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

struct actor;

struct plan_overview_row {
	const char *plan, *unit, *unit_name, *parent_plan;
	long total;       /* tasks, cancelled ones left out */
	long done;        /* done by asof, on time or late */
	long on_time;     /* done on or before their due date */
	long in_progress; /* not yet due, the latest report says in progress */
	long not_started; /* not yet due, no report (or "not started") */
	long overdue;     /* not done and past due on asof (done + in_progress +
	                     not_started + overdue = total) */
	long cancelled;
	bool has_completion;
	double completion; /* on_time / total in percent (plan.completion x 100) */
};

/* The plans of year whose unit a PAR office grant of who covers (every
 * plan for a city-wide grant and the command line), by plan code, with their tasks' states on asof. In app->arena. */
enum px_err app_plan_overview(struct app *app, const struct actor *who, int year, int32_t asof,
                              struct plan_overview_row **out, size_t *n, struct diags *d);

/* The day a year's plans are judged on: the year's last day, or today
 * while the year is not over. */
int32_t app_plan_year_asof(int year);
#endif
