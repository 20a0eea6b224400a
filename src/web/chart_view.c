/* Both widths of a page's chart (chart_view.h). */
#include "web/chart_view.h"
#include "web/html.h"

bool web_chart(struct req *r, enum chart_kind kind, const void *spec)
{
	struct chart_vector v = {kind, spec};
	struct str wide, narrow;
	str_init(&wide, 0);
	str_init(&narrow, 0);
	bool ok = chart_vector_draw(&v, 0, CHART_SVG, &wide) == PX_OK &&
	          chart_vector_draw(&v, WEB_CHART_NARROW, CHART_SVG, &narrow) == PX_OK;
	if (ok) {
		html_printf(r, "<div class=\"chart chart-wide\">");
		html_svg(r, str_cstr(&wide), wide.len);
		html_printf(r, "</div><div class=\"chart chart-narrow\">");
		html_svg(r, str_cstr(&narrow), narrow.len);
		html_printf(r, "</div>");
	}
	str_free(&wide);
	str_free(&narrow);
	return ok;
}
