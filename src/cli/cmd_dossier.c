/*
 * Dossier commands: dossier analyze / import / late, procedure import /
 * list, calendar, service-index. Thin adapters over app/dossier.h.
 *
 * `dossier analyze` writes its result only when the whole file is good
 * (shared/formats/dossiers.md: no partial output presented as a result);
 * its CSV and JSON are streamed, since a result has one row per unit and
 * month and may be larger than a report holds.
 */
#include "cli/cli.h"
#include "app/dossier.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The --format given, or NULL (cli_parse does not tell). */
static const char *format_given(int argc, char **argv)
{
	const char *f = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "--format=", 9))
			f = argv[i] + 9;
		else if (!strcmp(argv[i], "--format") && i + 1 < argc)
			f = argv[++i];
	}
	return f;
}

static bool threads_arg(const char *s, const char *usage, int *out)
{
	*out = 0;
	if (!s)
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || v < 1 || v > 64) {
		cli_usage_error(usage, "--threads nhận số 1..64 | --threads takes 1..64");
		return false;
	}
	*out = (int)v;
	return true;
}

/* The options dossier analyze and import share, and the test hooks that
 * force spills and tiny chunks; false after a usage error. */
static bool dossier_opts_arg(struct cli *c, const char *threads, const char *calendar,
                             struct dossier_opts *o)
{
	*o = (struct dossier_opts){0};
	o->calendar = calendar;
	const char *budget = getenv("PARINDEX_DOSSIER_DEDUP_BUDGET");
	if (budget && *budget)
		o->dedup_budget = (size_t)strtoull(budget, NULL, 10);
	const char *chunk = getenv("PARINDEX_DOSSIER_CHUNK");
	if (chunk && *chunk)
		o->chunk_size = (size_t)strtoull(chunk, NULL, 10);
	return threads_arg(threads, c->usage, &o->threads);
}

static int report_failure(struct diags *d, enum px_err e, bool changes)
{
	diags_print(d, stderr);
	if (e == PX_BADINPUT) {
		if (changes)
			fprintf(stderr, "parindex: %zu lỗi; không có gì thay đổi | %zu error(s); nothing "
			                "changed\n", d->errors, d->errors);
		else
			fprintf(stderr, "parindex: %zu lỗi; không có kết quả | %zu error(s); no result\n",
			        d->errors, d->errors);
	}
	return px_exit_status(e);
}

/* ---- dossier analyze ---- */

static bool flush(struct str *s, FILE *out, bool force)
{
	if (!force && s->len < (1u << 20))
		return true;
	bool ok = !str_error(s) && fwrite(str_cstr(s), 1, s->len, out) == s->len;
	str_reset(s);
	return ok;
}

static bool write_analysis(const struct dossier_analysis *a, enum report_format f, bool rates,
                           FILE *out)
{
	struct str s;
	str_init(&s, 0);
	bool ok = true;
	if (f == REPORT_CSV) {
		str_adds(&s, "unit_code,month");
		for (int k = 0; k < DOSSIER_NOUT; k++)
			str_printf(&s, ",%s", dossier_field_name((enum dossier_field)k));
		for (int k = 0; rates && k < DOSSIER_NRATES_OUT; k++)
			str_printf(&s, ",%s", dossier_rate_name((enum dossier_rate)k));
		str_addc(&s, '\n');
		for (size_t i = 0; i < a->n && ok; i++) {
			const struct dossier_month_row *r = &a->rows[i];
			char m[8];
			dossier_month_format(r->month, m);
			report_csv_field(&s, r->unit);
			str_printf(&s, ",%s", m);
			for (int k = 0; k < DOSSIER_NOUT; k++)
				str_printf(&s, ",%lld", (long long)r->v[k]);
			for (int k = 0; rates && k < DOSSIER_NRATES_OUT; k++) {
				double v;
				str_addc(&s, ',');
				if (dossier_rate_value((enum dossier_rate)k, r->v, &v))
					str_add_double(&s, v);
			}
			str_addc(&s, '\n');
			ok = flush(&s, out, false);
		}
	} else {
		str_addc(&s, '[');
		for (size_t i = 0; i < a->n && ok; i++) {
			const struct dossier_month_row *r = &a->rows[i];
			char m[8];
			dossier_month_format(r->month, m);
			str_adds(&s, i ? ",\n {\"unit_code\": " : "\n {\"unit_code\": ");
			str_add_json(&s, r->unit);
			str_printf(&s, ", \"month\": \"%s\"", m);
			for (int k = 0; k < DOSSIER_NOUT; k++)
				str_printf(&s, ", \"%s\": %lld", dossier_field_name((enum dossier_field)k),
				           (long long)r->v[k]);
			for (int k = 0; rates && k < DOSSIER_NRATES_OUT; k++) {
				double v;
				str_printf(&s, ", \"%s\": ", dossier_rate_name((enum dossier_rate)k));
				if (dossier_rate_value((enum dossier_rate)k, r->v, &v))
					str_add_double(&s, v);
				else
					str_adds(&s, "null");
			}
			str_addc(&s, '}');
			ok = flush(&s, out, false);
		}
		str_adds(&s, a->n ? "\n]\n" : "]\n");
	}
	ok = ok && flush(&s, out, true) && fflush(out) == 0;
	str_free(&s);
	return ok;
}

