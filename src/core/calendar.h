/*
 * The Vietnamese working-day calendar: Monday to Friday minus the public
 * holidays. Two kinds of data feed it, both given by the caller (app/
 * loads data/calendar/): the statutory rules with the dates they are in
 * force (calendar_rule: Labour Code 2012 until 2020, 2019 from 2021,
 * ...), and the government's decision for each year (calendar_override:
 * the announced days off and the Saturdays worked). A year without a
 * decision falls back to the rules in force (a statutory guess), and its
 * days say so in their source.
 *
 * Lunar dates (Tết, Hùng Kings day) come from the Vietnamese lunar
 * calendar computed from the astronomy at UTC+07:00: mean new moons with
 * the periodic terms of Meeus' "Astronomical Formulae for Calculators",
 * the sun's apparent longitude at local midnight, month 11 holding the
 * winter solstice, and a leap month (the first month of a 13-month year
 * without a major solar term) - the rules of Hồ Ngọc Đức's widely used
 * Vietnamese calendar. Days are base/datetime day numbers.
 *
 * A struct calendar is built once (calendar_new, calendar_override for
 * each year the government decided, calendar_finish) and then only read:
 * reads are thread-safe. Years 1900..2199 are precomputed into a bitmap;
 * other years are computed on each call (slower, same answers).
 * Deadline semantics: calendar_add_working_days. Contract and sources:
 * docs/internals/dossier.md.
 */
#ifndef PARINDEX_CORE_CALENDAR_H
#define PARINDEX_CORE_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lunar_date {
	int year;  /* lunar year (the Gregorian year in which it mostly lies) */
	int month; /* 1..12 */
	int day;   /* 1..30 */
	bool leap; /* the leap (nhuận) month that repeats `month` */
};

/* The lunar date of a Gregorian day (Vietnam, UTC+07:00). */
struct lunar_date lunar_from_solar(int32_t day);
/* The Gregorian day of a lunar date; false when it does not exist (a
 * leap flag on a month that is not the year's leap month, day 30 of a
 * 29-day month). */
bool lunar_to_solar(struct lunar_date l, int32_t *out);
/* The first day of lunar year `year` (Tết Nguyên đán), a Gregorian day
 * of that year (21 Jan .. 20 Feb). */
int32_t lunar_new_year(int year);

/* The holiday occasions (which days each has, and since when, is data:
 * calendar_rule). */
enum holiday {
	HOL_NEW_YEAR,      /* 1 Jan */
	HOL_TET,           /* Lunar New Year */
	HOL_HUNG_KINGS,    /* 10th day of the 3rd lunar month */
	HOL_REUNIFICATION, /* 30 Apr */
	HOL_LABOUR,        /* 1 May */
	HOL_NATIONAL_DAY,  /* 2 Sep (and one adjacent day since 2021) */
	HOL_CULTURE_DAY,   /* 24 Nov, planned: no rule in force yet */
	HOL_COUNT
};

/* "new_year", "tet", "hung_kings", "reunification", "labour",
 * "national_day", "culture_day" (the keys of the data files). */
const char *holiday_key(enum holiday h);
bool holiday_parse(const char *key, enum holiday *out);
const char *holiday_name_vi(enum holiday h);
const char *holiday_name_en(enum holiday h);

enum calendar_kind {
	CAL_HOLIDAY,      /* a day off of the occasion (statutory or decided) */
	CAL_COMPENSATORY, /* nghỉ bù: a weekday off for a holiday on a weekend */
	CAL_WORKING_DAY,  /* a Saturday or Sunday worked (swap, làm bù) */
};

struct calendar_day {
	int32_t day;
	enum calendar_kind kind;
	enum holiday occasion; /* CAL_WORKING_DAY: the occasion it pays back */
	const char *source;    /* the rule or the decision (owned by the calendar) */
};

struct calendar;

/* An empty calendar (weekends only, until rules are added). Never NULL. */
struct calendar *calendar_new(void);
void calendar_free(struct calendar *c);

/* Where a statutory rule puts its anchor day in a year. */
enum calendar_anchor {
	ANCHOR_SOLAR,          /* month/day of the Gregorian year */
	ANCHOR_LUNAR,          /* month/day of the lunar year */
	ANCHOR_LUNAR_NEW_YEAR, /* the first day of the lunar year */
};

/*
 * One statutory rule: occasion `occasion` gives `days` days off starting
 * `first` days from the anchor (Tết under Labour Code 2019: the lunar new
 * year, first -1, 5 days), in every year whose anchor day lies in
 * [from, to] (the dates the law is in force). `adjacent`: the anchor and
 * one day before or after (days must be 2; the guess takes the side that
 * joins a weekend). `compensatory` (NULL: none) is the source of the
 * rule that a day off on a Saturday or Sunday gives the next working day
 * off (nghỉ bù). Sources are "tiếng Việt | English".
 */
struct calendar_rule {
	enum holiday occasion;
	int32_t from, to; /* inclusive */
	enum calendar_anchor anchor;
	int month, day;   /* ANCHOR_SOLAR, ANCHOR_LUNAR */
	int first, days;  /* days 1..9 */
	bool adjacent;
	const char *source;
	const char *compensatory;
};

/* Adds a rule. Returns false (with a sentence "vi | en" in err) when a
 * field is out of range or another rule of the same occasion is in force
 * on an overlapping span. Call before calendar_finish. Strings copied. */
bool calendar_rule(struct calendar *c, const struct calendar_rule *r, char *err, size_t errsz);

/* One decided group of days off for a year: the days replace the
 * statutory days (and compensatory days) of every occasion named. */
struct calendar_days_off {
	enum holiday occasions[HOL_COUNT];
	size_t noccasions;
	int32_t from, to; /* inclusive */
	const char *source;
};

/* Sets the government's decisions for one year (replacing any earlier
 * call for that year): groups of days off and weekend days worked.
 * Occasions not named keep the statutory rule. Returns false (with a
 * sentence in err) when a day lies outside the year, an occasion is
 * named twice, or a worked day is not a Saturday or Sunday. Call before
 * calendar_finish. Strings are copied. */
bool calendar_override(struct calendar *c, int year, const struct calendar_days_off *off,
                       size_t noff, const int32_t *worked, const char *const *worked_source,
                       size_t nworked, char *err, size_t errsz);
/* Builds the lookup tables; afterwards the calendar is read-only. */
void calendar_finish(struct calendar *c);

/* True on a working day: Monday..Friday not off, or a worked weekend day. */
bool calendar_is_working_day(const struct calendar *c, int32_t day);
/* True when `year` has an override (the government's decision); a year
 * without one uses the statutory rules as a guess. */
bool calendar_year_decided(const struct calendar *c, int year);
/* The year's days off and worked weekend days in date order (at most
 * max written; returns how many there are). */
size_t calendar_year(const struct calendar *c, int year, struct calendar_day *out, size_t max);

/*
 * Deadline of a processing time of n working days (n >= 0) for a
 * dossier received at instant t: the end (23:59:59 local) of the n-th
 * working day after the local day of receipt. The day of receipt never
 * counts, whatever the hour; n = 0 means the end of the day of receipt
 * when it is a working day, else of the next working day. So 3 working
 * days from Friday 10:00 end on Wednesday 23:59:59 (no holiday between).
 */
int64_t calendar_add_working_days(const struct calendar *c, int64_t t, int n);
/* Working days d with from < d <= to (0 when to <= from). */
int calendar_working_days_between(const struct calendar *c, int32_t from, int32_t to);
#endif
