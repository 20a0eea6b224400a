/*
 * The PDF renderer of a struct doc (io/doc.h), on cairo + pango.
 *
 * A4 (landscape when doc->landscape), margins of Decree 30/2020/NĐ-CP
 * Annex I (top and bottom 20 mm, left 30 mm, right 15 mm). Text is laid
 * out by pango with Noto Serif (the document frame and body) and Noto Sans
 * (tables), so Vietnamese is shaped by HarfBuzz from the font's tables;
 * the PDF embeds subsets with ToUnicode maps (pdftotext reads it back).
 *
 * The layout is one flow of blocks: the Decree 30 frame when the doc has
 * an issuer (agency top left, national title top right, number, place and
 * date, kind and subject, body), else the title; then the tables, whose
 * header row is repeated on every page they run onto; the charts; the
 * footnotes; the signature block and "Nơi nhận". Pages carry the title as a
 * running header (from page 2) and "Trang x/y" at the foot.
 *
 * "y" needs the page count before page 1 is drawn, so the flow runs twice
 * over the same code: a measuring pass (draw = false) on a PDF surface that
 * discards its output, which has the same font metrics as the real one,
 * then the drawing pass. Table rows are one line high (text is cut with an
 * ellipsis, never wrapped), so the measuring pass lays out no cell and a
 * table of 12,000 rows is measured in arithmetic.
 *
 * Charts come as PNG bytes from the chart API (io/chart.h offers files,
 * not a cairo context), painted as an image scaled to the text width.
 * Deterministic: the creation date is doc->exported_at.
 */
#include "io/doc.h"
#include "base/arena.h"
#include "base/clock.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <utf8proc.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define SERIF "Noto Serif"
#define SANS "Noto Sans"
#define TABLE_PT 9.0
#define ROW_H 13.0
#define PAD 2.5

struct pdf {
	const struct doc *d;
	cairo_t *cr;
	PangoLayout *lay;
	bool draw;
	bool land; /* the current page is landscape */
	cairo_surface_t *surface;
	int page, pages;
	double pw, ph, ml, mr, mt, mb, y;
	bool en;
};

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len)
{
	struct str *s = closure;
	str_add(s, (const char *)data, len);
	return str_error(s) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static double text_width(const struct pdf *p)
{
	return p->pw - p->ml - p->mr;
}

/* Lays out text in a box of width w at (x, y) and draws it when drawing;
 * returns its height. style: 'r' regular, 'b' bold, 'i' italic, 'B' bold
 * italic. wrap false: one line, cut with an ellipsis. */
static double text_at(struct pdf *p, const char *text, const char *family, double size,
                      char style, double x, double y, double w, PangoAlignment align,
                      bool wrap)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_size(fd, (int)(size * PANGO_SCALE));
	if (style == 'b' || style == 'B')
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (style == 'i' || style == 'B')
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	PangoLayout *l = p->lay;
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(l, wrap ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text ? text : "", -1);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	if (p->draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, l);
	}
	return (double)lh / PANGO_SCALE;
}

