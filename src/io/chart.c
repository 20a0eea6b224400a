/*
 * Charts on cairo + pango (see chart.h for the contract).
 *
 * Why it is built this way:
 *  - One drawing function per kind, run twice: first on a 1x1 image
 *    surface to find the height the data needs (text is measured by the
 *    same pango calls that later draw it, so the two passes cannot
 *    disagree), then on the real SVG, PDF or PNG surface of that height.
 *  - Hinting and glyph-position rounding are off, so text metrics do not
 *    depend on the surface or the PNG scale: the three formats lay out
 *    identically.
 *  - cairo's SVG is post-processed by a small tag rewriter (svg_rewrite)
 *    that only lets through the elements and attributes cairo is known to
 *    write for paths, fills, strokes, clips and glyphs; anything else is a
 *    failure, not a pass-through. It renumbers ids (cairo 1.16 names the
 *    page group after a process-global surface counter, which would make
 *    the output differ between two identical calls), prefixes them,
 *    turns style="..." into presentation attributes (a CSP without
 *    'unsafe-inline' blocks style attributes but not these) and adds the
 *    accessible name.
 * Invariants: no function here keeps state between calls; every cairo and
 * pango object is created and destroyed within one chart_*_draw call.
 */
#include "io/chart.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/map.h"

/* Under AddressSanitizer: fontconfig keeps its configuration and font
 * patterns for the life of the process (pango's per-thread font map holds
 * them) and frees some of them unreachably; LeakSanitizer reports that
 * at exit. Those allocations are not ours; everything this module
 * allocates is freed within each call (and checked by the tests). The
 * hook is the one place such a suppression may be defined: define no
 * other __lsan_default_suppressions in the program. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHART_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CHART_ASAN 1
#endif
#ifdef CHART_ASAN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

/* ---- colours and sizes ------------------------------------------------ */

struct rgb {
	double r, g, b;
};

#define RGB(x) {(double)(((x) >> 16) & 255) / 255.0, (double)(((x) >> 8) & 255) / 255.0, \
	        (double)((x) & 255) / 255.0}

static const struct rgb band_colours[CHART_BAND_COLOURS] = {
	RGB(0x2e7d32), RGB(0x7cb342), RGB(0xf9a825), RGB(0xef6c00),
	RGB(0xc62828), RGB(0x6a1b9a), RGB(0x00838f),
};
static const struct rgb c_none = RGB(0xa8adb5);    /* band -1, "not graded" */
static const struct rgb c_text = RGB(0x1f2937);
static const struct rgb c_muted = RGB(0x5b6472);
static const struct rgb c_grid = RGB(0xe3e6ea);
static const struct rgb c_axis = RGB(0x8b929c);
static const struct rgb c_zebra = RGB(0xf5f7f9);
static const struct rgb c_white = RGB(0xffffff);
static const struct rgb c_series = RGB(0x2563eb);  /* the unit */
static const struct rgb c_refbar = RGB(0xaab1bb);  /* the group average (bars) */
static const struct rgb c_refline = RGB(0x6b7280); /* the group average (lines) */
static const struct rgb c_average = RGB(0x111827); /* the average marker */

#define PAD 16.0          /* outer margin */
#define FS_TITLE 16.0     /* font sizes, px */
#define FS_SUBTITLE 12.0
#define FS_LABEL 12.0
#define FS_SMALL 11.0
#define EMPTY_H 90.0      /* height of the "no data" box */

static const struct rgb *band_colour(int band)
{
	if (band < 0 || band >= CHART_BAND_COLOURS)
		return &c_none;
	return &band_colours[band];
}

/* ---- the canvas: cairo context + pango layout -------------------------- */

struct canvas {
	cairo_t *cr;
	PangoContext *pc;
	PangoLayout *layout;
	PangoFontDescription *fd;
	double w;          /* the chart's width in units */
	bool measuring;    /* pass 1: lay out text, draw nothing */
	bool en;           /* English words and decimal point */
	int decimals;
};

static void canvas_open(struct canvas *c, cairo_t *cr, const struct chart_opts *o, double w)
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

static void canvas_close(struct canvas *c)
{
	pango_font_description_free(c->fd);
	g_object_unref(c->layout);
	g_object_unref(c->pc);
}

static const char *word(const struct canvas *c, const char *vi, const char *en)
{
	return c->en ? en : vi;
}

static void set_colour(cairo_t *cr, const struct rgb *col)
{
	cairo_set_source_rgb(cr, col->r, col->g, col->b);
}

enum halign { H_LEFT, H_CENTRE, H_RIGHT };
enum valign { V_TOP, V_MIDDLE, V_BOTTOM };

/* Puts text (sanitised: valid UTF-8, control characters as spaces) into
 * the layout. maxw > 0 limits the width: lines > 1 wraps first, the last
 * line ends with an ellipsis. *w and *h receive the logical size. */
static void text_set(struct canvas *c, const char *text, double size, bool bold,
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

static double text_width(struct canvas *c, const char *text, double size, bool bold)
{
	double w;
	text_set(c, text, size, bold, 0, 1, &w, NULL);
	return w;
}

/* Draws text anchored at (x, y) on a rectangle of colour bg (NULL: none,
 * else it keeps grid and marker lines from crossing the text); returns
 * the text's height. */
static double text_draw_bg(struct canvas *c, double x, double y, enum halign ha,
                           enum valign va, const char *text, double size, bool bold,
                           double maxw, int lines, const struct rgb *col, const struct rgb *bg)
{
	double w, h;
	text_set(c, text, size, bold, maxw, lines, &w, &h);
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
		set_colour(c->cr, bg);
		cairo_rectangle(c->cr, left - 2, top + 1, w + 4, h - 2);
		cairo_fill(c->cr);
	}
	if (c->measuring)
		return h;
	set_colour(c->cr, col);
	cairo_move_to(c->cr, left, top);
	pango_cairo_show_layout(c->cr, c->layout);
	return h;
}

static double text_draw(struct canvas *c, double x, double y, enum halign ha, enum valign va,
                        const char *text, double size, bool bold, double maxw, int lines,
                        const struct rgb *col)
{
	return text_draw_bg(c, x, y, ha, va, text, size, bold, maxw, lines, col, NULL);
}

/* A number as the reader's language writes it: "91,04" or "91.04";
 * not finite: an em dash. */
static void fmt_num(const struct canvas *c, double v, int decimals, char *buf, size_t size)
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

