/*
 * core/evaluation: the pure rules of staff evaluation, each at its
 * boundary. A rule set is read from the shipped HN-3814 and ND-335-2025
 * files through io/evaluation_io.c (so the figures are the data's, not
 * the test's). Grades exactly on and one hundredth below each threshold;
 * the quota cap with floor and half-up rounding; the monthly quota with
 * and without the outstanding share and with "of": "grade:good"; each
 * annual rule at its boundary (5 and 6 rated months, 89/90, 179/180 days
 * absent, discipline), the annual list's at_least and none_below, the
 * annual mean exactly on a threshold, and the yearly quota with a tie.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/datetime.h"
#include "core/evaluation.h"
#include "io/evaluation_io.h"

static struct arena *arena;

static struct eval_rules load(const char *file)
{
	const char *dir = getenv("PARINDEX_FIXTURES"); /* tests/fixtures: data/ is two up */
	char path[1024];
	snprintf(path, sizeof path, "%s/../../data/evaluation-rules/%s", dir ? dir : "tests/fixtures",
	         file);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	struct diags d;
	diags_init(&d);
	struct eval_rules r;
	enum px_err e = eval_rules_parse(file, buf, n, arena, &d, &r);
	if (e != PX_OK)
		diags_print(&d, stderr);
	assert_int_equal(e, PX_OK);
	diags_free(&d);
	return r;
}

static void test_grades(void **state)
{
	(void)state;
	struct eval_rules r = load("HN-3814.json");
	const long on[] = {9000, 7000, 5000, 0};
	for (int g = 0; g < 4; g++) {
		assert_int_equal(eval_grade_of(&r, on[g]), g);
		if (g < 3)
			assert_int_equal(eval_grade_of(&r, on[g] - 1), g + 1);
	}
	assert_int_equal(eval_grade_of(&r, 10000), 0);
	struct eval_rules n = load("ND-335-2025.json");
	assert_string_equal(n.grades[eval_grade_of(&n, 8999)].code, "good");
	assert_string_equal(n.grades[eval_grade_of(&n, 9000)].code, "excellent");
	assert_string_equal(n.grades[eval_grade_of(&n, 4999)].code, "not_completed");
}

static void test_cap(void **state)
{
	(void)state;
	assert_int_equal(eval_quota_cap(300000, 10, false), 3);
	assert_int_equal(eval_quota_cap(300000, 9, false), 2); /* 2.7 */
	assert_int_equal(eval_quota_cap(300000, 5, false), 1); /* 1.5 */
	assert_int_equal(eval_quota_cap(300000, 5, true), 2);  /* half up */
	assert_int_equal(eval_quota_cap(300000, 4, true), 1);  /* 1.2 */
	assert_int_equal(eval_quota_cap(200000, 4, false), 0);
}

static void test_month_quota(void **state)
{
	(void)state;
	struct eval_rules r = load("HN-3814.json");
	int g[10] = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3};
	long cap, count;
	assert_true(eval_month_quota(&r, false, g, 10, &cap, &count));
	assert_int_equal(cap, 3);
	assert_int_equal(count, 3);
	g[3] = 0;
	assert_false(eval_month_quota(&r, false, g, 10, &cap, &count));
	assert_int_equal(count, 4);
	assert_true(eval_month_quota(&r, true, g, 10, &cap, &count)); /* 40% */
	assert_int_equal(cap, 4);
	struct eval_rules n = load("ND-335-2025.json");
	int h[6] = {0, 1, 1, 1, 1, 2}; /* base: 5 good or better, not the completed one */
	assert_true(eval_month_quota(&n, false, h, 6, &cap, &count));
	assert_int_equal(cap, 1);
	h[1] = 0;
	assert_false(eval_month_quota(&n, false, h, 6, &cap, &count));
}

static struct eval_year_in months(const char *code, long a, long b, long c, long d)
{
	struct eval_year_in in = {.staff_code = code};
	in.grade_count[0] = a, in.grade_count[1] = b, in.grade_count[2] = c, in.grade_count[3] = d;
	in.months_rated = a + b + c + d;
	in.sum_total = a * 9500 + b * 8000 + c * 6000 + d * 3000;
	return in;
}

static enum eval_level one(const struct eval_rules *r, struct eval_year_in in)
{
	struct eval_year_out o;
	eval_classify_year(r, &in, 1, &o);
	return o.level;
}

static void test_year_rules(void **state)
{
	(void)state;
	struct eval_rules r = load("HN-3814.json");
	r.annual_quota.present = false;
	assert_int_equal(one(&r, months("X", 0, 5, 0, 0)), EVAL_NOT_RATED);
	assert_int_not_equal(one(&r, months("X", 0, 6, 0, 0)), EVAL_NOT_RATED);
	struct eval_year_in in = months("X", 12, 0, 0, 0);
	assert_int_equal(one(&r, in), EVAL_EXCELLENT);
	in.absent_days = 89;
	assert_int_equal(one(&r, in), EVAL_EXCELLENT);
	in.absent_days = 90;
	assert_int_equal(one(&r, in), EVAL_COMPLETED);
	in.absent_days = 179;
	assert_int_equal(one(&r, in), EVAL_COMPLETED);
	in.absent_days = 180;
	assert_int_equal(one(&r, in), EVAL_NOT_RATED);
	in.absent_days = 0;
	in.disciplined = true;
	in.discipline_form = "reprimand";
	assert_int_equal(one(&r, in), EVAL_NOT_COMPLETED);
	assert_int_equal(one(&r, months("X", 10, 2, 0, 0)), EVAL_EXCELLENT);
	assert_int_equal(one(&r, months("X", 9, 3, 0, 0)), EVAL_GOOD);
	assert_int_equal(one(&r, months("X", 11, 0, 1, 0)), EVAL_GOOD);      /* a C month */
	assert_int_equal(one(&r, months("X", 0, 10, 1, 1)), EVAL_COMPLETED); /* a D month */
	assert_int_equal(one(&r, months("X", 0, 0, 9, 3)), EVAL_COMPLETED);
	assert_int_equal(one(&r, months("X", 0, 0, 8, 4)), EVAL_NOT_COMPLETED);
}

