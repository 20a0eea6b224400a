/* Frameworks: the list, and one framework's criteria tree with maxima,
 * methods, formulas and where criteria do not apply. */
#include "web/html.h"
#include "web/page_common.h"
#include "web/pages.h"
#include "web/result_view.h"
#include "web/table_view.h"
#include "base/arena.h"

#include <string.h>

void page_frameworks(struct req *r)
{
	struct framework_row *rows;
	size_t n;
	if (app_framework_list(&r->app, &rows, &n) != PX_OK) {
		page_app_error(r, PX_FAIL, NULL);
		return;
	}
	struct tv_col cols[] = {{"year", _("Year"), NULL, TV_NUM}, {"code", _("Code"), NULL, TV_TEXT},
	                        {"title", _("Title"), NULL, TV_TEXT},
	                        {"group", _("Group"), NULL, TV_TEXT},
	                        {"versions", _("Published versions"), NULL, TV_NUM}};
	static const char *const states[] = {"published", "draft"};
	const char *state_labels[] = {_("published"), _("Draft — not published")};
	struct table_view tv = {.base = "/frameworks", .label = _("Frameworks"),
	                        .what = _("frameworks"), .none = _("No framework has been imported yet."),
	                        .search_label = _("Code or title"), .cols = cols, .ncol = 5,
	                        .filters = {{"state", _("State"), states, state_labels, 2}},
	                        .nfilter = 1};
	if (!tv_parse(r, &tv)) {
		page_bad_param(r, _(tv.error));
		return;
	}
	struct tv_row *v = arena_array(r->arena, n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		struct tv_row *t = &v[i];
		*t = tv_row_new(r, 5);
		/* groups are "kind;kind": shown as the kinds' names */
		struct str g;
		str_init(&g, 0);
		const char *p = rows[i].groups ? rows[i].groups : "";
		while (*p) {
			const char *e = strchr(p, ';');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (g.len)
				str_adds(&g, ", ");
			str_adds(&g, _(arena_strndup(r->arena, p, len)));
			p += len + (e != NULL);
		}
		const char *groups = arena_strdup(r->arena, str_cstr(&g));
		str_free(&g);
		t->html[0] = html_arena(r, "%d", rows[i].year);
		t->num[0] = rows[i].year;
		t->html[1] = html_arena(r, "<a href=\"/frameworks/%u\">%h</a>", rows[i].code,
		                        rows[i].code);
		t->text[1] = rows[i].code;
		t->html[2] = html_arena(r, "%h", rows[i].title);
		t->text[2] = rows[i].title;
		t->html[3] = html_arena(r, "%h", groups);
		t->text[3] = groups;
		t->html[4] = rows[i].versions ? html_arena(r, "%ld", rows[i].versions)
		                              : html_arena(r, "0 (%h)", _("Draft — not published"));
		t->num[4] = (double)rows[i].versions;
		t->search = arena_printf(r->arena, "%s %s %d", rows[i].code, rows[i].title, rows[i].year);
		t->attr[0] = rows[i].versions ? "published" : "draft";
	}
	if (!tv_apply(r, &tv, v, n)) {
		page_bad_param(r, _(tv.error));
		return;
	}
	html_page_begin(r, _("Frameworks"));
	tv_render(r, &tv);
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
	if (fw->unit)
		html_printf(r, " · %h: <a href=\"/units/%u\">%h</a>", _("Owner unit"), fw->unit,
		            fw->unit);
	else
		html_printf(r, " · %h: %h", _("Owner unit"), _("the city (city-wide)"));
	html_printf(r, " · <a href=\"/api/v1/frameworks/%u\">JSON</a></p>", fw->code);
	if (fw->note)
		html_printf(r, "<p><em>%h</em></p>", fw->note);
	if (fw->previous)
		html_printf(r, "<p>%h: <a href=\"/frameworks/%u\">%h</a></p>", _("Previous framework"),
		            fw->previous, fw->previous);
	html_table_begin(r, _("Criteria"));
	html_printf(r, "<thead><tr><th>%h</th><th>%h</th><th>%h</th><th>%h</th><th>%h</th>"
	               "<th>%h</th><th>%h</th></tr></thead><tbody>",
	            _("Code"), _("Criterion"), _("Maximum"), _("Minimum"), _("Method"),
	            _("Formula"), _("Applies to"));
	for (size_t i = 0; i < fw->nnodes; i++) {
		const struct frm_node *n = &fw->nodes[i];
		const char *words = n->formula_text ? page_formula_words(r, n->formula_text) : NULL;
		html_printf(r, "<tr class=\"depth%d\"><td>%h</td><td>%s%h%s</td><td class=\"num\">%h</td>"
		               "<td class=\"num\">%h</td><td>%h%h</td><td>%s%h%s<code>%h</code></td><td>",
		            n->depth, n->code, n->depth == 0 ? "<strong>" : "", n->title,
		            n->depth == 0 ? "</strong>" : "", page_num(r, n->max, 2),
		            page_num(r, n->min, 2), n->extra ? _("bonus/penalty") : "",
		            method_text(r, n), words ? "<span class=\"formula-words\">" : "",
		            words ? words : "", words ? "</span><br>" : "",
		            n->formula_text ? n->formula_text : "");
		for (size_t k = 0; k < n->napplies; k++)
			html_printf(r, "%s%h", k ? ", " : "", _(n->applies_to[k]));
		html_printf(r, "</td></tr>");
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	html_page_end(r);
}
