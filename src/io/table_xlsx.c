/*
 * XLSX reader for table.c: the first worksheet of a workbook, through
 * minizip (the ZIP container) and expat (the XML parts).
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
#include "io/table_impl.h"

#include <errno.h>
#include <expat.h>
#include <minizip/unzip.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/vec.h"

#define PART_MAX ((uint64_t)1 << 30)        /* sheet, shared strings */
#define SMALL_PART_MAX ((uint64_t)64 << 20) /* rels, workbook, styles */
#define RATIO_MIN_SIZE ((uint64_t)16 << 20)
#define RATIO_MAX 250
#define XML_CHUNK 65536
#define CASE_INSENSITIVE 2 /* unzLocateFile: OPC part names ignore case */

/* Minizip I/O over a file descriptor or memory ------------------------- */

struct zsrc {
	int fd; /* -1: memory */
	const char *mem;
	uint64_t len, pos;
	int err; /* errno of a failed read */
};

static voidpf ZCALLBACK zs_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	struct zsrc *z = opaque;
	z->pos = 0;
	return z;
}

static uLong ZCALLBACK zs_read(voidpf opaque, voidpf stream, void *buf,
                               uLong size)
{
	(void)opaque;
	struct zsrc *z = stream;
	if (z->pos >= z->len)
		return 0;
	if (size > z->len - z->pos)
		size = (uLong)(z->len - z->pos);
	if (z->fd < 0) {
		memcpy(buf, z->mem + z->pos, size);
		z->pos += size;
		return size;
	}
	uLong got = 0;
	while (got < size) {
		ssize_t n = pread(z->fd, (char *)buf + got, size - got,
		                  (off_t)(z->pos + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			z->err = errno;
		if (n <= 0)
			break;
		got += (uLong)n;
	}
	z->pos += got;
	return got;
}

static uLong ZCALLBACK zs_write(voidpf opaque, voidpf stream, const void *buf,
                                uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK zs_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct zsrc *)stream)->pos;
}

static long ZCALLBACK zs_seek(voidpf opaque, voidpf stream, ZPOS64_T off,
                              int origin)
{
	(void)opaque;
	struct zsrc *z = stream;
	uint64_t base;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET:
		base = 0;
		break;
	case ZLIB_FILEFUNC_SEEK_CUR:
		base = z->pos;
		break;
	case ZLIB_FILEFUNC_SEEK_END:
		base = z->len;
		break;
	default:
		return -1;
	}
	if (off > z->len || base > z->len - off)
		return -1;
	z->pos = base + off;
	return 0;
}

static int ZCALLBACK zs_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK zs_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct zsrc *)stream)->err;
}

/* Reader state ---------------------------------------------------------- */

enum fmt_kind { FMT_NUMBER, FMT_DATE, FMT_DATETIME };

enum cell_type {
	CT_NUMBER,
	CT_SHARED,
	CT_INLINE,
	CT_TEXT, /* t="str", t="e", t="d" and unknown types: as written */
	CT_BOOL,
};

/* What every XML handler gets: where to report, and a flag set when a
 * handler reported an error and aborted the parser. */
struct xctx {
	struct table *t;
	struct table_xlsx *x;
	struct diags *d;
	XML_Parser p;
	const char *part;
	bool failed;
	long line, col; /* sheet row and column, for messages; 0 elsewhere */
};

struct sheet_ctx {
	struct xctx b;
	bool in_sheetdata, in_row, in_cell, in_v, in_is, in_t;
	int rph;          /* depth of phonetic runs, whose text is left out */
	long row;         /* sheet row number of the current row */
	size_t next_col;  /* 0-based column of a cell without r */
	size_t col;       /* current cell */
	enum cell_type type;
	size_t style;
	struct str val;
	bool row_has_value, extra_reported;
};

struct ss_ref {
	uint32_t off, len; /* into sst; PART_MAX keeps them in range */
};

struct table_xlsx {
	struct zsrc src;
	zlib_filefunc64_def io;
	unzFile zf;
	bool part_open;
	bool date1904;
	unsigned char *xf_kind; /* enum fmt_kind per cellXfs index */
	size_t nxf;
	struct str sst;
	struct ss_vec VEC_OF(struct ss_ref) ss;
	XML_Parser parser; /* the sheet's */
	struct sheet_ctx sheet;
	uint64_t fed;
	bool suspended, final;
};

/* Small helpers ---------------------------------------------------------- */

static bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Expat reports "namespace-uri|local"; elements are matched by local
 * name, so both transitional and strict OOXML namespaces work. */
static const char *local(const char *name)
{
	const char *s = strrchr(name, '|');
	return s ? s + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *lname)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (streq(local(atts[i]), lname))
			return atts[i + 1];
	return NULL;
}

