/*
 * The inspection rules (formats/inspections.md) at their boundaries: the
 * visibility of an inspection for every kind of viewer in every state
 * (core insp_visible), the same through app_inspection_visible from
 * actors' grants (no database: a grant covers exactly its unit), when a
 * recommendation is overdue (due today is not; accepted by the day asked
 * is not; accepted after it still was), remedied on time, and the counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/inspection.h"
#include "base/datetime.h"
#include "core/inspection.h"

static int32_t d(int m, int dd)
{
	return date_from_ymd(2026, m, dd);
}

static void test_visible_core(void **state)
{
	(void)state;
	const struct insp_viewer unit = {.sees_unit = true}, team = {.on_team = true},
	                         city = {.city_staff = true}, planner = {.planner = true},
	                         stranger = {0};
	/* unannounced, not started: the inspected unit does not know */
	assert_false(insp_visible(INSP_UNANNOUNCED, INSP_PLANNED, &unit));
	assert_false(insp_visible(INSP_UNANNOUNCED, INSP_PLANNED, &stranger));
	assert_true(insp_visible(INSP_UNANNOUNCED, INSP_PLANNED, &team));
	assert_true(insp_visible(INSP_UNANNOUNCED, INSP_PLANNED, &city));
	assert_true(insp_visible(INSP_UNANNOUNCED, INSP_PLANNED, &planner));
	/* from its start on, the unit sees it */
	for (int s = INSP_STARTED; s < INSP_NSTATE; s++) {
		assert_true(insp_visible(INSP_UNANNOUNCED, (enum insp_state)s, &unit));
		assert_false(insp_visible(INSP_UNANNOUNCED, (enum insp_state)s, &stranger));
	}
	/* a scheduled one from the import */
	assert_true(insp_visible(INSP_SCHEDULED, INSP_PLANNED, &unit));
	assert_false(insp_visible(INSP_SCHEDULED, INSP_PLANNED, &stranger));
}

static void test_visible_app(void **state)
{
	(void)state;
	struct insp_rec r = {.code = "KT-1", .unit = "SO-VH", .kind = "unannounced",
	                     .state = "planned", .lead = "lead1", .members = "m1; m2",
	                     .planner = NULL};
	const struct grant rep[] = {{"reporter", "SO-VH"}}, off[] = {{"office", "SO-VH"}},
	                   coff[] = {{"office", NULL}}, lead[] = {{"leader", NULL}},
	                   adm[] = {{"admin", NULL}}, insp[] = {{"inspector", NULL}},
	                   appr[] = {{"appraiser", NULL}}, scoped_lead[] = {{"leader", "SO-VH"}};
	struct actor a_rep = {"rep", "reporter", "SO-VH", rep, 1, NULL},
	             a_off = {"off", "office", "SO-VH", off, 1, NULL},
	             a_coff = {"coff", "office", NULL, coff, 1, NULL},
	             a_lead = {"boss", "leader", NULL, lead, 1, NULL},
	             a_adm = {"adm", "admin", NULL, adm, 1, NULL},
	             a_m2 = {"m2", "inspector", NULL, insp, 1, NULL},
	             a_other = {"m3", "inspector", NULL, insp, 1, NULL},
	             a_appr = {"council", "appraiser", NULL, appr, 1, NULL},
	             a_slead = {"vhboss", "leader", "SO-VH", scoped_lead, 1, NULL};
	assert_false(app_inspection_visible(NULL, &a_rep, &r, NULL));
	assert_false(app_inspection_visible(NULL, &a_off, &r, NULL));
	assert_false(app_inspection_visible(NULL, &a_slead, &r, NULL)); /* not city-wide */
	assert_false(app_inspection_visible(NULL, &a_other, &r, NULL)); /* not on the team */
	assert_false(app_inspection_visible(NULL, &a_appr, &r, NULL));  /* reads results, not this */
	assert_true(app_inspection_visible(NULL, &a_coff, &r, NULL));
	assert_true(app_inspection_visible(NULL, &a_lead, &r, NULL));
	assert_true(app_inspection_visible(NULL, &a_adm, &r, NULL));
	assert_true(app_inspection_visible(NULL, &a_m2, &r, NULL)); /* "m1; m2": a member */
	/* a department's self-inspection: its office planned it */
	r.planner = "SO-VH";
	assert_true(app_inspection_visible(NULL, &a_off, &r, NULL));
	assert_false(app_inspection_visible(NULL, &a_rep, &r, NULL));
	r.planner = NULL;
	/* started: the unit's people see it */
	r.state = "started";
	assert_true(app_inspection_visible(NULL, &a_rep, &r, NULL));
	assert_true(app_inspection_visible(NULL, &a_off, &r, NULL));
	assert_false(app_inspection_visible(NULL, &a_other, &r, NULL));
	/* a scheduled one from the plan */
	r.state = "planned";
	r.kind = "scheduled";
	assert_true(app_inspection_visible(NULL, &a_rep, &r, NULL));
	/* a unit a recommendation is addressed to (below the inspected one) */
	const struct grant div[] = {{"reporter", "SO-VH.P1"}};
	struct actor a_div = {"p1", "reporter", "SO-VH.P1", div, 1, NULL};
	r.state = "concluded";
	assert_false(app_inspection_visible(NULL, &a_div, &r, NULL));
	assert_true(app_inspection_visible(NULL, &a_div, &r, "SO-VH.P1"));
	/* ...but never before an unannounced start, whatever it is asked about */
	r.kind = "unannounced";
	r.state = "planned";
	assert_false(app_inspection_visible(NULL, &a_div, &r, "SO-VH.P1"));
}