static void fill_rect(cairo_t *cr, double x, double y, double w, double h, const struct rgb *col)
{
	set_colour(cr, col);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

/* A crisp 1-unit line: coordinates on the half unit. */
static void hline(cairo_t *cr, double x0, double x1, double y, const struct rgb *col)
{
	set_colour(cr, col);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, floor(y) + 0.5);
	cairo_line_to(cr, x1, floor(y) + 0.5);
	cairo_stroke(cr);
}

static void vline(cairo_t *cr, double x, double y0, double y1, const struct rgb *col)
{
	set_colour(cr, col);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, floor(x) + 0.5, y0);
	cairo_line_to(cr, floor(x) + 0.5, y1);
	cairo_stroke(cr);
}

/* ---- shared pieces: header, legend, axes, empty box --------------------- */

static double draw_header(struct canvas *c, const struct chart_opts *o, double y)
{
	bool any = false;
	if (o->title && *o->title) {
		y += text_draw(c, PAD, y, H_LEFT, V_TOP, o->title, FS_TITLE, true, c->w - 2 * PAD, 2,
		               &c_text);
		any = true;
	}
	if (o->subtitle && *o->subtitle) {
		y += text_draw(c, PAD, y, H_LEFT, V_TOP, o->subtitle, FS_SUBTITLE, false,
		               c->w - 2 * PAD, 2, &c_muted);
		any = true;
	}
	return any ? y + 8 : y;
}

enum swatch { SW_BOX, SW_LINE, SW_DASH };

struct legend_item {
	enum swatch kind;
	const struct rgb *col;
	const char *label;
};

#define LEGEND_ROW 20.0

static void swatch(struct canvas *c, enum swatch kind, const struct rgb *col, double x, double cy)
{
	cairo_t *cr = c->cr;
	if (kind == SW_BOX) {
		fill_rect(cr, x, cy - 6, 12, 12, col);
		return;
	}
	cairo_save(cr);
	set_colour(cr, col);
	cairo_set_line_width(cr, kind == SW_LINE ? 2.5 : 1.5);
	if (kind == SW_DASH)
		cairo_set_dash(cr, (const double[]){4, 3}, 2, 0);
	cairo_move_to(cr, x, cy);
	cairo_line_to(cr, x + 18, cy);
	cairo_stroke(cr);
	cairo_restore(cr);
	if (kind == SW_LINE) {
		cairo_arc(cr, x + 9, cy, 3.5, 0, 2 * M_PI);
		set_colour(cr, &c_white);
		cairo_fill_preserve(cr);
		set_colour(cr, col);
		cairo_set_line_width(cr, 2);
		cairo_stroke(cr);
	}
}

/* Items flow left to right and wrap; returns the y below the legend. */
static double draw_legend(struct canvas *c, const struct legend_item *it, size_t n, double y)
{
	if (!n)
		return y;
	double x = PAD, right = c->w - PAD;
	for (size_t i = 0; i < n; i++) {
		double sw = it[i].kind == SW_BOX ? 12 : 18;
		double tw = text_width(c, it[i].label, FS_LABEL, false);
		double maxtw = right - PAD - sw - 6;
		if (tw > maxtw)
			tw = maxtw;
		if (x > PAD && x + sw + 6 + tw > right) {
			x = PAD;
			y += LEGEND_ROW;
		}
		double cy = y + LEGEND_ROW / 2;
		swatch(c, it[i].kind, it[i].col, x, cy);
		text_draw(c, x + sw + 6, cy, H_LEFT, V_MIDDLE, it[i].label, FS_LABEL, false, tw + 1, 1,
		          &c_text);
		x += sw + 6 + tw + 18;
	}
	return y + LEGEND_ROW + 6;
}

static double draw_empty(struct canvas *c, const struct chart_opts *o, double y)
{
	const char *t = o->empty_text ? o->empty_text
	                              : word(c, "Không có dữ liệu", "No data");
	cairo_t *cr = c->cr;
	set_colour(cr, &c_grid);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, PAD + 0.5, floor(y) + 0.5, c->w - 2 * PAD - 1, EMPTY_H);
	cairo_stroke(cr);
	text_draw(c, c->w / 2, y + EMPTY_H / 2, H_CENTRE, V_MIDDLE, t, FS_LABEL, false,
	          c->w - 4 * PAD, 2, &c_muted);
	return y + EMPTY_H + PAD;
}

/* A value axis from lo to hi with ticks every step, drawn over [p0, p1]
 * (left to right, or bottom to top for a vertical axis). */
struct axis {
	double lo, hi, step;
	double p0, p1;
};

static double axis_pos(const struct axis *a, double v)
{
	if (v < a->lo)
		v = a->lo;
	if (v > a->hi)
		v = a->hi;
	return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

/* The smallest of 1, 2, 5 x 10^k giving at most maxticks intervals (and
 * never more than 10: 0..100 in tens, however wide the plot). */
static double nice_step(double span, double maxticks)
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
static void axis_snap(struct axis *a)
{
	a->lo = floor(a->lo / a->step + 1e-9) * a->step;
	a->hi = ceil(a->hi / a->step - 1e-9) * a->step;
}

/* The axis range: [min(0, data), max(top, data)] rounded out to tens. */
static void axis_range(const double *v, size_t n, double top, double *lo, double *hi)
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
	fmt_num(c, v, d, buf, size);
}

/* Vertical grid lines and, at y_labels (if >= 0), tick labels. */
static void haxis_draw(struct canvas *c, const struct axis *a, double top, double bottom,
                       double label_top, double label_bottom)
{
	char buf[32];
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		double x = axis_pos(a, v);
		vline(c->cr, x, top, bottom, fabs(v) < 1e-9 ? &c_axis : &c_grid);
		tick_label(c, v, a->step, buf, sizeof buf);
		if (label_top >= 0)
			text_draw(c, x, label_top, H_CENTRE, V_BOTTOM, buf, FS_SMALL, false, 0, 1, &c_muted);
		if (label_bottom >= 0)
			text_draw(c, x, label_bottom, H_CENTRE, V_TOP, buf, FS_SMALL, false, 0, 1, &c_muted);
	}
}

