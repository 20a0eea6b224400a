/*
 * The drawing primitives every chart kind shares: the canvas (a cairo
 * context with one pango layout in Noto Sans, hinting off so metrics do
 * not depend on the surface), text set, measured and drawn (sanitised
 * UTF-8, ellipsis when it does not fit, optional background), numbers in
 * the chart's language, rectangles and lines, and the shared pieces:
 * heading, legend, "no data" box, value axes. Nothing here keeps state;
 * in the measuring pass (c->measuring) text is laid out but nothing is
 * drawn, so both passes see the same sizes.
 */
#include "io/chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define RGB(x) {(double)(((x) >> 16) & 255) / 255.0, (double)(((x) >> 8) & 255) / 255.0, \
	        (double)((x) & 255) / 255.0}

static const struct rgb band_colours[CHART_BAND_COLOURS] = {
	RGB(0x2e7d32), RGB(0x7cb342), RGB(0xf9a825), RGB(0xef6c00),
	RGB(0xc62828), RGB(0x6a1b9a), RGB(0x00838f),
};
const struct chart_palette chart_colours = {
	.none = RGB(0xa8adb5), /* band -1, "not graded" */
	.text = RGB(0x1f2937),
	.muted = RGB(0x5b6472),
	.grid = RGB(0xe3e6ea),
	.axis = RGB(0x8b929c),
	.zebra = RGB(0xf5f7f9),
	.white = RGB(0xffffff),
	.series = RGB(0x2563eb),  /* the unit */
	.refbar = RGB(0xaab1bb),  /* the group average (bars) */
	.refline = RGB(0x6b7280), /* the group average (lines) */
	.average = RGB(0x111827), /* the average marker */
};

const struct rgb *chart_band_colour(int band)
{
	if (band < 0 || band >= CHART_BAND_COLOURS)
		return &chart_colours.none;
	return &band_colours[band];
}

