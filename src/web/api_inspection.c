/*
 * JSON API of inspections and recommendations (docs/api.md
 * "Inspections"): the inspections one may see, one inspection (the shape
 * of `inspection show --format json`), every on-site verb, the follow-up
 * list, and the unit's remediation and the lead's verification. The same
 * app/inspection.c functions as the pages and the CLI: an inspection one
 * may not see answers 404 here too. Bodies: a JSON object, or multipart
 * (check, report) with files.
 */
#include "web/page_common.h"
#include "web/pages.h"
#include "app/cycle.h"
#include "app/inspection.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void text_or_null(struct str *o, const char *s)
{
	if (s)
		str_add_json(o, s);
	else
		str_adds(o, "null");
}

/* The request's fields: a JSON object's members, or a form's fields. */
struct body {
	json_t *j;
	bool form;
};

static bool body_open(struct req *r, struct body *b)
{
	b->j = NULL;
	b->form = r->content_type && (!strncmp(r->content_type, "multipart/form-data", 19) ||
	                              !strncmp(r->content_type, "application/x-www-form-urlencoded", 33));
	if (b->form)
		return true;
	json_error_t err;
	b->j = r->body && r->body_len ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err)
	                              : json_object();
	if (!json_is_object(b->j)) {
		json_decref(b->j);
		b->j = NULL;
		resp_json_error(r, 400, "the body must be a JSON object");
		return false;
	}
	return true;
}

static const char *field(struct req *r, const struct body *b, const char *k)
{
	if (b->form)
		return req_param(r, k);
	json_t *v = json_object_get(b->j, k);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	return NULL;
}

static struct insp_file *files_of(struct req *r, const char *name, size_t *n)
{
	struct insp_file *f = arena_array(r->arena, r->nuploads + 1, sizeof *f);
	*n = 0;
	for (size_t i = 0; i < r->nuploads; i++)
		if (!strcmp(r->uploads[i].field, name) && r->uploads[i].filename)
			f[(*n)++] = (struct insp_file){r->uploads[i].filename, r->uploads[i].data,
			                               r->uploads[i].len};
	return f;
}

void api_inspections(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	const char *ys = req_param(r, "year"), *unit = req_param(r, "unit");
	if (unit && !*unit)
		unit = NULL;
	long year = ys && *ys ? strtol(ys, NULL, 10) : 0;
	struct insp_rec *v;
	size_t n;
	enum px_err e = app_inspection_list(&r->app, &who, (int)year, unit, &v, &n, &d);
	if (e != PX_OK) {
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"inspections\": [");
	for (size_t i = 0; i < n; i++) {
		str_adds(o, i ? ",\n {\"inspection_code\": " : "\n {\"inspection_code\": ");
		str_add_json(o, v[i].code);
		str_printf(o, ", \"year\": %ld, \"unit_code\": ", v[i].year);
		str_add_json(o, v[i].unit);
		str_adds(o, ", \"kind\": ");
		str_add_json(o, v[i].kind);
		str_adds(o, ", \"planned_from\": ");
		str_add_json(o, v[i].planned_from);
		str_adds(o, ", \"planned_to\": ");
		str_add_json(o, v[i].planned_to);
		str_adds(o, ", \"lead\": ");
		str_add_json(o, v[i].lead);
		str_adds(o, ", \"state\": ");
		str_add_json(o, v[i].state);
		str_adds(o, ", \"started_at\": ");
		text_or_null(o, v[i].started_at);
		str_adds(o, "}");
	}
	str_adds(o, "\n]}\n");
}

