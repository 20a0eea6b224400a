/* Per-address limits of the public forms; see rate_limit.h. */
#include "web/rate_limit.h"
#include "base/clock.h"

#include <stdint.h>
#include <stdlib.h>

struct limit_slot {
	int64_t hour;
	long count;
};

bool rate_limit_ok(struct rate_limit *rl, const char *addr, long per_hour)
{
	if (per_hour <= 0)
		return true;
	int64_t hour = clock_now() / 3600;
	pthread_mutex_lock(&rl->lock);
	/* a flood of addresses starts the table afresh rather than growing it */
	if (!rl->ready || rl->map.n > 100000) {
		if (rl->ready) {
			for (size_t i = 0; i < rl->map.cap; i++)
				free(rl->map.slots[i].value);
			map_free(&rl->map);
		}
		map_init(&rl->map);
		rl->ready = true;
	}
	struct limit_slot *s = map_gets(&rl->map, addr ? addr : "");
	if (!s) {
		s = calloc(1, sizeof *s);
		if (!s)
			abort();
		map_puts(&rl->map, addr ? addr : "", s);
	}
	if (s->hour != hour) {
		s->hour = hour;
		s->count = 0;
	}
	bool ok = s->count < per_hour;
	if (ok)
		s->count++;
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
