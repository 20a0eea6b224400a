/* Growth for vec.h: doubling, at least 8, overflow-checked. */
#include "base/vec.h"

void vec_grow_(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c = size_mul(c, 2);
	*v = xrealloc(*v, size_mul(c, elem));
	*cap = c;
}
