/* Explain: every number of one unit in one framework, with the formula,
 * the metric values and their sources, and why anything is missing (the
 * `parindex explain` view in HTML). */
#include "app/inspection.h"
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "web/result_view.h"

#include <string.h>

bool page_explain_load(struct req *r, struct app_scoring *sc, size_t *u, struct score_explain *ex)
{
	const char *ucode = req_path_param(r, 1);
	if (!page_can_see_unit(r, ucode)) {
		page_error(r, 403, "You may only see your own unit.");
		return false;
	}
	struct diags d;
	diags_init(&d);
	enum px_err e = app_score_live(&r->app, req_path_param(r, 0), NULL, &d, sc);
	if (e != PX_OK)
		page_app_error(r, e, &d);
	diags_free(&d);
	if (e != PX_OK)
		return false;
	*u = 0;
	while (*u < sc->nunits && strcmp(sc->units[*u].code, ucode))
		++*u;
	if (*u == sc->nunits || score_explain(&sc->res, *u, r->arena, ex) != PX_OK) {
		page_error(r, 404, "This framework does not score this unit.");
		return false;
	}
	return true;
}

/* The inspections and recommendations behind a node's inspection.*
 * inputs, as the reader may see them (app_inspection_visible: an
 * unannounced inspection not yet started is never named to the
 * inspected side). */
static void explain_inspections(struct req *r, const struct app_scoring *sc,
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
	bool en = r->lang && !strcmp(r->lang, "en");
	html_printf(r, "<ul class=\"explain-causes\">");
	for (size_t i = 0; i < nv; i++)
		html_printf(r, "<li><a href=\"/inspections/%u\">%h</a> %h</li>", v[i].insp->code,
		            v[i].insp->code, app_inspection_cause_text(r->arena, &v[i], en));
	html_printf(r, "</ul>");
}

void page_explain(struct req *r)
{
	const char *ucode = req_path_param(r, 1);
	struct app_scoring sc;
	size_t u;
	struct score_explain ex;
	if (!page_explain_load(r, &sc, &u, &ex))
		return;
	const struct framework *fw = sc.fw;
	const struct score_unit_result *res = &sc.res.units[u];
	html_page_begin(r, sc.units[u].name);
	html_printf(r, "<p><a href=\"/units/%u\">%h</a> · <a href=\"/frameworks/%u\">%h</a></p>",
	            ucode, ucode, fw->code, fw->title);
	if (res->status == SCORE_OK)
		html_printf(r, "<p>%h %.2f / %.2f = <strong>%.2f%%</strong> · %h %d · %h %h</p>",
		            _("Points"), res->points, res->max, res->index_rounded, _("Rank"), res->rank,
		            _("Grade"), res->grade >= 0 ? fw->grades[res->grade].code : "—");
	else
		html_printf(r, "<p><strong>%h</strong> — %h: %zu</p>", _("incomplete"),
		            _("missing items"), res->nmissing);
	html_table_begin(r, _("Every number"));
	html_printf(r, "<thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th><th>%h</th></tr></thead><tbody>",
	            _("Criterion"), _("Maximum"), _("Self-assessed"), _("Appraised"), _("Points"),
	            _("Formula and inputs"), _("Missing"));
	for (size_t i = 0; i < ex.nnodes; i++) {
		const struct score_explain_node *n = &ex.nodes[i];
		const struct frm_node *fn = &fw->nodes[n->node];
		html_printf(r, "<tr class=\"depth%d\"><td>%h %h</td>", fn->depth, fn->code, fn->title);
		if (!n->applies) {
			html_printf(r, "<td colspan=\"6\">%h</td></tr>", _("not applicable"));
			continue;
		}
		html_printf(r, "<td>%.2f</td>", n->max);
		if (n->has_self)
			html_printf(r, "<td>%.2f</td>", n->self);
		else
			html_printf(r, "<td></td>");
		if (n->has_appraised)
			html_printf(r, "<td>%.2f</td>", n->appraised);
		else
			html_printf(r, "<td></td>");
		if (n->missing)
			html_printf(r, "<td>?</td>");
		else
			html_printf(r, "<td>%.2f</td>", n->points);
		html_printf(r, "<td>");
		if (n->formula) {
			const char *words = page_formula_words(r, n->formula);
			if (words)
				html_printf(r, "<span class=\"formula-words\">%h</span><br>", words);
			html_printf(r, "<code>%h</code>", n->formula);
		}
		for (size_t k = 0; k < n->nmetrics; k++) {
			const struct score_explain_metric *m = &n->metrics[k];
			const char *src = sc.metric_source[(size_t)m->slot * sc.nunits + u];
			if (m->present)
				html_printf(r, "<br>%h = %.4f", m->ref, m->value);
			else
				html_printf(r, "<br>%h = ?", m->ref);
			if (m->present && src && *src)
				html_printf(r, " <small>(%h)</small>", src);
		}
		explain_inspections(r, &sc, n, u);
		html_printf(r, "</td><td>");
		for (size_t k = 0; k < n->nwhy; k++) {
			const char *vi, *en;
			score_missing_text(fw, &n->why[k], sc.units[u].kind, r->arena, &vi, &en);
			html_printf(r, "%s%h", k ? "<br>" : "", strcmp(r->lang, "en") ? vi : en);
		}
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	html_page_end(r);
}
