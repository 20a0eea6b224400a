/*
 * Private interface between the common table code (table.c) and its two
 * readers, CSV (table_csv.c) and XLSX (table_xlsx.c). Only io/table*.c,
 * the table unit test and the fuzz targets include it.
 *
 * A reader produces one row per call of its next() into the row held by
 * struct table, through table_row_begin / table_field_open / _add /
 * _close; table.c then checks the text (UTF-8, no NUL) and serves the
 * fields. Invariants of the row: its text lives in one buffer t->row,
 * each field NUL-terminated and addressed by offset (the buffer moves as
 * it grows); it never holds more than TABLE_MAX_ROW bytes of text; once
 * the header is read (ncols > 0) it never holds more than ncols fields:
 * a reader reports extra fields itself ("too many fields") and drops
 * them. While the header row is read, ncols is 0 and the reader stops at
 * TABLE_MAX_COLS fields.
 */
#ifndef PARINDEX_IO_TABLE_IMPL_H
#define PARINDEX_IO_TABLE_IMPL_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/map.h"
#include "io/table.h"

#define TABLE_MAX_COLS 16384             /* Excel's last column, XFD */
#define TABLE_MAX_ROW ((size_t)64 << 20) /* bytes of text in one row */

struct table_csv;
struct table_xlsx;

struct table_field {
	size_t off; /* into t->row */
	size_t len;
	long line;  /* physical line (CSV) or sheet row (XLSX) it starts on */
};

enum table_state { TABLE_READING, TABLE_END, TABLE_FAILED };

struct table {
	char *name;
	struct arena *arena; /* header names, XLSX part names */

	/* Header: ncols names as written (trimmed), found through cols
	 * (case-folded name -> index + 1). */
	size_t ncols;
	char **headers;
	struct map cols;
	long header_line;

	/* Current row. */
	char *row;
	size_t row_len, row_cap;
	size_t row_text, row_nuls; /* bytes of field text; NULs written */
	struct table_field *fields;
	size_t nfields, fields_cap;
	size_t cur; /* field being filled */
	long line;

	enum table_state state;
	bool io_error; /* the last failure was reading, not the data */
	size_t done, total;

	/* The reader: next returns 1 (a row), 0 (end) or -1 (error,
	 * reported in d); close frees its state (t->csv or t->xlsx). */
	int (*next)(struct table *t, struct diags *d);
	void (*close)(struct table *t);
	struct table_csv *csv;
	struct table_xlsx *xlsx;
};

/* Starts a new, empty row that begins on line. */
void table_row_begin(struct table *t, long line);
/* The slow paths of the three functions below. */
void table_field_place(struct table *t, size_t col, long line);
void table_row_grow(struct table *t, size_t extra);

/* Starts field col (0-based) of the row, starting on line. Columns
 * between the last field and col become empty fields; a col already
 * filled is replaced (XLSX cells out of order). Inline, with the slow
 * paths out of line, because a big import calls these for every field. */
static inline void table_field_open(struct table *t, size_t col, long line)
{
	if (col == t->nfields && col < t->fields_cap) {
		t->fields[col] = (struct table_field){t->row_len, 0, line};
		t->nfields++;
		t->cur = col;
		return;
	}
	table_field_place(t, col, line);
}

/* Appends n bytes to the open field; -1 when the row's text would
 * exceed TABLE_MAX_ROW (nothing appended; the reader reports it). */
static inline int table_field_add(struct table *t, const char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (n > TABLE_MAX_ROW - t->row_text)
		return -1;
	if (n >= t->row_cap - t->row_len) /* keep room for the NUL */
		table_row_grow(t, n);
	memcpy(t->row + t->row_len, p, n);
	t->row_len += n;
	t->row_text += n;
	return 0;
}

/* Ends the open field (writes its NUL). */
static inline void table_field_close(struct table *t)
{
	struct table_field *f = &t->fields[t->cur];
	f->len = t->row_len - f->off;
	if (t->row_len >= t->row_cap)
		table_row_grow(t, 0);
	t->row[t->row_len++] = '\0';
	t->row_nuls++;
}

/* The CSV reader over fd (owned from now on; the first nprefix bytes
 * were already read into prefix) or, when fd < 0, over mem[0..len).
 * skip leading bytes (a BOM) are ignored. Cannot fail. */
void table_csv_start(struct table *t, int fd, const char *prefix,
                     size_t nprefix, const char *mem, size_t len,
                     size_t skip);
/* The XLSX reader over fd (owned from now on) or, when fd < 0, over
 * mem[0..len): reads the workbook, styles and shared strings and opens
 * the first sheet. PX_BADINPUT (corrupt or not a workbook) or PX_FAIL
 * (read error), reported in d. */
enum px_err table_xlsx_start(struct table *t, int fd, const char *mem,
                             size_t len, struct diags *d);

/* Opens mem[0..len) as XLSX whatever its first bytes are: the fuzz
 * target's way in, past the sniffing. Otherwise as table_open_mem. */
enum px_err table_open_xlsx_mem(const char *name, const char *data,
                                size_t len, struct table **out,
                                struct diags *d);

/* Test hook: size of the CSV reader's input windows, read at open. The
 * default is 64 KiB; tests set tiny sizes so that every quote, CR/LF
 * pair and UTF-8 sequence falls across a window boundary somewhere. */
extern size_t table_csv_chunk;
#endif
