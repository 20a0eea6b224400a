/*
 * JSON API of the assessment cycle (docs/api.md): read a unit's
 * assessment; self scores, evidence (multipart) and submission by the
 * unit; appraisal proposals by council members; publication by the
 * office; notices. The same app/cycle.c functions as the pages.
 */
#include "web/page_common.h"
#include "web/page_cycle.h"
#include "web/pages.h"
#include "base/arena.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static void answer(struct req *r, enum px_err e, const struct diags *d)
{
	if (e == PX_OK) {
		resp_type(r, 200, "application/json");
		str_adds(&r->out, "{\"ok\": true}\n");
		return;
	}
	api_app_error(r, e, d);
}

/* The JSON body as an object, or NULL after answering 400. */
static json_t *body_object(struct req *r)
{
	json_error_t err;
	json_t *j = r->body ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err) : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		resp_json_error(r, 400, "the body must be a JSON object");
		return NULL;
	}
	return j;
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void num_or_null(struct req *r, bool has, double v)
{
	page_json_num(r, has ? v : (double)NAN);
}

void api_assessment(struct req *r)
{
	const char *fw = req_path_param(r, 0), *unit = req_path_param(r, 1);
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	struct assessment_view v;
	enum px_err e = app_assessment_view(&r->app, &who, fw, unit, &v, &d);
	if (e != PX_OK) {
		answer(r, e, &d);
		diags_free(&d);
		return;
	}
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"framework\": ");
	str_add_json(o, fw);
	str_adds(o, ", \"unit\": ");
	str_add_json(o, unit);
	str_adds(o, ", \"phase\": ");
	if (v.has_cycle)
		str_add_json(o, cycle_phase_name(v.cycle.phase));
	else
		str_adds(o, "null");
	str_adds(o, ", \"status\": ");
	str_add_json(o, *v.submitted_at ? "submitted" : "draft");
	str_adds(o, ", \"allowed\": [");
	for (size_t i = 0; i < v.nallowed; i++) {
		if (i)
			str_adds(o, ", ");
		str_add_json(o, v.allowed[i]);
	}
	str_adds(o, "], \"criteria\": [");
	size_t k = 0;
	for (size_t i = 0; i < v.fw->nnodes; i++) {
		const struct frm_node *n = &v.fw->nodes[i];
		const struct assessment_item *it = &v.items[i];
		if (n->method != FRM_METHOD_ASSESSED)
			continue;
		str_adds(o, k++ ? ",\n {\"criterion\": " : "\n {\"criterion\": ");
		str_add_json(o, n->code);
		str_printf(o, ", \"applies\": %s, \"self\": ", it->applies ? "true" : "false");
		num_or_null(r, it->has_self, it->self);
		str_adds(o, ", \"appraised\": ");
		num_or_null(r, it->has_appraised, it->appraised);
		str_adds(o, ", \"final\": ");
		num_or_null(r, it->has_appraised, it->appraised);
		str_adds(o, ", \"explanation\": ");
		str_add_json(o, it->explanation);
		str_adds(o, ", \"reason\": ");
		str_add_json(o, it->reason);
		str_adds(o, ", \"evidence\": [");
		for (size_t e2 = 0; e2 < it->nevidence; e2++) {
			str_printf(o, "%s{\"id\": %lld, \"filename\": ", e2 ? ", " : "",
			           (long long)it->evidence[e2].id);
			str_add_json(o, it->evidence[e2].filename);
			str_adds(o, ", \"sha256\": ");
			str_add_json(o, it->evidence[e2].sha256);
			str_printf(o, ", \"used_by_other_units\": %ld}", it->evidence[e2].other_units);
		}
		str_adds(o, "], \"reply\": ");
		if (it->reply)
			str_add_json(o, it->reply->text);
		else
			str_adds(o, "null");
		str_addc(o, '}');
	}
	str_adds(o, "\n]}\n");
	diags_free(&d);
}

void api_assessment_score(struct req *r)
{
	json_t *j = body_object(r);
	if (!j)
		return;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	json_t *self = json_object_get(j, "self");
	enum px_err e;
	if (!jstr(j, "criterion") || (self && !json_is_number(self) && !json_is_null(self))) {
		diag_err(&d, NULL, 0, 0, "cần criterion và self là số", "criterion and a numeric self are required");
		e = PX_BADINPUT;
	} else {
		e = app_self_score(&r->app, &who, req_path_param(r, 0), req_path_param(r, 1),
		                   jstr(j, "criterion"), json_is_number(self),
		                   json_is_number(self) ? json_number_value(self) : 0, jstr(j, "note"), &d);
	}
	answer(r, e, &d);
	diags_free(&d);
	json_decref(j);
}

