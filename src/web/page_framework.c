/* Frameworks: the list, and one framework's criteria tree with maxima,
 * methods, formulas and where criteria do not apply. */
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"

#include <string.h>

void page_frameworks(struct req *r)
{
	struct framework_row *rows;
	size_t n;
	if (app_framework_list(&r->app, &rows, &n) != PX_OK) {
		page_app_error(r, PX_FAIL, NULL);
		return;
	}
	html_page_begin(r, _("Frameworks"));
	html_printf(r, "<table><thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th></tr></thead><tbody>",
	            _("Year"), _("Code"), _("Title"), _("Group"),
	            _("Published versions"));
	for (size_t i = 0; i < n; i++)
		html_printf(r, "<tr><td>%d</td><td><a href=\"/frameworks/%u\">%h</a></td><td>%h</td>"
		               "<td>%h</td><td>%ld</td></tr>",
		            rows[i].year, rows[i].code, rows[i].code, rows[i].title, rows[i].groups,
		            rows[i].versions);
	html_printf(r, "</tbody></table>");
	html_page_end(r);
}

static const char *method_text(struct req *r, const struct frm_node *n)
{
	if (n->method == FRM_METHOD_ASSESSED)
		return _("assessed");
	if (n->method == FRM_METHOD_FORMULA)
		return _("formula");
	return "";
}

struct framework *page_framework_load(struct req *r)
{
	struct diags d;
	diags_init(&d);
	struct framework *fw = NULL;
	enum px_err e = app_framework_load(&r->app, req_path_param(r, 0), &d, &fw);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		fw = NULL;
	}
	diags_free(&d);
	return fw;
}

void page_framework(struct req *r)
{
	struct framework *fw = page_framework_load(r);
	if (!fw)
		return;
	html_page_begin(r, fw->title);
	html_printf(r, "<p>%h %h · %h %d · %h: ", _("Code"), fw->code,
	            _("Year"), fw->year, _("Group"));
	for (size_t g = 0; g < fw->ngroup; g++)
		html_printf(r, "%s%h", g ? ", " : "", _(fw->group[g]));
	html_printf(r, " · <a href=\"/api/v1/frameworks/%u\">JSON</a></p>", fw->code);
	if (fw->note)
		html_printf(r, "<p><em>%h</em></p>", fw->note);
	if (fw->previous)
		html_printf(r, "<p>%h: <a href=\"/frameworks/%u\">%h</a></p>", _("Previous framework"),
		            fw->previous, fw->previous);
	html_printf(r, "<table><thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th><th>%h</th></tr></thead><tbody>",
	            _("Code"), _("Criterion"), _("Maximum"), _("Minimum"), _("Method"),
	            _("Formula"), _("Applies to"));
	for (size_t i = 0; i < fw->nnodes; i++) {
		const struct frm_node *n = &fw->nodes[i];
		html_printf(r, "<tr class=\"depth%d\"><td>%h</td><td>%s%h%s</td><td>%.2f</td>"
		               "<td>%.2f</td><td>%h%h</td><td><code>%h</code></td><td>",
		            n->depth, n->code, n->depth == 0 ? "<strong>" : "", n->title,
		            n->depth == 0 ? "</strong>" : "", n->max, n->min,
		            n->extra ? _("bonus/penalty") : "", method_text(r, n),
		            n->formula_text ? n->formula_text : "");
		for (size_t k = 0; k < n->napplies; k++)
			html_printf(r, "%s%h", k ? ", " : "", _(n->applies_to[k]));
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody></table>");
	html_page_end(r);
}
