/*
 * Unit tests for base/str, the bounded string builder. The contract
 * (docs/internals/str.md) is: init cannot fail, the buffer is always
 * NUL-terminated, an append that would pass max is dropped whole and sets
 * a sticky error that only str_reset clears, and str_detach hands the
 * malloc'd buffer over. The boundaries tested: a string exactly at max,
 * one byte over, appends after the error, growth past the first 64-byte
 * buffer, and max = SIZE_MAX ("no limit").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/str.h"

static void test_init_empty(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	assert_null(s.buf); /* testcase: init allocates nothing */
	assert_int_equal(s.len, 0);
	assert_int_equal(s.max, STR_MAX_DEFAULT); /* testcase: 0 = default */
	assert_string_equal(str_cstr(&s), "");
	assert_int_equal(str_error(&s), 0);
	str_free(&s);
	str_free(&s); /* testcase: freeing twice is harmless */
}

static void test_appends(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	str_adds(&s, "Hà ");
	str_add(&s, "Nội!!", 5); /* 5 bytes: N, ộ (3), i */
	str_addc(&s, ',');
	str_printf(&s, " %d/%s", 2024, "Q3");
	assert_string_equal(str_cstr(&s), "Hà Nội, 2024/Q3");
	assert_int_equal(s.len, strlen("Hà Nội, 2024/Q3"));
	str_add(&s, "", 0); /* testcase: empty append */
	str_printf(&s, "%s", "");
	assert_int_equal(s.len, strlen("Hà Nội, 2024/Q3"));
	assert_int_equal(str_error(&s), 0);
	str_free(&s);
}

static void test_embedded_nul(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	str_add(&s, "a\0b", 3); /* testcase: bytes, not C strings */
	str_addc(&s, 0);
	assert_int_equal(s.len, 4);
	assert_memory_equal(s.buf, "a\0b\0\0", 5);
	str_free(&s);
}

static void test_growth(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	/* testcase: 63 bytes + NUL fill the first 64-byte buffer exactly;
	 * the 64th byte makes it grow */
	for (int i = 0; i < 63; i++)
		str_addc(&s, (char)('a' + i % 26));
	assert_int_equal(s.cap, 64);
	str_addc(&s, '!');
	assert_true(s.cap > 64);
	for (int i = 0; i < 100000; i++)
		str_printf(&s, "%d,", i % 10);
	assert_int_equal(s.len, 64 + 200000);
	assert_int_equal(s.buf[s.len], 0);
	assert_int_equal(s.buf[64], '0');
	assert_int_equal(s.buf[s.len - 2], '9');
	str_free(&s);
}

static void test_max_exact_then_sticky(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 10);
	/* testcase: exactly max bytes fit */
	str_adds(&s, "0123456789");
	assert_int_equal(str_error(&s), 0);
	assert_int_equal(s.len, 10);
	assert_true(s.cap <= 11); /* never more than max + 1 */
	/* testcase: one byte past max is dropped and sets the error */
	str_addc(&s, 'x');
	assert_int_not_equal(str_error(&s), 0);
	assert_string_equal(str_cstr(&s), "0123456789");
	/* testcase: the error is sticky, even for an empty append */
	str_add(&s, "", 0);
	str_printf(&s, "%s", "");
	assert_int_not_equal(str_error(&s), 0);
	/* testcase: truncating does not clear the error; later appends that
	 * would now fit are still dropped */
	str_truncate(&s, 5);
	str_adds(&s, "ab");
	assert_string_equal(str_cstr(&s), "01234");
	assert_int_not_equal(str_error(&s), 0);
	/* testcase: str_reset clears the error and empties the string */
	str_reset(&s);
	assert_int_equal(str_error(&s), 0);
	assert_string_equal(str_cstr(&s), "");
	str_adds(&s, "abc");
	assert_string_equal(str_cstr(&s), "abc");
	str_free(&s);
}

