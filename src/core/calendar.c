/*
 * Working-day calendar and Vietnamese lunar calendar; see calendar.h.
 *
 * Why it is built this way:
 * - The lunar calendar is astronomy, not a table: a month starts on the
 *   local day (UTC+07:00) of a new moon; month 11 is the one holding the
 *   winter solstice; a year with 13 months between two months 11 has a
 *   leap month, the first that contains no major solar term (the sun's
 *   longitude crosses no multiple of 30 degrees). New moons use the mean
 *   lunation with Meeus' periodic terms (Astronomical Formulae for
 *   Calculators, ch. 32: accurate to a few minutes over 1800-2200) and
 *   the sun's true longitude uses the equation of the centre; both are
 *   the models behind the Vietnamese calendar tables everybody checks
 *   against, so a new moon close to midnight falls on the same day as in
 *   those tables. A different (more precise) model could move such a
 *   month start by a day and disagree with the official calendar.
 *   Timezone matters: Vietnam's and China's calendars differ in some
 *   years (Tết 1985, 2007) because the new moon fell between 16:00 and
 *   17:00 UTC.
 * - The holidays are data twice over. The statutory rules come with the
 *   dates they are in force (calendar_rule; data/calendar/rules.json:
 *   Labour Code 2012 until 31 Dec 2020 with a one-day National Day, 2019
 *   from 1 Jan 2021 with two), so a year is computed under the law of its
 *   own dates and a new holiday (24 Nov is planned) is one more rule, not
 *   code. The government fixes the real days each year (Tết is 5 days by
 *   law but officially 7 to 9 with swaps): those decisions arrive as
 *   per-year overrides (data/calendar/YYYY.json, loaded by app/), which
 *   replace the statutory days of the occasions they name. The rules are
 *   only a guess for a year without a decision, and the days of such a
 *   year say so in their source.
 * - Lookups during a 10-million-row import must be cheap and
 *   thread-safe: calendar_finish turns 1900..2199 into one bitmap of
 *   days off (14 KB); other years are computed per call.
 */
#include "core/calendar.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/datetime.h"
#include "base/mem.h"

#define JDN_EPOCH 2440588L       /* Julian day number of 1970-01-01 */
#define JDN_1900 2415021L        /* Julian day number of 1900-01-01 */
#define LUNATION 29.530588853    /* mean synodic month, days */
#define NEW_MOON_0 2415021.076998695 /* JD (UTC+7 day scale) of lunation 0 */
#define TZ_DAYS (7.0 / 24.0)
#define PI 3.14159265358979323846

#define FIRST_YEAR 1900
#define LAST_YEAR 2199
#define MAX_YEAR_DAYS 128 /* entries of one year's list (a year has ~20) */

/* ---- astronomy ---- */

static double sin_deg(double deg)
{
	return sin(deg * (PI / 180.0));
}

/* Julian ephemeris day of new moon number k (k = 0: January 1900),
 * corrected to universal time. */
static double new_moon_jd(long k)
{
	double t = (double)k / 1236.85;
	double t2 = t * t, t3 = t2 * t;
	double mean = 2415020.75933 + 29.53058868 * (double)k + 0.0001178 * t2 -
	              0.000000155 * t3 + 0.00033 * sin_deg(166.56 + 132.87 * t - 0.009173 * t2);
	/* the sun's and the moon's mean anomalies, the moon's argument of
	 * latitude, in degrees */
	double sun_m = 359.2242 + 29.10535608 * (double)k - 0.0000333 * t2 - 0.00000347 * t3;
	double moon_m = 306.0253 + 385.81691806 * (double)k + 0.0107306 * t2 + 0.00001236 * t3;
	double f = 21.2964 + 390.67050646 * (double)k - 0.0016528 * t2 - 0.00000239 * t3;
	double periodic = (0.1734 - 0.000393 * t) * sin_deg(sun_m) + 0.0021 * sin_deg(2 * sun_m) -
	                  0.4068 * sin_deg(moon_m) + 0.0161 * sin_deg(2 * moon_m) -
	                  0.0004 * sin_deg(3 * moon_m) + 0.0104 * sin_deg(2 * f) -
	                  0.0051 * sin_deg(sun_m + moon_m) - 0.0074 * sin_deg(sun_m - moon_m) +
	                  0.0004 * sin_deg(2 * f + sun_m) - 0.0004 * sin_deg(2 * f - sun_m) -
	                  0.0006 * sin_deg(2 * f + moon_m) + 0.0010 * sin_deg(2 * f - moon_m) +
	                  0.0005 * sin_deg(2 * moon_m + sun_m);
	/* ephemeris time minus universal time, in days */
	double delta_t = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
	                               0.000000081 * t * t3
	                         : -0.000278 + 0.000265 * t + 0.000262 * t2;
	return mean + periodic - delta_t;
}

