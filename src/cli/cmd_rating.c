/* Citizen ratings from the command line (shared/formats/surveys.md):
 * `dossier rating-tokens` (dossier_code,token,url; creates the tokens
 * that are missing, so a second run prints the same), `rating list`
 * (dossier_code,rating,comment,rated_at) and `rating put` (a rating
 * typed in by the office from a paper slip: the same use case as the
 * public form). */
#include "cli/cli.h"
#include "app/rating.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_dossier_rating_tokens(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *month = NULL, *dossier = NULL, *base = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {"--month", true, &month},
	                         {"--dossier", true, &dossier}, {"--base-url", true, &base}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	if (e == PX_OK && !dossier && (!unit || !month)) {
		cli_usage_error(c->usage, "cần --unit và --month, hoặc --dossier | "
		                          "--unit and --month, or --dossier, are needed");
		e = PX_USAGE;
	}
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	if (!base)
		base = getenv("PARINDEX_PUBLIC_URL");
	if (!base || !*base)
		base = "http://localhost:8080";
	struct actor who = cli_actor(c);
	struct rating_token_rec *v;
	size_t n;
	e = app_rating_tokens(&c->app, &who, unit, month, dossier, true, &v, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"dossier_code", "token", "url", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].dossier_code);
		report_text(r, v[i].token);
		report_text(r, app_rating_url(&c->app, base, v[i].token));
	}
	return cli_finish(&d, cli_print(c, r));
}

int cmd_rating_list(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL, *month = NULL;
	struct cli_opt opts[] = {{"--unit", true, &unit}, {"--month", true, &month}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	struct actor who = cli_actor(c);
	struct rating_rec *v;
	size_t n;
	e = app_rating_list(&c->app, &who, unit, month, &v, &n, &d);
	if (e != PX_OK)
		return cli_finish(&d, e);
	struct report *r = report_new(c->app.arena, (const char *const[]){
		"dossier_code", "rating", "comment", "rated_at", NULL});
	for (size_t i = 0; i < n; i++) {
		report_row(r);
		report_text(r, v[i].dossier_code);
		report_int(r, v[i].rating);
		report_text(r, v[i].comment);
		report_text(r, v[i].rated_at);
	}
	return cli_finish(&d, cli_print(c, r));
}

int cmd_rating_put(struct cli *c, int argc, char **argv)
{
	const char *token = NULL, *rating = NULL, *comment = NULL;
	struct cli_opt opts[] = {{"--token", CLI_NEEDED, &token}, {"--rating", CLI_NEEDED, &rating},
	                         {"--comment", true, &comment}, {0}};
	enum px_err e = cli_options(c, argc, argv, opts);
	struct diags d;
	if (!cli_ready(c, &e, &d))
		return px_exit_status(e);
	e = app_rating_put(&c->app, token, rating, comment, &d);
	if (e == PX_OK)
		printf("Đã lưu đánh giá | rating stored\n");
	return cli_finish(&d, e);
}