static void hline(struct pdf *p, double x0, double x1, double y, double width)
{
	if (!p->draw)
		return;
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

static void start_page(struct pdf *p)
{
	p->page++;
	p->y = p->mt;
	if (p->page > 1 && p->d->title) {
		if (p->draw)
			cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
		p->y += text_at(p, p->d->title, SANS, 7.5, 'r', p->ml, p->y, text_width(p),
		                PANGO_ALIGN_LEFT, false) + 6;
		if (p->draw)
			cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
}

static void finish_page(struct pdf *p)
{
	if (!p->draw)
		return;
	char foot[64];
	if (p->en)
		snprintf(foot, sizeof foot, "Page %d/%d", p->page, p->pages);
	else
		snprintf(foot, sizeof foot, "Trang %d/%d", p->page, p->pages);
	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	text_at(p, foot, SANS, 8, 'r', p->ml, p->ph - p->mb + 8, text_width(p),
	        PANGO_ALIGN_CENTER, false);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_show_page(p->cr);
}

/* Sets the orientation of the next pages: a new page when it changes
 * (cairo allows a size per page, set before its first drawing). */
static void orientation(struct pdf *p, bool land)
{
	if (p->land == land)
		return;
	finish_page(p);
	p->land = land;
	p->pw = land ? 297 * MM : 210 * MM;
	p->ph = land ? 210 * MM : 297 * MM;
	cairo_pdf_surface_set_size(p->surface, p->pw, p->ph);
	start_page(p);
}

/* Starts a new page when h does not fit; true when it did. */
static bool ensure(struct pdf *p, double h)
{
	if (p->y + h <= p->ph - p->mb || p->y <= p->mt + 20)
		return false;
	finish_page(p);
	start_page(p);
	return true;
}

/* The Decree 30 frame above the body: two columns, then kind, subject. */
static void issuer_head(struct pdf *p, const struct doc_issuer *is)
{
	double w = text_width(p), lw = w * 0.42, rx = p->ml + lw, rw = w - lw;
	double y0 = p->y, yl = y0, yr = y0;
	if (is->parent)
		yl += text_at(p, is->parent, SERIF, 12, 'r', p->ml, yl, lw, PANGO_ALIGN_CENTER, true);
	if (is->agency) {
		yl += text_at(p, is->agency, SERIF, 12, 'b', p->ml, yl, lw, PANGO_ALIGN_CENTER, true);
		hline(p, p->ml + lw * 0.33, p->ml + lw * 0.67, yl + 2, 0.6);
		yl += 8;
	}
	if (is->number)
		yl += text_at(p, is->number, SERIF, 12, 'r', p->ml, yl, lw, PANGO_ALIGN_CENTER, true);
	yr += text_at(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", SERIF, 11, 'b', rx, yr, rw,
	              PANGO_ALIGN_CENTER, true);
	yr += text_at(p, "Độc lập - Tự do - Hạnh phúc", SERIF, 12, 'b', rx, yr, rw,
	              PANGO_ALIGN_CENTER, true);
	hline(p, rx + rw * 0.24, rx + rw * 0.76, yr + 2, 0.6);
	yr += 10;
	if (is->place_date)
		yr += text_at(p, is->place_date, SERIF, 12, 'i', rx, yr, rw, PANGO_ALIGN_CENTER, true);
	p->y = (yl > yr ? yl : yr) + 18;
	if (is->kind)
		p->y += text_at(p, is->kind, SERIF, 13.5, 'b', p->ml, p->y, w, PANGO_ALIGN_CENTER,
		                true);
	if (is->subject) {
		p->y += text_at(p, is->subject, SERIF, 13, 'b', p->ml + w * 0.1, p->y, w * 0.8,
		                PANGO_ALIGN_CENTER, true);
		hline(p, p->ml + w * 0.4, p->ml + w * 0.6, p->y + 4, 0.6);
		p->y += 8;
	}
	p->y += 12;
	for (size_t i = 0; i < is->nbody; i++) {
		ensure(p, 40);
		PangoLayout *l = p->lay;
		pango_layout_set_indent(l, (int)(1.0 * 28.35 * PANGO_SCALE));
		pango_layout_set_justify(l, TRUE);
		p->y += text_at(p, is->body[i], SERIF, 13, 'r', p->ml, p->y, w, PANGO_ALIGN_LEFT,
		                true) + 6;
		pango_layout_set_indent(l, 0);
		pango_layout_set_justify(l, FALSE);
	}
}

static void issuer_foot(struct pdf *p, const struct doc_issuer *is)
{
	double w = text_width(p), lw = w * 0.5, rx = p->ml + lw, rw = w - lw;
	double need = 40 + 14.0 * (double)is->nrecipients;
	ensure(p, need > 110 ? need : 110);
	p->y += 24;
	double yl = p->y, yr = p->y;
	yl += text_at(p, p->en ? "Recipients:" : "Nơi nhận:", SERIF, 12, 'B', p->ml, yl, lw,
	              PANGO_ALIGN_LEFT, true);
	for (size_t i = 0; i < is->nrecipients; i++)
		yl += text_at(p, is->recipients[i], SERIF, 11, 'r', p->ml, yl, lw, PANGO_ALIGN_LEFT,
		              true);
	if (is->signer_role)
		yr += text_at(p, is->signer_role, SERIF, 13, 'b', rx, yr, rw, PANGO_ALIGN_CENTER,
		              true);
	yr += 60;
	if (is->signer_name)
		yr += text_at(p, is->signer_name, SERIF, 13, 'b', rx, yr, rw, PANGO_ALIGN_CENTER,
		              true);
	p->y = yl > yr ? yl : yr;
}

static void cell_text(const struct pdf *p, const struct doc_col *c, const struct doc_cell *v,
                      char *buf, size_t size, const char **out)
{
	if (v->null) {
		*out = "—";
		return;
	}
	if (c->type == DOC_COL_TEXT) {
		*out = v->text;
		return;
	}
	*out = doc_format_number(v->num, c->type == DOC_COL_INT ? 0 : 2, p->en ? "en" : "vi", buf,
	                         size);
}

static double table_header(struct pdf *p, const struct doc_table *t, const size_t *vis,
                           size_t nvis, const double *xs, const double *ws, bool measure_only)
{
	bool draw = p->draw;
	if (measure_only)
		p->draw = false;
	double h = 0;
	for (size_t k = 0; k < nvis; k++) {
		const struct doc_col *c = &t->cols[vis[k]];
		double ch = text_at(p, c->pdf_title ? c->pdf_title : c->title, SANS, TABLE_PT, 'b', xs[k] + PAD,
		                    p->y + PAD, ws[k] - 2 * PAD, PANGO_ALIGN_CENTER, true);
		if (ch > h)
			h = ch;
	}
	h += 2 * PAD;
	p->draw = draw;
	if (!measure_only && p->draw) {
		cairo_rectangle(p->cr, xs[0], p->y, xs[nvis - 1] + ws[nvis - 1] - xs[0], h);
		cairo_set_line_width(p->cr, 0.6);
		cairo_stroke(p->cr);
	}
	if (!measure_only)
		p->y += h;
	return h;
}

/* Most cells of a big table are numbers, grades and names in NFC, which
 * need no shaping beyond one glyph per code point (Noto has precomposed
 * Vietnamese letters). Each code point seen is shaped once by pango (the
 * same font, size and language as the cells), then a row's cells are drawn
 * with one cairo_show_glyphs from that cache. cairo maps the glyphs back
 * to text through the font's cmap, so the PDF stays searchable (pdftotext
 * reads it; tests/cli/test_report.sh checks). A cell with a combining
 * mark, a control character, a glyph from a fallback font, or too wide for
 * its column (it needs an ellipsis) goes through pango. Kerning between
 * letters is not applied on this path. */
#define GLYPH_SLOTS 1024
struct glyph_slot {
	uint32_t cp;
	bool used, ok;
	unsigned long glyph;
	double advance;
};
struct glyph_cache {
	bool ok;
	cairo_scaled_font_t *font;
	PangoLayout *shaper;
	double baseline;
	size_t used;
	struct glyph_slot slot[GLYPH_SLOTS];
};

/* Shapes one code point; false when pango needs more than one glyph of
 * the cache's font. */
static bool shape_one(struct glyph_cache *g, uint32_t cp, unsigned long *glyph, double *adv,
                      cairo_scaled_font_t **font)
{
	utf8proc_uint8_t buf[8];
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, buf);
	pango_layout_set_text(g->shaper, (const char *)buf, (int)n);
	PangoLayoutLine *line = pango_layout_get_line_readonly(g->shaper, 0);
	PangoGlyphItem *run = line && line->runs && !line->runs->next ? line->runs->data : NULL;
	if (!run || run->glyphs->num_glyphs != 1 ||
	    (run->glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
		return false;
	*font = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
	*glyph = run->glyphs->glyphs[0].glyph;
	*adv = (double)run->glyphs->glyphs[0].geometry.width / PANGO_SCALE;
	return *font != NULL;
}

/* The cache for cells laid out like layout l (copied). */
static void glyph_cache_init(PangoLayout *l, struct glyph_cache *g)
{
	memset(g, 0, sizeof *g);
	g->shaper = pango_layout_copy(l);
	pango_layout_set_width(g->shaper, -1);
	pango_layout_set_ellipsize(g->shaper, PANGO_ELLIPSIZE_NONE);
	unsigned long glyph;
	double adv;
	cairo_scaled_font_t *f;
	g->ok = shape_one(g, '0', &glyph, &adv, &f);
	if (g->ok)
		g->font = cairo_scaled_font_reference(f);
	pango_layout_set_text(g->shaper, "0", 1);
	g->baseline = (double)pango_layout_get_baseline(g->shaper) / PANGO_SCALE;
}

static void glyph_cache_free(struct glyph_cache *g)
{
	if (g->font)
		cairo_scaled_font_destroy(g->font);
	if (g->shaper)
		g_object_unref(g->shaper);
}

static const struct glyph_slot *glyph_of(struct glyph_cache *g, uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x300 && cp < 0x370) || (cp >= 0x1ab0 && cp < 0x1b00) ||
	    (cp >= 0x1dc0 && cp < 0x1e00) || (cp >= 0x20d0 && cp < 0x2100))
		return NULL; /* controls and combining marks need shaping */
	size_t h = (size_t)(cp * 2654435761u) % GLYPH_SLOTS;
	while (g->slot[h].used && g->slot[h].cp != cp)
		h = (h + 1) % GLYPH_SLOTS;
	struct glyph_slot *s = &g->slot[h];
	if (!s->used) {
		if (g->used >= GLYPH_SLOTS * 3 / 4)
			return NULL;
		cairo_scaled_font_t *f = NULL;
		s->used = true;
		s->cp = cp;
		s->ok = shape_one(g, cp, &s->glyph, &s->advance, &f) && f == g->font;
		g->used++;
	}
	return s->ok ? s : NULL;
}

#define BATCH 1024
struct glyph_batch {
	cairo_glyph_t gl[BATCH];
	int n;
};

/* Appends s in the box [x0, x1] (right-aligned when right); false, with
 * nothing appended, when a character is not in the cache or s does not
 * fit. */
static bool glyph_append(struct glyph_cache *g, struct glyph_batch *b, const char *s,
                         double x0, double x1, bool right, double y)
{
	int n0 = b->n;
	double w = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		const struct glyph_slot *gs = k > 0 ? glyph_of(g, (uint32_t)cp) : NULL;
		if (!gs || b->n == BATCH) {
			b->n = n0;
			return false;
		}
		b->gl[b->n++] = (cairo_glyph_t){gs->glyph, w, 0};
		w += gs->advance;
		p += k;
	}
	if (w > x1 - x0) {
		b->n = n0;
		return false;
	}
	double start = right ? x1 - w : x0;
	for (int i = n0; i < b->n; i++) {
		b->gl[i].x += start;
		b->gl[i].y = y + g->baseline;
	}
	return true;
}

