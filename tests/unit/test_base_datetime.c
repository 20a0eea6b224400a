/*
 * Unit tests for base/datetime. Calendar code is wrong at its edges, so
 * the edges are the tests, each named: the epoch, days before it, the
 * century rules of leap years (2000 leap, 1900 not, 2024 leap), month and
 * year ends, the seven-hour gap between a UTC instant and its Vietnamese
 * date, the end of a date-only deadline, the years 0001 and 9999, and the
 * sentinels DATE_MIN/DATE_MAX. Known day numbers and weekdays come from
 * Python's datetime (proleptic Gregorian), computed once by hand. One test
 * walks every day from 0001-01-01 to 9999-12-31 against a naive counter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "base/datetime.h"

/* Parses with strlen, so tests read like the input they feed. */
static bool dparse(const char *s, int32_t *out)
{
	return date_parse(s, strlen(s), out);
}

static bool tparse(const char *s, bool allow_date, int64_t *out, bool *date_only)
{
	return datetime_parse(s, strlen(s), allow_date, out, date_only);
}

static int64_t tparse_ok(const char *s)
{
	int64_t t = 0;
	bool date_only = true;
	if (!tparse(s, false, &t, &date_only))
		fail_msg("datetime_parse rejected \"%s\"", s);
	assert_false(date_only);
	return t;
}

static void tparse_bad(const char *s)
{
	int64_t t = 42;
	if (tparse(s, true, &t, NULL))
		fail_msg("datetime_parse accepted \"%s\"", s);
	assert_true(t == 42); /* untouched on failure */
}

static void dparse_bad(const char *s)
{
	int32_t d = 42;
	if (dparse(s, &d))
		fail_msg("date_parse accepted \"%s\"", s);
	assert_int_equal(d, 42);
}

static void assert_ymd(int32_t days, int y, int m, int d)
{
	int yy, mm, dd;
	date_to_ymd(days, &yy, &mm, &dd);
	assert_int_equal(yy, y);
	assert_int_equal(mm, m);
	assert_int_equal(dd, d);
}

static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0); /* testcase: epoch */
	assert_int_equal(date_from_ymd(1969, 12, 31), -1); /* testcase: day -1 */
	assert_int_equal(date_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(date_from_ymd(2000, 2, 29), 11016); /* 2000 is leap */
	assert_int_equal(date_from_ymd(2024, 1, 1), 19723);
	assert_int_equal(date_from_ymd(2024, 2, 29), 19782);
	assert_int_equal(date_from_ymd(2025, 7, 1), 20270);
	assert_int_equal(date_from_ymd(1900, 1, 1), -25567);
	assert_int_equal(date_from_ymd(1900, 3, 1), -25508);
	/* testcase: 1900 is not leap: Feb 28 is followed by Mar 1 */
	assert_int_equal(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1);
	/* testcase: 2000 and 2024 are leap: Feb 28 -> Feb 29 -> Mar 1 */
	assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
	assert_int_equal(date_from_ymd(2024, 3, 1) - date_from_ymd(2024, 2, 28), 2);
	assert_int_equal(date_from_ymd(1, 1, 1), -719162); /* testcase: year 1 */
	assert_int_equal(date_from_ymd(9999, 12, 31), 2932896); /* year 9999 */
	/* testcase: year lengths */
	assert_int_equal(date_from_ymd(2025, 1, 1) - date_from_ymd(2024, 1, 1), 366);
	assert_int_equal(date_from_ymd(1901, 1, 1) - date_from_ymd(1900, 1, 1), 365);
	assert_int_equal(date_from_ymd(2001, 1, 1) - date_from_ymd(2000, 1, 1), 366);

	assert_ymd(0, 1970, 1, 1);
	assert_ymd(-1, 1969, 12, 31);
	assert_ymd(11016, 2000, 2, 29);
	assert_ymd(19782, 2024, 2, 29);
	assert_ymd(-25508, 1900, 3, 1);
	assert_ymd(-719162, 1, 1, 1);
	assert_ymd(2932896, 9999, 12, 31);
}

