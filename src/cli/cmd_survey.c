/* Surveys from the command line (docs/formats/surveys.md, a public
 * contract): survey instrument import/list, survey open/close/reopen/list,
 * survey import, survey results (its CSV columns are the contract),
 * survey progress and survey codes. The command line acts as an
 * administrator of the database it opens. */
#include "cli/cli.h"
#include "app/survey.h"
#include "base/arena.h"
#include "base/str.h"
#include "io/doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file (at most SURVEY_FILE_MAX + 1 bytes) into the arena. */
static enum px_err slurp(struct cli *c, const char *path, char **data, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "%s: không mở được tệp: %s | cannot open the file: %s\n", path,
		        strerror(errno), strerror(errno));
		return PX_FAIL;
	}
	size_t cap = 4096 + (size_t)4 * 1024 * 1024;
	char *buf = arena_alloc(c->app.arena, cap + 1);
	*len = fread(buf, 1, cap, fp);
	bool err = ferror(fp);
	fclose(fp);
	if (err) {
		fprintf(stderr, "%s: lỗi đọc tệp | error reading the file\n", path);
		return PX_FAIL;
	}
	buf[*len] = 0;
	*data = buf;
	return PX_OK;
}

int cmd_survey_instrument_import(struct cli *c, int argc, char **argv)
{
	const char *file;
	struct cli_opt opts[] = {{0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	char *data;
	size_t len;
	e = slurp(c, file, &data, &len);
	if (e != PX_OK) {
		diags_free(&d);
		return px_exit_status(e);
	}
	struct actor who = cli_actor(c);
	bool is_new;
	const char *code;
	e = app_survey_instrument_import(&c->app, &who, file, data, len, &d, &is_new, &code);
	if (d.n)
		diags_print(&d, stderr);
	if (e == PX_OK)
		printf("Đã nhập bảng hỏi %s (%s) | imported instrument %s (%s)\n", code,
		       is_new ? "mới" : "cập nhật", code, is_new ? "new" : "updated");
	diags_free(&d);
	return px_exit_status(e == PX_DENIED ? PX_USAGE : e);
}

int cmd_survey_instrument_list(struct cli *c, int argc, char **argv)
{
	struct cli_opt opts[] = {{0}};
	enum px_err e = cli_open(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	struct survey_instrument_rec *v;
	size_t n;
	e = cli_listed(c, app_survey_instruments(&c->app, &v, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"instrument", "title", "campaigns", "imported_at", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].code);
		report_text(r, v[i].title);
		report_int(r, v[i].campaigns);
		report_text(r, v[i].imported_at);
	}
	return px_exit_status(cli_print(c, r));
}

int cmd_survey_open(struct cli *c, int argc, char **argv)
{
	struct survey_open_args a = {0};
	const char *codes = NULL;
	struct cli_opt opts[] = {{"--instrument", CLI_NEEDED, &a.instrument},
	                         {"--campaign", CLI_NEEDED, &a.campaign},
	                         {"--period", CLI_NEEDED, &a.period}, {"--units", true, &a.units_file},
	                         {"--group", true, &a.group}, {"--codes", true, &codes}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK && codes) {
		char *end;
		errno = 0;
		a.codes = strtol(codes, &end, 10);
		if (errno || end == codes || *end || a.codes < 0) {
			cli_usage_error(c->usage, "--codes: cần số nguyên không âm | a whole number >= 0 is needed");
			e = PX_USAGE;
		}
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_survey_open(&c->app, &who, &a, &d);
	if (e == PX_OK)
		printf("Đã mở đợt khảo sát %s (%s, kỳ %s): %zu đơn vị | opened campaign %s (%s, period "
		       "%s): %zu units\n", a.campaign, a.instrument, a.period, a.nunits, a.campaign,
		       a.instrument, a.period, a.nunits);
	return cli_finish(&d, e);
}

static int state_change(struct cli *c, int argc, char **argv, bool close)
{
	const char *campaign = NULL;
	struct cli_opt opts[] = {{"--campaign", CLI_NEEDED, &campaign}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = close ? app_survey_close(&c->app, &who, campaign, &d)
	          : app_survey_reopen(&c->app, &who, campaign, &d);
	if (e == PX_OK)
		printf(close ? "Đã đóng đợt khảo sát %s | closed campaign %s\n"
		             : "Đã mở lại đợt khảo sát %s | reopened campaign %s\n", campaign, campaign);
	return cli_finish(&d, e);
}

int cmd_survey_close(struct cli *c, int argc, char **argv)
{
	return state_change(c, argc, argv, true);
}

int cmd_survey_reopen(struct cli *c, int argc, char **argv)
{
	return state_change(c, argc, argv, false);
}

int cmd_survey_list(struct cli *c, int argc, char **argv)
{
	struct cli_opt opts[] = {{0}};
	enum px_err e = cli_open(c, argc, argv, opts);
	if (e != PX_OK)
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct survey_campaign_rec *v;
	size_t n;
	e = cli_listed(c, app_survey_list(&c->app, &who, &v, &n));
	if (e != PX_OK)
		return px_exit_status(e);
	struct report *r = app_survey_campaigns_table(c->app.arena, v, n);
	return px_exit_status(cli_print(c, r));
}

int cmd_survey_import(struct cli *c, int argc, char **argv)
{
	const char *file, *campaign = NULL;
	struct cli_opt opts[] = {{"--campaign", CLI_NEEDED, &campaign}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct import_summary sum;
	e = app_survey_import(&c->app, &who, campaign, file, NULL, 0, &d, &sum);
	if (e == PX_OK) {
		if (d.n)
			diags_print(&d, stderr);
		printf("Đã nhập %ld phiếu trả lời vào %s | imported %ld responses into %s\n",
		       sum.inserted, campaign, sum.inserted, campaign);
	}
	return cli_finish(&d, e);
}

int cmd_survey_results(struct cli *c, int argc, char **argv)
{
	const char *campaign = NULL, *margins = NULL;
	struct cli_opt opts[] = {{"--campaign", CLI_NEEDED, &campaign}, {"--margins", true, &margins},
	                         {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct survey_results_view v;
	e = app_survey_results(&c->app, &who, campaign, margins, NULL, 0, &v, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = app_survey_results_table(c->app.arena, &v);
	if (d.n)
		diags_print(&d, stderr);
	return cli_finish(&d, cli_print(c, r));
}

int cmd_survey_progress(struct cli *c, int argc, char **argv)
{
	const char *campaign = NULL;
	struct cli_opt opts[] = {{"--campaign", CLI_NEEDED, &campaign}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct survey_unit_rec *v;
	size_t n;
	e = app_survey_units(&c->app, &who, campaign, &v, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"unit_code", "responses", "quota", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].unit);
		report_int(r, v[i].responses);
		if (v[i].has_quota)
			report_int(r, v[i].quota);
		else
			report_null(r);
	}
	return cli_finish(&d, cli_print(c, r));
}

int cmd_survey_codes(struct cli *c, int argc, char **argv)
{
	const char *campaign = NULL, *unit = NULL;
	struct cli_opt opts[] = {{"--campaign", CLI_NEEDED, &campaign}, {"--unit", true, &unit}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct survey_code_rec *v;
	size_t n;
	e = app_survey_codes(&c->app, &who, campaign, unit, &v, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"unit_code", "code", "used_at", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].unit);
		report_text(r, v[i].code);
		report_text(r, v[i].used_at);
	}
	return cli_finish(&d, cli_print(c, r));
}

int cmd_survey_report(struct cli *c, int argc, char **argv)
{
	const char *campaign = NULL, *out = NULL, *lang = NULL;
	struct cli_opt opts[] = {{"--campaign", CLI_NEEDED, &campaign}, {"--out", CLI_NEEDED, &out},
	                         {"--lang", true, &lang}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	enum doc_format f = DOC_XLSX;
	if (e == PX_OK && !doc_format_from_name(out, &f)) {
		cli_usage_error(c->usage, "--out: cần tệp .xlsx hoặc .pdf | a .xlsx or .pdf file is needed");
		e = PX_USAGE;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct doc *doc;
	e = app_survey_report(&c->app, &who, campaign, lang, &doc, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct str bytes;
	str_init(&bytes, 0);
	e = doc_render(doc, f, &bytes);
	FILE *fp = e == PX_OK ? fopen(out, "wb") : NULL;
	if (e == PX_OK && (!fp || fwrite(str_cstr(&bytes), 1, bytes.len, fp) != bytes.len))
		e = PX_FAIL;
	if (fp && fclose(fp))
		e = PX_FAIL;
	str_free(&bytes);
	if (e != PX_OK)
		diag_err(&d, out, 0, 0, "không ghi được tệp", "cannot write the file");
	else
		printf("Đã ghi %s | wrote %s\n", out, out);
	return cli_finish(&d, e);
}
