/*
 * Unit tests for io/table: the CSV and XLSX readers behind one row API.
 *
 * Every CSV case runs with input windows of 1, 2, 3, 7 bytes and the
 * default 64 KiB (table_csv_chunk), so each quote pair, CRLF, BOM and
 * UTF-8 sequence of the inputs also falls across a window boundary; the
 * rows must come out the same each time. Rows are compared as one dump
 * string, "LINE:f1|f2...\n" per row (a field starting on another line
 * than its row shows "@LINE"; CR and LF inside fields show as \r, \n),
 * ending with END (table_next 0) or ERR (-1). Diagnostics are compared
 * by their formatted location and a piece of the English text.
 *
 * Boundaries named here: the last row without a newline, a header-only
 * file, an empty file, a row with more and with fewer fields than the
 * header, a quote left open at the end of input, a 200 KB field across
 * the file reader's 64 KiB buffer (a "" pair, a CRLF and a UTF-8
 * sequence split exactly at buffer ends). XLSX fixtures are built from
 * tests/fixtures/table/xlsx-src by make-xlsx.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/str.h"
#include "io/table.h"
#include "io/table_impl.h"

static const size_t chunks[] = {1, 2, 3, 7, 64 * 1024};

/* All remaining rows as a dump string (malloc'd). */
static char *dump_rows(struct table *t, struct diags *d)
{
	struct str s;
	str_init(&s, 0);
	int r = table_next(t, d);
	while (r == 1) {
		str_printf(&s, "%ld:", table_line(t));
		for (size_t i = 0; i < table_nfields(t); i++) {
			size_t n;
			const char *f = table_field(t, (int)i, &n);
			if (i)
				str_addc(&s, '|');
			for (size_t k = 0; k < n; k++) {
				if (f[k] == '\n')
					str_adds(&s, "\\n");
				else if (f[k] == '\r')
					str_adds(&s, "\\r");
				else if (f[k] == '\0')
					str_adds(&s, "\\0");
				else
					str_addc(&s, f[k]);
			}
			if (table_field_line(t, (int)i) != table_line(t))
				str_printf(&s, "@%ld", table_field_line(t, (int)i));
		}
		str_addc(&s, '\n');
		r = table_next(t, d);
	}
	str_adds(&s, r == 0 ? "END" : "ERR");
	return str_detach(&s);
}

/* Diagnostic i formatted, for comparison. */
static const char *diag_string(const struct diags *d, size_t i)
{
	static char buf[1024];
	assert_true(i < d->n);
	diag_format(&d->v[i], buf, sizeof buf);
	return buf;
}

/* Asserts diagnostic i starts with loc and contains text. */
static void assert_diag(const struct diags *d, size_t i, const char *loc,
                        const char *text)
{
	const char *got = diag_string(d, i);
	if (strncmp(got, loc, strlen(loc)) != 0 || !strstr(got, text))
		fail_msg("diag %zu is \"%s\", wanted \"%s...%s\"", i, got, loc,
		         text);
}

/* Reads CSV text of len bytes through table_open_mem with every window
 * size; the dump must be want each time, with one diagnostic at loc
 * containing text, or none when loc is NULL. */
static void check_csv_len(const char *in, size_t len, const char *want,
                          const char *loc, const char *text)
{
	for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
		table_csv_chunk = chunks[c];
		struct diags d;
		struct table *t;
		diags_init(&d);
		enum px_err e = table_open_mem("t.csv", in, len, &t, &d);
		if (e != PX_OK)
			fail_msg("open failed (chunk %zu): %s", chunks[c],
			         d.n ? diag_string(&d, 0) : "no diag");
		char *got = dump_rows(t, &d);
		if (strcmp(got, want) != 0)
			fail_msg("chunk %zu: got\n%s\nwanted\n%s", chunks[c], got,
			         want);
		if (loc) {
			assert_int_equal(d.n, 1);
			assert_diag(&d, 0, loc, text);
		} else if (d.n) {
			fail_msg("chunk %zu: unexpected diag %s", chunks[c],
			         diag_string(&d, 0));
		}
		free(got);
		table_close(t);
		diags_free(&d);
	}
	table_csv_chunk = 64 * 1024;
}

static void check_csv(const char *in, const char *want, const char *loc,
                      const char *text)
{
	check_csv_len(in, strlen(in), want, loc, text);
}

