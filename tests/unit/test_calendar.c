/*
 * Unit tests for core/calendar (and the embedded decisions loaded by
 * app_calendar_load). The lunar calendar is checked against dates
 * everybody can verify: Tết and Hùng Kings day of many years, including
 * the years where Vietnam's calendar (UTC+7) differs from China's
 * (UTC+8): Tết 1985 (21 Jan, China 20 Feb) and 2007 (17 Feb, China 18
 * Feb); leap months (2012: 4, 2014: 9, 2017: 6, 2020: 4, 2023: 2, 2025: 6);
 * the 2025 Tết without a 30th day; every day of 1900..2199 converts to
 * lunar and back. The working-day calendar is checked against every
 * announced year (2020-2026: each day off, each Saturday worked, working
 * days around them, and nothing else listed), the statutory rules in
 * force by date for a year without a decision (Labour Code 2012's single
 * 2 September in 2019, 2019's two days from 2021, Tết 2013 before the
 * 2012 Code), which say they are a guess, the rules file's errors, and
 * deadlines across Tết and swapped days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/calendar_rules.h"
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

/* One announced year: its spans of days off, its Saturdays worked, and
 * working days around them (the day before and after each span). */
struct announced {
	int year;
	int off[8][4]; /* from month, day, to month, day; {0} ends */
	int worked[4][2];
	int working[12][2];
};

static const struct announced announced[] = {
	/* 2020 (Labour Code 2012): Tết 23-29 Jan; 2 Sep alone (DOMAIN.md) */
	{2020,
	 {{1, 1, 1, 1}, {1, 23, 1, 29}, {4, 2, 4, 2}, {4, 30, 5, 1}, {9, 2, 9, 2}},
	 {{0}},
	 {{1, 2}, {1, 22}, {1, 30}, {4, 1}, {4, 3}, {4, 29}, {5, 4}, {9, 1}, {9, 3}}},
	/* 2021 (Labour Code 2019 from 1 Jan): Tết 10-16 Feb (DOMAIN.md);
	 * 30 Apr-3 May; 2-5 Sep with the adjacent 3 Sep */
	{2021,
	 {{1, 1, 1, 3}, {2, 10, 2, 16}, {4, 21, 4, 21}, {4, 30, 5, 3}, {9, 2, 9, 5}},
	 {{0}},
	 {{1, 4}, {2, 9}, {2, 17}, {4, 20}, {4, 22}, {4, 29}, {5, 4}, {9, 1}, {9, 6}}},
	/* 2022: 1-3 Jan; Tết 31 Jan-4 Feb; 10-11 Apr; 30 Apr-3 May; 1-2 Sep */
	{2022,
	 {{1, 1, 1, 3}, {1, 29, 2, 6}, {4, 9, 4, 11}, {4, 30, 5, 3}, {9, 1, 9, 4}},
	 {{0}},
	 {{1, 4}, {1, 28}, {2, 7}, {4, 8}, {4, 12}, {4, 29}, {5, 4}, {8, 31}, {9, 5}}},
	/* 2023: 1-2 Jan; Tết 20-26 Jan; 29 Apr-3 May; 1-4 Sep */
	{2023,
	 {{1, 1, 1, 2}, {1, 20, 1, 26}, {4, 29, 5, 3}, {9, 1, 9, 4}},
	 {{0}},
	 {{1, 3}, {1, 19}, {1, 27}, {4, 28}, {5, 4}, {8, 31}, {9, 5}}},
	/* 2024: Tết 8-14 Feb; 18 Apr; 27 Apr-1 May with Saturday 4 May
	 * worked; 31 Aug-3 Sep */
	{2024,
	 {{1, 1, 1, 1}, {2, 8, 2, 14}, {4, 18, 4, 18}, {4, 27, 5, 1}, {8, 31, 9, 3}},
	 {{5, 4}},
	 {{1, 2}, {2, 7}, {2, 15}, {4, 17}, {4, 19}, {4, 26}, {5, 2}, {5, 3}, {8, 30}, {9, 4}}},
	/* 2025: Tết 25 Jan-2 Feb; 7 Apr; 30 Apr-4 May with Saturday 26 Apr
	 * worked; 30 Aug-2 Sep */
	{2025,
	 {{1, 1, 1, 1}, {1, 25, 2, 2}, {4, 5, 4, 7}, {4, 30, 5, 4}, {8, 30, 9, 2}},
	 {{4, 26}},
	 {{1, 2}, {1, 24}, {2, 3}, {4, 4}, {4, 8}, {4, 29}, {5, 5}, {8, 29}, {9, 3}}},
	/* 2026: 1-4 Jan with Saturday 10 Jan worked (VPCP 12729/VPCP-KGVX);
	 * Tết 14-22 Feb; Hùng Kings Sunday 26 Apr + Monday 27 (statute);
	 * 30 Apr-3 May; 29 Aug-2 Sep with Saturday 22 Aug worked */
	{2026,
	 {{1, 1, 1, 4}, {2, 14, 2, 22}, {4, 25, 4, 27}, {4, 30, 5, 3}, {8, 29, 9, 2}},
	 {{1, 10}, {8, 22}},
	 {{1, 5}, {1, 9}, {2, 13}, {2, 23}, {4, 24}, {4, 28}, {4, 29}, {5, 4}, {8, 21}, {8, 28},
	  {9, 3}}},
};

