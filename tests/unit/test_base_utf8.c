/*
 * Unit tests for base/utf8. Validation is hand-written, so it is tested at
 * every edge of the UTF-8 definition (RFC 3629): the last and first code
 * point of each sequence length, overlong forms of each length, the
 * surrogate range, the U+10FFFF ceiling, bytes that can never appear,
 * truncated sequences (by a following byte and by the end of the length),
 * and the offset reported for each. Normalisation, width, collation and
 * lower-casing wrap utf8proc and ICU; the tests pin the Vietnamese facts
 * the rest of the program relies on, including the real order of the
 * Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
 * ư v x y, and tones ordered ngang, huyền, hỏi, ngã, sắc, nặng.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "base/arena.h"
#include "base/utf8.h"

/* Decomposed "Đống Đa": Đ has no decomposition, ố is o + U+0302 + U+0301. */
#define DONG_DA_NFD "\xC4\x90o\xCC\x82\xCC\x81ng \xC4\x90" "a"

static void valid(const char *s, size_t n)
{
	size_t bad = 12345;
	assert_true(utf8_valid(s, n, &bad));
	assert_int_equal(bad, 12345); /* untouched on success */
}

static void invalid_at(const char *s, size_t n, size_t at)
{
	size_t bad = 12345;
	assert_false(utf8_valid(s, n, &bad));
	assert_int_equal(bad, at);
}

static void test_valid_edges(void **state)
{
	(void)state;
	valid("", 0); /* testcase: empty input */
	valid("Hà Nội", strlen("Hà Nội"));
	valid("a\0b", 3); /* testcase: NUL is valid with an explicit length */
	valid("\x7F", 1);                 /* testcase: U+007F, last 1-byte */
	valid("\xC2\x80", 2);             /* testcase: U+0080, first 2-byte */
	valid("\xDF\xBF", 2);             /* testcase: U+07FF, last 2-byte */
	valid("\xE0\xA0\x80", 3);         /* testcase: U+0800, first 3-byte */
	valid("\xED\x9F\xBF", 3);         /* testcase: U+D7FF, before surrogates */
	valid("\xEE\x80\x80", 3);         /* testcase: U+E000, after surrogates */
	valid("\xEF\xBF\xBF", 3);         /* testcase: U+FFFF, last 3-byte */
	valid("\xF0\x90\x80\x80", 4);     /* testcase: U+10000, first 4-byte */
	valid("\xF4\x8F\xBF\xBF", 4);     /* testcase: U+10FFFF, the last */
	valid("\xEF\xBB\xBFx", 4);        /* a BOM is a valid character */
}

static void test_invalid_edges(void **state)
{
	(void)state;
	/* overlong forms of each length */
	invalid_at("\xC0\x80", 2, 0);         /* testcase: overlong NUL */
	invalid_at("ab\xC1\xBF", 4, 2);       /* testcase: overlong U+007F */
	invalid_at("\xE0\x80\x80", 3, 0);     /* testcase: 3-byte overlong */
	invalid_at("\xE0\x9F\xBF", 3, 0);     /* testcase: U+07FF in 3 bytes */
	invalid_at("\xF0\x80\x80\x80", 4, 0); /* testcase: 4-byte overlong */
	invalid_at("\xF0\x8F\xBF\xBF", 4, 0); /* testcase: U+FFFF in 4 bytes */
	/* surrogates */
	invalid_at("x\xED\xA0\x80", 4, 1); /* testcase: U+D800 */
	invalid_at("\xED\xBF\xBF", 3, 0);  /* testcase: U+DFFF */
	invalid_at("\xED\xA0\xBD\xED\xB8\x80", 6, 0); /* CESU-8 pair */
	/* beyond U+10FFFF and impossible bytes */
	invalid_at("\xF4\x90\x80\x80", 4, 0); /* testcase: U+110000 */
	invalid_at("\xF5\x80\x80\x80", 4, 0); /* testcase: lead byte F5 */
	invalid_at("\xFF", 1, 0);
	invalid_at("\xFE", 1, 0);
	/* continuation bytes and truncation */
	invalid_at("\x80", 1, 0);             /* testcase: lone continuation */
	invalid_at("Hà\xBF", 4, 3);           /* continuation after a char */
	invalid_at("ab\xE1\xBB", 4, 2);       /* testcase: cut by the end */
	invalid_at("ab\xE1\xBB\x93", 4, 2);   /* testcase: cut by the length n */
	invalid_at("\xE1\xBB" "c", 3, 0);     /* testcase: cut by an ASCII byte */
	invalid_at("\xF0\x9F\x98", 3, 0);     /* 4-byte sequence missing 1 */
	invalid_at("\xC3", 1, 0);
	/* testcase: the first of two errors is reported */
	invalid_at("Đống\xC0\x80\xFF", 10, 7);
	/* testcase: bad may be NULL */
	assert_false(utf8_valid("\xFF", 1, NULL));
}

