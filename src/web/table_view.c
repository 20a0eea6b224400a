/*
 * Search, filters, sort and pagination of a list (table_view.h). The
 * rows are the page's; this file only chooses which to show, in what
 * order, and writes the controls around them. Links are rebuilt from the
 * parsed, validated parameters (never copied from the raw query), each
 * value percent-encoded.
 */
#include "web/table_view.h"
#include "web/html.h"
#include "base/arena.h"
#include "base/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define TV_MAX_QUERY 100 /* bytes of a search */

static const char *const view_params[] = {"q", "sort", "dir", "page", "kind", "grade", "state"};

bool tv_is_default(const struct req *r)
{
	for (size_t i = 0; i < sizeof view_params / sizeof view_params[0]; i++)
		if (req_param(r, view_params[i]))
			return false;
	return true;
}

struct tv_row tv_row_new(struct req *r, size_t ncol)
{
	struct tv_row row = {0};
	row.html = arena_array(r->arena, ncol + 1, sizeof *row.html);
	row.text = arena_array(r->arena, ncol + 1, sizeof *row.text);
	row.num = arena_array(r->arena, ncol + 1, sizeof *row.num);
	for (size_t i = 0; i < ncol; i++)
		row.num[i] = NAN;
	return row;
}

/* Lower case without diacritics, "đ" as "d": a phone user typing "ha noi"
 * finds "Hà Nội". */
static char *fold(struct arena *a, const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	                                            UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
	                                            UTF8PROC_CASEFOLD);
	if (len < 0)
		return utf8_lower(a, s);
	char *r = arena_alloc(a, (size_t)len + 1);
	size_t k = 0;
	for (utf8proc_ssize_t i = 0; i < len; i++) {
		if (out[i] == 0xC4 && i + 1 < len && out[i + 1] == 0x91) { /* đ */
			r[k++] = 'd';
			i++;
		} else {
			r[k++] = (char)out[i];
		}
	}
	r[k] = 0;
	free(out);
	return r;
}

bool tv_parse(struct req *r, struct table_view *tv)
{
	tv->sort = -1;
	tv->desc = false;
	tv->page = 1;
	tv->q = NULL;
	tv->error = NULL;
	const char *q = req_param(r, "q");
	if (q && strlen(q) > TV_MAX_QUERY) {
		tv->error = "The search is too long (at most 100 characters).";
		return false;
	}
	if (q && *q)
		tv->q = q;
	const char *sort = req_param(r, "sort");
	if (sort && *sort) {
		for (size_t c = 0; c < tv->ncol; c++)
			if (tv->cols[c].key && !strcmp(tv->cols[c].key, sort))
				tv->sort = (int)c;
		if (tv->sort < 0) {
			tv->error = "Unknown sort column.";
			return false;
		}
	}
	const char *dir = req_param(r, "dir");
	if (dir && *dir) {
		if (strcmp(dir, "asc") && strcmp(dir, "desc")) {
			tv->error = "The sort direction must be asc or desc.";
			return false;
		}
		tv->desc = !strcmp(dir, "desc");
	}
	const char *page = req_param(r, "page");
	if (page && *page && !req_int(r, "page", &tv->page, 1, 1000000)) {
		tv->error = "The page must be a whole number from 1.";
		return false;
	}
	return true;
}

/* qsort's context: one sort at a time per thread. */
static _Thread_local const struct table_view *sort_tv;
struct order {
	const struct tv_row *row;
	size_t pos;
};

