/*
 * One row iterator over tabular files, used by every import: CSV (RFC
 * 4180: quoted fields, doubled quotes, embedded newlines, CRLF or LF, a
 * leading UTF-8 BOM ignored) and XLSX (the first sheet, read with minizip
 * and expat). The first row is the header; columns are found by name
 * (case-insensitive, surrounding spaces ignored), in any order.
 *
 * Every field is checked to be valid UTF-8. Problems are reported into a
 * struct diags as FILE:LINE:COLUMN, where LINE is the physical line on
 * which the field starts (CSV) or the sheet row (XLSX), and COLUMN is the
 * 1-based field number (CSV) or sheet column (A = 1). Lines that are
 * completely empty are skipped.
 *
 * Fields returned by table_field() are valid until the next table_next().
 * Contract: docs/internals/table.md.
 */
#ifndef PARINDEX_IO_TABLE_H
#define PARINDEX_IO_TABLE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct table;

/* Opens path; the format is sniffed from the content (a ZIP signature
 * means XLSX), not the name. Reads the header row. On error returns
 * PX_BADINPUT (diags say why) or PX_FAIL (cannot read the file, also in
 * diags) and *out is NULL. */
enum px_err table_open(const char *path, struct table **out, struct diags *d);
/* The same over bytes held in memory (an upload, a fuzz input), sniffed
 * the same way (CSV or XLSX); name is used in messages. The bytes must
 * outlive the table. */
enum px_err table_open_mem(const char *name, const char *data, size_t len,
                           struct table **out, struct diags *d);
void table_close(struct table *t);

/* The name used in messages (the path given). */
const char *table_name(const struct table *t);
size_t table_ncols(const struct table *t);
/* Header text of column i (0-based). */
const char *table_header(const struct table *t, size_t i);
/* 0-based index of the column named name, or -1. */
int table_col(const struct table *t, const char *name);
/* Looks up every name in names (NULL-terminated) and stores the indexes
 * in idx; a required (req[i] true) column that is missing is reported in
 * d (line 1) and makes the call return PX_BADINPUT. */
enum px_err table_columns(const struct table *t, const char *const *names,
                          const bool *req, int *idx, struct diags *d);

/* Advances to the next data row: 1 = a row, 0 = end of input, -1 = an
 * error that stops reading (reported in d: broken quoting, a read error,
 * corrupt XLSX). A field with invalid UTF-8 is reported in d and the row
 * is still returned (return 1), so the caller can go on collecting
 * problems; check d->errors. */
int table_next(struct table *t, struct diags *d);
/* Field col (0-based) of the current row; "" (len 0) when col < 0 or the
 * row is shorter. Never NULL. */
const char *table_field(const struct table *t, int col, size_t *len);
/* Line (CSV) or sheet row (XLSX) where the current row starts. */
long table_line(const struct table *t);
/* Line on which field col of the current row starts. */
long table_field_line(const struct table *t, int col);
/* 1-based column number to report for field col. */
long table_field_column(const struct table *t, int col);
/* Number of fields in the current row. */
size_t table_nfields(const struct table *t);
/* Bytes of input consumed so far and the total (0 if unknown), for a
 * progress bar. For XLSX: bytes of the sheet's XML inflated so far, of
 * its inflated size. */
void table_progress(const struct table *t, size_t *done, size_t *total);
#endif
