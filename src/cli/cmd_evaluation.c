/* Staff evaluation from the command line (shared/formats/evaluation.md,
 * a public contract): evaluation rules import, evaluation import, month,
 * year and outstanding; discipline import and absence import. The
 * columns of `evaluation month` and `evaluation year` are compared
 * outside the project with an independent computation: keep them. */
#include "cli/cli.h"
#include "app/evaluation.h"
#include "app/report.h"
#include "app/evaluation_flow.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/str.h"
#include "base/clock.h"
#include "io/doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An import's end: on failure every problem and "nothing changed". */
static int import_finish(struct diags *d, enum px_err e)
{
	if (e != PX_OK)
		cli_report_diags(d, e);
	diags_free(d);
	return px_exit_status(e == PX_DENIED ? PX_USAGE : e);
}

int cmd_eval_rules_import(struct cli *c, int argc, char **argv)
{
	const char *file;
	enum px_err e = cli_one_arg(c, argc, argv, NULL, &file, CLI_NEED_FILE);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	FILE *fp = fopen(file, "rb");
	if (!fp) {
		diag_err(&d, file, 0, 0, "không mở được tệp", "cannot open the file");
		return cli_finish(&d, PX_FAIL);
	}
	struct str body;
	str_init(&body, (size_t)1 << 20);
	char buf[8192];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
		str_add(&body, buf, got);
	fclose(fp);
	if (body.err) {
		str_free(&body);
		diag_err(&d, file, 0, 0, "tệp quá lớn (tối đa 1 MiB)", "the file is too large (1 MiB at most)");
		return cli_finish(&d, PX_BADINPUT);
	}
	struct eval_rules r;
	bool is_new = false;
	e = app_eval_rules_import(&c->app, file, body.len ? body.buf : "", body.len, &d, &r, &is_new);
	str_free(&body);
	if (e == PX_OK) {
		char from[11], to[11] = "";
		date_format(r.valid_from, from);
		if (r.valid_to != DATE_MAX)
			date_format(r.valid_to, to);
		printf("Đã nhập bộ quy tắc %s (%s), áp dụng từ %s%s%s | imported rule set %s (%s), "
		       "valid from %s%s%s\n", r.code, is_new ? "mới" : "cập nhật", from, *to ? " đến " : "",
		       to, r.code, is_new ? "new" : "updated", from, *to ? " to " : "", to);
	}
	return import_finish(&d, e);
}

