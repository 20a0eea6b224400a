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

#include "base/err.h"

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

/* SVG charts of live data, drawn once per exact input: the same as
 * chart_*_draw(spec, CHART_SVG, out) (the bytes are appended to out), but
 * the picture is kept in this cache under a BLAKE2b-256 hash of every
 * field of the spec (texts, numbers, options), so an unchanged chart
 * costs one hash of its inputs and a copy, and a chart whose data changed
 * is drawn again: no invalidation, no stale picture. A new field in a
 * chart spec (io/chart.h) must be added to its hash in cache.c. */
struct chart_ranking_spec;
struct chart_pairs_spec;
struct chart_history_spec;
struct chart_grades_spec;
struct str;
enum px_err web_chart_ranking_svg(const struct chart_ranking_spec *spec, struct str *out);
enum px_err web_chart_pairs_svg(const struct chart_pairs_spec *spec, struct str *out);
enum px_err web_chart_history_svg(const struct chart_history_spec *spec, struct str *out);
enum px_err web_chart_grades_svg(const struct chart_grades_spec *spec, struct str *out);
#endif