/* Horizontal grid lines with tick labels right-aligned at label_right. */
static void vaxis_draw(struct canvas *c, const struct axis *a, double left, double right,
                       double label_right, int decimals_from_step)
{
	char buf[32];
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		double y = axis_pos(a, v);
		hline(c->cr, left, right, y, fabs(v - a->lo) < 1e-9 ? &c_axis : &c_grid);
		if (decimals_from_step)
			tick_label(c, v, a->step, buf, sizeof buf);
		else
			fmt_num(c, v, 0, buf, sizeof buf);
		text_draw(c, label_right, y, H_RIGHT, V_MIDDLE, buf, FS_SMALL, false, 0, 1, &c_muted);
	}
}

/* ---- (a) ranking ---------------------------------------------------------- */

static double draw_ranking(struct canvas *c, const void *p)
{
	const struct chart_ranking_spec *s = p;
	const struct chart_opts *o = &s->opts;
	cairo_t *cr = c->cr;
	char buf[64];
	double y = draw_header(c, o, PAD);

	/* legend: the bands' colours and the average marker */
	struct legend_item legend[CHART_BAND_COLOURS + 2];
	size_t nl = 0;
	for (size_t i = 0; s->bands && i < s->nbands && i < CHART_BAND_COLOURS; i++)
		legend[nl++] = (struct legend_item){SW_BOX, band_colour((int)i), s->bands[i]};
	bool avg = s->has_average && isfinite(s->average);
	char avgtext[256];
	if (avg) {
		char num[32];
		fmt_num(c, s->average, c->decimals, num, sizeof num);
		snprintf(avgtext, sizeof avgtext, "%s: %s",
		         s->average_label ? s->average_label
		                          : word(c, "Trung bình nhóm", "Group average"),
		         num);
		legend[nl++] = (struct legend_item){SW_DASH, &c_average, avgtext};
	}
	if (s->nbars)
		y = draw_legend(c, legend, nl, y);
	if (!s->nbars)
		return draw_empty(c, o, y);

	size_t n = s->nbars;
	bool dense = n > 40;
	double fs = dense ? FS_SMALL : FS_LABEL;
	double rh = n <= 12 ? 28 : n <= 40 ? 22 : 17;
	double bh = round(rh * 0.64);

	/* columns: rank, label, plot, value labels */
	int maxrank = 0;
	double lw = 0, vw = text_width(c, "\u2014", FS_SMALL, false);
	double *vals = g_new(double, n);
	for (size_t i = 0; i < n; i++) {
		const struct chart_bar *b = &s->bars[i];
		vals[i] = isfinite(b->value) ? b->value : NAN;
		if (b->rank > maxrank)
			maxrank = b->rank;
		double w = text_width(c, b->label, fs, b->emphasis);
		if (w > lw)
			lw = w;
		fmt_num(c, b->value, c->decimals, buf, sizeof buf);
		w = text_width(c, buf, FS_SMALL, b->emphasis);
		if (w > vw)
			vw = w;
	}
	double rw = 0;
	if (maxrank > 0) {
		snprintf(buf, sizeof buf, "%d.", maxrank);
		rw = text_width(c, buf, fs, false) + 8;
	}
	double lcap = (c->w - 2 * PAD) * 0.4;
	if (lw > lcap)
		lw = lcap;
	if (lw < 40)
		lw = 40;
	lw = ceil(lw);
	double xlabel = PAD + 4 + rw;
	struct axis ax = {.p0 = xlabel + lw + 12, .p1 = c->w - PAD - 4 - vw - 6};
	if (ax.p1 - ax.p0 < 80)
		ax.p1 = ax.p0 + 80;
	double extra[1] = {avg ? s->average : NAN};
	double lo1, hi1, lo2, hi2;
	axis_range(vals, n, s->axis_max, &lo1, &hi1);
	axis_range(extra, 1, s->axis_max, &lo2, &hi2);
	ax.lo = fmin(lo1, lo2);
	ax.hi = fmax(hi1, hi2);
	ax.step = nice_step(ax.hi - ax.lo, (ax.p1 - ax.p0) / 34);
	axis_snap(&ax);

	double tick_h = 16;
	bool top_labels = n > 20;
	if (top_labels || avg)
		y += tick_h;
	double top = y, bottom = y + (double)n * rh;

	for (size_t i = 0; i < n; i += 2)
		fill_rect(cr, PAD, top + (double)i * rh, c->w - 2 * PAD, rh, &c_zebra);
	haxis_draw(c, &ax, top - 3, bottom + 3, top_labels ? top - 4 : -1, bottom + 5);

	if (avg) {
		/* under the bars and the value labels, which mask it */
		double xa = axis_pos(&ax, s->average);
		cairo_save(cr);
		set_colour(cr, &c_average);
		cairo_set_line_width(cr, 1.5);
		cairo_set_dash(cr, (const double[]){5, 3}, 2, 0);
		cairo_move_to(cr, xa, top - tick_h + 2);
		cairo_line_to(cr, xa, bottom + 3);
		cairo_stroke(cr);
		cairo_restore(cr);
	}
	double x0 = axis_pos(&ax, 0);
	for (size_t i = 0; i < n; i++) {
		const struct chart_bar *b = &s->bars[i];
		double cy = top + (double)i * rh + rh / 2;
		const struct rgb *rowbg = i % 2 == 0 ? &c_zebra : &c_white;
		if (b->rank > 0) {
			snprintf(buf, sizeof buf, "%d.", b->rank);
			text_draw(c, PAD + 4 + rw - 8, cy, H_RIGHT, V_MIDDLE, buf, fs, false, 0, 1, &c_muted);
		}
		text_draw(c, xlabel, cy, H_LEFT, V_MIDDLE, b->label, fs, b->emphasis, lw, 1, &c_text);
		fmt_num(c, b->value, c->decimals, buf, sizeof buf);
		if (!isfinite(vals[i])) {
			text_draw_bg(c, x0 + 4, cy, H_LEFT, V_MIDDLE, buf, FS_SMALL, false, 0, 1, &c_muted,
			             rowbg);
			continue;
		}
		double xv = axis_pos(&ax, vals[i]);
		double bx = fmin(x0, xv), bw = fabs(xv - x0);
		fill_rect(cr, bx, cy - bh / 2, bw, bh, band_colour(b->band));
		if (b->emphasis) {
			set_colour(cr, &c_text);
			cairo_set_line_width(cr, 1.5);
			cairo_rectangle(cr, bx, cy - bh / 2, bw, bh);
			cairo_stroke(cr);
		}
		text_draw_bg(c, fmax(xv, x0) + 4, cy, H_LEFT, V_MIDDLE, buf, FS_SMALL, b->emphasis, 0, 1,
		             &c_text, rowbg);
	}
	g_free(vals);
	y = bottom + 5 + 16;
	if (o->axis_title && *o->axis_title)
		y += text_draw(c, (ax.p0 + ax.p1) / 2, y + 2, H_CENTRE, V_TOP, o->axis_title, FS_LABEL,
		               false, 0, 1, &c_muted) + 2;
	return y + PAD;
}