/* Local (UTC+7) Julian day number of the day of new moon k. */
static long new_moon_day(long k)
{
	return (long)floor(new_moon_jd(k) + 0.5 + TZ_DAYS);
}

/* Which 30-degree sector (0..11, 0 = spring equinox) the sun's apparent
 * longitude is in at local midnight starting Julian day number jdn. */
static int sun_sector(long jdn)
{
	double t = ((double)jdn - 2451545.5 - TZ_DAYS) / 36525.0; /* centuries from J2000 */
	double t2 = t * t;
	double mean_anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	double mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin_deg(mean_anomaly) +
	                (0.019993 - 0.000101 * t) * sin_deg(2 * mean_anomaly) +
	                0.000290 * sin_deg(3 * mean_anomaly);
	double lon = fmod(mean_longitude + centre, 360.0);
	if (lon < 0)
		lon += 360.0;
	int s = (int)(lon / 30.0);
	return s > 11 ? 11 : s;
}

static long jdn_of(int y, int m, int d)
{
	return (long)date_from_ymd(y, m, d) + JDN_EPOCH;
}

/* Julian day number on which lunar month 11 (the month of the winter
 * solstice) begins, for the solstice of Gregorian year y. */
static long month11_start(int y)
{
	long off = jdn_of(y, 12, 31) - JDN_1900;
	long k = (long)floor((double)off / LUNATION);
	long start = new_moon_day(k);
	/* the sun past 270 degrees when this month begins: the solstice was
	 * in the month before */
	if (sun_sector(start) >= 9)
		start = new_moon_day(k - 1);
	return start;
}

/* Lunation number of the new moon that starts on day jdn (a month start). */
static long lunation_of(long jdn)
{
	return (long)floor(((double)jdn - NEW_MOON_0) / LUNATION + 0.5);
}

/* In a 13-month year whose month 11 starts on a11: how many months after
 * month 11 the leap month comes (the first month without a major term:
 * the sun is in the same sector when it starts and when the next starts). */
static int leap_offset(long a11)
{
	long k = lunation_of(a11);
	int i = 1;
	int sector = sun_sector(new_moon_day(k + 1)), last;
	do {
		last = sector;
		i++;
		sector = sun_sector(new_moon_day(k + i));
	} while (sector != last && i < 14);
	return i - 1;
}

struct lunar_date lunar_from_solar(int32_t day)
{
	long jdn = (long)day + JDN_EPOCH;
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	/* the new moon on or before the day: the mean lunation count can be
	 * one off (2054-05-07, 2062-04-09), so step back as needed */
	long k = (long)floor(((double)jdn - NEW_MOON_0) / LUNATION) + 1;
	long start = new_moon_day(k);
	while (start > jdn)
		start = new_moon_day(--k);
	for (long next = new_moon_day(k + 1); next <= jdn; next = new_moon_day(k + 1)) {
		start = next;
		k++;
	}
	long a11 = month11_start(y), b11;
	int year;
	if (a11 >= start) {
		year = y;
		b11 = a11;
		a11 = month11_start(y - 1);
	} else {
		year = y + 1;
		b11 = month11_start(y + 1);
	}
	struct lunar_date l = {0};
	l.day = (int)(jdn - start + 1);
	int diff = (int)floor((double)(start - a11) / 29.0); /* months after month 11 */
	l.month = diff + 11;
	if (b11 - a11 > 365) {
		int leap = leap_offset(a11);
		if (diff >= leap) {
			l.month = diff + 10;
			l.leap = diff == leap;
		}
	}
	if (l.month > 12)
		l.month -= 12;
	if (l.month >= 11 && diff < 4)
		year--;
	l.year = year;
	return l;
}

