/* The emulation movement from the command line (shared/formats/emulation.md,
 * a public contract): emulation rules import, initiative import, award
 * import, emulation propose, vote, decide and awards. The columns of
 * `emulation propose` and `emulation awards` are compared outside the
 * project with an independent computation: keep them. */
#include "cli/cli.h"
#include "app/emulation.h"
#include "base/arena.h"
#include "base/datetime.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int finish_import(struct diags *d, enum px_err e)
{
	if (e != PX_OK)
		cli_report_diags(d, e);
	diags_free(d);
	return px_exit_status(e == PX_DENIED ? PX_USAGE : e);
}

int cmd_emu_rules_import(struct cli *c, int argc, char **argv)
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
	struct emu_rules r;
	bool is_new = false;
	e = app_emu_rules_import(&c->app, file, body.len ? body.buf : "", body.len, &d, &r, &is_new);
	str_free(&body);
	if (e == PX_OK)
		printf("Đã nhập bộ quy tắc thi đua %s (%s): %zu danh hiệu, lương cơ sở %ld đồng | "
		       "imported emulation rule set %s (%s): %zu titles, base salary %ld VND\n", r.code,
		       is_new ? "mới" : "cập nhật", r.ntitles, r.base_salary, r.code,
		       is_new ? "new" : "updated", r.ntitles, r.base_salary);
	return finish_import(&d, e);
}

int cmd_initiative_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_emu_initiative_import, "sáng kiến", "initiatives");
}

int cmd_award_import(struct cli *c, int argc, char **argv)
{
	return cli_import(c, argc, argv, app_emu_award_import, "khen thưởng các năm trước",
	                  "past awards");
}

static bool year_arg(struct cli *c, enum px_err *e, const char *s, long *year)
{
	char *end = NULL;
	*year = s ? strtol(s, &end, 10) : 0;
	if (*e == PX_OK && (!end || *end || *year < 2000 || *year > 2100)) {
		cli_usage_error(c->usage, "--year: năm không hợp lệ \"%s\" | invalid year \"%s\"", s, s);
		*e = PX_USAGE;
		return false;
	}
	return true;
}

static bool long_arg(struct cli *c, enum px_err *e, const char *name, const char *s, long *v)
{
	char *end = NULL;
	*v = s ? strtol(s, &end, 10) : 0;
	if (*e == PX_OK && (!end || end == s || *end)) {
		cli_usage_error(c->usage, "%s: cần một số nguyên \"%s\" | an integer is needed \"%s\"",
		                name, s, s);
		*e = PX_USAGE;
		return false;
	}
	return true;
}

int cmd_emu_propose(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *year_s = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year;
	year_arg(c, &e, year_s, &year);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct emu_proposal_view v;
	e = app_emu_propose(&c->app, &who, (int)year, unit, &v, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"candidate", "kind", "title", "eligible", "reason", NULL});
	for (size_t i = 0; i < v.n; i++) {
		report_row(r);
		report_text(r, v.rows[i].candidate);
		report_text(r, v.rows[i].kind);
		report_text(r, v.rules.titles[v.rows[i].title].code);
		report_text(r, v.rows[i].check.eligible ? "yes" : "no");
		report_text(r, v.rows[i].check.reason);
	}
	return cli_finish(&d, cli_print(c, r));
}

/* --members is the council's size when the candidate's unit has a
 * council (then it may be left out); --present and --written (absent
 * members voting in writing) are checked against its quorum. */
