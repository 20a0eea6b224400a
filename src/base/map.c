/* Open-addressing hash map; see map.h. */
#include "base/map.h"
#include "base/arena.h"
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

uint64_t map_hash(const char *key, size_t klen)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < klen; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

void map_init(struct map *m)
{
	m->slots = NULL;
	m->cap = m->n = 0;
	m->keys = NULL;
}

void map_free(struct map *m)
{
	free(m->slots);
	arena_free(m->keys);
	map_init(m);
}

static struct map_slot *find(const struct map *m, const char *key, size_t klen,
                             uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct map_slot *s = &m->slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->klen == klen && !memcmp(s->key, key, klen))
			return s;
	}
}

void *map_get(const struct map *m, const char *key, size_t klen)
{
	if (!m->cap)
		return NULL;
	struct map_slot *s = find(m, key, klen, map_hash(key, klen));
	return s->key ? s->value : NULL;
}

void *map_gets(const struct map *m, const char *key)
{
	return map_get(m, key, strlen(key));
}

static void grow(struct map *m)
{
	size_t cap = m->cap ? size_mul(m->cap, 2) : 16;
	struct map_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->slots = xcalloc(cap, sizeof *m->slots);
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].klen, old[i].hash) = old[i];
	free(old);
}

void *map_put(struct map *m, const char *key, size_t klen, void *value)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = map_hash(key, klen);
	struct map_slot *s = find(m, key, klen, h);
	if (s->key) {
		void *prev = s->value;
		s->value = value;
		return prev;
	}
	if (!m->keys)
		m->keys = arena_new();
	s->key = arena_strndup(m->keys, key, klen);
	s->klen = klen;
	s->hash = h;
	s->value = value;
	m->n++;
	return NULL;
}

void *map_puts(struct map *m, const char *key, void *value)
{
	return map_put(m, key, strlen(key), value);
}