static void test_every_day(void **state)
{
	(void)state;
	/* testcase: every day of years 0001..9999 converts both ways and
	 * follows the previous day */
	int y = 1, m = 1, d = 1;
	int32_t first = date_from_ymd(1, 1, 1);
	int32_t last = date_from_ymd(9999, 12, 31);
	for (int32_t days = first; days <= last; days++) {
		int yy, mm, dd;
		date_to_ymd(days, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("day %d is %04d-%02d-%02d, expected %04d-%02d-%02d",
			         (int)days, yy, mm, dd, y, m, d);
		if (date_from_ymd(y, m, d) != days)
			fail_msg("date_from_ymd(%d, %d, %d) != %d", y, m, d, (int)days);
		if (++d > date_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 10000);
}

static void test_sentinels(void **state)
{
	(void)state;
	/* testcase: DATE_MIN/DATE_MAX convert without overflow and format
	 * clamped to the representable range */
	int y, m, d;
	date_to_ymd(DATE_MIN, &y, &m, &d);
	assert_true(y < 0);
	date_to_ymd(DATE_MAX, &y, &m, &d);
	assert_true(y > 9999);
	char buf[11];
	date_format(DATE_MIN, buf);
	assert_string_equal(buf, "0001-01-01");
	date_format(DATE_MAX, buf);
	assert_string_equal(buf, "9999-12-31");
	(void)date_weekday(DATE_MIN);
	(void)date_weekday(DATE_MAX);
	char tbuf[26];
	datetime_format(INT64_MAX, tbuf);
	assert_string_equal(tbuf, "9999-12-31T23:59:59+07:00");
	datetime_format(INT64_MIN, tbuf);
	assert_string_equal(tbuf, "0001-01-01T00:00:00+07:00");
	assert_int_equal(datetime_local_date(INT64_MAX), DATE_MAX);
	assert_int_equal(datetime_local_date(INT64_MIN), DATE_MIN);
	(void)datetime_from_local_date(DATE_MIN);
	(void)datetime_from_local_date(DATE_MAX);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(date_from_ymd(2025, 7, 1)), 1); /* Tuesday */
	assert_int_equal(date_weekday(0), 3);  /* testcase: 1970-01-01 Thursday */
	assert_int_equal(date_weekday(-1), 2); /* testcase: day -1 Wednesday */
	assert_int_equal(date_weekday(-4), 6); /* 1969-12-28 Sunday */
	assert_int_equal(date_weekday(-3), 0); /* 1969-12-29 Monday */
	assert_int_equal(date_weekday(date_from_ymd(2000, 1, 1)), 5); /* Sat */
	assert_int_equal(date_weekday(date_from_ymd(2024, 1, 1)), 0); /* Mon */
	assert_int_equal(date_weekday(date_from_ymd(1, 1, 1)), 0);    /* Mon */
	assert_int_equal(date_weekday(date_from_ymd(9999, 12, 31)), 4); /* Fri */
}

static void test_days_in_month(void **state)
{
	(void)state;
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++)
		assert_int_equal(date_days_in_month(2023, m), len[m - 1]);
	assert_int_equal(date_days_in_month(2024, 2), 29); /* div by 4 */
	assert_int_equal(date_days_in_month(1900, 2), 28); /* div by 100 */
	assert_int_equal(date_days_in_month(2000, 2), 29); /* div by 400 */
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2024, 0), 0); /* testcase: month 0 */
	assert_int_equal(date_days_in_month(2024, 13), 0); /* month 13 */
}

static void test_valid_ymd(void **state)
{
	(void)state;
	assert_true(date_valid_ymd(2024, 2, 29));
	assert_false(date_valid_ymd(2023, 2, 29));
	assert_false(date_valid_ymd(1900, 2, 29));
	assert_true(date_valid_ymd(2000, 2, 29));
	assert_true(date_valid_ymd(2024, 4, 30));
	assert_false(date_valid_ymd(2024, 4, 31)); /* testcase: 30-day month */
	assert_true(date_valid_ymd(2024, 12, 31));
	assert_false(date_valid_ymd(2024, 12, 32));
	assert_false(date_valid_ymd(2024, 1, 0));
	assert_false(date_valid_ymd(2024, 0, 1));
	assert_false(date_valid_ymd(2024, 13, 1));
	assert_true(date_valid_ymd(1, 1, 1));       /* testcase: first year */
	assert_false(date_valid_ymd(0, 12, 31));    /* testcase: year 0 */
	assert_true(date_valid_ymd(9999, 12, 31));  /* testcase: last year */
	assert_false(date_valid_ymd(10000, 1, 1));  /* testcase: year 10000 */
	assert_false(date_valid_ymd(-1, 1, 1));
}

