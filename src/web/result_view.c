/* Shared pieces of the result pages (result_view.h). */
#include "web/result_view.h"
#include "web/html.h"
#include "web/page_common.h"
#include "base/arena.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *page_num(struct req *r, double x, int n)
{
	if (!isfinite(x))
		return "—";
	char *s = arena_printf(r->arena, "%.*f", n, x);
	if (strcmp(r->lang ? r->lang : "vi", "en"))
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

const char *page_grade_meaning(struct req *r, const struct framework *fw, size_t g)
{
	/* grades are best first: grade g runs from its min up to the min of
	 * the grade above it */
	const char *lo = page_num(r, fw->grades[g].min, 2);
	if (g == 0)
		return arena_printf(r->arena, "%s %s%% %s", _("from"), lo, _("or more"));
	const char *hi = page_num(r, fw->grades[g - 1].min, 2);
	return arena_printf(r->arena, "%s %s%% %s %s%%", _("from"), lo, _("to under"), hi);
}

void page_domain_legend(struct req *r, const struct framework *fw)
{
	html_printf(r, "<details class=\"legend\"><summary>%h</summary><dl class=\"legend\">",
	            _("Domains and grades explained"));
	for (size_t t = 0; t < fw->ntop; t++) {
		const struct frm_node *nd = &fw->nodes[fw->top[t]];
		html_printf(r, "<dt>%h</dt><dd>%h</dd>", nd->code, nd->title);
	}
	for (size_t g = 0; g < fw->ngrades; g++)
		html_printf(r, "<dt>%h %h</dt><dd>%h %h</dd>", _("Grade"), fw->grades[g].code,
		            _("index"), page_grade_meaning(r, fw, g));
	html_printf(r, "<dt>—</dt><dd>%h</dd></dl></details>",
	            _("incomplete: a criterion still has no value, so the unit is not ranked"));
}

void page_grade_filter(struct req *r, const struct framework *fw, struct tv_filter *f)
{
	const char **values = arena_array(r->arena, fw->ngrades + 2, sizeof *values);
	const char **labels = arena_array(r->arena, fw->ngrades + 2, sizeof *labels);
	size_t n = 0;
	for (size_t g = 0; g < fw->ngrades; g++) {
		values[n] = fw->grades[g].code;
		labels[n++] = fw->grades[g].code;
	}
	values[n] = PAGE_INCOMPLETE;
	labels[n++] = _("incomplete");
	*f = (struct tv_filter){"grade", _("Grade"), values, labels, n};
}

void page_bad_param(struct req *r, const char *msg)
{
	page_error(r, 400, msg);
}
