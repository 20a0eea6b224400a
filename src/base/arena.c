/*
 * Arena: a chain of blocks; small requests are carved from the current
 * block, requests larger than a quarter block get a block of their own so
 * that a big allocation does not waste the rest of the current one.
 */
#include "base/arena.h"
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

static struct block *new_block(size_t size)
{
	struct block *b = xmalloc(size_add(sizeof(struct block), size));
	b->size = size;
	b->used = 0;
	b->next = NULL;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = size_add(n, ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	a->total += n;
	if (n > ARENA_BLOCK / 4) {
		struct block *b = new_block(n);
		b->used = n;
		if (a->head) { /* keep the current block first */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			a->head = b;
		}
		memset(b->data, 0, n);
		return b->data;
	}
	if (!a->head || a->head->size - a->head->used < n) {
		struct block *b = new_block(ARENA_BLOCK);
		b->next = a->head;
		a->head = b;
	}
	void *p = a->head->data + a->head->used;
	a->head->used += n;
	memset(p, 0, n);
	return p;
}

void *arena_array(struct arena *a, size_t count, size_t size)
{
	return arena_alloc(a, size_mul(count, size));
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, size_add(n, 1));
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *v, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return v;
	size_t c = *cap ? size_mul(*cap, 2) : 16;
	void *w = arena_array(a, c, elem);
	if (n)
		memcpy(w, v, size_mul(n, elem));
	*cap = c;
	return w;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