static void table_analysis(struct cli *c, const struct dossier_analysis *a, bool rates)
{
	const char *cols[2 + DOSSIER_NOUT + DOSSIER_NRATES_OUT + 1];
	int n = 0;
	cols[n++] = "unit_code";
	cols[n++] = "month";
	for (int k = 0; k < DOSSIER_NOUT; k++)
		cols[n++] = dossier_field_name((enum dossier_field)k);
	for (int k = 0; rates && k < DOSSIER_NRATES_OUT; k++)
		cols[n++] = dossier_rate_name((enum dossier_rate)k);
	cols[n] = NULL;
	struct report *r = report_new(c->app.arena, cols);
	for (size_t i = 0; i < a->n; i++) {
		char m[8];
		dossier_month_format(a->rows[i].month, m);
		report_row(r);
		report_text(r, a->rows[i].unit);
		report_text(r, m);
		for (int k = 0; k < DOSSIER_NOUT; k++)
			report_int(r, a->rows[i].v[k]);
		for (int k = 0; rates && k < DOSSIER_NRATES_OUT; k++) {
			double v;
			if (dossier_rate_value((enum dossier_rate)k, a->rows[i].v, &v))
				report_num(r, v, 4);
			else
				report_null(r);
		}
	}
	cli_print(c, r);
}

int cmd_dossier_analyze(struct cli *c, int argc, char **argv)
{
	const char *threads = NULL, *rates = NULL, *procs = NULL, *dbcat = NULL, *calendar = NULL;
	struct cli_opt opts[] = {{"--threads", true, &threads}, {"--rates", false, &rates},
	                         {"--procedures", true, &procs}, {"--db-catalogue", false, &dbcat},
	                         {"--calendar", true, &calendar}, {0}};
	const char *file;
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	if (e != PX_OK)
		return px_exit_status(e);
	if (!format_given(argc, argv))
		c->format = REPORT_CSV;
	if (procs && dbcat) {
		cli_usage_error(c->usage, "--procedures và --db-catalogue loại trừ nhau | "
		                       "--procedures and --db-catalogue exclude each other");
		return 2;
	}
	struct dossier_opts o;
	if (!dossier_opts_arg(c, threads, calendar, &o))
		return 2;
	o.procedures = procs;
	o.db_catalogue = dbcat != NULL;
	if (o.db_catalogue)
		e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	if (c->tty) {
		c->app.progress = cli_progress;
		c->app.progress_ctx = c;
	}
	struct diags d;
	diags_init(&d);
	struct dossier_analysis a;
	e = app_dossier_analyze(&c->app, file, NULL, 0, &o, &d, &a);
	if (e != PX_OK) {
		int rc = report_failure(&d, e, false);
		diags_free(&d);
		return rc;
	}
	diags_print(&d, stderr); /* warnings */
	diags_free(&d);
	int rc = 0;
	if (c->format == REPORT_TABLE) {
		table_analysis(c, &a, rates != NULL);
	} else if (!write_analysis(&a, c->format, rates != NULL, stdout)) {
		fprintf(stderr, "parindex: lỗi ghi kết quả | cannot write the output\n");
		rc = 1;
	}
	dossier_analysis_free(&a);
	return rc;
}

