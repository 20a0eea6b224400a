/*
 * Charts on cairo + pango (see chart.h for the contract). This file is the
 * driver (two passes, the surfaces, the formats) and the public entry
 * points; the primitives are chart_draw.c, each kind has its file
 * (chart_ranking.c, chart_pairs.c, chart_history.c, chart_grades.c) and
 * the SVG sanitizer is chart_svg.c.
 *
 * Why it is built this way:
 *  - One drawing function per kind, run twice: first on a 1x1 image
 *    surface to find the height the data needs (text is measured by the
 *    same pango calls that later draw it, so the two passes cannot
 *    disagree), then on the real SVG, PDF or PNG surface of that height.
 *  - Hinting and glyph-position rounding are off, so text metrics do not
 *    depend on the surface or the PNG scale: the three formats lay out
 *    identically.
 *  - cairo's SVG is post-processed by a small tag rewriter (chart_svg.c)
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
#include "io/chart_impl.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "io/chart_svg.h"

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

/* ---- the driver -------------------------------------------------------------- */

typedef double (*draw_fn)(struct canvas *c, const void *spec, double y);

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
	chart_canvas_open(&c, cr, o, w);
	c.measuring = measuring;
	double h = fn(&c, spec, chart_draw_header(&c, o, PAD)); /* every kind has the heading */
	chart_canvas_close(&c);
	return h;
}

static enum px_err render(const struct chart_opts *o, draw_fn fn, const void *spec,
                          enum chart_format f, struct str *out)
{
	if (!out || (f != CHART_SVG && f != CHART_PNG && f != CHART_PDF))
		return PX_USAGE;
	if (o->id_prefix && !chart_svg_prefix_ok(o->id_prefix))
		return PX_USAGE;
	double w = o->width > 0 ? o->width : CHART_WIDTH_DEFAULT;
	w = fmin(fmax(w, CHART_WIDTH_MIN), CHART_WIDTH_MAX);
	const char *title = o->title && *o->title ? o->title : o->axis_title;
	char *marked = NULL; /* the mark starts the title that names the picture */
	if (o->mark && *o->mark) {
		marked = g_strdup_printf("%s: %s", o->mark, title ? title : "");
		title = marked;
	}

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
	chart_set_colour(cr, &chart_colours.white);
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
		rc = chart_svg_rewrite(raw.buf, raw.len, o->id_prefix, title, out);
	} else if (raw.len <= out->max - out->len) {
		str_add(out, raw.buf, raw.len);
		rc = str_error(out) ? PX_FAIL : PX_OK;
	}
out:
	g_free(marked);
	str_free(&raw);
	return rc;
}

static bool items_ok(const void *items, size_t n)
{
	return n <= CHART_MAX_ITEMS && (items || n == 0);
}

/* The drawing function and options of a vector chart, or false. */
static bool vector_parts(const struct chart_vector *v, draw_fn *fn, const struct chart_opts **o)
{
	if (!v || !v->spec)
		return false;
	switch (v->kind) {
	case CHART_KIND_RANKING: {
		const struct chart_ranking_spec *s = v->spec;
		*fn = chart_draw_ranking;
		*o = &s->opts;
		return items_ok(s->bars, s->nbars) && (!s->nbands || s->bands);
	}
	case CHART_KIND_PAIRS: {
		const struct chart_pairs_spec *s = v->spec;
		*fn = chart_draw_pairs;
		*o = &s->opts;
		return items_ok(s->pairs, s->npairs);
	}
	case CHART_KIND_HISTORY: {
		const struct chart_history_spec *s = v->spec;
		*fn = chart_draw_history;
		*o = &s->opts;
		return items_ok(s->points, s->npoints);
	}
	case CHART_KIND_GRADES: {
		const struct chart_grades_spec *s = v->spec;
		*fn = chart_draw_grades;
		*o = &s->opts;
		return items_ok(s->counts, s->ncounts);
	}
	}
	return false;
}

static double vector_width(const struct chart_opts *o)
{
	double w = o->width > 0 ? o->width : CHART_WIDTH_DEFAULT;
	return fmin(fmax(w, CHART_WIDTH_MIN), CHART_WIDTH_MAX);
}

enum px_err chart_vector_size(const struct chart_vector *v, double *w, double *h)
{
	draw_fn fn;
	const struct chart_opts *o;
	if (!vector_parts(v, &fn, &o))
		return PX_USAGE;
	*w = vector_width(o);
	cairo_surface_t *ms = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
	cairo_t *mcr = cairo_create(ms);
	*h = ceil(run_draw(fn, v->spec, o, mcr, *w, true));
	cairo_destroy(mcr);
	cairo_surface_destroy(ms);
	return PX_OK;
}

enum px_err chart_vector_paint(const struct chart_vector *v, cairo_t *cr)
{
	draw_fn fn;
	const struct chart_opts *o;
	if (!vector_parts(v, &fn, &o))
		return PX_USAGE;
	cairo_save(cr);
	run_draw(fn, v->spec, o, cr, vector_width(o), false);
	cairo_restore(cr);
	return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? PX_OK : PX_FAIL;
}

/* ---- public ------------------------------------------------------------------ */

enum px_err chart_vector_draw(const struct chart_vector *v, int width, enum chart_format f,
                              struct str *out)
{
	draw_fn fn;
	const struct chart_opts *o;
	if (!vector_parts(v, &fn, &o))
		return PX_USAGE;
	struct chart_opts sized = *o;
	if (width > 0)
		sized.width = width;
	return render(&sized, fn, v->spec, f, out);
}

enum px_err chart_ranking_draw(const struct chart_ranking_spec *spec, enum chart_format f,
                               struct str *out)
{
	if (!spec || !items_ok(spec->bars, spec->nbars) || (spec->nbands && !spec->bands))
		return PX_USAGE;
	return render(&spec->opts, chart_draw_ranking, spec, f, out);
}

enum px_err chart_pairs_draw(const struct chart_pairs_spec *spec, enum chart_format f,
                             struct str *out)
{
	if (!spec || !items_ok(spec->pairs, spec->npairs))
		return PX_USAGE;
	return render(&spec->opts, chart_draw_pairs, spec, f, out);
}

enum px_err chart_history_draw(const struct chart_history_spec *spec, enum chart_format f,
                               struct str *out)
{
	if (!spec || !items_ok(spec->points, spec->npoints))
		return PX_USAGE;
	return render(&spec->opts, chart_draw_history, spec, f, out);
}

enum px_err chart_grades_draw(const struct chart_grades_spec *spec, enum chart_format f,
                              struct str *out)
{
	if (!spec || !items_ok(spec->counts, spec->ncounts))
		return PX_USAGE;
	return render(&spec->opts, chart_draw_grades, spec, f, out);
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
	chart_canvas_open(&c, cr, &o, CHART_WIDTH_DEFAULT);
	chart_text_set(&c, text, FS_LABEL, false, 0, 1, NULL, NULL);
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
	chart_canvas_close(&c);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return ok;
}