int cmd_eval_import(struct cli *c, int argc, char **argv)
{
	const char *file, *rules = NULL;
	struct cli_opt opts[] = {{"--rules", CLI_NEEDED, &rules}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct import_summary sum;
	e = app_eval_import(&c->app, file, rules, &d, &sum);
	if (e == PX_OK)
		printf("Đã nhập %ld tháng đánh giá: %ld mới, %ld cập nhật | imported %ld evaluated "
		       "months: %ld new, %ld updated\n", sum.rows, sum.inserted, sum.updated, sum.rows,
		       sum.inserted, sum.updated);
	return import_finish(&d, e);
}

static void points_cell(struct report *r, bool has, long centi)
{
	char s[32];
	if (!has) {
		report_null(r);
		return;
	}
	eval_points_format(centi, '.', s, sizeof s);
	report_text(r, s);
}

/* Writes doc to path in the format its name says; prints the path. */
static enum px_err write_doc(struct doc *doc, const char *path, struct diags *d)
{
	enum doc_format f;
	if (!doc_format_from_name(path, &f)) {
		diag_err(d, NULL, 0, 0, "--out: cần tệp .xlsx hoặc .pdf", "--out: an .xlsx or .pdf file is needed");
		return PX_BADINPUT;
	}
	struct str bytes;
	str_init(&bytes, (size_t)1 << 28);
	enum px_err e = doc_render(doc, f, &bytes);
	FILE *fp = e == PX_OK ? fopen(path, "wb") : NULL;
	if (e == PX_OK && (!fp || fwrite(bytes.buf, 1, bytes.len, fp) != bytes.len)) {
		diag_err(d, path, 0, 0, "không ghi được tệp", "cannot write the file");
		e = PX_FAIL;
	}
	if (fp && fclose(fp) != 0 && e == PX_OK)
		e = PX_FAIL;
	if (e == PX_OK)
		printf("%s (%zu byte)\n", path, bytes.len);
	str_free(&bytes);
	return e;
}

int cmd_eval_month(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *month = NULL, *out = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--month", CLI_NEEDED, &month},
	                         {"--out", true, &out}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct eval_month_view v;
	e = app_eval_month(&c->app, &who, unit, month, &v, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	const char **cols = arena_array(c->app.arena, v.rules.ncomp + 6, sizeof *cols);
	size_t k = 0;
	cols[k++] = "staff_code";
	cols[k++] = "name";
	for (size_t i = 0; i < v.rules.ncomp; i++)
		cols[k++] = v.rules.comp[i].code;
	cols[k++] = "total";
	cols[k++] = "grade";
	cols[k++] = "state";
	cols[k] = NULL;
	struct report *r = report_new(c->app.arena, cols);
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_month_row *m = &v.rows[i];
		report_row(r);
		report_text(r, m->staff);
		report_text(r, m->name);
		for (size_t j = 0; j < v.rules.ncomp; j++)
			points_cell(r, m->has_points[j], m->pts[j]);
		points_cell(r, m->approved, m->total);
		report_text(r, m->approved ? v.rules.grades[m->grade].code : NULL);
		report_text(r, m->state);
	}
	if (!out)
		return cli_finish(&d, cli_print(c, r));
	/* the form the office files: the same document as the page's download */
	struct doc *doc = NULL;
	e = app_report_eval_month(&c->app, &who, unit, month, NULL, &doc, &d);
	return cli_finish(&d, e == PX_OK ? write_doc(doc, out, &d) : e);
}

int cmd_eval_year(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *year_s = NULL, *out = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s},
	                         {"--out", true, &out}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	char *end = NULL;
	long year = year_s ? strtol(year_s, &end, 10) : 0;
	if (e == PX_OK && (!end || *end || year < 2000 || year > 2100)) {
		cli_usage_error(c->usage, "--year: năm không hợp lệ \"%s\" | invalid year \"%s\"", year_s,
		                year_s);
		e = PX_USAGE;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct eval_year_view v;
	e = app_eval_year(&c->app, &who, unit, (int)year, &v, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"staff_code", "name", "months_rated", "grade_counts", "level", "reason", NULL});
	for (size_t i = 0; i < v.n; i++) {
		const struct eval_year_row *y = &v.rows[i];
		report_row(r);
		report_text(r, y->staff);
		report_text(r, y->name);
		report_int(r, y->in.months_rated);
		report_text(r, y->grade_counts);
		report_text(r, eval_level_names[y->out.level]);
		report_text(r, arena_printf(c->app.arena, "%s | %s", y->out.reason_vi, y->out.reason_en));
	}
	if (!out)
		return cli_finish(&d, cli_print(c, r));
	/* the notice the office files (Decree 30 layout), as the page's download */
	struct doc *doc = NULL;
	e = app_report_eval_year(&c->app, &who, unit, (int)year, NULL, &doc, &d);
	return cli_finish(&d, e == PX_OK ? write_doc(doc, out, &d) : e);
}

int cmd_eval_outstanding(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *month = NULL, *reason = NULL, *off = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--month", CLI_NEEDED, &month},
	                         {"--reason", true, &reason}, {"--off", false, &off}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_eval_outstanding(&c->app, &who, unit, month, !off, reason, &d);
	if (e == PX_OK)
		printf("%s %s tháng %s | %s %s for %s\n", off ? "Bỏ đánh dấu xuất sắc" : "Đánh dấu xuất sắc",
		       unit, month, off ? "unmarked outstanding" : "marked outstanding", unit, month);
	return cli_finish(&d, e);
}

int cmd_discipline_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_eval_discipline_import, "quyết định kỷ luật",
	                  "discipline decisions");
}

int cmd_absence_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_eval_absence_import, "thời gian nghỉ", "absences");
}

/* --points "discipline=18,tasks=65.5,bonus=0" in the order of the month's
 * rule set's components; a code not in it is a usage error. */
static enum px_err points_arg(struct cli *c, const char *month, const char *s,
                              struct eval_flow_args *a, struct diags *d)
{
	struct period p;
	if (!month || !period_parse(month, strlen(month), &p) || p.kind != PERIOD_MONTH) {
		diag_err(d, NULL, 0, 0, "tháng không hợp lệ, cần YYYY-MM: \"%s\"",
		         "invalid month, expected YYYY-MM: \"%s\"", month ? month : "");
		return PX_BADINPUT;
	}
	struct eval_rules r;
	enum px_err e = app_eval_rules_on(&c->app, period_first_day(p), &r, d);
	if (e != PX_OK)
		return e;
	const char **v = arena_array(c->app.arena, r.ncomp + 1, sizeof *v);
	for (const char *q = s ? s : ""; *q;) {
		const char *comma = strchr(q, ',');
		size_t len = comma ? (size_t)(comma - q) : strlen(q);
		const char *item = arena_strndup(c->app.arena, q, len);
		const char *eq = strchr(item, '=');
		int k = eq ? eval_component_find(&r, arena_strndup(c->app.arena, item,
		                                                   (size_t)(eq - item))) : -1;
		if (k < 0) {
			diag_err(d, NULL, 0, 0, "--points: không có thành phần \"%s\" trong %s",
			         "--points: no component \"%s\" in %s", item, r.code);
			return PX_BADINPUT;
		}
		v[k] = eq + 1;
		q += len + (comma ? 1 : 0);
	}
	a->values = v;
	a->n = r.ncomp;
	return PX_OK;
}

