/*
 * Arena (region) allocator, as h2o's pool: a command or an HTTP request
 * allocates from one arena and frees everything with one arena_free().
 * Individual blocks are never freed. Memory is zeroed. Allocation cannot
 * fail (see mem.h). Not thread-safe: one arena per thread of work.
 * Contract: docs/internals/arena.md.
 */
#ifndef PARINDEX_BASE_ARENA_H
#define PARINDEX_BASE_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Frees every block; a NULL arena is ignored. */
void arena_free(struct arena *a);
/* n zeroed bytes, aligned for any type; valid until arena_free. */
void *arena_alloc(struct arena *a, size_t n);
/* count * size zeroed bytes, overflow-checked. */
void *arena_array(struct arena *a, size_t count, size_t size);
char *arena_strdup(struct arena *a, const char *s);
/* Copies n bytes and appends a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Growth of an array kept in the arena: returns v when n < *cap, else a
 * copy of its n elements in a block twice as large (at least 16), and
 * updates *cap. The old block stays in the arena until arena_free. */
void *arena_grow(struct arena *a, void *v, size_t *cap, size_t n, size_t elem);
/* Total bytes handed out (for tests and statistics). */
size_t arena_used(const struct arena *a);
#endif