/* ---- dossier import ---- */

static int import(struct cli *c, int argc, char **argv)
{
	const char *threads = NULL, *calendar = NULL;
	struct cli_opt opts[] = {{"--threads", true, &threads}, {"--calendar", true, &calendar}, {0}};
	const char *file;
	struct dossier_opts o;
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	if (e == PX_OK && !dossier_opts_arg(c, threads, calendar, &o))
		e = PX_USAGE;
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct dossier_import_summary sum;
	e = app_dossier_import(&c->app, file, NULL, 0, &o, &d, &sum);
	int rc;
	if (e == PX_OK) {
		diags_print(&d, stderr);
		printf("Đã nhập %ld hồ sơ: %ld mới, %ld thay thế; %ld đơn vị-tháng, %ld giá trị chỉ số "
		       "của %ld đơn vị được tính lại | imported %ld dossiers: %ld new, %ld replaced; "
		       "%ld unit-months, %ld metric values of %ld units recomputed\n",
		       sum.rows, sum.inserted, sum.replaced, sum.cells, sum.values, sum.units, sum.rows,
		       sum.inserted, sum.replaced, sum.cells, sum.values, sum.units);
		rc = 0;
	} else {
		rc = report_failure(&d, e, true);
	}
	diags_free(&d);
	return rc;
}

int cmd_dossier_import(struct cli *c, int argc, char **argv)
{
	return import(c, argc, argv);
}

/* ---- dossier late ---- */

int cmd_dossier_late(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *month = NULL, *calendar = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--month", CLI_NEEDED, &month},
	                         {"--calendar", true, &calendar}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	int32_t m;
	if (!dossier_month_parse(month, strlen(month), &m)) {
		cli_usage_error(c->usage, "--month cần dạng YYYY-MM | --month takes YYYY-MM");
		return 2;
	}
	e = cli_open_db(c);
	if (e != PX_OK)
		return px_exit_status(e);
	struct dossier_opts o = {0};
	o.calendar = calendar;
	struct diags d;
	diags_init(&d);
	struct late_dossier *v;
	size_t n;
	e = app_dossier_late(&c->app, unit, m, &o, &d, &v, &n);
	if (e == PX_NOTFOUND) {
		fprintf(stderr, "parindex: đơn vị \"%s\" không có hồ sơ nào | unit \"%s\" has no "
		                "dossiers\n", unit, unit);
		diags_free(&d);
		return 1;
	}
	if (e != PX_OK) {
		int rc = report_failure(&d, e, false);
		diags_free(&d);
		return rc;
	}
	diags_free(&d);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"dossier_code", "state", "procedure_code", "procedure_name", "received_at", "due_at",
		"finished_at", "working_days_late", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].code);
		report_text(r, v[i].state);
		report_text(r, v[i].procedure);
		report_text(r, v[i].procedure_name);
		report_text(r, v[i].received_at);
		report_text(r, v[i].due_at);
		report_text(r, *v[i].finished_at ? v[i].finished_at : NULL);
		report_int(r, v[i].working_days_late);
	}
	return px_exit_status(cli_print(c, r));
}

/* ---- procedures ---- */

int cmd_procedure_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_procedure_import, "thủ tục",
	                  "procedures");
}

int cmd_procedure_list(struct cli *c, int argc, char **argv)
{
	struct procedure *v;
	size_t n;
	enum px_err e = cli_open(c, argc, argv, NULL);
	if (e == PX_OK)
		e = cli_listed(c, app_procedure_list(&c->app, &v, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"code", "name", "processing_days", "online_kind", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].code);
		report_text(r, v[i].name);
		if (v[i].processing_days < 0)
			report_null(r);
		else
			report_int(r, v[i].processing_days);
		report_text(r, dossier_online_name(v[i].online_kind));
	}
	return px_exit_status(cli_print(c, r));
}