/* ---- (b) pairs -------------------------------------------------------------- */

static double draw_pairs(struct canvas *c, const void *p)
{
	const struct chart_pairs_spec *s = p;
	const struct chart_opts *o = &s->opts;
	cairo_t *cr = c->cr;
	char buf[64];
	double y = draw_header(c, o, PAD);
	struct legend_item legend[2] = {
		{SW_BOX, &c_series, s->value_label ? s->value_label : word(c, "Đơn vị", "This unit")},
		{SW_BOX, &c_refbar, s->reference_label ? s->reference_label
		                                       : word(c, "Trung bình nhóm", "Group average")},
	};
	if (!s->npairs)
		return draw_empty(c, o, y);
	y = draw_legend(c, legend, 2, y);

	size_t n = s->npairs;
	double lw = 0, vw = text_width(c, "\u2014", FS_SMALL, false);
	double *vals = g_new(double, 2 * n);
	for (size_t i = 0; i < n; i++) {
		vals[2 * i] = s->pairs[i].value;
		vals[2 * i + 1] = s->pairs[i].reference;
		double w = text_width(c, s->pairs[i].label, FS_LABEL, false);
		if (w > lw)
			lw = w;
		for (int k = 0; k < 2; k++) {
			fmt_num(c, vals[2 * i + k], c->decimals, buf, sizeof buf);
			w = text_width(c, buf, FS_SMALL, k == 0);
			if (w > vw)
				vw = w;
		}
	}
	double lcap = (c->w - 2 * PAD) * 0.36;
	if (lw > lcap)
		lw = lcap;
	if (lw < 24)
		lw = 24;
	lw = ceil(lw);
	struct axis ax = {.p0 = PAD + 4 + lw + 12, .p1 = c->w - PAD - 4 - vw - 6};
	if (ax.p1 - ax.p0 < 80)
		ax.p1 = ax.p0 + 80;
	axis_range(vals, 2 * n, s->axis_max, &ax.lo, &ax.hi);
	ax.step = nice_step(ax.hi - ax.lo, (ax.p1 - ax.p0) / 34);
	axis_snap(&ax);

	/* rows are as tall as their (wrapped) label needs, at least two bars */
	const double bh = 11, gap = 3;
	double *rowh = g_new(double, n);
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		double h;
		text_set(c, s->pairs[i].label, FS_LABEL, false, lw, 2, NULL, &h);
		rowh[i] = fmax(2 * bh + gap + 14, h + 10);
		total += rowh[i];
	}
	double top = y, bottom = y + total;
	double ry = top;
	for (size_t i = 0; i < n; ry += rowh[i], i += 1)
		if (i % 2 == 0)
			fill_rect(cr, PAD, ry, c->w - 2 * PAD, rowh[i], &c_zebra);
	haxis_draw(c, &ax, top - 3, bottom + 3, -1, bottom + 5);

	double x0 = axis_pos(&ax, 0);
	ry = top;
	for (size_t i = 0; i < n; ry += rowh[i], i++) {
		double cy = ry + rowh[i] / 2;
		text_draw(c, PAD + 4, cy, H_LEFT, V_MIDDLE, s->pairs[i].label, FS_LABEL, false, lw, 2,
		          &c_text);
		for (int k = 0; k < 2; k++) {
			double v = vals[2 * i + k];
			double by = k == 0 ? cy - gap / 2 - bh : cy + gap / 2;
			fmt_num(c, v, c->decimals, buf, sizeof buf);
			if (!isfinite(v)) {
				text_draw(c, x0 + 4, by + bh / 2, H_LEFT, V_MIDDLE, buf, FS_SMALL, false, 0, 1,
				          &c_muted);
				continue;
			}
			double xv = axis_pos(&ax, v);
			fill_rect(cr, fmin(x0, xv), by, fabs(xv - x0), bh, k == 0 ? &c_series : &c_refbar);
			text_draw(c, fmax(xv, x0) + 4, by + bh / 2, H_LEFT, V_MIDDLE, buf, FS_SMALL, k == 0, 0,
			          1, k == 0 ? &c_text : &c_muted);
		}
	}
	g_free(rowh);
	g_free(vals);
	y = bottom + 5 + 16;
	if (o->axis_title && *o->axis_title)
		y += text_draw(c, (ax.p0 + ax.p1) / 2, y + 2, H_CENTRE, V_TOP, o->axis_title, FS_LABEL,
		               false, 0, 1, &c_muted) + 2;
	return y + PAD;
}

/* ---- (c) history ------------------------------------------------------------ */

#define PLOT_H 240.0

static void draw_series(struct canvas *c, const struct axis *ay, const double *v, size_t n,
                        double x0, double step, const struct rgb *col, bool main)
{
	cairo_t *cr = c->cr;
	cairo_save(cr);
	set_colour(cr, col);
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
		double x = x0 + ((double)i + 0.5) * step, y = axis_pos(ay, v[i]);
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
		double x = x0 + ((double)i + 0.5) * step, y = axis_pos(ay, v[i]);
		cairo_new_path(cr);
		cairo_arc(cr, x, y, main ? 4.5 : 3, 0, 2 * M_PI);
		set_colour(cr, main ? &c_white : col);
		cairo_fill_preserve(cr);
		set_colour(cr, col);
		cairo_set_line_width(cr, 2);
		cairo_stroke(cr);
	}
}