static void test_announced_years(void **state)
{
	(void)state;
	struct calendar *c = decided();
	for (size_t i = 0; i < sizeof announced / sizeof announced[0]; i++) {
		const struct announced *a = &announced[i];
		assert_true(calendar_year_decided(c, a->year));
		for (size_t k = 0; k < 8 && a->off[k][0]; k++)
			assert_off(c, ymd(a->year, a->off[k][0], a->off[k][1]),
			           ymd(a->year, a->off[k][2], a->off[k][3]));
		for (size_t k = 0; k < 4 && a->worked[k][0]; k++) {
			int32_t d = ymd(a->year, a->worked[k][0], a->worked[k][1]);
			assert_int_equal(date_weekday(d), 5); /* a Saturday */
			assert_worked(c, d);
		}
		for (size_t k = 0; k < 12 && a->working[k][0]; k++)
			assert_worked(c, ymd(a->year, a->working[k][0], a->working[k][1]));
		/* every weekday of the year not listed off is worked: the year
		 * has exactly the announced days off */
		struct calendar_day v[128];
		size_t n = calendar_year(c, a->year, v, 128);
		for (size_t k = 0; k < n; k++) {
			bool in = false;
			for (size_t j = 0; j < 8 && a->off[j][0]; j++)
				in |= v[k].day >= ymd(a->year, a->off[j][0], a->off[j][1]) &&
				      v[k].day <= ymd(a->year, a->off[j][2], a->off[j][3]);
			for (size_t j = 0; j < 4 && a->worked[j][0]; j++)
				in |= v[k].day == ymd(a->year, a->worked[j][0], a->worked[j][1]);
			if (!in) {
				char s[11];
				date_format(v[k].day, s);
				fail_msg("%s is listed but not announced", s);
			}
		}
	}
	assert_false(calendar_year_decided(c, 2027));
	calendar_free(c);
}

/* A source of a day of year y in the loaded calendar contains want. */
static bool source_has(const struct calendar *c, int32_t day, const char *want)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	struct calendar_day v[128];
	size_t n = calendar_year(c, y, v, 128);
	for (size_t i = 0; i < n && i < 128; i++)
		if (v[i].day == day)
			return strstr(v[i].source, want) != NULL;
	return false;
}

static void test_statutory_rules(void **state)
{
	(void)state;
	struct calendar *c = decided();
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
		/* testcase: a year without a decision says its days are a guess */
		assert_non_null(strstr(v[i].source, "No government decision for this year yet"));
		assert_non_null(strstr(v[i].source, "Chưa có quyết định của Chính phủ"));
	}
	assert_true(source_has(c, ymd(2027, 9, 3), "Labour Code 2019"));
	/* testcase: the rule in force by date. 2019 (no decision) under the
	 * Labour Code 2012: 2 Sep (Mon) alone; 2028 under 2019: 2 Sep (Sat) +
	 * 1 Sep (Fri), compensatory Mon 4 Sep */
	assert_false(calendar_is_working_day(c, ymd(2019, 9, 2)));
	assert_true(calendar_is_working_day(c, ymd(2019, 9, 3)));
	assert_true(calendar_is_working_day(c, ymd(2019, 8, 30)));
	assert_true(source_has(c, ymd(2019, 9, 2), "Labour Code 2012"));
	assert_false(calendar_is_working_day(c, ymd(2028, 9, 1)));
	assert_false(calendar_is_working_day(c, ymd(2028, 9, 4)));
	assert_true(calendar_is_working_day(c, ymd(2028, 9, 5)));
	/* testcase: Tết 2013 (10 Feb) is before the 2012 Code took effect
	 * (1 May 2013): 4 days; Tết 2014 (31 Jan): 5 days */
	n = 0;
	struct calendar_day w[64];
	size_t m = calendar_year(c, 2013, w, 64);
	for (size_t i = 0; i < m; i++)
		n += w[i].kind == CAL_HOLIDAY && w[i].occasion == HOL_TET;
	assert_int_equal(n, 4);
	m = calendar_year(c, 2014, w, 64);
	n = 0;
	for (size_t i = 0; i < m; i++)
		n += w[i].kind == CAL_HOLIDAY && w[i].occasion == HOL_TET;
	assert_int_equal(n, 5);
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

