/* PAR inspections from the command line (formats/inspections.md, a public
 * contract): inspection import/list/show/start/check/finding/recommend/
 * conclude/close and recommendation report/verify/list. The command line
 * acts as an administrator of the database it opens; --as LOGIN acts with
 * that user's grants instead (the same rules as their pages), which is
 * how the rules of who may do what are tested from here. */
#include "cli/cli.h"
#include "app/access.h"
#include "app/cycle.h"
#include "app/inspection.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/str.h"
#include "store/repo_user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The actor: --as LOGIN's grants, or the command line's administrator. */
static enum px_err actor_as(struct cli *c, const char *login, struct actor *who)
{
	*who = cli_actor(c);
	if (!login)
		return PX_OK;
	struct user_rec u;
	if (repo_user_get(c->app.db, c->app.arena, login, &u, NULL) != PX_OK) {
		fprintf(stderr, "parindex: không có người dùng \"%s\" | no user \"%s\"\n", login, login);
		return PX_NOTFOUND;
	}
	app_actor_of(&c->app, &u, who);
	c->app.actor = u.login;
	return PX_OK;
}

/* Opens the database and the actor after the options parsed (*e); false
 * when something failed (*rc the exit status). */
static bool ready(struct cli *c, enum px_err *e, struct diags *d, const char *as,
                  struct actor *who, int *rc)
{
	if (!cli_ready(c, e, d)) {
		*rc = px_exit_status(*e);
		return false;
	}
	*e = actor_as(c, as, who);
	if (*e != PX_OK) {
		diags_free(d);
		*rc = px_exit_status(*e);
		return false;
	}
	return true;
}

static enum px_err slurp(const char *path, struct arena *a, struct insp_file *f)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "parindex: không mở được %s | cannot open %s\n", path, path);
		return PX_FAIL;
	}
	struct str s;
	str_init(&s, 0);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0 && s.len < ((size_t)256 << 20))
		str_add(&s, buf, got);
	fclose(fp);
	char *copy = arena_alloc(a, s.len ? s.len : 1);
	memcpy(copy, str_cstr(&s), s.len);
	const char *slash = strrchr(path, '/');
	*f = (struct insp_file){slash ? slash + 1 : path, copy, s.len};
	str_free(&s);
	return PX_OK;
}