/* Parses an unsigned decimal s[0..n) (surrounding spaces allowed) that
 * is at most max; false otherwise. */
static bool parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	             s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned dgt = (unsigned)(s[i] - '0');
		if (v > (max - dgt) / 10)
			return false;
		v = v * 10 + dgt;
	}
	*out = v;
	return true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && streq(s + n - k, suffix);
}

/* Errors ----------------------------------------------------------------- */

static enum px_err zip_fail(struct table *t, struct table_xlsx *x,
                            struct diags *d, const char *part, int code)
{
	if (x->src.err) {
		diag_err(d, t->name, 0, 0, "lỗi đọc tệp: %s",
		         "error reading the file: %s", strerror(x->src.err));
		t->io_error = true;
		return PX_FAIL;
	}
	if (code == UNZ_CRCERROR)
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX hỏng: phần %s sai mã kiểm tra CRC",
		         "corrupt XLSX file: part %s fails its CRC check", part);
	else
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX hỏng: không đọc được phần %s (mã lỗi %d)",
		         "corrupt XLSX file: cannot read part %s (error %d)", part,
		         code);
	return PX_BADINPUT;
}

/* Reports an error found by a handler and aborts the parse. */
__attribute__((format(printf, 3, 4))) static void
xfail(struct xctx *c, const char *vi, const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
	diag_vadd(c->d, DIAG_ERROR, c->t->name, c->line, c->col, NULL, vi, en,
	          ap);
	va_end(ap);
	c->failed = true;
	XML_StopParser(c->p, XML_FALSE);
}

static void xml_error(struct xctx *c)
{
	if (c->failed)
		return;
	diag_err(c->d, c->t->name, 0, 0,
	         "tệp XLSX hỏng: lỗi XML trong %s, dòng %lu: %s",
	         "corrupt XLSX file: XML error in %s, line %lu: %s", c->part,
	         (unsigned long)XML_GetCurrentLineNumber(c->p),
	         XML_ErrorString(XML_GetErrorCode(c->p)));
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name,
                               const XML_Char *sysid, const XML_Char *pubid,
                               int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	struct xctx *c = ud;
	xfail(c, "tệp XLSX hỏng: %s có khai báo DOCTYPE",
	      "corrupt XLSX file: %s has a DOCTYPE declaration", c->part);
}

/* Parts ------------------------------------------------------------------- */

/* Makes part the current entry and opens it after checking its sizes:
 * 1 = open, 0 = no such part, -1 = error (reported, *e set). */
static int open_part(struct table *t, struct table_xlsx *x, const char *part,
                     uint64_t limit, uint64_t *size, struct diags *d,
                     enum px_err *e)
{
	int r = unzLocateFile(x->zf, part, CASE_INSENSITIVE);
	if (r == UNZ_END_OF_LIST_OF_FILE)
		return 0;
	unz_file_info64 info;
	if (r == UNZ_OK)
		r = unzGetCurrentFileInfo64(x->zf, &info, NULL, 0, NULL, 0,
		                            NULL, 0);
	if (r != UNZ_OK) {
		*e = zip_fail(t, x, d, part, r);
		return -1;
	}
	*e = PX_BADINPUT;
	if (info.flag & 1) {
		diag_err(d, t->name, 0, 0, "tệp XLSX được mã hoá (có mật khẩu)",
		         "the XLSX file is encrypted (password-protected)");
		return -1;
	}
	if (info.compression_method != 0 && info.compression_method != 8) {
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX dùng kiểu nén không hỗ trợ (%lu) ở phần %s",
		         "the XLSX file uses an unsupported compression method "
		         "(%lu) in part %s",
		         (unsigned long)info.compression_method, part);
		return -1;
	}
	if (info.uncompressed_size > limit) {
		diag_err(d, t->name, 0, 0,
		         "phần %s của tệp XLSX quá lớn khi giải nén (%llu byte, "
		         "tối đa %llu)",
		         "part %s of the XLSX file is too large uncompressed "
		         "(%llu bytes, at most %llu)",
		         part, (unsigned long long)info.uncompressed_size,
		         (unsigned long long)limit);
		return -1;
	}
	if (info.uncompressed_size > RATIO_MIN_SIZE &&
	    info.uncompressed_size / RATIO_MAX >= info.compressed_size) {
		diag_err(d, t->name, 0, 0,
		         "phần %s của tệp XLSX có tỉ lệ nén bất thường (%llu byte "
		         "thành %llu): có thể là bom nén",
		         "part %s of the XLSX file has an absurd compression "
		         "ratio (%llu bytes to %llu): a zip bomb?",
		         part, (unsigned long long)info.compressed_size,
		         (unsigned long long)info.uncompressed_size);
		return -1;
	}
	r = unzOpenCurrentFile(x->zf);
	if (r != UNZ_OK) {
		*e = zip_fail(t, x, d, part, r);
		return -1;
	}
	x->part_open = true;
	*size = info.uncompressed_size;
	return 1;
}

