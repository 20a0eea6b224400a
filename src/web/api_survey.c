/*
 * The JSON API of surveys (formats/surveys.md): the campaigns one may see
 * and a campaign's results. The bodies are the tables of `parindex survey
 * list|results --format json` (app/survey_tables.c), written by the same
 * renderer, so a program gets byte for byte what the command prints.
 */
#include "app/survey.h"
#include "io/report.h"
#include "web/http.h"
#include "web/page_common.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>

/* The report as JSON in the response body (500 when it cannot be written). */
static void send_table(struct req *r, const struct report *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = f ? report_write(t, REPORT_JSON, f) : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc != 0) {
		free(buf);
		resp_json_error(r, 500, "cannot write the answer");
		return;
	}
	resp_type(r, 200, "application/json");
	str_add(&r->out, buf, len);
	free(buf);
}

void api_surveys(struct req *r)
{
	struct actor who = web_actor(r);
	struct survey_campaign_rec *v;
	size_t n;
	enum px_err e = app_survey_list(&r->app, &who, &v, &n);
	if (e != PX_OK) {
		resp_json_error(r, web_status_of(e), "cannot list the campaigns");
		return;
	}
	send_table(r, app_survey_campaigns_table(r->arena, v, n));
}

void api_survey_results(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	struct survey_results_view v;
	enum px_err e = app_survey_results(&r->app, &who, req_path_param(r, 0), NULL, NULL, 0, &v, &d);
	if (e != PX_OK)
		api_app_error(r, e, &d);
	else
		send_table(r, app_survey_results_table(r->arena, &v));
	diags_free(&d);
}