/* Opening in must fail with e and a first diagnostic at loc with text. */
static void check_csv_open_fails(const char *in, size_t len, enum px_err e,
                                 const char *loc, const char *text)
{
	for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
		table_csv_chunk = chunks[c];
		struct diags d;
		struct table *t = (struct table *)&d; /* must become NULL */
		diags_init(&d);
		assert_int_equal(table_open_mem("t.csv", in, len, &t, &d), e);
		assert_null(t);
		assert_true(d.n >= 1);
		assert_diag(&d, 0, loc, text);
		diags_free(&d);
	}
	table_csv_chunk = 64 * 1024;
}

/* CSV: RFC 4180 ------------------------------------------------------------ */

static void test_csv_plain(void **state)
{
	(void)state;
	check_csv("a,b\n1,2\n3,4\n", "2:1|2\n3:3|4\nEND", NULL, NULL);
}

static void test_csv_quoted_fields(void **state)
{
	(void)state;
	/* testcase: separators and doubled quotes inside quotes */
	check_csv("a,b,c\n\"x,y\",\"he said \"\"hi\"\"\",\"\"\"\"\n",
	          "2:x,y|he said \"hi\"|\"\nEND", NULL, NULL);
	/* testcase: quoted empty field, empty fields, trailing comma */
	check_csv("a,b,c\n\"\",,\n,\"\",\n", "2:||\n3:||\nEND", NULL, NULL);
}

static void test_csv_quoted_newline(void **state)
{
	(void)state;
	/* testcase: a field spanning lines; later fields and rows keep
	 * their physical line numbers */
	check_csv("a,b,c\n\"one\ntwo\nthree\",x,\"y\nz\"\n5,6,7\n",
	          "2:one\\ntwo\\nthree|x@4|y\\nz@4\n6:5|6|7\nEND", NULL, NULL);
	/* the same with CRLF, kept inside the field */
	check_csv("a,b\r\n\"one\r\ntwo\",x\r\n5,6\r\n",
	          "2:one\\r\\ntwo|x@3\n4:5|6\nEND", NULL, NULL);
	/* testcase: a lone CR inside quotes is kept and ends a line */
	check_csv("a,b\n\"one\rtwo\",x\n5,6\n", "2:one\\rtwo|x@3\n4:5|6\nEND",
	          NULL, NULL);
}

static void test_csv_crlf(void **state)
{
	(void)state;
	check_csv("a,b\r\n1,2\r\n3,4\r\n", "2:1|2\n3:3|4\nEND", NULL, NULL);
	/* testcase: mixed line ends, a lone CR ending a row */
	check_csv("a,b\r\n1,2\n3,4\r5,6", "2:1|2\n3:3|4\n4:5|6\nEND", NULL,
	          NULL);
}

static void test_csv_bom(void **state)
{
	(void)state;
	const char *in = "\xEF\xBB\xBF"
	                 "code,name\nHN,Hà Nội\n";
	check_csv(in, "2:HN|Hà Nội\nEND", NULL, NULL);
	struct diags d;
	struct table *t;
	diags_init(&d);
	assert_int_equal(table_open_mem("t.csv", in, strlen(in), &t, &d), PX_OK);
	assert_string_equal(table_header(t, 0), "code");
	assert_int_equal(table_col(t, "code"), 0);
	table_close(t);
	diags_free(&d);
	/* testcase: a BOM only in the middle is data, not skipped */
	check_csv("a\n\xEF\xBB\xBFx\n", "2:\xEF\xBB\xBFx\nEND", NULL, NULL);
}

static void test_csv_last_row_without_newline(void **state)
{
	(void)state;
	check_csv("a,b\n1,2", "2:1|2\nEND", NULL, NULL);
	check_csv("a,b\n1,\"2\"", "2:1|2\nEND", NULL, NULL);
	/* testcase: a trailing comma at the end of input is an empty field */
	check_csv("a,b\n1,", "2:1|\nEND", NULL, NULL);
}

static void test_csv_empty_lines(void **state)
{
	(void)state;
	check_csv("\n\na,b\n\n1,2\n\r\n\n3,4\n\n", "5:1|2\n8:3|4\nEND", NULL,
	          NULL);
	/* testcase: a line of spaces or of commas is a row, not empty */
	check_csv("a,b\n \n,\n", "2: \n3:|\nEND", NULL, NULL);
}

