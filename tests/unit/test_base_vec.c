/*
 * Unit tests for base/vec, the macro-declared growable array. What can go
 * wrong in a vector is growth: the first push (from NULL), the push that
 * fills capacity exactly and the one after it, a reserve that must not
 * change the count, and elements larger than a pointer. ASan checks every
 * write through v.v against the real allocation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/vec.h"

struct unit {
	int id;
	char code[24];
	double score;
};

static void test_first_push(void **state)
{
	(void)state;
	struct int_vec VEC_OF(int) v = {0};
	VEC_RESERVE(&v, 0); /* testcase: reserving 0 on empty allocates nothing */
	assert_null(v.v);
	VEC_PUSH(&v, 42); /* testcase: first push from NULL */
	assert_non_null(v.v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.cap, 8); /* at least 8 */
	assert_int_equal(v.v[0], 42);
	VEC_FREE(&v);
	assert_null(v.v);
	assert_int_equal(v.n, 0);
	assert_int_equal(v.cap, 0);
	VEC_FREE(&v); /* testcase: freeing twice is harmless */
}

static void test_growth_boundaries(void **state)
{
	(void)state;
	struct int_vec VEC_OF(int) v = {0};
	for (int i = 0; i < 8; i++)
		VEC_PUSH(&v, i);
	assert_int_equal(v.cap, 8); /* testcase: 8th push fills capacity */
	VEC_PUSH(&v, 8);
	assert_int_equal(v.cap, 16); /* testcase: 9th push doubles */
	for (int i = 9; i < 100000; i++)
		VEC_PUSH(&v, i);
	assert_int_equal(v.n, 100000);
	assert_true(v.cap >= v.n);
	assert_int_equal(v.cap & (v.cap - 1), 0); /* doubling from 8 */
	for (int i = 0; i < 100000; i++)
		assert_int_equal(v.v[i], i);
	VEC_FREE(&v);
}

static void test_reserve(void **state)
{
	(void)state;
	struct int_vec VEC_OF(int) v = {0};
	VEC_RESERVE(&v, 1000);
	assert_int_equal(v.n, 0); /* testcase: reserve does not change n */
	assert_true(v.cap >= 1000);
	size_t cap = v.cap;
	void *before = v.v;
	for (int i = 0; i < 1000; i++)
		VEC_PUSH(&v, i);
	/* testcase: pushes within the reservation do not reallocate */
	assert_ptr_equal(v.v, before);
	assert_int_equal(v.cap, cap);
	VEC_RESERVE(&v, 0);
	assert_int_equal(v.cap, cap);
	VEC_FREE(&v);
}

static void test_struct_elements(void **state)
{
	(void)state;
	struct unit_vec VEC_OF(struct unit) v = {0};
	for (int i = 0; i < 300; i++) {
		struct unit u = {.id = i, .score = i / 4.0};
		memcpy(u.code, "UBND-", 6);
		u.code[5] = (char)('A' + i % 26);
		VEC_PUSH(&v, u);
	}
	assert_int_equal(v.n, 300);
	for (int i = 0; i < 300; i++) {
		assert_int_equal(v.v[i].id, i);
		assert_true(v.v[i].score == i / 4.0);
		assert_int_equal(v.v[i].code[5], 'A' + i % 26);
	}
	VEC_FREE(&v);
}

static void test_pointer_elements(void **state)
{
	(void)state;
	struct str_vec VEC_OF(const char *) v = {0};
	VEC_PUSH(&v, "Ba Đình");
	VEC_PUSH(&v, "Hoàn Kiếm");
	VEC_PUSH(&v, (const char *)NULL);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.v[1], "Hoàn Kiếm");
	assert_null(v.v[2]);
	VEC_FREE(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_push),
		cmocka_unit_test(test_growth_boundaries),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_struct_elements),
		cmocka_unit_test(test_pointer_elements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
