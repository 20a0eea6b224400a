/* unit and staff commands: import, list, tree, history, stats. */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/str.h"
#include "base/utf8.h"
#include "store/repo_unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_import(struct cli *c, int argc, char **argv, app_import_fn fn, const char *what_vi,
               const char *what_en)
{
	const char *file;
	enum px_err e = cli_one_arg(c, argc, argv, NULL, &file, CLI_NEED_FILE);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct import_summary sum;
	e = app_import_table(&c->app, file, NULL, 0, &d, &sum, fn);
	if (e == PX_OK) {
		diags_print(&d, stderr); /* warnings */
		printf("Đã nhập %ld %s: %ld mới, %ld cập nhật, %ld không đổi | "
		       "imported %ld %s: %ld new, %ld updated, %ld unchanged\n",
		       sum.rows, what_vi, sum.inserted, sum.updated, sum.unchanged, sum.rows,
		       what_en, sum.inserted, sum.updated, sum.unchanged);
	} else {
		cli_report_diags(&d, e);
	}
	diags_free(&d);
	return px_exit_status(e);
}

int cmd_unit_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_unit_import, "đơn vị", "units");
}

int cmd_staff_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_staff_import, "cán bộ",
	                  "staff");
}

static void date_cell(struct report *r, int32_t d)
{
	if (d == DATE_MIN || d == DATE_MAX) {
		report_null(r);
		return;
	}
	char buf[11];
	date_format(d, buf);
	report_text(r, buf);
}

static const char *successors_text(struct arena *a, const struct unit_rec *u)
{
	struct str s;
	str_init(&s, 0);
	for (size_t i = 0; i < u->nsucc; i++) {
		if (i)
			str_addc(&s, ';');
		str_adds(&s, u->successors[i]);
	}
	char *r = arena_strdup(a, str_cstr(&s));
	str_free(&s);
	return r;
}

/* After a register listing's checks (*e): opens the database and loads
 * the register into s; false (s untouched) when *e failed or the loading
 * did, its error printed. */
static bool load(struct cli *c, enum px_err *e, struct unit_set *s)
{
	if (*e == PX_OK)
		*e = cli_open_db(c);
	if (*e == PX_OK)
		*e = cli_listed(c, app_register_load(&c->app, s));
	return *e == PX_OK;
}

/* The end of a register listing: prints r (unless NULL), frees s. */
static int print_register(struct cli *c, struct report *r, struct unit_set *s)
{
	enum px_err e = r ? cli_print(c, r) : PX_OK;
	unit_set_free(s);
	return px_exit_status(e);
}

int cmd_unit_list(struct cli *c, int argc, char **argv)
{
	const char *date = NULL, *kind = NULL;
	struct cli_opt opts[] = {{"--date", true, &date}, {"--kind", true, &kind}, {0}};
	int32_t on = 0;
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK && date)
		e = cli_date_arg(date, "--date", &on);
	struct unit_set s;
	if (!load(c, &e, &s))
		return px_exit_status(e);
	/* tree order of all units existing at any time is not defined, so
	 * list by kind, then Vietnamese name order */
	size_t *order, n = 0;
	int *depth;
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"code", "name", "kind", "parent", "valid_from", "valid_to", "payroll_quota",
		"successors", NULL});
	if (date) {
		n = register_tree(&s, on, c->app.arena, &order, &depth);
	} else {
		/* every unit: walk the tree on each distinct date would repeat
		 * units; instead sort all units by kind and name */
		order = arena_array(c->app.arena, s.n + 1, sizeof *order);
		for (size_t i = 0; i < s.n; i++)
			order[n++] = i;
		register_sort(&s, order, n);
	}
	for (size_t i = 0; i < n; i++) {
		const struct unit_rec *u = &s.v[order[i]];
		if (kind && strcmp(u->kind, kind))
			continue;
		report_row(r);
		report_text(r, u->code);
		report_text(r, u->name);
		report_text(r, u->kind);
		report_text(r, u->parent);
		date_cell(r, u->valid_from);
		date_cell(r, u->valid_to);
		if (u->has_quota)
			report_int(r, u->payroll_quota);
		else
			report_null(r);
		report_text(r, u->nsucc ? successors_text(c->app.arena, u) : NULL);
	}
	return print_register(c, r, &s);
}

