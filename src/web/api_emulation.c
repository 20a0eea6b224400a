/*
 * JSON API of the emulation movement (docs/api.md "Emulation"): the
 * proposals (the columns of `emulation propose`), the awards (those of
 * `emulation awards`) and the council's vote. The same app/emulation*.c
 * functions as the pages and the CLI, so who acts (app_emu_may_act) and
 * who sees what (app_emu_may_see) cannot differ between them.
 */
#include "web/page_common.h"
#include "web/pages.h"
#include "app/emulation.h"
#include "base/arena.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int year_param(struct req *r)
{
	long y;
	return req_int(r, "year", &y, 2000, 2100) ? (int)y : 0;
}

void api_emulation_proposals(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	struct emu_proposal_view v;
	enum px_err e = app_emu_propose(&r->app, &who, year_param(r), req_param(r, "unit"), &v, &d);
	if (e != PX_OK) {
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"rules\": ");
	str_add_json(o, v.rules.code);
	str_adds(o, ", \"proposals\": [");
	for (size_t i = 0; i < v.n; i++) {
		const struct emu_proposal *p = &v.rows[i];
		str_adds(o, i ? ",\n {\"candidate\": " : "\n {\"candidate\": ");
		str_add_json(o, p->candidate);
		str_adds(o, ", \"kind\": ");
		str_add_json(o, p->kind);
		str_adds(o, ", \"title\": ");
		str_add_json(o, v.rules.titles[p->title].code);
		str_printf(o, ", \"eligible\": %s, \"reason\": ", p->check.eligible ? "true" : "false");
		str_add_json(o, p->check.reason);
		str_adds(o, "}");
	}
	str_adds(o, "]}\n");
}

void api_emulation_awards(struct req *r)
{
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	const char *unit = req_param(r, "unit");
	struct emu_award_view v;
	enum px_err e = app_emu_awards(&r->app, &who, year_param(r), unit && *unit ? unit : NULL, &v,
	                               &d);
	if (e != PX_OK) {
		api_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	diags_free(&d);
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"awards\": [");
	for (size_t i = 0; i < v.n; i++) {
		str_adds(o, i ? ",\n {\"candidate\": " : "\n {\"candidate\": ");
		str_add_json(o, v.rows[i].candidate);
		str_adds(o, ", \"title\": ");
		str_add_json(o, v.rows[i].title);
		str_adds(o, ", \"decision\": ");
		str_add_json(o, v.rows[i].decision);
		str_adds(o, ", \"date\": ");
		str_add_json(o, v.rows[i].date);
		str_printf(o, ", \"cash\": %ld}", v.rows[i].cash);
	}
	str_printf(o, "], \"total_cash\": %ld}\n", v.total_cash);
}

/* {year, title, candidate, yes, members?, present?, written?} */
void api_emulation_vote(struct req *r)
{
	json_error_t err;
	json_t *j = r->body && r->body_len ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err)
	                                    : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		resp_json_error(r, 400, "the body must be a JSON object");
		return;
	}
	const char *keys[] = {"yes", "members", "present", "written"};
	long vals[4] = {-1, -1, -1, -1};
	bool ok = json_is_integer(json_object_get(j, "year")) &&
	          json_is_string(json_object_get(j, "title")) &&
	          json_is_string(json_object_get(j, "candidate"));
	for (size_t i = 0; i < 4 && ok; i++) {
		json_t *v = json_object_get(j, keys[i]);
		if (v && !json_is_integer(v))
			ok = false;
		else if (v)
			vals[i] = (long)json_integer_value(v);
	}
	if (!ok || vals[0] < 0) {
		json_decref(j);
		resp_json_error(r, 400, "year, title, candidate and yes are needed (integers, strings)");
		return;
	}
	struct actor who = web_actor(r);
	struct diags d;
	diags_init(&d);
	struct emu_ballot b = {vals[0], vals[1], vals[2], vals[3]};
	enum px_err e = app_emu_vote_ballot(
		&r->app, &who, (int)json_integer_value(json_object_get(j, "year")),
		arena_strdup(r->arena, json_string_value(json_object_get(j, "title"))),
		arena_strdup(r->arena, json_string_value(json_object_get(j, "candidate"))), &b, &d);
	json_decref(j);
	if (e != PX_OK)
		api_app_error(r, e, &d);
	else {
		resp_type(r, 200, "application/json");
		str_adds(&r->out, "{\"passed\": true}\n");
	}
	diags_free(&d);
}
