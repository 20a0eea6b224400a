/*
 * The XLSX renderer of a struct doc (io/doc.h), on libxlsxwriter.
 *
 * One sheet per table: a bold header row, frozen, with an autofilter over
 * the data; every number is a real numeric cell (integers "#,##0", points
 * "0.00", percentages stored as fractions with "0.00%", so Excel sorts,
 * filters and sums them; the display locale is Excel's business). Then a
 * sheet "Thông tin": title, source, framework version, time of export and
 * the doc's own metadata.
 *
 * libxlsxwriter writes to a file name, so the workbook goes to a private
 * temporary file that is read back into `out` and removed. constant_memory
 * mode streams each row to disk as it is written (rows are written in
 * order), so 12,000 units take a few megabytes, not a tree of every cell.
 * The document properties' creation time is doc->exported_at, and
 * libxlsxwriter (1.1.4) dates every zip entry 1980-01-01: the same doc
 * gives the same bytes.
 */
#include "io/doc.h"
#include "base/arena.h"
#include "base/clock.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double default_width(enum doc_col_type t)
{
	return t == DOC_COL_TEXT ? 30 : t == DOC_COL_INT ? 10 : 12;
}

/* The first max_chars code points of s (UTF-8) in buf, with []:*?/\
 * replaced by '-'. */
static void sheet_part(const char *s, size_t max_chars, char *buf, size_t size)
{
	size_t o = 0, chars = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 1 < size;
	     p++) {
		if ((*p & 0xC0) != 0x80) {
			if (chars == max_chars)
				break;
			chars++;
		}
		buf[o++] = strchr("[]:*?/\\", *p) ? '-' : (char)*p;
	}
	buf[o] = 0;
}

/* A sheet name Excel accepts: at most 31 characters (Excel counts code
 * points for Vietnamese), none of []:*?/\, unique within the workbook
 * (" (2)", " (3)"... shortening the name to make room). */
static const char *sheet_name(struct arena *a, const char *want, size_t index,
                              lxw_workbook *wb)
{
	char buf[160];
	sheet_part(want, 31, buf, sizeof buf);
	if (!*buf)
		snprintf(buf, sizeof buf, "Bảng %zu", index + 1);
	const char *name = arena_strdup(a, buf);
	for (int k = 2; workbook_get_worksheet_by_name(wb, name); k++) {
		char suffix[16], base[160];
		int sl = snprintf(suffix, sizeof suffix, " (%d)", k);
		sheet_part(buf, 31 - (size_t)sl, base, sizeof base);
		name = arena_printf(a, "%s%s", base, suffix);
	}
	return name;
}

static enum px_err write_workbook(const struct doc *d, const char *path)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return PX_FAIL;
	lxw_doc_properties props = {0};
	props.title = (char *)(d->title ? d->title : "");
	props.author = "parindex";
	props.company = (char *)(d->source ? d->source : "");
	props.created = (time_t)d->exported_at;
	workbook_set_properties(wb, &props);

	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(head, LXW_BORDER_THIN);
	format_set_bg_color(head, 0xE8EEF4);
	lxw_format *fmt_int = workbook_add_format(wb);
	format_set_num_format(fmt_int, "#,##0");
	lxw_format *fmt_pts = workbook_add_format(wb);
	format_set_num_format(fmt_pts, "0.00");
	lxw_format *fmt_pct = workbook_add_format(wb);
	format_set_num_format(fmt_pct, "0.00%");
	lxw_format *fmt_text = workbook_add_format(wb);
	format_set_text_wrap(fmt_text);
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);

	for (size_t t = 0; t < d->ntables; t++) {
		const struct doc_table *tb = d->tables[t];
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name(d->arena, tb->sheet, t, wb));
		if (!ws)
			goto fail;
		for (size_t c = 0; c < tb->ncols; c++) {
			double w = tb->cols[c].width > 0 ? tb->cols[c].width
			                                 : default_width(tb->cols[c].type);
			worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
		}
		for (size_t c = 0; c < tb->ncols; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, tb->cols[c].title, head);
		worksheet_freeze_panes(ws, 1, 0);
		if (tb->ncols)
			worksheet_autofilter(ws, 0, 0, (lxw_row_t)(tb->nrows ? tb->nrows : 1),
			                     (lxw_col_t)(tb->ncols - 1));
		for (size_t r = 0; r < tb->nrows; r++) {
			const struct doc_cell *row = tb->cells + r * tb->ncols;
			lxw_row_t xr = (lxw_row_t)(r + 1);
			for (size_t c = 0; c < tb->ncols; c++) {
				const struct doc_cell *cell = &row[c];
				if (cell->null)
					continue;
				lxw_col_t xc = (lxw_col_t)c;
				switch (tb->cols[c].type) {
				case DOC_COL_TEXT:
					worksheet_write_string(ws, xr, xc, cell->text, NULL);
					break;
				case DOC_COL_INT:
					worksheet_write_number(ws, xr, xc, cell->num, fmt_int);
					break;
				case DOC_COL_POINTS:
					worksheet_write_number(ws, xr, xc, cell->num, fmt_pts);
					break;
				case DOC_COL_PERCENT:
					worksheet_write_number(ws, xr, xc, cell->num / 100.0, fmt_pct);
					break;
				}
			}
		}
	}
	lxw_worksheet *info = workbook_add_worksheet(wb, "Thông tin");
	if (!info)
		goto fail;
	worksheet_set_column(info, 0, 0, 28, NULL);
	worksheet_set_column(info, 1, 1, 80, fmt_text);
	char when[21];
	clock_iso(d->exported_at, when);
	const char *keys[] = {"Tiêu đề | Title", "Nguồn | Source",
	                      "Phiên bản | Version", "Thời điểm xuất | Exported at (UTC)"};
	const char *vals[] = {d->title, d->source, d->version, when};
	lxw_row_t r = 0;
	for (size_t i = 0; i < 4; i++, r++) {
		worksheet_write_string(info, r, 0, keys[i], title);
		worksheet_write_string(info, r, 1, vals[i] ? vals[i] : "", NULL);
	}
	for (size_t i = 0; i < d->nmeta; i++, r++) {
		worksheet_write_string(info, r, 0, d->meta_keys[i], title);
		worksheet_write_string(info, r, 1, d->meta_values[i], NULL);
	}
	for (size_t i = 0; i < d->nfootnotes; i++, r++) {
		worksheet_write_string(info, r, 0, i ? "" : "Ghi chú | Notes", title);
		worksheet_write_string(info, r, 1, d->footnotes[i], NULL);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? PX_OK : PX_FAIL;
fail:
	workbook_close(wb);
	return PX_FAIL;
}

enum px_err doc_xlsx_render(const struct doc *d, struct str *out)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/parindex-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return PX_FAIL;
	close(fd);
	enum px_err e = write_workbook(d, path);
	FILE *f = e == PX_OK ? fopen(path, "rb") : NULL;
	if (e == PX_OK && !f)
		e = PX_FAIL;
	size_t start = out->len;
	if (f) {
		char buf[65536];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			str_add(out, buf, n);
		if (ferror(f) || str_error(out))
			e = PX_FAIL;
		fclose(f);
	}
	if (e != PX_OK && out->len > start && !str_error(out))
		str_truncate(out, start);
	unlink(path);
	return e;
}