static double draw_history(struct canvas *c, const void *p)
{
	const struct chart_history_spec *s = p;
	const struct chart_opts *o = &s->opts;
	char buf[96];
	double y = draw_header(c, o, PAD);
	if (!s->npoints)
		return draw_empty(c, o, y);
	size_t n = s->npoints;
	bool ref = s->reference_label != NULL;
	struct legend_item legend[2];
	size_t nl = 0;
	if (s->value_label || ref)
		legend[nl++] = (struct legend_item){SW_LINE, &c_series,
		                                    s->value_label ? s->value_label
		                                                   : word(c, "Đơn vị", "This unit")};
	if (ref)
		legend[nl++] = (struct legend_item){SW_DASH, &c_refline, s->reference_label};
	y = draw_legend(c, legend, nl, y);

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
		y += text_draw(c, PAD, y, H_LEFT, V_TOP, o->axis_title, FS_LABEL, false,
		               c->w - 2 * PAD, 1, &c_muted) + 4;
	y += 16; /* room for the value label of a point at the top */
	double ylw = text_width(c, "100,0", FS_SMALL, false) + 8;
	double x0 = PAD + ylw, x1 = c->w - PAD;
	ay.p0 = y + PLOT_H;
	ay.p1 = y;
	ay.step = nice_step(ay.hi - ay.lo, PLOT_H / 22);
	if (ay.step < 5 && ay.hi - ay.lo >= 10)
		ay.step = 5; /* index points: finer ticks are noise */
	axis_snap(&ay);
	vaxis_draw(c, &ay, x0, x1, x0 - 6, 1);
	double step = (x1 - x0) / (double)n;

	if (ref)
		draw_series(c, &ay, r, n, x0, step, &c_refline, false);
	draw_series(c, &ay, v, n, x0, step, &c_series, true);
	const char *prefix = s->rank_prefix ? s->rank_prefix : word(c, "hạng ", "rank ");
	bool ranks = false;
	for (size_t i = 0; i < n; i++) {
		double x = x0 + ((double)i + 0.5) * step;
		double lh = text_draw(c, x, ay.p0 + 6, H_CENTRE, V_TOP, s->points[i].label, FS_LABEL,
		                      false, step - 4, 1, &c_text);
		if (s->points[i].rank > 0) {
			/* under the year, where no line can cross it */
			char rk[96];
			snprintf(rk, sizeof rk, "%s%d", prefix, s->points[i].rank);
			text_draw(c, x, ay.p0 + 6 + lh, H_CENTRE, V_TOP, rk, FS_SMALL, false, step - 4, 1,
			          &c_muted);
			ranks = true;
		}
		if (!isfinite(v[i]))
			continue;
		double py = axis_pos(&ay, v[i]);
		fmt_num(c, v[i], c->decimals, buf, sizeof buf);
		text_draw_bg(c, x, py - 8, H_CENTRE, V_BOTTOM, buf, FS_SMALL, true, 0, 1, &c_text,
		             &c_white);
	}
	g_free(v);
	return ay.p0 + 6 + 18 + (ranks ? 16 : 0) + PAD;
}

/* ---- (d) grade distribution ----------------------------------------------- */

#define GRADES_PLOT_H 200.0

static double draw_grades(struct canvas *c, const void *p)
{
	const struct chart_grades_spec *s = p;
	const struct chart_opts *o = &s->opts;
	cairo_t *cr = c->cr;
	char buf[32];
	double y = draw_header(c, o, PAD);
	if (!s->ncounts)
		return draw_empty(c, o, y);
	size_t n = s->ncounts;
	long mx = 0;
	for (size_t i = 0; i < n; i++)
		if (s->counts[i].count > mx)
			mx = s->counts[i].count;
	if (o->axis_title && *o->axis_title)
		y += text_draw(c, PAD, y, H_LEFT, V_TOP, o->axis_title, FS_LABEL, false,
		               c->w - 2 * PAD, 1, &c_muted) + 4;
	y += 18;
	struct axis ay = {.lo = 0, .p0 = y + GRADES_PLOT_H, .p1 = y};
	ay.step = nice_step(mx > 0 ? (double)mx : 1, 5);
	if (ay.step < 1)
		ay.step = 1;
	ay.hi = ceil((mx > 0 ? (double)mx : 1) / ay.step) * ay.step;
	snprintf(buf, sizeof buf, "%ld", (long)ay.hi);
	double ylw = text_width(c, buf, FS_SMALL, false) + 8;
	double x0 = PAD + ylw, x1 = c->w - PAD;
	vaxis_draw(c, &ay, x0, x1, x0 - 6, 0);
	double step = (x1 - x0) / (double)n;
	double bw = fmin(72, step * 0.6);
	for (size_t i = 0; i < n; i++) {
		const struct chart_count *k = &s->counts[i];
		double cx = x0 + ((double)i + 0.5) * step;
		double v = k->count > 0 ? (double)k->count : 0;
		double yt = axis_pos(&ay, v);
		if (v > 0)
			fill_rect(cr, cx - bw / 2, yt, bw, ay.p0 - yt, band_colour(k->band));
		snprintf(buf, sizeof buf, "%ld", k->count > 0 ? k->count : 0L);
		text_draw(c, cx, yt - 3, H_CENTRE, V_BOTTOM, buf, FS_LABEL, true, 0, 1, &c_text);
		text_draw(c, cx, ay.p0 + 6, H_CENTRE, V_TOP, k->label, FS_LABEL, false, step - 4, 1,
		          &c_text);
	}
	return ay.p0 + 6 + 18 + PAD;
}

/* ---- SVG rewriting ---------------------------------------------------------- */

/* Elements cairo writes for what this module draws. */
static const char *const svg_elements[] = {
	"svg", "g", "defs", "symbol", "path", "use", "clipPath", "rect", "mask",
	"linearGradient", "radialGradient", "stop", "pattern",
};

static bool svg_element_ok(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof svg_elements / sizeof svg_elements[0]; i++)
		if (strlen(svg_elements[i]) == len && !memcmp(svg_elements[i], name, len))
			return true;
	return false;
}

static bool name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == ':' || ch == '_';
}

/* XML text/attribute escaping of our own title. */
static void xml_escape(struct str *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		switch (ch) {
		case '&': str_adds(out, "&amp;"); break;
		case '<': str_adds(out, "&lt;"); break;
		case '>': str_adds(out, "&gt;"); break;
		case '"': str_adds(out, "&quot;"); break;
		case '\'': str_adds(out, "&#39;"); break;
		default: str_addc(out, ch < 0x20 || ch == 0x7f ? ' ' : (char)ch); break;
		}
	}
}

struct attr {
	const char *name, *value;
	size_t nlen, vlen;
};

#define SVG_MAX_ATTRS 40

struct svg_ids {
	struct map map;   /* old id -> (void *)(index + 1) */
	size_t n;
	const char *prefix;
};

static bool attr_is(const struct attr *a, const char *name)
{
	return a->nlen == strlen(name) && !memcmp(a->name, name, a->nlen);
}