static void glyph_flush(struct pdf *p, const struct glyph_cache *g, struct glyph_batch *b)
{
	if (b->n) {
		cairo_set_scaled_font(p->cr, g->font);
		cairo_show_glyphs(p->cr, b->gl, b->n);
	}
	b->n = 0;
}

static void table(struct pdf *p, const struct doc_table *t)
{
	struct arena *a = p->d->arena;
	size_t *vis = arena_array(a, t->ncols + 1, sizeof *vis), nvis = 0;
	double total = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (!t->cols[c].pdf_hide) {
			vis[nvis++] = c;
			double cw = t->cols[c].width > 0 ? t->cols[c].width
			            : t->cols[c].type == DOC_COL_TEXT ? 30 : 10;
			total += cw;
		}
	if (!nvis)
		return;
	double *xs = arena_array(a, nvis, sizeof *xs), *ws = arena_array(a, nvis, sizeof *ws);
	double x = p->ml, tw = text_width(p);
	for (size_t k = 0; k < nvis; k++) {
		const struct doc_col *c = &t->cols[vis[k]];
		double cw = c->width > 0 ? c->width : c->type == DOC_COL_TEXT ? 30 : 10;
		xs[k] = x;
		ws[k] = tw * cw / total;
		x += ws[k];
	}
	double th = t->title ? 20 : 0;
	double hh = table_header(p, t, vis, nvis, xs, ws, true);
	ensure(p, th + hh + ROW_H);
	if (t->title)
		p->y += text_at(p, t->title, SERIF, 12, 'b', p->ml, p->y, tw, PANGO_ALIGN_LEFT,
		                true) + 5;
	table_header(p, t, vis, nvis, xs, ws, false);
	/* one layout per column, its font, width and alignment set once: a
	 * cell is then only set_text and show (12,000 rows x 15 columns) */
	PangoLayout **cl = NULL;
	if (p->draw) {
		cl = arena_array(a, nvis, sizeof *cl);
		PangoFontDescription *fd = pango_font_description_new();
		pango_font_description_set_family(fd, SANS);
		pango_font_description_set_size(fd, (int)(TABLE_PT * PANGO_SCALE));
		for (size_t k = 0; k < nvis; k++) {
			cl[k] = pango_cairo_create_layout(p->cr);
			pango_cairo_context_set_resolution(pango_layout_get_context(cl[k]), 72);
			pango_layout_context_changed(cl[k]);
			pango_layout_set_font_description(cl[k], fd);
			pango_layout_set_width(cl[k], (int)((ws[k] - 2 * PAD) * PANGO_SCALE));
			pango_layout_set_ellipsize(cl[k], PANGO_ELLIPSIZE_END);
			pango_layout_set_alignment(cl[k], t->cols[vis[k]].type == DOC_COL_TEXT
			                                      ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
		}
		pango_font_description_free(fd);
	}
	struct glyph_cache *gc = p->draw ? arena_alloc(a, sizeof *gc) : NULL;
	if (gc)
		glyph_cache_init(cl[0], gc);
	struct glyph_batch *nb = p->draw ? arena_alloc(a, sizeof *nb) : NULL;
	if (nb)
		nb->n = 0;
	char buf[64];
	for (size_t r = 0; r < t->nrows; r++) {
		if (ensure(p, ROW_H))
			table_header(p, t, vis, nvis, xs, ws, false);
		if (p->draw) {
			const struct doc_cell *row = t->cells + r * t->ncols;
			if (r % 2) {
				cairo_set_source_rgb(p->cr, 0.95, 0.96, 0.97);
				cairo_rectangle(p->cr, xs[0], p->y, x - xs[0], ROW_H);
				cairo_fill(p->cr);
				cairo_set_source_rgb(p->cr, 0, 0, 0);
			}
			for (size_t k = 0; k < nvis; k++) {
				const struct doc_col *c = &t->cols[vis[k]];
				const char *s;
				cell_text(p, c, &row[vis[k]], buf, sizeof buf, &s);
				if (gc && gc->ok && glyph_append(gc, nb, s, xs[k] + PAD, xs[k] + ws[k] - PAD,
				                          c->type != DOC_COL_TEXT, p->y + 1.5))
					continue;
				pango_layout_set_text(cl[k], s, -1);
				cairo_move_to(p->cr, xs[k] + PAD, p->y + 1.5);
				pango_cairo_show_layout(p->cr, cl[k]);
			}
			if (gc && gc->ok)
				glyph_flush(p, gc, nb);
		}
		p->y += ROW_H;
	}
	for (size_t k = 0; cl && k < nvis; k++)
		g_object_unref(cl[k]);
	if (gc)
		glyph_cache_free(gc);
	if (p->draw) {
		cairo_set_source_rgb(p->cr, 0.5, 0.5, 0.5);
		hline(p, xs[0], x, p->y, 0.5);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	p->y += 14;
}

struct png_reader {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int len)
{
	struct png_reader *r = closure;
	if (len > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, len);
	r->p += len;
	r->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

/* Room for a chart of cw x ch points with its title: the scale that fits
 * it to the text width and the page, the title written, p->y at the
 * chart's top. */
static double chart_place(struct pdf *p, const struct doc_chart *c, double cw, double ch)
{
	double w = c->width_pt > 0 && c->width_pt < text_width(p) ? c->width_pt : text_width(p);
	double maxh = p->ph - p->mt - p->mb - 40;
	double s = w / cw;
	if (ch * s > maxh)
		s = maxh / ch;
	ensure(p, (c->title ? 20 : 0) + ch * s);
	if (c->title)
		p->y += text_at(p, c->title, SERIF, 12, 'b', p->ml, p->y, text_width(p),
		                PANGO_ALIGN_LEFT, true) + 5;
	return s;
}

/* A chart in vectors: its own drawing onto the page, scaled to fit. */
static bool chart_vector(struct pdf *p, const struct doc_chart *c)
{
	double cw, chh;
	if (chart_vector_size(&c->vec, &cw, &chh) != PX_OK || cw <= 0 || chh <= 0)
		return false;
	double s = chart_place(p, c, cw, chh);
	if (p->draw) {
		cairo_save(p->cr);
		cairo_translate(p->cr, p->ml, p->y);
		cairo_scale(p->cr, s, s);
		chart_vector_paint(&c->vec, p->cr);
		cairo_restore(p->cr);
	}
	p->y += chh * s + 12;
	return true;
}

static void chart(struct pdf *p, const struct doc_chart *c)
{
	if (c->vec.spec && chart_vector(p, c))
		return;
	struct png_reader rd = {c->png, c->len};
	cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &rd);
	if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
		double iw = cairo_image_surface_get_width(img);
		double ih = cairo_image_surface_get_height(img);
		double s = chart_place(p, c, iw, ih);
		if (p->draw) {
			cairo_save(p->cr);
			cairo_translate(p->cr, p->ml, p->y);
			cairo_scale(p->cr, s, s);
			cairo_set_source_surface(p->cr, img, 0, 0);
			cairo_paint(p->cr);
			cairo_restore(p->cr);
		}
		p->y += ih * s + 12;
	}
	cairo_surface_destroy(img);
}

static void flow(struct pdf *p)
{
	const struct doc *d = p->d;
	if (!d->issuer && d->landscape) {
		/* a plain landscape report: from its first page */
		p->land = true;
		p->pw = 297 * MM;
		p->ph = 210 * MM;
		cairo_pdf_surface_set_size(p->surface, p->pw, p->ph);
	}
	start_page(p);
	if (d->issuer) {
		/* the document itself, portrait: frame, body, signature; then the
		 * annex on a new page */
		issuer_head(p, d->issuer);
		issuer_foot(p, d->issuer);
		if (d->landscape) {
			orientation(p, true);
		} else {
			finish_page(p);
			start_page(p);
		}
		double w = text_width(p);
		if (d->issuer->annex)
			p->y += text_at(p, d->issuer->annex, SERIF, 13, 'b', p->ml, p->y, w,
			                PANGO_ALIGN_CENTER, true);
		if (d->issuer->annex_note)
			p->y += text_at(p, d->issuer->annex_note, SERIF, 12, 'i', p->ml, p->y, w,
			                PANGO_ALIGN_CENTER, true);
		p->y += 6;
	}
	double w = text_width(p);
	if (d->title)
		p->y += text_at(p, d->title, SERIF, d->issuer ? 13 : 15, 'b', p->ml, p->y, w,
		                PANGO_ALIGN_CENTER, true) + 4;
	if (d->subtitle)
		p->y += text_at(p, d->subtitle, SERIF, 11, 'i', p->ml, p->y, w, PANGO_ALIGN_CENTER,
		                true);
	p->y += 14;
	for (size_t i = 0; i < d->ntables; i++)
		if (!d->tables[i]->pdf_skip)
			table(p, d->tables[i]);
	for (size_t i = 0; i < d->ncharts; i++)
		chart(p, &d->charts[i]);
	for (size_t i = 0; i < d->nfootnotes; i++) {
		ensure(p, 14);
		p->y += text_at(p, d->footnotes[i], SERIF, 9.5, 'i', p->ml, p->y, w, PANGO_ALIGN_LEFT,
		                true) + 2;
	}
	finish_page(p);
}

static enum px_err run(const struct doc *d, struct pdf *p, cairo_write_func_t fn, void *closure)
{
	p->land = false;
	p->pw = 210 * MM;
	p->ph = 297 * MM;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(fn, closure, p->pw, p->ph);
	char when[21];
	clock_iso(d->exported_at, when);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, when);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, when);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "parindex");
	if (d->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	p->surface = s;
	p->cr = cairo_create(s);
	p->lay = pango_cairo_create_layout(p->cr);
	/* sizes are points: 72 per inch, not pango's default 96 */
	pango_cairo_context_set_resolution(pango_layout_get_context(p->lay), 72);
	pango_layout_context_changed(p->lay);
	p->page = 0;
	flow(p);
	g_object_unref(p->lay);
	cairo_destroy(p->cr);
	cairo_surface_finish(s);
	enum px_err e = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? PX_OK : PX_FAIL;
	cairo_surface_destroy(s);
	return e;
}

enum px_err doc_pdf_render(const struct doc *d, struct str *out)
{
	struct pdf p = {.d = d, .en = d->lang && !strcmp(d->lang, "en")};
	p.pw = 210 * MM;
	p.ph = 297 * MM;
	p.ml = 30 * MM;
	p.mr = 15 * MM;
	p.mt = 20 * MM;
	p.mb = 20 * MM;
	p.draw = false;
	enum px_err e = run(d, &p, discard, NULL);
	if (e != PX_OK)
		return e;
	p.pages = p.page;
	p.draw = true;
	size_t start = out->len;
	e = run(d, &p, append, out);
	if (e != PX_OK && !str_error(out))
		str_truncate(out, start);
	return e;
}
