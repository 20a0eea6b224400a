/*
 * Dates, times and reporting periods. Everything is Vietnam local time
 * (UTC+07:00, no daylight saving).
 *
 * - A date is an int32 day number: days since 1970-01-01 (proleptic
 *   Gregorian), so ranges and differences are integer arithmetic.
 * - An instant is int64 Unix seconds (UTC).
 * - A period is a year ("2024"), a quarter ("2024-Q3") or a month
 *   ("2024-07"), with its first and last day.
 * Parsers take a pointer and a length (no NUL needed), accept exactly the
 * documented forms and nothing else, and return false on bad input.
 */
#ifndef PARINDEX_BASE_DATETIME_H
#define PARINDEX_BASE_DATETIME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VN_UTC_OFFSET (7 * 3600)
#define DATE_MIN INT32_MIN /* "beginning of time" for open validity */
#define DATE_MAX INT32_MAX /* "still exists" */

int32_t date_from_ymd(int y, int m, int d);
/* date_from_ymd for a valid date (date_valid_ymd: years 1..9999), inline
 * for hot loops (the dossier reader types three dates a row): with
 * non-negative operands no floor division is needed. date_from_ymd uses
 * it too, after moving any year into 1..400 by whole 400-year eras. */
static inline int32_t date_from_valid_ymd(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = yy / 400;
	int64_t yoe = yy - era * 400;                                   /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return (int32_t)(era * 146097 + doe - 719468);
}
void date_to_ymd(int32_t days, int *y, int *m, int *d);
/* Valid Gregorian date? (month 1..12, day within month, year 1..9999) */
bool date_valid_ymd(int y, int m, int d);
/* 0 = Monday ... 6 = Sunday */
int date_weekday(int32_t days);
int date_days_in_month(int y, int m);
/* "YYYY-MM-DD" exactly. */
bool date_parse(const char *s, size_t n, int32_t *out);
/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). Days outside years
 * 0001..9999 (DATE_MIN, DATE_MAX) are clamped to 0001-01-01/9999-12-31. */
void date_format(int32_t days, char out[11]);
/* Today in Vietnam. */
int32_t date_today(void);

/* "YYYY-MM-DDTHH:MM[:SS]" with optional "Z" or "+HH:MM"/"-HH:MM"; no offset
 * means UTC+07:00. With allow_date, "YYYY-MM-DD" alone is accepted and
 * means 23:59:59 local of that day; *date_only (if not NULL) says which.
 * Seconds 00..59 (no leap second), offsets up to 14:00 either way; an
 * instant whose local date falls outside years 0001..9999 is refused. */
bool datetime_parse(const char *s, size_t n, bool allow_date, int64_t *out,
                    bool *date_only);
/* Writes "YYYY-MM-DDTHH:MM:SS+07:00" and a NUL (26 bytes); instants
 * outside years 0001..9999 local are clamped, as date_format does. */
void datetime_format(int64_t t, char out[26]);
/* What a person reads: "dd/mm/yyyy HH:mm" in Vietnam local time and a
 * NUL (17 bytes), clamped as datetime_format is. ISO 8601 stays in APIs
 * and CSV; every page shows times through this. */
#define DATETIME_LOCAL_LEN 17
void datetime_format_local(int64_t t, char out[DATETIME_LOCAL_LEN]);
/* A stored ISO 8601 instant ("2026-12-03T13:21:07Z", any offset, an
 * optional fraction of a second) as datetime_format_local writes it, in
 * out; text that is not such an instant is returned as it is (never
 * NULL: "" for NULL). */
const char *datetime_text_local(const char *iso, char out[DATETIME_LOCAL_LEN]);
/* The local date of an instant. */
int32_t datetime_local_date(int64_t t);
/* First instant of a local date (00:00:00 local). */
int64_t datetime_from_local_date(int32_t days);

enum period_kind { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH };

struct period {
	enum period_kind kind;
	int year;
	int n; /* quarter 1..4 or month 1..12; 0 for a year */
};

/* "2024", "2024-Q3" (also "2024-q3"), "2024-07". */
bool period_parse(const char *s, size_t n, struct period *out);
/* Writes the canonical form and a NUL (at most 8 bytes); an invalid p
 * has its fields clamped into range. */
void period_format(struct period p, char out[9]);
int32_t period_first_day(struct period p);
int32_t period_last_day(struct period p);
/* The month period containing a date. */
struct period period_month_of(int32_t days);
/* True when inner lies within outer (a month within its quarter/year...). */
bool period_contains(struct period outer, struct period inner);
#endif
