/*
 * Fuzz target for the fast dossier reader (io/dossier_csv.c through
 * dcsv_read_mem): nothing touches the disk. The input is copied into an
 * exactly-sized heap buffer so that ASan catches a read one byte past the
 * length the reader was given (it must not rely on a NUL or padding).
 *
 * Besides "no crash, no UB" it checks the reader's central invariant:
 * where chunks start does not change anything. The input is read twice
 * on the calling thread, in one chunk and in chunks of 1 to 7 bytes (by
 * the input's length), and the rows handed out (in order) and the
 * problems reported must be identical. Rows must have their required
 * fields and lines that never go backwards. The first line of the input
 * is also given to the reader's datetime parser, which must agree with
 * base/datetime's on acceptance and value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datetime.h"
#include "base/err.h"
#include "base/str.h"
#include "base/utf8.h"
#include "io/dossier_csv.h"

static void check(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_dossier_csv: %s\n", what);
	abort();
}

struct trace {
	struct str s;
	long last_line;
};

static void row(void *w, struct dcsv_chunk *ch, const struct dcsv_row *r)
{
	(void)ch;
	struct trace *t = w;
	check(r->code_len > 0 && r->unit_len > 0 && r->procedure_len > 0, "required field empty");
	check(utf8_valid(r->code, r->code_len, NULL) && utf8_valid(r->unit, r->unit_len, NULL),
	      "text not UTF-8");
	check(r->line > t->last_line, "rows out of order");
	t->last_line = r->line;
	for (int c = 0; c < DCSV_NCOLS; c++)
		check(r->field_line[c] >= r->line, "field before its row");
	check(!r->d.has_finished || r->d.finished_month == dossier_month_of(r->d.finished_at),
	      "finished month");
	check(r->d.received_month == dossier_month_of(r->d.received_at), "received month");
	str_printf(&t->s, "%ld|%.*s|%.*s|%lld|%d\n", r->line, (int)r->code_len, r->code,
	           (int)r->unit_len, r->unit, (long long)r->d.received_at, r->d.rating);
}

static void *begin(void *ctx)
{
	return ctx;
}

static char *read_once(const char *buf, size_t size, size_t chunk)
{
	struct trace t;
	str_init(&t.s, 0);
	t.last_line = 0;
	struct dcsv_ops ops = {&t, begin, NULL, row, NULL};
	struct dcsv_options o = {1, chunk, 0, NULL, NULL};
	struct diags d;
	diags_init(&d);
	struct dcsv_stats st;
	enum px_err e = dcsv_read_mem("fuzz.csv", buf, size, &o, &ops, &d, &st);
	check(e == PX_OK || e == PX_BADINPUT, "unexpected result");
	check((e == PX_OK) == (d.errors == 0), "result and problems disagree");
	str_printf(&t.s, "rc %d rows %ld errors %zu\n", (int)e, st.rows, d.errors);
	for (size_t i = 0; i < d.n; i++) {
		char line[2048];
		diag_format(&d.v[i], line, sizeof line);
		check(d.v[i].line >= 1, "problem without a line");
		str_printf(&t.s, "%s\n", line);
	}
	diags_free(&d);
	check(!str_error(&t.s), "trace too long");
	char *out = str_detach(&t.s);
	return out ? out : calloc(1, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	/* the datetime parser against base/datetime */
	size_t n = 0;
	while (n < size && n < 40 && buf[n] != '\n')
		n++;
	int64_t a = 0, b = 0;
	bool da, db;
	int32_t m;
	bool ok_a = dcsv_parse_datetime(buf, n, true, &a, &da, &m);
	bool ok_b = datetime_parse(buf, n, true, &b, &db);
	check(ok_a == ok_b, "datetime acceptance differs");
	check(!ok_a || (a == b && da == db && m == dossier_month_of(a)), "datetime value differs");
	/* chunk boundaries change nothing */
	char *one = read_once(buf, size, 1 << 20);
	char *small = read_once(buf, size, 1 + size % 7);
	if (strcmp(one, small)) {
		fprintf(stderr, "one chunk:\n%s\nsmall chunks:\n%s\n", one, small);
		check(0, "chunking changed the result");
	}
	free(one);
	free(small);
	free(buf);
	return 0;
}