static void test_max_drops_whole_append(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 8);
	str_adds(&s, "abcdef");
	/* testcase: an append that would end 1 byte past max is dropped whole,
	 * not cut to fit */
	str_adds(&s, "ghi");
	assert_string_equal(str_cstr(&s), "abcdef");
	assert_int_not_equal(str_error(&s), 0);
	str_free(&s);

	str_init(&s, 8);
	/* testcase: a printf longer than max on an empty string */
	str_printf(&s, "%09d", 1);
	assert_int_not_equal(str_error(&s), 0);
	assert_string_equal(str_cstr(&s), "");
	/* testcase: str_free keeps max */
	str_free(&s);
	assert_int_equal(s.max, 8);
	str_printf(&s, "%08d", 1);
	assert_int_equal(str_error(&s), 0);
	assert_string_equal(str_cstr(&s), "00000001");
	str_free(&s);
}

static void test_max_unlimited(void **state)
{
	(void)state;
	/* testcase: max = SIZE_MAX ("no limit") must not wrap max + 1 */
	struct str s;
	str_init(&s, SIZE_MAX);
	for (int i = 0; i < 100; i++)
		str_adds(&s, "0123456789");
	assert_int_equal(s.len, 1000);
	assert_int_equal(str_error(&s), 0);
	assert_int_equal(s.buf[999], '9');
	str_free(&s);
}

static void test_truncate(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	str_truncate(&s, 0); /* testcase: truncate of an empty string */
	assert_string_equal(str_cstr(&s), "");
	str_adds(&s, "abcdef");
	str_truncate(&s, 6); /* testcase: n == len changes nothing */
	assert_string_equal(str_cstr(&s), "abcdef");
	str_truncate(&s, 3);
	assert_string_equal(str_cstr(&s), "abc");
	assert_int_equal(s.len, 3);
	str_truncate(&s, 0);
	assert_string_equal(str_cstr(&s), "");
	str_free(&s);
}

static void test_detach(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 100);
	str_printf(&s, "%s-%d", "Q", 3);
	char *p = str_detach(&s);
	assert_string_equal(p, "Q-3");
	/* testcase: after detach the builder is empty and reusable */
	assert_null(s.buf);
	assert_int_equal(s.len, 0);
	assert_int_equal(s.max, 100);
	assert_string_equal(str_cstr(&s), "");
	str_adds(&s, "again");
	assert_string_equal(str_cstr(&s), "again");
	assert_string_equal(p, "Q-3"); /* the detached buffer is separate */
	free(p);
	str_free(&s);

	/* testcase: detaching an untouched builder gives a malloc'd "" */
	str_init(&s, 0);
	char *e = str_detach(&s);
	assert_non_null(e);
	assert_string_equal(e, "");
	free(e);

	/* testcase: detach clears the sticky error */
	str_init(&s, 2);
	str_adds(&s, "abc");
	assert_int_not_equal(str_error(&s), 0);
	free(str_detach(&s));
	assert_int_equal(str_error(&s), 0);
	str_free(&s);
}

/* The audit details' object writer: keys in order, values escaped, the
 * same bytes as the hand-written "{\"k\": " + str_add_json + "}". */
static void test_json_texts(void **state)
{
	(void)state;
	struct str s;
	str_init(&s, 0);
	STR_JSON_TEXTS(&s, "name", "Phòng \"A\"", "unit", "U1");
	assert_string_equal(str_cstr(&s), "{\"name\": \"Phòng \\\"A\\\"\", \"unit\": \"U1\"}");
	str_reset(&s);
	/* testcase: one member, no separator */
	STR_JSON_TEXTS(&s, "k", "");
	assert_string_equal(str_cstr(&s), "{\"k\": \"\"}");
	str_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_max_exact_then_sticky),
		cmocka_unit_test(test_max_drops_whole_append),
		cmocka_unit_test(test_max_unlimited),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_json_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
