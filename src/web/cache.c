/* The immutable-fragment cache; see cache.h. */
#include "web/cache.h"
#include "base/arena.h"
#include "base/map.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *data;
	size_t len;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct map entries; /* key -> struct entry * */
static size_t bytes;

static void clear_locked(void)
{
	for (size_t i = 0; i < entries.cap; i++)
		if (entries.slots[i].key) {
			struct entry *e = entries.slots[i].value;
			free(e->data);
			free(e);
		}
	map_free(&entries);
	bytes = 0;
}

bool web_cache_get(const char *key, struct arena *a, const char **value, size_t *len)
{
	bool hit = false;
	pthread_mutex_lock(&lock);
	struct entry *e = map_gets(&entries, key);
	if (e) {
		*value = arena_strndup(a, e->data, e->len);
		*len = e->len;
		hit = true;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void web_cache_put(const char *key, const char *value, size_t len)
{
	if (len > WEB_CACHE_MAX_BYTES / 4)
		return;
	struct entry *e = xmalloc(sizeof *e);
	e->data = xmalloc(len + 1);
	memcpy(e->data, value, len);
	e->data[len] = 0;
	e->len = len;
	pthread_mutex_lock(&lock);
	if (entries.n >= WEB_CACHE_MAX_ENTRIES || bytes + len > WEB_CACHE_MAX_BYTES)
		clear_locked();
	struct entry *old = map_puts(&entries, key, e);
	if (old) {
		bytes -= old->len;
		free(old->data);
		free(old);
	}
	bytes += len;
	pthread_mutex_unlock(&lock);
}

void web_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	clear_locked();
	pthread_mutex_unlock(&lock);
}
