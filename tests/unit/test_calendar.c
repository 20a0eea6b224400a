/*
 * Unit tests for core/calendar (and the embedded decisions loaded by
 * app_calendar_load). The lunar calendar is checked against dates
 * everybody can verify: Tết and Hùng Kings day of many years, including
 * the years where Vietnam's calendar (UTC+7) differs from China's
 * (UTC+8): Tết 1985 (21 Jan, China 20 Feb) and 2007 (17 Feb, China 18
 * Feb); leap months (2012: 4, 2014: 9, 2017: 6, 2020: 4, 2023: 2, 2025: 6);
 * the 2025 Tết without a 30th day; every day of 1900..2199 converts to
 * lunar and back. The working-day calendar is checked against the
 * officially announced days off of 2023-2026 and the statutory rules
 * (compensatory days, the 2 September adjacent day) of a year without a
 * decision, and deadlines across Tết and swapped days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/dossier.h"
#include "base/datetime.h"
#include "core/calendar.h"

static int32_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void assert_day(int32_t day, int y, int m, int d)
{
	char got[11], want[11];
	date_format(day, got);
	date_format(ymd(y, m, d), want);
	if (strcmp(got, want))
		fail_msg("got %s, expected %s", got, want);
}

static void test_lunar_new_year(void **state)
{
	(void)state;
	static const int tet[][4] = {
		{1985, 1, 21}, /* testcase: Vietnam 21 Jan, China 20 Feb (time zone) */
		{2007, 2, 17}, /* testcase: Vietnam 17 Feb, China 18 Feb */
		{2000, 2, 5},  {2010, 2, 14}, {2015, 2, 19}, {2019, 2, 5},  {2020, 1, 25},
		{2021, 2, 12}, {2022, 2, 1},  {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29},
		{2026, 2, 17}, {2027, 2, 6},  {2028, 1, 26}, {2029, 2, 13},
	};
	for (size_t i = 0; i < sizeof tet / sizeof tet[0]; i++)
		assert_day(lunar_new_year(tet[i][0]), tet[i][0], tet[i][1], tet[i][2]);
}

static void test_hung_kings(void **state)
{
	(void)state;
	/* the 10th day of the 3rd lunar month */
	static const int hung[][3] = {
		{2020, 4, 2}, {2021, 4, 21}, {2022, 4, 10}, {2023, 4, 29},
		{2024, 4, 18}, {2025, 4, 7}, {2026, 4, 26},
	};
	for (size_t i = 0; i < sizeof hung / sizeof hung[0]; i++) {
		int32_t d = 0;
		assert_true(lunar_to_solar((struct lunar_date){hung[i][0], 3, 10, false}, &d));
		assert_day(d, hung[i][0], hung[i][1], hung[i][2]);
	}
}

static void test_lunar_dates(void **state)
{
	(void)state;
	struct lunar_date l = lunar_from_solar(ymd(2024, 2, 10));
	assert_int_equal(l.year, 2024);
	assert_int_equal(l.month, 1);
	assert_int_equal(l.day, 1);
	assert_false(l.leap);
	/* testcase: 2024-02-09 is the 30th of the 12th month of 2023 */
	l = lunar_from_solar(ymd(2024, 2, 9));
	assert_int_equal(l.year, 2023);
	assert_int_equal(l.month, 12);
	assert_int_equal(l.day, 30);
	/* testcase: Tết 2025 had no 30th day: 28 Jan was the 29th */
	l = lunar_from_solar(ymd(2025, 1, 28));
	assert_int_equal(l.year, 2024);
	assert_int_equal(l.month, 12);
	assert_int_equal(l.day, 29);
	int32_t d;
	assert_false(lunar_to_solar((struct lunar_date){2024, 12, 30, false}, &d));
	/* testcase: the leap 2nd month of 2023 started on 22 Mar 2023 */
	l = lunar_from_solar(ymd(2023, 3, 22));
	assert_int_equal(l.year, 2023);
	assert_int_equal(l.month, 2);
	assert_int_equal(l.day, 1);
	assert_true(l.leap);
	l = lunar_from_solar(ymd(2023, 4, 20));
	assert_int_equal(l.month, 3);
	assert_int_equal(l.day, 1);
	assert_false(l.leap);
	/* leap months of other years, and no leap month where there is none */
	static const int leaps[][4] = {
		{2012, 4, 5, 21}, {2014, 9, 10, 24}, {2017, 6, 7, 23},
		{2020, 4, 5, 23}, {2023, 2, 3, 22}, {2025, 6, 7, 25},
	};
	for (size_t i = 0; i < sizeof leaps / sizeof leaps[0]; i++) {
		assert_true(lunar_to_solar((struct lunar_date){leaps[i][0], leaps[i][1], 1, true}, &d));
		assert_day(d, leaps[i][0], leaps[i][2], leaps[i][3]);
		assert_false(lunar_to_solar((struct lunar_date){leaps[i][0], leaps[i][1] % 12 + 1, 1,
		                                                true}, &d));
	}
	assert_false(lunar_to_solar((struct lunar_date){2024, 3, 1, true}, &d));
	assert_false(lunar_to_solar((struct lunar_date){2024, 13, 1, false}, &d));
	assert_false(lunar_to_solar((struct lunar_date){2024, 1, 31, false}, &d));
}

