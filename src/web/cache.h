/*
 * A small process-wide cache of rendered fragments for immutable
 * content: a published version never changes, so its page body and its
 * JSON can be kept by (framework, version, language) and served without
 * parsing the snapshot or the framework again. Thread-safe (one mutex);
 * bounded (when full, everything is dropped and refilled: simple, and
 * publications are few). Values are copied in and out.
 */
#ifndef PARINDEX_WEB_CACHE_H
#define PARINDEX_WEB_CACHE_H
#include <stdbool.h>
#include <stddef.h>

struct arena;

#define WEB_CACHE_MAX_ENTRIES 256
#define WEB_CACHE_MAX_BYTES ((size_t)64 << 20)

/* The cached value of key, copied into a (NUL-terminated); false when
 * absent. */
bool web_cache_get(const char *key, struct arena *a, const char **value, size_t *len);
/* Stores a copy of value under key (replacing any). */
void web_cache_put(const char *key, const char *value, size_t len);
/* Drops everything (tests; a database switch). */
void web_cache_clear(void);
#endif
