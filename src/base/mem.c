/* Allocation wrappers: abort on OOM, overflow-checked sizes, a fault hook. */
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long fail_countdown = -1;

static void default_oom(size_t n)
{
	fprintf(stderr, "parindex: out of memory (%zu bytes) / hết bộ nhớ\n", n);
	abort();
}

static void (*oom_handler)(size_t) = default_oom;

void mem_fail_after(long n) { fail_countdown = n; }

void mem_set_oom_handler(void (*handler)(size_t n))
{
	oom_handler = handler ? handler : default_oom;
}

static int injected_failure(void)
{
	if (fail_countdown < 0)
		return 0;
	if (fail_countdown == 0)
		return 1;
	fail_countdown--;
	return 0;
}

void *xmalloc(size_t n)
{
	void *p = injected_failure() ? NULL : malloc(n ? n : 1);
	if (!p)
		oom_handler(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom_handler(size_mul(count, size));
	return p;
}

void *xrealloc(void *old, size_t n)
{
	void *p = injected_failure() ? NULL : realloc(old, n ? n : 1);
	if (!p)
		oom_handler(n);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

static _Noreturn void size_overflow(size_t a, char op, size_t b)
{
	fprintf(stderr, "parindex: size overflow %zu %c %zu\n", a, op, b);
	abort();
}

size_t size_mul(size_t a, size_t b)
{
	size_t r;
	if (__builtin_mul_overflow(a, b, &r))
		size_overflow(a, '*', b);
	return r;
}

size_t size_add(size_t a, size_t b)
{
	size_t r;
	if (__builtin_add_overflow(a, b, &r))
		size_overflow(a, '+', b);
	return r;
}
