/* Plans and tasks from the command line (docs/formats/plans.md): plan
 * import/list/show/status/overdue/rollup and task report. The command
 * line acts as an administrator of the database it opens. The columns of
 * `plan status` and `plan overdue` are a public contract. */
#include "cli/cli.h"
#include "app/cycle.h"
#include "app/plan.h"
#include "app/refresh.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_plan_import(struct cli *c, int argc, char **argv)
{
	const char *file, *force = NULL;
	struct cli_opt opts[] = {{"--force", false, &force}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct import_summary sum;
	e = app_import_table(&c->app, file, NULL, 0, &d, &sum,
	                     force ? app_plan_import_force : app_plan_import);
	if (e == PX_OK)
		printf("Đã nhập %ld kế hoạch (%ld mới), %ld nhiệm vụ | imported %ld plans (%ld new), "
		       "%ld tasks\n", sum.inserted + sum.updated, sum.inserted, sum.rows,
		       sum.inserted + sum.updated, sum.inserted, sum.rows);
	return cli_finish(&d, e);
}

/* --as-of D, or today in Vietnam. */
static enum px_err asof_arg(struct cli *c, const char *s, int32_t *out)
{
	*out = app_today();
	if (s && !date_parse(s, strlen(s), out)) {
		cli_usage_error(c->usage, "--as-of: ngày không hợp lệ \"%s\", cần YYYY-MM-DD | "
		                          "invalid date \"%s\", expected YYYY-MM-DD", s, s);
		return PX_USAGE;
	}
	return PX_OK;
}

int cmd_plan_list(struct cli *c, int argc, char **argv)
{
	struct cli_opt opts[] = {{0}};
	enum px_err e = cli_open(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct plan_rec *p;
	size_t n;
	e = cli_listed(c, app_plan_list(&c->app, &who, &p, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"plan_code", "plan_unit", "year", "parent_plan", "tasks", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, p[i].code);
		report_text(r, p[i].unit);
		report_int(r, p[i].year);
		report_text(r, p[i].parent_plan);
		report_int(r, p[i].ntasks);
	}
	return px_exit_status(cli_print(c, r));
}

/* Opens the database and the view of --plan on --as-of; false on any
 * failure, *rc then the exit status (diagnostics printed and freed). */
static bool view(struct cli *c, int argc, char **argv, bool positional, struct plan_view *v,
                 struct diags *d, int *rc)
{
	const char *plan = NULL, *asof_s = NULL;
	struct cli_opt with_plan[] = {{"--plan", CLI_NEEDED, &plan}, {"--as-of", true, &asof_s}, {0}};
	struct cli_opt no_plan[] = {{"--as-of", true, &asof_s}, {0}};
	int32_t asof = 0;
	enum px_err e = positional ? cli_one_arg(c, argc, argv, no_plan, &plan,
	                                         "cần mã kế hoạch | a plan code is needed")
	                           : cli_options(c, argc, argv, with_plan);
	if (e == PX_OK)
		e = asof_arg(c, asof_s, &asof);
	if (!cli_ready(c, &e, d)) {
		*rc = px_exit_status(e);
		return false;
	}
	struct actor who = cli_actor(c);
	e = app_plan_view(&c->app, &who, plan, asof, v, d);
	if (e != PX_OK)
		*rc = cli_finish(d, e);
	return e == PX_OK;
}

int cmd_plan_show(struct cli *c, int argc, char **argv)
{
	struct plan_view v;
	struct diags d;
	int rc;
	if (!view(c, argc, argv, true, &v, &d, &rc))
		return rc;
	if (c->format == REPORT_TABLE)
		printf("%s — %s, %ld\n", v.plan.code, v.plan.unit, v.plan.year);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"task_code", "parent_plan", "parent_task", "area", "title", "owner_unit",
		"coordinators", "start", "due", "output", "indicator", "target", NULL});
	for (size_t i = 0; i < v.n; i++) {
		const struct plan_task_rec *t = v.tasks[i].task;
		report_row(r);
		report_text(r, t->code);
		report_text(r, t->parent_plan);
		report_text(r, t->parent_task);
		report_text(r, t->area);
		report_text(r, t->title);
		report_text(r, t->owner);
		report_text(r, *t->coordinators ? t->coordinators : NULL);
		report_text(r, t->start);
		report_text(r, t->due);
		report_text(r, t->output);
		report_text(r, t->indicator);
		if (t->has_target)
			report_num(r, t->target, 2);
		else
			report_null(r);
	}
	return cli_finish(&d, cli_print(c, r));
}

static void progress_cell(struct report *r, const struct plan_task_view *t)
{
	if (t->has_progress)
		report_int(r, t->progress);
	else
		report_null(r);
}

static void days_late_cell(struct report *r, const struct plan_task_view *t)
{
	if (t->state == PLAN_DONE_LATE || t->state == PLAN_OVERDUE)
		report_int(r, t->days_late);
	else
		report_null(r);
}

