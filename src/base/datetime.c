/*
 * Dates, instants and periods; see datetime.h and docs/internals/datetime.md.
 *
 * Why it is built this way:
 * - Day numbers use Howard Hinnant's days_from_civil / civil_from_days
 *   idea (shift the year to start in March so the leap day is last, then
 *   count 400-year eras of 146097 days). It is exact for the proleptic
 *   Gregorian calendar, needs no tables and no libc time zone code, and
 *   the same arithmetic serves every function here.
 * - Vietnam has one fixed offset (UTC+07:00, no DST), so local time is
 *   "UTC + 25200 s" and we never call localtime() (whose result depends on
 *   the TZ of the machine running the server).
 * - Parsers read fixed positions of a counted buffer: every form has a
 *   known length, so a length check plus digit checks at each position is
 *   the whole grammar, with no sscanf and no reliance on a NUL.
 * - Internal arithmetic is in int64_t, and every conversion back to int32
 *   day numbers is clamped, so DATE_MIN/DATE_MAX or hostile instants never
 *   overflow (UBSan runs the tests).
 *
 * Invariants: every value a parser accepts lies in years 0001..9999 (local
 * time for instants) and formats back to a string that re-parses to the
 * same value (tests/fuzz/fuzz_datetime.c checks this).
 */
#include <string.h>
#include "base/clock.h"
#include "base/datetime.h"

#include <time.h>

#define SECS_PER_DAY 86400
#define YEAR_FIRST 1
#define YEAR_LAST 9999
#define OFFSET_MAX (14 * 3600) /* the widest real offsets are -12:00/+14:00 */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b; /* not a - floor_div(a, b) * b: that overflows */
	if (r != 0 && ((r < 0) != (b < 0)))
		r += b;
	return r;
}

static int32_t clamp_days(int64_t days)
{
	if (days < INT32_MIN)
		return INT32_MIN;
	if (days > INT32_MAX)
		return INT32_MAX;
	return (int32_t)days;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* days_from_civil for any y and a month 1..12 (others are clamped):
 * whole 400-year eras (146097 days) move y into 1..400, where
 * date_from_valid_ymd needs no floor division; days are linear in d. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	if (m < 1)
		m = 1;
	if (m > 12)
		m = 12;
	int64_t eras = floor_div(y - 1, 400);
	return eras * 146097 + date_from_valid_ymd((int)(y - eras * 400), (int)m, 1) + (d - 1);
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                 /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                               /* [0, 11] */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int32_t date_from_ymd(int y, int m, int d)
{
	return clamp_days(days_from_civil(y, m, d));
}

void date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int64_t yy;
	civil_from_days(days, &yy, m, d);
	*y = (int)yy; /* |days| < 2^31 keeps the year within +-5.9 million */
}

int date_days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	if (y < YEAR_FIRST || y > YEAR_LAST || m < 1 || m > 12)
		return false;
	return d >= 1 && d <= date_days_in_month(y, m);
}

int date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	return (int)floor_mod((int64_t)days + 3, 7);
}