/* --items "Báo cáo tháng=100/90/95;Hồ sơ=80/100/100": the month's work
 * items (Decree 335 months), title=quantity/quality/progress in whole
 * percent, separated by ';'. The rates are checked by the flow. */
static void items_arg(struct cli *c, const char *s, struct eval_flow_args *a)
{
	size_t n = 0;
	for (const char *q = s; q && *q; q++)
		n += *q == ';';
	struct eval_item_in *it = arena_array(c->app.arena, n + 2, sizeof *it);
	n = 0;
	for (const char *q = s ? s : ""; *q;) {
		const char *semi = strchr(q, ';');
		size_t len = semi ? (size_t)(semi - q) : strlen(q);
		char *one = arena_strndup(c->app.arena, q, len);
		char *eq = strrchr(one, '=');
		struct eval_item_in x = {one, "", "", ""};
		if (eq) {
			*eq = 0;
			char *r1 = eq + 1, *r2 = strchr(r1, '/'), *r3 = r2 ? strchr(r2 + 1, '/') : NULL;
			if (r2)
				*r2++ = 0;
			if (r3)
				*r3++ = 0;
			x = (struct eval_item_in){one, r1, r2 ? r2 : "", r3 ? r3 : ""};
		}
		it[n++] = x;
		q += len + (semi ? 1 : 0);
	}
	a->items = it;
	a->nitems = n;
}

static int flow(struct cli *c, int argc, char **argv, const char *verb)
{
	const char *staff = NULL, *month = NULL, *points = NULL, *comment = NULL, *reason = NULL;
	const char *items = NULL;
	bool with_points = !strcmp(verb, "self") || !strcmp(verb, "score");
	struct cli_opt pts_opts[] = {{"--staff", CLI_NEEDED, &staff}, {"--month", CLI_NEEDED, &month},
	                             {"--points", CLI_NEEDED, &points}, {"--comment", true, &comment},
	                             {"--items", true, &items}, {0}};
	struct cli_opt reopen_opts[] = {{"--staff", CLI_NEEDED, &staff},
	                                {"--month", CLI_NEEDED, &month},
	                                {"--reason", true, &reason}, {0}};
	enum px_err e = cli_options(c, argc, argv, with_points ? pts_opts : reopen_opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct eval_flow_args a = {.comment = comment, .reason = reason};
	if (with_points)
		e = points_arg(c, month, points, &a, &d);
	if (with_points && items)
		items_arg(c, items, &a);
	struct actor who = cli_actor(c);
	if (e == PX_OK)
		e = app_eval_apply(&c->app, &who, verb, staff, month, &a, &d);
	if (e == PX_OK)
		printf("%s %s tháng %s | %s %s for %s\n", verb, staff, month, verb, staff, month);
	return cli_finish(&d, e);
}

int cmd_eval_self(struct cli *c, int argc, char **argv)
{
	return flow(c, argc, argv, "self");
}

int cmd_eval_score(struct cli *c, int argc, char **argv)
{
	return flow(c, argc, argv, "score");
}

int cmd_eval_reopen(struct cli *c, int argc, char **argv)
{
	return flow(c, argc, argv, "reopen");
}

int cmd_eval_approve(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *month = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--month", CLI_NEEDED, &month}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	long n = 0;
	e = app_eval_unit_approve(&c->app, &who, unit, month, &n, &d);
	if (e == PX_OK)
		printf("Đã duyệt %ld người của %s tháng %s | approved %ld people of %s for %s\n", n, unit,
		       month, n, unit, month);
	return cli_finish(&d, e);
}

int cmd_eval_confirm(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *year_s = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	char *end = NULL;
	long year = year_s ? strtol(year_s, &end, 10) : 0;
	if (e == PX_OK && (!end || *end || year < 2000 || year > 2100)) {
		cli_usage_error(c->usage, "--year: năm không hợp lệ \"%s\" | invalid year \"%s\"", year_s,
		                year_s);
		e = PX_USAGE;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	size_t n = 0;
	e = app_eval_year_confirm(&c->app, &who, unit, (int)year, &n, &d);
	if (e == PX_OK)
		printf("Đã xác nhận xếp loại năm %ld của %s (%zu người) | confirmed the %ld classification "
		       "of %s (%zu people)\n", year, unit, n, year, unit, n);
	return cli_finish(&d, e);
}