static void test_year_mean(void **state)
{
	(void)state;
	struct eval_rules n = load("ND-335-2025.json");
	n.annual_quota.present = false;
	struct eval_year_in in = {.staff_code = "X", .months_rated = 6, .sum_total = 54000};
	in.grade_count[0] = 6;
	assert_int_equal(one(&n, in), EVAL_EXCELLENT); /* mean exactly 90 */
	in.sum_total = 53999;
	assert_int_equal(one(&n, in), EVAL_GOOD); /* 89.9966... */
}

static void test_year_quota_tie(void **state)
{
	(void)state;
	struct eval_rules r = load("HN-3814.json");
	/* 10 good or better: cap 2; B2 and A4 tie on the sum, A4 wins by code */
	struct eval_year_in in[10];
	for (int i = 0; i < 10; i++)
		in[i] = months("G", 0, 12, 0, 0);
	in[0] = months("A1", 12, 0, 0, 0);
	in[0].sum_total = 120000;
	in[1] = months("B2", 10, 2, 0, 0);
	in[1].sum_total = 117000;
	in[2] = months("A4", 12, 0, 0, 0);
	in[2].sum_total = 117000;
	struct eval_year_out o[10];
	eval_classify_year(&r, in, 10, o);
	assert_int_equal(o[0].level, EVAL_EXCELLENT);
	assert_int_equal(o[2].level, EVAL_EXCELLENT);
	assert_int_equal(o[1].level, EVAL_GOOD);
	assert_non_null(strstr(o[1].reason_en, "lowered to good"));
}

static void test_points_format(void **state)
{
	(void)state;
	char b[32];
	eval_points_format(8999, ',', b, sizeof b);
	assert_string_equal(b, "89,99");
	eval_points_format(1950, '.', b, sizeof b);
	assert_string_equal(b, "19.5");
	eval_points_format(9000, ',', b, sizeof b);
	assert_string_equal(b, "90");
}

/* Decree 335 work items: 70 x mean of the 3n rates, half up. */
static void test_tasks_from_items(void **state)
{
	(void)state;
	struct eval_work_item it[4] = {{100, 100, 100}, {100, 100, 100}, {100, 100, 100},
	                               {100, 100, 97}};
	/* testcase: no items -> no points */
	assert_int_equal(eval_tasks_from_items(7000, it, 0), -1);
	/* testcase: every rate 100 % -> the maximum exactly */
	assert_int_equal(eval_tasks_from_items(7000, it, 3), 7000);
	/* testcase: exactly half a centi-point (7000 x 1197 / 1200 = 6982,5) rounds up */
	assert_int_equal(eval_tasks_from_items(7000, it, 4), 6983);
	/* testcase: below half rounds down (7000 x 299 / 300 = 6976,67 -> 6977; 7000 x 1 / 300 = 23,3 -> 23) */
	struct eval_work_item one = {100, 100, 99};
	assert_int_equal(eval_tasks_from_items(7000, &one, 1), 6977);
	struct eval_work_item low = {1, 0, 0};
	assert_int_equal(eval_tasks_from_items(7000, &low, 1), 23);
	/* testcase: all zero -> 0, not "missing" */
	struct eval_work_item zero = {0, 0, 0};
	assert_int_equal(eval_tasks_from_items(7000, &zero, 1), 0);
	/* testcase: the mean is over all items, not the last one */
	struct eval_work_item two[2] = {{100, 100, 100}, {40, 40, 40}};
	assert_int_equal(eval_tasks_from_items(7000, two, 2), 4900);
	/* testcase: general 20 + tasks 70 = 90 is excellent; 19,99 + 70 is good */
	struct eval_rules r = {0};
	r.ngrades = 4;
	r.grades[0] = (struct eval_grade){"excellent", 9000};
	r.grades[1] = (struct eval_grade){"good", 7000};
	r.grades[2] = (struct eval_grade){"completed", 5000};
	r.grades[3] = (struct eval_grade){"not_completed", 0};
	assert_int_equal(eval_grade_of(&r, 2000 + eval_tasks_from_items(7000, it, 3)), 0);
	assert_int_equal(eval_grade_of(&r, 1999 + eval_tasks_from_items(7000, it, 3)), 1);
}

/* Deadlines: the day of the next month, December into January, clamped. */
static void test_deadline(void **state)
{
	(void)state;
	assert_int_equal(eval_deadline(2025, 6, 3), date_from_ymd(2025, 7, 3));
	/* testcase: December's deadline is in January of the next year */
	assert_int_equal(eval_deadline(2025, 12, 5), date_from_ymd(2026, 1, 5));
	/* testcase: a day past 28 is clamped (February has 28), below 1 is 1 */
	assert_int_equal(eval_deadline(2026, 1, 31), date_from_ymd(2026, 2, 28));
	assert_int_equal(eval_deadline(2026, 1, 0), date_from_ymd(2026, 2, 1));
}

int main(void)
{
	arena = arena_new();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_month_quota),
		cmocka_unit_test(test_year_rules),
		cmocka_unit_test(test_year_mean),
		cmocka_unit_test(test_year_quota_tie),
		cmocka_unit_test(test_points_format),
		cmocka_unit_test(test_tasks_from_items),
		cmocka_unit_test(test_deadline),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(arena);
	return rc;
}
