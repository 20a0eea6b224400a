/*
 * The values of XLSX cells, as pure functions (no I/O, no XML parser, no
 * state): what the text of a <c> element becomes given its type (t=...)
 * and the kind of its number format (s=... through the styles). The
 * reader (table_xlsx.c) calls them from its expat handlers;
 * tests/fuzz/fuzz_xlsx_values.c calls them on arbitrary bytes.
 *
 * The rules (also at the top of table_xlsx.c): numbers in plain decimal,
 * as short as exact ("1.0" -> "1", "1.5E-3" -> "0.0015"); a number styled
 * as a date becomes YYYY-MM-DD, as a date and time YYYY-MM-DDTHH:MM:SS
 * (1900 date system with Excel's 1900-02-29, or 1904); booleans TRUE /
 * FALSE; text with OOXML's _xHHHH_ escapes decoded; anything else as
 * written.
 */
#ifndef PARINDEX_IO_XLSX_VALUES_H
#define PARINDEX_IO_XLSX_VALUES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a cell's number format shows. */
enum xlsx_fmt_kind { XLSX_FMT_NUMBER, XLSX_FMT_DATE, XLSX_FMT_DATETIME };

/* A cell's type attribute. */
enum xlsx_cell_type {
	XLSX_CELL_NUMBER,
	XLSX_CELL_SHARED,
	XLSX_CELL_INLINE,
	XLSX_CELL_TEXT, /* t="str", t="e", t="d" and unknown types: as written */
	XLSX_CELL_BOOL,
};

/* The type of a cell from its t attribute (NULL when absent). */
enum xlsx_cell_type xlsx_cell_type_of(const char *t);

/* Scratch for xlsx_cell_value: numbers and dates are written here. */
struct xlsx_value_buf {
	char num[512], date[32];
};

/* The text of a cell of type (not XLSX_CELL_SHARED: the caller looks the
 * string up) whose <v> or inline text is v[0..n), n > 0, styled as fk.
 * Sets *text and *len: into v (decoded in place), into buf, or a constant;
 * *len may be 0 (no field). */
void xlsx_cell_value(enum xlsx_cell_type type, char *v, size_t n, enum xlsx_fmt_kind fk,
                     bool date1904, struct xlsx_value_buf *buf, const char **text, size_t *len);

/* Parses an unsigned decimal s[0..n) (surrounding spaces allowed) that
 * is at most max; false otherwise. */
bool xlsx_parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out);
/* Decodes OOXML's _xHHHH_ escapes (ECMA-376 22.9.2.19) in s[0..n) in
 * place, returning the new length (never more than n). */
size_t xlsx_unescape(char *s, size_t n);
/* s[0..n) written in plain decimal into out (outsz >= 464); the length,
 * or 0 when s is not an XML Schema double or too long. */
size_t xlsx_number_plain(const char *s, size_t n, char *out, size_t outsz);
/* The serial date num[0..n) (from xlsx_number_plain) as YYYY-MM-DD or
 * YYYY-MM-DDTHH:MM:SS and a NUL in out (outsz >= 20); false when Excel
 * could not show it as a date. */
bool xlsx_serial_date(const char *num, size_t n, bool date1904, bool with_time, char *out,
                      size_t outsz);
/* "C5" -> 2 (0-based column); false past XFD or when not a reference. */
bool xlsx_parse_ref(const char *ref, size_t *col);
#endif
