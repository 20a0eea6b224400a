/*
 * Growable array of any element type, as a macro-declared struct:
 *
 *   struct unit_vec VEC_OF(struct unit);
 *   struct unit_vec v = {0};
 *   VEC_PUSH(&v, u);          // copies u, grows by doubling
 *   for (size_t i = 0; i < v.n; i++) use(v.v[i]);
 *   VEC_FREE(&v);
 *
 * Growth is overflow-checked and cannot fail (mem.h). Pointers into v.v
 * are invalidated by a push.
 */
#ifndef PARINDEX_BASE_VEC_H
#define PARINDEX_BASE_VEC_H
#include <stdlib.h>
#include "base/mem.h"

#define VEC_OF(type) { type *v; size_t n, cap; }

void vec_grow_(void **v, size_t *cap, size_t need, size_t elem);

#define VEC_RESERVE(vec, count)                                              \
	vec_grow_((void **)&(vec)->v, &(vec)->cap, (vec)->n + (count),       \
	          sizeof(*(vec)->v))
/* The same growth for a plain pointer and capacity: room for `need`
 * elements in ptr (malloc'd; the caller frees). */
#define VEC_GROW(ptr, cap, need) vec_grow_((void **)&(ptr), &(cap), (need), sizeof *(ptr))
/* ptr[n++] = item after VEC_GROW: the push of a plain pointer, its
 * capacity and its count. */
#define VEC_ADD(ptr, cap, n, item)                                           \
	do {                                                                 \
		VEC_GROW(ptr, cap, (n) + 1);                                 \
		(ptr)[(n)++] = (item);                                       \
	} while (0)
#define VEC_PUSH(vec, item)                                                  \
	do {                                                                 \
		VEC_RESERVE(vec, 1);                                         \
		(vec)->v[(vec)->n++] = (item);                               \
	} while (0)
#define VEC_FREE(vec)                                                        \
	do {                                                                 \
		free((vec)->v);                                              \
		(vec)->v = NULL;                                             \
		(vec)->n = (vec)->cap = 0;                                   \
	} while (0)
#endif