static void test_csv_empty_file(void **state)
{
	(void)state;
	const char *loc = "t.csv:1:1: ";
	const char *text = "empty file, no header row";
	check_csv_open_fails("", 0, PX_BADINPUT, loc, text);
	check_csv_open_fails("\n\r\n\n", 4, PX_BADINPUT, loc, text);
	check_csv_open_fails("\xEF\xBB\xBF", 3, PX_BADINPUT, loc, text);
	check_csv_open_fails("\xEF\xBB\xBF\n", 4, PX_BADINPUT, loc, text);
}

static void test_csv_header_only(void **state)
{
	(void)state;
	check_csv("a,b\n", "END", NULL, NULL);
	check_csv("a,b", "END", NULL, NULL);
	check_csv("a,b\r\n\r\n", "END", NULL, NULL);
}

static void test_csv_fewer_fields(void **state)
{
	(void)state;
	check_csv("a,b,c\n1\n1,2\n", "2:1\n3:1|2\nEND", NULL, NULL);
	struct diags d;
	struct table *t;
	size_t n = 99;
	diags_init(&d);
	assert_int_equal(table_open_mem("t.csv", "a,b,c\n1\n", 8, &t, &d), PX_OK);
	assert_int_equal(table_next(t, &d), 1);
	assert_int_equal(table_nfields(t), 1);
	assert_string_equal(table_field(t, 2, &n), "");
	assert_int_equal(n, 0);
	assert_string_equal(table_field(t, -1, NULL), "");
	assert_int_equal(table_field_column(t, 2), 3);
	assert_int_equal(table_field_line(t, 2), 2);
	table_close(t);
	diags_free(&d);
}

/* CSV: errors -------------------------------------------------------------- */

static void test_csv_too_many_fields(void **state)
{
	(void)state;
	/* the row is returned with the header's fields; one diag, at the
	 * first extra field */
	check_csv("a,b\n1,2,3,4\n5,6\n", "2:1|2\n3:5|6\nEND", "t.csv:2:3: ",
	          "too many fields");
	check_csv("a,b\n1,2,\"x\ny\"\n5,6\n", "2:1|2\n4:5|6\nEND",
	          "t.csv:2:3: ", "too many fields");
}

static void test_csv_stray_quote(void **state)
{
	(void)state;
	check_csv("a,b\n1,2\n3,x\"y\n5,6\n", "2:1|2\nERR", "t.csv:3:2: ",
	          "dấu nháy kép không hợp lệ | stray quote");
	/* testcase: a space before the opening quote makes it stray */
	check_csv("a,b\n1, \"y\"\n", "ERR", "t.csv:2:2: ", "stray quote");
	/* testcase: text after a closing quote */
	check_csv("a,b\n\"x\"y,2\n", "ERR", "t.csv:2:1: ",
	          "text after a closing quote");
}

static void test_csv_unterminated_quote(void **state)
{
	(void)state;
	/* reported where the field starts, not at the end of input */
	check_csv("a,b\n1,2\n3,\"abc\n\ndef\n", "2:1|2\nERR", "t.csv:3:2: ",
	          "quoted field opened here is not closed");
	check_csv("a,b\n\"", "ERR", "t.csv:2:1: ", "not closed");
	/* in the header: the table does not open */
	check_csv_open_fails("\"a,b\n1,2\n", 9, PX_BADINPUT, "t.csv:1:1: ",
	                     "not closed");
}

static void test_csv_invalid_utf8(void **state)
{
	(void)state;
	/* reported at the field's line and column; the row is returned */
	check_csv("a,b\n1,x\xff\n2,ok\n", "2:1|x\xff\n3:2|ok\nEND",
	          "t.csv:2:2: ", "field is not valid UTF-8");
	/* a multi-line field is reported where it starts */
	check_csv("a,b\n1,\"x\n\xc3\x28\"\n", "2:1|x\\n\xc3\x28\nEND",
	          "t.csv:2:2: ", "not valid UTF-8");
	/* testcase: a UTF-8 sequence cut by the end of input */
	check_csv("a,b\n1,\xe1\xbb", "2:1|\xe1\xbb\nEND", "t.csv:2:2: ",
	          "not valid UTF-8");
	/* a NUL byte */
	check_csv_len("a,b\n1,x\0y\n", 10, "2:1|x\\0y\nEND", "t.csv:2:2: ",
	              "NUL");
	/* in the header: the table does not open */
	check_csv_open_fails("a,\xff\n", 4, PX_BADINPUT, "t.csv:1:2: ",
	                     "not valid UTF-8");
}

