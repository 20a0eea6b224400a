/*
 * Hash map from byte-string keys to pointers (open addressing, linear
 * probing, load <= 1/2). Keys are copied into the map; values are the
 * caller's. No deletion: maps here index data loaded for one command or
 * request, then are dropped whole. Iteration order is unspecified.
 */
#ifndef PARINDEX_BASE_MAP_H
#define PARINDEX_BASE_MAP_H
#include <stddef.h>
#include <stdint.h>

struct map_slot {
	const char *key; /* NULL: empty */
	size_t klen;
	uint64_t hash;
	void *value;
};

struct map {
	struct map_slot *slots;
	size_t cap, n;
	struct arena *keys;
};

void map_init(struct map *m);
void map_free(struct map *m);
/* The value for key, or NULL when absent. */
void *map_get(const struct map *m, const char *key, size_t klen);
void *map_gets(const struct map *m, const char *key);
/* Sets key to value; returns the previous value or NULL. */
void *map_put(struct map *m, const char *key, size_t klen, void *value);
void *map_puts(struct map *m, const char *key, void *value);
/* 64-bit hash used by the map (FNV-1a); exposed for other tables. */
uint64_t map_hash(const char *key, size_t klen);

/* Iterate: for (size_t i = 0; i < m.cap; i++) if (m.slots[i].key) ... */
#endif