void api_assessment_evidence(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	const struct upload *f = req_upload(r, "file");
	int64_t id = 0;
	enum px_err e;
	if (!f || !req_param(r, "criterion")) {
		diag_err(&d, NULL, 0, 0, "cần criterion và file (multipart)",
		         "multipart fields criterion and file are required");
		e = PX_BADINPUT;
	} else {
		e = app_evidence_add(&r->app, &who, req_path_param(r, 0), req_path_param(r, 1),
		                     req_param(r, "criterion"), f->filename, f->data, f->len,
		                     req_param(r, "doc_number"), req_param(r, "doc_date"), &id, &d);
	}
	if (e == PX_OK) {
		resp_type(r, 201, "application/json");
		str_printf(&r->out, "{\"ok\": true, \"id\": %lld}\n", (long long)id);
	} else {
		answer(r, e, &d);
	}
	diags_free(&d);
}

void api_assessment_submit(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	enum px_err e = app_self_submit(&r->app, &who, req_path_param(r, 0), req_path_param(r, 1), &d);
	if (e == PX_BADINPUT && d.n > 1) {
		/* every missing criterion, not only the first */
		resp_type(r, 422, "application/json");
		str_adds(&r->out, "{\"error\": \"the self-assessment is not complete\", \"problems\": [");
		for (size_t i = 0; i < d.n; i++) {
			str_adds(&r->out, i ? ", {\"criterion\": " : "{\"criterion\": ");
			str_add_json(&r->out, d.v[i].where ? d.v[i].where : "");
			str_adds(&r->out, ", \"en\": ");
			str_add_json(&r->out, d.v[i].en);
			str_adds(&r->out, ", \"vi\": ");
			str_add_json(&r->out, d.v[i].vi);
			str_addc(&r->out, '}');
		}
		str_adds(&r->out, "]}\n");
	} else {
		answer(r, e, &d);
	}
	diags_free(&d);
}

void api_appraisal_score(struct req *r)
{
	json_t *j = body_object(r);
	if (!j)
		return;
	struct diags d;
	diags_init(&d);
	struct actor who = web_actor(r);
	json_t *pts = json_object_get(j, "appraised");
	enum px_err e;
	if (!jstr(j, "criterion") || !json_is_number(pts)) {
		diag_err(&d, NULL, 0, 0, "cần criterion và appraised là số",
		         "criterion and a numeric appraised are required");
		e = PX_BADINPUT;
	} else {
		e = app_appraise(&r->app, &who, req_path_param(r, 0), req_path_param(r, 1),
		                 jstr(j, "criterion"), json_number_value(pts), jstr(j, "reason"), &d);
	}
	answer(r, e, &d);
	diags_free(&d);
	json_decref(j);
}

void api_publish(struct req *r)
{
	if (!page_framework_for(r, CAP_OFFICE)) /* app_may_manage_framework */
		return;
	struct diags d;
	diags_init(&d);
	long version;
	struct publish_change *ch;
	size_t n;
	struct actor who = web_actor(r);
	enum px_err e = app_cycle_publish(&r->app, &who, req_path_param(r, 0), &version, &ch, &n, &d);
	if (e != PX_OK) {
		answer(r, e, &d);
	} else {
		resp_type(r, 201, "application/json");
		str_printf(&r->out, "{\"ok\": true, \"version\": %ld, \"changed\": [", version);
		for (size_t i = 0; i < n; i++) {
			str_adds(&r->out, i ? ", {\"unit\": " : "{\"unit\": ");
			str_add_json(&r->out, ch[i].unit);
			str_adds(&r->out, ", \"what\": ");
			str_add_json(&r->out, ch[i].what);
			str_addc(&r->out, '}');
		}
		str_adds(&r->out, "]}\n");
	}
	diags_free(&d);
}

void api_notices(struct req *r)
{
	struct actor who = web_actor(r);
	struct notice *v;
	size_t n;
	if (app_notices(&r->app, &who, &v, &n) != PX_OK) {
		resp_json_error(r, 500, "internal error");
		return;
	}
	resp_type(r, 200, "application/json");
	str_adds(&r->out, "[");
	for (size_t i = 0; i < n; i++) {
		str_adds(&r->out, i ? ",\n {\"framework\": " : "\n {\"framework\": ");
		str_add_json(&r->out, v[i].framework);
		str_adds(&r->out, ", \"unit\": ");
		if (v[i].unit)
			str_add_json(&r->out, v[i].unit);
		else
			str_adds(&r->out, "null");
		str_adds(&r->out, ", \"vi\": ");
		str_add_json(&r->out, v[i].vi);
		str_adds(&r->out, ", \"en\": ");
		str_add_json(&r->out, v[i].en);
		str_printf(&r->out, ", \"soon\": %s}", v[i].soon ? "true" : "false");
	}
	str_adds(&r->out, "\n]\n");
}