static void test_lunar_round_trip(void **state)
{
	(void)state;
	/* every day of 1900..2199: solar -> lunar -> solar, months of 29 or
	 * 30 days, days advancing by one (testcase: 2054-05-07 and
	 * 2062-04-09, where the mean lunation count is one off) */
	struct lunar_date prev = lunar_from_solar(ymd(1900, 1, 31));
	for (int32_t day = ymd(1900, 2, 1); day <= ymd(2199, 11, 30); day++) {
		struct lunar_date l = lunar_from_solar(day);
		int32_t back = 0;
		if (!lunar_to_solar(l, &back) || back != day) {
			char s[11];
			date_format(day, s);
			fail_msg("%s -> %d/%d/%d%s does not convert back", s, l.day, l.month, l.year,
			         l.leap ? " leap" : "");
		}
		if (l.day == 1)
			assert_true(prev.day == 29 || prev.day == 30);
		else
			assert_int_equal(l.day, prev.day + 1);
		prev = l;
	}
}

static struct calendar *decided(void)
{
	struct diags d;
	diags_init(&d);
	struct calendar *c = NULL;
	assert_int_equal(app_calendar_load(NULL, &d, &c), PX_OK);
	assert_int_equal(d.errors, 0);
	diags_free(&d);
	return c;
}

/* Every day of [from, to] is off, the day before and after are worked
 * (when they are weekdays). */
static void assert_off(const struct calendar *c, int32_t from, int32_t to)
{
	for (int32_t d = from; d <= to; d++)
		if (calendar_is_working_day(c, d)) {
			char s[11];
			date_format(d, s);
			fail_msg("%s should be a day off", s);
		}
}

static void assert_worked(const struct calendar *c, int32_t day)
{
	if (!calendar_is_working_day(c, day)) {
		char s[11];
		date_format(day, s);
		fail_msg("%s should be a working day", s);
	}
}

static void test_official_days(void **state)
{
	(void)state;
	struct calendar *c = decided();
	assert_true(calendar_year_decided(c, 2024));
	assert_false(calendar_year_decided(c, 2027));
	/* 2023: New Year on a Sunday (2 Jan off), Tết 20-26 Jan, 29 Apr-3 May,
	 * 1-4 Sep */
	assert_off(c, ymd(2023, 1, 1), ymd(2023, 1, 2));
	assert_worked(c, ymd(2023, 1, 3));
	assert_worked(c, ymd(2023, 1, 19));
	assert_off(c, ymd(2023, 1, 20), ymd(2023, 1, 26));
	assert_worked(c, ymd(2023, 1, 27));
	assert_off(c, ymd(2023, 4, 29), ymd(2023, 5, 3));
	assert_worked(c, ymd(2023, 5, 4));
	assert_off(c, ymd(2023, 9, 1), ymd(2023, 9, 4));
	assert_worked(c, ymd(2023, 9, 5));
	/* 2024: Tết 8-14 Feb; 27 Apr-1 May with Saturday 4 May worked;
	 * Hùng Kings 18 Apr; 31 Aug-3 Sep */
	assert_worked(c, ymd(2024, 2, 7));
	assert_off(c, ymd(2024, 2, 8), ymd(2024, 2, 14));
	assert_worked(c, ymd(2024, 2, 15));
	assert_off(c, ymd(2024, 4, 18), ymd(2024, 4, 18));
	assert_worked(c, ymd(2024, 4, 26));
	assert_off(c, ymd(2024, 4, 27), ymd(2024, 5, 1));
	assert_worked(c, ymd(2024, 5, 2));
	assert_worked(c, ymd(2024, 5, 4)); /* testcase: a Saturday worked */
	assert_off(c, ymd(2024, 8, 31), ymd(2024, 9, 3));
	assert_worked(c, ymd(2024, 9, 4));
	/* 2025: Tết 25 Jan-2 Feb; Hùng Kings 7 Apr; 30 Apr-4 May with Saturday
	 * 26 Apr worked for Friday 2 May; 30 Aug-2 Sep */
	assert_worked(c, ymd(2025, 1, 24));
	assert_off(c, ymd(2025, 1, 25), ymd(2025, 2, 2));
	assert_worked(c, ymd(2025, 2, 3));
	assert_off(c, ymd(2025, 4, 7), ymd(2025, 4, 7));
	assert_worked(c, ymd(2025, 4, 26));
	assert_off(c, ymd(2025, 4, 30), ymd(2025, 5, 4));
	assert_worked(c, ymd(2025, 5, 5));
	assert_worked(c, ymd(2025, 8, 29));
	assert_off(c, ymd(2025, 8, 30), ymd(2025, 9, 2));
	assert_worked(c, ymd(2025, 9, 3));
	/* 2026: Tết 14-22 Feb; the rest by the statutory rules (Hùng Kings on
	 * Sunday 26 Apr: compensatory Monday 27 Apr) */
	assert_worked(c, ymd(2026, 2, 13));
	assert_off(c, ymd(2026, 2, 14), ymd(2026, 2, 22));
	assert_worked(c, ymd(2026, 2, 23));
	assert_off(c, ymd(2026, 4, 26), ymd(2026, 4, 27));
	assert_worked(c, ymd(2026, 4, 28));
	calendar_free(c);
}

