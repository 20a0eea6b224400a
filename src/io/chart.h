/*
 * Charts: every chart of the application is drawn by this one module
 * with cairo, so the page (SVG inlined in the HTML), the download (PNG)
 * and the printed report (PDF) show the same picture from the same code.
 * Text is laid out by pango with the "Noto Sans" font (Debian
 * fonts-noto-core): Vietnamese diacritics ("Phường Văn Miếu - Quốc Tử
 * Giám") are shaped by HarfBuzz from the font's own tables, and a label
 * that does not fit is cut with an ellipsis, never overprinted.
 *
 * Pure: data in, bytes out. No database, no files, no global state of its
 * own (pango keeps one font map per thread), so pages may draw charts on
 * any number of server threads at once. Each kind is one function over
 * a spec struct (all fields optional but the items; zero-initialise and
 * set what you need) plus a shorthand with the few arguments a page
 * usually has. Contract and pictures: docs/internals/chart.md.
 *
 * The SVG is made to be inlined in an HTML page under a strict CSP:
 *  - no script, no event attribute, no foreignObject, no external
 *    reference, no style attribute (cairo's style="..." is rewritten into
 *    presentation attributes, which CSP does not govern), no XML prolog;
 *  - every id is prefixed (opts.id_prefix, or "px" + a hash of the
 *    picture) so two charts on one page never share a glyph or clip id;
 *  - <svg role="img" aria-label="TITLE"><title>TITLE</title>, escaped;
 *  - deterministic: the same input gives the same bytes (cairo's
 *    process-global surface ids are renumbered).
 * Text is drawn as glyph outlines, so the SVG looks the same without the
 * font installed in the browser; its words are in the aria-label only.
 * The PDF embeds a Noto Sans subset with a ToUnicode map (searchable and
 * copyable text) and carries the title in its metadata.
 *
 * Sizes are CSS pixels in SVG and PNG-before-scaling, points in PDF (800
 * wide is a little under A4 landscape). The height follows from the data:
 * a ranking grows by one row per bar.
 */
#ifndef PARINDEX_IO_CHART_H
#define PARINDEX_IO_CHART_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/str.h"

enum chart_format { CHART_SVG, CHART_PNG, CHART_PDF };

#define CHART_MAX_ITEMS 1000      /* bars, pairs, points or counts per chart */
#define CHART_WIDTH_DEFAULT 800
#define CHART_WIDTH_MIN 320
#define CHART_WIDTH_MAX 4000
#define CHART_INTEGER (-1)        /* opts.decimals: no decimals */
#define CHART_FONT_FAMILY "Noto Sans"

/* Options every kind takes. All optional: a zeroed struct is valid. */
struct chart_opts {
	const char *title;      /* the heading (none when NULL); also the SVG
	                           <title>/aria-label and the PDF title, which
	                           fall back to the axis title */
	const char *subtitle;   /* a smaller grey line under the title */
	const char *axis_title; /* names the value axis, e.g. "Chỉ số (%)" */
	const char *lang;       /* "en": 91.04 and English built-in words; else
	                           (default, "vi"): 91,04 and Vietnamese */
	int decimals;           /* of value labels: 0 = 2; 1..6; CHART_INTEGER = 0 */
	int width;              /* 0 = CHART_WIDTH_DEFAULT; clamped to MIN..MAX */
	double png_scale;       /* PNG pixels per unit; 0 = 2 (sharp on HiDPI);
	                           clamped to 0.25..4 and lowered for huge charts */
	const char *id_prefix;  /* SVG ids: [A-Za-z][A-Za-z0-9_-]{0,31}; NULL: "px"
	                           + 8 hex digits of a hash of the picture */
	const char *empty_text; /* shown when there is nothing to draw; NULL:
	                           "Không có dữ liệu" / "No data" */
	const char *mark;       /* a warning above the title in bold dark red,
	                           e.g. "Dự thảo — chưa công bố" on live figures;
	                           it also starts the SVG's aria-label and the
	                           PDF title, so no copy of the picture loses it */
};

/* Colours: band (grade) i, best first: green, light green, amber, orange,
 * red, then purple and teal; band -1 (or beyond the palette) is grey. */
#define CHART_BAND_COLOURS 7

/* (a) A ranking: one horizontal bar per unit, top to bottom in the given
 * order, value labels at the bar ends, an optional dashed marker for the
 * group average, a legend of the bands' colours. */
struct chart_bar {
	const char *label; /* the unit's name (NULL: empty) */
	double value;      /* index %; NaN or infinite: no bar, "—" */
	int band;          /* grade index into the legend and colours; -1 none */
	int rank;          /* > 0: shown in a rank column before the label */
	bool emphasis;     /* the reader's own unit: bold label, outlined bar */
};

struct chart_ranking_spec {
	struct chart_opts opts;
	const struct chart_bar *bars;
	size_t nbars;
	const char *const *bands; /* legend: bands[i] labels band i ("A ≥ 90") */
	size_t nbands;            /* 0: no legend of bands */
	bool has_average;         /* draw a dashed line at `average` */
	double average;
	const char *average_label; /* NULL: "Trung bình nhóm" / "Group average" */
	double axis_max;          /* 0 = 100; the axis also grows to fit the data */
};

/* (b) Pairs: per row (a domain), the unit's value against a reference
 * (the group average), both as % of the domain's maximum. */