bool lunar_to_solar(struct lunar_date l, int32_t *out)
{
	if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > 30)
		return false;
	long a11, b11;
	if (l.month < 11) {
		a11 = month11_start(l.year - 1);
		b11 = month11_start(l.year);
	} else {
		a11 = month11_start(l.year);
		b11 = month11_start(l.year + 1);
	}
	long k = lunation_of(a11);
	int off = l.month - 11;
	if (off < 0)
		off += 12;
	if (b11 - a11 > 365) {
		int leap = leap_offset(a11);
		int leap_month = leap - 2;
		if (leap_month <= 0)
			leap_month += 12;
		if (l.leap && l.month != leap_month)
			return false;
		if (l.leap || off >= leap)
			off++;
	} else if (l.leap) {
		return false;
	}
	long start = new_moon_day(k + off);
	long next = new_moon_day(k + off + 1);
	if (l.day > next - start)
		return false;
	*out = (int32_t)(start + l.day - 1 - JDN_EPOCH);
	return true;
}

int32_t lunar_new_year(int year)
{
	int32_t d = 0;
	lunar_to_solar((struct lunar_date){year, 1, 1, false}, &d);
	return d;
}

/* ---- holidays ---- */

static const struct {
	const char *key, *vi, *en;
} holidays[HOL_COUNT] = {
	[HOL_NEW_YEAR] = {"new_year", "Tết Dương lịch", "New Year's Day"},
	[HOL_TET] = {"tet", "Tết Nguyên đán", "Lunar New Year (Tết)"},
	[HOL_HUNG_KINGS] = {"hung_kings", "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration"},
	[HOL_REUNIFICATION] = {"reunification", "Ngày Chiến thắng", "Reunification Day"},
	[HOL_LABOUR] = {"labour", "Ngày Quốc tế Lao động", "International Labour Day"},
	[HOL_NATIONAL_DAY] = {"national_day", "Quốc khánh", "National Day"},
	[HOL_CULTURE_DAY] = {"culture_day", "Ngày Văn hóa Việt Nam", "Vietnamese Culture Day"},
};

const char *holiday_key(enum holiday h)
{
	return h < HOL_COUNT ? holidays[h].key : "";
}

const char *holiday_name_vi(enum holiday h)
{
	return h < HOL_COUNT ? holidays[h].vi : "";
}

const char *holiday_name_en(enum holiday h)
{
	return h < HOL_COUNT ? holidays[h].en : "";
}

bool holiday_parse(const char *key, enum holiday *out)
{
	for (int h = 0; h < HOL_COUNT; h++)
		if (!strcmp(key, holidays[h].key)) {
			*out = (enum holiday)h;
			return true;
		}
	return false;
}

struct year_override {
	int year;
	struct calendar_days_off *off;
	size_t noff;
	int32_t *worked;
	const char **worked_source;
	size_t nworked;
};

/* A rule with its sources as shown for a statutory day: in a year whose
 * decision does not name the occasion, and in a year with no decision
 * (the guess). */
struct rule_entry {
	struct calendar_rule r;
	const char *partial, *guess;           /* the holiday */
	const char *comp_partial, *comp_guess; /* its compensatory days */
};

struct calendar {
	struct arena *arena;
	struct year_override *years;
	size_t nyears;
	struct rule_entry *rules;
	size_t nrules;
	int32_t first_day;    /* day number of FIRST_YEAR-01-01 */
	size_t ndays;         /* days FIRST_YEAR..LAST_YEAR */
	unsigned char *off;   /* bitmap: 1 = not a working day */
	bool finished;
};