static void test_csv_stops_after_error(void **state)
{
	(void)state;
	struct diags d;
	struct table *t;
	diags_init(&d);
	const char *in = "a\n\"x\"y\nz\n";
	assert_int_equal(table_open_mem("t.csv", in, strlen(in), &t, &d), PX_OK);
	assert_int_equal(table_next(t, &d), -1);
	assert_int_equal(table_nfields(t), 0);
	assert_int_equal(table_next(t, &d), -1);
	assert_int_equal(d.n, 1);
	table_close(t);
	/* and after the end */
	assert_int_equal(table_open_mem("t.csv", "a\n1\n", 4, &t, &d), PX_OK);
	assert_int_equal(table_next(t, &d), 1);
	assert_int_equal(table_next(t, &d), 0);
	assert_int_equal(table_next(t, &d), 0);
	assert_int_equal(d.n, 1);
	table_close(t);
	table_close(NULL);
	diags_free(&d);
}

/* Header ------------------------------------------------------------------- */

static void test_duplicate_header(void **state)
{
	(void)state;
	const char *dup = "code,Name, CODE \n1,2,3\n";
	check_csv_open_fails(dup, strlen(dup), PX_BADINPUT,
	                     "t.csv:1:3: ",
	                     "duplicate column name \"CODE\" (also column 1)");
	/* testcase: unnamed columns are not duplicates of each other */
	check_csv("a,,b,\n1,2,3,4\n", "2:1|2|3|4\nEND", NULL, NULL);
}

static void test_header_lookup(void **state)
{
	(void)state;
	struct diags d;
	struct table *t;
	diags_init(&d);
	const char *in = " Code ,NAME,Tên Đơn Vị,\xc2\xa0Mã\xc2\xa0,\n";
	assert_int_equal(table_open_mem("t.csv", in, strlen(in), &t, &d), PX_OK);
	assert_int_equal(table_ncols(t), 5);
	assert_string_equal(table_header(t, 0), "Code");
	assert_string_equal(table_header(t, 3), "Mã");
	assert_string_equal(table_header(t, 4), "");
	assert_string_equal(table_header(t, 99), "");
	assert_int_equal(table_col(t, "code"), 0);
	assert_int_equal(table_col(t, " CODE "), 0);
	assert_int_equal(table_col(t, "name"), 1);
	assert_int_equal(table_col(t, "tên đơn vị"), 2);
	assert_int_equal(table_col(t, "TÊN ĐƠN VỊ"), 2);
	assert_int_equal(table_col(t, "mã"), 3);
	assert_int_equal(table_col(t, "MÃ"), 3);
	assert_int_equal(table_col(t, "kind"), -1);
	assert_int_equal(table_col(t, ""), -1);
	assert_string_equal(table_name(t), "t.csv");
	table_close(t);
	diags_free(&d);
}

static void test_columns_missing_required(void **state)
{
	(void)state;
	struct diags d;
	struct table *t;
	diags_init(&d);
	const char *in = "\nname,Code,extra\nx,y,z\n";
	assert_int_equal(table_open_mem("units.csv", in, strlen(in), &t, &d),
	                 PX_OK);
	const char *names[] = {"code", "name", "kind", "parent", NULL};
	const bool req[] = {true, true, true, false};
	int idx[4];
	assert_int_equal(table_columns(t, names, req, idx, &d), PX_BADINPUT);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 0);
	assert_int_equal(idx[2], -1);
	assert_int_equal(idx[3], -1);
	assert_int_equal(d.n, 1); /* parent is optional */
	assert_diag(&d, 0, "units.csv:2:1: ", "missing required column \"kind\"");
	/* all present */
	const char *names2[] = {"code", "parent", NULL};
	const bool req2[] = {true, false};
	assert_int_equal(table_columns(t, names2, req2, idx, &d), PX_OK);
	assert_int_equal(d.n, 1);
	table_close(t);
	diags_free(&d);
}

