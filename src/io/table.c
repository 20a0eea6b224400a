/*
 * Table reader, common part (see table.h, table_impl.h): opening and
 * sniffing the format from the first bytes, the header and column lookup,
 * and the current row that the CSV and XLSX readers fill.
 *
 * Why the row is built here: both readers then share one representation
 * (a single text buffer plus offsets, no allocation per field once the
 * buffers have grown), one UTF-8 check and one way of reporting. The
 * readers only know their syntax.
 *
 * Invariants: a table that table_open handed out has read its header
 * (ncols >= 1). After an error that stops reading, or after the end,
 * table_next keeps returning -1 or 0 with no new diagnostics, and the
 * row is empty. Header names are matched after trimming white space
 * (space, tab, CR, LF, no-break space) and case folding (utf8_lower).
 */
#include "io/table_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/mem.h"
#include "base/utf8.h"

/* Row building --------------------------------------------------------- */

void table_row_begin(struct table *t, long line)
{
	t->row_len = t->row_text = t->row_nuls = 0;
	t->nfields = 0;
	t->line = line;
}

void table_row_grow(struct table *t, size_t extra)
{
	size_t need = size_add(size_add(t->row_len, extra), 1);
	if (need <= t->row_cap)
		return;
	size_t cap = t->row_cap ? t->row_cap : 256;
	while (cap < need)
		cap = size_mul(cap, 2);
	t->row = xrealloc(t->row, cap);
	t->row_cap = cap;
}

void table_field_place(struct table *t, size_t col, long line)
{
	if (col < t->nfields) {
		t->fields[col] = (struct table_field){t->row_len, 0, line};
		t->cur = col;
		return;
	}
	if (col >= t->fields_cap) {
		size_t cap = t->fields_cap ? t->fields_cap : 16;
		while (cap <= col)
			cap = size_mul(cap, 2);
		t->fields = xrealloc(t->fields, size_mul(cap, sizeof *t->fields));
		t->fields_cap = cap;
	}
	while (t->nfields < col)
		t->fields[t->nfields++] = (struct table_field){0, 0, line};
	t->fields[t->nfields++] = (struct table_field){t->row_len, 0, line};
	t->cur = col;
}

/* Reports every field of the row that is not valid UTF-8 or holds a NUL
 * byte (which would cut the text short for whoever reads it as a C
 * string). The row stays usable. */
static void row_check(struct table *t, struct diags *d)
{
	/* Fast path, one pass over the row: all ASCII, and no NUL but the
	 * fields' terminators. */
	const unsigned char *p = (const unsigned char *)t->row;
	unsigned char high = 0;
	size_t nuls = 0;
	for (size_t i = 0; i < t->row_len; i++) {
		high |= p[i];
		nuls += p[i] == 0;
	}
	if (!(high & 0x80) && nuls == t->row_nuls)
		return;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct table_field *f = &t->fields[i];
		if (f->len == 0)
			continue;
		const char *s = t->row + f->off;
		if (!utf8_valid(s, f->len, NULL))
			diag_err(d, t->name, f->line, (long)i + 1,
			         "trường không phải UTF-8 hợp lệ (hãy lưu tệp "
			         "dạng CSV UTF-8)",
			         "field is not valid UTF-8 (save the file as "
			         "CSV UTF-8)");
		else if (memchr(s, '\0', f->len))
			diag_err(d, t->name, f->line, (long)i + 1,
			         "trường chứa ký tự NUL", "field contains a NUL byte");
	}
}

/* Header ---------------------------------------------------------------- */

static bool is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		*w = 1;
		return true;
	}
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
		*w = 2; /* U+00A0 no-break space */
		return true;
	}
	return false;
}

static bool is_space_before(const char *s, size_t end, size_t *w)
{
	unsigned char c = (unsigned char)s[end - 1];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		*w = 1;
		return true;
	}
	if (c == 0xA0 && end >= 2 && (unsigned char)s[end - 2] == 0xC2) {
		*w = 2;
		return true;
	}
	return false;
}

/* Trims s[0..*n) of white space; returns the new start. */
static const char *trim(const char *s, size_t *n)
{
	size_t b = 0, e = *n, w;
	while (b < e && is_space_at(s, e, b, &w))
		b += w;
	while (e > b && is_space_before(s, e, &w))
		e -= w;
	*n = e - b;
	return s + b;
}

/* The lookup key of a header name: trimmed and case-folded. ASCII goes
 * through buf (size bufsz) without allocating; other text through
 * utf8_lower in *scratch, created when NULL. NULL when the name is empty
 * or not UTF-8. */
