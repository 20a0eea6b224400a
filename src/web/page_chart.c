/* The ranking chart as a download: ?format=svg (default), png or pdf,
 * for reports and slides. Live scores, like the dashboard. */
#include "web/page_common.h"
#include "web/pages.h"
#include "base/arena.h"
#include "io/chart.h"

#include <string.h>

void page_chart_ranking(struct req *r)
{
	if (!page_framework_for(r, CAP_READ)) /* readers over its owner unit */
		return;
	const char *fmt = req_param(r, "format");
	enum chart_format f = CHART_SVG;
	const char *type = "image/svg+xml", *ext = "svg";
	if (fmt && !strcmp(fmt, "png")) {
		f = CHART_PNG;
		type = "image/png";
		ext = "png";
	} else if (fmt && !strcmp(fmt, "pdf")) {
		f = CHART_PDF;
		type = "application/pdf";
		ext = "pdf";
	} else if (fmt && strcmp(fmt, "svg")) {
		page_error(r, 400, "format must be svg, png or pdf");
		return;
	}
	struct diags d;
	diags_init(&d);
	struct app_scoring sc;
	enum px_err e = app_score_live(&r->app, req_path_param(r, 0), NULL, &d, &sc);
	if (e != PX_OK) {
		page_app_error(r, e, &d);
		diags_free(&d);
		return;
	}
	struct chart_ranking_spec spec;
	page_ranking_spec(r, &sc, &spec);
	if (app_published_latest(&r->app, sc.fw->code) == 0) /* live and never published */
		spec.opts.mark = _("Draft — not published");
	resp_type(r, 200, type);
	if (chart_ranking_draw(&spec, f, &r->out) != PX_OK) {
		page_error(r, 500, "Internal error");
	} else if (f != CHART_SVG) {
		char *disp = arena_printf(r->arena, "attachment; filename=\"%s-ranking.%s\"",
		                          sc.fw->code, ext);
		resp_header(r, "Content-Disposition", disp);
	}
	diags_free(&d);
}