/* Appends a non-negative integer (the hot path of the rewriter: no printf). */
static void put_uint(struct str *out, unsigned long long v)
{
	char b[24];
	size_t i = sizeof b;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	str_add(out, b + i, sizeof b - i);
}

/* Writes the new name of the id old[0..len), false when unknown. */
static bool put_id(struct str *out, const struct svg_ids *ids, const char *old, size_t len)
{
	void *v = map_get(&ids->map, old, len);
	if (!v)
		return false;
	str_adds(out, ids->prefix);
	put_uint(out, (unsigned long long)(uintptr_t)v - 1);
	return true;
}

/* An attribute value with every url(#id) renamed. */
static bool put_value(struct str *out, const struct svg_ids *ids, const char *v, size_t len)
{
	const char *end = v + len;
	while (v < end) {
		const char *u = NULL;
		for (const char *q = v; q + 5 <= end; q++)
			if (!memcmp(q, "url(#", 5)) {
				u = q;
				break;
			}
		if (!u) {
			str_add(out, v, (size_t)(end - v));
			break;
		}
		str_add(out, v, (size_t)(u - v) + 5);
		const char *id = u + 5, *close = memchr(id, ')', (size_t)(end - id));
		if (!close || !put_id(out, ids, id, (size_t)(close - id)))
			return false;
		v = close;
	}
	return true;
}

/* Coordinates with at most two decimals (cairo writes six; a hundredth
 * of a pixel is invisible even at 4x): "8.078125" -> "8.08", "-0.001"
 * -> "0". Locale-independent; any token it does not fully understand
 * (an exponent, a very long integer part) is copied unchanged. */
static void put_coords(struct str *out, const char *v, size_t len)
{
	const char *p = v, *end = v + len;
	while (p < end) {
		bool neg = *p == '-';
		const char *d = p + (neg ? 1 : 0), *q = d;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == d || q - d > 9 || q >= end || *q != '.' ||
		    (p > v && (p[-1] == '.' || (p[-1] >= '0' && p[-1] <= '9')))) {
			str_addc(out, *p);
			p++;
			continue;
		}
		const char *f = q + 1, *fe = f;
		while (fe < end && *fe >= '0' && *fe <= '9')
			fe++;
		if (fe < end && (*fe == 'e' || *fe == 'E' || *fe == '.')) {
			str_add(out, p, (size_t)(fe - p));
			p = fe;
			continue;
		}
		long long ip = 0;
		for (const char *k = d; k < q; k++)
			ip = ip * 10 + (*k - '0');
		int c1 = f < fe ? f[0] - '0' : 0, c2 = f + 1 < fe ? f[1] - '0' : 0;
		int c3 = f + 2 < fe ? f[2] - '0' : 0;
		long long hund = ip * 100 + c1 * 10 + c2 + (c3 >= 5 ? 1 : 0);
		if (neg && hund)
			str_addc(out, '-');
		put_uint(out, (unsigned long long)(hund / 100));
		int r = (int)(hund % 100);
		if (r) {
			str_addc(out, '.');
			str_addc(out, (char)('0' + r / 10));
			if (r % 10)
				str_addc(out, (char)('0' + r % 10));
		}
		p = fe;
	}
}

/* Parses attributes from *pp up to '>' or "/>"; false on anything not
 * plain name="value". */
static bool parse_attrs(const char **pp, const char *end, struct attr *a, size_t *na, bool *selfclose)
{
	const char *p = *pp;
	*na = 0;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= end)
			return false;
		if (*p == '>' || (*p == '/' && p + 1 < end && p[1] == '>')) {
			*selfclose = *p == '/';
			*pp = p + (*selfclose ? 2 : 1);
			return true;
		}
		const char *name = p;
		while (p < end && name_char(*p))
			p++;
		if (p == name || p + 1 >= end || *p != '=' || (p[1] != '"' && p[1] != '\''))
			return false;
		if (*na == SVG_MAX_ATTRS)
			return false;
		char q = p[1];
		const char *val = p + 2, *vend = memchr(val, q, (size_t)(end - val));
		if (!vend || memchr(val, '<', (size_t)(vend - val)))
			return false;
		a[*na] = (struct attr){name, val, (size_t)(p - name), (size_t)(vend - val)};
		/* no event handlers, no external references */
		if ((a[*na].nlen > 2 && (name[0] == 'o' || name[0] == 'O') &&
		     (name[1] == 'n' || name[1] == 'N')))
			return false;
		(*na)++;
		p = vend + 1;
	}
}

/* style="a:b;c:d" -> attributes a, c (replacing same-named ones). */
static bool expand_style(struct attr *a, size_t *na, size_t si)
{
	struct attr style = a[si];
	a[si] = a[--*na];
	const char *p = style.value, *end = style.value + style.vlen;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *decl_end = semi ? semi : end;
		const char *colon = memchr(p, ':', (size_t)(decl_end - p));
		const char *n0 = p;
		while (n0 < decl_end && *n0 == ' ')
			n0++;
		if (n0 < decl_end) {
			if (!colon)
				return false;
			const char *n1 = colon;
			while (n1 > n0 && n1[-1] == ' ')
				n1--;
			const char *v0 = colon + 1, *v1 = decl_end;
			while (v0 < v1 && *v0 == ' ')
				v0++;
			while (v1 > v0 && v1[-1] == ' ')
				v1--;
			for (const char *q = n0; q < n1; q++)
				if (!((*q >= 'a' && *q <= 'z') || *q == '-'))
					return false;
			if (n1 == n0 || memchr(v0, '"', (size_t)(v1 - v0)))
				return false;
			struct attr nw = {n0, v0, (size_t)(n1 - n0), (size_t)(v1 - v0)};
			size_t k = 0;
			while (k < *na && !(a[k].nlen == nw.nlen && !memcmp(a[k].name, nw.name, nw.nlen)))
				k++;
			if (k == *na) {
				if (*na == SVG_MAX_ATTRS)
					return false;
				(*na)++;
			}
			a[k] = nw;
		}
		p = decl_end + (semi ? 1 : 0);
	}
	return true;
}