/* Closes the current entry; a CRC mismatch is an error. */
static int close_part(struct table *t, struct table_xlsx *x, const char *part,
                      struct diags *d, enum px_err *e)
{
	x->part_open = false;
	int r = unzCloseCurrentFile(x->zf);
	if (r != UNZ_OK) {
		*e = zip_fail(t, x, d, part, r);
		return -1;
	}
	return 0;
}

static XML_Parser new_parser(struct xctx *c, XML_StartElementHandler start,
                             XML_EndElementHandler end,
                             XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	if (!p)
		return NULL;
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	c->p = p;
	return p;
}

static enum px_err no_memory(struct table *t, struct diags *d)
{
	diag_err(d, t->name, 0, 0, "hết bộ nhớ khi đọc tệp XLSX",
	         "out of memory reading the XLSX file");
	return PX_FAIL;
}

/* Streams a whole part through expat with the given handlers: 1 = read,
 * 0 = no such part, -1 = error (reported, *e set). */
static int parse_part(struct xctx *c, const char *part, uint64_t limit,
                      XML_StartElementHandler start,
                      XML_EndElementHandler end,
                      XML_CharacterDataHandler text, enum px_err *e)
{
	struct table_xlsx *x = c->x;
	uint64_t size;
	int r = open_part(c->t, x, part, limit, &size, c->d, e);
	if (r <= 0)
		return r;
	c->part = part;
	XML_Parser p = new_parser(c, start, end, text);
	if (!p) {
		*e = no_memory(c->t, c->d);
		r = -1;
		goto out;
	}
	for (;;) {
		void *buf = XML_GetBuffer(p, XML_CHUNK);
		if (!buf) {
			*e = no_memory(c->t, c->d);
			r = -1;
			goto out;
		}
		int n = unzReadCurrentFile(x->zf, buf, XML_CHUNK);
		if (n < 0) {
			*e = zip_fail(c->t, x, c->d, part, n);
			r = -1;
			goto out;
		}
		if (XML_ParseBuffer(p, n, n == 0) != XML_STATUS_OK) {
			xml_error(c);
			*e = PX_BADINPUT;
			r = -1;
			goto out;
		}
		if (n == 0)
			break;
	}
	r = close_part(c->t, x, part, c->d, e) < 0 ? -1 : 1;
out:
	if (p)
		XML_ParserFree(p);
	c->p = NULL;
	if (x->part_open) {
		unzCloseCurrentFile(x->zf);
		x->part_open = false;
	}
	return r;
}

/* Relationships ------------------------------------------------------------ */

struct rel {
	const char *id, *type, *target;
};

