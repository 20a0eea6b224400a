/*
 * The ranking chart (chart_ranking_draw): one horizontal bar per unit in
 * the given order, with its rank, label, value label and grade-band
 * colour; an optional dashed group-average marker; the legend of the
 * bands. Row height shrinks with the number of bars (28, 22, 17 px).
 */
#include "io/chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double chart_draw_ranking(struct canvas *c, const void *p, double y)
{
	const struct chart_ranking_spec *s = p;
	const struct chart_opts *o = &s->opts;
	cairo_t *cr = c->cr;
	char buf[64];

	/* legend: the bands' colours and the average marker */
	struct legend_item legend[CHART_BAND_COLOURS + 2];
	size_t nl = 0;
	for (size_t i = 0; s->bands && i < s->nbands && i < CHART_BAND_COLOURS; i++)
		legend[nl++] = (struct legend_item){SW_BOX, chart_band_colour((int)i), s->bands[i]};
	bool avg = s->has_average && isfinite(s->average);
	char avgtext[256];
	if (avg) {
		char num[32];
		chart_fmt_num(c, s->average, c->decimals, num, sizeof num);
		snprintf(avgtext, sizeof avgtext, "%s: %s",
		         s->average_label ? s->average_label
		                          : chart_word(c, "Trung bình nhóm", "Group average"),
		         num);
		legend[nl++] = (struct legend_item){SW_DASH, &chart_colours.average, avgtext};
	}
	if (s->nbars)
		y = chart_draw_legend(c, legend, nl, y);
	if (!s->nbars)
		return chart_draw_empty(c, o, y);

	size_t n = s->nbars;
	bool dense = n > 40;
	double fs = dense ? FS_SMALL : FS_LABEL;
	double rh = n <= 12 ? 28 : n <= 40 ? 22 : 17;
	double bh = round(rh * 0.64);

	/* columns: rank, label, plot, value labels */
	int maxrank = 0;
	double lw = 0, vw = chart_text_width(c, "\u2014", FS_SMALL, false);
	double *vals = g_new(double, n);
	for (size_t i = 0; i < n; i++) {
		const struct chart_bar *b = &s->bars[i];
		vals[i] = isfinite(b->value) ? b->value : NAN;
		if (b->rank > maxrank)
			maxrank = b->rank;
		double w = chart_text_width(c, b->label, fs, b->emphasis);
		if (w > lw)
			lw = w;
		chart_fmt_num(c, b->value, c->decimals, buf, sizeof buf);
		w = chart_text_width(c, buf, FS_SMALL, b->emphasis);
		if (w > vw)
			vw = w;
	}
	double rw = 0;
	if (maxrank > 0) {
		snprintf(buf, sizeof buf, "%d.", maxrank);
		rw = chart_text_width(c, buf, fs, false) + 8;
	}
	lw = chart_label_column(c, lw, 0.4, 40);
	double xlabel = PAD + 4 + rw;
	struct axis ax = {.p0 = xlabel + lw + 12, .p1 = c->w - PAD - 4 - vw - 6};
	if (ax.p1 - ax.p0 < 80)
		ax.p1 = ax.p0 + 80;
	double extra[1] = {avg ? s->average : NAN};
	double lo1, hi1, lo2, hi2;
	chart_axis_range(vals, n, s->axis_max, &lo1, &hi1);
	chart_axis_range(extra, 1, s->axis_max, &lo2, &hi2);
	ax.lo = fmin(lo1, lo2);
	ax.hi = fmax(hi1, hi2);
	ax.step = chart_nice_step(ax.hi - ax.lo, (ax.p1 - ax.p0) / 34);
	chart_axis_snap(&ax);

	double tick_h = 16;
	bool top_labels = n > 20;
	if (top_labels || avg)
		y += tick_h;
	double top = y, bottom = y + (double)n * rh;

	for (size_t i = 0; i < n; i += 2)
		chart_fill_rect(cr, PAD, top + (double)i * rh, c->w - 2 * PAD, rh, &chart_colours.zebra);
	chart_haxis_draw(c, &ax, top - 3, bottom + 3, top_labels ? top - 4 : -1, bottom + 5);

	if (avg) {
		/* under the bars and the value labels, which mask it */
		double xa = chart_axis_pos(&ax, s->average);
		cairo_save(cr);
		chart_set_colour(cr, &chart_colours.average);
		cairo_set_line_width(cr, 1.5);
		cairo_set_dash(cr, (const double[]){5, 3}, 2, 0);
		cairo_move_to(cr, xa, top - tick_h + 2);
		cairo_line_to(cr, xa, bottom + 3);
		cairo_stroke(cr);
		cairo_restore(cr);
	}
	double x0 = chart_axis_pos(&ax, 0);
	for (size_t i = 0; i < n; i++) {
		const struct chart_bar *b = &s->bars[i];
		double cy = top + (double)i * rh + rh / 2;
		const struct rgb *rowbg = i % 2 == 0 ? &chart_colours.zebra : &chart_colours.white;
		if (b->rank > 0) {
			snprintf(buf, sizeof buf, "%d.", b->rank);
			chart_text_draw(c, PAD + 4 + rw - 8, cy, H_RIGHT, V_MIDDLE, buf, fs, false, 0, 1, &chart_colours.muted);
		}
		chart_text_draw(c, xlabel, cy, H_LEFT, V_MIDDLE, b->label, fs, b->emphasis, lw, 1, &chart_colours.text);
		chart_fmt_num(c, b->value, c->decimals, buf, sizeof buf);
		if (!isfinite(vals[i])) {
			chart_text_draw_bg(c, x0 + 4, cy, H_LEFT, V_MIDDLE, buf, FS_SMALL, false, 0, 1, &chart_colours.muted,
			                   rowbg);
			continue;
		}
		double xv = chart_axis_pos(&ax, vals[i]);
		double bx = fmin(x0, xv), bw = fabs(xv - x0);
		chart_fill_rect(cr, bx, cy - bh / 2, bw, bh, chart_band_colour(b->band));
		if (b->emphasis) {
			chart_set_colour(cr, &chart_colours.text);
			cairo_set_line_width(cr, 1.5);
			cairo_rectangle(cr, bx, cy - bh / 2, bw, bh);
			cairo_stroke(cr);
		}
		chart_text_draw_bg(c, fmax(xv, x0) + 4, cy, H_LEFT, V_MIDDLE, buf, FS_SMALL, b->emphasis, 0, 1,
		                   &chart_colours.text, rowbg);
	}
	g_free(vals);
	return chart_draw_haxis_title(c, o, &ax, bottom + 5 + 16) + PAD; /* under the tick labels */
}