static const char *fold_key(const char *name, size_t n, char *buf,
                            size_t bufsz, struct arena **scratch)
{
	name = trim(name, &n);
	if (n == 0 || !utf8_valid(name, n, NULL) || memchr(name, '\0', n))
		return NULL;
	bool ascii = true;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] >= 0x80)
			ascii = false;
	if (ascii && n < bufsz) {
		for (size_t i = 0; i < n; i++) {
			char c = name[i];
			buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		buf[n] = '\0';
		return buf;
	}
	if (!*scratch)
		*scratch = arena_new();
	return utf8_lower(*scratch, arena_strndup(*scratch, name, n));
}

static enum px_err read_header(struct table *t, struct diags *d)
{
	size_t errors = d->errors;
	int r = t->next(t, d);
	if (r < 0)
		return t->io_error ? PX_FAIL : PX_BADINPUT;
	if (r == 0) {
		diag_err(d, t->name, 1, 0, "tệp rỗng, thiếu dòng tiêu đề",
		         "empty file, no header row");
		return PX_BADINPUT;
	}
	row_check(t, d);
	if (d->errors > errors)
		return PX_BADINPUT;
	t->header_line = t->line;
	t->ncols = t->nfields;
	t->headers = arena_array(t->arena, t->ncols, sizeof *t->headers);
	bool dup = false;
	char buf[256];
	for (size_t i = 0; i < t->ncols; i++) {
		const struct table_field *f = &t->fields[i];
		size_t n = f->len;
		const char *name = trim(t->row + f->off, &n);
		t->headers[i] = arena_strndup(t->arena, name, n);
		struct arena *a = t->arena;
		const char *key = fold_key(name, n, buf, sizeof buf, &a);
		if (!key)
			continue; /* an unnamed column cannot be looked up */
		void *prev = map_gets(&t->cols, key);
		if (prev) {
			diag_err(d, t->name, f->line, (long)i + 1,
			         "tên cột \"%s\" bị trùng (đã có ở cột %zu)",
			         "duplicate column name \"%s\" (also column %zu)",
			         t->headers[i], (size_t)(uintptr_t)prev);
			dup = true;
			continue;
		}
		map_puts(&t->cols, key, (void *)(uintptr_t)(i + 1));
	}
	return dup ? PX_BADINPUT : PX_OK;
}

/* Opening --------------------------------------------------------------- */

enum kind { KIND_CSV, KIND_XLSX, KIND_OLE, KIND_UTF16 };

static enum kind sniff(const unsigned char *p, size_t n)
{
	if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
		return KIND_XLSX;
	if (n >= 4 && p[0] == 0xD0 && p[1] == 0xCF && p[2] == 0x11 &&
	    p[3] == 0xE0)
		return KIND_OLE;
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
	               (p[0] == 0xFE && p[1] == 0xFF)))
		return KIND_UTF16;
	return KIND_CSV;
}

static size_t bom_len(const unsigned char *p, size_t n)
{
	return (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ? 3 : 0;
}

static struct table *table_new(const char *name)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->arena = arena_new();
	t->name = arena_strdup(t->arena, name);
	map_init(&t->cols);
	t->state = TABLE_READING;
	return t;
}

/* Formats the table cannot read, said plainly. PX_BADINPUT. */
static enum px_err refuse(const char *name, enum kind k, struct diags *d)
{
	if (k == KIND_OLE)
		diag_err(d, name, 0, 0,
		         "tệp Excel 97-2003 (.xls) hoặc tệp có mật khẩu: hãy "
		         "lưu lại dạng .xlsx (không mật khẩu) hoặc CSV UTF-8",
		         "an Excel 97-2003 (.xls) or password-protected file: "
		         "save it as .xlsx (without a password) or CSV UTF-8");
	else
		diag_err(d, name, 0, 0,
		         "tệp mã hoá UTF-16: hãy lưu lại dạng CSV UTF-8",
		         "the file is UTF-16 encoded: save it as CSV UTF-8");
	return PX_BADINPUT;
}

static enum px_err finish_open(struct table *t, enum px_err e,
                               struct table **out, struct diags *d)
{
	if (e == PX_OK)
		e = read_header(t, d);
	if (e != PX_OK) {
		table_close(t);
		return e;
	}
	*out = t;
	return PX_OK;
}