int cmd_unit_tree(struct cli *c, int argc, char **argv)
{
	const char *date = NULL;
	struct cli_opt opts[] = {{"--date", true, &date}, {0}};
	int32_t on;
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK)
		e = cli_date_arg(date, "--date", &on);
	struct unit_set s;
	if (!load(c, &e, &s))
		return px_exit_status(e);
	size_t *order;
	int *depth;
	size_t n = register_tree(&s, on, c->app.arena, &order, &depth);
	struct report *r;
	if (c->format == REPORT_TABLE)
		r = report_new(c->app.arena, (const char *const[]){"unit", "code", "kind", NULL});
	else
		r = report_new(c->app.arena, (const char *const[]){"depth", "code", "name", "kind",
		                                                   "parent", NULL});
	for (size_t i = 0; i < n; i++) {
		const struct unit_rec *u = &s.v[order[i]];
		report_row(r);
		if (c->format == REPORT_TABLE) {
			char *label = arena_alloc(c->app.arena, 2 * (size_t)depth[i] + strlen(u->name) + 1);
			memset(label, ' ', 2 * (size_t)depth[i]);
			memcpy(label + 2 * depth[i], u->name, strlen(u->name) + 1);
			report_text(r, label);
			report_text(r, u->code);
			report_text(r, u->kind);
		} else {
			report_int(r, depth[i]);
			report_text(r, u->code);
			report_text(r, u->name);
			report_text(r, u->kind);
			report_text(r, u->parent_idx >= 0 && unit_active_on(&s.v[u->parent_idx], on)
			                       ? u->parent : NULL);
		}
	}
	return print_register(c, r, &s);
}

int cmd_unit_history(struct cli *c, int argc, char **argv)
{
	const char *code;
	enum px_err e = cli_one_arg(c, argc, argv, NULL, &code, "cần mã đơn vị | a unit code is needed");
	struct unit_set s;
	if (!load(c, &e, &s))
		return px_exit_status(e);
	long idx = unit_set_find(&s, code);
	if (idx < 0) {
		fprintf(stderr, "parindex: không có đơn vị mã \"%s\" | no unit with code \"%s\"\n",
		        code, code);
		unit_set_free(&s);
		return 1;
	}
	struct lineage_step *steps;
	size_t n = register_lineage(&s, (size_t)idx, c->app.arena, &steps);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"direction", "depth", "event", "date", "from_code", "from_name", "to_code",
		"to_name", NULL});
	for (size_t i = 0; i < n; i++) {
		const struct unit_rec *from = &s.v[steps[i].from], *to = &s.v[steps[i].to];
		report_row(r);
		report_text(r, steps[i].backward ? "predecessor" : "successor");
		report_int(r, steps[i].depth);
		report_text(r, lineage_event_name(steps[i].event));
		date_cell(r, steps[i].date);
		report_text(r, from->code);
		report_text(r, from->name);
		report_text(r, to->code);
		report_text(r, to->name);
	}
	if (c->format == REPORT_TABLE) {
		const struct unit_rec *u = &s.v[idx];
		char a[11] = "…", b[11] = "…";
		if (u->valid_from != DATE_MIN)
			date_format(u->valid_from, a);
		if (u->valid_to != DATE_MAX)
			date_format(u->valid_to, b);
		printf("%s — %s (%s, %s … %s)\n", u->code, u->name, u->kind, a, b);
		if (!n)
			printf("không có tiền thân hay kế thừa | no predecessors or successors\n");
	}
	return print_register(c, n || c->format != REPORT_TABLE ? r : NULL, &s);
}

int cmd_unit_stats(struct cli *c, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	struct cli_opt opts[] = {{"--from", CLI_NEEDED, &from}, {"--to", CLI_NEEDED, &to}, {0}};
	int32_t d1, d2;
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK)
		e = cli_date_arg(from, "--from", &d1);
	if (e == PX_OK)
		e = cli_date_arg(to, "--to", &d2);
	struct unit_set s;
	if (!load(c, &e, &s))
		return px_exit_status(e);
	struct kind_stats *ks;
	size_t n = register_stats(&s, d1, d2, c->app.arena, &ks);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"kind", "count_from", "count_to", "change", "change_pct", "payroll_from",
		"payroll_to", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, ks[i].kind);
		report_int(r, ks[i].count_from);
		report_int(r, ks[i].count_to);
		report_int(r, ks[i].count_to - ks[i].count_from);
		if (ks[i].count_from)
			report_num(r, round((double)(ks[i].count_to - ks[i].count_from) * 1000.0 /
			                    (double)ks[i].count_from) / 10.0, 1);
		else
			report_null(r);
		report_int(r, ks[i].payroll_from);
		report_int(r, ks[i].payroll_to);
	}
	return print_register(c, r, &s);
}

int cmd_staff_list(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {0}};
	struct staff_rec *rows;
	size_t n;
	enum px_err e = cli_open(c, argc, argv, opts);
	if (e == PX_OK)
		e = cli_listed(c, app_staff_list(&c->app, unit, &rows, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"code", "name", "unit_code", "category", "position", "valid_from", "valid_to",
		NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, rows[i].code);
		report_text(r, rows[i].name);
		report_text(r, rows[i].unit_code);
		report_text(r, rows[i].category);
		report_text(r, rows[i].position);
		date_cell(r, rows[i].valid_from);
		date_cell(r, rows[i].valid_to);
	}
	return px_exit_status(cli_print(c, r));
}
