/*
 * core/cycle: the pure rules of the assessment cycle, each at its
 * boundary. Advancing from every phase (the facts exactly at the
 * deadline, one day after, one unit short, one criterion or reply left,
 * an extension later than the deadline), whether a unit may still
 * self-assess (the deadline day itself, the day after, an extension,
 * submitted, other phases), the council's quorum (strictly more than the
 * percentage: exactly at it is not enough), and phase names both ways.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/datetime.h"
#include "core/cycle.h"

static int32_t day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* Facts of a self phase with a deadline on 15 March 2025, no extension,
 * no reply deadline, 10 units of which 10 submitted, nothing pending. */
static struct cycle_facts facts(void)
{
	return (struct cycle_facts){.today = day(2025, 3, 1), .self_until = day(2025, 3, 15),
	                            .latest_extension = DATE_MIN, .reply_until = DATE_MAX,
	                            .units = 10, .submitted = 10,
	                            .criteria_without_council_value = 0, .replies_undecided = 0};
}

static bool advance(enum cycle_phase p, const struct cycle_facts *f, long *count,
                    const char **en)
{
	const char *vi = NULL, *why = NULL;
	long n = -1;
	bool yes = cycle_can_advance(p, f, &vi, &why, &n);
	if (!yes) {
		assert_non_null(vi);
		assert_non_null(why);
		assert_true(vi[0] && why[0]);
	}
	if (count)
		*count = n;
	if (en)
		*en = why;
	return yes;
}

static void test_advance_self(void **state)
{
	(void)state;
	struct cycle_facts f = facts();
	long n;
	const char *why;
	/* testcase: every unit submitted before the deadline: may advance */
	assert_true(advance(PHASE_SELF, &f, &n, NULL));
	assert_int_equal(n, 0);
	/* testcase: one unit not submitted, before the deadline */
	f.submitted = 9;
	assert_false(advance(PHASE_SELF, &f, &n, &why));
	assert_int_equal(n, 1);
	assert_non_null(strstr(why, "%ld unit(s) have not submitted"));
	/* testcase: exactly on the deadline day: still open, no advance */
	f.today = f.self_until;
	assert_false(advance(PHASE_SELF, &f, &n, NULL));
	assert_int_equal(n, 1);
	/* testcase: one day after the deadline: may advance */
	f.today = f.self_until + 1;
	assert_true(advance(PHASE_SELF, &f, NULL, NULL));
	/* testcase: an extension to the 20th holds the phase open through it */
	f.latest_extension = day(2025, 3, 20);
	assert_false(advance(PHASE_SELF, &f, NULL, NULL));
	f.today = day(2025, 3, 20);
	assert_false(advance(PHASE_SELF, &f, NULL, NULL));
	f.today = day(2025, 3, 21);
	assert_true(advance(PHASE_SELF, &f, NULL, NULL));
	/* an extension earlier than the deadline changes nothing */
	f.latest_extension = day(2025, 3, 10);
	f.today = f.self_until;
	assert_false(advance(PHASE_SELF, &f, NULL, NULL));
	f.today = f.self_until + 1;
	assert_true(advance(PHASE_SELF, &f, NULL, NULL));
	/* nobody submitted: the count is every unit */
	f = facts();
	f.submitted = 0;
	assert_false(advance(PHASE_SELF, &f, &n, NULL));
	assert_int_equal(n, 10);
}

static void test_advance_appraisal(void **state)
{
	(void)state;
	struct cycle_facts f = facts();
	long n;
	const char *why;
	assert_true(advance(PHASE_APPRAISAL, &f, &n, NULL));
	/* testcase: one criterion without a council value */
	f.criteria_without_council_value = 1;
	assert_false(advance(PHASE_APPRAISAL, &f, &n, &why));
	assert_int_equal(n, 1);
	assert_non_null(strstr(why, "no council value"));
	/* deadlines do not matter here, only the values */
	f.today = day(2030, 1, 1);
	assert_false(advance(PHASE_APPRAISAL, &f, NULL, NULL));
	f.criteria_without_council_value = 0;
	f.submitted = 0;
	assert_true(advance(PHASE_APPRAISAL, &f, NULL, NULL));
}

static void test_advance_reply(void **state)
{
	(void)state;
	struct cycle_facts f = facts();
	const char *why;
	/* no reply deadline: may advance at once */
	assert_true(advance(PHASE_REPLY, &f, NULL, NULL));
	/* testcase: before and exactly on the reply deadline: no */
	f.reply_until = day(2025, 4, 10);
	f.today = day(2025, 4, 9);
	assert_false(advance(PHASE_REPLY, &f, NULL, &why));
	assert_non_null(strstr(why, "reply window has not closed"));
	f.today = f.reply_until;
	assert_false(advance(PHASE_REPLY, &f, NULL, NULL));
	/* testcase: one day after: yes */
	f.today = f.reply_until + 1;
	assert_true(advance(PHASE_REPLY, &f, NULL, NULL));
}

