/*
 * Fuzz target for the CSV reader (io/table_csv.c through table_open_mem):
 * nothing touches the disk. The input is copied into an exactly-sized
 * heap buffer so that ASan catches a read one byte past the length the
 * reader was given (it must not rely on a NUL). The window size depends
 * on the input's length (odd lengths: 1 to 7 bytes, even: the default),
 * so inputs also cross window boundaries at every byte. Besides "no
 * crash, no UB", it checks the row invariants of docs/internals/table.md:
 * never more fields than header columns, every field NUL-terminated, a
 * field with no error reported is valid UTF-8 without NUL, field lines
 * never before the row's line, progress never past the total.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/utf8.h"
#include "io/table.h"
#include "io/table_impl.h"

static void check(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_csv: %s\n", what);
	abort();
}

/* Reads every row of t, checking the invariants; shared with fuzz_xlsx
 * by copy (each target is one file). */
static void read_all(struct table *t, struct diags *d)
{
	const char *names[] = {"code", "name", "kind", NULL};
	const bool req[] = {true, false, true};
	int idx[3];
	table_columns(t, names, req, idx, d);
	for (size_t i = 0; i < table_ncols(t); i++)
		check(table_col(t, table_header(t, i)) >= -1, "col");
	for (;;) {
		size_t errors = d->errors;
		int r = table_next(t, d);
		if (r <= 0)
			break;
		check(table_nfields(t) <= table_ncols(t), "too many fields");
		for (size_t i = 0; i < table_nfields(t); i++) {
			size_t n;
			const char *f = table_field(t, (int)i, &n);
			check(f != NULL && f[n] == '\0', "field not terminated");
			if (d->errors == errors)
				check(utf8_valid(f, n, NULL) && strlen(f) == n,
				      "bad field without a diagnostic");
			check(table_field_line(t, (int)i) >= table_line(t),
			      "field before its row");
			check(table_field_column(t, (int)i) == (long)i + 1,
			      "column");
		}
		check(table_field(t, (int)table_nfields(t), NULL)[0] == '\0',
		      "field past the row");
		size_t done, total;
		table_progress(t, &done, &total);
		check(done <= total, "progress past the total");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	table_csv_chunk = size % 2 ? 1 + size % 7 : 64 * 1024;
	struct diags d;
	struct table *t;
	diags_init(&d);
	if (table_open_mem("fuzz.csv", buf, size, &t, &d) == PX_OK) {
		read_all(t, &d);
		table_close(t);
	} else {
		check(t == NULL && d.errors > 0, "failed open without error");
	}
	diags_free(&d);
	free(buf);
	table_csv_chunk = 64 * 1024;
	return 0;
}