void chart_canvas_open(struct canvas *c, cairo_t *cr, const struct chart_opts *o, double w)
{
	c->cr = cr;
	c->w = w;
	c->en = o && o->lang && !strcmp(o->lang, "en");
	c->decimals = 2;
	if (o && o->decimals == CHART_INTEGER)
		c->decimals = 0;
	else if (o && o->decimals > 0)
		c->decimals = o->decimals > 6 ? 6 : o->decimals;
	c->pc = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(c->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(c->pc, FALSE);
	c->layout = pango_layout_new(c->pc);
	c->fd = pango_font_description_new();
	pango_font_description_set_family(c->fd, CHART_FONT_FAMILY);
}

void chart_canvas_close(struct canvas *c)
{
	pango_font_description_free(c->fd);
	g_object_unref(c->layout);
	g_object_unref(c->pc);
}

const char *chart_word(const struct canvas *c, const char *vi, const char *en)
{
	return c->en ? en : vi;
}

void chart_set_colour(cairo_t *cr, const struct rgb *col)
{
	cairo_set_source_rgb(cr, col->r, col->g, col->b);
}

/* Puts text (sanitised: valid UTF-8, control characters as spaces) into
 * the layout. maxw > 0 limits the width: lines > 1 wraps first, the last
 * line ends with an ellipsis. *w and *h receive the logical size. */
void chart_text_set(struct canvas *c, const char *text, double size, bool bold,
                    double maxw, int lines, double *w, double *h)
{
	if (!text)
		text = "";
	char *valid = g_utf8_make_valid(text, -1);
	for (char *p = valid; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	pango_font_description_set_absolute_size(c->fd, size * PANGO_SCALE);
	pango_font_description_set_weight(c->fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(c->layout, c->fd);
	if (maxw > 0) {
		pango_layout_set_width(c->layout, (int)(maxw * PANGO_SCALE));
		pango_layout_set_wrap(c->layout, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_height(c->layout, -(lines > 1 ? lines : 1));
		pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
	} else {
		pango_layout_set_width(c->layout, -1);
		pango_layout_set_height(c->layout, -1);
		pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_NONE);
	}
	pango_layout_set_text(c->layout, valid, -1);
	g_free(valid);
	PangoRectangle ink, logical;
	pango_layout_get_extents(c->layout, &ink, &logical);
	if (w)
		*w = (double)logical.width / PANGO_SCALE;
	if (h)
		*h = (double)logical.height / PANGO_SCALE;
}

double chart_text_width(struct canvas *c, const char *text, double size, bool bold)
{
	double w;
	chart_text_set(c, text, size, bold, 0, 1, &w, NULL);
	return w;
}

/* Draws text anchored at (x, y) on a rectangle of colour bg (NULL: none,
 * else it keeps grid and marker lines from crossing the text); returns
 * the text's height. */
double chart_text_draw_bg(struct canvas *c, double x, double y, enum halign ha,
                          enum valign va, const char *text, double size, bool bold,
                          double maxw, int lines, const struct rgb *col, const struct rgb *bg)
{
	double w, h;
	chart_text_set(c, text, size, bold, maxw, lines, &w, &h);
	if (maxw > 0) {
		/* the layout is maxw wide: align within it */
		PangoAlignment al = ha == H_LEFT ? PANGO_ALIGN_LEFT
		                    : ha == H_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER;
		pango_layout_set_alignment(c->layout, al);
		w = maxw;
	} else {
		pango_layout_set_alignment(c->layout, PANGO_ALIGN_LEFT);
	}
	double left = ha == H_LEFT ? x : ha == H_RIGHT ? x - w : x - w / 2;
	double top = va == V_TOP ? y : va == V_BOTTOM ? y - h : y - h / 2;
	if (bg) {
		chart_set_colour(c->cr, bg);
		cairo_rectangle(c->cr, left - 2, top + 1, w + 4, h - 2);
		cairo_fill(c->cr);
	}
	if (c->measuring)
		return h;
	chart_set_colour(c->cr, col);
	cairo_move_to(c->cr, left, top);
	pango_cairo_show_layout(c->cr, c->layout);
	return h;
}

double chart_text_draw(struct canvas *c, double x, double y, enum halign ha, enum valign va,
                       const char *text, double size, bool bold, double maxw, int lines,
                       const struct rgb *col)
{
	return chart_text_draw_bg(c, x, y, ha, va, text, size, bold, maxw, lines, col, NULL);
}

/* A number as the reader's language writes it: "91,04" or "91.04";
 * not finite: an em dash. */
void chart_fmt_num(const struct canvas *c, double v, int decimals, char *buf, size_t size)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "%s", "\u2014");
		return;
	}
	snprintf(buf, size, "%.*f", decimals, v);
	/* "-0,00": a value that rounds to zero has no sign */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	/* whatever LC_NUMERIC says, the reader's separator */
	for (char *p = buf; *p; p++)
		if (*p == '.' || *p == ',')
			*p = c->en ? '.' : ',';
}

void chart_fill_rect(cairo_t *cr, double x, double y, double w, double h, const struct rgb *col)
{
	chart_set_colour(cr, col);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

/* A crisp 1-unit line: coordinates on the half unit. */
static void hline(cairo_t *cr, double x0, double x1, double y, const struct rgb *col)
{
	chart_set_colour(cr, col);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, floor(y) + 0.5);
	cairo_line_to(cr, x1, floor(y) + 0.5);
	cairo_stroke(cr);
}

static void vline(cairo_t *cr, double x, double y0, double y1, const struct rgb *col)
{
	chart_set_colour(cr, col);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, floor(x) + 0.5, y0);
	cairo_line_to(cr, floor(x) + 0.5, y1);
	cairo_stroke(cr);
}

/* The width of a label column: lw (the widest label), at most share of
 * the width inside the margins, at least min, in whole units. */
double chart_label_column(const struct canvas *c, double lw, double share, double min)
{
	double cap = (c->w - 2 * PAD) * share;
	if (lw > cap)
		lw = cap;
	if (lw < min)
		lw = min;
	return ceil(lw);
}

