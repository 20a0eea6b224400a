/*
 * The pairs chart (chart_pairs_draw): per domain two bars, the unit and
 * the reference (group average), as % of the domain's maximum; labels
 * wrap to two lines.
 */
#include "io/chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double chart_draw_pairs(struct canvas *c, const void *p, double y)
{
	const struct chart_pairs_spec *s = p;
	const struct chart_opts *o = &s->opts;
	cairo_t *cr = c->cr;
	char buf[64];
	struct legend_item legend[2] = {
		{SW_BOX, &chart_colours.series, s->value_label ? s->value_label : chart_word(c, "Đơn vị", "This unit")},
		{SW_BOX, &chart_colours.refbar, s->reference_label ? s->reference_label
		                                       : chart_word(c, "Trung bình nhóm", "Group average")},
	};
	if (!s->npairs)
		return chart_draw_empty(c, o, y);
	y = chart_draw_legend(c, legend, 2, y);

	size_t n = s->npairs;
	double lw = 0, vw = chart_text_width(c, "\u2014", FS_SMALL, false);
	double *vals = g_new(double, 2 * n);
	for (size_t i = 0; i < n; i++) {
		vals[2 * i] = s->pairs[i].value;
		vals[2 * i + 1] = s->pairs[i].reference;
		double w = chart_text_width(c, s->pairs[i].label, FS_LABEL, false);
		if (w > lw)
			lw = w;
		for (int k = 0; k < 2; k++) {
			chart_fmt_num(c, vals[2 * i + k], c->decimals, buf, sizeof buf);
			w = chart_text_width(c, buf, FS_SMALL, k == 0);
			if (w > vw)
				vw = w;
		}
	}
	lw = chart_label_column(c, lw, 0.36, 24);
	struct axis ax = {.p0 = PAD + 4 + lw + 12, .p1 = c->w - PAD - 4 - vw - 6};
	if (ax.p1 - ax.p0 < 80)
		ax.p1 = ax.p0 + 80;
	chart_axis_range(vals, 2 * n, s->axis_max, &ax.lo, &ax.hi);
	ax.step = chart_nice_step(ax.hi - ax.lo, (ax.p1 - ax.p0) / 34);
	chart_axis_snap(&ax);

	/* rows are as tall as their (wrapped) label needs, at least two bars */
	const double bh = 11, gap = 3;
	double *rowh = g_new(double, n);
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		double h;
		chart_text_set(c, s->pairs[i].label, FS_LABEL, false, lw, 2, NULL, &h);
		rowh[i] = fmax(2 * bh + gap + 14, h + 10);
		total += rowh[i];
	}
	double top = y, bottom = y + total;
	double ry = top;
	for (size_t i = 0; i < n; ry += rowh[i], i += 1)
		if (i % 2 == 0)
			chart_fill_rect(cr, PAD, ry, c->w - 2 * PAD, rowh[i], &chart_colours.zebra);
	chart_haxis_draw(c, &ax, top - 3, bottom + 3, -1, bottom + 5);

	double x0 = chart_axis_pos(&ax, 0);
	ry = top;
	for (size_t i = 0; i < n; ry += rowh[i], i++) {
		double cy = ry + rowh[i] / 2;
		chart_text_draw(c, PAD + 4, cy, H_LEFT, V_MIDDLE, s->pairs[i].label, FS_LABEL, false, lw, 2,
		                &chart_colours.text);
		for (int k = 0; k < 2; k++) {
			double v = vals[2 * i + k];
			double by = k == 0 ? cy - gap / 2 - bh : cy + gap / 2;
			chart_fmt_num(c, v, c->decimals, buf, sizeof buf);
			if (!isfinite(v)) {
				chart_text_draw(c, x0 + 4, by + bh / 2, H_LEFT, V_MIDDLE, buf, FS_SMALL, false, 0, 1,
				                &chart_colours.muted);
				continue;
			}
			double xv = chart_axis_pos(&ax, v);
			chart_fill_rect(cr, fmin(x0, xv), by, fabs(xv - x0), bh, k == 0 ? &chart_colours.series : &chart_colours.refbar);
			chart_text_draw(c, fmax(xv, x0) + 4, by + bh / 2, H_LEFT, V_MIDDLE, buf, FS_SMALL, k == 0, 0,
			                1, k == 0 ? &chart_colours.text : &chart_colours.muted);
		}
	}
	g_free(rowh);
	g_free(vals);
	return chart_draw_haxis_title(c, o, &ax, bottom + 5 + 16) + PAD; /* under the tick labels */
}
