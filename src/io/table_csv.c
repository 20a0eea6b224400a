/*
 * CSV reader for table.c (RFC 4180, strict about quotes).
 *
 * Why it is built this way: import files reach gigabytes, so input is
 * never held whole. It arrives in windows: a file is read into one
 * buffer of table_csv_chunk bytes at a time (after the few bytes table.c
 * already read to sniff the format); memory input is walked in windows of
 * the same size without copying, so both take the same code path and the
 * tests can make windows tiny. The cursor p only moves forward inside
 * the window [w, e); the parser never looks back and needs at most one
 * byte of look-ahead (after a quote, after a CR), fetched by csv_peek,
 * which may start a new window. Bytes are copied into the row (table.c)
 * span by span as soon as they are scanned, so a field may cross any
 * number of windows and nothing before p is needed again.
 *
 * Syntax: fields are separated by ',' and rows end with LF, CRLF or a
 * lone CR; each of these is one physical line, inside quotes too (where
 * the bytes are kept as they are). A quoted field may hold ',', line
 * ends and "" for a quote; a quote inside an unquoted field, text after
 * a closing quote, and a quote left open at the end are errors that stop
 * reading. A line with no bytes at all is skipped; anything else,
 * ",," included, is a row.
 */
#include "io/table_impl.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"

size_t table_csv_chunk = 64 * 1024;

enum { CSV_EOF = -1, CSV_ERR = -2 };

struct table_csv {
	int fd; /* -1: memory input */
	const char *mem;
	size_t mem_len, mem_next; /* memory input; next window's offset */
	char prefix[4];           /* bytes table.c read to sniff */
	size_t nprefix;
	char *buf; /* file windows */
	size_t chunk;
	const char *w, *p, *e; /* window [w, e), cursor p */
	size_t base;           /* input offset of w */
	bool eof;
	long line;  /* physical line of the byte at p */
	size_t skip; /* BOM bytes still to skip */
	bool keep;  /* store the field being scanned (false past ncols) */
};

/* Bytes that end an unquoted field, and that interrupt a quoted one. */
static const bool plain_stop[256] = {
	[','] = true, ['"'] = true, ['\n'] = true, ['\r'] = true};
static const bool quoted_stop[256] = {
	['"'] = true, ['\n'] = true, ['\r'] = true};

/* Moves to the next window: 1 = bytes available, 0 = end of input,
 * -1 = read error (reported). Only called when p == e. */
static int csv_refill(struct table *t, struct table_csv *c, struct diags *d)
{
	if (c->eof)
		return 0;
	c->base += (size_t)(c->e - c->w);
	c->w = c->p = c->e;
	if (c->fd < 0) {
		size_t left = c->mem_len - c->mem_next;
		if (left == 0) {
			c->eof = true;
			return 0;
		}
		size_t n = left < c->chunk ? left : c->chunk;
		c->w = c->p = c->mem + c->mem_next;
		c->e = c->w + n;
		c->mem_next += n;
		return 1;
	}
	if (c->nprefix) {
		c->w = c->p = c->prefix;
		c->e = c->prefix + c->nprefix;
		c->nprefix = 0;
		return 1;
	}
	ssize_t n;
	do
		n = read(c->fd, c->buf, c->chunk);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = errno;
		diag_err(d, t->name, c->line, 0, "lỗi đọc tệp: %s",
		         "error reading the file: %s", strerror(err));
		t->io_error = true;
		return -1;
	}
	if (n == 0) {
		c->eof = true;
		return 0;
	}
	c->w = c->p = c->buf;
	c->e = c->buf + n;
	return 1;
}

/* The byte at the cursor without consuming it, CSV_EOF or CSV_ERR. */
static inline int csv_peek(struct table *t, struct table_csv *c,
                           struct diags *d)
{
	if (c->p == c->e) {
		int r = csv_refill(t, c, d);
		if (r <= 0)
			return r == 0 ? CSV_EOF : CSV_ERR;
	}
	return (unsigned char)*c->p;
}

/* Consumes a line end at the cursor (LF, CR or CRLF). */
static int csv_newline(struct table *t, struct table_csv *c, struct diags *d)
{
	char ch = *c->p++;
	c->line++;
	if (ch == '\r') {
		int nx = csv_peek(t, c, d);
		if (nx == CSV_ERR)
			return -1;
		if (nx == '\n')
			c->p++;
	}
	return 0;
}

static int add(struct table *t, struct table_csv *c, const char *p, size_t n)
{
	return c->keep ? table_field_add(t, p, n) : 0;
}

static int too_long(struct table *t, struct diags *d, long line, long col,
                    bool quoted)
{
	if (quoted)
		diag_err(d, t->name, line, col,
		         "trường quá dài (hơn 64 MB); có thể thiếu dấu nháy kép "
		         "đóng",
		         "field too long (over 64 MB); perhaps a closing quote "
		         "is missing");
	else
		diag_err(d, t->name, line, col, "dòng quá dài (hơn 64 MB)",
		         "row too long (over 64 MB)");
	return -1;
}

