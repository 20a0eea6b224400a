/*
 * XLSX reader for table.c: the first worksheet of a workbook, through
 * minizip (the ZIP container) and expat (the XML parts). This file streams
 * the worksheet; the container, the package, the styles and the cell
 * values are table_xlsx_zip.c, table_xlsx_package.c, table_xlsx_styles.c
 * and xlsx_values.c (table_xlsx_impl.h says what each owns).
 *
 * Why it is built this way: a sheet can hold millions of rows, so it is
 * never loaded as a tree. Its XML is inflated in 64 KiB pieces into
 * expat; the end-of-row handler suspends the parser (XML_StopParser,
 * resumable) when the row has a value, table_next returns that row, and
 * the next call resumes where expat stopped. The small parts (package
 * and workbook relationships, workbook, styles) and the shared strings,
 * which cells refer to by index, are read completely, also streaming,
 * before the first row. ZIP input goes through our own minizip I/O
 * callbacks over either a file descriptor (pread) or memory, so a file
 * and the fuzz target's bytes take the same path.
 *
 * Which sheet: the first <sheet> of the workbook, found through the
 * package relationships (_rels/.rels -> workbook -> its .rels); when
 * there is no workbook or relationship, xl/worksheets/sheet1.xml.
 *
 * Values: shared strings and inline strings are the text of their <t>
 * elements (rich-text runs joined, phonetic <rPh> runs left out, the
 * _xHHHH_ escapes decoded); numbers are written in plain decimal, as
 * short as exact ("1.0" -> "1", "1.5E-3" -> "0.0015"); a number styled
 * as a date becomes YYYY-MM-DD, as a date and time YYYY-MM-DDTHH:MM:SS
 * (1900 date system with Excel's 1900-02-29, or 1904); a number styled
 * as a time of day alone stays a number; booleans are TRUE / FALSE;
 * errors (#N/A) and formula text results are kept as written. A cell
 * with empty text is no field. Cells are placed by their reference
 * ("C5" is field 2 of sheet row 5); a row whose cells are all empty is
 * skipped.
 *
 * Limits, so that a hostile file costs bounded time and memory: no part
 * may inflate past 1 GiB (64 MiB for the small parts); a part over
 * 16 MiB that inflates more than 250 times is taken for a zip bomb;
 * DOCTYPE declarations are refused (OOXML has none; this rules out
 * entity expansion); minizip itself stops at each entry's declared size
 * and checks its CRC when the entry is closed.
 */
#include "io/table_xlsx_impl.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"

/* Sheet --------------------------------------------------------------------- */

static void row_start(struct sheet_ctx *s, const XML_Char **atts)
{
	const char *r = attr(atts, "r");
	uint64_t v;
	if (r && xlsx_parse_uint(r, strlen(r), 1048576, &v) && v > 0)
		s->row = (long)v;
	else
		s->row++;
	s->b.line = s->row;
	s->b.col = 0;
	s->in_row = true;
	s->next_col = 0;
	s->row_has_value = s->extra_reported = false;
	table_row_begin(s->b.t, s->row);
}

static void cell_start(struct sheet_ctx *s, const XML_Char **atts)
{
	const char *ref = attr(atts, "r");
	size_t col = s->next_col;
	if (ref && !xlsx_parse_ref(ref, &col)) {
		xlsx_xfail(&s->b, "tệp XLSX hỏng: tham chiếu ô không hợp lệ \"%.20s\"",
		           "corrupt XLSX file: bad cell reference \"%.20s\"", ref);
		return;
	}
	if (col >= TABLE_MAX_COLS) {
		xlsx_xfail(&s->b, "tệp XLSX hỏng: quá nhiều cột",
		           "corrupt XLSX file: too many columns");
		return;
	}
	s->col = col;
	s->b.col = (long)col + 1;
	s->next_col = col + 1;
	s->type = xlsx_cell_type_of(attr(atts, "t"));
	const char *st = attr(atts, "s");
	uint64_t style;
	s->style = st && xlsx_parse_uint(st, strlen(st), UINT32_MAX, &style)
	                   ? (size_t)style
	                   : 0;
	str_reset(&s->val);
	s->in_cell = true;
	s->in_v = s->in_is = s->in_t = false;
	s->rph = 0;
}

