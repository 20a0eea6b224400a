/* The live cache; see live_cache.h and docs/internals/live_cache.md. */
#include "app/live_cache.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *key;     /* "KEY" */
	uint64_t hash; /* of key: compared first */
	char *version; /* "TAG:N" the value was computed at */
	struct arena *arena;
	void *value;
	live_destroy_fn destroy; /* NULL: the arena holds everything */
	size_t bytes;
	unsigned refs;  /* pins by threads (live_release drops them) */
	bool stored;    /* in the table (else freed at its last release) */
	uint64_t used;  /* LRU clock */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table[LIVE_MAX_ENTRIES];
static size_t nbytes;
static uint64_t clock_tick;
static struct live_stats stats;

/* this thread's pins: a few per request, on the heap only past 32 (and
 * then freed at the release, so a thread that ends leaks nothing) */
#define INLINE_PINS 32
static _Thread_local struct entry *inline_pins[INLINE_PINS];
static _Thread_local struct entry **pins = NULL;
static _Thread_local size_t npins, cappins;

bool live_version(struct db *db, char *buf, size_t size)
{
	struct db_stmt *st = db_prepare(db, "SELECT tag, n FROM live_version WHERE id = 1");
	bool ok = db_step(st) == DB_ROW;
	if (ok)
		snprintf(buf, size, "%s:%lld", db_col_text(st, 0), (long long)db_col_int(st, 1));
	db_done(st);
	return ok;
}

static void entry_free(struct entry *e)
{
	if (e->destroy && e->value)
		e->destroy(e->value);
	arena_free(e->arena);
	free(e->key);
	free(e->version);
	free(e);
}

/* Takes e out of the table (lock held); freed now when nobody uses it. */
static void retire_locked(size_t i)
{
	struct entry *e = table[i];
	table[i] = NULL;
	e->stored = false;
	nbytes -= e->bytes;
	if (!e->refs)
		entry_free(e);
}

static void pin(struct entry *e)
{
	if (!pins) {
		pins = inline_pins;
		cappins = INLINE_PINS;
	}
	if (npins == cappins) {
		struct entry **bigger = xcalloc(cappins * 2, sizeof *bigger);
		memcpy(bigger, pins, npins * sizeof *pins);
		if (pins != inline_pins)
			free(pins);
		pins = bigger;
		cappins *= 2;
	}
	pins[npins++] = e; /* e->refs was raised under the lock */
}

/* Stores e (lock held): replaces the entry of the same key, makes room. */
static void store_locked(struct entry *e)
{
	size_t free_slot = LIVE_MAX_ENTRIES;
	for (size_t i = 0; i < LIVE_MAX_ENTRIES; i++) {
		if (table[i] && table[i]->hash == e->hash && !strcmp(table[i]->key, e->key))
			retire_locked(i);
		if (!table[i] && free_slot == LIVE_MAX_ENTRIES)
			free_slot = i;
	}
	/* evict the least recently used until there is a slot and room */
	while (free_slot == LIVE_MAX_ENTRIES || nbytes + e->bytes > LIVE_MAX_BYTES) {
		size_t old = LIVE_MAX_ENTRIES;
		for (size_t i = 0; i < LIVE_MAX_ENTRIES; i++)
			if (table[i] && (old == LIVE_MAX_ENTRIES || table[i]->used < table[old]->used))
				old = i;
		if (old == LIVE_MAX_ENTRIES)
			break; /* empty table: e alone is over the bound */
		retire_locked(old);
		if (free_slot == LIVE_MAX_ENTRIES)
			free_slot = old;
	}
	if (free_slot == LIVE_MAX_ENTRIES || nbytes + e->bytes > LIVE_MAX_BYTES)
		return; /* not stored: used once */
	e->stored = true;
	table[free_slot] = e;
	nbytes += e->bytes;
}

enum px_err live_get(struct app *app, const char *key, live_build_fn build,
                     live_destroy_fn destroy, void *ctx, void **out)
{
	char version[96], after[96];
	uint64_t hash = map_hash(key, strlen(key));
	bool cacheable = !db_in_transaction(app->db) && live_version(app->db, version, sizeof version);
	if (cacheable) {
		pthread_mutex_lock(&lock);
		for (size_t i = 0; i < LIVE_MAX_ENTRIES; i++) {
			struct entry *e = table[i];
			if (e && e->hash == hash && !strcmp(e->key, key) && !strcmp(e->version, version)) {
				e->refs++;
				e->used = ++clock_tick;
				stats.hits++;
				pthread_mutex_unlock(&lock);
				pin(e);
				*out = e->value;
				return PX_OK;
			}
		}
		stats.misses++;
		pthread_mutex_unlock(&lock);
	}
	struct entry *e = xcalloc(1, sizeof *e);
	e->arena = arena_new();
	struct app tmp = *app;
	tmp.arena = e->arena;
	enum px_err err = build(&tmp, ctx, &e->value);
	e->destroy = destroy;
	if (err != PX_OK) {
		if (destroy && e->value)
			destroy(e->value);
		arena_free(e->arena);
		free(e);
		return err;
	}
	e->key = xstrdup(key);
	e->hash = hash;
	e->bytes = arena_used(e->arena);
	e->refs = 1;
	/* stored only when no write committed during the build */
	bool same = cacheable && live_version(app->db, after, sizeof after) &&
	            !strcmp(after, version);
	e->version = xstrdup(cacheable ? version : "");
	pthread_mutex_lock(&lock);
	e->used = ++clock_tick;
	if (same)
		store_locked(e);
	if (!e->stored)
		stats.unstored++;
	pthread_mutex_unlock(&lock);
	pin(e);
	*out = e->value;
	return PX_OK;
}

void live_release(void)
{
	if (!npins)
		return;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < npins; i++) {
		struct entry *e = pins[i];
		if (!--e->refs && !e->stored)
			entry_free(e);
	}
	pthread_mutex_unlock(&lock);
	npins = 0;
	if (pins != inline_pins)
		free(pins);
	pins = inline_pins;
	cappins = INLINE_PINS;
}

void live_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < LIVE_MAX_ENTRIES; i++)
		if (table[i])
			retire_locked(i);
	pthread_mutex_unlock(&lock);
}

void live_stats(struct live_stats *out)
{
	pthread_mutex_lock(&lock);
	*out = stats;
	out->entries = 0;
	for (size_t i = 0; i < LIVE_MAX_ENTRIES; i++)
		out->entries += table[i] != NULL;
	out->bytes = nbytes;
	pthread_mutex_unlock(&lock);
}