static void test_advance_decision_approved_published(void **state)
{
	(void)state;
	struct cycle_facts f = facts();
	long n;
	const char *why;
	assert_true(advance(PHASE_DECISION, &f, NULL, NULL));
	/* testcase: one reply without a decision */
	f.replies_undecided = 1;
	assert_false(advance(PHASE_DECISION, &f, &n, &why));
	assert_int_equal(n, 1);
	assert_non_null(strstr(why, "replies have no council decision"));
	f.replies_undecided = 3;
	assert_false(advance(PHASE_DECISION, &f, &n, NULL));
	assert_int_equal(n, 3);
	/* approved always moves on to published, whatever the facts */
	f.units = 10;
	f.submitted = 0;
	f.criteria_without_council_value = 5;
	assert_true(advance(PHASE_APPROVED, &f, NULL, NULL));
	/* published is the end */
	f = facts();
	assert_false(advance(PHASE_PUBLISHED, &f, NULL, &why));
	assert_non_null(strstr(why, "the cycle is over"));
}

static void test_self_open(void **state)
{
	(void)state;
	int32_t until = day(2025, 3, 15);
	/* testcase: on the deadline day itself: open; the day after: closed */
	assert_true(cycle_self_open(PHASE_SELF, until - 1, until, DATE_MIN, false));
	assert_true(cycle_self_open(PHASE_SELF, until, until, DATE_MIN, false));
	assert_false(cycle_self_open(PHASE_SELF, until + 1, until, DATE_MIN, false));
	/* testcase: an extension to the 20th: open through it, closed after */
	int32_t ext = day(2025, 3, 20);
	assert_true(cycle_self_open(PHASE_SELF, until + 1, until, ext, false));
	assert_true(cycle_self_open(PHASE_SELF, ext, until, ext, false));
	assert_false(cycle_self_open(PHASE_SELF, ext + 1, until, ext, false));
	/* an extension before the deadline does not shorten it */
	assert_true(cycle_self_open(PHASE_SELF, until, until, day(2025, 3, 1), false));
	/* submitted: locked, deadline or not */
	assert_false(cycle_self_open(PHASE_SELF, until - 1, until, DATE_MIN, true));
	assert_false(cycle_self_open(PHASE_SELF, until - 1, until, ext, true));
	/* any other phase: closed, even before the deadline */
	for (int p = PHASE_APPRAISAL; p < PHASE_COUNT; p++)
		assert_false(cycle_self_open((enum cycle_phase)p, until - 1, until, ext, false));
}

static void test_quorum(void **state)
{
	(void)state;
	/* testcase: strictly more than the percentage */
	assert_false(cycle_quorum(1, 2, 50)); /* exactly half */
	assert_true(cycle_quorum(2, 2, 50));
	assert_true(cycle_quorum(2, 3, 50));
	assert_false(cycle_quorum(2, 4, 50));
	assert_true(cycle_quorum(3, 4, 50));
	assert_true(cycle_quorum(1, 1, 50));
	/* at a percentage that is a whole share: 2 of 3 is 66.67% */
	assert_true(cycle_quorum(2, 3, 66));
	assert_true(cycle_quorum(2, 3, 66.66));
	assert_false(cycle_quorum(2, 3, 66.67));
	/* exactly 75% of 4 is not more than 75 */
	assert_false(cycle_quorum(3, 4, 75));
	assert_true(cycle_quorum(4, 4, 75));
	assert_true(cycle_quorum(3, 4, 74.99));
	/* nobody agreeing, no members */
	assert_false(cycle_quorum(0, 3, 50));
	assert_false(cycle_quorum(0, 0, 50));
	assert_false(cycle_quorum(1, 0, 50));
	assert_false(cycle_quorum(-1, 3, 50));
}

static void test_phase_names(void **state)
{
	(void)state;
	static const char *const want[] = {"self", "appraisal", "reply", "decision", "approved",
	                                   "published"};
	for (int p = 0; p < PHASE_COUNT; p++) {
		const char *name = cycle_phase_name((enum cycle_phase)p);
		assert_string_equal(name, want[p]);
		enum cycle_phase back = PHASE_COUNT;
		assert_true(cycle_phase_parse(name, &back));
		assert_int_equal(back, p);
		const char *vi = cycle_phase_name_vi((enum cycle_phase)p);
		assert_true(vi[0] && strcmp(vi, "?") && strcmp(vi, name));
	}
	enum cycle_phase out = PHASE_DECISION;
	assert_false(cycle_phase_parse("Self", &out));
	assert_false(cycle_phase_parse("", &out));
	assert_false(cycle_phase_parse("self ", &out));
	assert_false(cycle_phase_parse("publish", &out));
	assert_int_equal(out, PHASE_DECISION); /* untouched on failure */
	assert_string_equal(cycle_phase_name(PHASE_COUNT), "?");
	assert_string_equal(cycle_phase_name((enum cycle_phase)-1), "?");
	assert_string_equal(cycle_phase_name_vi(PHASE_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_advance_self),
		cmocka_unit_test(test_advance_appraisal),
		cmocka_unit_test(test_advance_reply),
		cmocka_unit_test(test_advance_decision_approved_published),
		cmocka_unit_test(test_self_open),
		cmocka_unit_test(test_quorum),
		cmocka_unit_test(test_phase_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
