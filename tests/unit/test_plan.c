/*
 * core/plan.c at its boundaries (docs/formats/plans.md): the current
 * report on a day (a report dated on the day counts, one dated after it
 * does not, reports of the same day in entry order), a task's state
 * (done exactly on the due date is on time, one day later is late by 1;
 * on the due day an unfinished task is still open, the day after it is
 * overdue by 1; cancelled is cancelled whatever the dates), the counts of
 * a period (cancelled tasks do not count, open tasks are not done,
 * completion missing without tasks) and a period's end (today while it is
 * not over).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/datetime.h"
#include "core/plan.h"

static int32_t d(int m, int dd)
{
	return date_from_ymd(2026, m, dd);
}

static void test_current_report(void **state)
{
	(void)state;
	const struct plan_report_fact r[] = {
		{PLAN_IN_PROGRESS, d(3, 1)}, {PLAN_IN_PROGRESS, d(5, 10)}, {PLAN_DONE, d(5, 10)},
		{PLAN_DONE, d(6, 2)}};
	assert_int_equal(plan_current(r, 4, d(2, 28)), -1);  /* before any report */
	assert_int_equal(plan_current(r, 4, d(3, 1)), 0);    /* dated on the day: counts */
	assert_int_equal(plan_current(r, 4, d(5, 9)), 0);    /* the next is after the day */
	assert_int_equal(plan_current(r, 4, d(5, 10)), 2);   /* same day: the later entry */
	assert_int_equal(plan_current(r, 4, d(12, 31)), 3);
	assert_int_equal(plan_current(r, 0, d(12, 31)), -1); /* no report at all */
}

static void test_states(void **state)
{
	(void)state;
	long late = -1;
	const int32_t due = d(6, 30);
	struct plan_report_fact done_on_due = {PLAN_DONE, due}, done_after = {PLAN_DONE, d(7, 1)},
	                        cancelled = {PLAN_CANCELLED, d(8, 1)},
	                        going = {PLAN_IN_PROGRESS, d(6, 1)};
	assert_int_equal(plan_state_on(&done_on_due, due, d(12, 1), &late), PLAN_DONE_ON_TIME);
	assert_int_equal(late, 0);
	assert_int_equal(plan_state_on(&done_after, due, d(12, 1), &late), PLAN_DONE_LATE);
	assert_int_equal(late, 1);
	assert_int_equal(plan_state_on(&going, due, due, &late), PLAN_OPEN); /* the due day */
	assert_int_equal(late, 0);
	assert_int_equal(plan_state_on(&going, due, d(7, 1), &late), PLAN_OVERDUE);
	assert_int_equal(late, 1);
	assert_int_equal(plan_state_on(NULL, due, d(7, 10), &late), PLAN_OVERDUE);
	assert_int_equal(late, 10);
	assert_int_equal(plan_state_on(NULL, due, d(1, 1), NULL), PLAN_OPEN);
	assert_int_equal(plan_state_on(&cancelled, due, d(12, 1), &late), PLAN_STATE_CANCELLED);
	assert_int_equal(late, 0);
}

static void test_counts(void **state)
{
	(void)state;
	struct plan_counts c = {0};
	double rate = -1;
	assert_false(plan_completion(&c, &rate)); /* a month with no task */
	assert_true(rate == -1);
	plan_count(&c, PLAN_STATE_CANCELLED);
	assert_int_equal(c.total, 0);
	assert_false(plan_completion(&c, &rate)); /* only a cancelled one */
	plan_count(&c, PLAN_DONE_ON_TIME);
	plan_count(&c, PLAN_DONE_LATE);
	plan_count(&c, PLAN_OVERDUE);
	plan_count(&c, PLAN_OPEN); /* not done at the period's end */
	assert_int_equal(c.total, 4);
	assert_int_equal(c.done, 2);
	assert_int_equal(c.done_on_time, 1);
	assert_int_equal(c.overdue, 2);
	assert_true(plan_completion(&c, &rate));
	assert_true(rate == 0.25);
}

static void test_period_end(void **state)
{
	(void)state;
	assert_int_equal(plan_period_end(d(7, 31), d(7, 10)), d(7, 10)); /* not yet over */
	assert_int_equal(plan_period_end(d(7, 31), d(7, 31)), d(7, 31)); /* its last day */
	assert_int_equal(plan_period_end(d(6, 30), d(7, 10)), d(6, 30)); /* over */
	assert_int_equal(plan_status_parse("done"), PLAN_DONE);
	assert_int_equal(plan_status_parse("Done"), -1);
	assert_int_equal(plan_status_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current_report),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_period_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