int cmd_emu_vote(struct cli *c, int argc, char **argv)
{
	const char *year_s = NULL, *title = NULL, *cand = NULL, *yes_s = NULL, *mem_s = NULL,
	           *pres_s = NULL, *wr_s = NULL;
	struct cli_opt opts[] = {{"--year", CLI_NEEDED, &year_s}, {"--title", CLI_NEEDED, &title},
	                         {"--candidate", CLI_NEEDED, &cand}, {"--yes", CLI_NEEDED, &yes_s},
	                         {"--members", true, &mem_s}, {"--present", true, &pres_s},
	                         {"--written", true, &wr_s}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year;
	struct emu_ballot b = {0, -1, -1, -1};
	year_arg(c, &e, year_s, &year);
	long_arg(c, &e, "--yes", yes_s, &b.yes);
	if (mem_s)
		long_arg(c, &e, "--members", mem_s, &b.members);
	if (pres_s)
		long_arg(c, &e, "--present", pres_s, &b.present);
	if (wr_s)
		long_arg(c, &e, "--written", wr_s, &b.written);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_emu_vote_ballot(&c->app, &who, (int)year, title, cand, &b, &d);
	if (e == PX_OK)
		printf("Biểu quyết đạt: %s, danh hiệu %s năm %ld, %ld phiếu đồng ý | vote passed: "
		       "%s, title %s for %ld, %ld yes\n", cand, title, year, b.yes, cand, title, year,
		       b.yes);
	return cli_finish(&d, e);
}

int cmd_emu_decide(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *year_s = NULL, *number = NULL, *date_s = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s},
	                         {"--number", CLI_NEEDED, &number}, {"--date", CLI_NEEDED, &date_s},
	                         {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year;
	year_arg(c, &e, year_s, &year);
	int32_t date = 0;
	if (e == PX_OK)
		e = cli_date_arg(date_s, "--date", &date);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct emu_award_view v;
	e = app_emu_decide(&c->app, &who, (int)year, unit, number, date, &v, &d);
	if (e == PX_OK) {
		char ds[11];
		date_format(date, ds);
		printf("Quyết định %s ngày %s: %zu danh hiệu, tổng tiền thưởng %ld đồng | decision %s "
		       "of %s: %zu titles, total cash %ld VND\n", number, ds, v.n, v.total_cash, number,
		       ds, v.n, v.total_cash);
	}
	return cli_finish(&d, e);
}

int cmd_emu_awards(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *year_s = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {"--year", CLI_NEEDED, &year_s}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year;
	year_arg(c, &e, year_s, &year);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct emu_award_view v;
	e = app_emu_awards(&c->app, &who, (int)year, unit, &v, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"candidate", "title", "decision", "date", "cash", NULL});
	for (size_t i = 0; i < v.n; i++) {
		report_row(r);
		report_text(r, v.rows[i].candidate);
		report_text(r, v.rows[i].title);
		report_text(r, v.rows[i].decision);
		report_text(r, v.rows[i].date);
		report_int(r, v.rows[i].cash);
	}
	return cli_finish(&d, cli_print(c, r));
}

static int movement(struct cli *c, int argc, char **argv, const char *verb)
{
	const char *unit = NULL, *year_s = NULL, *title = NULL, *targets = NULL, *deadline = NULL,
	           *cand = NULL, *commitment = NULL;
	struct cli_opt launch_opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s},
	                                {"--title", CLI_NEEDED, &title}, {"--targets", true, &targets},
	                                {"--deadline", CLI_NEEDED, &deadline}, {0}};
	struct cli_opt reg_opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s},
	                             {"--candidate", CLI_NEEDED, &cand},
	                             {"--commitment", true, &commitment}, {0}};
	struct cli_opt close_opts[] = {{"--unit", CLI_NEEDED, &unit},
	                               {"--year", CLI_NEEDED, &year_s}, {0}};
	enum px_err e = cli_options(c, argc, argv,
	                            !strcmp(verb, "launch") ? launch_opts
	                            : !strcmp(verb, "register") ? reg_opts : close_opts);
	long year;
	year_arg(c, &e, year_s, &year);
	struct emu_movement_args a = {title, targets, cand, commitment, DATE_MAX};
	if (e == PX_OK && deadline)
		e = cli_date_arg(deadline, "--deadline", &a.deadline);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_emu_movement(&c->app, &who, verb, unit, (int)year, &a, &d);
	if (e == PX_OK) {
		if (!strcmp(verb, "launch"))
			printf("Đã phát động phong trào thi đua %s năm %ld | launched the emulation movement "
			       "of %s for %ld\n", unit, year, unit, year);
		else if (!strcmp(verb, "register"))
			printf("%s đã đăng ký thi đua (%s, %ld) | %s registered (%s, %ld)\n", cand, unit,
			       year, cand, unit, year);
		else
			printf("Đã đóng đăng ký thi đua %s năm %ld | closed the registration of %s for %ld\n",
			       unit, year, unit, year);
	}
	return cli_finish(&d, e);
}

int cmd_emu_launch(struct cli *c, int argc, char **argv)
{
	return movement(c, argc, argv, "launch");
}

int cmd_emu_register(struct cli *c, int argc, char **argv)
{
	return movement(c, argc, argv, "register");
}

int cmd_emu_close(struct cli *c, int argc, char **argv)
{
	return movement(c, argc, argv, "close");
}

/* ---- the council (app/emulation_council.c) -------------------------------- */

