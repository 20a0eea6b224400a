/* Both widths of a page's chart (chart_view.h), each drawn once per input
 * (web/cache.c keeps the SVG under a hash of the spec, width included). */
#include "web/chart_view.h"
#include "web/cache.h"
#include "web/html.h"

/* One copy of the chart at width (0: the spec's own). */
static enum px_err draw(enum chart_kind kind, const void *spec, int width, struct str *out)
{
	switch (kind) {
	case CHART_KIND_RANKING: {
		struct chart_ranking_spec s = *(const struct chart_ranking_spec *)spec;
		if (width)
			s.opts.width = width;
		return web_chart_ranking_svg(&s, out);
	}
	case CHART_KIND_PAIRS: {
		struct chart_pairs_spec s = *(const struct chart_pairs_spec *)spec;
		if (width)
			s.opts.width = width;
		return web_chart_pairs_svg(&s, out);
	}
	case CHART_KIND_HISTORY: {
		struct chart_history_spec s = *(const struct chart_history_spec *)spec;
		if (width)
			s.opts.width = width;
		return web_chart_history_svg(&s, out);
	}
	case CHART_KIND_GRADES: {
		struct chart_grades_spec s = *(const struct chart_grades_spec *)spec;
		if (width)
			s.opts.width = width;
		return web_chart_grades_svg(&s, out);
	}
	}
	return PX_USAGE;
}

bool web_chart(struct req *r, enum chart_kind kind, const void *spec)
{
	struct str wide, narrow;
	str_init(&wide, 0);
	str_init(&narrow, 0);
	bool ok = draw(kind, spec, 0, &wide) == PX_OK &&
	          draw(kind, spec, WEB_CHART_NARROW, &narrow) == PX_OK;
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
