/* JSON twins of the dashboard and explain pages (live scores, for
 * readers), documented in docs/api.md. The public JSON is in
 * page_public.c next to its page. */
#include "app/inspection.h"
#include "web/page_report.h"
#include "base/arena.h"
#include "web/page_common.h"
#include "web/pages.h"

#include <math.h>
#include <string.h>

static void unit_result_json(struct req *r, const struct app_scoring *sc, size_t u)
{
	const struct framework *fw = sc->fw;
	const struct score_unit_result *res = &sc->res.units[u];
	struct str *o = &r->out;
	str_adds(o, "{\"rank\": ");
	if (res->rank)
		str_printf(o, "%d", res->rank);
	else
		str_adds(o, "null");
	str_adds(o, ", \"unit_code\": ");
	str_add_json(o, sc->units[u].code);
	str_adds(o, ", \"unit_name\": ");
	str_add_json(o, sc->units[u].name);
	str_adds(o, ", \"kind\": ");
	str_add_json(o, sc->units[u].kind);
	str_adds(o, ", \"points\": ");
	page_json_num(r, res->points);
	str_adds(o, ", \"max\": ");
	page_json_num(r, res->max);
	str_adds(o, ", \"index\": ");
	if (res->status == SCORE_OK)
		page_json_num(r, res->index);
	else
		str_adds(o, "null");
	str_adds(o, ", \"grade\": ");
	if (res->grade >= 0)
		str_add_json(o, fw->grades[res->grade].code);
	else
		str_adds(o, "null");
	str_adds(o, ", \"status\": ");
	str_add_json(o, res->status == SCORE_OK ? "ok" : "incomplete");
	str_adds(o, ", \"domains\": {");
	for (size_t t = 0; t < fw->ntop; t++) {
		if (t)
			str_adds(o, ", ");
		str_add_json(o, fw->nodes[fw->top[t]].code);
		str_adds(o, ": ");
		page_json_num(r, score_points(&sc->res, u, fw->top[t]));
	}
	str_adds(o, "}, \"missing\": [");
	for (size_t m = 0; m < res->nmissing; m++) {
		const char *vi, *en;
		score_missing_text(fw, &res->missing[m], sc->units[u].kind, r->arena, &vi, &en);
		if (m)
			str_adds(o, ", ");
		str_adds(o, "{\"vi\": ");
		str_add_json(o, vi);
		str_adds(o, ", \"en\": ");
		str_add_json(o, en);
		str_addc(o, '}');
	}
	str_adds(o, "]}");
}

static enum px_err ranking_doc(struct req *r, struct doc **doc, struct diags *d)
{
	const char *group = req_param(r, "group");
	return app_report_ranking(&r->app, req_path_param(r, 0), group && *group ? group : NULL, 0,
	                          r->lang, doc, d);
}

void api_results(struct req *r)
{
	if (!page_framework_for(r, CAP_READ)) /* readers over its owner unit */
		return;
	struct diags d;
	diags_init(&d);
	struct app_scoring sc;
	const char *group = req_param(r, "group");
	const char *fw = req_path_param(r, 0);
	if (page_report_list(r, ranking_doc, arena_printf(r->arena, "Bảng xếp hạng %s", fw),
	                     arena_printf(r->arena, "ranking-%s", fw))) { /* ?format=: the CLI's */
		diags_free(&d);
		return;
	}
	enum px_err e = app_score_live(&r->app, req_path_param(r, 0), group && *group ? group : NULL,
	                               &d, &sc);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	resp_type(r, 200, "application/json");
	str_adds(&r->out, "{\"framework\": ");
	str_add_json(&r->out, sc.fw->code);
	str_printf(&r->out, ", \"year\": %d, \"ranked\": %zu, \"results\": [", sc.fw->year,
	           sc.res.nranked);
	for (size_t i = 0; i < sc.nunits; i++) {
		str_adds(&r->out, i ? ",\n " : "\n ");
		unit_result_json(r, &sc, sc.res.order[i]);
	}
	str_adds(&r->out, "\n]}\n");
	diags_free(&d);
}

/* ", \"inspections\": [...]": the inspections and recommendations behind
 * the node's inspection.* inputs, as the reader may see them (nothing
 * when it has none). */