int cmd_emu_council_set(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *year_s = NULL, *quorum_s = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s},
	                         {"--quorum", CLI_NEEDED, &quorum_s}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year, quorum = 0;
	year_arg(c, &e, year_s, &year);
	if (e == PX_OK && !emu_share_parse(quorum_s, &quorum)) {
		cli_usage_error(c->usage, "--quorum: cần một tỷ lệ từ 0 đến 1 (ví dụ 0,5) \"%s\" | "
		                "a share from 0 to 1 is needed (e.g. 0.5) \"%s\"", quorum_s, quorum_s);
		e = PX_USAGE;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_emu_council_set(&c->app, &who, unit, (int)year, quorum, &d);
	if (e == PX_OK) {
		char q[32];
		emu_ppm_format(quorum, q, sizeof q);
		printf("Hội đồng thi đua %s năm %ld: túc số %s | emulation council of %s for %ld: "
		       "quorum %s\n", unit, year, q, unit, year, q);
	}
	return cli_finish(&d, e);
}

static int member(struct cli *c, int argc, char **argv, bool add)
{
	const char *unit = NULL, *year_s = NULL, *login = NULL, *position = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s},
	                         {"--login", CLI_NEEDED, &login}, {"--position", true, &position},
	                         {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year;
	year_arg(c, &e, year_s, &year);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = add ? app_emu_member_add(&c->app, &who, unit, (int)year, login, position, &d)
	        : app_emu_member_remove(&c->app, &who, unit, (int)year, login, &d);
	if (e == PX_OK)
		printf(add ? "%s là thành viên hội đồng thi đua %s năm %ld | %s is a member of the "
		             "emulation council of %s for %ld\n"
		           : "%s không còn là thành viên hội đồng thi đua %s năm %ld | %s is no longer "
		             "a member of the emulation council of %s for %ld\n",
		       login, unit, year, login, unit, year);
	return cli_finish(&d, e);
}

int cmd_emu_member_add(struct cli *c, int argc, char **argv)
{
	return member(c, argc, argv, true);
}

int cmd_emu_member_remove(struct cli *c, int argc, char **argv)
{
	return member(c, argc, argv, false);
}

int cmd_emu_council_show(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *year_s = NULL;
	struct cli_opt opts[] = {{"--unit", CLI_NEEDED, &unit}, {"--year", CLI_NEEDED, &year_s}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	long year;
	year_arg(c, &e, year_s, &year);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct emu_council_view v;
	e = app_emu_council(&c->app, &who, unit, (int)year, &v, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	char q[32];
	emu_ppm_format(v.council.quorum_ppm, q, sizeof q);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"login", "name", "position", "quorum", NULL});
	for (size_t i = 0; i < v.n; i++) {
		report_row(r);
		report_text(r, v.members[i].login);
		report_text(r, v.members[i].name);
		report_text(r, v.members[i].position);
		report_text(r, q);
	}
	return cli_finish(&d, cli_print(c, r));
}

/* ---- models (app/emulation_models.c) ----------------------------------------- */

int cmd_emu_model_recognise(struct cli *c, int argc, char **argv)
{
	const char *from = NULL;
	struct emu_model_args a = {0};
	struct cli_opt opts[] = {{"--code", CLI_NEEDED, &a.code}, {"--unit", CLI_NEEDED, &a.unit},
	                         {"--title", true, &a.title}, {"--description", true, &a.description},
	                         {"--level", CLI_NEEDED, &a.level},
	                         {"--decision", CLI_NEEDED, &a.decision},
	                         {"--from-finding", true, &from}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (from)
		long_arg(c, &e, "--from-finding", from, &a.from_finding);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_emu_model_recognise(&c->app, &who, &a, &d);
	if (e == PX_OK)
		printf("Đã công nhận mô hình %s (%s) | recognised model %s (%s)\n", a.code, a.unit, a.code,
		       a.unit);
	return cli_finish(&d, e);
}

int cmd_emu_model_list(struct cli *c, int argc, char **argv)
{
	struct cli_opt opts[] = {{0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct emu_model_rec *m;
	const char **names;
	size_t n;
	e = app_emu_models(&c->app, &m, &names, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"code", "unit", "title", "level", "decision", "inspection", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, m[i].code);
		report_text(r, m[i].unit);
		report_text(r, m[i].title);
		report_text(r, m[i].level);
		report_text(r, m[i].decision);
		report_text(r, m[i].source_inspection ? m[i].source_inspection : "");
	}
	return cli_finish(&d, cli_print(c, r));
}
