/*
 * A report as data: the one thing every printed or downloaded document of
 * the application is (a ranking, a unit's scorecard, the streamlining
 * figures, a decision's annex). app/report.c fills a struct doc from app
 * data; a renderer turns it into a file:
 *   doc_xlsx.c  libxlsxwriter: one sheet per table, real numeric cells
 *               with number formats, frozen header row, autofilter, and a
 *               sheet "Thông tin" (source, version, time of export);
 *   doc_pdf.c   cairo + pango: A4, Noto fonts, tables that break across
 *               pages with their header repeated, charts, "Trang x/y",
 *               and the Decree 30/2020/NĐ-CP layout when the doc carries
 *               an issuing agency (struct doc_issuer).
 * Keeping the document separate from its rendering means a new report is
 * one builder function, and XLSX and PDF can never disagree on a number.
 *
 * Everything lives in the arena given to doc_new; strings are not copied
 * (the builder passes strings that live at least as long as the arena).
 * Rendering is deterministic: the time of export is doc->exported_at
 * (Unix seconds, base/clock.h, so $PARINDEX_NOW fixes it), used for the
 * XLSX document properties and the PDF's info, so the same inputs give the
 * same bytes from the CLI and from the web.
 */
#ifndef PARINDEX_IO_DOC_H
#define PARINDEX_IO_DOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/str.h"
#include "io/chart.h"

struct arena;

enum doc_format { DOC_XLSX, DOC_PDF };

enum doc_col_type {
	DOC_COL_TEXT,
	DOC_COL_INT,     /* integer, thousands separated (#,##0) */
	DOC_COL_POINTS,  /* 2 decimals (0.00) */
	DOC_COL_PERCENT, /* a value in percent (95.31 means 95.31 %); 2 decimals */
};

struct doc_col {
	const char *title;
	enum doc_col_type type;
	double width; /* in characters; 0: from the type */
	bool pdf_hide; /* in the XLSX only (codes, raw totals) */
	const char *pdf_title; /* a shorter header for the PDF (NULL: title) */
};

struct doc_cell {
	bool null;        /* empty cell ("—" in the PDF) */
	const char *text; /* DOC_COL_TEXT */
	double num;       /* the other types */
};

struct doc_table {
	const char *sheet; /* XLSX sheet name (<= 31 chars, no []:*?/\) */
	const char *title; /* heading above the table in the PDF */
	struct doc_col *cols;
	size_t ncols;
	struct doc_cell *cells; /* nrows * ncols, row major */
	size_t nrows, cap;
	bool pdf_skip;          /* in the XLSX only (a wide data sheet) */
	struct arena *arena;    /* the doc's, where rows grow */
};

/* A chart: the bytes the chart API (io/chart.h) drew as PNG. The PDF
 * embeds the picture at `width_pt`; the XLSX leaves charts out. */
struct doc_chart {
	const char *title;
	const unsigned char *png; /* the picture (XLSX; the PDF without vec) */
	size_t len;
	double width_pt; /* 0: the text width */
	struct chart_vector vec; /* the PDF draws this in vectors when set */
};

/* The Decree 30/2020/NĐ-CP frame of a document an agency issues (from a
 * template in data/documents/, app/report.c). Any field may be NULL. */
struct doc_issuer {
	const char *parent;     /* "ỦY BAN NHÂN DÂN THÀNH PHỐ ..." (upper, regular) */
	const char *agency;     /* "SỞ NỘI VỤ" (upper, bold) */
	const char *number;     /* "Số: .../QĐ-UBND" */
	const char *place_date; /* "Hà Nội, ngày 03 tháng 12 năm 2026" */
	const char *kind;       /* "QUYẾT ĐỊNH", "BÁO CÁO" (bold, centred) */
	const char *subject;    /* "Về việc ..." under the kind */
	const char *const *body; /* paragraphs before the tables */
	size_t nbody;
	const char *signer_role;  /* "CHỦ TỊCH", "GIÁM ĐỐC" */
	const char *signer_name;
	const char *const *recipients; /* "Nơi nhận" lines */
	size_t nrecipients;
	const char *annex;      /* "PHỤ LỤC": the tables follow on a new page */
	const char *annex_note; /* "(Kèm theo Quyết định số ... ngày ...)" */
};

struct doc {
	struct arena *arena;
	const char *lang;     /* "vi" (default) or "en": numbers and words in the PDF */
	const char *title;
	const char *subtitle;
	const char *source;   /* "parindex — bộ tiêu chí X, phiên bản 3" */
	const char *version;  /* framework version or "live" */
	int64_t exported_at;  /* Unix seconds */
	const struct doc_issuer *issuer; /* NULL: a plain report */
	const char **meta_keys, **meta_values; /* extra rows of "Thông tin" */
	size_t nmeta, meta_cap;
	struct doc_table **tables;
	size_t ntables, tables_cap;
	struct doc_chart *charts;
	size_t ncharts, charts_cap;
	const char **footnotes;
	size_t nfootnotes, footnotes_cap;
	bool landscape;       /* PDF pages of the tables (the issuer's frame is
	                         always portrait) */
};

struct doc *doc_new(struct arena *a, const char *title);
void doc_meta(struct doc *d, const char *key, const char *value);
void doc_footnote(struct doc *d, const char *text);
void doc_chart_png(struct doc *d, const char *title, const struct str *png, double width_pt);
/* Lets the PDF draw the chart just added by doc_chart_png in vectors;
 * spec (copied into the doc's arena, with `size` bytes) must point to
 * arrays that live as long as the doc. */
void doc_chart_vector(struct doc *d, enum chart_kind kind, const void *spec, size_t size);
/* A new table; cols are copied. */
struct doc_table *doc_table_new(struct doc *d, const char *sheet, const char *title,
                                const struct doc_col *cols, size_t ncols);
/* Appends a row of null cells and returns it (ncols cells) to fill. */
struct doc_cell *doc_row(struct doc_table *t);
static inline void doc_set_text(struct doc_cell *c, const char *s)
{
	c->null = s == NULL;
	c->text = s;
}
static inline void doc_set_num(struct doc_cell *c, double v)
{
	c->null = !(v == v); /* NaN is empty */
	c->num = v;
}

/* A number as the PDF shows it: lang "en" 2,340,000.5; else (Vietnamese)
 * 2.340.000,5. decimals 0..6. NaN or infinite: "—". Returns buf. */
char *doc_format_number(double v, int decimals, const char *lang, char *buf, size_t size);

/* Renders the document and appends the file's bytes to out. PX_FAIL when
 * a library fails or out is full (nothing appended then). */
enum px_err doc_render(const struct doc *d, enum doc_format f, struct str *out);
enum px_err doc_xlsx_render(const struct doc *d, struct str *out);
enum px_err doc_pdf_render(const struct doc *d, struct str *out);

/* "xlsx" / "pdf" from a file name's extension or a ?format= value
 * (ASCII case-insensitive); false otherwise. */
bool doc_format_from_name(const char *name, enum doc_format *f);
bool doc_format_parse(const char *s, enum doc_format *f);
const char *doc_mime_type(enum doc_format f);
const char *doc_extension(enum doc_format f);
#endif
