/*
 * Unit tests for base/err: exit statuses and bilingual diagnostics. The
 * format of a diagnostic is user interface (civil servants read it, tests
 * of the importers compare it), so it is pinned here byte for byte:
 * "FILE:LINE:COL: [where: ]vi | en", a missing location part is left out,
 * warnings say so in both languages. Boundaries: the DIAGS_KEEP-th diag is
 * kept and the next one only counted; a buffer too small is cut, never
 * overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

static void test_exit_status(void **state)
{
	(void)state;
	assert_int_equal(px_exit_status(PX_OK), 0);
	assert_int_equal(px_exit_status(PX_FAIL), 1);
	assert_int_equal(px_exit_status(PX_USAGE), 2);
	assert_int_equal(px_exit_status(PX_BADINPUT), 3);
	assert_int_equal(px_exit_status(PX_NOTFOUND), 1);
	assert_int_equal(px_exit_status(PX_DENIED), 1);
}

static void format_nth(const struct diags *d, size_t i, char *buf, size_t size)
{
	assert_true(i < d->n);
	diag_format(&d->v[i], buf, size);
}

static void test_format_error(void **state)
{
	(void)state;
	struct diags d;
	char buf[512];
	diags_init(&d);
	diag_err(&d, "units.csv", 3, 7, "ngày \"%s\" không hợp lệ",
	         "invalid date \"%s\"", "2024-02-30");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.warnings, 0);
	format_nth(&d, 0, buf, sizeof buf);
	assert_string_equal(buf, "units.csv:3:7: ngày \"2024-02-30\" không hợp "
	                         "lệ | invalid date \"2024-02-30\"");
	diags_free(&d);
}

static void test_format_locations(void **state)
{
	(void)state;
	struct diags d;
	char buf[512];
	diags_init(&d);
	/* testcase: line without a column: reported at column 1 */
	diag_add(&d, DIAG_ERROR, "a.csv", 12, 0, NULL, "thiếu", "missing");
	/* testcase: no file: the program name stands in */
	diag_add(&d, DIAG_ERROR, NULL, 0, 0, NULL, "sai", "wrong");
	/* testcase: a "where" locator after the position */
	diag_add(&d, DIAG_ERROR, "fw.json", 4, 2, "tiêu chí 1.2", "điểm %d > %d",
	         "points %d > %d", 12, 10);
	/* testcase: a column without a line is not printed */
	diag_add(&d, DIAG_ERROR, "b.csv", 0, 5, NULL, "x", "y");
	format_nth(&d, 0, buf, sizeof buf);
	assert_string_equal(buf, "a.csv:12:1: thiếu | missing");
	format_nth(&d, 1, buf, sizeof buf);
	assert_string_equal(buf, "parindex: sai | wrong");
	format_nth(&d, 2, buf, sizeof buf);
	assert_string_equal(buf, "fw.json:4:2: tiêu chí 1.2: điểm 12 > 10 | points 12 > 10");
	format_nth(&d, 3, buf, sizeof buf);
	assert_string_equal(buf, "b.csv: x | y");
	assert_int_equal(d.errors, 4);
	diags_free(&d);
}

static void test_format_warning(void **state)
{
	(void)state;
	struct diags d;
	char buf[512];
	diags_init(&d);
	diag_add(&d, DIAG_WARNING, "units.csv", 5, 1, NULL, "cột \"%s\" bị bỏ qua",
	         "column \"%s\" ignored", "ghi chú");
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.errors, 0);
	format_nth(&d, 0, buf, sizeof buf);
	assert_string_equal(buf, "units.csv:5:1: cảnh báo: cột \"ghi chú\" bị bỏ "
	                         "qua | warning: column \"ghi chú\" ignored");
	/* testcase: a warning with a where locator */
	diag_add(&d, DIAG_WARNING, "f.csv", 2, 3, "tiêu chí 2", "a", "b");
	format_nth(&d, 1, buf, sizeof buf);
	assert_string_equal(buf, "f.csv:2:3: tiêu chí 2: cảnh báo: a | warning: b");
	diags_free(&d);
}