/* One pass over cairo's SVG. collect: record ids only; else write. */
static bool svg_pass(const char *in, size_t len, struct svg_ids *ids, bool collect,
                     const char *title, struct str *out)
{
	const char *p = in, *end = in + len;
	bool root_done = false;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt) {
			if (!collect)
				str_add(out, p, (size_t)(end - p));
			break;
		}
		if (!collect && root_done)
			str_add(out, p, (size_t)(lt - p));
		p = lt;
		if (end - p >= 2 && p[1] == '?') {      /* the XML prolog: dropped */
			const char *q = strstr(p, "?>");
			if (!q || root_done)
				return false;
			p = q + 2;
			while (p < end && (*p == '\n' || *p == '\r'))
				p++;
			continue;
		}
		if (end - p >= 4 && !memcmp(p, "<!--", 4)) { /* comments: dropped */
			const char *q = strstr(p, "-->");
			if (!q)
				return false;
			p = q + 3;
			continue;
		}
		bool closing = end - p >= 2 && p[1] == '/';
		const char *name = p + (closing ? 2 : 1), *q = name;
		while (q < end && name_char(*q))
			q++;
		if (!svg_element_ok(name, (size_t)(q - name)))
			return false;
		if (closing) {
			const char *gt = memchr(q, '>', (size_t)(end - q));
			if (!gt)
				return false;
			if (!collect)
				str_add(out, p, (size_t)(gt + 1 - p));
			p = gt + 1;
			continue;
		}
		struct attr a[SVG_MAX_ATTRS];
		size_t na;
		bool selfclose;
		const char *after = q;
		if (!parse_attrs(&after, end, a, &na, &selfclose))
			return false;
		for (size_t i = 0; i < na; i++)
			if (attr_is(&a[i], "style")) {
				if (!expand_style(a, &na, i))
					return false;
				break; /* one style attribute per element */
			}
		bool is_root = !root_done;
		if (is_root && !(q - name == 3 && !memcmp(name, "svg", 3)))
			return false;
		for (size_t i = 0; i < na; i++) {
			bool href = attr_is(&a[i], "xlink:href") || attr_is(&a[i], "href");
			if (href && (a[i].vlen < 2 || a[i].value[0] != '#'))
				return false;
			if (collect && attr_is(&a[i], "id") &&
			    !map_get(&ids->map, a[i].value, a[i].vlen)) {
				ids->n++;
				map_put(&ids->map, a[i].value, a[i].vlen, (void *)(uintptr_t)ids->n);
			}
		}
		if (!collect) {
			str_add(out, p, (size_t)(q - p));
			for (size_t i = 0; i < na; i++) {
				str_addc(out, ' ');
				str_add(out, a[i].name, a[i].nlen);
				str_adds(out, "=\"");
				if (attr_is(&a[i], "id")) {
					if (!put_id(out, ids, a[i].value, a[i].vlen))
						return false;
				} else if (attr_is(&a[i], "xlink:href") || attr_is(&a[i], "href")) {
					str_addc(out, '#');
					if (!put_id(out, ids, a[i].value + 1, a[i].vlen - 1))
						return false;
				} else if (attr_is(&a[i], "d") || attr_is(&a[i], "x") ||
				           attr_is(&a[i], "y")) {
					put_coords(out, a[i].value, a[i].vlen);
				} else if (!put_value(out, ids, a[i].value, a[i].vlen)) {
					return false;
				}
				str_addc(out, '"');
			}
			if (is_root && title && *title) {
				str_adds(out, " role=\"img\" aria-label=\"");
				xml_escape(out, title);
				str_addc(out, '"');
			}
			str_adds(out, selfclose ? "/>" : ">");
			if (is_root && title && *title) {
				str_adds(out, "\n<title>");
				xml_escape(out, title);
				str_adds(out, "</title>");
			}
		}
		root_done = true;
		p = after;
	}
	return root_done;
}

static bool prefix_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]) || s[i] == ':')
			return false;
	return true;
}

/* cairo's SVG -> the inline-safe, deterministic SVG (see the top). */
static enum px_err svg_rewrite(const struct str *raw, const char *prefix, const char *title,
                               struct str *out)
{
	struct svg_ids ids = {.prefix = ""};
	enum px_err rc = PX_FAIL;
	char gen[24];
	struct str tmp;
	str_init(&tmp, 0);
	map_init(&ids.map);
	if (!svg_pass(raw->buf, raw->len, &ids, true, NULL, NULL))
		goto out;
	if (!prefix) {
		/* the name of the picture: a hash of it with neutral ids */
		ids.prefix = "i";
		if (!svg_pass(raw->buf, raw->len, &ids, false, title, &tmp) || str_error(&tmp))
			goto out;
		uint64_t h = map_hash(tmp.buf, tmp.len);
		snprintf(gen, sizeof gen, "px%08llx-", (unsigned long long)(h & 0xffffffffULL));
		str_reset(&tmp);
		ids.prefix = gen;
	} else {
		snprintf(gen, sizeof gen, "%s-", prefix);
		ids.prefix = gen;
	}
	if (!svg_pass(raw->buf, raw->len, &ids, false, title, &tmp) || str_error(&tmp))
		goto out;
	if (tmp.len > out->max - out->len)
		goto out;
	str_add(out, tmp.buf, tmp.len);
	rc = str_error(out) ? PX_FAIL : PX_OK;
out:
	map_free(&ids.map);
	str_free(&tmp);
	return rc;
}

/* ---- the driver -------------------------------------------------------------- */

typedef double (*draw_fn)(struct canvas *c, const void *spec);