/* ---- shared pieces: header, legend, axes, empty box --------------------- */

double chart_draw_header(struct canvas *c, const struct chart_opts *o, double y)
{
	bool any = false;
	if (o->mark && *o->mark) {
		static const struct rgb mark = RGB(0x9b1c1c);
		y += chart_text_draw(c, PAD, y, H_LEFT, V_TOP, o->mark, FS_TITLE, true, c->w - 2 * PAD, 2,
		                     &mark);
		any = true;
	}
	if (o->title && *o->title) {
		y += chart_text_draw(c, PAD, y, H_LEFT, V_TOP, o->title, FS_TITLE, true, c->w - 2 * PAD, 2,
		                     &chart_colours.text);
		any = true;
	}
	if (o->subtitle && *o->subtitle) {
		y += chart_text_draw(c, PAD, y, H_LEFT, V_TOP, o->subtitle, FS_SUBTITLE, false,
		                     c->w - 2 * PAD, 2, &chart_colours.muted);
		any = true;
	}
	return any ? y + 8 : y;
}

static void swatch(struct canvas *c, enum swatch kind, const struct rgb *col, double x, double cy)
{
	cairo_t *cr = c->cr;
	if (kind == SW_BOX) {
		chart_fill_rect(cr, x, cy - 6, 12, 12, col);
		return;
	}
	cairo_save(cr);
	chart_set_colour(cr, col);
	cairo_set_line_width(cr, kind == SW_LINE ? 2.5 : 1.5);
	if (kind == SW_DASH)
		cairo_set_dash(cr, (const double[]){4, 3}, 2, 0);
	cairo_move_to(cr, x, cy);
	cairo_line_to(cr, x + 18, cy);
	cairo_stroke(cr);
	cairo_restore(cr);
	if (kind == SW_LINE) {
		cairo_arc(cr, x + 9, cy, 3.5, 0, 2 * M_PI);
		chart_set_colour(cr, &chart_colours.white);
		cairo_fill_preserve(cr);
		chart_set_colour(cr, col);
		cairo_set_line_width(cr, 2);
		cairo_stroke(cr);
	}
}

/* Items flow left to right and wrap; returns the y below the legend. */
double chart_draw_legend(struct canvas *c, const struct legend_item *it, size_t n, double y)
{
	if (!n)
		return y;
	double x = PAD, right = c->w - PAD;
	for (size_t i = 0; i < n; i++) {
		double sw = it[i].kind == SW_BOX ? 12 : 18;
		double tw = chart_text_width(c, it[i].label, FS_LABEL, false);
		double maxtw = right - PAD - sw - 6;
		if (tw > maxtw)
			tw = maxtw;
		if (x > PAD && x + sw + 6 + tw > right) {
			x = PAD;
			y += LEGEND_ROW;
		}
		double cy = y + LEGEND_ROW / 2;
		swatch(c, it[i].kind, it[i].col, x, cy);
		chart_text_draw(c, x + sw + 6, cy, H_LEFT, V_MIDDLE, it[i].label, FS_LABEL, false, tw + 1, 1,
		                &chart_colours.text);
		x += sw + 6 + tw + 18;
	}
	return y + LEGEND_ROW + 6;
}