static void test_strings_are_copied(void **state)
{
	(void)state;
	struct diags d;
	char file[32] = "first.csv", where[32] = "ô A1", buf[256];
	diags_init(&d);
	diag_add(&d, DIAG_ERROR, file, 1, 1, where, "%s", "%s", "v");
	memcpy(file, "other.csv", 10);
	memcpy(where, "ô B2", 6);
	format_nth(&d, 0, buf, sizeof buf);
	assert_string_equal(buf, "first.csv:1:1: ô A1: v | v");
	diags_free(&d);
}

static void test_small_buffer(void **state)
{
	(void)state;
	struct diags d;
	char buf[16];
	diags_init(&d);
	diag_err(&d, "a-very-long-file-name.csv", 100, 200, "dài", "long");
	/* testcase: cut to the buffer, NUL-terminated */
	memset(buf, 'X', sizeof buf);
	format_nth(&d, 0, buf, 8);
	assert_string_equal(buf, "a-very-");
	assert_int_equal(buf[8], 'X'); /* nothing written past size */
	diags_free(&d);
}

static void test_keep_limit(void **state)
{
	(void)state;
	struct diags d;
	char buf[256];
	diags_init(&d);
	for (int i = 1; i <= DIAGS_KEEP - 1; i++)
		diag_err(&d, "big.csv", i, 1, "lỗi %d", "error %d", i);
	diag_add(&d, DIAG_WARNING, "big.csv", DIAGS_KEEP, 1, NULL, "cuối", "last");
	/* testcase: the DIAGS_KEEP-th diag is kept */
	assert_int_equal(d.n, DIAGS_KEEP);
	format_nth(&d, DIAGS_KEEP - 1, buf, sizeof buf);
	assert_string_equal(buf, "big.csv:1000:1: cảnh báo: cuối | warning: last");
	/* testcase: beyond the limit, diags are counted but not kept */
	for (int i = 0; i < 5; i++)
		diag_err(&d, "big.csv", 2000 + i, 1, "x", "x");
	diag_add(&d, DIAG_WARNING, NULL, 0, 0, NULL, "w", "w");
	assert_int_equal(d.n, DIAGS_KEEP);
	assert_int_equal(d.errors, DIAGS_KEEP - 1 + 5);
	assert_int_equal(d.warnings, 2);

	/* diags_print: one line per kept diag, then the count of the rest */
	FILE *f = tmpfile();
	assert_non_null(f);
	diags_print(&d, f);
	long size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	char *text = calloc(1, (size_t)size + 1);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	size_t lines = 0;
	for (long i = 0; i < size; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, DIAGS_KEEP + 1);
	assert_non_null(strstr(text, "big.csv:1:1: lỗi 1 | error 1\n"));
	assert_non_null(strstr(text, "\n... 6 lỗi khác không hiển thị | 6 more "
	                             "not shown\n"));
	free(text);
	diags_free(&d);
	assert_int_equal(d.n, 0);
	assert_null(d.v);
}

static void test_print_no_overflow_line(void **state)
{
	(void)state;
	/* testcase: exactly as many diags as kept: no "more" line */
	struct diags d;
	diags_init(&d);
	diag_err(&d, "a.csv", 1, 1, "x", "x");
	FILE *f = tmpfile();
	diags_print(&d, f);
	char buf[128] = "";
	rewind(f);
	size_t got = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[got] = 0;
	assert_string_equal(buf, "a.csv:1:1: x | x\n");
	diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_format_error),
		cmocka_unit_test(test_format_locations),
		cmocka_unit_test(test_format_warning),
		cmocka_unit_test(test_strings_are_copied),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_keep_limit),
		cmocka_unit_test(test_print_no_overflow_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