static cairo_status_t write_str(void *closure, const unsigned char *data, unsigned int len)
{
	struct str *s = closure;
	str_add(s, (const char *)data, len);
	return str_error(s) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

#define PNG_MAX_SIDE 32000.0
#define PNG_MAX_PIXELS 16e6

static double png_scale(const struct chart_opts *o, double w, double h)
{
	double s = o->png_scale > 0 && isfinite(o->png_scale) ? o->png_scale : 2;
	s = fmin(fmax(s, 0.25), 4);
	s = fmin(s, PNG_MAX_SIDE / w);
	s = fmin(s, PNG_MAX_SIDE / h);
	s = fmin(s, sqrt(PNG_MAX_PIXELS / (w * h)));
	return s;
}

static double run_draw(draw_fn fn, const void *spec, const struct chart_opts *o, cairo_t *cr,
                       double w, bool measuring)
{
	struct canvas c;
	canvas_open(&c, cr, o, w);
	c.measuring = measuring;
	double h = fn(&c, spec);
	canvas_close(&c);
	return h;
}

static enum px_err render(const struct chart_opts *o, draw_fn fn, const void *spec,
                          enum chart_format f, struct str *out)
{
	if (!out || (f != CHART_SVG && f != CHART_PNG && f != CHART_PDF))
		return PX_USAGE;
	if (o->id_prefix && !prefix_ok(o->id_prefix))
		return PX_USAGE;
	double w = o->width > 0 ? o->width : CHART_WIDTH_DEFAULT;
	w = fmin(fmax(w, CHART_WIDTH_MIN), CHART_WIDTH_MAX);
	const char *title = o->title && *o->title ? o->title : o->axis_title;

	/* pass 1: how tall? */
	cairo_surface_t *ms = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	cairo_t *mcr = cairo_create(ms);
	double h = ceil(run_draw(fn, spec, o, mcr, w, true));
	cairo_destroy(mcr);
	cairo_surface_destroy(ms);

	/* pass 2: draw */
	enum px_err rc = PX_FAIL;
	struct str raw;
	str_init(&raw, 0);
	cairo_surface_t *s;
	double scale = 1;
	if (f == CHART_SVG) {
		s = cairo_svg_surface_create_for_stream(write_str, &raw, w, h);
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
	} else if (f == CHART_PDF) {
		s = cairo_pdf_surface_create_for_stream(write_str, &raw, w, h);
		if (title) {
			char *t = g_utf8_make_valid(title, -1);
			cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, t);
			g_free(t);
		}
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "parindex");
	} else {
		scale = png_scale(o, w, h);
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale),
		                               (int)ceil(h * scale));
	}
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	set_colour(cr, &c_white);
	cairo_paint(cr);
	run_draw(fn, spec, o, cr, w, false);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (f == CHART_PNG && st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_flush(s);
		st = cairo_surface_write_to_png_stream(s, write_str, &raw);
	}
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS || str_error(&raw))
		goto out;
	if (f == CHART_SVG) {
		rc = svg_rewrite(&raw, o->id_prefix, title, out);
	} else if (raw.len <= out->max - out->len) {
		str_add(out, raw.buf, raw.len);
		rc = str_error(out) ? PX_FAIL : PX_OK;
	}
out:
	str_free(&raw);
	return rc;
}

static bool items_ok(const void *items, size_t n)
{
	return n <= CHART_MAX_ITEMS && (items || n == 0);
}

/* ---- public ------------------------------------------------------------------ */

enum px_err chart_ranking_draw(const struct chart_ranking_spec *spec, enum chart_format f,
                               struct str *out)
{
	if (!spec || !items_ok(spec->bars, spec->nbars) || (spec->nbands && !spec->bands))
		return PX_USAGE;
	return render(&spec->opts, draw_ranking, spec, f, out);
}

enum px_err chart_pairs_draw(const struct chart_pairs_spec *spec, enum chart_format f,
                             struct str *out)
{
	if (!spec || !items_ok(spec->pairs, spec->npairs))
		return PX_USAGE;
	return render(&spec->opts, draw_pairs, spec, f, out);
}

enum px_err chart_history_draw(const struct chart_history_spec *spec, enum chart_format f,
                               struct str *out)
{
	if (!spec || !items_ok(spec->points, spec->npoints))
		return PX_USAGE;
	return render(&spec->opts, draw_history, spec, f, out);
}

enum px_err chart_grades_draw(const struct chart_grades_spec *spec, enum chart_format f,
                              struct str *out)
{
	if (!spec || !items_ok(spec->counts, spec->ncounts))
		return PX_USAGE;
	return render(&spec->opts, draw_grades, spec, f, out);
}

enum px_err chart_ranking(const struct chart_bar *bars, size_t n, const char *axis_title,
                          enum chart_format f, struct str *out)
{
	struct chart_ranking_spec s = {.opts.axis_title = axis_title, .bars = bars, .nbars = n};
	return chart_ranking_draw(&s, f, out);
}

enum px_err chart_pairs(const struct chart_pair *pairs, size_t n, const char *axis_title,
                        const char *value_label, const char *reference_label,
                        enum chart_format f, struct str *out)
{
	struct chart_pairs_spec s = {.opts.axis_title = axis_title, .pairs = pairs, .npairs = n,
	                             .value_label = value_label,
	                             .reference_label = reference_label};
	return chart_pairs_draw(&s, f, out);
}

enum px_err chart_history(const struct chart_point *points, size_t n, const char *axis_title,
                          enum chart_format f, struct str *out)
{
	struct chart_history_spec s = {.opts.axis_title = axis_title, .points = points,
	                               .npoints = n};
	return chart_history_draw(&s, f, out);
}

enum px_err chart_grades(const struct chart_count *counts, size_t n, const char *axis_title,
                         enum chart_format f, struct str *out)
{
	struct chart_grades_spec s = {.opts.axis_title = axis_title, .counts = counts,
	                              .ncounts = n};
	return chart_grades_draw(&s, f, out);
}

const char *chart_mime_type(enum chart_format f)
{
	switch (f) {
	case CHART_SVG: return "image/svg+xml";
	case CHART_PNG: return "image/png";
	case CHART_PDF: return "application/pdf";
	}
	return "application/octet-stream";
}

const char *chart_extension(enum chart_format f)
{
	switch (f) {
	case CHART_SVG: return "svg";
	case CHART_PNG: return "png";
	case CHART_PDF: return "pdf";
	}
	return "bin";
}

bool chart_format_parse(const char *s, enum chart_format *f)
{
	static const char *const names[] = {"svg", "png", "pdf"};
	if (!s)
		return false;
	for (int i = 0; i < 3; i++)
		if (!g_ascii_strcasecmp(s, names[i])) {
			*f = (enum chart_format)i;
			return true;
		}
	return false;
}

bool chart_font_covers(const char *text)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	cairo_t *cr = cairo_create(s);
	struct canvas c;
	struct chart_opts o = {0};
	canvas_open(&c, cr, &o, CHART_WIDTH_DEFAULT);
	text_set(&c, text, FS_LABEL, false, 0, 1, NULL, NULL);
	bool ok = pango_layout_get_unknown_glyphs_count(c.layout) == 0;
	PangoLayoutIter *it = pango_layout_get_iter(c.layout);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
		const char *fam = pango_font_description_get_family(d);
		if (!fam || g_ascii_strcasecmp(fam, CHART_FONT_FAMILY))
			ok = false;
		pango_font_description_free(d);
		for (int i = 0; i < run->glyphs->num_glyphs; i++)
			if (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
				ok = false;
	} while (ok && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	canvas_close(&c);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return ok;
}
