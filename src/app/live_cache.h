/*
 * The live cache: values computed from the database (a framework's live
 * results, a parsed framework) kept in process memory between requests,
 * each under its key and the database's data version, so that a request
 * which finds the current version pays one indexed read instead of the
 * computation. Contract: docs/internals/live_cache.md.
 *
 * - The data version (table live_version, migration 0008) changes inside
 *   the transaction of every write to a table the cached values are
 *   computed from, by database triggers: whoever writes (a page, the API,
 *   the CLI, another server on the same database, plain SQL), the next
 *   read of the version after the commit sees the change. A value is used
 *   only when it was computed at the version read by this request, so a
 *   page never shows a number older than the last commit before it.
 * - A value is stored only when the version was the same before and after
 *   its computation (no write committed in between, so the value is one
 *   consistent state); otherwise it is used once and dropped.
 * - Inside a transaction nothing is cached (a write's rule checks read
 *   their own transaction's data).
 * - Values are immutable once built and shared by all threads: readers
 *   must not change them. A value stays valid until live_release() on the
 *   thread that got it (the router calls it after each request's handler),
 *   even when it is evicted or superseded meanwhile.
 * - Bounded: at most LIVE_MAX_ENTRIES entries and LIVE_MAX_BYTES of arena
 *   memory; the least recently used unpinned entries go first.
 * - Thread-safe: one mutex around the table; builds run outside it.
 */
#ifndef PARINDEX_APP_LIVE_CACHE_H
#define PARINDEX_APP_LIVE_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

#define LIVE_MAX_ENTRIES 1024
#define LIVE_MAX_BYTES ((size_t)512 << 20)

/* The database's data version ("TAG:N", TAG identifying the database) in
 * buf; false on a database error. */
bool live_version(struct db *db, char *buf, size_t size);

/* Builds a value with every allocation in app->arena (an arena owned by
 * the cache entry, freed with it); the value is *out. A value that also
 * holds malloc'd memory names a live_destroy_fn, called before the arena
 * is freed. */
typedef enum px_err (*live_build_fn)(struct app *app, void *ctx, void **out);
typedef void (*live_destroy_fn)(void *value);

/* The value of key at the current data version: the cached one, or one
 * built now by build(app', ctx, &v) (stored when consistent, see above).
 * *out is valid until live_release(). An error of build is returned as
 * is (nothing stored). When the version cannot be read (or inside a
 * transaction) the value is built and used once, never stored. */
enum px_err live_get(struct app *app, const char *key, live_build_fn build,
                     live_destroy_fn destroy, void *ctx, void **out);

/* Ends this thread's use of the values it got (the end of a request). */
void live_release(void);

/* Drops every unpinned entry (tests; a database switch). */
void live_clear(void);

struct live_stats {
	uint64_t hits, misses, unstored;
	size_t entries, bytes;
};
void live_stats(struct live_stats *out);
#endif