static void test_date_parse_format(void **state)
{
	(void)state;
	int32_t d = 0;
	assert_true(dparse("2024-02-29", &d)); /* testcase: leap day */
	assert_int_equal(d, 19782);
	assert_true(dparse("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(dparse("0001-01-01", &d));
	assert_true(dparse("9999-12-31", &d));
	/* testcase: the length is explicit, no NUL needed */
	assert_true(date_parse("2024-01-31XYZ", 10, &d));
	assert_int_equal(d, date_from_ymd(2024, 1, 31));

	dparse_bad("2024-02-30");  /* testcase: Feb 30 */
	dparse_bad("2023-02-29");  /* testcase: Feb 29 not leap */
	dparse_bad("1900-02-29");  /* testcase: century not leap */
	dparse_bad("2024-04-31");
	dparse_bad("2024-13-01");  /* testcase: month 13 */
	dparse_bad("2024-00-10");  /* testcase: month 0 */
	dparse_bad("2024-01-00");  /* testcase: day 0 */
	dparse_bad("2024-01-32");
	dparse_bad("0000-01-01");  /* testcase: year 0 */
	dparse_bad("2024-1-01");   /* testcase: one-digit month */
	dparse_bad("2024-01-1");
	dparse_bad("24-01-01");
	dparse_bad("2024-01-01x"); /* testcase: trailing garbage */
	dparse_bad("2024-01-01 ");
	dparse_bad(" 2024-01-01");
	dparse_bad("2024/01/01");
	dparse_bad("20240101");
	dparse_bad("2024-+1-01");
	dparse_bad("2024- 1-01");
	dparse_bad("+024-01-01");
	dparse_bad("2024-01-01T00:00");
	dparse_bad("");            /* testcase: empty */
	int32_t keep = 42;
	assert_false(date_parse("2024-01-01\0", 11, &keep)); /* trailing NUL */
	assert_int_equal(keep, 42);

	char buf[11];
	date_format(0, buf);
	assert_string_equal(buf, "1970-01-01");
	date_format(19782, buf);
	assert_string_equal(buf, "2024-02-29");
	date_format(date_from_ymd(1, 1, 1), buf);
	assert_string_equal(buf, "0001-01-01"); /* testcase: zero-padded year */
	date_format(date_from_ymd(999, 9, 9), buf);
	assert_string_equal(buf, "0999-09-09");
}

static void test_datetime_offsets(void **state)
{
	(void)state;
	/* testcase: 23:30 in Hanoi is 16:30 UTC on the same day */
	int64_t t = tparse_ok("2024-01-31T23:30:00+07:00");
	assert_true(t == 1706718600);
	assert_int_equal(datetime_local_date(t), date_from_ymd(2024, 1, 31));
	/* testcase: no offset means +07:00; seconds optional */
	assert_true(tparse_ok("2024-01-31T23:30:00") == t);
	assert_true(tparse_ok("2024-01-31T23:30") == t);
	assert_true(tparse_ok("2024-01-31T23:30+07:00") == t);
	assert_true(tparse_ok("2024-01-31T16:30Z") == t);
	assert_true(tparse_ok("2024-01-31T16:30:00Z") == t);
	assert_true(tparse_ok("2024-01-31T16:30:00+00:00") == t);
	assert_true(tparse_ok("2024-01-31T16:30:00-00:00") == t);
	assert_true(tparse_ok("2024-01-31T11:00:00-05:30") == t);
	/* testcase: a Z time at 20:00 on the 31st is the next local day,
	 * across a month end */
	t = tparse_ok("2024-01-31T20:00:00Z");
	assert_true(t == 1706731200);
	assert_int_equal(datetime_local_date(t), date_from_ymd(2024, 2, 1));
	/* testcase: 16:59:59Z is the last local second of the day, 17:00Z the
	 * first of the next */
	t = tparse_ok("2024-01-31T16:59:59Z");
	assert_int_equal(datetime_local_date(t), date_from_ymd(2024, 1, 31));
	assert_int_equal(datetime_local_date(t + 1), date_from_ymd(2024, 2, 1));
	/* testcase: the year changes at 17:00Z on 31 December */
	t = tparse_ok("2024-12-31T17:00:00Z");
	assert_int_equal(datetime_local_date(t), date_from_ymd(2025, 1, 1));
	/* testcase: widest offsets, +14:00 and -14:00 */
	assert_true(tparse_ok("2024-01-01T14:00+14:00") == tparse_ok("2024-01-01T00:00Z"));
	assert_true(tparse_ok("2023-12-31T10:00-14:00") == tparse_ok("2024-01-01T00:00Z"));
	/* testcase: instants before the epoch */
	assert_true(tparse_ok("1970-01-01T00:00:00Z") == 0);
	assert_true(tparse_ok("1970-01-01T00:00:00") == -VN_UTC_OFFSET);
	assert_int_equal(datetime_local_date(-VN_UTC_OFFSET), 0);
	assert_int_equal(datetime_local_date(-VN_UTC_OFFSET - 1), -1);
	assert_true(datetime_from_local_date(0) == -VN_UTC_OFFSET);
	assert_true(datetime_from_local_date(date_from_ymd(2024, 1, 31)) ==
	            tparse_ok("2024-01-31T00:00"));
}

static void test_datetime_date_only(void **state)
{
	(void)state;
	int64_t t = 0;
	bool date_only = false;
	/* testcase: a date alone is 23:59:59 local of that day */
	assert_true(tparse("2024-01-31", true, &t, &date_only));
	assert_true(date_only);
	assert_true(t == 1706720399);
	assert_true(t == tparse_ok("2024-01-31T23:59:59+07:00"));
	assert_int_equal(datetime_local_date(t), date_from_ymd(2024, 1, 31));
	assert_int_equal(datetime_local_date(t + 1), date_from_ymd(2024, 2, 1));
	assert_true(tparse("2024-02-29", true, &t, NULL)); /* NULL date_only */
	/* testcase: without allow_date, a date alone is refused */
	assert_false(tparse("2024-01-31", false, &t, &date_only));
	/* testcase: allow_date still checks the date */
	assert_false(tparse("2024-02-30", true, &t, &date_only));
	/* testcase: a full datetime with allow_date says it is not date-only */
	date_only = true;
	assert_true(tparse("2024-01-31T08:00", true, &t, &date_only));
	assert_false(date_only);
}

static void test_datetime_bad(void **state)
{
	(void)state;
	tparse_bad("2024-01-31T24:00");      /* testcase: hour 24 */
	tparse_bad("2024-01-31T23:60");      /* testcase: minute 60 */
	tparse_bad("2024-01-31T23:59:60");   /* testcase: leap second */
	tparse_bad("2024-01-31T23:59:60Z");
	tparse_bad("2024-02-30T10:00");      /* testcase: bad date part */
	tparse_bad("2024-13-01T10:00");
	tparse_bad("2024-1-01T10:00");
	tparse_bad("2024-01-01T10:00+14:01"); /* testcase: beyond +14:00 */
	tparse_bad("2024-01-01T10:00-14:01");
	tparse_bad("2024-01-01T10:00+15:00");
	tparse_bad("2024-01-01T10:00+07:60"); /* testcase: offset minute 60 */
	tparse_bad("2024-01-01T10:00+0700");
	tparse_bad("2024-01-01T10:00+07");
	tparse_bad("2024-01-01T10:00+7:00");
	tparse_bad("2024-01-01T10:00 +07:00");
	tparse_bad("2024-01-01T10:00:00+07:00Z");
	tparse_bad("2024-01-01T10:00ZZ");
	tparse_bad("2024-01-01T10:00z");      /* only upper-case Z */
	tparse_bad("2024-01-01t10:00");       /* only upper-case T */
	tparse_bad("2024-01-01 10:00");       /* testcase: space separator */
	tparse_bad("2024-01-01T10:00:00.5");  /* testcase: fractions */
	tparse_bad("2024-01-01T10:00:0");
	tparse_bad("2024-01-01T10:00:");
	tparse_bad("2024-01-01T1:00");
	tparse_bad("2024-01-01T10");
	tparse_bad("2024-01-01T");
	tparse_bad("2024-01-01T10:00x");      /* testcase: trailing garbage */
	tparse_bad("2024-01-01T10:00:00x");
	tparse_bad("2024-01-01T+1:00");
	tparse_bad("2024-01-01T10:-1");
	tparse_bad("2024-01-01x");
	tparse_bad("");
	int64_t t = 0;
	assert_false(datetime_parse("2024-01-01T10:00\0", 17, false, &t, NULL));
	/* testcase: an offset must not push the local date out of 0001..9999 */
	tparse_bad("0001-01-01T00:00+14:00");
	tparse_bad("0001-01-01T00:00+07:01"); /* local 0000-12-31T23:59 */
	tparse_ok("0001-01-01T00:00+07:00");  /* the first local minute */
	tparse_ok("0001-01-01T00:00Z");
	tparse_ok("0001-01-01T00:00");
	tparse_ok("9999-12-31T16:59:59Z");
	tparse_bad("9999-12-31T17:00:00Z");
	tparse_bad("9999-12-31T23:59-14:00");
	tparse_ok("9999-12-31T23:59:59");
}

/* What pages show: dd/mm/yyyy HH:mm, Vietnam time. */
static void test_datetime_local_text(void **state)
{
	(void)state;
	char buf[DATETIME_LOCAL_LEN];
	datetime_format_local(0, buf);
	assert_string_equal(buf, "01/01/1970 07:00");
	/* testcase: 17:00 UTC is midnight of the next day in Hanoi */
	assert_string_equal(datetime_text_local("2026-12-31T17:00:00Z", buf), "01/01/2027 00:00");
	assert_string_equal(datetime_text_local("2026-12-31T16:59:59Z", buf), "31/12/2026 23:59");
	/* stored with a fraction of a second, or with an offset */
	assert_string_equal(datetime_text_local("2026-12-03T13:21:19.017269Z", buf),
	                    "03/12/2026 20:21");
	assert_string_equal(datetime_text_local("2026-12-03T08:05:00+07:00", buf), "03/12/2026 08:05");
	/* testcase: text that is no instant is shown as it is */
	assert_string_equal(datetime_text_local("not a time", buf), "not a time");
	assert_string_equal(datetime_text_local(NULL, buf), "");
}

static void test_datetime_format(void **state)
{
	(void)state;
	char buf[26];
	datetime_format(0, buf); /* testcase: the epoch in Hanoi */
	assert_string_equal(buf, "1970-01-01T07:00:00+07:00");
	datetime_format(-1, buf);
	assert_string_equal(buf, "1970-01-01T06:59:59+07:00");
	datetime_format(tparse_ok("2024-01-31T20:00:00Z"), buf);
	assert_string_equal(buf, "2024-02-01T03:00:00+07:00");
	datetime_format(tparse_ok("2024-02-29T23:59:59"), buf);
	assert_string_equal(buf, "2024-02-29T23:59:59+07:00");
	datetime_format(datetime_from_local_date(date_from_ymd(2025, 7, 1)), buf);
	assert_string_equal(buf, "2025-07-01T00:00:00+07:00");
	/* testcase: the formatted text parses back to the same instant */
	int64_t t = tparse_ok("2023-06-15T12:34:56-03:00");
	datetime_format(t, buf);
	assert_string_equal(buf, "2023-06-15T22:34:56+07:00");
	assert_true(tparse_ok(buf) == t);
}

static void test_today(void **state)
{
	(void)state;
	int64_t before = (int64_t)time(NULL);
	int32_t today = date_today();
	int64_t after = (int64_t)time(NULL);
	assert_true(today >= datetime_local_date(before));
	assert_true(today <= datetime_local_date(after));
	assert_true(today > date_from_ymd(2024, 1, 1));
}

static struct period P(enum period_kind k, int y, int n)
{
	return (struct period){k, y, n};
}

static void period_bad(const char *s)
{
	struct period p = P(PERIOD_MONTH, 1111, 11);
	if (period_parse(s, strlen(s), &p))
		fail_msg("period_parse accepted \"%s\"", s);
	assert_int_equal(p.year, 1111);
}

static void period_ok(const char *s, enum period_kind k, int y, int n,
                      const char *canonical)
{
	struct period p;
	if (!period_parse(s, strlen(s), &p))
		fail_msg("period_parse rejected \"%s\"", s);
	assert_int_equal(p.kind, k);
	assert_int_equal(p.year, y);
	assert_int_equal(p.n, n);
	char buf[9];
	period_format(p, buf);
	assert_string_equal(buf, canonical);
}

static void test_period_parse_format(void **state)
{
	(void)state;
	period_ok("2024", PERIOD_YEAR, 2024, 0, "2024");
	period_ok("2024-Q3", PERIOD_QUARTER, 2024, 3, "2024-Q3");
	period_ok("2024-q3", PERIOD_QUARTER, 2024, 3, "2024-Q3"); /* lower q */
	period_ok("2024-Q1", PERIOD_QUARTER, 2024, 1, "2024-Q1");
	period_ok("2024-Q4", PERIOD_QUARTER, 2024, 4, "2024-Q4");
	period_ok("2024-07", PERIOD_MONTH, 2024, 7, "2024-07");
	period_ok("2024-01", PERIOD_MONTH, 2024, 1, "2024-01"); /* testcase: Jan */
	period_ok("2024-12", PERIOD_MONTH, 2024, 12, "2024-12"); /* testcase: Dec */
	period_ok("0001", PERIOD_YEAR, 1, 0, "0001");
	period_ok("9999-Q4", PERIOD_QUARTER, 9999, 4, "9999-Q4");
	period_bad("2024-Q0");  /* testcase: quarter 0 */
	period_bad("2024-Q5");  /* testcase: quarter 5 */
	period_bad("2024-00");  /* testcase: month 0 */
	period_bad("2024-13");  /* testcase: month 13 */
	period_bad("2024-7");   /* testcase: one-digit month */
	period_bad("2024-Q");
	period_bad("2024-Q10");
	period_bad("2024-Q3 "); /* testcase: trailing garbage */
	period_bad("2024-071");
	period_bad("2024-");
	period_bad("2024Q3");
	period_bad("2024-W01");
	period_bad("2024-H1");
	period_bad("0000");     /* testcase: year 0 */
	period_bad("24");
	period_bad("20245");
	period_bad(" 2024");
	period_bad("");
	period_bad("2024-07-01");
	struct period p;
	/* testcase: explicit length: "2024-07" read as "2024" */
	assert_true(period_parse("2024-07", 4, &p));
	assert_int_equal(p.kind, PERIOD_YEAR);
}

static void assert_bounds(struct period p, int y1, int m1, int d1, int y2,
                          int m2, int d2)
{
	assert_int_equal(period_first_day(p), date_from_ymd(y1, m1, d1));
	assert_int_equal(period_last_day(p), date_from_ymd(y2, m2, d2));
}

static void test_period_bounds(void **state)
{
	(void)state;
	assert_bounds(P(PERIOD_YEAR, 2024, 0), 2024, 1, 1, 2024, 12, 31);
	assert_bounds(P(PERIOD_QUARTER, 2024, 1), 2024, 1, 1, 2024, 3, 31);
	assert_bounds(P(PERIOD_QUARTER, 2024, 2), 2024, 4, 1, 2024, 6, 30);
	assert_bounds(P(PERIOD_QUARTER, 2024, 3), 2024, 7, 1, 2024, 9, 30);
	assert_bounds(P(PERIOD_QUARTER, 2024, 4), 2024, 10, 1, 2024, 12, 31);
	/* testcase: February of leap and common years */
	assert_bounds(P(PERIOD_MONTH, 2024, 2), 2024, 2, 1, 2024, 2, 29);
	assert_bounds(P(PERIOD_MONTH, 2023, 2), 2023, 2, 1, 2023, 2, 28);
	assert_bounds(P(PERIOD_MONTH, 2000, 2), 2000, 2, 1, 2000, 2, 29);
	assert_bounds(P(PERIOD_MONTH, 1900, 2), 1900, 2, 1, 1900, 2, 28);
	assert_bounds(P(PERIOD_MONTH, 2024, 4), 2024, 4, 1, 2024, 4, 30);
	assert_bounds(P(PERIOD_MONTH, 2024, 12), 2024, 12, 1, 2024, 12, 31);
	/* testcase: Q1 of a leap year has 91 days, of a common year 90 */
	struct period q1 = P(PERIOD_QUARTER, 2024, 1);
	assert_int_equal(period_last_day(q1) - period_first_day(q1) + 1, 91);
	q1.year = 2023;
	assert_int_equal(period_last_day(q1) - period_first_day(q1) + 1, 90);
	/* testcase: consecutive quarters touch: last day + 1 = next first */
	for (int q = 1; q < 4; q++)
		assert_int_equal(period_last_day(P(PERIOD_QUARTER, 2024, q)) + 1,
		                 period_first_day(P(PERIOD_QUARTER, 2024, q + 1)));
	assert_int_equal(period_last_day(P(PERIOD_QUARTER, 2024, 4)) + 1,
	                 period_first_day(P(PERIOD_YEAR, 2025, 0)));
}

static void test_period_month_of(void **state)
{
	(void)state;
	struct period p = period_month_of(date_from_ymd(2024, 2, 29));
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.n, 2);
	/* testcase: first and last day of a month */
	p = period_month_of(date_from_ymd(2024, 12, 31));
	assert_int_equal(p.n, 12);
	p = period_month_of(date_from_ymd(2025, 1, 1));
	assert_int_equal(p.year, 2025);
	assert_int_equal(p.n, 1);
	p = period_month_of(-1); /* testcase: a day before the epoch */
	assert_int_equal(p.year, 1969);
	assert_int_equal(p.n, 12);
}

static void test_period_contains(void **state)
{
	(void)state;
	struct period y = P(PERIOD_YEAR, 2024, 0);
	struct period q3 = P(PERIOD_QUARTER, 2024, 3);
	struct period q4 = P(PERIOD_QUARTER, 2024, 4);
	struct period jul = P(PERIOD_MONTH, 2024, 7);
	struct period sep = P(PERIOD_MONTH, 2024, 9);
	struct period oct = P(PERIOD_MONTH, 2024, 10);
	struct period dec = P(PERIOD_MONTH, 2024, 12);
	struct period jan25 = P(PERIOD_MONTH, 2025, 1);
	assert_true(period_contains(y, q3));
	assert_true(period_contains(y, jul));
	assert_true(period_contains(q3, jul));   /* testcase: first month */
	assert_true(period_contains(q3, sep));   /* testcase: last month */
	assert_false(period_contains(q3, oct));  /* testcase: month after */
	assert_true(period_contains(q4, dec));
	assert_false(period_contains(q4, jan25)); /* testcase: next year */
	assert_false(period_contains(y, jan25));
	assert_false(period_contains(jul, q3));  /* testcase: inner is larger */
	assert_false(period_contains(q3, y));
	assert_false(period_contains(q3, q4));
	assert_true(period_contains(y, y));      /* testcase: itself */
	assert_true(period_contains(q3, q3));
	assert_true(period_contains(jul, jul));
	assert_false(period_contains(P(PERIOD_YEAR, 2023, 0), jul));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_numbers),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_sentinels),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_valid_ymd),
		cmocka_unit_test(test_date_parse_format),
		cmocka_unit_test(test_datetime_offsets),
		cmocka_unit_test(test_datetime_date_only),
		cmocka_unit_test(test_datetime_bad),
		cmocka_unit_test(test_datetime_format),
		cmocka_unit_test(test_datetime_local_text),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_period_parse_format),
		cmocka_unit_test(test_period_bounds),
		cmocka_unit_test(test_period_month_of),
		cmocka_unit_test(test_period_contains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