int cmd_inspection_import(struct cli *c, int argc, char **argv)
{
	const char *file, *as = NULL;
	struct cli_opt opts[] = {{"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &file, CLI_NEED_FILE);
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	struct import_summary sum;
	e = app_inspection_import_as(&c->app, &who, file, NULL, 0, &d, &sum);
	if (e == PX_OK)
		printf("Đã nhập %ld đợt kiểm tra (%ld mới) | imported %ld inspections (%ld new)\n",
		       sum.inserted + sum.updated, sum.inserted, sum.inserted + sum.updated,
		       sum.inserted);
	return cli_finish(&d, e);
}

int cmd_inspection_list(struct cli *c, int argc, char **argv)
{
	const char *year_s = NULL, *unit = NULL, *as = NULL;
	struct cli_opt opts[] = {{"--year", true, &year_s}, {"--unit", true, &unit},
	                         {"--as", true, &as}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year = 0;
	if (e == PX_OK && year_s) {
		char *end;
		year = strtol(year_s, &end, 10);
		if (*end || year < 2000 || year > 2100) {
			cli_usage_error(c->usage, "--year: năm không hợp lệ \"%s\" | invalid year \"%s\"",
			                year_s, year_s);
			e = PX_USAGE;
		}
	}
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	struct insp_rec *v;
	size_t n;
	e = app_inspection_list(&c->app, &who, (int)year, unit, &v, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"inspection_code", "year", "unit_code", "kind", "planned_from", "planned_to", "lead",
		"members", "state", "started_at", "conclusion", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].code);
		report_int(r, v[i].year);
		report_text(r, v[i].unit);
		report_text(r, v[i].kind);
		report_text(r, v[i].planned_from);
		report_text(r, v[i].planned_to);
		report_text(r, v[i].lead);
		report_text(r, *v[i].members ? v[i].members : NULL);
		report_text(r, v[i].state);
		report_text(r, v[i].started_at);
		report_text(r, v[i].concl_number);
	}
	return cli_finish(&d, cli_print(c, r));
}

int cmd_inspection_show(struct cli *c, int argc, char **argv)
{
	const char *code, *as = NULL;
	struct cli_opt opts[] = {{"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &code,
	                            "cần mã đợt kiểm tra | an inspection code is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	struct insp_view v;
	e = app_inspection_view(&c->app, &who, code, &v, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	const char *verbs[8];
	size_t nv = app_inspection_allowed(&c->app, &who, code, verbs, 8);
	if (c->format == REPORT_JSON) {
		struct str s;
		str_init(&s, 0);
		app_inspection_json(&v, verbs, nv, &s);
		str_addc(&s, '\n');
		fputs(str_cstr(&s), stdout);
		str_free(&s);
		return cli_finish(&d, PX_OK);
	}
	if (c->format == REPORT_TABLE)
		printf("%s — %s, %s, %s (%s..%s)\n", v.insp.code, v.insp.unit, v.insp.kind, v.insp.state,
		       v.insp.planned_from, v.insp.planned_to);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"section", "n", "kind", "text", "result", "note", "unit_code", "due", "state", NULL});
	for (size_t k = 0; k < v.nitems; k++) {
		report_row(r);
		report_text(r, v.items[k].recheck_rec ? "recheck" : "item");
		report_text(r, v.items[k].item);
		report_null(r);
		report_text(r, v.items[k].text);
		report_text(r, v.items[k].result);
		report_text(r, *v.items[k].note ? v.items[k].note : NULL);
		report_null(r);
		report_null(r);
		report_null(r);
	}
	for (size_t k = 0; k < v.nfindings; k++) {
		report_row(r);
		report_text(r, "finding");
		report_int(r, v.findings[k].n);
		report_text(r, v.findings[k].kind);
		report_text(r, v.findings[k].text);
		report_null(r);
		report_text(r, v.findings[k].criterion);
		report_text(r, v.findings[k].area);
		report_null(r);
		report_null(r);
	}
	for (size_t k = 0; k < v.nrecos; k++) {
		report_row(r);
		report_text(r, "recommendation");
		report_int(r, v.recos[k].id);
		report_null(r);
		report_text(r, v.recos[k].text);
		report_null(r);
		report_text(r, v.recos[k].reject_reason);
		report_text(r, v.recos[k].unit);
		report_text(r, v.recos[k].due);
		report_text(r, v.recos[k].state);
	}
	return cli_finish(&d, cli_print(c, r));
}

/* The shape of every inspection verb: CODE, options, --as, one app call. */
static int verb_done(struct diags *d, enum px_err e, const char *vi, const char *en,
                     const char *code)
{
	if (e == PX_OK)
		printf("%s %s | %s %s\n", vi, code, en, code);
	return cli_finish(d, e);
}

int cmd_inspection_start(struct cli *c, int argc, char **argv)
{
	const char *code, *as = NULL;
	struct cli_opt opts[] = {{"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &code,
	                            "cần mã đợt kiểm tra | an inspection code is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	return verb_done(&d, app_inspection_start(&c->app, &who, code, &d), "Đã bắt đầu kiểm tra",
	                 "started", code);
}

int cmd_inspection_close(struct cli *c, int argc, char **argv)
{
	const char *code, *as = NULL;
	struct cli_opt opts[] = {{"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &code,
	                            "cần mã đợt kiểm tra | an inspection code is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	return verb_done(&d, app_inspection_close(&c->app, &who, code, &d), "Đã đóng đợt kiểm tra",
	                 "closed", code);
}

int cmd_inspection_check(struct cli *c, int argc, char **argv)
{
	const char *code, *as = NULL, *photo = NULL;
	struct insp_check_args a = {0};
	struct cli_opt opts[] = {{"--item", CLI_NEEDED, &a.item}, {"--result", CLI_NEEDED, &a.result},
	                         {"--note", true, &a.note}, {"--photo", true, &photo},
	                         {"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &code,
	                            "cần mã đợt kiểm tra | an inspection code is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	struct insp_file f;
	if (photo) {
		if (slurp(photo, c->app.arena, &f) != PX_OK) {
			diags_free(&d);
			return px_exit_status(PX_FAIL);
		}
		a.files = &f;
		a.nfiles = 1;
	}
	e = app_inspection_check(&c->app, &who, code, &a, &d);
	if (e == PX_OK)
		printf("Đã ghi mục %s: %s | recorded item %s: %s\n", a.item, a.result, a.item, a.result);
	return cli_finish(&d, e);
}

int cmd_inspection_finding(struct cli *c, int argc, char **argv)
{
	const char *code, *as = NULL;
	struct insp_finding_args a = {0};
	struct cli_opt opts[] = {{"--kind", CLI_NEEDED, &a.kind}, {"--area", CLI_NEEDED, &a.area},
	                         {"--text", CLI_NEEDED, &a.text}, {"--criterion", true, &a.criterion},
	                         {"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &code,
	                            "cần mã đợt kiểm tra | an inspection code is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	e = app_inspection_finding(&c->app, &who, code, &a, &d);
	if (e == PX_OK)
		printf("Đã ghi phát hiện %ld | recorded finding %ld\n", a.n, a.n);
	return cli_finish(&d, e);
}

int cmd_inspection_recommend(struct cli *c, int argc, char **argv)
{
	const char *code, *as = NULL;
	struct insp_recommend_args a = {0};
	struct cli_opt opts[] = {{"--finding", CLI_NEEDED, &a.finding}, {"--text", CLI_NEEDED, &a.text},
	                         {"--due", CLI_NEEDED, &a.due}, {"--unit", true, &a.unit},
	                         {"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &code,
	                            "cần mã đợt kiểm tra | an inspection code is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	e = app_inspection_recommend(&c->app, &who, code, &a, &d);
	if (e == PX_OK)
		printf("Đã ghi kiến nghị %lld | recorded recommendation %lld\n", (long long)a.id,
		       (long long)a.id);
	return cli_finish(&d, e);
}

int cmd_inspection_conclude(struct cli *c, int argc, char **argv)
{
	const char *code, *as = NULL;
	struct insp_conclude_args a = {0};
	struct cli_opt opts[] = {{"--number", CLI_NEEDED, &a.number}, {"--date", CLI_NEEDED, &a.date},
	                         {"--summary", true, &a.summary}, {"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &code,
	                            "cần mã đợt kiểm tra | an inspection code is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	return verb_done(&d, app_inspection_conclude(&c->app, &who, code, &a, &d),
	                 "Đã ban hành kết luận kiểm tra", "concluded", code);
}

int cmd_reco_report(struct cli *c, int argc, char **argv)
{
	const char *id, *as = NULL, *file = NULL;
	struct reco_report_args a = {0};
	struct cli_opt opts[] = {{"--date", CLI_NEEDED, &a.date}, {"--note", CLI_NEEDED, &a.note},
	                         {"--file", true, &file}, {"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &id,
	                            "cần số kiến nghị | a recommendation id is needed");
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	struct insp_file f;
	if (file) {
		if (slurp(file, c->app.arena, &f) != PX_OK) {
			diags_free(&d);
			return px_exit_status(PX_FAIL);
		}
		a.files = &f;
		a.nfiles = 1;
	}
	return verb_done(&d, app_reco_report(&c->app, &who, id, &a, &d),
	                 "Đã báo cáo khắc phục kiến nghị", "reported the remediation of", id);
}

int cmd_reco_verify(struct cli *c, int argc, char **argv)
{
	const char *id, *as = NULL, *accept = NULL, *reject = NULL;
	struct reco_verify_args a = {0};
	struct cli_opt opts[] = {{"--accept", false, &accept}, {"--reject", false, &reject},
	                         {"--reason", true, &a.reason}, {"--as", true, &as}, {0}};
	enum px_err e = cli_one_arg(c, argc, argv, opts, &id,
	                            "cần số kiến nghị | a recommendation id is needed");
	if (e == PX_OK && !accept == !reject) {
		cli_usage_error(c->usage, "cần đúng một trong --accept, --reject | "
		                          "exactly one of --accept, --reject is needed");
		e = PX_USAGE;
	}
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	e = app_reco_verify(&c->app, &who, id, accept != NULL, &a, &d);
	return verb_done(&d, e, accept ? "Đã xác nhận khắc phục kiến nghị" : "Đã trả lại kiến nghị",
	                 accept ? "accepted recommendation" : "rejected recommendation", id);
}

int cmd_reco_list(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *state = NULL, *asof_s = NULL, *as = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {"--state", true, &state},
	                         {"--as-of", true, &asof_s}, {"--as", true, &as}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	int32_t asof = app_today();
	if (e == PX_OK && asof_s && !date_parse(asof_s, strlen(asof_s), &asof)) {
		cli_usage_error(c->usage, "--as-of: ngày không hợp lệ \"%s\", cần YYYY-MM-DD | "
		                          "invalid date \"%s\", expected YYYY-MM-DD", asof_s, asof_s);
		e = PX_USAGE;
	}
	struct diags d;
	struct actor who;
	int rc;
	if (!ready(c, &e, &d, as, &who, &rc))
		return rc;
	struct reco_row *v;
	size_t n;
	e = app_reco_list(&c->app, &who, unit, state, asof, &v, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"id", "inspection_code", "inspected_unit", "unit_code", "text", "due", "state",
		"overdue", "days_late", "report_date", "verified_on", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_int(r, v[i].r->id);
		report_text(r, v[i].r->inspection);
		report_text(r, v[i].inspected_unit);
		report_text(r, v[i].r->unit);
		report_text(r, v[i].r->text);
		report_text(r, v[i].r->due);
		report_text(r, v[i].r->state);
		report_text(r, v[i].overdue ? "yes" : "no");
		if (v[i].overdue)
			report_int(r, v[i].days_late);
		else
			report_null(r);
		report_text(r, v[i].r->report_date);
		report_text(r, v[i].r->verified_on);
	}
	return cli_finish(&d, cli_print(c, r));
}