static int order_cmp(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	const struct table_view *tv = sort_tv;
	int c = tv->sort, k = 0;
	if (tv->cols[c].type == TV_NUM) {
		double x = a->row->num[c], y = b->row->num[c];
		bool nx = isnan(x), ny = isnan(y);
		if (nx || ny) /* missing last, whichever the direction */
			k = nx && ny ? 0 : nx ? 1 : -1;
		else
			k = tv->desc ? (x < y) - (x > y) : (x > y) - (x < y);
	} else {
		const char *x = a->row->text[c], *y = b->row->text[c];
		k = utf8_collate_vi(x ? x : "", y ? y : "");
		k = tv->desc ? -k : k;
	}
	if (k)
		return k;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

bool tv_apply(struct req *r, struct table_view *tv, const struct tv_row *rows, size_t n)
{
	for (size_t f = 0; f < tv->nfilter; f++) {
		const struct tv_filter *fl = &tv->filters[f];
		const char *v = req_param(r, fl->param);
		tv->fval[f] = NULL;
		if (!v || !*v)
			continue;
		for (size_t i = 0; i < fl->n; i++)
			if (!strcmp(fl->values[i], v))
				tv->fval[f] = fl->values[i];
		if (!tv->fval[f]) {
			tv->error = "Unknown filter value.";
			return false;
		}
	}
	const char *needle = tv->q ? fold(r->arena, tv->q) : NULL;
	struct order *o = arena_array(r->arena, n + 1, sizeof *o);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		bool ok = true;
		for (size_t f = 0; f < tv->nfilter && ok; f++)
			if (tv->fval[f] && (!rows[i].attr[f] || strcmp(rows[i].attr[f], tv->fval[f])))
				ok = false;
		if (ok && needle &&
		    !strstr(fold(r->arena, rows[i].search ? rows[i].search : ""), needle))
			ok = false;
		if (ok)
			o[m++] = (struct order){&rows[i], i};
	}
	if (tv->sort >= 0 && m > 1) {
		sort_tv = tv;
		qsort(o, m, sizeof *o, order_cmp);
		sort_tv = NULL;
	}
	size_t per = tv->per_page ? tv->per_page : TV_PER_PAGE;
	tv->total = m;
	tv->pages = m ? (m + per - 1) / per : 1;
	if ((size_t)tv->page > tv->pages) {
		tv->error = "There is no such page.";
		return false;
	}
	size_t from = (size_t)(tv->page - 1) * per;
	tv->nrows = m - from < per ? m - from : per;
	tv->rows = arena_array(r->arena, tv->nrows + 1, sizeof *tv->rows);
	for (size_t i = 0; i < tv->nrows; i++)
		tv->rows[i] = *o[from + i].row;
	return true;
}

/* A link to the view with one thing changed: sort column (sort >= 0,
 * with its direction) or page (page > 0). */
static void href(struct req *r, const struct table_view *tv, int sort, bool desc, long page)
{
	html_printf(r, "%h?", tv->base);
	for (size_t k = 0; k < TV_MAX_KEEP && tv->keep[k]; k++) {
		const char *v = req_param(r, tv->keep[k]);
		if (v && *v)
			html_printf(r, "%u=%u&amp;", tv->keep[k], v);
	}
	if (tv->q)
		html_printf(r, "q=%u&amp;", tv->q);
	for (size_t f = 0; f < tv->nfilter; f++)
		if (tv->fval[f])
			html_printf(r, "%u=%u&amp;", tv->filters[f].param, tv->fval[f]);
	if (sort >= 0)
		html_printf(r, "sort=%u&amp;dir=%s&amp;", tv->cols[sort].key, desc ? "desc" : "asc");
	html_printf(r, "page=%ld", page > 0 ? page : 1);
}

static void controls(struct req *r, const struct table_view *tv)
{
	html_printf(r, "<form method=\"get\" action=\"%h\" class=\"table-filter\" role=\"search\">",
	            tv->base);
	for (size_t k = 0; k < TV_MAX_KEEP && tv->keep[k]; k++) {
		const char *v = req_param(r, tv->keep[k]);
		if (v && *v)
			html_printf(r, "<input type=\"hidden\" name=\"%h\" value=\"%h\">", tv->keep[k], v);
	}
	html_printf(r, "<label>%h <input type=\"search\" name=\"q\" value=\"%h\" maxlength=\"100\">"
	               "</label>",
	            tv->search_label ? tv->search_label : _("Search"), tv->q ? tv->q : "");
	for (size_t f = 0; f < tv->nfilter; f++) {
		const struct tv_filter *fl = &tv->filters[f];
		html_printf(r, " <label>%h <select name=\"%h\"><option value=\"\">%h</option>", fl->label,
		            fl->param, _("All"));
		for (size_t i = 0; i < fl->n; i++)
			html_printf(r, "<option value=\"%h\"%s>%h</option>", fl->values[i],
			            tv->fval[f] == fl->values[i] ? " selected" : "", fl->labels[i]);
		html_printf(r, "</select></label>");
	}
	if (tv->sort >= 0) {
		html_printf(r, "<input type=\"hidden\" name=\"sort\" value=\"%h\">"
		               "<input type=\"hidden\" name=\"dir\" value=\"%s\">",
		            tv->cols[tv->sort].key, tv->desc ? "desc" : "asc");
	}
	html_printf(r, " <button type=\"submit\">%h</button>", _("Filter"));
	bool filtered = tv->q != NULL;
	for (size_t f = 0; f < tv->nfilter; f++)
		filtered = filtered || tv->fval[f];
	if (filtered || tv->sort >= 0) {
		html_printf(r, " <a href=\"%h?", tv->base);
		for (size_t k = 0; k < TV_MAX_KEEP && tv->keep[k]; k++) {
			const char *v = req_param(r, tv->keep[k]);
			if (v && *v)
				html_printf(r, "%u=%u&amp;", tv->keep[k], v);
		}
		html_printf(r, "\">%h</a>", _("Clear"));
	}
	html_printf(r, "</form>");
}

