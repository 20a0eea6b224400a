/*
 * The document model (io/doc.h): building a struct doc in an arena, the
 * number format of the PDF (Vietnamese 95,31 and 2.340.000; English the
 * opposite) and the choice of renderer. The renderers are doc_xlsx.c and
 * doc_pdf.c.
 */
#include "io/doc.h"
#include "base/arena.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct doc *doc_new(struct arena *a, const char *title)
{
	struct doc *d = arena_alloc(a, sizeof *d);
	memset(d, 0, sizeof *d);
	d->arena = a;
	d->title = title;
	d->lang = "vi";
	return d;
}

void doc_meta(struct doc *d, const char *key, const char *value)
{
	size_t cap = d->meta_cap;
	d->meta_keys = arena_grow(d->arena, d->meta_keys, &cap, d->nmeta, sizeof *d->meta_keys);
	cap = d->meta_cap;
	d->meta_values = arena_grow(d->arena, d->meta_values, &cap, d->nmeta,
	                            sizeof *d->meta_values);
	d->meta_cap = cap;
	d->meta_keys[d->nmeta] = key;
	d->meta_values[d->nmeta++] = value ? value : "";
}

void doc_footnote(struct doc *d, const char *text)
{
	d->footnotes = arena_grow(d->arena, d->footnotes, &d->footnotes_cap, d->nfootnotes,
	                          sizeof *d->footnotes);
	d->footnotes[d->nfootnotes++] = text;
}

void doc_chart_png(struct doc *d, const char *title, const struct str *png, double width_pt)
{
	d->charts = arena_grow(d->arena, d->charts, &d->charts_cap, d->ncharts, sizeof *d->charts);
	unsigned char *copy = arena_alloc(d->arena, png->len ? png->len : 1);
	if (png->len)
		memcpy(copy, png->buf, png->len);
	d->charts[d->ncharts++] = (struct doc_chart){title, copy, png->len, width_pt};
}

void doc_chart_vector(struct doc *d, enum chart_kind kind, const void *spec, size_t size)
{
	if (!d->ncharts)
		return;
	void *copy = arena_alloc(d->arena, size);
	memcpy(copy, spec, size);
	d->charts[d->ncharts - 1].vec = (struct chart_vector){kind, copy};
}

struct doc_table *doc_table_new(struct doc *d, const char *sheet, const char *title,
                                const struct doc_col *cols, size_t ncols)
{
	struct doc_table *t = arena_alloc(d->arena, sizeof *t);
	memset(t, 0, sizeof *t);
	t->sheet = sheet;
	t->title = title;
	t->cols = arena_array(d->arena, ncols ? ncols : 1, sizeof *t->cols);
	memcpy(t->cols, cols, ncols * sizeof *cols);
	t->ncols = ncols;
	t->arena = d->arena;
	d->tables = arena_grow(d->arena, d->tables, &d->tables_cap, d->ntables, sizeof *d->tables);
	d->tables[d->ntables++] = t;
	return t;
}

struct doc_cell *doc_row(struct doc_table *t)
{
	size_t need = (t->nrows + 1) * t->ncols;
	if (need > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64 * (t->ncols ? t->ncols : 1);
		while (cap < need)
			cap *= 2;
		struct doc_cell *v = arena_array(t->arena, cap, sizeof *v);
		if (t->nrows)
			memcpy(v, t->cells, t->nrows * t->ncols * sizeof *v);
		t->cells = v;
		t->cap = cap;
	}
	struct doc_cell *row = t->cells + t->nrows * t->ncols;
	for (size_t i = 0; i < t->ncols; i++)
		row[i] = (struct doc_cell){.null = true};
	t->nrows++;
	return row;
}

char *doc_format_number(double v, int decimals, const char *lang, char *buf, size_t size)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "—");
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	bool en = lang && !strcmp(lang, "en");
	char dec = en ? '.' : ',', thou = en ? ',' : '.';
	char raw[64];
	snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
	const char *point = strchr(raw, '.');
	size_t nint = point ? (size_t)(point - raw) : strlen(raw);
	bool neg = v < 0 && strspn(raw, "0.") != strlen(raw); /* no "-0,00" */
	char tmp[96];
	size_t o = 0;
	if (neg)
		tmp[o++] = '-';
	for (size_t i = 0; i < nint; i++) {
		if (i && (nint - i) % 3 == 0)
			tmp[o++] = thou;
		tmp[o++] = raw[i];
	}
	if (point) {
		tmp[o++] = dec;
		for (const char *p = point + 1; *p; p++)
			tmp[o++] = *p;
	}
	tmp[o] = 0;
	snprintf(buf, size, "%s", tmp);
	return buf;
}

enum px_err doc_render(const struct doc *d, enum doc_format f, struct str *out)
{
	return f == DOC_XLSX ? doc_xlsx_render(d, out) : doc_pdf_render(d, out);
}

bool doc_format_parse(const char *s, enum doc_format *f)
{
	if (s && !strcasecmp(s, "xlsx")) {
		*f = DOC_XLSX;
		return true;
	}
	if (s && !strcasecmp(s, "pdf")) {
		*f = DOC_PDF;
		return true;
	}
	return false;
}

bool doc_format_from_name(const char *name, enum doc_format *f)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	const char *slash = name ? strrchr(name, '/') : NULL;
	if (!dot || (slash && dot < slash))
		return false;
	return doc_format_parse(dot + 1, f);
}

const char *doc_mime_type(enum doc_format f)
{
	return f == DOC_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                     : "application/pdf";
}

const char *doc_extension(enum doc_format f)
{
	return f == DOC_XLSX ? "xlsx" : "pdf";
}