static void test_statutory_rules(void **state)
{
	(void)state;
	struct calendar *c = calendar_new();
	calendar_finish(c);
	struct calendar_day v[64];
	size_t n = calendar_year(c, 2027, v, 64);
	/* 2027 by the rules: 1 Jan (Fri); Tết 5 Feb (the last day of the year)
	 * to 9 Feb, 6-7 Feb on a weekend -> 10 and 11 Feb; Hùng Kings 16 Apr;
	 * 30 Apr; 1 May (Sat) -> 3 May; 2 Sep (Thu) + 3 Sep */
	static const struct {
		int m, d;
		enum calendar_kind kind;
		enum holiday h;
	} want[] = {
		{1, 1, CAL_HOLIDAY, HOL_NEW_YEAR},     {2, 5, CAL_HOLIDAY, HOL_TET},
		{2, 6, CAL_HOLIDAY, HOL_TET},          {2, 7, CAL_HOLIDAY, HOL_TET},
		{2, 8, CAL_HOLIDAY, HOL_TET},          {2, 9, CAL_HOLIDAY, HOL_TET},
		{2, 10, CAL_COMPENSATORY, HOL_TET},    {2, 11, CAL_COMPENSATORY, HOL_TET},
		{4, 16, CAL_HOLIDAY, HOL_HUNG_KINGS},  {4, 30, CAL_HOLIDAY, HOL_REUNIFICATION},
		{5, 1, CAL_HOLIDAY, HOL_LABOUR},       {5, 3, CAL_COMPENSATORY, HOL_LABOUR},
		{9, 2, CAL_HOLIDAY, HOL_NATIONAL_DAY}, {9, 3, CAL_HOLIDAY, HOL_NATIONAL_DAY},
	};
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		assert_day(v[i].day, 2027, want[i].m, want[i].d);
		assert_int_equal(v[i].kind, want[i].kind);
		assert_int_equal(v[i].occasion, want[i].h);
	}
	/* testcase: the adjacent day of 2 September joins a weekend */
	n = calendar_year(c, 2024, v, 64); /* 2 Sep 2024 is a Monday: 3 Sep */
	assert_true(!calendar_is_working_day(c, ymd(2024, 9, 3)) &&
	            calendar_is_working_day(c, ymd(2024, 8, 30)));
	assert_true(!calendar_is_working_day(c, ymd(2025, 9, 1))); /* Tuesday: 1 Sep */
	assert_true(!calendar_is_working_day(c, ymd(2022, 9, 1))); /* Friday: 1 Sep */
	/* testcase: New Year on a Sunday (2023) -> Monday 2 Jan */
	assert_false(calendar_is_working_day(c, ymd(2023, 1, 2)));
	/* testcase: years outside the precomputed range are computed on
	 * each call */
	assert_false(calendar_is_working_day(c, ymd(2300, 1, 1)));
	int32_t d = ymd(2300, 3, 10);
	while (date_weekday(d) >= 5)
		d++;
	assert_true(calendar_is_working_day(c, d));
	assert_false(calendar_is_working_day(c, d + (5 - date_weekday(d)))); /* Saturday */
	calendar_free(c);
}

