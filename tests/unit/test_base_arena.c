/*
 * Unit tests for base/arena. The arena's contract (docs/internals/arena.md)
 * is observable only through its results: zeroed, aligned, independent
 * blocks that stay valid until arena_free. So the tests write every byte
 * they are given (ASan then catches a block that is too short) and check
 * earlier allocations survive later ones, around the two internal
 * boundaries: a request of exactly a quarter block (carved from the
 * current block) versus one byte more (a block of its own), and a block
 * filled exactly to its end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"

#define BLOCK 16384 /* ARENA_BLOCK in arena.c */
#define ALIGN 16

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_new_and_free(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	assert_int_equal(arena_used(a), 0);
	arena_free(a);
	arena_free(NULL); /* testcase: NULL arena is ignored */
}

static void test_alloc_zeroed_and_aligned(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t n = 1; n < 200; n++) {
		unsigned char *p = arena_alloc(a, n);
		assert_true(((uintptr_t)p % ALIGN) == 0);
		assert_true(((uintptr_t)p % _Alignof(max_align_t)) == 0);
		assert_true(all_zero(p, n));
		memset(p, 0xAB, n);
	}
	arena_free(a);
}

static void test_alloc_zero_bytes(void **state)
{
	(void)state;
	/* testcase: arena_alloc(0) still returns a distinct usable pointer */
	struct arena *a = arena_new();
	void *p = arena_alloc(a, 0);
	void *q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_free(a);
}

static void test_used_counts_rounded_sizes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	arena_alloc(a, 1);
	assert_int_equal(arena_used(a), 16); /* testcase: 1 byte rounds to 16 */
	arena_alloc(a, 16);
	assert_int_equal(arena_used(a), 32); /* testcase: exactly 16 stays 16 */
	arena_alloc(a, 17);
	assert_int_equal(arena_used(a), 64); /* testcase: 17 rounds to 32 */
	arena_alloc(a, 10000);
	assert_int_equal(arena_used(a), 64 + 10000);
	arena_free(a);
}

static void test_block_filled_exactly(void **state)
{
	(void)state;
	/* testcase: BLOCK/16 allocations of 16 bytes fill a block exactly;
	 * the next one starts a new block; all keep their contents. */
	struct arena *a = arena_new();
	enum { N = BLOCK / 16 + 3 };
	unsigned char *p[N];
	for (int i = 0; i < N; i++) {
		p[i] = arena_alloc(a, 16);
		memset(p[i], i & 0xFF, 16);
	}
	for (int i = 0; i < N; i++)
		for (int k = 0; k < 16; k++)
			assert_int_equal(p[i][k], i & 0xFF);
	arena_free(a);
}

static void test_quarter_block_boundary(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	unsigned char *small = arena_alloc(a, 100);
	memset(small, 1, 100);
	/* testcase: exactly a quarter block comes from the current block */
	unsigned char *quarter = arena_alloc(a, BLOCK / 4);
	assert_true(all_zero(quarter, BLOCK / 4));
	memset(quarter, 2, BLOCK / 4);
	/* testcase: a quarter block plus one byte gets its own block */
	unsigned char *big = arena_alloc(a, BLOCK / 4 + 1);
	assert_true(all_zero(big, BLOCK / 4 + 1));
	memset(big, 3, BLOCK / 4 + 1);
	/* testcase: after a big block, small requests still fit the current
	 * block and do not overlap anything */
	unsigned char *after = arena_alloc(a, 100);
	assert_true(all_zero(after, 100));
	memset(after, 4, 100);
	/* testcase: a request larger than a whole block */
	unsigned char *huge = arena_alloc(a, 3 * BLOCK);
	assert_true(all_zero(huge, 3 * BLOCK));
	memset(huge, 5, 3 * BLOCK);
	/* testcase: a big request as the very first allocation */
	struct arena *b = arena_new();
	unsigned char *first = arena_alloc(b, BLOCK);
	memset(first, 6, BLOCK);
	unsigned char *second = arena_alloc(b, 8);
	memset(second, 7, 8);
	assert_int_equal(first[BLOCK - 1], 6);
	arena_free(b);

	for (int i = 0; i < 100; i++) {
		assert_int_equal(small[i], 1);
		assert_int_equal(after[i], 4);
	}
	assert_int_equal(quarter[BLOCK / 4 - 1], 2);
	assert_int_equal(big[BLOCK / 4], 3);
	assert_int_equal(huge[3 * BLOCK - 1], 5);
	arena_free(a);
}

static void test_many_allocations(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	size_t total = 0;
	uint32_t *prev = NULL;
	for (uint32_t i = 0; i < 20000; i++) {
		size_t n = 4 + (i * 7919u) % 600;
		uint32_t *p = arena_alloc(a, n);
		p[0] = i;
		if (prev)
			assert_int_equal(prev[0], i - 1);
		prev = p;
		total += (n + 15) & ~(size_t)15;
	}
	assert_int_equal(arena_used(a), total);
	arena_free(a);
}

static void test_strdup_strndup(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = arena_strdup(a, "Hà Nội");
	assert_string_equal(s, "Hà Nội");
	char *e = arena_strdup(a, ""); /* testcase: empty string */
	assert_string_equal(e, "");
	/* testcase: strndup copies n bytes exactly and adds a NUL */
	char *t = arena_strndup(a, "abcdef", 3);
	assert_string_equal(t, "abc");
	char *z = arena_strndup(a, "xyz", 0);
	assert_string_equal(z, "");
	/* testcase: strndup of bytes with an embedded NUL */
	char *nul = arena_strndup(a, "a\0b", 3);
	assert_memory_equal(nul, "a\0b\0", 4);
	arena_free(a);
}

static void test_printf(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = arena_printf(a, "%s:%d:%ld", "file.csv", 12, 34L);
	assert_string_equal(s, "file.csv:12:34");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	/* testcase: output longer than a whole block */
	char *big = arena_printf(a, "%*s|", 3 * BLOCK, "x");
	assert_int_equal(strlen(big), 3 * BLOCK + 1);
	assert_int_equal(big[3 * BLOCK - 1], 'x');
	assert_int_equal(big[3 * BLOCK], '|');
	arena_free(a);
}

static void test_array(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	uint64_t *v = arena_array(a, 1000, sizeof *v);
	for (int i = 0; i < 1000; i++)
		assert_true(v[i] == 0);
	v[999] = 1;
	arena_free(a);
}

static void test_array_overflow_aborts(void **state)
{
	(void)state;
	/* testcase: count * size overflowing size_t aborts (size_mul), it
	 * never wraps to a small block. Run in a child: abort is the
	 * contract. */
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		struct arena *a = arena_new();
		arena_array(a, SIZE_MAX / 2, 3);
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_free),
		cmocka_unit_test(test_alloc_zeroed_and_aligned),
		cmocka_unit_test(test_alloc_zero_bytes),
		cmocka_unit_test(test_used_counts_rounded_sizes),
		cmocka_unit_test(test_block_filled_exactly),
		cmocka_unit_test(test_quarter_block_boundary),
		cmocka_unit_test(test_many_allocations),
		cmocka_unit_test(test_strdup_strndup),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_array_overflow_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
