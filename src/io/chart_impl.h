/*
 * Private to the chart module (chart*.c): the canvas every kind draws on,
 * the colours and sizes, the primitives of chart_draw.c, and the draw
 * function of each kind (chart_ranking.c, chart_pairs.c, chart_history.c,
 * chart_grades.c), which chart.c runs twice (measure, then draw). The
 * public API is chart.h; the SVG sanitizer is chart_svg.h.
 */
#ifndef PARINDEX_IO_CHART_IMPL_H
#define PARINDEX_IO_CHART_IMPL_H
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "io/chart.h"

struct rgb {
	double r, g, b;
};

/* The fixed colours (grade bands: chart_band_colour). */
struct chart_palette {
	struct rgb none, text, muted, grid, axis, zebra, white, series, refbar, refline, average;
};
extern const struct chart_palette chart_colours;

#define PAD 16.0          /* outer margin */
#define FS_TITLE 16.0     /* font sizes, px */
#define FS_SUBTITLE 12.0
#define FS_LABEL 12.0
#define FS_SMALL 11.0
#define EMPTY_H 90.0      /* height of the "no data" box */

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

enum halign { H_LEFT, H_CENTRE, H_RIGHT };
enum valign { V_TOP, V_MIDDLE, V_BOTTOM };

enum swatch { SW_BOX, SW_LINE, SW_DASH };

struct legend_item {
	enum swatch kind;
	const struct rgb *col;
	const char *label;
};

#define LEGEND_ROW 20.0

/* A value axis from lo to hi with ticks every step, drawn over [p0, p1]
 * (left to right, or bottom to top for a vertical axis). */
struct axis {
	double lo, hi, step;
	double p0, p1;
};

/* ---- primitives (chart_draw.c) ---- */

const struct rgb *chart_band_colour(int band);
void chart_canvas_open(struct canvas *c, cairo_t *cr, const struct chart_opts *o, double w);
void chart_canvas_close(struct canvas *c);
const char *chart_word(const struct canvas *c, const char *vi, const char *en);
void chart_set_colour(cairo_t *cr, const struct rgb *col);
/* Puts text (sanitised: valid UTF-8, control characters as spaces) into
 * the layout. maxw > 0 limits the width: lines > 1 wraps first, the last
 * line ends with an ellipsis. *w and *h receive the logical size. */
void chart_text_set(struct canvas *c, const char *text, double size, bool bold,
                     double maxw, int lines, double *w, double *h);
double chart_text_width(struct canvas *c, const char *text, double size, bool bold);
/* Draws text anchored at (x, y) on a rectangle of colour bg (NULL: none,
 * else it keeps grid and marker lines from crossing the text); returns
 * the text's height. */
double chart_text_draw_bg(struct canvas *c, double x, double y, enum halign ha,
                           enum valign va, const char *text, double size, bool bold,
                           double maxw, int lines, const struct rgb *col, const struct rgb *bg);
double chart_text_draw(struct canvas *c, double x, double y, enum halign ha, enum valign va,
                        const char *text, double size, bool bold, double maxw, int lines,
                        const struct rgb *col);
/* A number as the reader's language writes it: "91,04" or "91.04";
 * not finite: an em dash. */
void chart_fmt_num(const struct canvas *c, double v, int decimals, char *buf, size_t size);
void chart_fill_rect(cairo_t *cr, double x, double y, double w, double h, const struct rgb *col);
double chart_draw_header(struct canvas *c, const struct chart_opts *o, double y);
/* Items flow left to right and wrap; returns the y below the legend. */
double chart_draw_legend(struct canvas *c, const struct legend_item *it, size_t n, double y);
double chart_draw_empty(struct canvas *c, const struct chart_opts *o, double y);
double chart_axis_pos(const struct axis *a, double v);
/* The smallest of 1, 2, 5 x 10^k giving at most maxticks intervals (and
 * never more than 10: 0..100 in tens, however wide the plot). */
double chart_nice_step(double span, double maxticks);
/* Widens [lo, hi] to whole steps, so the ends carry ticks. */
void chart_axis_snap(struct axis *a);
/* The axis range: [min(0, data), max(top, data)] rounded out to tens. */
void chart_axis_range(const double *v, size_t n, double top, double *lo, double *hi);
/* Vertical grid lines and, at y_labels (if >= 0), tick labels. */
void chart_haxis_draw(struct canvas *c, const struct axis *a, double top, double bottom,
                       double label_top, double label_bottom);
/* Horizontal grid lines with tick labels right-aligned at label_right. */
void chart_vaxis_draw(struct canvas *c, const struct axis *a, double left, double right,
                       double label_right, int decimals_from_step);

/* The width of a label column: lw (the widest label), at most share of
 * the width inside the margins, at least min, in whole units. */
double chart_label_column(const struct canvas *c, double lw, double share, double min);

/* The axis title centred under a horizontal axis whose tick labels end
 * at y; returns where it ends (y when there is none). */
double chart_draw_haxis_title(struct canvas *c, const struct chart_opts *o, const struct axis *a,
                              double y);

/* ---- the kinds: each draws its spec (a struct chart_*_spec) below the
 * heading, which ends at y (chart.c draws it), and returns the height of
 * the whole chart ---- */

double chart_draw_ranking(struct canvas *c, const void *spec, double y);
double chart_draw_pairs(struct canvas *c, const void *spec, double y);
double chart_draw_history(struct canvas *c, const void *spec, double y);
double chart_draw_grades(struct canvas *c, const void *spec, double y);
#endif
