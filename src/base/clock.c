/* The one clock; see clock.h. A fixed time is one atomic, read per call. */
#include "base/clock.h"
#include "base/arena.h"
#include "base/datetime.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t fixed;

static int64_t env_time(const char *name)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return 0;
	int64_t t;
	if (datetime_parse(s, strlen(s), false, &t, NULL))
		return t;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end == 0 && v > 0 ? (int64_t)v : 0;
}

static int64_t real_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* $PARINDEX_CLOCK_FROM: the clock starts there at the first reading and
 * runs (the daily refresh's test); the offset is taken once */
static int64_t from_offset_us;
static pthread_once_t from_once = PTHREAD_ONCE_INIT;

static void from_init(void)
{
	int64_t t = env_time("PARINDEX_CLOCK_FROM");
	if (t)
		from_offset_us = t * 1000000 - real_us();
}

int64_t clock_now_us(void)
{
	int64_t t = atomic_load(&fixed);
	if (!t)
		t = env_time("PARINDEX_NOW");
	if (t)
		return t * 1000000;
	pthread_once(&from_once, from_init);
	return real_us() + from_offset_us;
}

int64_t clock_now(void)
{
	return clock_now_us() / 1000000;
}

void clock_set(int64_t t)
{
	atomic_store(&fixed, t);
}

void clock_iso(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_iso_us(int64_t us, char out[28])
{
	int64_t frac = us % 1000000;
	if (frac < 0)
		frac += 1000000;
	clock_iso((us - frac) / 1000000, out); /* "YYYY-MM-DDTHH:MM:SSZ" */
	out[19] = '.';
	for (int i = 25; i >= 20; i--, frac /= 10)
		out[i] = (char)('0' + frac % 10);
	out[26] = 'Z';
	out[27] = 0;
}

const char *clock_now_iso(struct arena *a)
{
	char buf[21];
	clock_iso(clock_now(), buf);
	return arena_strdup(a, buf);
}

int32_t clock_today(void)
{
	const char *t = getenv("PARINDEX_TODAY");
	int32_t d;
	if (t && date_parse(t, strlen(t), &d))
		return d;
	return datetime_local_date(clock_now());
}