/* Reads exactly width ASCII digits at s; false if any is not a digit. */
static bool read_digits(const char *s, int width, int *out)
{
	int v = 0;
	for (int i = 0; i < width; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Writes v (0 <= v < 10^width) as exactly width digits. */
static void put_digits(char *out, int width, int v)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* "YYYY-MM-DD" at s, which has at least 10 bytes. */
static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (s[4] != '-' || s[7] != '-')
		return false;
	if (!read_digits(s, 4, y) || !read_digits(s + 5, 2, m) ||
	    !read_digits(s + 8, 2, d))
		return false;
	return date_valid_ymd(*y, *m, *d);
}

bool date_parse(const char *s, size_t n, int32_t *out)
{
	int y, m, d;
	if (n != 10 || !parse_ymd(s, &y, &m, &d))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

static int32_t first_valid_day(void)
{
	return date_from_ymd(YEAR_FIRST, 1, 1);
}

static int32_t last_valid_day(void)
{
	return date_from_ymd(YEAR_LAST, 12, 31);
}

void date_format(int32_t days, char out[11])
{
	int y, m, d;
	if (days < first_valid_day())
		days = first_valid_day();
	if (days > last_valid_day())
		days = last_valid_day();
	date_to_ymd(days, &y, &m, &d);
	put_digits(out, 4, y);
	out[4] = '-';
	put_digits(out + 5, 2, m);
	out[7] = '-';
	put_digits(out + 8, 2, d);
	out[10] = 0;
}

int32_t date_today(void)
{
	return clock_today();
}

int32_t datetime_local_date(int64_t t)
{
	/* floor((t + offset) / day) without computing t + offset (overflow) */
	int64_t days = floor_div(t, SECS_PER_DAY);
	if (floor_mod(t, SECS_PER_DAY) + VN_UTC_OFFSET >= SECS_PER_DAY)
		days++;
	return clamp_days(days);
}

int64_t datetime_from_local_date(int32_t days)
{
	return (int64_t)days * SECS_PER_DAY - VN_UTC_OFFSET;
}

/* "+HH:MM" or "-HH:MM" at s (6 bytes) into seconds east of UTC. */
static bool parse_offset(const char *s, int *out)
{
	int hh, mm;
	if ((s[0] != '+' && s[0] != '-') || s[3] != ':')
		return false;
	if (!read_digits(s + 1, 2, &hh) || !read_digits(s + 4, 2, &mm))
		return false;
	if (mm > 59 || hh * 3600 + mm * 60 > OFFSET_MAX)
		return false;
	*out = (s[0] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
	return true;
}

bool datetime_parse(const char *s, size_t n, bool allow_date, int64_t *out,
                    bool *date_only)
{
	int y, mo, d, hh, mi, ss = 0, offset = VN_UTC_OFFSET;
	size_t pos;
	if (n == 10 && allow_date) {
		int32_t day;
		if (!date_parse(s, n, &day))
			return false;
		*out = datetime_from_local_date(day) + SECS_PER_DAY - 1;
		if (date_only)
			*date_only = true;
		return true;
	}
	/* "YYYY-MM-DDTHH:MM" is the shortest full form */
	if (n < 16 || !parse_ymd(s, &y, &mo, &d) || s[10] != 'T' || s[13] != ':')
		return false;
	if (!read_digits(s + 11, 2, &hh) || !read_digits(s + 14, 2, &mi))
		return false;
	if (hh > 23 || mi > 59)
		return false;
	pos = 16;
	if (n - pos >= 3 && s[pos] == ':') {
		if (!read_digits(s + pos + 1, 2, &ss) || ss > 59)
			return false;
		pos += 3;
	}
	if (n - pos == 1 && s[pos] == 'Z') {
		offset = 0;
		pos += 1;
	} else if (n - pos == 6) {
		if (!parse_offset(s + pos, &offset))
			return false;
		pos += 6;
	}
	if (pos != n)
		return false;
	int64_t t = datetime_from_local_date(date_from_ymd(y, mo, d)) +
	            VN_UTC_OFFSET - offset + hh * 3600 + mi * 60 + ss;
	/* An offset can move the instant outside years 1..9999 local time,
	 * where it could not be formatted back: refuse it. */
	int32_t local = datetime_local_date(t);
	if (local < first_valid_day() || local > last_valid_day())
		return false;
	*out = t;
	if (date_only)
		*date_only = false;
	return true;
}

void datetime_format(int64_t t, char out[26])
{
	int64_t lo = datetime_from_local_date(first_valid_day());
	int64_t hi = datetime_from_local_date(last_valid_day()) + SECS_PER_DAY - 1;
	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	int32_t day = datetime_local_date(t);
	int secs = (int)(t - datetime_from_local_date(day)); /* [0, 86399] */
	date_format(day, out);
	out[10] = 'T';
	put_digits(out + 11, 2, secs / 3600);
	out[13] = ':';
	put_digits(out + 14, 2, secs / 60 % 60);
	out[16] = ':';
	put_digits(out + 17, 2, secs % 60);
	out[19] = '+';
	put_digits(out + 20, 2, VN_UTC_OFFSET / 3600);
	out[22] = ':';
	put_digits(out + 23, 2, VN_UTC_OFFSET / 60 % 60);
	out[25] = 0;
}

void datetime_format_local(int64_t t, char out[DATETIME_LOCAL_LEN])
{
	char iso[26];
	datetime_format(t, iso); /* YYYY-MM-DDTHH:MM:SS+07:00, clamped */
	memcpy(out, iso + 8, 2);
	out[2] = '/';
	memcpy(out + 3, iso + 5, 2);
	out[5] = '/';
	memcpy(out + 6, iso, 4);
	out[10] = ' ';
	memcpy(out + 11, iso + 11, 5);
	out[16] = 0;
}

const char *datetime_text_local(const char *iso, char out[DATETIME_LOCAL_LEN])
{
	int64_t t;
	const char *orig = iso ? iso : "";
	size_t n = iso ? strlen(iso) : 0;
	/* stored times may carry fractions of a second: "...:07.123Z" */
	char buf[40];
	if (n > 20 && n < sizeof buf && iso[19] == '.') {
		size_t k = 20;
		while (k < n && iso[k] >= '0' && iso[k] <= '9')
			k++;
		memcpy(buf, iso, 19);
		memcpy(buf + 19, iso + k, n - k);
		n = 19 + (n - k);
		buf[n] = 0;
		iso = buf;
	}
	if (!iso || !datetime_parse(iso, n, false, &t, NULL))
		return orig;
	datetime_format_local(t, out);
	return out;
}

bool period_parse(const char *s, size_t n, struct period *out)
{
	int y, v;
	if (n < 4 || !read_digits(s, 4, &y) || y < YEAR_FIRST)
		return false;
	if (n == 4) {
		*out = (struct period){PERIOD_YEAR, y, 0};
		return true;
	}
	if (s[4] != '-')
		return false;
	if (n == 7 && (s[5] == 'Q' || s[5] == 'q')) {
		if (!read_digits(s + 6, 1, &v) || v < 1 || v > 4)
			return false;
		*out = (struct period){PERIOD_QUARTER, y, v};
		return true;
	}
	if (n == 7) {
		if (!read_digits(s + 5, 2, &v) || v < 1 || v > 12)
			return false;
		*out = (struct period){PERIOD_MONTH, y, v};
		return true;
	}
	return false;
}

void period_format(struct period p, char out[9])
{
	int y = p.year < YEAR_FIRST ? YEAR_FIRST : p.year > YEAR_LAST ? YEAR_LAST : p.year;
	put_digits(out, 4, y);
	switch (p.kind) {
	case PERIOD_QUARTER:
		out[4] = '-';
		out[5] = 'Q';
		put_digits(out + 6, 1, p.n < 1 ? 1 : p.n > 4 ? 4 : p.n);
		out[7] = 0;
		return;
	case PERIOD_MONTH:
		out[4] = '-';
		put_digits(out + 5, 2, p.n < 1 ? 1 : p.n > 12 ? 12 : p.n);
		out[7] = 0;
		return;
	case PERIOD_YEAR:
	default:
		out[4] = 0;
		return;
	}
}

/* First and last month of p (1..12; an out-of-range n is clamped). */
static void period_months(struct period p, int *first, int *last)
{
	int n = p.n < 1 ? 1 : p.n;
	switch (p.kind) {
	case PERIOD_QUARTER:
		n = n > 4 ? 4 : n;
		*first = 3 * (n - 1) + 1;
		*last = 3 * n;
		break;
	case PERIOD_MONTH:
		*first = *last = n > 12 ? 12 : n;
		break;
	case PERIOD_YEAR:
	default:
		*first = 1;
		*last = 12;
		break;
	}
}

int32_t period_first_day(struct period p)
{
	int first, last;
	period_months(p, &first, &last);
	return date_from_ymd(p.year, first, 1);
}

int32_t period_last_day(struct period p)
{
	int first, last;
	period_months(p, &first, &last);
	return date_from_ymd(p.year, last, date_days_in_month(p.year, last));
}

struct period period_month_of(int32_t days)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	return (struct period){PERIOD_MONTH, y, m};
}

bool period_contains(struct period outer, struct period inner)
{
	return period_first_day(outer) <= period_first_day(inner) &&
	       period_last_day(inner) <= period_last_day(outer);
}