double chart_draw_empty(struct canvas *c, const struct chart_opts *o, double y)
{
	const char *t = o->empty_text ? o->empty_text
	                              : chart_word(c, "Không có dữ liệu", "No data");
	cairo_t *cr = c->cr;
	chart_set_colour(cr, &chart_colours.grid);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, PAD + 0.5, floor(y) + 0.5, c->w - 2 * PAD - 1, EMPTY_H);
	cairo_stroke(cr);
	chart_text_draw(c, c->w / 2, y + EMPTY_H / 2, H_CENTRE, V_MIDDLE, t, FS_LABEL, false,
	                c->w - 4 * PAD, 2, &chart_colours.muted);
	return y + EMPTY_H + PAD;
}
double chart_axis_pos(const struct axis *a, double v)
{
	if (v < a->lo)
		v = a->lo;
	if (v > a->hi)
		v = a->hi;
	return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

/* The smallest of 1, 2, 5 x 10^k giving at most maxticks intervals (and
 * never more than 10: 0..100 in tens, however wide the plot). */
double chart_nice_step(double span, double maxticks)
{
	if (maxticks > 10)
		maxticks = 10;
	if (maxticks < 1)
		maxticks = 1;
	double raw = span / maxticks;
	double mag = pow(10, floor(log10(raw)));
	static const double mult[] = {1, 2, 5, 10};
	for (size_t i = 0; i < 4; i++)
		if (mult[i] * mag >= raw - 1e-9)
			return mult[i] * mag;
	return 10 * mag;
}

/* Widens [lo, hi] to whole steps, so the ends carry ticks. */
void chart_axis_snap(struct axis *a)
{
	a->lo = floor(a->lo / a->step + 1e-9) * a->step;
	a->hi = ceil(a->hi / a->step - 1e-9) * a->step;
}

/* The axis range: [min(0, data), max(top, data)] rounded out to tens. */
void chart_axis_range(const double *v, size_t n, double top, double *lo, double *hi)
{
	double mn = 0, mx = top > 0 && isfinite(top) ? top : 100;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		if (v[i] < mn)
			mn = v[i];
		if (v[i] > mx)
			mx = v[i];
	}
	*lo = mn < 0 ? floor(mn / 10) * 10 : 0;
	*hi = ceil(mx / 10) * 10;
	if (*hi <= *lo)
		*hi = *lo + 10;
}

static void tick_label(const struct canvas *c, double v, double step, char *buf, size_t size)
{
	int d = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	chart_fmt_num(c, v, d, buf, size);
}

/* Vertical grid lines and, at y_labels (if >= 0), tick labels. */
void chart_haxis_draw(struct canvas *c, const struct axis *a, double top, double bottom,
                      double label_top, double label_bottom)
{
	char buf[32];
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		double x = chart_axis_pos(a, v);
		vline(c->cr, x, top, bottom, fabs(v) < 1e-9 ? &chart_colours.axis : &chart_colours.grid);
		tick_label(c, v, a->step, buf, sizeof buf);
		if (label_top >= 0)
			chart_text_draw(c, x, label_top, H_CENTRE, V_BOTTOM, buf, FS_SMALL, false, 0, 1, &chart_colours.muted);
		if (label_bottom >= 0)
			chart_text_draw(c, x, label_bottom, H_CENTRE, V_TOP, buf, FS_SMALL, false, 0, 1, &chart_colours.muted);
	}
}

/* Horizontal grid lines with tick labels right-aligned at label_right. */
void chart_vaxis_draw(struct canvas *c, const struct axis *a, double left, double right,
                      double label_right, int decimals_from_step)
{
	char buf[32];
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		double y = chart_axis_pos(a, v);
		hline(c->cr, left, right, y, fabs(v - a->lo) < 1e-9 ? &chart_colours.axis : &chart_colours.grid);
		if (decimals_from_step)
			tick_label(c, v, a->step, buf, sizeof buf);
		else
			chart_fmt_num(c, v, 0, buf, sizeof buf);
		chart_text_draw(c, label_right, y, H_RIGHT, V_MIDDLE, buf, FS_SMALL, false, 0, 1, &chart_colours.muted);
	}
}

/* The axis title centred under a horizontal axis whose tick labels end
 * at y; returns where it ends (y when there is none). */
double chart_draw_haxis_title(struct canvas *c, const struct chart_opts *o, const struct axis *a,
                              double y)
{
	if (o->axis_title && *o->axis_title)
		y += chart_text_draw(c, (a->p0 + a->p1) / 2, y + 2, H_CENTRE, V_TOP, o->axis_title,
		                     FS_LABEL, false, 0, 1, &chart_colours.muted) + 2;
	return y;
}