enum px_err table_open(const char *path, struct table **out, struct diags *d)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_err(d, path, 0, 0, "không mở được tệp: %s",
		         "cannot open the file: %s", strerror(errno));
		return PX_FAIL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int err = errno;
		diag_err(d, path, 0, 0, "không đọc được tệp: %s",
		         "cannot read the file: %s", strerror(err));
		close(fd);
		return PX_FAIL;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_err(d, path, 0, 0, "đây là thư mục, không phải tệp",
		         "this is a directory, not a file");
		close(fd);
		return PX_FAIL;
	}
	/* The first bytes tell the format; a pipe cannot be rewound, so
	 * they are handed to the CSV reader rather than read again. */
	char prefix[4];
	size_t n = 0;
	while (n < sizeof prefix) {
		ssize_t r = read(fd, prefix + n, sizeof prefix - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;
			diag_err(d, path, 0, 0, "không đọc được tệp: %s",
			         "cannot read the file: %s", strerror(err));
			close(fd);
			return PX_FAIL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	enum kind k = sniff((const unsigned char *)prefix, n);
	if (k == KIND_OLE || k == KIND_UTF16) {
		close(fd);
		return refuse(path, k, d);
	}
	struct table *t = table_new(path);
	if (S_ISREG(st.st_mode) && st.st_size > 0)
		t->total = (size_t)st.st_size;
	enum px_err e = PX_OK;
	if (k == KIND_XLSX)
		e = table_xlsx_start(t, fd, NULL, 0, d);
	else
		table_csv_start(t, fd, prefix, n, NULL, 0,
		                bom_len((const unsigned char *)prefix, n));
	return finish_open(t, e, out, d);
}

enum px_err table_open_mem(const char *name, const char *data, size_t len,
                           struct table **out, struct diags *d)
{
	*out = NULL;
	enum kind k = sniff((const unsigned char *)data, len);
	if (k == KIND_OLE || k == KIND_UTF16)
		return refuse(name, k, d);
	struct table *t = table_new(name);
	t->total = len;
	enum px_err e = PX_OK;
	if (k == KIND_XLSX)
		e = table_xlsx_start(t, -1, data, len, d);
	else
		table_csv_start(t, -1, NULL, 0, data, len,
		                bom_len((const unsigned char *)data, len));
	return finish_open(t, e, out, d);
}

enum px_err table_open_xlsx_mem(const char *name, const char *data,
                                size_t len, struct table **out,
                                struct diags *d)
{
	*out = NULL;
	struct table *t = table_new(name);
	t->total = len;
	enum px_err e = table_xlsx_start(t, -1, data, len, d);
	return finish_open(t, e, out, d);
}

void table_close(struct table *t)
{
	if (!t)
		return;
	if (t->close)
		t->close(t);
	map_free(&t->cols);
	free(t->row);
	free(t->fields);
	arena_free(t->arena);
	free(t);
}

/* Access ---------------------------------------------------------------- */

const char *table_name(const struct table *t)
{
	return t->name;
}

size_t table_ncols(const struct table *t)
{
	return t->ncols;
}

const char *table_header(const struct table *t, size_t i)
{
	return i < t->ncols ? t->headers[i] : "";
}

int table_col(const struct table *t, const char *name)
{
	char buf[256];
	/* Non-ASCII or long names fold through a scratch arena, so that
	 * repeated lookups do not grow the table's own. */
	struct arena *scratch = NULL;
	const char *key = fold_key(name, strlen(name), buf, sizeof buf, &scratch);
	int idx = -1;
	if (key) {
		void *v = map_gets(&t->cols, key);
		if (v)
			idx = (int)((uintptr_t)v - 1);
	}
	arena_free(scratch);
	return idx;
}

enum px_err table_columns(const struct table *t, const char *const *names,
                          const bool *req, int *idx, struct diags *d)
{
	enum px_err e = PX_OK;
	for (size_t i = 0; names[i]; i++) {
		idx[i] = table_col(t, names[i]);
		if (idx[i] < 0 && req && req[i]) {
			diag_err(d, t->name, t->header_line, 0,
			         "thiếu cột bắt buộc \"%s\"",
			         "missing required column \"%s\"", names[i]);
			e = PX_BADINPUT;
		}
	}
	return e;
}

int table_next(struct table *t, struct diags *d)
{
	if (t->state != TABLE_READING) {
		table_row_begin(t, t->line);
		return t->state == TABLE_END ? 0 : -1;
	}
	int r = t->next(t, d);
	if (r > 0) {
		row_check(t, d);
		return 1;
	}
	t->state = r == 0 ? TABLE_END : TABLE_FAILED;
	table_row_begin(t, t->line);
	if (r == 0)
		t->done = t->total ? t->total : t->done;
	return r;
}

const char *table_field(const struct table *t, int col, size_t *len)
{
	if (col < 0 || (size_t)col >= t->nfields ||
	    t->fields[col].len == 0) {
		if (len)
			*len = 0;
		return "";
	}
	const struct table_field *f = &t->fields[col];
	if (len)
		*len = f->len;
	return t->row + f->off;
}

long table_line(const struct table *t)
{
	return t->line;
}

long table_field_line(const struct table *t, int col)
{
	if (col < 0 || (size_t)col >= t->nfields)
		return t->line;
	return t->fields[col].line;
}

long table_field_column(const struct table *t, int col)
{
	(void)t;
	return col < 0 ? 0 : (long)col + 1;
}

size_t table_nfields(const struct table *t)
{
	return t->nfields;
}

void table_progress(const struct table *t, size_t *done, size_t *total)
{
	if (done)
		*done = t->done;
	if (total)
		*total = t->total;
}