struct rels_ctx {
	struct xctx b;
	struct rel_vec VEC_OF(struct rel) v;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name,
                               const XML_Char **atts)
{
	struct rels_ctx *c = ud;
	if (c->b.failed || !streq(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode");
	if (!id || !target || (mode && streq(mode, "External")))
		return;
	struct arena *a = c->b.t->arena;
	struct rel r = {arena_strdup(a, id), arena_strdup(a, type ? type : ""),
	                arena_strdup(a, target)};
	VEC_PUSH(&c->v, r);
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static const struct rel *rel_by_type(const struct rels_ctx *c, const char *suffix)
{
	for (size_t i = 0; i < c->v.n; i++)
		if (ends_with(c->v.v[i].type, suffix))
			return &c->v.v[i];
	return NULL;
}

static const struct rel *rel_by_id(const struct rels_ctx *c, const char *id)
{
	for (size_t i = 0; i < c->v.n; i++)
		if (streq(c->v.v[i].id, id))
			return &c->v.v[i];
	return NULL;
}

/* The part a relationship target names, resolved against the folder of
 * the source part (OPC: "/x" starts at the package root; "." and ".."
 * segments are folded). NULL when it climbs out of the package or is
 * unreasonably long. */
static char *resolve(struct arena *a, const char *source, const char *target)
{
	char buf[1024];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else {
		const char *slash = strrchr(source, '/');
		n = slash ? (size_t)(slash - source) + 1 : 0;
		if (n >= sizeof buf)
			return NULL;
		memcpy(buf, source, n);
	}
	const char *p = target;
	while (*p) {
		const char *q = strchr(p, '/');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n == 0)
				return NULL;
			n--; /* the '/' ending the folder, then the folder */
			while (n > 0 && buf[n - 1] != '/')
				n--;
		} else if (len > 0 && !(len == 1 && p[0] == '.')) {
			if (len + 2 > sizeof buf - n)
				return NULL;
			memcpy(buf + n, p, len);
			n += len;
			if (q)
				buf[n++] = '/';
		}
		p += len;
		if (*p == '/')
			p++;
	}
	return arena_strndup(a, buf, n);
}

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static char *rels_of(struct arena *a, const char *part)
{
	const char *slash = strrchr(part, '/');
	int dir = slash ? (int)(slash - part) + 1 : 0;
	return arena_printf(a, "%.*s_rels/%s.rels", dir, part, part + dir);
}

static int parse_rels(struct table *t, struct table_xlsx *x, struct diags *d,
                      const char *part, struct rels_ctx *c, enum px_err *e)
{
	memset(c, 0, sizeof *c);
	c->b = (struct xctx){t, x, d, NULL, part, false};
	return parse_part(&c->b, part, SMALL_PART_MAX, rels_start, ignore_end,
	                  NULL, e);
}

/* Workbook ------------------------------------------------------------------ */

struct wb_ctx {
	struct xctx b;
	bool have_sheet;
	const char *rid, *sheet_name;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name,
                             const XML_Char **atts)
{
	struct wb_ctx *c = ud;
	const char *n = local(name);
	if (streq(n, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		c->b.x->date1904 = v && (streq(v, "1") || streq(v, "true"));
	} else if (streq(n, "sheet") && !c->have_sheet) {
		c->have_sheet = true;
		const char *rid = attr(atts, "id");
		const char *sname = attr(atts, "name");
		c->rid = rid ? arena_strdup(c->b.t->arena, rid) : NULL;
		c->sheet_name = arena_strdup(c->b.t->arena, sname ? sname : "");
	}
}

/* Styles: which cell formats show dates ----------------------------------- */

/* Kind of a built-in number format (ECMA-376 18.8.30). */
static enum fmt_kind builtin_kind(uint64_t id)
{
	if (id >= 14 && id <= 17)
		return FMT_DATE;
	if (id == 22)
		return FMT_DATETIME;
	return FMT_NUMBER; /* 18-21, 45-47 are times of day */
}

static bool prefix_ci(const char *s, const char *word)
{
	for (; *word; s++, word++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *word)
			return false;
	}
	return true;
}

/* True when [b, e) is one of h, m, s repeated: an elapsed time. */
static bool elapsed(const char *b, const char *e)
{
	if (b == e)
		return false;
	char c = *b;
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if (c != 'h' && c != 'm' && c != 's')
		return false;
	for (const char *p = b; p < e; p++)
		if (*p != c && *p != c - 'a' + 'A')
			return false;
	return true;
}

/* Kind of a custom format code: the date and time letters of its first
 * section, outside quoted text, escapes and [brackets]. "m" alone is a
 * month; with h or s it may be minutes, but y or d still make a date. */
static enum fmt_kind custom_kind(const char *code)
{
	bool y = false, d = false, m = false, h = false, s = false;
	for (const char *p = code; *p && *p != ';'; p++) {
		if (*p == '"') {
			p = strchr(p + 1, '"');
			if (!p)
				break;
			continue;
		}
		if (*p == '\\' || *p == '_' || *p == '*') {
			if (!p[1])
				break;
			p++;
			continue;
		}
		if (*p == '[') {
			/* [h], [mm], [ss]: elapsed time; [Red], [$-42A] and
			 * the like say nothing about dates */
			const char *q = strchr(p, ']');
			if (!q)
				break;
			if (elapsed(p + 1, q))
				h = true;
			p = q;
			continue;
		}
		if (prefix_ci(p, "general")) {
			p += 6;
			continue;
		}
		if (prefix_ci(p, "am/pm") || prefix_ci(p, "a/p")) {
			h = true;
			p += prefix_ci(p, "am/pm") ? 4 : 2;
			continue;
		}
		switch (*p) {
		case 'y': case 'Y': y = true; break;
		case 'd': case 'D': d = true; break;
		case 'm': case 'M': m = true; break;
		case 'h': case 'H': h = true; break;
		case 's': case 'S': s = true; break;
		default: break;
		}
	}
	bool date = y || d || (m && !h && !s);
	if (!date)
		return FMT_NUMBER;
	return (h || s) ? FMT_DATETIME : FMT_DATE;
}

struct fmt {
	uint64_t id;
	size_t seq; /* order of definition */
	enum fmt_kind kind;
};

struct styles_ctx {
	struct xctx b;
	bool in_cellxfs;
	struct fmt_vec VEC_OF(struct fmt) fmts;
	struct id_vec VEC_OF(uint64_t) xfs;
};

static void XMLCALL styles_start(void *ud, const XML_Char *name,
                                 const XML_Char **atts)
{
	struct styles_ctx *c = ud;
	const char *n = local(name);
	uint64_t id = 0;
	const char *v = attr(atts, "numFmtId");
	if (!v || !parse_uint(v, strlen(v), UINT32_MAX, &id))
		id = 0;
	if (streq(n, "numFmt")) {
		const char *code = attr(atts, "formatCode");
		struct fmt f = {id, c->fmts.n,
		                code ? custom_kind(code) : FMT_NUMBER};
		VEC_PUSH(&c->fmts, f);
	} else if (streq(n, "cellXfs")) {
		c->in_cellxfs = true;
	} else if (streq(n, "xf") && c->in_cellxfs) {
		VEC_PUSH(&c->xfs, id);
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	struct styles_ctx *c = ud;
	if (streq(local(name), "cellXfs"))
		c->in_cellxfs = false;
}

static int fmt_cmp(const void *a, const void *b)
{
	const struct fmt *f = a, *g = b;
	if (f->id != g->id)
		return f->id < g->id ? -1 : 1;
	return f->seq < g->seq ? 1 : f->seq > g->seq ? -1 : 0;
}

/* Kind of format id: a custom format defined in the part (the last one
 * when defined twice) or else the built-in one. */
static enum fmt_kind fmt_kind_of(const struct styles_ctx *c, uint64_t id)
{
	size_t lo = 0, hi = c->fmts.n;
	while (lo < hi) { /* first entry with an id >= id */
		size_t mid = lo + (hi - lo) / 2;
		if (c->fmts.v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->fmts.n && c->fmts.v[lo].id == id)
		return c->fmts.v[lo].kind;
	return builtin_kind(id);
}

static int read_styles(struct table *t, struct table_xlsx *x,
                       struct diags *d, const char *part, enum px_err *e)
{
	struct styles_ctx c = {{t, x, d, NULL, part, false}};
	int r = parse_part(&c.b, part, SMALL_PART_MAX, styles_start,
	                   styles_end, NULL, e);
	if (r > 0 && c.xfs.n) {
		/* sorted by id, the last definition of an id first, so that
		 * a lookup is a binary search even in a hostile styles part */
		if (c.fmts.n)
			qsort(c.fmts.v, c.fmts.n, sizeof *c.fmts.v, fmt_cmp);
		x->nxf = c.xfs.n;
		x->xf_kind = xmalloc(x->nxf);
		for (size_t i = 0; i < x->nxf; i++)
			x->xf_kind[i] = (unsigned char)fmt_kind_of(&c, c.xfs.v[i]);
	}
	VEC_FREE(&c.fmts);
	VEC_FREE(&c.xfs);
	return r;
}

/* Text values ------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes OOXML's _xHHHH_ escapes (ECMA-376 22.9.2.19) in s[0..n) in
 * place, returning the new length: "_x000D_" is a CR, "_x005F_" an
 * underscore (so "_x005F_x0041_" is the text "_x0041_"). NUL, surrogates
 * and malformed escapes stay as written. */
static size_t ooxml_unescape(char *s, size_t n)
{
	size_t i = 0, o = 0;
	while (i < n) {
		if (s[i] == '_' && n - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_') {
			int h[4] = {hexval(s[i + 2]), hexval(s[i + 3]),
			            hexval(s[i + 4]), hexval(s[i + 5])};
			if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0) {
				unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 |
				                         h[2] << 4 | h[3]);
				if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
					if (cp < 0x80) {
						s[o++] = (char)cp;
					} else if (cp < 0x800) {
						s[o++] = (char)(0xC0 | cp >> 6);
						s[o++] = (char)(0x80 | (cp & 0x3F));
					} else {
						s[o++] = (char)(0xE0 | cp >> 12);
						s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
						s[o++] = (char)(0x80 | (cp & 0x3F));
					}
					i += 7;
					continue;
				}
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

/* Shared strings ------------------------------------------------------------ */

struct sst_ctx {
	struct xctx b;
	bool in_si, in_t;
	int rph;
	size_t start;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name,
                              const XML_Char **atts)
{
	(void)atts;
	struct sst_ctx *c = ud;
	const char *n = local(name);
	if (streq(n, "si")) {
		c->in_si = true;
		c->in_t = false;
		c->rph = 0;
		c->start = c->b.x->sst.len;
	} else if (c->in_si && streq(n, "rPh")) {
		c->rph++;
	} else if (c->in_si && streq(n, "t")) {
		c->in_t = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_ctx *c = ud;
	struct table_xlsx *x = c->b.x;
	const char *n = local(name);
	if (!c->in_si || c->b.failed)
		return;
	if (streq(n, "t")) {
		c->in_t = false;
	} else if (streq(n, "rPh")) {
		if (c->rph > 0)
			c->rph--;
	} else if (streq(n, "si")) {
		c->in_si = false;
		if (str_error(&x->sst)) {
			xfail(&c->b, "chuỗi dùng chung quá lớn",
			      "shared strings too large");
			return;
		}
		size_t len = x->sst.len - c->start;
		if (len)
			len = ooxml_unescape(x->sst.buf + c->start, len);
		str_truncate(&x->sst, c->start + len);
		struct ss_ref ref = {(uint32_t)c->start, (uint32_t)len};
		VEC_PUSH(&x->ss, ref);
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct sst_ctx *c = ud;
	if (c->in_si && c->in_t && c->rph == 0)
		str_add(&c->b.x->sst, s, (size_t)len);
}

/* Numbers and dates --------------------------------------------------------- */

/* Writes the number s[0..n) (as XML Schema writes a double: [-]digits
 * [.digits][E[+-]digits]) in plain decimal into out, without leading or
 * trailing zeros: "1.0" -> "1", "2.50" -> "2.5", "1.5E-3" -> "0.0015".
 * Exact: only the decimal point moves. Returns the length, or 0 when s
 * is not such a number or too long (the caller keeps it as written). */
static size_t number_plain(const char *s, size_t n, char *out, size_t outsz)
{
	char dg[400];
	size_t nd = 0, i = 0, intlen = 0;
	bool neg = false;
	long exp = 0;
	if (n > sizeof dg || outsz < sizeof dg + 64)
		return 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		dg[nd++] = s[i];
	intlen = nd;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			dg[nd++] = s[i];
	if (nd == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		bool eneg = false;
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		size_t start = i;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			exp = exp * 10 + (s[i] - '0');
			if (exp > 60)
				return 0;
		}
		if (i == start)
			return 0;
		if (eneg)
			exp = -exp;
	}
	if (i != n)
		return 0;
	/* value = 0.dg * 10^point */
	long point = (long)intlen + exp;
	size_t b = 0, e = nd;
	while (b < e && dg[b] == '0') {
		b++;
		point--;
	}
	while (e > b && dg[e - 1] == '0')
		e--;
	size_t o = 0;
	if (b == e) {
		out[o++] = '0';
		return o;
	}
	size_t sig = e - b;
	size_t need = (neg ? 1 : 0) +
	              (point <= 0 ? 2 + (size_t)-point + sig
	                          : ((size_t)point >= sig ? (size_t)point : sig + 1));
	if (need >= outsz)
		return 0;
	if (neg)
		out[o++] = '-';
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (long k = 0; k < -point; k++)
			out[o++] = '0';
		memcpy(out + o, dg + b, sig);
		o += sig;
	} else if ((size_t)point >= sig) {
		memcpy(out + o, dg + b, sig);
		o += sig;
		for (size_t k = sig; k < (size_t)point; k++)
			out[o++] = '0';
	} else {
		memcpy(out + o, dg + b, (size_t)point);
		o += (size_t)point;
		out[o++] = '.';
		memcpy(out + o, dg + b + point, sig - (size_t)point);
		o += sig - (size_t)point;
	}
	return o;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

#define EXCEL_MAX_SERIAL 2958465 /* 9999-12-31 */

/* Writes v (0 <= v < 10^width) as width digits; returns the end. */
static char *put_digits(char *p, long v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Writes the serial date num (plain decimal, from number_plain) as
 * YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS when with_time, into out; false
 * when Excel could not show it as a date (negative, too large, or 0 in
 * the 1900 system). Serial 60 is Excel's (Lotus's) 1900-02-29. */
static bool serial_date(const char *num, size_t n, bool date1904,
                        bool with_time, char *out, size_t outsz)
{
	if (n == 0 || num[0] == '-')
		return false;
	size_t i = 0;
	long days = 0;
	for (; i < n && num[i] != '.'; i++) {
		if (i >= 7)
			return false;
		days = days * 10 + (num[i] - '0');
	}
	uint64_t frac = 0, scale = 1;
	if (i < n)
		for (i++; i < n && scale < 1000000000; i++) {
			frac = frac * 10 + (uint64_t)(num[i] - '0');
			scale *= 10;
		}
	long secs = (long)((frac * 86400 + scale / 2) / scale);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (days > EXCEL_MAX_SERIAL)
		return false;
	long y;
	unsigned m, d;
	if (date1904) {
		civil_from_days(days - 24107, &y, &m, &d);
	} else if (days < 1) {
		return false;
	} else if (days == 60) {
		y = 1900, m = 2, d = 29;
	} else {
		civil_from_days(days < 60 ? days - 25568 : days - 25569, &y, &m, &d);
	}
	/* with y in 1900..9999 every number has a fixed width */
	char *p = out;
	if (y > 9999 || outsz < sizeof "YYYY-MM-DDTHH:MM:SS")
		return false;
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	if (with_time) {
		*p++ = 'T';
		p = put_digits(p, secs / 3600, 2);
		*p++ = ':';
		p = put_digits(p, secs / 60 % 60, 2);
		*p++ = ':';
		p = put_digits(p, secs % 60, 2);
	}
	*p = '\0';
	return true;
}

/* Sheet --------------------------------------------------------------------- */

/* "C5" -> 2 (0-based column); lower case accepted. False when it is
 * not letters followed by digits or lies past XFD. */
static bool parse_ref(const char *ref, size_t *col)
{
	size_t c = 0, i = 0;
	for (; ref[i]; i++) {
		char ch = ref[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			break;
		c = c * 26 + (size_t)(ch - 'A' + 1);
		if (c > TABLE_MAX_COLS)
			return false;
	}
	if (i == 0)
		return false;
	for (; ref[i]; i++)
		if (ref[i] < '0' || ref[i] > '9')
			return false;
	*col = c - 1;
	return true;
}

static void row_start(struct sheet_ctx *s, const XML_Char **atts)
{
	const char *r = attr(atts, "r");
	uint64_t v;
	if (r && parse_uint(r, strlen(r), 1048576, &v) && v > 0)
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
	if (ref && !parse_ref(ref, &col)) {
		xfail(&s->b, "tệp XLSX hỏng: tham chiếu ô không hợp lệ \"%.20s\"",
		      "corrupt XLSX file: bad cell reference \"%.20s\"", ref);
		return;
	}
	if (col >= TABLE_MAX_COLS) {
		xfail(&s->b, "tệp XLSX hỏng: quá nhiều cột",
		      "corrupt XLSX file: too many columns");
		return;
	}
	s->col = col;
	s->b.col = (long)col + 1;
	s->next_col = col + 1;
	const char *t = attr(atts, "t");
	if (!t || streq(t, "n"))
		s->type = CT_NUMBER;
	else if (streq(t, "s"))
		s->type = CT_SHARED;
	else if (streq(t, "inlineStr"))
		s->type = CT_INLINE;
	else if (streq(t, "b"))
		s->type = CT_BOOL;
	else
		s->type = CT_TEXT;
	const char *st = attr(atts, "s");
	uint64_t style;
	s->style = st && parse_uint(st, strlen(st), UINT32_MAX, &style)
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
		xfail(&s->b, "ô quá lớn (hơn 64 MB)", "cell too large (over 64 MB)");
		return;
	}
	char *v = s->val.buf;
	size_t n = s->val.len;
	if (n == 0)
		return;
	const char *text = v;
	size_t len = n;
	char num[512], date[32];
	switch (s->type) {
	case CT_SHARED: {
		uint64_t i;
		if (!parse_uint(v, n, UINT32_MAX, &i) || i >= x->ss.n) {
			xfail(&s->b,
			      "tệp XLSX hỏng: ô tham chiếu chuỗi dùng chung không "
			      "có (%.20s)",
			      "corrupt XLSX file: cell refers to a missing shared "
			      "string (%.20s)",
			      v);
			return;
		}
		text = x->sst.buf + x->ss.v[i].off;
		len = x->ss.v[i].len;
		break;
	}
	case CT_INLINE:
	case CT_TEXT:
		len = ooxml_unescape(v, n);
		break;
	case CT_BOOL:
		if (n == 1 && (v[0] == '0' || v[0] == '1')) {
			text = v[0] == '1' ? "TRUE" : "FALSE";
			len = strlen(text);
		}
		break;
	case CT_NUMBER: {
		size_t k = number_plain(v, n, num, sizeof num);
		if (k == 0)
			break;
		text = num;
		len = k;
		enum fmt_kind fk = s->style < x->nxf ? (enum fmt_kind)x->xf_kind[s->style]
		                                     : FMT_NUMBER;
		if (fk != FMT_NUMBER &&
		    serial_date(num, k, x->date1904, fk == FMT_DATETIME, date,
		                sizeof date)) {
			text = date;
			len = strlen(date);
		}
		break;
	}
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
		xfail(&s->b, "dòng quá dài (hơn 64 MB)", "row too long (over 64 MB)");
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
			return close_part(t, x, s->b.part, d, &e) < 0 ? -1 : 0;
		} else {
			void *buf = XML_GetBuffer(x->parser, XML_CHUNK);
			if (!buf) {
				no_memory(t, d);
				return -1;
			}
			int n = unzReadCurrentFile(x->zf, buf, XML_CHUNK);
			if (n < 0) {
				zip_fail(t, x, d, s->b.part, n);
				return -1;
			}
			x->fed += (uint64_t)n;
			t->done = (size_t)x->fed;
			x->final = n == 0;
			st = XML_ParseBuffer(x->parser, n, x->final);
		}
		if (st == XML_STATUS_ERROR) {
			xml_error(&s->b);
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

/* Finds the first sheet's part and the shared strings and styles parts
 * through the relationships; NULLs where they do not say. */
static int find_parts(struct table *t, struct table_xlsx *x, struct diags *d,
                      const char **sheet, const char **sst,
                      const char **styles, enum px_err *e)
{
	struct arena *a = t->arena;
	const char *wb = "xl/workbook.xml";
	struct rels_ctx rc;
	int r = parse_rels(t, x, d, "_rels/.rels", &rc, e);
	if (r > 0) {
		const struct rel *rel = rel_by_type(&rc, "/officeDocument");
		const char *p = rel ? resolve(a, "", rel->target) : NULL;
		if (p)
			wb = p;
	}
	VEC_FREE(&rc.v);
	if (r < 0)
		return -1;
	struct wb_ctx wc = {{t, x, d, NULL, wb, false}};
	r = parse_part(&wc.b, wb, SMALL_PART_MAX, wb_start, ignore_end, NULL, e);
	if (r <= 0)
		return r;
	r = parse_rels(t, x, d, rels_of(a, wb), &rc, e);
	if (r > 0) {
		const struct rel *rel = wc.rid ? rel_by_id(&rc, wc.rid) : NULL;
		if (rel && !ends_with(rel->type, "/worksheet")) {
			diag_err(d, t->name, 0, 0,
			         "trang tính đầu tiên (\"%s\") không phải bảng dữ liệu "
			         "(có thể là biểu đồ): hãy đưa bảng dữ liệu lên đầu",
			         "the first sheet (\"%s\") is not a worksheet (perhaps "
			         "a chart): move the data sheet to the front",
			         wc.sheet_name);
			*e = PX_BADINPUT;
			r = -1;
		} else {
			*sheet = rel ? resolve(a, wb, rel->target) : NULL;
			rel = rel_by_type(&rc, "/sharedStrings");
			*sst = rel ? resolve(a, wb, rel->target) : NULL;
			rel = rel_by_type(&rc, "/styles");
			*styles = rel ? resolve(a, wb, rel->target) : NULL;
		}
	}
	VEC_FREE(&rc.v);
	return r;
}

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
	x->io = (zlib_filefunc64_def){zs_open,  zs_read,  zs_write, zs_tell,
	                              zs_seek,  zs_close, zs_error, &x->src};
	x->zf = unzOpen2_64(t->name, &x->io);
	if (!x->zf) {
		if (x->src.err)
			return zip_fail(t, x, d, "", 0);
		diag_err(d, t->name, 0, 0,
		         "tệp không phải XLSX hợp lệ: cấu trúc ZIP hỏng",
		         "not a valid XLSX file: the ZIP structure is corrupt");
		return PX_BADINPUT;
	}
	enum px_err e = PX_BADINPUT;
	const char *sheet = NULL, *sst = NULL, *styles = NULL;
	if (find_parts(t, x, d, &sheet, &sst, &styles, &e) < 0)
		return e;
	if (read_styles(t, x, d, styles ? styles : "xl/styles.xml", &e) < 0)
		return e;
	struct sst_ctx sc = {{t, x, d, NULL, NULL, false}};
	if (parse_part(&sc.b, sst ? sst : "xl/sharedStrings.xml", PART_MAX,
	               sst_start, sst_end, sst_text, &e) < 0)
		return e;
	if (!sheet)
		sheet = "xl/worksheets/sheet1.xml";
	struct sheet_ctx *s = &x->sheet;
	s->b = (struct xctx){t, x, d, NULL, sheet, false};
	uint64_t size;
	int r = open_part(t, x, sheet, PART_MAX, &size, d, &e);
	if (r < 0)
		return e;
	if (r == 0) {
		diag_err(d, t->name, 0, 0,
		         "tệp XLSX không có trang tính (thiếu %s)",
		         "the XLSX file has no worksheet (%s is missing)", sheet);
		return PX_BADINPUT;
	}
	x->parser = new_parser(&s->b, sheet_start, sheet_end, sheet_text);
	if (!x->parser)
		return no_memory(t, d);
	t->total = (size_t)size;
	t->done = 0;
	return PX_OK;
}
