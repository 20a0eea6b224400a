/*
 * Report rendering; see report.h. Cells are stored as text plus a type,
 * in rows of exactly ncols cells (missing trailing cells read as null).
 */
#include "io/report.h"
#include "base/arena.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/vec.h"

#include <math.h>
#include <string.h>

enum cell_type { CELL_NULL, CELL_TEXT, CELL_INT, CELL_NUM };

struct cell {
	enum cell_type type;
	const char *text;  /* CSV/JSON form */
	const char *shown; /* table form */
};

struct report {
	struct arena *a;
	size_t ncols;
	const char **cols;
	struct cell **rows;
	size_t nrows, cap;
	size_t fill; /* cells filled in the last row */
};

struct report *report_new(struct arena *a, const char *const *cols)
{
	struct report *r = arena_alloc(a, sizeof *r);
	r->a = a;
	while (cols[r->ncols])
		r->ncols++;
	r->cols = arena_array(a, r->ncols, sizeof *r->cols);
	for (size_t i = 0; i < r->ncols; i++)
		r->cols[i] = arena_strdup(a, cols[i]);
	return r;
}

void report_row(struct report *r)
{
	r->rows = arena_grow(r->a, r->rows, &r->cap, r->nrows, sizeof *r->rows);
	r->rows[r->nrows++] = arena_array(r->a, r->ncols, sizeof(struct cell));
	r->fill = 0;
}

static struct cell *next_cell(struct report *r)
{
	if (!r->nrows || r->fill >= r->ncols)
		abort(); /* more cells than columns: a bug */
	return &r->rows[r->nrows - 1][r->fill++];
}

void report_text(struct report *r, const char *s)
{
	struct cell *c = next_cell(r);
	if (!s) {
		c->type = CELL_NULL;
		return;
	}
	c->type = CELL_TEXT;
	c->text = c->shown = arena_strdup(r->a, s);
}

void report_int(struct report *r, int64_t v)
{
	struct cell *c = next_cell(r);
	c->type = CELL_INT;
	c->text = c->shown = arena_printf(r->a, "%lld", (long long)v);
}

void report_num(struct report *r, double v, int decimals)
{
	struct cell *c = next_cell(r);
	if (isnan(v) || isinf(v)) {
		c->type = CELL_NULL;
		return;
	}
	struct str s;
	str_init(&s, 64);
	str_add_double(&s, v);
	c->type = CELL_NUM;
	c->text = arena_strdup(r->a, str_cstr(&s));
	str_free(&s);
	c->shown = arena_printf(r->a, "%.*f", decimals, v);
}

void report_null(struct report *r)
{
	next_cell(r)->type = CELL_NULL;
}

size_t report_rows(const struct report *r)
{
	return r->nrows;
}

bool report_format_parse(const char *s, enum report_format *out)
{
	if (!strcmp(s, "table"))
		*out = REPORT_TABLE;
	else if (!strcmp(s, "csv"))
		*out = REPORT_CSV;
	else if (!strcmp(s, "json"))
		*out = REPORT_JSON;
	else
		return false;
	return true;
}

/* A decimal number as people write it: [+-]digits[.digits][e[+-]digits]
 * (also ".5"); no hex, no inf or nan, no spaces. */
static bool csv_is_number(const char *p)
{
	if (*p == '+' || *p == '-')
		p++;
	size_t digits = 0;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == 0;
}

void report_csv_field(struct str *s, const char *field)
{
	const char *f = field ? field : "";
	char c = f[0];
	bool formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
	if (!formula || csv_is_number(f)) {
		str_add_csv(s, f);
		return;
	}
	/* OWASP "CSV injection": a leading single quote makes a spreadsheet
	 * take the cell as text; the field is quoted so that the quote is
	 * part of it */
	str_adds(s, "\"'");
	for (const char *p = f; *p; p++) {
		if (*p == '"')
			str_addc(s, '"');
		str_addc(s, *p);
	}
	str_addc(s, '"');
}

static void write_csv(const struct report *r, struct str *s)
{
	for (size_t c = 0; c < r->ncols; c++) {
		if (c)
			str_addc(s, ',');
		report_csv_field(s, r->cols[c]);
	}
	str_addc(s, '\n');
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t c = 0; c < r->ncols; c++) {
			if (c)
				str_addc(s, ',');
			const struct cell *cell = &r->rows[i][c];
			if (cell->type == CELL_TEXT)
				report_csv_field(s, cell->text);
			else if (cell->type != CELL_NULL)
				str_add_csv(s, cell->text); /* a number as a number */
		}
		str_addc(s, '\n');
	}
}

static void write_json(const struct report *r, struct str *s)
{
	str_addc(s, '[');
	for (size_t i = 0; i < r->nrows; i++) {
		str_adds(s, i ? ",\n {" : "\n {");
		for (size_t c = 0; c < r->ncols; c++) {
			const struct cell *cell = &r->rows[i][c];
			if (c)
				str_adds(s, ", ");
			str_add_json(s, r->cols[c]);
			str_adds(s, ": ");
			if (cell->type == CELL_NULL)
				str_adds(s, "null");
			else if (cell->type == CELL_TEXT)
				str_add_json(s, cell->text);
			else
				str_adds(s, cell->text);
		}
		str_addc(s, '}');
	}
	str_adds(s, r->nrows ? "\n]\n" : "]\n");
}

static void pad(struct str *s, size_t n)
{
	while (n-- > 0)
		str_addc(s, ' ');
}

static void write_table(const struct report *r, struct str *s)
{
	size_t *w = xcalloc(r->ncols + 1, sizeof *w);
	bool *right = xcalloc(r->ncols + 1, sizeof *right);
	for (size_t c = 0; c < r->ncols; c++) {
		w[c] = utf8_width(r->cols[c]);
		right[c] = r->nrows > 0;
		for (size_t i = 0; i < r->nrows; i++) {
			const struct cell *cell = &r->rows[i][c];
			if (cell->type == CELL_TEXT)
				right[c] = false;
			size_t cw = cell->type == CELL_NULL ? 0 : utf8_width(cell->shown);
			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (size_t i = 0; i <= r->nrows + 1; i++) {
		for (size_t c = 0; c < r->ncols; c++) {
			const char *t;
			if (i == 0)
				t = r->cols[c];
			else if (i == 1)
				t = NULL;
			else
				t = r->rows[i - 2][c].type == CELL_NULL ? "" : r->rows[i - 2][c].shown;
			if (c)
				str_adds(s, "  ");
			if (!t) {
				for (size_t k = 0; k < w[c]; k++)
					str_addc(s, '-');
				continue;
			}
			size_t tw = utf8_width(t);
			bool last = c + 1 == r->ncols;
			if (right[c])
				pad(s, w[c] - tw);
			str_adds(s, t);
			if (!right[c] && !last)
				pad(s, w[c] - tw);
		}
		str_addc(s, '\n');
	}
	free(w);
	free(right);
}

int report_write(const struct report *r, enum report_format f, FILE *out)
{
	struct str s;
	str_init(&s, 0);
	if (f == REPORT_CSV)
		write_csv(r, &s);
	else if (f == REPORT_JSON)
		write_json(r, &s);
	else
		write_table(r, &s);
	int rc = str_error(&s) ? -1 : 0;
	if (!rc && fwrite(str_cstr(&s), 1, s.len, out) != s.len)
		rc = -1;
	str_free(&s);
	return rc;
}