/* What the empty result was asked for: «abc», Kind: Commune. */
static void empty_state(struct req *r, const struct table_view *tv)
{
	html_printf(r, "<p class=\"empty\" role=\"status\">%h %h", _("No"), tv->what);
	html_printf(r, " %h", _("match"));
	const char *sep = " ";
	if (tv->q) {
		html_printf(r, "%s%h «%h»", sep, _("the search"), tv->q);
		sep = ", ";
	}
	for (size_t f = 0; f < tv->nfilter; f++)
		if (tv->fval[f]) {
			const struct tv_filter *fl = &tv->filters[f];
			const char *lab = tv->fval[f];
			for (size_t i = 0; i < fl->n; i++)
				if (fl->values[i] == tv->fval[f])
					lab = fl->labels[i];
			html_printf(r, "%s%h: %h", sep, fl->label, lab);
			sep = ", ";
		}
	html_printf(r, ". <a href=\"%h?", tv->base);
	for (size_t k = 0; k < TV_MAX_KEEP && tv->keep[k]; k++) {
		const char *v = req_param(r, tv->keep[k]);
		if (v && *v)
			html_printf(r, "%u=%u&amp;", tv->keep[k], v);
	}
	html_printf(r, "\">%h</a></p>", _("Show all"));
}

void tv_render(struct req *r, const struct table_view *tv)
{
	controls(r, tv);
	if (!tv->total) {
		bool filtered = tv->q != NULL;
		for (size_t f = 0; f < tv->nfilter; f++)
			filtered = filtered || tv->fval[f];
		if (filtered)
			empty_state(r, tv);
		else
			html_printf(r, "<p class=\"empty\">%h</p>", tv->none ? tv->none : _("Nothing yet."));
		return;
	}
	html_printf(r, "<p class=\"table-count\" role=\"status\">%zu %h · %h %ld %h %zu</p>", tv->total,
	            tv->what, _("page"), tv->page, _("of"), tv->pages);
	html_table_begin(r, tv->label);
	html_printf(r, "<thead><tr>");
	for (size_t c = 0; c < tv->ncol; c++) {
		const struct tv_col *col = &tv->cols[c];
		const char *cls = col->type == TV_NUM ? " class=\"num\"" : "";
		bool on = tv->sort == (int)c;
		html_printf(r, "<th scope=\"col\"%s", cls);
		if (col->hint)
			html_printf(r, " title=\"%h\"", col->hint);
		if (on)
			html_printf(r, " aria-sort=\"%s\"", tv->desc ? "descending" : "ascending");
		html_printf(r, ">");
		if (!col->key) {
			html_printf(r, "%h</th>", col->title);
			continue;
		}
		/* a second click on the sorted column reverses it; numbers start
		 * with the biggest */
		bool next_desc = on ? !tv->desc : col->type == TV_NUM;
		html_printf(r, "<a href=\"");
		href(r, tv, (int)c, next_desc, 1);
		html_printf(r, "\">%h%s</a></th>", col->title,
		            on ? (tv->desc ? " ▼" : " ▲") : "");
	}
	html_printf(r, "</tr></thead><tbody>");
	for (size_t i = 0; i < tv->nrows; i++) {
		html_printf(r, "<tr>");
		const char **cells = tv->rows[i].html;
		if (tv->fill) {
			cells = arena_array(r->arena, tv->ncol + 1, sizeof *cells);
			tv->fill(r, tv->rows[i].item, cells);
		}
		for (size_t c = 0; c < tv->ncol; c++) {
			const char *cell = cells ? cells[c] : NULL;
			html_printf(r, "%s", tv->cols[c].type == TV_NUM ? "<td class=\"num\">" : "<td>");
			str_adds(&r->out, cell ? cell : "");
			html_printf(r, "</td>");
		}
		html_printf(r, "</tr>");
	}
	html_printf(r, "</tbody>");
	html_table_end(r);
	if (tv->pages > 1) {
		html_printf(r, "<nav class=\"pages\" aria-label=\"%h\">", _("Pages"));
		if (tv->page > 1) {
			html_printf(r, "<a rel=\"prev\" href=\"");
			href(r, tv, tv->sort, tv->desc, tv->page - 1);
			html_printf(r, "\">← %h</a> ", _("Previous"));
		}
		html_printf(r, "<span>%h %ld %h %zu</span>", _("Page"), tv->page, _("of"), tv->pages);
		if ((size_t)tv->page < tv->pages) {
			html_printf(r, " <a rel=\"next\" href=\"");
			href(r, tv, tv->sort, tv->desc, tv->page + 1);
			html_printf(r, "\">%h →</a>", _("Next"));
		}
		html_printf(r, "</nav>");
	}
}