struct calendar *calendar_new(void)
{
	struct calendar *c = xcalloc(1, sizeof *c);
	c->arena = arena_new();
	return c;
}

void calendar_free(struct calendar *c)
{
	if (!c)
		return;
	free(c->off);
	free(c->years);
	free(c->rules);
	arena_free(c->arena);
	free(c);
}

static const struct year_override *find_year(const struct calendar *c, int year)
{
	for (size_t i = 0; i < c->nyears; i++)
		if (c->years[i].year == year)
			return &c->years[i];
	return NULL;
}

bool calendar_year_decided(const struct calendar *c, int year)
{
	return find_year(c, year) != NULL;
}

static bool weekend(int32_t day)
{
	return date_weekday(day) >= 5;
}

static bool in_year(int32_t day, int year)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return y == year;
}

bool calendar_override(struct calendar *c, int year, const struct calendar_days_off *off,
                       size_t noff, const int32_t *worked, const char *const *worked_source,
                       size_t nworked, char *err, size_t errsz)
{
	bool named[HOL_COUNT] = {0};
	for (size_t i = 0; i < noff; i++) {
		char a[11], b[11];
		date_format(off[i].from, a);
		date_format(off[i].to, b);
		if (off[i].from > off[i].to || !in_year(off[i].from, year) || !in_year(off[i].to, year)) {
			snprintf(err, errsz,
			         "ngày nghỉ %s..%s không thuộc năm %d | days off %s..%s are not within %d",
			         a, b, year, a, b, year);
			return false;
		}
		if (off[i].noccasions == 0 || off[i].noccasions > HOL_COUNT) {
			snprintf(err, errsz, "nhóm ngày nghỉ %s..%s không ghi dịp lễ nào | "
			         "days off %s..%s name no occasion", a, b, a, b);
			return false;
		}
		for (size_t k = 0; k < off[i].noccasions; k++) {
			enum holiday h = off[i].occasions[k];
			if (h >= HOL_COUNT || named[h]) {
				snprintf(err, errsz, "dịp lễ \"%s\" được ghi hai lần | occasion \"%s\" given twice",
				         holiday_key(h), holiday_key(h));
				return false;
			}
			named[h] = true;
		}
	}
	for (size_t i = 0; i < nworked; i++) {
		char a[11];
		date_format(worked[i], a);
		if (!in_year(worked[i], year) || !weekend(worked[i])) {
			snprintf(err, errsz, "ngày làm bù %s phải là thứ Bảy hoặc Chủ nhật của năm %d | "
			         "worked day %s must be a Saturday or Sunday of %d", a, year, a, year);
			return false;
		}
	}
	struct year_override *y = NULL;
	for (size_t i = 0; i < c->nyears; i++)
		if (c->years[i].year == year)
			y = &c->years[i];
	if (!y) {
		c->years = xrealloc(c->years, size_mul(c->nyears + 1, sizeof *c->years));
		y = &c->years[c->nyears++];
	}
	y->year = year;
	y->off = arena_array(c->arena, noff ? noff : 1, sizeof *y->off);
	for (size_t i = 0; i < noff; i++) {
		y->off[i] = off[i];
		y->off[i].source = arena_strdup(c->arena, off[i].source ? off[i].source : "");
	}
	y->noff = noff;
	y->worked = arena_array(c->arena, nworked ? nworked : 1, sizeof *y->worked);
	y->worked_source = arena_array(c->arena, nworked ? nworked : 1, sizeof *y->worked_source);
	for (size_t i = 0; i < nworked; i++) {
		y->worked[i] = worked[i];
		y->worked_source[i] = arena_strdup(c->arena, worked_source && worked_source[i]
		                                                 ? worked_source[i] : "");
	}
	y->nworked = nworked;
	return true;
}

