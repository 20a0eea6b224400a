/* The office's cycle commands: cycle open/extend/status/advance and
 * appraiser assign. The command line acts as an administrator of the
 * database it opens (the operator has the file). */
#include "cli/cli.h"
#include "app/cycle.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum px_err date_opt(const char *usage, const char *name, const char *v, int32_t *out)
{
	*out = DATE_MAX;
	if (!v)
		return PX_OK;
	if (!date_parse(v, strlen(v), out)) {
		cli_usage_error(usage, "%s: ngày không hợp lệ \"%s\" | invalid date \"%s\"", name, v, v);
		return PX_USAGE;
	}
	return PX_OK;
}


int cmd_cycle_open(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *su = NULL, *au = NULL, *ru = NULL, *q = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {"--self-until", CLI_NEEDED, &su},
	                         {"--appraisal-until", true, &au}, {"--reply-until", true, &ru},
	                         {"--quorum", true, &q}, {0}};
	int32_t self_until, appraisal_until, reply_until;
	double quorum = 50;
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK)
		e = date_opt(c->usage, "--self-until", su, &self_until);
	if (e == PX_OK)
		e = date_opt(c->usage, "--appraisal-until", au, &appraisal_until);
	if (e == PX_OK)
		e = date_opt(c->usage, "--reply-until", ru, &reply_until);
	if (e == PX_OK && q) {
		char *end;
		quorum = strtod(q, &end);
		if (*end) {
			cli_usage_error(c->usage, "--quorum là một số phần trăm | --quorum is a percentage");
			e = PX_USAGE;
		}
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_cycle_open(&c->app, &who, fw, self_until, appraisal_until, reply_until, quorum, &d);
	if (e == PX_OK)
		printf("Đã mở kỳ đánh giá %s: tự đánh giá đến %s | opened the %s cycle: "
		       "self-assessment until %s\n", fw, su, fw, su);
	return cli_finish(&d, e);
}

int cmd_cycle_extend(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *unit = NULL, *until = NULL, *reason = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {"--unit", CLI_NEEDED, &unit},
	                         {"--until", CLI_NEEDED, &until}, {"--reason", CLI_NEEDED, &reason},
	                         {0}};
	int32_t day;
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK)
		e = date_opt(c->usage, "--until", until, &day);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = app_cycle_extend(&c->app, &who, fw, unit, day, reason, &d);
	if (e == PX_OK)
		printf("Đã gia hạn cho %s đến %s | extended %s until %s\n", unit, until, unit, until);
	return cli_finish(&d, e);
}

int cmd_cycle_status(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct cycle_readiness rd;
	e = app_cycle_readiness(&c->app, fw, &rd, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct cycle_info info = rd.info;
	struct unit_progress *rows = rd.rows;
	size_t n = rd.n;
	if (c->format == REPORT_TABLE) {
		char su[11], ru[11] = "-";
		date_format(info.self_until, su);
		if (info.reply_until != DATE_MAX)
			date_format(info.reply_until, ru);
		printf("%s: giai đoạn %s | phase %s; tự đánh giá đến | self-assessment until %s; "
		       "phản hồi đến | replies until %s\n",
		       fw, cycle_phase_name_vi(info.phase), cycle_phase_name(info.phase), su, ru);
		/* what the web's confirmation lists too (app_cycle_readiness) */
		printf("còn thiếu | missing: %ld đơn vị chưa nộp | units not submitted; %ld tiêu chí "
		       "chưa thẩm định (%ld đơn vị) | criteria unappraised (units); %ld phản hồi "
		       "chưa quyết định | replies pending\n",
		       rd.not_submitted, rd.criteria_unappraised, rd.units_unappraised,
		       rd.replies_pending);
		if (!rd.can_advance && info.phase != PHASE_PUBLISHED)
			printf("chưa thể chuyển giai đoạn | cannot advance yet: %s | %s\n", rd.why_vi,
			       rd.why_en);
	}
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"unit_code", "unit_name", "done", "total", "submitted_at", "extension", "adjusted",
		"replied", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, rows[i].code);
		report_text(r, rows[i].name);
		report_int(r, rows[i].done);
		report_int(r, rows[i].total);
		report_text(r, *rows[i].submitted_at ? rows[i].submitted_at : NULL);
		if (rows[i].extension != DATE_MIN) {
			char day[11];
			date_format(rows[i].extension, day);
			report_text(r, day);
		} else {
			report_null(r);
		}
		report_int(r, rows[i].adjusted);
		report_int(r, rows[i].replied);
	}
	e = cli_print(c, r);
	return cli_finish(&d, e);
}

int cmd_cycle_advance(struct cli *c, int argc, char **argv)
{
	const char *fw = NULL, *from = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {"--from", true, &from}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	/* the phase this command moves from: --from, else the one it finds
	 * now; a concurrent advance that got there first makes this one a
	 * refusal, never a second move */
	int expect = WF_ANY;
	enum cycle_phase ph;
	struct cycle_info info;
	if (from && !cycle_phase_parse(from, &ph)) {
		cli_usage_error(c->usage, "--from: giai đoạn không hợp lệ \"%s\" | unknown phase \"%s\"",
		                from, from);
		diags_free(&d);
		return px_exit_status(PX_USAGE);
	}
	if (from)
		expect = (int)ph;
	else if (app_cycle_get(&c->app, fw, &info, &d) == PX_OK)
		expect = (int)info.phase;
	enum cycle_phase now;
	long version;
	e = app_cycle_advance(&c->app, &who, fw, expect, &now, &version, &d);
	if (e == PX_OK) {
		printf("%s: sang giai đoạn %s | now in phase %s\n", fw, cycle_phase_name_vi(now),
		       cycle_phase_name(now));
		if (version)
			printf("Đã công bố phiên bản %ld | published version %ld\n", version, version);
	}
	return cli_finish(&d, e);
}

/* appraiser assign and appraiser unassign: the same options, two verbs. */
static int appraiser(struct cli *c, int argc, char **argv, bool assign)
{
	const char *fw = NULL, *login = NULL, *unit = NULL;
	struct cli_opt opts[] = {{"--framework", CLI_NEEDED, &fw}, {"--login", CLI_NEEDED, &login},
	                         {"--unit", CLI_NEEDED, &unit}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	e = assign ? app_appraiser_assign(&c->app, &who, fw, login, unit, &d)
	           : app_appraiser_unassign(&c->app, &who, fw, login, unit, &d);
	if (e == PX_OK && assign)
		printf("Đã phân công %s thẩm định %s | assigned %s to appraise %s\n", login, unit,
		       login, unit);
	else if (e == PX_OK)
		printf("Đã bỏ phân công %s thẩm định %s | %s no longer appraises %s\n", login, unit,
		       login, unit);
	return cli_finish(&d, e);
}

int cmd_appraiser_assign(struct cli *c, int argc, char **argv)
{
	return appraiser(c, argc, argv, true);
}

int cmd_appraiser_unassign(struct cli *c, int argc, char **argv)
{
	return appraiser(c, argc, argv, false);
}
