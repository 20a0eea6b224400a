/*
 * The one clock of the program. Every "now" (audit times, session expiry,
 * deadlines, uploads) comes from here, so that tests can set the time:
 *
 * - clock_set(t) fixes the clock at t (Unix seconds) for the process;
 *   clock_set(0) returns to the real time. For unit tests.
 * - $PARINDEX_NOW (YYYY-MM-DDTHH:MM:SSZ, or Unix seconds) fixes it for a
 *   whole command or server run; $PARINDEX_TODAY (YYYY-MM-DD) moves only
 *   the local date (demonstrations and deadline tests);
 *   $PARINDEX_CLOCK_FROM (same forms) starts the clock there at its first
 *   reading and lets it run (timers: the server's daily refresh).
 *
 * Times are UTC on the wire (ISO 8601 with Z, second precision); the local
 * date is Vietnam's (UTC+07:00, base/datetime.h).
 */
#ifndef PARINDEX_BASE_CLOCK_H
#define PARINDEX_BASE_CLOCK_H
#include <stdint.h>

struct arena;

/* Unix seconds now. */
int64_t clock_now(void);
/* Unix microseconds now (audit entries, import stamps). */
int64_t clock_now_us(void);
/* Fixes the clock at t for this process (0: the real clock again). */
void clock_set(int64_t t);
/* t as "YYYY-MM-DDTHH:MM:SSZ". */
void clock_iso(int64_t t, char out[21]);
/* us (microseconds) as "YYYY-MM-DDTHH:MM:SS.ffffffZ". */
void clock_iso_us(int64_t us, char out[28]);
/* clock_iso(clock_now()) in a. */
const char *clock_now_iso(struct arena *a);
/* Today's local date (days since 1970-01-01), $PARINDEX_TODAY first. */
int32_t clock_today(void);
#endif
