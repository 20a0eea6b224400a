/*
 * The history chart (chart_history_draw): the index over the years as a
 * line with the value above each point and the rank under each year; an
 * optional dashed reference line; y axis 0..100 or fitted (zoom).
 */
#include "io/chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PLOT_H 240.0

static void draw_series(struct canvas *c, const struct axis *ay, const double *v, size_t n,
                        double x0, double step, const struct rgb *col, bool main)
{
	cairo_t *cr = c->cr;
	cairo_save(cr);
	chart_set_colour(cr, col);
	cairo_set_line_width(cr, main ? 2.5 : 1.5);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	if (!main)
		cairo_set_dash(cr, (const double[]){5, 3}, 2, 0);
	bool pen = false;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i])) {
			pen = false;
			continue;
		}
		double x = x0 + ((double)i + 0.5) * step, y = chart_axis_pos(ay, v[i]);
		if (pen)
			cairo_line_to(cr, x, y);
		else
			cairo_move_to(cr, x, y);
		pen = true;
	}
	cairo_stroke(cr);
	cairo_restore(cr);
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		double x = x0 + ((double)i + 0.5) * step, y = chart_axis_pos(ay, v[i]);
		cairo_new_path(cr);
		cairo_arc(cr, x, y, main ? 4.5 : 3, 0, 2 * M_PI);
		chart_set_colour(cr, main ? &chart_colours.white : col);
		cairo_fill_preserve(cr);
		chart_set_colour(cr, col);
		cairo_set_line_width(cr, 2);
		cairo_stroke(cr);
	}
}

double chart_draw_history(struct canvas *c, const void *p, double y)
{
	const struct chart_history_spec *s = p;
	const struct chart_opts *o = &s->opts;
	char buf[96];
	if (!s->npoints)
		return chart_draw_empty(c, o, y);
	size_t n = s->npoints;
	bool ref = s->reference_label != NULL;
	struct legend_item legend[2];
	size_t nl = 0;
	if (s->value_label || ref)
		legend[nl++] = (struct legend_item){SW_LINE, &chart_colours.series,
		                                    s->value_label ? s->value_label
		                                                   : chart_word(c, "Đơn vị", "This unit")};
	if (ref)
		legend[nl++] = (struct legend_item){SW_DASH, &chart_colours.refline, s->reference_label};
	y = chart_draw_legend(c, legend, nl, y);

	double *v = g_new(double, 2 * n), *r = v + n;
	double mn = INFINITY, mx = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		v[i] = isfinite(s->points[i].value) ? s->points[i].value : NAN;
		r[i] = ref && isfinite(s->points[i].reference) ? s->points[i].reference : NAN;
		for (int k = 0; k < 2; k++) {
			double x = k ? r[i] : v[i];
			if (isfinite(x)) {
				mn = fmin(mn, x);
				mx = fmax(mx, x);
			}
		}
	}
	struct axis ay = {.lo = 0, .hi = 100};
	if (isfinite(mn)) {
		if (s->zoom) {
			double span = mx - mn;
			double st = span <= 15 ? 5 : 10;
			ay.lo = floor(mn / st) * st - (fmod(mn, st) < st / 4 ? st : 0);
			ay.hi = ceil(mx / st) * st;
			if (ay.hi - ay.lo < 2 * st)
				ay.hi = ay.lo + 2 * st;
			if (ay.lo < 0 && mn >= 0)
				ay.lo = 0;
			if (ay.hi > 100 && mx <= 100)
				ay.hi = 100;
		}
		ay.lo = fmin(ay.lo, floor(mn / 10) * 10);
		ay.hi = fmax(ay.hi, ceil(mx / 10) * 10);
	}
	if (o->axis_title && *o->axis_title)
		y += chart_text_draw(c, PAD, y, H_LEFT, V_TOP, o->axis_title, FS_LABEL, false,
		                     c->w - 2 * PAD, 1, &chart_colours.muted) + 4;
	y += 16; /* room for the value label of a point at the top */
	double ylw = chart_text_width(c, "100,0", FS_SMALL, false) + 8;
	double x0 = PAD + ylw, x1 = c->w - PAD;
	ay.p0 = y + PLOT_H;
	ay.p1 = y;
	ay.step = chart_nice_step(ay.hi - ay.lo, PLOT_H / 22);
	if (ay.step < 5 && ay.hi - ay.lo >= 10)
		ay.step = 5; /* index points: finer ticks are noise */
	chart_axis_snap(&ay);
	chart_vaxis_draw(c, &ay, x0, x1, x0 - 6, 1);
	double step = (x1 - x0) / (double)n;

	if (ref)
		draw_series(c, &ay, r, n, x0, step, &chart_colours.refline, false);
	draw_series(c, &ay, v, n, x0, step, &chart_colours.series, true);
	const char *prefix = s->rank_prefix ? s->rank_prefix : chart_word(c, "hạng ", "rank ");
	bool ranks = false;
	for (size_t i = 0; i < n; i++) {
		double x = x0 + ((double)i + 0.5) * step;
		double lh = chart_text_draw(c, x, ay.p0 + 6, H_CENTRE, V_TOP, s->points[i].label, FS_LABEL,
		                            false, step - 4, 1, &chart_colours.text);
		if (s->points[i].rank > 0) {
			/* under the year, where no line can cross it */
			char rk[96];
			snprintf(rk, sizeof rk, "%s%d", prefix, s->points[i].rank);
			chart_text_draw(c, x, ay.p0 + 6 + lh, H_CENTRE, V_TOP, rk, FS_SMALL, false, step - 4, 1,
			                &chart_colours.muted);
			ranks = true;
		}
		if (!isfinite(v[i]))
			continue;
		double py = chart_axis_pos(&ay, v[i]);
		chart_fmt_num(c, v[i], c->decimals, buf, sizeof buf);
		chart_text_draw_bg(c, x, py - 8, H_CENTRE, V_BOTTOM, buf, FS_SMALL, true, 0, 1, &chart_colours.text,
		                   &chart_colours.white);
	}
	g_free(v);
	return ay.p0 + 6 + 18 + (ranks ? 16 : 0) + PAD;
}