static void test_rules_effective(void **state)
{
	(void)state;
	char err[512];
	struct calendar *c = calendar_new();
	/* a new holiday in force from a date: 24 Nov from 2027 on */
	struct calendar_rule r = {HOL_CULTURE_DAY, ymd(2027, 1, 1), INT32_MAX, ANCHOR_SOLAR,
	                          11, 24, 0, 1, false, "test | test", "comp | comp"};
	assert_true(calendar_rule(c, &r, err, sizeof err));
	/* the adjacent-day rule joins a weekend; no compensatory rule here */
	struct calendar_rule nd = {HOL_NATIONAL_DAY, ymd(2021, 1, 1), INT32_MAX, ANCHOR_SOLAR,
	                           9, 2, 0, 2, true, "nd", NULL};
	assert_true(calendar_rule(c, &nd, err, sizeof err));
	/* testcase: overlapping rules of one occasion are refused */
	struct calendar_rule again = r;
	again.from = ymd(2030, 1, 1);
	assert_false(calendar_rule(c, &again, err, sizeof err));
	assert_non_null(strstr(err, "two \"culture_day\" rules are both in force from 2030-01-01"));
	struct calendar_rule bad = r;
	bad.occasion = HOL_TET;
	bad.days = 0;
	assert_false(calendar_rule(c, &bad, err, sizeof err));
	bad.days = 1;
	bad.month = 2;
	bad.day = 30;
	assert_false(calendar_rule(c, &bad, err, sizeof err));
	assert_non_null(strstr(err, "invalid date"));
	bad.adjacent = true; /* with one day */
	bad.day = 28;
	assert_false(calendar_rule(c, &bad, err, sizeof err));
	calendar_finish(c);
	assert_true(calendar_is_working_day(c, ymd(2026, 11, 24)));  /* Tuesday, not yet */
	assert_false(calendar_is_working_day(c, ymd(2027, 11, 24))); /* Wednesday */
	assert_false(calendar_is_working_day(c, ymd(2030, 11, 25))); /* Sun 24: nghỉ bù Mon */
	/* testcase: a rule without a compensatory rule gives none: 2 Sep 2029
	 * is a Sunday, so 2 and 3 Sep, and Tuesday 4 Sep is worked */
	assert_false(calendar_is_working_day(c, ymd(2029, 9, 3)));
	assert_true(calendar_is_working_day(c, ymd(2029, 9, 4)));
	/* 2 Sep 2024 Monday: 3 Sep; 2025 Tuesday: 1 Sep; 2022 Friday: 1 Sep */
	assert_false(calendar_is_working_day(c, ymd(2024, 9, 3)));
	assert_true(calendar_is_working_day(c, ymd(2024, 8, 30)));
	assert_false(calendar_is_working_day(c, ymd(2025, 9, 1)));
	assert_false(calendar_is_working_day(c, ymd(2022, 9, 1)));
	assert_true(calendar_is_working_day(c, ymd(2020, 9, 2))); /* no rule before 2021 */
	assert_true(calendar_is_working_day(c, ymd(2027, 1, 1))); /* no New Year rule here */
	calendar_free(c);
}

static void test_rules_file(void **state)
{
	(void)state;
	static const struct {
		const char *json, *want;
	} bad[] = {
		{"{\"rules\": [{\"occasion\": \"easter\", \"from\": \"2021-01-01\", "
		 "\"solar\": \"01-01\", \"days\": 1, \"source\": \"x\"}]}",
		 "rules[0].occasion: unknown occasion"},
		{"{\"rules\": [{\"occasion\": \"tet\", \"from\": \"2021-01-01\", "
		 "\"solar\": \"01-01\", \"lunar_new_year\": true, \"days\": 1, \"source\": \"x\"}]}",
		 "rules[0]: needs exactly one of"},
		{"{\"rules\": [{\"occasion\": \"tet\", \"from\": \"2021-01-01\", "
		 "\"lunar_new_year\": true, \"days\": 12, \"source\": \"x\"}]}",
		 "number of days (1..9)"},
		{"{\"rules\": [{\"occasion\": \"tet\", \"from\": \"2021\", "
		 "\"lunar_new_year\": true, \"days\": 5, \"source\": \"x\"}]}",
		 "rules[0]: \"from\""},
		{"{\"rules\": [], \"extra\": 1}", "unknown key \"extra\""},
		{"{\"rules\": [", "invalid JSON"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct diags d;
		diags_init(&d);
		struct calendar *c = calendar_new();
		assert_false(app_calendar_rules_file(c, "rules.json", bad[i].json, strlen(bad[i].json),
		                                     &d));
		char line[1024];
		assert_true(d.n > 0);
		diag_format(&d.v[0], line, sizeof line);
		if (!strstr(line, bad[i].want) || !strstr(line, "rules.json"))
			fail_msg("case %zu: got \"%s\", expected \"%s\"", i, line, bad[i].want);
		calendar_free(c);
		diags_free(&d);
	}
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
		cmocka_unit_test(test_announced_years),
		cmocka_unit_test(test_statutory_rules),
		cmocka_unit_test(test_rules_effective),
		cmocka_unit_test(test_rules_file),
		cmocka_unit_test(test_override_errors),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
