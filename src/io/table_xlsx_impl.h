/*
 * Private to the XLSX reader (table_xlsx*.c): its state and the calls
 * between its parts. The parts:
 *   table_xlsx.c          the worksheet, streamed row by row (expat,
 *                         suspended at each row end), opening and closing;
 *   table_xlsx_zip.c      minizip over a file descriptor or memory, and
 *                         the limits every part is opened under;
 *   table_xlsx_package.c  XML plumbing, the package and workbook
 *                         relationships, the workbook, shared strings;
 *   table_xlsx_styles.c   which cell formats show dates;
 *   xlsx_values.c         cell text to values (pure: fuzzed on its own).
 * The design and limits are at the top of table_xlsx.c.
 */
#ifndef PARINDEX_IO_TABLE_XLSX_IMPL_H
#define PARINDEX_IO_TABLE_XLSX_IMPL_H
#include <expat.h>
#include <minizip/unzip.h>
#include <stdint.h>
#include <string.h>

#include "base/str.h"
#include "base/vec.h"
#include "io/table_impl.h"
#include "io/xlsx_values.h"

#define PART_MAX ((uint64_t)1 << 30)        /* sheet, shared strings */
#define SMALL_PART_MAX ((uint64_t)64 << 20) /* rels, workbook, styles */
#define RATIO_MIN_SIZE ((uint64_t)16 << 20)
#define RATIO_MAX 250
#define XML_CHUNK 65536
#define CASE_INSENSITIVE 2 /* unzLocateFile: OPC part names ignore case */

struct zsrc {
	int fd; /* -1: memory */
	const char *mem;
	uint64_t len, pos;
	int err; /* errno of a failed read */
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
	enum xlsx_cell_type type;
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
	unsigned char *xf_kind; /* enum xlsx_fmt_kind per cellXfs index */
	size_t nxf;
	struct str sst;
	struct ss_vec VEC_OF(struct ss_ref) ss;
	XML_Parser parser; /* the sheet's */
	struct sheet_ctx sheet;
	uint64_t fed;
	bool suspended, final;
};

static inline bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Expat reports "namespace-uri|local"; elements are matched by local
 * name, so both transitional and strict OOXML namespaces work. */
static inline const char *local(const char *name)
{
	const char *s = strrchr(name, '|');
	return s ? s + 1 : name;
}

static inline const char *attr(const XML_Char **atts, const char *lname)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (streq(local(atts[i]), lname))
			return atts[i + 1];
	return NULL;
}

/* ---- zip (table_xlsx_zip.c) ---- */

/* Opens the ZIP directory of x->src as x->zf; false when it is not one. */
bool xlsx_zip_open(struct table *t, struct table_xlsx *x);
/* Reports a minizip error code for part (or the read error behind it). */
enum px_err xlsx_zip_fail(struct table *t, struct table_xlsx *x, struct diags *d,
                          const char *part, int code);
/* Makes part the current entry and opens it after checking its sizes:
 * 1 = open, 0 = no such part, -1 = error (reported, *e set). */
int xlsx_open_part(struct table *t, struct table_xlsx *x, const char *part, uint64_t limit,
                   uint64_t *size, struct diags *d, enum px_err *e);
/* Closes the current entry; a CRC mismatch is an error. */
int xlsx_close_part(struct table *t, struct table_xlsx *x, const char *part, struct diags *d,
                    enum px_err *e);
enum px_err xlsx_no_memory(struct table *t, struct diags *d);

/* ---- XML and the package (table_xlsx_package.c) ---- */

/* Reports an error found by a handler and aborts the parse. */
__attribute__((format(printf, 3, 4))) void xlsx_xfail(struct xctx *c, const char *vi,
                                                       const char *en, ...);
/* Reports the parser's own error (unless a handler did). */
void xlsx_xml_error(struct xctx *c);
/* A namespace-aware parser with c as user data, refusing DOCTYPE. */
XML_Parser xlsx_new_parser(struct xctx *c, XML_StartElementHandler start,
                           XML_EndElementHandler end, XML_CharacterDataHandler text);
/* Streams a whole part through expat with the given handlers: 1 = read,
 * 0 = no such part, -1 = error (reported, *e set). */
int xlsx_parse_part(struct xctx *c, const char *part, uint64_t limit,
                    XML_StartElementHandler start, XML_EndElementHandler end,
                    XML_CharacterDataHandler text, enum px_err *e);
/* Finds the first sheet's part and the shared strings and styles parts
 * through the relationships; NULLs where they do not say. */
int xlsx_find_parts(struct table *t, struct table_xlsx *x, struct diags *d, const char **sheet,
                    const char **sst, const char **styles, enum px_err *e);
/* Reads the shared strings part into x->sst and x->ss. */
int xlsx_read_shared_strings(struct table *t, struct table_xlsx *x, struct diags *d,
                             const char *part, enum px_err *e);

/* ---- styles (table_xlsx_styles.c) ---- */

/* Reads the styles part: x->xf_kind, the kind of each cell format. */
int xlsx_read_styles(struct table *t, struct table_xlsx *x, struct diags *d, const char *part,
                     enum px_err *e);
#endif