static void test_override_errors(void **state)
{
	(void)state;
	struct calendar *c = calendar_new();
	char err[256];
	struct calendar_days_off off = {{HOL_TET}, 1, ymd(2024, 2, 8), ymd(2025, 2, 14), ""};
	assert_false(calendar_override(c, 2024, &off, 1, NULL, NULL, 0, err, sizeof err));
	assert_non_null(strstr(err, "not within 2024"));
	struct calendar_days_off two[2] = {
		{{HOL_TET}, 1, ymd(2024, 2, 8), ymd(2024, 2, 14), ""},
		{{HOL_TET, HOL_LABOUR}, 2, ymd(2024, 5, 1), ymd(2024, 5, 1), ""}};
	assert_false(calendar_override(c, 2024, two, 2, NULL, NULL, 0, err, sizeof err));
	assert_non_null(strstr(err, "occasion \"tet\" given twice"));
	int32_t friday = ymd(2024, 5, 3);
	assert_false(calendar_override(c, 2024, two, 1, &friday, NULL, 1, err, sizeof err));
	assert_non_null(strstr(err, "must be a Saturday or Sunday"));
	/* a later override of the same year replaces the earlier one */
	int32_t sat = ymd(2024, 5, 4);
	assert_true(calendar_override(c, 2024, two, 1, &sat, NULL, 1, err, sizeof err));
	assert_true(calendar_override(c, 2024, two, 1, NULL, NULL, 0, err, sizeof err));
	calendar_finish(c);
	assert_false(calendar_is_working_day(c, sat));
	assert_false(calendar_is_working_day(c, ymd(2024, 2, 8)));
	calendar_free(c);
}

static void test_deadlines(void **state)
{
	(void)state;
	struct calendar *c = decided();
	int64_t t;
	/* Friday 24 Jan 2025 10:00, 3 working days: Tết 25 Jan-2 Feb, so
	 * 3, 4, 5 Feb; the deadline is the end of 5 Feb */
	assert_true(datetime_parse("2025-01-24T10:00:00", 19, false, &t, NULL));
	assert_int_equal(calendar_add_working_days(c, t, 3),
	                 datetime_from_local_date(ymd(2025, 2, 5)) + 86399);
	/* testcase: 23:30 local (16:30 UTC, still that day): the day of
	 * receipt never counts */
	assert_true(datetime_parse("2025-01-24T16:30:00Z", 20, false, &t, NULL));
	assert_int_equal(calendar_add_working_days(c, t, 1),
	                 datetime_from_local_date(ymd(2025, 2, 3)) + 86399);
	/* 0 days: the end of the day of receipt, or of the next working day */
	assert_int_equal(calendar_add_working_days(c, t, 0),
	                 datetime_from_local_date(ymd(2025, 1, 24)) + 86399);
	assert_true(datetime_parse("2025-04-27T09:00:00", 19, false, &t, NULL)); /* Sunday */
	assert_int_equal(calendar_add_working_days(c, t, 0),
	                 datetime_from_local_date(ymd(2025, 4, 28)) + 86399);
	/* testcase: a worked Saturday counts (3 May 2024 Friday + 1 = Sat 4) */
	assert_true(datetime_parse("2024-05-03T08:00:00", 19, false, &t, NULL));
	assert_int_equal(calendar_add_working_days(c, t, 1),
	                 datetime_from_local_date(ymd(2024, 5, 4)) + 86399);
	assert_int_equal(calendar_add_working_days(c, t, 2),
	                 datetime_from_local_date(ymd(2024, 5, 6)) + 86399);
	/* working days late: due Saturday 20 Jan 2024, to 29 Feb (Tết off) */
	assert_int_equal(calendar_working_days_between(c, ymd(2024, 1, 20), ymd(2024, 2, 29)), 24);
	assert_int_equal(calendar_working_days_between(c, ymd(2024, 2, 5), ymd(2024, 2, 5)), 0);
	assert_int_equal(calendar_working_days_between(c, ymd(2024, 2, 6), ymd(2024, 2, 5)), 0);
	calendar_free(c);
}

static void test_names(void **state)
{
	(void)state;
	enum holiday h;
	for (int k = 0; k < HOL_COUNT; k++) {
		assert_true(holiday_parse(holiday_key((enum holiday)k), &h));
		assert_int_equal(h, k);
		assert_true(*holiday_name_vi(h) && *holiday_name_en(h));
	}
	assert_false(holiday_parse("christmas", &h));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lunar_new_year),
		cmocka_unit_test(test_hung_kings),
		cmocka_unit_test(test_lunar_dates),
		cmocka_unit_test(test_lunar_round_trip),
		cmocka_unit_test(test_official_days),
		cmocka_unit_test(test_statutory_rules),
		cmocka_unit_test(test_override_errors),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