static void test_overdue(void **state)
{
	(void)state;
	/* due 31/03: on its due day not overdue, the day after it is */
	assert_false(rec_overdue(REC_OPEN, d(3, 31), DATE_MIN, d(3, 31)));
	assert_true(rec_overdue(REC_OPEN, d(3, 31), DATE_MIN, d(4, 1)));
	/* reported but not verified yet: still overdue */
	assert_true(rec_overdue(REC_DONE, d(3, 31), DATE_MIN, d(4, 1)));
	/* accepted on 02/04: overdue on 01/04 (a past period's end), not on 02/04 */
	assert_true(rec_overdue(REC_ACCEPTED, d(3, 31), d(4, 2), d(4, 1)));
	assert_false(rec_overdue(REC_ACCEPTED, d(3, 31), d(4, 2), d(4, 2)));
	/* remedied on time: reported on the due day and accepted */
	assert_true(rec_remedied_on_time(REC_ACCEPTED, d(3, 31), d(3, 31)));
	assert_false(rec_remedied_on_time(REC_ACCEPTED, d(3, 31), d(4, 1)));
	assert_false(rec_remedied_on_time(REC_DONE, d(3, 31), d(3, 1))); /* not verified */
}

static void test_counts(void **state)
{
	(void)state;
	struct insp_counts c = {0};
	double rate;
	assert_false(insp_remedy_rate(&c, &rate)); /* nothing due: missing */
	insp_count_finding(&c, FIND_GOOD_PRACTICE);
	insp_count_finding(&c, FIND_SHORTCOMING);
	insp_count_finding(&c, FIND_SHORTCOMING);
	insp_count_finding(&c, FIND_VIOLATION);
	assert_int_equal(c.good_practices, 1);
	assert_int_equal(c.shortcomings, 2);
	assert_int_equal(c.violations, 1);
	c.due = 4;
	c.remedied = 1;
	assert_true(insp_remedy_rate(&c, &rate));
	assert_true(rate == 0.25);
	assert_int_equal(insp_word(insp_kind_names, "unannounced"), INSP_UNANNOUNCED);
	assert_int_equal(insp_word(insp_kind_names, "Unannounced"), -1);
	assert_int_equal(insp_word(rec_state_names, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visible_core),
		cmocka_unit_test(test_visible_app),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