void api_inspection(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	const char *code = req_path_param(r, 0);
	struct insp_view v;
	enum px_err e = app_inspection_view(&r->app, &who, code, &v, &d);
	if (e != PX_OK) {
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	const char *verbs[8];
	size_t nv = app_inspection_allowed(&r->app, &who, code, verbs, 8);
	resp_type(r, 200, "application/json");
	app_inspection_json(&v, verbs, nv, &r->out);
	str_addc(&r->out, '\n');
}

enum verb { V_START, V_CHECK, V_FINDING, V_RECOMMEND, V_CONCLUDE, V_CLOSE };

static void inspection_verb(struct req *r, enum verb k)
{
	struct body b;
	if (!body_open(r, &b))
		return;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *code = req_path_param(r, 0);
	enum px_err e = PX_FAIL;
	struct insp_finding_args fa = {0};
	struct insp_recommend_args ra = {0};
	switch (k) {
	case V_START:
		e = app_inspection_start(&r->app, &who, code, &d);
		break;
	case V_CLOSE:
		e = app_inspection_close(&r->app, &who, code, &d);
		break;
	case V_CHECK: {
		struct insp_check_args a = {.item = field(r, &b, "item"), .result = field(r, &b, "result"),
		                            .note = field(r, &b, "note")};
		a.files = files_of(r, "photo", &a.nfiles);
		e = app_inspection_check(&r->app, &who, code, &a, &d);
		break;
	}
	case V_FINDING:
		fa = (struct insp_finding_args){.kind = field(r, &b, "kind"), .area = field(r, &b, "area"),
		                                .text = field(r, &b, "text"),
		                                .criterion = field(r, &b, "criterion")};
		e = app_inspection_finding(&r->app, &who, code, &fa, &d);
		break;
	case V_RECOMMEND:
		ra = (struct insp_recommend_args){.finding = field(r, &b, "finding"),
		                                  .text = field(r, &b, "text"), .due = field(r, &b, "due"),
		                                  .unit = field(r, &b, "unit")};
		e = app_inspection_recommend(&r->app, &who, code, &ra, &d);
		break;
	case V_CONCLUDE: {
		struct insp_conclude_args a = {.number = field(r, &b, "number"),
		                               .date = field(r, &b, "date"),
		                               .summary = field(r, &b, "summary")};
		e = app_inspection_conclude(&r->app, &who, code, &a, &d);
		break;
	}
	}
	if (e == PX_OK) {
		resp_type(r, k == V_FINDING || k == V_RECOMMEND ? 201 : 200, "application/json");
		if (k == V_FINDING)
			str_printf(&r->out, "{\"ok\": true, \"finding\": %ld}\n", fa.n);
		else if (k == V_RECOMMEND)
			str_printf(&r->out, "{\"ok\": true, \"id\": %lld}\n", (long long)ra.id);
		else
			str_adds(&r->out, "{\"ok\": true}\n");
	} else {
		api_app_error(r, e, &d);
	}
	json_decref(b.j);
	diags_free(&d);
}

void api_inspection_start(struct req *r) { inspection_verb(r, V_START); }
void api_inspection_check(struct req *r) { inspection_verb(r, V_CHECK); }
void api_inspection_finding(struct req *r) { inspection_verb(r, V_FINDING); }
void api_inspection_recommend(struct req *r) { inspection_verb(r, V_RECOMMEND); }
void api_inspection_conclude(struct req *r) { inspection_verb(r, V_CONCLUDE); }
void api_inspection_close(struct req *r) { inspection_verb(r, V_CLOSE); }

void api_recommendations(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	const char *unit = req_param(r, "unit"), *state = req_param(r, "state"),
	           *as = req_param(r, "as_of");
	if (unit && !*unit)
		unit = NULL;
	if (state && !*state)
		state = NULL;
	int32_t asof = app_today();
	if (as && *as && !date_parse(as, strlen(as), &asof)) {
		diags_free(&d);
		resp_json_error(r, 400, "as_of must be a date YYYY-MM-DD");
		return;
	}
	struct reco_row *v;
	size_t n;
	enum px_err e = app_reco_list(&r->app, &who, unit, state, asof, &v, &n, &d);
	if (e == PX_USAGE)
		e = PX_BADINPUT;
	if (e != PX_OK) {
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"recommendations\": [");
	for (size_t i = 0; i < n; i++) {
		const struct insp_reco_rec *c = v[i].r;
		str_printf(o, "%s{\"id\": %lld, \"inspection_code\": ", i ? ",\n " : "\n ", (long long)c->id);
		str_add_json(o, c->inspection);
		str_adds(o, ", \"inspected_unit\": ");
		str_add_json(o, v[i].inspected_unit);
		str_adds(o, ", \"unit_code\": ");
		str_add_json(o, c->unit);
		str_adds(o, ", \"text\": ");
		str_add_json(o, c->text);
		str_adds(o, ", \"due\": ");
		str_add_json(o, c->due);
		str_adds(o, ", \"state\": ");
		str_add_json(o, c->state);
		str_printf(o, ", \"overdue\": %s, \"days_late\": ", v[i].overdue ? "true" : "false");
		if (v[i].overdue)
			str_printf(o, "%ld", v[i].days_late);
		else
			str_adds(o, "null");
		str_adds(o, ", \"report_date\": ");
		text_or_null(o, c->report_date);
		str_adds(o, ", \"verified_on\": ");
		text_or_null(o, c->verified_on);
		str_adds(o, ", \"reject_reason\": ");
		text_or_null(o, c->reject_reason);
		str_adds(o, "}");
	}
	str_adds(o, "\n]}\n");
}

enum rverb { R_REPORT, R_ACCEPT, R_REJECT };

static void reco_verb(struct req *r, enum rverb k)
{
	struct body b;
	if (!body_open(r, &b))
		return;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const char *id = req_path_param(r, 0);
	enum px_err e;
	if (k == R_REPORT) {
		struct reco_report_args a = {.date = field(r, &b, "date"), .note = field(r, &b, "note")};
		a.files = files_of(r, "file", &a.nfiles);
		e = app_reco_report(&r->app, &who, id, &a, &d);
	} else {
		struct reco_verify_args a = {.reason = field(r, &b, "reason")};
		e = app_reco_verify(&r->app, &who, id, k == R_ACCEPT, &a, &d);
	}
	if (e == PX_OK) {
		resp_type(r, 200, "application/json");
		str_adds(&r->out, "{\"ok\": true}\n");
	} else {
		api_app_error(r, e, &d);
	}
	json_decref(b.j);
	diags_free(&d);
}

void api_reco_report(struct req *r) { reco_verb(r, R_REPORT); }
void api_reco_accept(struct req *r) { reco_verb(r, R_ACCEPT); }
void api_reco_reject(struct req *r) { reco_verb(r, R_REJECT); }
