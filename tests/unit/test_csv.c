/*
 * Unit tests for the CSV side of io/report.c: every field a spreadsheet
 * would run as a formula (= + - @ tab CR first) is written with a leading
 * single quote, quoted; numbers, including negative ones, stay numbers;
 * RFC 4180 quoting still holds. The same writer serves every listing
 * (report_write) and the web's CSV downloads (report_csv_field).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "io/report.h"

static const char *field(struct str *s, const char *v)
{
	str_reset(s);
	report_csv_field(s, v);
	return str_cstr(s);
}

static void test_csv_formulas_neutralised(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	assert_string_equal(field(&s, "=HYPERLINK(\"http://evil.example\",\"x\")"),
	                    "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
	assert_string_equal(field(&s, "=1+2"), "\"'=1+2\"");
	assert_string_equal(field(&s, "+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
	assert_string_equal(field(&s, "-2+3"), "\"'-2+3\"");
	assert_string_equal(field(&s, "@SUM(A1)"), "\"'@SUM(A1)\"");
	assert_string_equal(field(&s, "\t=1"), "\"'\t=1\"");   /* testcase: tab first */
	assert_string_equal(field(&s, "\r=1"), "\"'\r=1\"");   /* testcase: CR first */
	assert_string_equal(field(&s, "-"), "\"'-\"");         /* testcase: a lone sign */
	assert_string_equal(field(&s, "-e5"), "\"'-e5\"");     /* not a number */
	assert_string_equal(field(&s, "-1.5e"), "\"'-1.5e\"");
	assert_string_equal(field(&s, "-inf"), "\"'-inf\"");
	assert_string_equal(field(&s, "-0x10"), "\"'-0x10\"");
	str_free(&s);
}

static void test_csv_numbers_and_text_stay(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	assert_string_equal(field(&s, "-1.5"), "-1.5");        /* testcase: negative number */
	assert_string_equal(field(&s, "+3"), "+3");
	assert_string_equal(field(&s, "-2e3"), "-2e3");
	assert_string_equal(field(&s, "-.5"), "-.5");
	assert_string_equal(field(&s, "-7."), "-7.");
	assert_string_equal(field(&s, "SO-NV"), "SO-NV");      /* a sign inside is harmless */
	assert_string_equal(field(&s, "a=b"), "a=b");
	assert_string_equal(field(&s, "Hà Nội, \"A\""), "\"Hà Nội, \"\"A\"\"\"");
	assert_string_equal(field(&s, ""), "");
	assert_string_equal(field(&s, NULL), "");
	str_free(&s);
}

static void test_report_csv(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char *const cols[] = {"code", "delta", "note", NULL};
	struct report *r = report_new(a, cols);
	report_row(r);
	report_text(r, "=HYPERLINK(\"x\")");
	report_num(r, -1.5, 1);
	report_text(r, "-1.5");
	report_row(r);
	report_text(r, "@A1");
	report_int(r, -3);
	report_null(r);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(report_write(r, REPORT_CSV, f), 0);
	fclose(f);
	assert_string_equal(buf, "code,delta,note\n"
	                         "\"'=HYPERLINK(\"\"x\"\")\",-1.5,-1.5\n"
	                         "\"'@A1\",-3,\n");
	free(buf);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_formulas_neutralised),
		cmocka_unit_test(test_csv_numbers_and_text_stay),
		cmocka_unit_test(test_report_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