/* Scans an unquoted field up to its delimiter (left at the cursor). */
static int csv_plain(struct table *t, struct table_csv *c, struct diags *d,
                     long fline, long fcol)
{
	for (;;) {
		const char *s = c->p;
		while (c->p < c->e && !plain_stop[(unsigned char)*c->p])
			c->p++;
		if (add(t, c, s, (size_t)(c->p - s)) < 0)
			return too_long(t, d, fline, fcol, false);
		if (c->p < c->e)
			break;
		int r = csv_refill(t, c, d);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
	}
	if (*c->p == '"') {
		diag_err(d, t->name, c->line, fcol, "dấu nháy kép không hợp lệ",
		         "stray quote");
		return -1;
	}
	return 0;
}

/* Scans a quoted field; the opening quote is consumed, the closing one
 * is consumed too. */
static int csv_quoted(struct table *t, struct table_csv *c, struct diags *d,
                      long fline, long fcol)
{
	for (;;) {
		const char *s = c->p;
		while (c->p < c->e && !quoted_stop[(unsigned char)*c->p])
			c->p++;
		if (add(t, c, s, (size_t)(c->p - s)) < 0)
			return too_long(t, d, fline, fcol, true);
		if (c->p == c->e) {
			int r = csv_refill(t, c, d);
			if (r < 0)
				return -1;
			if (r == 0) {
				diag_err(d, t->name, fline, fcol,
				         "dấu nháy kép mở ở đây chưa được đóng",
				         "quoted field opened here is not closed");
				return -1;
			}
			continue;
		}
		char ch = *c->p++;
		if (ch == '"') {
			int nx = csv_peek(t, c, d);
			if (nx == CSV_ERR)
				return -1;
			if (nx != '"')
				return 0;
			c->p++;
		} else {
			c->line++;
			if (ch == '\r') {
				int nx = csv_peek(t, c, d);
				if (nx == CSV_ERR)
					return -1;
				if (nx == '\n') {
					if (add(t, c, "\r", 1) < 0)
						return too_long(t, d, fline, fcol, true);
					ch = '\n';
					c->p++;
				}
			}
		}
		if (add(t, c, &ch, 1) < 0)
			return too_long(t, d, fline, fcol, true);
	}
}

static int csv_next(struct table *t, struct diags *d)
{
	struct table_csv *c = t->csv;
	int ch;
	while (c->skip) {
		ch = csv_peek(t, c, d);
		if (ch < 0)
			return ch == CSV_EOF ? 0 : -1;
		c->p++;
		c->skip--;
	}
	for (;;) { /* lines with no bytes */
		ch = csv_peek(t, c, d);
		if (ch == CSV_ERR)
			return -1;
		if (ch == CSV_EOF) {
			t->done = c->base + (size_t)(c->p - c->w);
			return 0;
		}
		if (ch != '\n' && ch != '\r')
			break;
		if (csv_newline(t, c, d) < 0)
			return -1;
	}
	table_row_begin(t, c->line);
	bool reported = false;
	for (size_t nf = 0;; nf++) {
		long fline = c->line, fcol = (long)nf + 1;
		if (t->ncols == 0 && nf >= TABLE_MAX_COLS) {
			diag_err(d, t->name, fline, fcol,
			         "dòng tiêu đề có quá nhiều cột (tối đa %d)",
			         "the header row has too many columns (at most %d)",
			         TABLE_MAX_COLS);
			return -1;
		}
		c->keep = t->ncols == 0 || nf < t->ncols;
		if (!c->keep && !reported) {
			diag_err(d, t->name, fline, fcol,
			         "thừa cột: dòng tiêu đề chỉ có %zu cột",
			         "too many fields: the header has only %zu columns",
			         t->ncols);
			reported = true;
		}
		if (c->keep)
			table_field_open(t, nf, fline);
		ch = csv_peek(t, c, d);
		int r;
		if (ch == '"') {
			c->p++;
			r = csv_quoted(t, c, d, fline, fcol);
		} else {
			r = ch == CSV_ERR ? -1 : csv_plain(t, c, d, fline, fcol);
		}
		if (r < 0)
			return -1;
		if (c->keep)
			table_field_close(t);
		ch = csv_peek(t, c, d);
		if (ch == ',') {
			c->p++;
			continue;
		}
		if (ch == CSV_ERR)
			return -1;
		if (ch == '\n' || ch == '\r') {
			if (csv_newline(t, c, d) < 0)
				return -1;
		} else if (ch != CSV_EOF) {
			diag_err(d, t->name, c->line, fcol,
			         "có ký tự sau dấu nháy kép đóng",
			         "text after a closing quote");
			return -1;
		}
		break;
	}
	t->done = c->base + (size_t)(c->p - c->w);
	return 1;
}

static void csv_close(struct table *t)
{
	struct table_csv *c = t->csv;
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	free(c);
	t->csv = NULL;
}

void table_csv_start(struct table *t, int fd, const char *prefix,
                     size_t nprefix, const char *mem, size_t len,
                     size_t skip)
{
	struct table_csv *c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->chunk = table_csv_chunk ? table_csv_chunk : 1;
	if (fd >= 0) {
		c->buf = xmalloc(c->chunk);
		if (nprefix > sizeof c->prefix)
			nprefix = sizeof c->prefix;
		if (nprefix)
			memcpy(c->prefix, prefix, nprefix);
		c->nprefix = nprefix;
	} else {
		c->mem = mem;
		c->mem_len = len;
	}
	c->line = 1;
	c->skip = skip;
	c->w = c->p = c->e = c->prefix; /* empty window */
	t->csv = c;
	t->next = csv_next;
	t->close = csv_close;
}
