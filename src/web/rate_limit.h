/*
 * Per-address limits of the public forms (the survey form, the dossier
 * rating form): at most per_hour accepted submissions per client address
 * and clock hour, counted in this process's memory only (an address is
 * never written anywhere). One limiter per form.
 */
#ifndef PARINDEX_WEB_RATE_LIMIT_H
#define PARINDEX_WEB_RATE_LIMIT_H
#include <pthread.h>
#include <stdbool.h>

#include "base/map.h"

struct rate_limit {
	pthread_mutex_t lock;
	struct map map;
	bool ready;
};
#define RATE_LIMIT_INIT {PTHREAD_MUTEX_INITIALIZER, {0}, false}

/* Counts one submission from addr; false (nothing counted) when the
 * address had per_hour already this hour. per_hour <= 0: no limit. */
bool rate_limit_ok(struct rate_limit *rl, const char *addr, long per_hour);
#endif