static void api_explain_inspections(struct req *r, const struct app_scoring *sc,
                                    const struct score_explain_node *n, size_t u)
{
	struct actor who = web_actor(r);
	struct insp_cause *v;
	size_t nv;
	struct diags d;
	diags_init(&d);
	enum px_err e = app_inspection_explain_node(&r->app, &who, sc->fw->year, n,
	                                            sc->units[u].code, &v, &nv, &d);
	diags_free(&d);
	if (e != PX_OK || !nv)
		return;
	struct str *o = &r->out;
	str_adds(o, ", \"inspections\": [");
	for (size_t i = 0; i < nv; i++) {
		const struct insp_reco_rec *x = v[i].reco;
		str_adds(o, i ? ", {\"inspection\": " : "{\"inspection\": ");
		str_add_json(o, v[i].insp->code);
		str_adds(o, ", \"kind\": ");
		str_add_json(o, v[i].insp->kind);
		str_adds(o, ", \"state\": ");
		str_add_json(o, v[i].insp->state);
		if (x) {
			str_printf(o, ", \"recommendation\": {\"id\": %lld, \"text\": ", (long long)x->id);
			str_add_json(o, x->text);
			str_adds(o, ", \"due\": ");
			str_add_json(o, x->due);
			str_adds(o, ", \"state\": ");
			str_add_json(o, x->state);
			str_printf(o, ", \"overdue\": %s, \"not_remedied_on_time\": %s}",
			           v[i].overdue ? "true" : "false", v[i].late ? "true" : "false");
		} else {
			str_printf(o, ", \"started_in_period\": %s", v[i].started ? "true" : "false");
		}
		str_addc(o, '}');
	}
	str_addc(o, ']');
}

void api_explain(struct req *r)
{
	struct app_scoring sc;
	size_t u;
	struct score_explain ex;
	if (!page_explain_load(r, &sc, &u, &ex))
		return;
	struct str *o = &r->out;
	resp_type(r, 200, "application/json");
	str_adds(o, "{\"framework\": ");
	str_add_json(o, sc.fw->code);
	str_adds(o, ", \"result\": ");
	unit_result_json(r, &sc, u);
	str_adds(o, ", \"criteria\": [");
	for (size_t i = 0; i < ex.nnodes; i++) {
		const struct score_explain_node *n = &ex.nodes[i];
		const struct frm_node *fn = &sc.fw->nodes[n->node];
		str_adds(o, i ? ",\n {\"code\": " : "\n {\"code\": ");
		str_add_json(o, fn->code);
		str_adds(o, ", \"title\": ");
		str_add_json(o, fn->title);
		str_printf(o, ", \"applies\": %s, \"max\": ", n->applies ? "true" : "false");
		page_json_num(r, n->max);
		str_adds(o, ", \"self\": ");
		page_json_num(r, n->has_self ? n->self : (double)NAN);
		str_adds(o, ", \"appraised\": ");
		page_json_num(r, n->has_appraised ? n->appraised : (double)NAN);
		str_adds(o, ", \"points\": ");
		page_json_num(r, n->applies && !n->missing ? n->points : (double)NAN);
		str_adds(o, ", \"formula\": ");
		if (n->formula)
			str_add_json(o, n->formula);
		else
			str_adds(o, "null");
		str_adds(o, ", \"inputs\": [");
		for (size_t k = 0; k < n->nmetrics; k++) {
			const struct score_explain_metric *m = &n->metrics[k];
			const char *src = sc.metric_source[(size_t)m->slot * sc.nunits + u];
			str_adds(o, k ? ", {\"ref\": " : "{\"ref\": ");
			str_add_json(o, m->ref);
			str_adds(o, ", \"value\": ");
			page_json_num(r, m->present ? m->value : (double)NAN);
			str_adds(o, ", \"source\": ");
			if (m->present && src)
				str_add_json(o, src);
			else
				str_adds(o, "null");
			str_addc(o, '}');
		}
		str_addc(o, ']');
		api_explain_inspections(r, &sc, n, u);
		str_addc(o, '}');
	}
	str_adds(o, "\n]}\n");
}