/* ---- calendar ---- */

int cmd_calendar(struct cli *c, int argc, char **argv)
{
	static const char *const weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const kinds[] = {"holiday", "compensatory", "working_day"};
	const char *year = NULL, *extra = NULL;
	struct cli_opt opts[] = {{"--year", true, &year}, {"--calendar", true, &extra}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	struct period p;
	if (!year || !period_parse(year, strlen(year), &p) || p.kind != PERIOD_YEAR ||
	    p.year > 9999) {
		cli_usage_error(c->usage, "--year cần một năm, ví dụ 2025 | --year takes a year, e.g. 2025");
		return 2;
	}
	struct diags d;
	diags_init(&d);
	struct calendar *cal;
	e = app_calendar_load(extra, &d, &cal);
	if (e != PX_OK) {
		int rc = report_failure(&d, e, false);
		diags_free(&d);
		return rc;
	}
	diags_free(&d);
	struct calendar_day days[128];
	size_t n = calendar_year(cal, p.year, days, 128);
	if (n > 128)
		n = 128;
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"date", "weekday", "kind", "occasion", "name_vi", "name_en", "source", NULL});
	for (size_t i = 0; i < n; i++) {
		char ds[11];
		date_format(days[i].day, ds);
		report_row(r);
		report_text(r, ds);
		report_text(r, weekdays[date_weekday(days[i].day)]);
		report_text(r, kinds[days[i].kind]);
		report_text(r, holiday_key(days[i].occasion));
		report_text(r, holiday_name_vi(days[i].occasion));
		report_text(r, holiday_name_en(days[i].occasion));
		report_text(r, days[i].source);
	}
	calendar_free(cal);
	return px_exit_status(cli_print(c, r));
}

/* ---- service-index ---- */

int cmd_service_index(struct cli *c, int argc, char **argv)
{
	const char *year = NULL, *period = NULL, *rules = NULL;
	struct cli_opt opts[] = {{"--year", true, &year}, {"--period", true, &period},
	                         {"--rules", true, &rules}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	const char *ps = year ? year : period;
	struct period p;
	if (!ps || (year && period) || !period_parse(ps, strlen(ps), &p) ||
	    (year && p.kind != PERIOD_YEAR)) {
		cli_usage_error(c->usage, "cần --year Y hoặc --period P (2025, 2025-Q2, 2025-06) | "
		                       "--year Y or --period P (2025, 2025-Q2, 2025-06) is needed");
		return 2;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct service_index si;
	e = app_service_index(&c->app, p, rules, &d, &si);
	if (e != PX_OK) {
		int rc = report_failure(&d, e, true);
		diags_free(&d);
		return rc;
	}
	diags_print(&d, stderr);
	diags_free(&d);
	const char *cols[2 + SERVICE_GROUPS + 5];
	int k = 0;
	cols[k++] = "unit_code";
	for (int g = 0; g < SERVICE_GROUPS; g++)
		cols[k++] = si.groups[g].code;
	cols[k++] = "points";
	cols[k++] = "max_points";
	cols[k++] = "index";
	cols[k++] = "missing";
	cols[k] = NULL;
	struct report *r = report_new(c->app.arena, cols);
	for (size_t i = 0; i < si.n; i++) {
		const struct service_index_row *x = &si.rows[i];
		report_row(r);
		report_text(r, x->unit);
		for (int g = 0; g < SERVICE_GROUPS; g++) {
			if (x->group_known[g])
				report_num(r, x->group_points[g], 2);
			else
				report_null(r);
		}
		report_num(r, x->points, 2);
		report_num(r, x->max_points, 2);
		if (x->max_points > 0)
			report_num(r, x->index, 2);
		else
			report_null(r);
		report_text(r, x->missing);
	}
	return px_exit_status(cli_print(c, r));
}