/* "vi | en" with a prefix on each side ("vi" alone serves both). */
static const char *prefixed(struct arena *a, const char *vi_prefix, const char *en_prefix,
                            const char *src)
{
	const char *bar = strstr(src, " | ");
	int vi_len = bar ? (int)(bar - src) : (int)strlen(src);
	const char *en = bar ? bar + 3 : src;
	size_t n = strlen(vi_prefix) + strlen(en_prefix) + strlen(src) * 2 + 8;
	char *out = arena_alloc(a, n);
	snprintf(out, n, "%s%.*s | %s%s", vi_prefix, vi_len, src, en_prefix, en);
	return out;
}

static bool valid_solar(int m, int d)
{
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int y, mm, dd;
	date_to_ymd(date_from_ymd(2024, m, d), &y, &mm, &dd); /* a leap year */
	return mm == m && dd == d;
}

bool calendar_rule(struct calendar *c, const struct calendar_rule *r, char *err, size_t errsz)
{
	const char *key = holiday_key(r->occasion);
	if (r->occasion >= HOL_COUNT) {
		snprintf(err, errsz, "dịp lễ không rõ | unknown occasion");
		return false;
	}
	if (r->from > r->to || r->days < 1 || r->days > 9 || r->first < -9 || r->first > 9 ||
	    (r->adjacent && r->days != 2)) {
		snprintf(err, errsz, "quy tắc \"%s\": hiệu lực, số ngày (1..9) hoặc ngày liền kề "
		         "(2 ngày) không hợp lệ | rule \"%s\": invalid effective dates, number of "
		         "days (1..9) or adjacent day (2 days)", key, key);
		return false;
	}
	bool date_ok = r->anchor == ANCHOR_LUNAR_NEW_YEAR ||
	               (r->anchor == ANCHOR_SOLAR && valid_solar(r->month, r->day)) ||
	               (r->anchor == ANCHOR_LUNAR && r->month >= 1 && r->month <= 12 &&
	                r->day >= 1 && r->day <= 30);
	if (!date_ok) {
		snprintf(err, errsz, "quy tắc \"%s\": ngày không hợp lệ | rule \"%s\": invalid date",
		         key, key);
		return false;
	}
	for (size_t i = 0; i < c->nrules; i++) {
		const struct calendar_rule *o = &c->rules[i].r;
		if (o->occasion == r->occasion && o->from <= r->to && r->from <= o->to) {
			char a[11], b[11];
			date_format(r->from > o->from ? r->from : o->from, a);
			date_format(r->to < o->to ? r->to : o->to, b);
			snprintf(err, errsz, "hai quy tắc \"%s\" cùng hiệu lực từ %s đến %s | two "
			         "\"%s\" rules are both in force from %s to %s", key, a, b, key, a, b);
			return false;
		}
	}
	c->rules = xrealloc(c->rules, size_mul(c->nrules + 1, sizeof *c->rules));
	struct rule_entry *e = &c->rules[c->nrules++];
	e->r = *r;
	const char *src = r->source && *r->source ? r->source : key;
	e->r.source = arena_strdup(c->arena, src);
	e->r.compensatory = r->compensatory ? arena_strdup(c->arena, r->compensatory) : NULL;
	e->partial = prefixed(c->arena, "Quyết định của năm không nêu dịp này; theo luật: ",
	                      "The year's decision does not name this occasion; by statute: ", src);
	e->guess = prefixed(c->arena, "Chưa có quyết định của Chính phủ cho năm này; dự đoán theo luật: ",
	                    "No government decision for this year yet; statutory guess: ", src);
	const char *comp = e->r.compensatory ? e->r.compensatory : "";
	e->comp_partial = prefixed(c->arena, "Nghỉ bù theo luật: ", "Compensatory day by statute: ",
	                           comp);
	e->comp_guess = prefixed(c->arena, "Chưa có quyết định của Chính phủ cho năm này; nghỉ bù "
	                         "dự đoán theo luật: ", "No government decision for this year yet; "
	                         "statutory guess of the compensatory day: ", comp);
	return true;
}

/* The rule of occasion h in force in year y (NULL: none), and its
 * anchor day. */