static void test_header_too_wide(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	for (int i = 0; i <= TABLE_MAX_COLS; i++)
		str_printf(&s, "c%d,", i);
	struct diags d;
	struct table *t;
	diags_init(&d);
	assert_int_equal(table_open_mem("t.csv", s.buf, s.len, &t, &d),
	                 PX_BADINPUT);
	assert_diag(&d, 0, "t.csv:1:16385: ", "too many columns");
	diags_free(&d);
	str_free(&s);
}

/* Files, big fields, progress --------------------------------------------- */

static char *temp_file(const void *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xmalloc(4096);
	snprintf(path, 4096, "%s/test_table_XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

#define BIG 200000
#define WINDOW (64 * 1024)

static void test_field_across_buffer(void **state)
{
	(void)state;
	/* Row 2 is x,"<BIG bytes>",end; its quoted field has a "" pair
	 * whose quotes are the last byte of one buffer and the first of
	 * the next, likewise a CRLF, "ệ" (3 bytes) across the third
	 * boundary, and an LF. The file reader's buffers start after the
	 * 4 bytes read to sniff the format: boundary k is at 4 + k*WINDOW.
	 * Row 3 is a BIG unquoted field. */
	const char *head = "a,b,c\nx,\"";
	size_t h = strlen(head);
	char *payload = xmalloc(BIG);
	for (size_t i = 0; i < BIG; i++)
		payload[i] = (char)('a' + i % 26);
	size_t q = 4 + WINDOW - 1 - h, crlf = 4 + 2 * WINDOW - 1 - h;
	size_t u = 4 + 3 * WINDOW - 1 - h, lf = 100000;
	payload[q] = payload[q + 1] = '"';
	payload[crlf] = '\r';
	payload[crlf + 1] = '\n';
	memcpy(payload + u, "\xe1\xbb\x87", 3);
	payload[lf] = '\n';
	struct str file, want;
	str_init(&file, 0);
	str_init(&want, 0);
	str_adds(&file, head);
	str_add(&file, payload, BIG);
	str_adds(&file, "\",end\n");
	for (size_t i = 0; i < BIG; i++)
		str_addc(&file, (char)('A' + i % 26));
	str_adds(&file, ",2\n");
	str_add(&want, payload, q + 1); /* "" becomes " */
	str_add(&want, payload + q + 2, BIG - q - 2);
	char *path = temp_file(file.buf, file.len);

	struct diags d;
	struct table *t;
	diags_init(&d);
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	size_t done, total;
	table_progress(t, &done, &total);
	assert_int_equal(total, file.len);
	assert_int_equal(table_next(t, &d), 1);
	assert_int_equal(d.n, 0);
	size_t n;
	const char *f = table_field(t, 1, &n);
	assert_int_equal(n, want.len);
	assert_memory_equal(f, want.buf, n);
	assert_int_equal(f[n], '\0');
	assert_string_equal(table_field(t, 2, NULL), "end");
	assert_int_equal(table_field_line(t, 1), 2);
	assert_int_equal(table_field_line(t, 2), 4); /* after CRLF and LF */
	table_progress(t, &done, &total);
	assert_true(done > BIG && done < total);
	assert_int_equal(table_next(t, &d), 1);
	assert_int_equal(table_line(t), 5);
	f = table_field(t, 0, &n);
	assert_int_equal(n, BIG);
	assert_int_equal(f[0], 'A');
	assert_int_equal(f[BIG - 1], (char)('A' + (BIG - 1) % 26));
	assert_string_equal(table_field(t, 1, NULL), "2");
	assert_int_equal(table_next(t, &d), 0);
	table_progress(t, &done, &total);
	assert_int_equal(done, total);
	assert_int_equal(d.n, 0);
	table_close(t);

	/* the same bytes from memory, in windows of a prime size */
	table_csv_chunk = 4093;
	assert_int_equal(table_open_mem("m.csv", file.buf, file.len, &t, &d),
	                 PX_OK);
	assert_int_equal(table_next(t, &d), 1);
	f = table_field(t, 1, &n);
	assert_int_equal(n, want.len);
	assert_memory_equal(f, want.buf, n);
	assert_int_equal(table_next(t, &d), 1);
	assert_int_equal(table_next(t, &d), 0);
	assert_int_equal(d.n, 0);
	table_close(t);
	table_csv_chunk = WINDOW;

	unlink(path);
	free(path);
	free(payload);
	str_free(&file);
	str_free(&want);
	diags_free(&d);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct diags d;
	struct table *t;
	diags_init(&d);
	assert_int_equal(table_open("/nonexistent/x.csv", &t, &d), PX_FAIL);
	assert_null(t);
	assert_diag(&d, 0, "/nonexistent/x.csv: ", "cannot open the file");
	assert_int_equal(table_open("/", &t, &d), PX_FAIL);
	assert_null(t);
	/* testcase: a UTF-16 export and an old .xls are refused by name */
	assert_int_equal(table_open_mem("u.csv", "\xff\xfe" "a\0", 4, &t, &d),
	                 PX_BADINPUT);
	assert_diag(&d, 2, "u.csv: ", "UTF-16");
	assert_int_equal(
		table_open_mem("o.xls", "\xd0\xcf\x11\xe0\xa1\xb1", 6, &t, &d),
		PX_BADINPUT);
	assert_diag(&d, 3, "o.xls: ", "Excel 97-2003");
	diags_free(&d);
}

static void test_open_file_csv(void **state)
{
	(void)state;
	const char *in = "\xEF\xBB\xBF"
	                 "a,b\r\n1,2\r\n";
	char *path = temp_file(in, strlen(in));
	struct diags d;
	struct table *t;
	diags_init(&d);
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	assert_string_equal(table_name(t), path);
	char *got = dump_rows(t, &d);
	assert_string_equal(got, "2:1|2\nEND");
	free(got);
	table_close(t);
	/* testcase: a file shorter than the sniffed prefix */
	FILE *fp = fopen(path, "wb");
	fputs("a", fp);
	fclose(fp);
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	assert_string_equal(table_header(t, 0), "a");
	assert_int_equal(table_next(t, &d), 0);
	table_close(t);
	assert_int_equal(d.n, 0);
	unlink(path);
	free(path);
	diags_free(&d);
}

/* XLSX --------------------------------------------------------------------- */

static char *fixture(const char *name)
{
	const char *dir = getenv("PARINDEX_FIXTURES");
	assert_non_null(dir);
	char *p = xmalloc(4096);
	snprintf(p, 4096, "%s/table/%s", dir, name);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct str s;
	str_init(&s, 0);
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf, f);
	while (n > 0) {
		str_add(&s, buf, n);
		n = fread(buf, 1, sizeof buf, f);
	}
	fclose(f);
	*len = s.len;
	return str_detach(&s);
}

static const char basic_rows[] =
	"2:HN01|Phường Hàng Bạc|42|2024-01-01|dòng 1\\r\\ndòng 2|TRUE|"
	"2024-01-01T12:00:00|1\n"
	"3:HN02||1000|2025-01-01|HN02x|FALSE|0.5|2.5\n"
	"6:HN03|漢字|0|1900-02-29|_x0041_ & <b>||1.25|0.0015\n"
	"7:HN04||5|1900-02-28|||1900-03-01|-125\n"
	"8:HN05|7||2958466||2024-01-01|0.5|123456789012345678\n"
	"END";

/* Opens fixture name (from its file, or from memory when mem), expects
 * the dump want and no diagnostic. */
static void check_xlsx(const char *name, bool mem, const char *want)
{
	char *path = fixture(name);
	struct diags d;
	struct table *t;
	char *data = NULL;
	size_t len = 0;
	diags_init(&d);
	enum px_err e;
	if (mem) {
		data = slurp(path, &len);
		e = table_open_mem(name, data, len, &t, &d);
	} else {
		e = table_open(path, &t, &d);
	}
	if (e != PX_OK)
		fail_msg("%s: %s", name, d.n ? diag_string(&d, 0) : "no diag");
	char *got = dump_rows(t, &d);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got\n%s\nwanted\n%s", name, got, want);
	if (d.n)
		fail_msg("%s: unexpected diag %s", name, diag_string(&d, 0));
	size_t done, total;
	table_progress(t, &done, &total);
	assert_true(total > 0);
	assert_int_equal(done, total);
	free(got);
	table_close(t);
	diags_free(&d);
	free(data);
	free(path);
}

static void test_xlsx_basic(void **state)
{
	(void)state;
	/* shared strings (rich runs, phonetic runs, _x000D_), inline
	 * strings, numbers, booleans, dates, a formula, gaps, an empty row,
	 * cells without a reference; the second sheet is not read */
	check_xlsx("basic.xlsx", false, basic_rows);
	check_xlsx("basic.xlsx", true, basic_rows);
	struct diags d;
	struct table *t;
	char *path = fixture("basic.xlsx");
	diags_init(&d);
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	assert_int_equal(table_ncols(t), 8);
	assert_string_equal(table_header(t, 0), "code");
	assert_string_equal(table_header(t, 1), "Name"); /* " Name " */
	assert_int_equal(table_col(t, "name"), 1);
	assert_int_equal(table_col(t, "GHI CHÚ"), 4);
	assert_int_equal(table_next(t, &d), 1);
	assert_int_equal(table_line(t), 2);
	assert_int_equal(table_field_line(t, 7), 2);
	assert_int_equal(table_field_column(t, 7), 8);
	const char *names[] = {"code", "unit_code", NULL};
	const bool req[] = {true, true};
	int idx[2];
	assert_int_equal(table_columns(t, names, req, idx, &d), PX_BADINPUT);
	assert_diag(&d, 0, path, ":1:1: ");
	assert_diag(&d, 0, path, "missing required column \"unit_code\"");
	table_close(t);
	diags_free(&d);
	free(path);
}

static void test_xlsx_named_csv(void **state)
{
	(void)state;
	check_xlsx("really-xlsx.csv", false, basic_rows);
}

static void test_xlsx_real_writer(void **state)
{
	(void)state;
	/* written by openpyxl (see make-xlsx.sh): inline strings, "t=n"
	 * numbers as Python prints them (3.0 is "3", 1e-07, 2.5e+20),
	 * custom date and date-time formats, an empty row left out */
	check_xlsx("openpyxl.xlsx", false,
	           "2:HN01|Phường Hàng Bạc|42|2024-01-31|2024-07-01T08:30:15|"
	           "0.1|TRUE\n"
	           "3:HN02|Quận Đống Đa|3|1900-03-01|2025-12-31T23:59:59|"
	           "0.0000001|FALSE|dòng 1\\ndòng 2\n"
	           "5:HN03||-17|||250000000000000000000||  cách  \n"
	           "END");
}

static void test_xlsx_first_sheet_by_relationship(void **state)
{
	(void)state;
	/* the first <sheet> is worksheets/sheet2.xml (an absolute target
	 * with ".."); prefixed namespaces; the 1904 date system; the
	 * header is on row 3 and starts in column B */
	check_xlsx("reordered.xlsx", false, "4:|Q.Ba Đình|1904-01-01\nEND");
	struct diags d;
	struct table *t;
	char *path = fixture("reordered.xlsx");
	diags_init(&d);
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	assert_int_equal(table_ncols(t), 3);
	assert_int_equal(table_col(t, "unit_code"), 1);
	const char *names[] = {"nothing", NULL};
	const bool req[] = {true};
	int idx[1];
	table_columns(t, names, req, idx, &d);
	assert_diag(&d, 0, path, ":3:1: "); /* the header's row */
	table_close(t);
	diags_free(&d);
	free(path);
}

static void test_xlsx_fallback_and_extra_cell(void **state)
{
	(void)state;
	/* no workbook: xl/worksheets/sheet1.xml; D3 is past the header */
	struct diags d;
	struct table *t;
	char *path = fixture("fallback.xlsx");
	diags_init(&d);
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	char *got = dump_rows(t, &d);
	assert_string_equal(got, "2:1|2\n3:3\nEND");
	assert_int_equal(d.n, 1);
	assert_diag(&d, 0, path, ":3:4: ");
	assert_diag(&d, 0, path, "too many fields");
	free(got);
	table_close(t);
	diags_free(&d);
	free(path);
}

/* Opening fixture name fails with e and a diagnostic containing text. */
static void check_xlsx_fails(const char *name, enum px_err e, const char *text)
{
	char *path = fixture(name);
	struct diags d;
	struct table *t;
	diags_init(&d);
	assert_int_equal(table_open(path, &t, &d), e);
	assert_null(t);
	assert_true(d.n >= 1);
	assert_diag(&d, 0, path, text);
	diags_free(&d);
	/* and from memory */
	size_t len;
	char *data = slurp(path, &len);
	diags_init(&d);
	assert_int_equal(table_open_mem(name, data, len, &t, &d), e);
	assert_diag(&d, 0, name, text);
	diags_free(&d);
	free(data);
	free(path);
}

static void test_xlsx_corrupt(void **state)
{
	(void)state;
	check_xlsx_fails("truncated.xlsx", PX_BADINPUT, "ZIP structure is corrupt");
	check_xlsx_fails("garbage.xlsx", PX_BADINPUT, "ZIP structure is corrupt");
	check_xlsx_fails("doctype.xlsx", PX_BADINPUT, "DOCTYPE");
	check_xlsx_fails("chart-first.xlsx", PX_BADINPUT,
	                 "the first sheet (\"Biểu đồ\") is not a worksheet");
	check_xlsx_fails("bomb.xlsx", PX_BADINPUT, "zip bomb");
	check_xlsx_fails("huge.xlsx", PX_BADINPUT, "too large uncompressed");
}

static void test_xlsx_errors_while_reading(void **state)
{
	(void)state;
	struct diags d;
	struct table *t;
	diags_init(&d);
	/* a cell pointing at a shared string that does not exist */
	char *path = fixture("bad-sst.xlsx");
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	assert_int_equal(table_next(t, &d), -1);
	assert_diag(&d, 0, path, ":2:1: "); /* cell A2 */
	assert_diag(&d, 0, path, "missing shared string (99)");
	assert_int_equal(table_next(t, &d), -1);
	assert_int_equal(d.n, 1);
	table_close(t);
	free(path);
	/* a changed byte: the XML is fine, the CRC at the end is not */
	path = fixture("crc.xlsx");
	assert_int_equal(table_open(path, &t, &d), PX_OK);
	char *got = dump_rows(t, &d);
	assert_string_equal(got, "2:5|2\n3:3\nERR");
	assert_int_equal(d.n, 3);
	assert_diag(&d, 2, path, "fails its CRC check");
	free(got);
	table_close(t);
	free(path);
	diags_free(&d);
}

static void test_xlsx_from_memory_any_bytes(void **state)
{
	(void)state;
	/* the fuzz target's entry: any bytes, never a crash */
	struct diags d;
	struct table *t;
	diags_init(&d);
	assert_int_equal(table_open_xlsx_mem("f.xlsx", "", 0, &t, &d),
	                 PX_BADINPUT);
	assert_int_equal(table_open_xlsx_mem("f.xlsx", "a,b\n", 4, &t, &d),
	                 PX_BADINPUT);
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_plain),
		cmocka_unit_test(test_csv_quoted_fields),
		cmocka_unit_test(test_csv_quoted_newline),
		cmocka_unit_test(test_csv_crlf),
		cmocka_unit_test(test_csv_bom),
		cmocka_unit_test(test_csv_last_row_without_newline),
		cmocka_unit_test(test_csv_empty_lines),
		cmocka_unit_test(test_csv_empty_file),
		cmocka_unit_test(test_csv_header_only),
		cmocka_unit_test(test_csv_fewer_fields),
		cmocka_unit_test(test_csv_too_many_fields),
		cmocka_unit_test(test_csv_stray_quote),
		cmocka_unit_test(test_csv_unterminated_quote),
		cmocka_unit_test(test_csv_invalid_utf8),
		cmocka_unit_test(test_csv_stops_after_error),
		cmocka_unit_test(test_duplicate_header),
		cmocka_unit_test(test_header_lookup),
		cmocka_unit_test(test_columns_missing_required),
		cmocka_unit_test(test_header_too_wide),
		cmocka_unit_test(test_field_across_buffer),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_open_file_csv),
		cmocka_unit_test(test_xlsx_basic),
		cmocka_unit_test(test_xlsx_named_csv),
		cmocka_unit_test(test_xlsx_real_writer),
		cmocka_unit_test(test_xlsx_first_sheet_by_relationship),
		cmocka_unit_test(test_xlsx_fallback_and_extra_cell),
		cmocka_unit_test(test_xlsx_corrupt),
		cmocka_unit_test(test_xlsx_errors_while_reading),
		cmocka_unit_test(test_xlsx_from_memory_any_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
