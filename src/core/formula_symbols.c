/*
 * The symbol table of a framework's formulas: metric references
 * ("dossier.on_time_rate", "m@2024-Q1") interned to integer slots, shared
 * by all criteria so the caller fills one value per (slot, unit). An
 * open-addressing hash over the slot list, kept under half full; all
 * memory comes from the table's arena.
 */
#include "core/formula_impl.h"

#include <string.h>

#include "base/arena.h"
#include "base/map.h"

void formula_symbols_init(struct formula_symbols *s, struct arena *a)
{
	memset(s, 0, sizeof *s);
	s->arena = a;
}

static long symbols_lookup(const struct formula_symbols *s, const char *ref,
                           size_t len, size_t *pos)
{
	if (s->hcap == 0)
		return -1;
	size_t mask = s->hcap - 1;
	size_t i = (size_t)map_hash(ref, len) & mask;
	for (;; i = (i + 1) & mask) {
		uint32_t h = s->hash[i];
		if (h == 0) {
			if (pos)
				*pos = i;
			return -1;
		}
		const char *k = s->v[h - 1].ref;
		if (strlen(k) == len && memcmp(k, ref, len) == 0)
			return (long)h - 1;
	}
}

long formula_symbols_find(const struct formula_symbols *s, const char *ref)
{
	return symbols_lookup(s, ref, strlen(ref), NULL);
}

static void symbols_rehash(struct formula_symbols *s)
{
	size_t cap = s->hcap ? s->hcap * 2 : 64;
	s->hash = arena_array(s->arena, cap, sizeof *s->hash);
	s->hcap = cap;
	for (size_t k = 0; k < s->n; k++) {
		size_t pos = 0;
		symbols_lookup(s, s->v[k].ref, strlen(s->v[k].ref), &pos);
		s->hash[pos] = (uint32_t)k + 1;
	}
}

/* The slot of metric[0..mlen) at period (NULL = framework year). */
uint32_t formula_symbols_intern(struct formula_symbols *s, const char *metric, size_t mlen,
                                const struct period *p)
{
	char pbuf[9] = "";
	if (p)
		period_format(*p, pbuf);
	char *ref = p ? arena_printf(s->arena, "%.*s@%s", (int)mlen, metric, pbuf)
	              : arena_strndup(s->arena, metric, mlen);
	size_t len = strlen(ref), pos = 0;
	if ((s->n + 1) * 2 > s->hcap)
		symbols_rehash(s);
	long found = symbols_lookup(s, ref, len, &pos);
	if (found >= 0)
		return (uint32_t)found;
	s->v = arena_grow(s->arena, s->v, &s->cap, s->n, sizeof *s->v);
	struct formula_slot *slot = &s->v[s->n];
	slot->ref = ref;
	slot->metric = arena_strndup(s->arena, metric, mlen);
	slot->period = p ? arena_strdup(s->arena, pbuf) : NULL;
	if (p)
		slot->p = *p;
	s->hash[pos] = (uint32_t)s->n + 1;
	return (uint32_t)s->n++;
}
