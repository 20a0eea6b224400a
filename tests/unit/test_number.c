/*
 * core/number.c: numbers as a person types them in a form (the Vietnamese
 * decimal comma or the point) and as they are shown in each language.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/number.h"

static bool parse(const char *s, double *v, int *dec)
{
	return number_parse_input(s, strlen(s), v, dec);
}

static void test_input_comma_and_point(void **state)
{
	(void)state;
	double v = 0;
	int dec = -1;
	assert_true(parse("1,25", &v, &dec));
	assert_true(v == 1.25);
	assert_int_equal(dec, 2);
	assert_true(parse("1.25", &v, &dec));
	assert_true(v == 1.25);
	assert_true(parse(" 9,5 ", &v, &dec)); /* blanks around are ignored */
	assert_true(v == 9.5);
	assert_int_equal(dec, 1);
	assert_true(parse("10", &v, &dec));
	assert_true(v == 10);
	assert_int_equal(dec, 0);
	assert_true(parse("-1", &v, NULL)); /* a sign is a number; range is the caller's rule */
	assert_true(v == -1);
	assert_true(parse(",5", &v, NULL));
	assert_true(v == 0.5);
	/* boundary: a comma is a decimal mark, never a thousands separator */
	assert_true(parse("1,250", &v, &dec));
	assert_true(v == 1.25);
	assert_int_equal(dec, 3);
}

static void test_input_refused(void **state)
{
	(void)state;
	double v;
	const char *bad[] = {"", "   ", "abc", "1,2,5", "1.2,5", "1e3", "0x10", "inf", "nan",
	                     "1 5", "9,5đ", ",", "-", "1..2"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (parse(bad[i], &v, NULL))
			fail_msg("\"%s\" was read as a number", bad[i]);
}

static void test_format_mark(void **state)
{
	(void)state;
	char out[32];
	number_format_mark(1.25, ',', out);
	assert_string_equal(out, "1,25");
	number_format_mark(1.25, '.', out);
	assert_string_equal(out, "1.25");
	number_format_mark(10, ',', out);
	assert_string_equal(out, "10");
	number_format_mark(-0.5, ',', out);
	assert_string_equal(out, "-0,5");
	/* what is shown reads back as the same value */
	double v;
	number_format_mark(9.95, ',', out);
	assert_true(number_parse_input(out, strlen(out), &v, NULL));
	assert_true(v == 9.95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input_comma_and_point),
		cmocka_unit_test(test_input_refused),
		cmocka_unit_test(test_format_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
