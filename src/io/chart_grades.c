/*
 * The grade distribution chart (chart_grades_draw): one vertical bar per
 * grade with its count.
 */
#include "io/chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define GRADES_PLOT_H 200.0

double chart_draw_grades(struct canvas *c, const void *p, double y)
{
	const struct chart_grades_spec *s = p;
	const struct chart_opts *o = &s->opts;
	cairo_t *cr = c->cr;
	char buf[32];
	if (!s->ncounts)
		return chart_draw_empty(c, o, y);
	size_t n = s->ncounts;
	long mx = 0;
	for (size_t i = 0; i < n; i++)
		if (s->counts[i].count > mx)
			mx = s->counts[i].count;
	if (o->axis_title && *o->axis_title)
		y += chart_text_draw(c, PAD, y, H_LEFT, V_TOP, o->axis_title, FS_LABEL, false,
		                     c->w - 2 * PAD, 1, &chart_colours.muted) + 4;
	y += 18;
	struct axis ay = {.lo = 0, .p0 = y + GRADES_PLOT_H, .p1 = y};
	ay.step = chart_nice_step(mx > 0 ? (double)mx : 1, 5);
	if (ay.step < 1)
		ay.step = 1;
	ay.hi = ceil((mx > 0 ? (double)mx : 1) / ay.step) * ay.step;
	snprintf(buf, sizeof buf, "%ld", (long)ay.hi);
	double ylw = chart_text_width(c, buf, FS_SMALL, false) + 8;
	double x0 = PAD + ylw, x1 = c->w - PAD;
	chart_vaxis_draw(c, &ay, x0, x1, x0 - 6, 0);
	double step = (x1 - x0) / (double)n;
	double bw = fmin(72, step * 0.6);
	for (size_t i = 0; i < n; i++) {
		const struct chart_count *k = &s->counts[i];
		double cx = x0 + ((double)i + 0.5) * step;
		double v = k->count > 0 ? (double)k->count : 0;
		double yt = chart_axis_pos(&ay, v);
		if (v > 0)
			chart_fill_rect(cr, cx - bw / 2, yt, bw, ay.p0 - yt, chart_band_colour(k->band));
		snprintf(buf, sizeof buf, "%ld", k->count > 0 ? k->count : 0L);
		chart_text_draw(c, cx, yt - 3, H_CENTRE, V_BOTTOM, buf, FS_LABEL, true, 0, 1, &chart_colours.text);
		chart_text_draw(c, cx, ay.p0 + 6, H_CENTRE, V_TOP, k->label, FS_LABEL, false, step - 4, 1,
		                &chart_colours.text);
	}
	return ay.p0 + 6 + 18 + PAD;
}