static void cell_end(struct sheet_ctx *s)
{
	struct table *t = s->b.t;
	struct table_xlsx *x = s->b.x;
	if (str_error(&s->val)) {
		xlsx_xfail(&s->b, "ô quá lớn (hơn 64 MB)", "cell too large (over 64 MB)");
		return;
	}
	char *v = s->val.buf;
	size_t n = s->val.len;
	if (n == 0)
		return;
	const char *text = v;
	size_t len = n;
	struct xlsx_value_buf vb; /* text may point into it */
	if (s->type == XLSX_CELL_SHARED) {
		uint64_t i;
		if (!xlsx_parse_uint(v, n, UINT32_MAX, &i) || i >= x->ss.n) {
			xlsx_xfail(&s->b,
			           "tệp XLSX hỏng: ô tham chiếu chuỗi dùng chung không "
			           "có (%.20s)",
			           "corrupt XLSX file: cell refers to a missing shared "
			           "string (%.20s)",
			           v);
			return;
		}
		text = x->sst.buf + x->ss.v[i].off;
		len = x->ss.v[i].len;
	} else {
		enum xlsx_fmt_kind fk = s->style < x->nxf ? (enum xlsx_fmt_kind)x->xf_kind[s->style]
		                                          : XLSX_FMT_NUMBER;
		xlsx_cell_value(s->type, v, n, fk, x->date1904, &vb, &text, &len);
	}
	if (len == 0)
		return;
	s->row_has_value = true;
	if (t->ncols && s->col >= t->ncols) {
		if (!s->extra_reported)
			diag_err(s->b.d, t->name, s->row, (long)s->col + 1,
			         "thừa cột: dòng tiêu đề chỉ có %zu cột",
			         "too many fields: the header has only %zu columns",
			         t->ncols);
		s->extra_reported = true;
		return;
	}
	table_field_open(t, s->col, s->row);
	if (table_field_add(t, text, len) < 0) {
		xlsx_xfail(&s->b, "dòng quá dài (hơn 64 MB)", "row too long (over 64 MB)");
		return;
	}
	table_field_close(t);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name,
                                const XML_Char **atts)
{
	struct sheet_ctx *s = ud;
	if (s->b.failed)
		return;
	const char *n = local(name);
	if (!s->in_sheetdata) {
		if (streq(n, "sheetData"))
			s->in_sheetdata = true;
	} else if (!s->in_row) {
		if (streq(n, "row"))
			row_start(s, atts);
	} else if (!s->in_cell) {
		if (streq(n, "c"))
			cell_start(s, atts);
	} else if (streq(n, "v")) {
		s->in_v = true;
	} else if (streq(n, "is")) {
		s->in_is = true;
	} else if (s->in_is && streq(n, "rPh")) {
		s->rph++;
	} else if (s->in_is && streq(n, "t")) {
		s->in_t = true;
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct sheet_ctx *s = ud;
	if (s->b.failed)
		return;
	const char *n = local(name);
	if (s->in_cell) {
		if (streq(n, "v"))
			s->in_v = false;
		else if (streq(n, "t"))
			s->in_t = false;
		else if (streq(n, "rPh") && s->rph > 0)
			s->rph--;
		else if (streq(n, "is"))
			s->in_is = false;
		else if (streq(n, "c")) {
			s->in_cell = false;
			cell_end(s);
		}
	} else if (s->in_row) {
		if (streq(n, "row")) {
			s->in_row = false;
			if (s->row_has_value)
				XML_StopParser(s->b.p, XML_TRUE);
		}
	} else if (s->in_sheetdata && streq(n, "sheetData")) {
		s->in_sheetdata = false;
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *txt, int len)
{
	struct sheet_ctx *s = ud;
	if (s->b.failed || !s->in_cell)
		return;
	if (s->in_v || (s->in_is && s->in_t && s->rph == 0))
		str_add(&s->val, txt, (size_t)len);
}

static int xlsx_next(struct table *t, struct diags *d)
{
	struct table_xlsx *x = t->xlsx;
	struct sheet_ctx *s = &x->sheet;
	s->b.d = d;
	for (;;) {
		enum XML_Status st;
		if (x->suspended) {
			x->suspended = false;
			st = XML_ResumeParser(x->parser);
		} else if (x->final) {
			enum px_err e;
			return xlsx_close_part(t, x, s->b.part, d, &e) < 0 ? -1 : 0;
		} else {
			void *buf = XML_GetBuffer(x->parser, XML_CHUNK);
			if (!buf) {
				xlsx_no_memory(t, d);
				return -1;
			}
			int n = unzReadCurrentFile(x->zf, buf, XML_CHUNK);
			if (n < 0) {
				xlsx_zip_fail(t, x, d, s->b.part, n);
				return -1;
			}
			x->fed += (uint64_t)n;
			t->done = (size_t)x->fed;
			x->final = n == 0;
			st = XML_ParseBuffer(x->parser, n, x->final);
		}
		if (st == XML_STATUS_ERROR) {
			xlsx_xml_error(&s->b);
			return -1;
		}
		if (st == XML_STATUS_SUSPENDED) {
			x->suspended = true;
			return 1;
		}
	}
}

static void xlsx_close(struct table *t)
{
	struct table_xlsx *x = t->xlsx;
	if (x->parser)
		XML_ParserFree(x->parser);
	if (x->zf) {
		if (x->part_open)
			unzCloseCurrentFile(x->zf);
		unzClose(x->zf);
	}
	if (x->src.fd >= 0)
		close(x->src.fd);
	str_free(&x->sheet.val);
	str_free(&x->sst);
	VEC_FREE(&x->ss);
	free(x->xf_kind);
	free(x);
	t->xlsx = NULL;
}

/* Opening ------------------------------------------------------------------- */

enum px_err table_xlsx_start(struct table *t, int fd, const char *mem,
                             size_t len, struct diags *d)
{
	struct table_xlsx *x = xcalloc(1, sizeof *x);
	t->xlsx = x;
	t->next = xlsx_next;
	t->close = xlsx_close;
	x->src = (struct zsrc){fd, mem, len, 0, 0};
	str_init(&x->sst, PART_MAX);
	str_init(&x->sheet.val, TABLE_MAX_ROW);
	if (fd >= 0) {
		struct stat st;
		x->src.len = fstat(fd, &st) == 0 && st.st_size > 0
		                     ? (uint64_t)st.st_size
		                     : 0;
	}
	if (!xlsx_zip_open(t, x)) {
		if (x->src.err)
			return xlsx_zip_fail(t, x, d, "", 0);
		diag_err(d, t->name, 0, 0,
		         "tệp không phải XLSX hợp lệ: cấu trúc ZIP hỏng",
		         "not a valid XLSX file: the ZIP structure is corrupt");
		return PX_BADINPUT;
	}
	enum px_err e = PX_BADINPUT;
	const char *sheet = NULL, *sst = NULL, *styles = NULL;
	if (xlsx_find_parts(t, x, d, &sheet, &sst, &styles, &e) < 0)
		return e;
	if (xlsx_read_styles(t, x, d, styles ? styles : "xl/styles.xml", &e) < 0)
		return e;
	if (xlsx_read_shared_strings(t, x, d, sst ? sst : "xl/sharedStrings.xml", &e) < 0)
		return e;
	if (!sheet)
		sheet = "xl/worksheets/sheet1.xml";
	struct sheet_ctx *s = &x->sheet;
	s->b = (struct xctx){t, x, d, NULL, sheet, false};
	uint64_t size;
	int r = xlsx_open_part(t, x, sheet, PART_MAX, &size, d, &e);
	if (r < 0)
		return e;
	if (r == 0) {
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX không có trang tính (thiếu %s)",
		         "the XLSX file has no worksheet (%s is missing)", sheet);
		return PX_BADINPUT;
	}
	x->parser = xlsx_new_parser(&s->b, sheet_start, sheet_end, sheet_text);
	if (!x->parser)
		return xlsx_no_memory(t, d);
	t->total = (size_t)size;
	t->done = 0;
	return PX_OK;
}