static void test_column(void **state)
{
	(void)state;
	const char *s = "Đống Đa";
	assert_int_equal(utf8_column(s, 0), 1); /* testcase: offset 0 = col 1 */
	assert_int_equal(utf8_column(s, 2), 2); /* after "Đ" (2 bytes) */
	assert_int_equal(utf8_column(s, 5), 3); /* after "Đố" (2 + 3 bytes) */
	assert_int_equal(utf8_column(s, strlen(s)), 8);
	assert_int_equal(utf8_column(s, 1000), 8); /* testcase: stops at NUL */
}

static void test_nfc(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* testcase: decomposed Vietnamese becomes precomposed */
	char *s = utf8_nfc(a, DONG_DA_NFD, strlen(DONG_DA_NFD));
	assert_string_equal(s, "Đống Đa");
	assert_false(utf8_is_nfc(DONG_DA_NFD, strlen(DONG_DA_NFD)));
	assert_true(utf8_is_nfc("Đống Đa", strlen("Đống Đa")));
	/* testcase: two marks in either order give the same letter (ệ) */
	assert_string_equal(utf8_nfc(a, "e\xCC\xA3\xCC\x82", 5), "ệ");
	assert_string_equal(utf8_nfc(a, "e\xCC\x82\xCC\xA3", 5), "ệ");
	/* testcase: ư + hook above (ử), ơ + dot below (ợ) */
	assert_string_equal(utf8_nfc(a, "u\xCC\x9B\xCC\x89", 5), "ử");
	assert_string_equal(utf8_nfc(a, "o\xCC\x9B\xCC\xA3", 5), "ợ");
	/* testcase: already NFC and ASCII are unchanged, empty stays empty */
	assert_string_equal(utf8_nfc(a, "Hà Nội", strlen("Hà Nội")), "Hà Nội");
	assert_string_equal(utf8_nfc(a, "", 0), "");
	assert_true(utf8_is_nfc("", 0));
	/* testcase: only n bytes are read */
	assert_string_equal(utf8_nfc(a, "abcdef", 3), "abc");
	arena_free(a);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("Đống Đa"), 7);
	/* testcase: combining marks take no column */
	assert_int_equal(utf8_width(DONG_DA_NFD), 7);
	assert_int_equal(utf8_width("Phường Nguyễn Trung Trực"), 24);
	assert_int_equal(utf8_width("Ủy ban nhân dân"), 15);
	/* testcase: a wide (CJK) character takes two columns */
	assert_int_equal(utf8_width("\xE4\xB8\xAD"), 2);
}

static void test_collate_alphabet(void **state)
{
	(void)state;
	/* testcase: the 29 letters of the Vietnamese alphabet, in order */
	static const char *letters[] = {
		"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g",
		"h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p",
		"q", "r", "s", "t", "u", "ư", "v", "x", "y",
	};
	size_t n = sizeof letters / sizeof *letters;
	assert_int_equal(n, 29);
	for (size_t i = 0; i + 1 < n; i++) {
		assert_true(utf8_collate_vi(letters[i], letters[i + 1]) < 0);
		assert_true(utf8_collate_vi(letters[i + 1], letters[i]) > 0);
	}
	/* upper case too */
	static const char *upper[] = {"A", "Ă", "Â", "D", "Đ", "E", "Ê", "O",
	                              "Ô", "Ơ", "U", "Ư", "V"};
	for (size_t i = 0; i + 1 < sizeof upper / sizeof *upper; i++)
		assert_true(utf8_collate_vi(upper[i], upper[i + 1]) < 0);
}

