/* metric commands: import values, define catalogue entries, list, values. */
#include "cli/cli.h"
#include "base/arena.h"
#include "app/refresh.h"
#include "store/repo_metric.h"

#include <stdio.h>
#include <string.h>

int cmd_metric_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_metric_import, "giá trị chỉ số",
	                  "metric values");
}

int cmd_metric_define(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_metric_define, "chỉ số",
	                  "catalogue entries");
}

int cmd_metric_list(struct cli *c, int argc, char **argv)
{
	struct metric_def *defs;
	size_t n;
	enum px_err e = cli_open(c, argc, argv, NULL);
	if (e == PX_OK)
		e = cli_listed(c, app_metric_catalogue(&c->app, &defs, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"code", "name_vi", "name_en", "unit", "aggregate", "values", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, defs[i].code);
		report_text(r, defs[i].name_vi);
		report_text(r, defs[i].name_en);
		report_text(r, defs[i].unit_of_measure);
		report_text(r, metric_aggregate_name(defs[i].aggregate));
		report_int(r, defs[i].values);
	}
	return px_exit_status(cli_print(c, r));
}

int cmd_metric_values(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *metric = NULL, *period = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {"--metric", true, &metric},
	                         {"--period", true, &period}, {0}};
	struct metric_row *rows;
	size_t n;
	enum px_err e = cli_open(c, argc, argv, opts);
	if (e == PX_OK)
		e = cli_listed(c, app_metric_values(&c->app, unit, metric, period, &rows, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"unit_code", "period", "metric", "value", "source", "as_of", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, rows[i].unit);
		report_text(r, rows[i].period);
		report_text(r, rows[i].metric);
		report_num(r, rows[i].value, 2);
		report_text(r, rows[i].source);
		report_text(r, rows[i].as_of);
	}
	return px_exit_status(cli_print(c, r));
}

/* metric runs: the server's daily refreshes (app/refresh.h), newest first. */
int cmd_metric_runs(struct cli *c, int argc, char **argv)
{
	struct refresh_run_rec *rows;
	size_t n;
	enum px_err e = cli_open(c, argc, argv, NULL);
	if (e == PX_OK)
		e = cli_listed(c, app_refresh_runs(&c->app, &rows, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"day", "started_at", "finished_at", "by_host", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, rows[i].day);
		report_text(r, rows[i].started_at);
		report_text(r, rows[i].finished_at);
		report_text(r, rows[i].by_host);
	}
	return px_exit_status(cli_print(c, r));
}
