/*
 * Allocation that cannot fail: out of memory prints a message and aborts
 * (as Redis and Fossil do), so callers never handle NULL. Tests can make
 * the Nth allocation fail (SQLite's faultsim) to check that a failure is
 * reported, not ignored: mem_fail_after(n) makes the (n+1)th call abort
 * through the hook instead of returning.
 */
#ifndef PARINDEX_BASE_MEM_H
#define PARINDEX_BASE_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Size arithmetic that aborts on overflow (integer-checked sizes). */
size_t size_mul(size_t a, size_t b);
size_t size_add(size_t a, size_t b);

/* Test hook: after n more successful allocations, every allocation fails
 * (the hook stays armed until mem_fail_after(-1)). A failure calls the OOM
 * handler, which must not return (print and abort(), or longjmp in a
 * test); the default prints and aborts. */
void mem_fail_after(long n);
void mem_set_oom_handler(void (*handler)(size_t n));
#endif