int cmd_plan_status(struct cli *c, int argc, char **argv)
{
	struct plan_view v;
	struct diags d;
	int rc;
	if (!view(c, argc, argv, false, &v, &d, &rc))
		return rc;
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"task_code", "owner_unit", "area", "due", "status", "state", "days_late", "progress",
		"document", NULL});
	for (size_t i = 0; i < v.n; i++) {
		const struct plan_task_view *t = &v.tasks[i];
		report_row(r);
		report_text(r, t->task->code);
		report_text(r, t->task->owner);
		report_text(r, t->task->area);
		report_text(r, t->task->due);
		report_text(r, plan_status_names[t->status]);
		report_text(r, plan_state_names[t->state]);
		days_late_cell(r, t);
		progress_cell(r, t);
		report_text(r, t->current && *t->current->document ? t->current->document : NULL);
	}
	return cli_finish(&d, cli_print(c, r));
}

int cmd_plan_rollup(struct cli *c, int argc, char **argv)
{
	struct plan_view v;
	struct diags d;
	int rc;
	if (!view(c, argc, argv, false, &v, &d, &rc))
		return rc;
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"task_code", "below_plan", "below_task", "owner_unit", "state", "progress", NULL});
	for (size_t i = 0; i < v.n; i++)
		for (size_t k = 0; k < v.tasks[i].nbelow; k++) {
			const struct plan_task_view *b = v.tasks[i].below[k];
			report_row(r);
			report_text(r, v.tasks[i].task->code);
			report_text(r, b->task->plan);
			report_text(r, b->task->code);
			report_text(r, b->task->owner);
			report_text(r, plan_state_names[b->state]);
			progress_cell(r, b);
		}
	return cli_finish(&d, cli_print(c, r));
}

int cmd_plan_overdue(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *asof_s = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {"--as-of", true, &asof_s}, {0}};
	int32_t asof = 0;
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK)
		e = asof_arg(c, asof_s, &asof);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct plan_overdue_row *rows;
	size_t n;
	e = app_plan_overdue(&c->app, &who, unit, asof, &rows, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"plan_code", "task_code", "owner_unit", "title", "due", "state", "days_late",
		"days_left", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, rows[i].plan);
		report_text(r, rows[i].task);
		report_text(r, rows[i].owner);
		report_text(r, rows[i].title);
		report_text(r, rows[i].due);
		report_text(r, plan_state_names[rows[i].state]);
		if (rows[i].state == PLAN_OVERDUE)
			report_int(r, rows[i].days_late);
		else
			report_null(r);
		if (rows[i].state == PLAN_OPEN)
			report_int(r, rows[i].days_left);
		else
			report_null(r);
	}
	return cli_finish(&d, cli_print(c, r));
}

/* Reads a whole file into the arena; PX_FAIL with a message. */
static enum px_err slurp(struct cli *c, const char *path, struct plan_file *f)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "parindex: không mở được %s | cannot open %s\n", path, path);
		return PX_FAIL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = cap < ((size_t)256 << 20) ? realloc(buf, cap * 2) : NULL;
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(fp);
	if (!buf) {
		fprintf(stderr, "parindex: %s quá lớn | %s is too large\n", path, path);
		return PX_FAIL;
	}
	char *copy = arena_alloc(c->app.arena, n ? n : 1);
	memcpy(copy, buf, n);
	free(buf);
	const char *slash = strrchr(path, '/');
	*f = (struct plan_file){slash ? slash + 1 : path, copy, n};
	return PX_OK;
}

int cmd_task_report(struct cli *c, int argc, char **argv)
{
	const char *plan = NULL, *task = NULL, *file = NULL;
	struct task_report_args a = {0};
	struct cli_opt opts[] = {{"--plan", CLI_NEEDED, &plan}, {"--task", CLI_NEEDED, &task},
	                         {"--status", CLI_NEEDED, &a.status}, {"--date", CLI_NEEDED, &a.date},
	                         {"--progress", true, &a.progress}, {"--document", true, &a.document},
	                         {"--note", true, &a.note}, {"--file", true, &file}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct plan_file f;
	if (file) {
		e = slurp(c, file, &f);
		if (e != PX_OK) {
			diags_free(&d);
			return px_exit_status(e);
		}
		a.files = &f;
		a.nfiles = 1;
	}
	struct actor who = cli_actor(c);
	e = app_task_report(&c->app, &who, plan, task, &a, &d);
	if (e == PX_OK)
		printf("Đã ghi báo cáo %s/%s: %s ngày %s | reported %s/%s: %s on %s\n", plan, task,
		       a.status, a.date, plan, task, a.status, a.date);
	return cli_finish(&d, e);
}

/* metric refresh: the derived metrics whose periods move with today (a
 * period not yet over ends today): plan.*, task.* and inspection.* (app_metrics_refresh). */
int cmd_metric_refresh(struct cli *c, int argc, char **argv)
{
	struct cli_opt opts[] = {{0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	e = app_metrics_refresh(&c->app, &d);
	if (e == PX_OK)
		printf("Đã tính lại plan.*, task.* và inspection.* | recomputed plan.*, task.* and "
		       "inspection.*\n");
	return cli_finish(&d, e);
}