static const struct rule_entry *rule_in_force(const struct calendar *c, enum holiday h, int y,
                                              int32_t *anchor)
{
	for (size_t i = 0; i < c->nrules; i++) {
		const struct rule_entry *e = &c->rules[i];
		if (e->r.occasion != h)
			continue;
		int32_t d = 0;
		switch (e->r.anchor) {
		case ANCHOR_SOLAR:
			d = date_from_ymd(y, e->r.month, e->r.day);
			break;
		case ANCHOR_LUNAR:
			if (!lunar_to_solar((struct lunar_date){y, e->r.month, e->r.day, false}, &d))
				continue;
			break;
		case ANCHOR_LUNAR_NEW_YEAR:
			d = lunar_new_year(y);
			break;
		}
		if (d >= e->r.from && d <= e->r.to) {
			*anchor = d;
			return e;
		}
	}
	return NULL;
}

/* The statutory days of occasion h in year y (at most 9) and the rule
 * that gives them (NULL and 0 days when none is in force). */
static size_t statutory_days(const struct calendar *c, enum holiday h, int y, int32_t *out,
                             const struct rule_entry **rule)
{
	int32_t anchor;
	const struct rule_entry *e = rule_in_force(c, h, y, &anchor);
	*rule = e;
	if (!e)
		return 0;
	int32_t first = anchor + e->r.first;
	if (e->r.adjacent) {
		/* the anchor and "the day before or after" (the government picks
		 * it; the guess joins the holiday to a weekend as in 2021-2025) */
		static const int after[7] = {1, 0, 0, 1, 0, 0, 1}; /* Mon .. Sun */
		first = after[date_weekday(anchor)] ? anchor : anchor - 1;
	}
	size_t n = 0;
	for (int i = 0; i < e->r.days; i++)
		out[n++] = first + i;
	return n;
}

static int cmp_day(const void *a, const void *b)
{
	const struct calendar_day *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static bool listed(const struct calendar_day *v, size_t n, int32_t day)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].day == day && v[i].kind != CAL_WORKING_DAY)
			return true;
	return false;
}

/* Builds the year's list into v (capacity MAX_YEAR_DAYS), sorted. */
static size_t build_year(const struct calendar *c, int year, struct calendar_day *v)
{
	size_t n = 0;
	bool decided[HOL_COUNT] = {0};
	const struct year_override *y = find_year(c, year);
	const struct rule_entry *rule;
	if (y) {
		for (size_t i = 0; i < y->noff; i++) {
			const struct calendar_days_off *o = &y->off[i];
			for (size_t k = 0; k < o->noccasions; k++)
				decided[o->occasions[k]] = true;
			for (int32_t d = o->from; d <= o->to && n < MAX_YEAR_DAYS; d++) {
				/* name the day after its own occasion when it is one */
				enum holiday h = o->occasions[0];
				for (size_t k = 0; k < o->noccasions; k++) {
					int32_t s[9];
					size_t ns = statutory_days(c, o->occasions[k], year, s, &rule);
					for (size_t j = 0; j < ns; j++)
						if (s[j] == d)
							h = o->occasions[k];
				}
				v[n++] = (struct calendar_day){d, CAL_HOLIDAY, h, o->source};
			}
		}
	}
	size_t first_statutory = n;
	for (int h = 0; h < HOL_COUNT; h++) {
		if (decided[h])
			continue;
		int32_t s[9];
		size_t ns = statutory_days(c, (enum holiday)h, year, s, &rule);
		for (size_t j = 0; j < ns && n < MAX_YEAR_DAYS; j++)
			if (!listed(v, n, s[j]))
				v[n++] = (struct calendar_day){s[j], CAL_HOLIDAY, (enum holiday)h,
				                               y ? rule->partial : rule->guess};
	}
	/* compensatory days for statutory days on a weekend, in date order,
	 * where the rule in force gives them */
	size_t nstat = n - first_statutory;
	qsort(v + first_statutory, nstat, sizeof *v, cmp_day);
	for (size_t i = first_statutory; i < first_statutory + nstat; i++) {
		int32_t s[9];
		statutory_days(c, v[i].occasion, year, s, &rule);
		if (!weekend(v[i].day) || !rule || !rule->r.compensatory)
			continue;
		int32_t d = v[i].day + 1;
		while (weekend(d) || listed(v, n, d))
			d++;
		if (n < MAX_YEAR_DAYS)
			v[n++] = (struct calendar_day){d, CAL_COMPENSATORY, v[i].occasion,
			                               y ? rule->comp_partial : rule->comp_guess};
	}
	if (y) {
		for (size_t i = 0; i < y->nworked && n < MAX_YEAR_DAYS; i++) {
			/* a worked day pays back the nearest occasion before it (or
			 * within the two weeks after it: a Saturday worked ahead) */
			enum holiday h = HOL_NEW_YEAR;
			int32_t best = INT32_MIN;
			for (size_t k = 0; k < n; k++)
				if (v[k].kind != CAL_WORKING_DAY && v[k].day > best &&
				    v[k].day <= y->worked[i] + 14) {
					best = v[k].day;
					h = v[k].occasion;
				}
			v[n++] = (struct calendar_day){y->worked[i], CAL_WORKING_DAY, h,
			                               y->worked_source[i]};
		}
	}
	qsort(v, n, sizeof *v, cmp_day);
	return n;
}