static void test_collate_names(void **state)
{
	(void)state;
	/* testcase: đ is a letter after d: every D... name precedes Đ... */
	assert_true(utf8_collate_vi("Dương", "Đống Đa") < 0);
	assert_true(utf8_collate_vi("Duy Tiên", "Đống Đa") < 0);
	assert_true(utf8_collate_vi("Đống Đa", "Dương") > 0);
	assert_true(utf8_collate_vi("Đống Đa", "E") < 0);
	/* testcase: ă is a letter after a, so "Ba Vì" < "Bắc Từ Liêm" */
	assert_true(utf8_collate_vi("Ba Vì", "Bắc Từ Liêm") < 0);
	assert_true(utf8_collate_vi("Bắc Từ Liêm", "Bâ") < 0);
	/* testcase: a tone mark is a secondary difference: letters decide
	 * first, so "Hà Đông" < "Hai Bà Trưng" (space before i) and
	 * "Hà Nội" sorts with "Ha Noi", not after every "Ha..." */
	assert_true(utf8_collate_vi("Hà Đông", "Hai Bà Trưng") < 0);
	assert_true(utf8_collate_vi("Hà Nội", "Hai Bà Trưng") < 0);
	assert_true(utf8_collate_vi("Ha Noi", "Hà Nội") < 0);
	assert_true(utf8_collate_vi("Hai Bà Trưng", "Hải Phòng") < 0);
	assert_true(utf8_collate_vi("Hải Phòng", "Hoàn Kiếm") < 0);
	/* testcase: ư after u: "Uy" < "Ưu" */
	assert_true(utf8_collate_vi("Uy", "Ưu") < 0);
	/* testcase: tones order: ngang, huyền, hỏi, ngã, sắc, nặng */
	static const char *tones[] = {"ba", "bà", "bả", "bã", "bá", "bạ"};
	for (size_t i = 0; i + 1 < sizeof tones / sizeof *tones; i++)
		assert_true(utf8_collate_vi(tones[i], tones[i + 1]) < 0);
	/* testcase: case is the last difference: lower before upper */
	assert_true(utf8_collate_vi("ba", "Ba") < 0);
	assert_true(utf8_collate_vi("Ba", "bà") < 0);
	/* testcase: equal strings, and NFD equal to NFC */
	assert_int_equal(utf8_collate_vi("Đống Đa", "Đống Đa"), 0);
	assert_int_equal(utf8_collate_vi(DONG_DA_NFD, "Đống Đa"), 0);
	assert_int_equal(utf8_collate_vi("", ""), 0);
	assert_true(utf8_collate_vi("", "a") < 0);
}

static void test_lower(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(utf8_lower(a, "ĐỐNG ĐA"), "đống đa");
	assert_string_equal(utf8_lower(a, "HÀ NỘI"), "hà nội");
	assert_string_equal(utf8_lower(a, "ƯỚC TÍNH Ơ Ă Â Ê Ô"), "ước tính ơ ă â ê ô");
	assert_string_equal(utf8_lower(a, "Mã Đơn Vị"), "mã đơn vị");
	/* testcase: already lower, ASCII, digits and empty are unchanged */
	assert_string_equal(utf8_lower(a, "đã thấp"), "đã thấp");
	assert_string_equal(utf8_lower(a, "ID-2024_Q3"), "id-2024_q3");
	assert_string_equal(utf8_lower(a, ""), "");
	/* testcase: decomposed input comes back lower-case and NFC */
	assert_string_equal(utf8_lower(a, "\xC4\x90O\xCC\x82\xCC\x81NG"), "đống");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_edges),
		cmocka_unit_test(test_invalid_edges),
		cmocka_unit_test(test_column),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_collate_alphabet),
		cmocka_unit_test(test_collate_names),
		cmocka_unit_test(test_lower),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
