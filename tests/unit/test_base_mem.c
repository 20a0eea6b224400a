/*
 * Unit tests for base/mem: allocation that cannot fail, its fault hook and
 * its overflow checks. Out of memory must never return NULL to a caller,
 * so the only way to observe it is the handler: here a handler records the
 * size and longjmps back into the test (SQLite's faultsim idea), which
 * proves that exactly the Nth allocation was failed and reported. The
 * default handler and size_mul/size_add abort by contract, so those run in
 * a forked child and the test checks it died of SIGABRT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/vec.h"

static jmp_buf oom_jump;
static size_t oom_size;
static int oom_calls;

static void oom_longjmp(size_t n)
{
	oom_size = n;
	oom_calls++;
	longjmp(oom_jump, 1);
}

static int setup(void **state)
{
	(void)state;
	oom_size = 0;
	oom_calls = 0;
	mem_set_oom_handler(oom_longjmp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mem_fail_after(-1);
	mem_set_oom_handler(NULL);
	return 0;
}

static void test_plain_allocations(void **state)
{
	(void)state;
	char *p = xmalloc(0); /* testcase: size 0 gives a usable pointer */
	assert_non_null(p);
	free(p);
	int *z = xcalloc(100, sizeof *z);
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	z = xrealloc(z, 1000 * sizeof *z);
	z[999] = 1;
	free(z);
	char *s = xstrdup("Đống Đa");
	assert_string_equal(s, "Đống Đa");
	free(s);
	assert_int_equal(oom_calls, 0);
}

static void test_fail_first(void **state)
{
	(void)state;
	/* testcase: mem_fail_after(0) fails the very next allocation */
	void *volatile p = NULL;
	mem_fail_after(0);
	if (setjmp(oom_jump) == 0) {
		p = xmalloc(123);
		fail_msg("xmalloc returned after an injected failure");
	}
	mem_fail_after(-1);
	assert_null(p);
	assert_int_equal(oom_calls, 1);
	assert_int_equal(oom_size, 123);
}

static void test_fail_nth(void **state)
{
	(void)state;
	/* testcase: after 3 successes the 4th allocation fails; each kind of
	 * allocator counts */
	void *volatile a = NULL, *volatile b = NULL, *volatile c = NULL;
	volatile int reached = 0;
	mem_fail_after(3);
	if (setjmp(oom_jump) == 0) {
		a = xmalloc(10);
		reached = 1;
		b = xcalloc(4, 5);
		reached = 2;
		c = xstrdup("abc");
		reached = 3;
		void *d = xrealloc(NULL, 77);
		reached = 4;
		free(d);
	}
	mem_fail_after(-1);
	assert_int_equal(reached, 3);
	assert_int_equal(oom_calls, 1);
	assert_int_equal(oom_size, 77);
	free(a);
	free(b);
	free(c);
}

static void test_fail_reports_calloc_size(void **state)
{
	(void)state;
	mem_fail_after(0);
	if (setjmp(oom_jump) == 0)
		(void)xcalloc(6, 7);
	mem_fail_after(-1);
	assert_int_equal(oom_size, 42); /* testcase: count * size reported */
}

static void test_disable(void **state)
{
	(void)state;
	/* testcase: n < 0 disables injection */
	mem_fail_after(2);
	mem_fail_after(-1);
	for (int i = 0; i < 1000; i++)
		free(xmalloc(16));
	assert_int_equal(oom_calls, 0);
}

/* Counts the allocations fn makes, then fails each one in turn and checks
 * that every failure reaches the handler (none is swallowed). */
static void each_allocation_fails(void (*fn)(void))
{
	volatile long count = 0;
	for (volatile long n = 0;; n++) {
		volatile int before = oom_calls;
		mem_fail_after(n);
		if (setjmp(oom_jump) == 0) {
			fn();
			mem_fail_after(-1);
			count = n;
			break;
		}
		mem_fail_after(-1);
		assert_int_equal(oom_calls, before + 1);
	}
	assert_true(count > 0);
	assert_int_equal(oom_calls, count);
}

static struct arena *leak_arena; /* freed by the next run or at the end */

static void arena_work(void)
{
	arena_free(leak_arena);
	leak_arena = NULL;
	struct arena *a = arena_new();
	leak_arena = a;
	for (int i = 0; i < 50; i++)
		arena_alloc(a, 1000);
	arena_printf(a, "%d", 1);
	arena_free(a);
	leak_arena = NULL;
}

static struct str leak_str;

static void str_work(void)
{
	str_free(&leak_str);
	str_init(&leak_str, 0);
	for (int i = 0; i < 1000; i++)
		str_printf(&leak_str, "%04d", i);
	str_free(&leak_str);
}

static struct int_vec VEC_OF(int) leak_vec;

static void vec_work(void)
{
	VEC_FREE(&leak_vec);
	for (int i = 0; i < 1000; i++)
		VEC_PUSH(&leak_vec, i);
	VEC_FREE(&leak_vec);
}

static void test_every_failure_reported(void **state)
{
	(void)state;
	/* testcase: arena (new, blocks, printf), str growth and vec growth
	 * report every failed allocation, whichever one it is */
	each_allocation_fails(arena_work);
	arena_free(leak_arena);
	leak_arena = NULL;
	oom_calls = 0;
	each_allocation_fails(str_work);
	str_free(&leak_str);
	oom_calls = 0;
	each_allocation_fails(vec_work);
	VEC_FREE(&leak_vec);
}

/* Runs fn in a child with stderr silenced; returns its wait status. */
static int run_child(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		fn();
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void mul_overflow(void) { (void)size_mul(SIZE_MAX / 2 + 1, 2); }
static void add_overflow(void) { (void)size_add(SIZE_MAX, 1); }
static void default_handler(void)
{
	mem_set_oom_handler(NULL);
	mem_fail_after(0);
	(void)xmalloc(1);
}

static void test_size_arithmetic(void **state)
{
	(void)state;
	/* testcase: the largest products and sums that fit */
	assert_true(size_mul(SIZE_MAX / 2, 2) == SIZE_MAX - 1);
	assert_true(size_mul(0, SIZE_MAX) == 0);
	assert_true(size_add(SIZE_MAX - 1, 1) == SIZE_MAX);
	/* testcase: one past them aborts */
	int st = run_child(mul_overflow);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
	st = run_child(add_overflow);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
}

static void test_default_handler_aborts(void **state)
{
	(void)state;
	/* testcase: without a test handler, an injected failure aborts */
	int st = run_child(default_handler);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_allocations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_nth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_reports_calloc_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_failure_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_arithmetic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_handler_aborts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
