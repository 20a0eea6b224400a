/*
 * Fuzz target for the date, datetime and period parsers (base/datetime).
 * Each input is fed whole to all three parsers (and to datetime_parse with
 * and without allow_date). Besides "no crash, no UB" (the sanitizers), it
 * checks the round-trip invariant of docs/internals/datetime.md: anything
 * accepted formats to the canonical text, and that text parses back to the
 * same value. The input is copied into an exactly-sized heap buffer first
 * so that ASan catches a parser reading one byte past the length it was
 * given (the parsers must not rely on a NUL).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datetime.h"

#define MAX_LEN 64 /* every accepted form is at most 25 bytes */

static void check(bool ok, const char *what, const uint8_t *data, size_t size)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_datetime: %s for input \"%.*s\"\n", what,
	        (int)size, (const char *)data);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_LEN)
		size = MAX_LEN;
	char *s = malloc(size ? size : 1);
	if (!s)
		return 0;
	memcpy(s, data, size);

	int32_t day, day2;
	if (date_parse(s, size, &day)) {
		char buf[11];
		date_format(day, buf);
		check(size == 10 && !memcmp(buf, s, 10), "date not canonical", data, size);
		check(date_parse(buf, strlen(buf), &day2) && day2 == day,
		      "date round trip", data, size);
	}

	for (int allow = 0; allow <= 1; allow++) {
		int64_t t, t2;
		bool date_only = false, date_only2 = true;
		if (!datetime_parse(s, size, allow, &t, &date_only))
			continue;
		check(allow || !date_only, "date-only without allow_date", data, size);
		char buf[26];
		datetime_format(t, buf);
		check(strlen(buf) == 25, "datetime format length", data, size);
		check(datetime_parse(buf, strlen(buf), false, &t2, &date_only2) &&
		              t2 == t && !date_only2,
		      "datetime round trip", data, size);
		if (date_only) {
			/* 23:59:59 local of the day that was given */
			check(date_parse(s, size, &day) &&
			              t == datetime_from_local_date(day) + 86399,
			      "date-only is not 23:59:59 local", data, size);
		}
		int32_t local = datetime_local_date(t);
		check(t >= datetime_from_local_date(local) &&
		              t < datetime_from_local_date(local) + 86400,
		      "local date does not contain the instant", data, size);
	}

	struct period p, p2;
	if (period_parse(s, size, &p)) {
		char buf[9];
		period_format(p, buf);
		check(strlen(buf) == size, "period format length", data, size);
		check(period_parse(buf, strlen(buf), &p2) && p2.kind == p.kind &&
		              p2.year == p.year && p2.n == p.n,
		      "period round trip", data, size);
		int32_t first = period_first_day(p), last = period_last_day(p);
		check(first <= last, "period bounds", data, size);
		check(period_contains(p, period_month_of(first)) &&
		              period_contains(p, period_month_of(last)),
		      "period does not contain its months", data, size);
	}
	free(s);
	return 0;
}