size_t calendar_year(const struct calendar *c, int year, struct calendar_day *out, size_t max)
{
	struct calendar_day v[MAX_YEAR_DAYS];
	size_t n = build_year(c, year, v);
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = v[i];
	return n;
}

void calendar_finish(struct calendar *c)
{
	c->first_day = date_from_ymd(FIRST_YEAR, 1, 1);
	c->ndays = (size_t)(date_from_ymd(LAST_YEAR + 1, 1, 1) - c->first_day);
	free(c->off);
	c->off = xcalloc((c->ndays + 7) / 8, 1);
	for (size_t i = 0; i < c->ndays; i++)
		if (weekend(c->first_day + (int32_t)i))
			c->off[i / 8] |= (unsigned char)(1u << (i % 8));
	for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
		struct calendar_day v[MAX_YEAR_DAYS];
		size_t n = build_year(c, y, v);
		for (size_t i = 0; i < n; i++) {
			int64_t idx = (int64_t)v[i].day - c->first_day;
			if (idx < 0 || (size_t)idx >= c->ndays)
				continue;
			if (v[i].kind == CAL_WORKING_DAY)
				c->off[idx / 8] &= (unsigned char)~(1u << (idx % 8));
			else
				c->off[idx / 8] |= (unsigned char)(1u << (idx % 8));
		}
	}
	c->finished = true;
}

bool calendar_is_working_day(const struct calendar *c, int32_t day)
{
	if (c->finished) {
		int64_t idx = (int64_t)day - c->first_day;
		if (idx >= 0 && (size_t)idx < c->ndays)
			return !(c->off[idx / 8] & (1u << (idx % 8)));
	}
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	struct calendar_day v[MAX_YEAR_DAYS];
	size_t n = build_year(c, y, v);
	bool working = !weekend(day);
	for (size_t i = 0; i < n; i++)
		if (v[i].day == day)
			working = v[i].kind == CAL_WORKING_DAY;
	return working;
}

int64_t calendar_add_working_days(const struct calendar *c, int64_t t, int n)
{
	int32_t d = datetime_local_date(t);
	if (n <= 0) {
		while (!calendar_is_working_day(c, d))
			d++;
	} else {
		for (int i = 0; i < n; i++) {
			d++;
			while (!calendar_is_working_day(c, d))
				d++;
		}
	}
	return datetime_from_local_date(d) + 86399;
}

int calendar_working_days_between(const struct calendar *c, int32_t from, int32_t to)
{
	int n = 0;
	for (int32_t d = from + 1; d <= to && d > from; d++)
		n += calendar_is_working_day(c, d);
	return n;
}