struct chart_pair {
	const char *label;  /* the domain (wrapped to two lines, then ellipsis) */
	double value;       /* NaN: no bar ("—") */
	double reference;   /* NaN: no bar ("—") */
};

struct chart_pairs_spec {
	struct chart_opts opts;
	const struct chart_pair *pairs;
	size_t npairs;
	const char *value_label;     /* legend; NULL: "Đơn vị" / "This unit" */
	const char *reference_label; /* NULL: "Trung bình nhóm" / "Group average" */
	double axis_max;             /* 0 = 100; grows to fit the data */
};

/* (c) History: the index over the years as a line, with the value above
 * each point and the rank below it; optionally a second, dashed line
 * (the group average). Points are categories, left to right. */
struct chart_point {
	const char *label;  /* x-axis label, e.g. "2024" */
	double value;       /* NaN: a gap in the line */
	int rank;           /* > 0: "hạng 3" / "rank 3" under the point */
	double reference;   /* used when spec.reference_label is set; NaN: gap */
};

struct chart_history_spec {
	struct chart_opts opts;
	const struct chart_point *points;
	size_t npoints;
	const char *value_label;     /* legend name of the line; NULL: no legend
	                                unless there is a reference line */
	const char *reference_label; /* non-NULL: draw points[i].reference */
	const char *rank_prefix;     /* NULL: "hạng " / "rank " */
	bool zoom;                   /* the y axis fits the data (steps of 5 or
	                                10 within 0..100) instead of 0..100 */
};

/* (d) A distribution: one vertical bar per category (grade) with its
 * count on top. */
struct chart_count {
	const char *label;  /* x-axis label, e.g. "A" */
	long count;         /* negative is drawn as 0 */
	int band;           /* colour as chart_bar.band; -1 grey */
};

struct chart_grades_spec {
	struct chart_opts opts;
	const struct chart_count *counts;
	size_t ncounts;
};

/* Each draws the chart in format f and APPENDS the file's bytes to out.
 * Returns PX_OK; PX_USAGE for a bad spec (items NULL with n > 0, more
 * than CHART_MAX_ITEMS, an invalid id_prefix or format); PX_FAIL when
 * cairo fails or out reaches its maximum size. On failure nothing is
 * appended. Labels must be UTF-8 (invalid bytes are drawn as U+FFFD). */
enum px_err chart_ranking_draw(const struct chart_ranking_spec *spec,
                               enum chart_format f, struct str *out);
enum px_err chart_pairs_draw(const struct chart_pairs_spec *spec,
                             enum chart_format f, struct str *out);
enum px_err chart_history_draw(const struct chart_history_spec *spec,
                               enum chart_format f, struct str *out);
enum px_err chart_grades_draw(const struct chart_grades_spec *spec,
                              enum chart_format f, struct str *out);

/* A chart kept as its spec, to be drawn in vectors onto a document's
 * page (io/doc_pdf.c) instead of embedded as a picture. spec points to
 * the struct chart_<kind>_spec of kind and must outlive the use. */
enum chart_kind { CHART_KIND_RANKING, CHART_KIND_PAIRS, CHART_KIND_HISTORY, CHART_KIND_GRADES };
struct chart_vector {
	enum chart_kind kind;
	const void *spec; /* NULL: none */
};
struct _cairo;
/* The chart's size in points (its opts.width, clamped, and the height
 * its content needs). PX_USAGE for a bad spec. */
enum px_err chart_vector_size(const struct chart_vector *v, double *w, double *h);
/* Draws the chart onto cr with its top left corner at the current
 * origin, at chart_vector_size's size, as vector paths and text. */
enum px_err chart_vector_paint(const struct chart_vector *v, struct _cairo *cr);

/* Shorthands: the spec with opts.axis_title = axis_title (which also
 * names the chart for screen readers) and everything else default: no
 * heading, Vietnamese number format, no legend of bands, no average. */
enum px_err chart_ranking(const struct chart_bar *bars, size_t n,
                          const char *axis_title, enum chart_format f,
                          struct str *out);
enum px_err chart_pairs(const struct chart_pair *pairs, size_t n,
                        const char *axis_title, const char *value_label,
                        const char *reference_label, enum chart_format f,
                        struct str *out);
enum px_err chart_history(const struct chart_point *points, size_t n,
                          const char *axis_title, enum chart_format f,
                          struct str *out);
enum px_err chart_grades(const struct chart_count *counts, size_t n,
                         const char *axis_title, enum chart_format f,
                         struct str *out);

/* Draws any chart kept as a chart_vector in format f at width (0: the
 * spec's opts.width), appending to out, like the chart_<kind>_draw
 * functions (a page draws a wide and a narrow copy of one spec). */
enum px_err chart_vector_draw(const struct chart_vector *v, int width, enum chart_format f,
                              struct str *out);

/* The MIME type of a format ("image/svg+xml", "image/png",
 * "application/pdf") and its file extension without the dot. */
const char *chart_mime_type(enum chart_format f);
const char *chart_extension(enum chart_format f);
/* "svg", "png", "pdf" (ASCII case-insensitive) -> *f; false otherwise. */
bool chart_format_parse(const char *s, enum chart_format *f);

/* True when every character of text (UTF-8) is drawn with a glyph of
 * CHART_FONT_FAMILY itself: no fallback font, no missing glyph. A
 * start-up self-check and the tests use it to know that Vietnamese will
 * be shaped with the intended font. */
bool chart_font_covers(const char *text);
#endif
