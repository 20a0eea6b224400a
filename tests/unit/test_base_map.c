/*
 * Unit tests for base/map. A hash map fails at growth (every key must be
 * found again after rehashing), at collisions (linear probing must compare
 * whole keys, not hashes or prefixes), and on keys that are bytes rather
 * than C strings: "a", "a\0b" and "" are three different keys. Values are
 * the addresses of ints in the test, so a wrong slot is detected as a
 * wrong pointer, not a lucky equal value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/map.h"

static void test_empty(void **state)
{
	(void)state;
	struct map m;
	map_init(&m);
	assert_null(map_gets(&m, "x")); /* testcase: get on a map never grown */
	assert_null(map_get(&m, "", 0));
	assert_int_equal(m.n, 0);
	map_free(&m); /* testcase: free of an empty map */
	map_free(&m);
}

static void test_put_get_overwrite(void **state)
{
	(void)state;
	int a = 1, b = 2, c = 3;
	struct map m;
	map_init(&m);
	assert_null(map_puts(&m, "Ba Đình", &a)); /* new key: NULL */
	assert_null(map_puts(&m, "Hoàn Kiếm", &b));
	assert_ptr_equal(map_gets(&m, "Ba Đình"), &a);
	assert_ptr_equal(map_gets(&m, "Hoàn Kiếm"), &b);
	assert_null(map_gets(&m, "Ba Dinh"));
	/* testcase: overwrite returns the previous value, n is unchanged */
	assert_ptr_equal(map_puts(&m, "Ba Đình", &c), &a);
	assert_ptr_equal(map_gets(&m, "Ba Đình"), &c);
	assert_int_equal(m.n, 2);
	map_free(&m);
}

static void test_keys_are_copied(void **state)
{
	(void)state;
	int a = 1;
	char key[16] = "unit-001";
	struct map m;
	map_init(&m);
	map_puts(&m, key, &a);
	memcpy(key, "unit-002", 8); /* the caller reuses its buffer */
	assert_ptr_equal(map_gets(&m, "unit-001"), &a);
	assert_null(map_gets(&m, "unit-002"));
	map_free(&m);
}

static void test_binary_keys(void **state)
{
	(void)state;
	int v[5];
	struct map m;
	map_init(&m);
	map_put(&m, "a", 1, &v[0]);
	map_put(&m, "a\0b", 3, &v[1]);
	map_put(&m, "a\0c", 3, &v[2]);
	map_put(&m, "", 0, &v[3]); /* testcase: the empty key */
	map_put(&m, "\0", 1, &v[4]); /* testcase: a lone NUL byte */
	assert_int_equal(m.n, 5);
	/* testcase: keys differing only after a NUL are different */
	assert_ptr_equal(map_get(&m, "a", 1), &v[0]);
	assert_ptr_equal(map_get(&m, "a\0b", 3), &v[1]);
	assert_ptr_equal(map_get(&m, "a\0c", 3), &v[2]);
	assert_ptr_equal(map_get(&m, "", 0), &v[3]);
	assert_ptr_equal(map_get(&m, "\0", 1), &v[4]);
	/* testcase: a prefix of a key is not the key */
	assert_null(map_get(&m, "a\0", 2));
	/* testcase: map_gets stops at the NUL, so it finds "a" */
	assert_ptr_equal(map_gets(&m, "a\0b"), &v[0]);
	map_free(&m);
}

static void test_many_keys_and_growth(void **state)
{
	(void)state;
	enum { N = 50000 };
	int *vals = malloc(N * sizeof *vals);
	struct map m;
	map_init(&m);
	char key[32];
	size_t last_cap = 0;
	int grew = 0;
	for (int i = 0; i < N; i++) {
		int k = snprintf(key, sizeof key, "k%d", i);
		vals[i] = i;
		assert_null(map_put(&m, key, (size_t)k, &vals[i]));
		/* testcase: load never exceeds 1/2, cap is a power of two */
		assert_true(m.n * 2 <= m.cap);
		assert_int_equal(m.cap & (m.cap - 1), 0);
		if (m.cap != last_cap) {
			grew++;
			last_cap = m.cap;
		}
	}
	assert_int_equal(m.n, N);
	assert_true(grew > 10); /* 16 -> 131072 */
	/* testcase: every key is found after many rehashes */
	for (int i = 0; i < N; i++) {
		int k = snprintf(key, sizeof key, "k%d", i);
		int *p = map_get(&m, key, (size_t)k);
		assert_ptr_equal(p, &vals[i]);
	}
	assert_null(map_gets(&m, "k50000"));
	assert_null(map_gets(&m, "k"));
	/* testcase: iteration visits each key exactly once */
	size_t seen = 0;
	long sum = 0;
	for (size_t i = 0; i < m.cap; i++) {
		if (m.slots[i].key) {
			seen++;
			sum += *(int *)m.slots[i].value;
		}
	}
	assert_int_equal(seen, N);
	assert_true(sum == (long)N * (N - 1) / 2);
	map_free(&m);
	free(vals);
}

static void test_growth_boundary(void **state)
{
	(void)state;
	int v[9];
	struct map m;
	map_init(&m);
	char key[2] = "a";
	for (int i = 0; i < 8; i++) {
		key[0] = (char)('a' + i);
		map_puts(&m, key, &v[i]);
	}
	/* testcase: 8 keys in 16 slots is exactly load 1/2 */
	assert_int_equal(m.cap, 16);
	key[0] = 'i';
	map_puts(&m, key, &v[8]);
	assert_int_equal(m.cap, 32); /* testcase: the 9th key grows */
	for (int i = 0; i < 9; i++) {
		key[0] = (char)('a' + i);
		assert_ptr_equal(map_gets(&m, key), &v[i]);
	}
	/* testcase: overwriting at the boundary does not add a key */
	assert_ptr_equal(map_puts(&m, "i", &v[0]), &v[8]);
	assert_int_equal(m.n, 9);
	map_free(&m);
}

static void test_reuse_after_free(void **state)
{
	(void)state;
	int a = 7;
	struct map m;
	map_init(&m);
	map_puts(&m, "x", &a);
	map_free(&m);
	assert_null(map_gets(&m, "x"));
	map_puts(&m, "y", &a);
	assert_ptr_equal(map_gets(&m, "y"), &a);
	assert_int_equal(m.n, 1);
	map_free(&m);
}

static void test_hash(void **state)
{
	(void)state;
	assert_true(map_hash("abc", 3) == map_hash("abcd", 3));
	assert_true(map_hash("abc", 3) != map_hash("abd", 3));
	assert_true(map_hash("a\0b", 3) != map_hash("a\0c", 3));
	assert_true(map_hash("", 0) != map_hash("\0", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_put_get_overwrite),
		cmocka_unit_test(test_keys_are_copied),
		cmocka_unit_test(test_binary_keys),
		cmocka_unit_test(test_many_keys_and_growth),
		cmocka_unit_test(test_growth_boundary),
		cmocka_unit_test(test_reuse_after_free),
		cmocka_unit_test(test_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
