/*
 * core/survey.c and core/survey_stats.c at their boundaries
 * (docs/formats/surveys.md): answers of every type (likert 1 and 5 in, 0
 * and 6 out; a multi's options put in the instrument's order; a decimal
 * comma), the Wilson interval (the textbook 8 of 10: 0.4902..0.9433; one
 * respondent answering 5: [1/(1+z^2), 1]), the effective sample size
 * with unequal weights, a question nobody answered (no value, left out
 * of its element), an element with no value left out of the index,
 * min_n exactly (not insufficient) and one below it, raking: all weights
 * equal stays 1, a stratum with no respondent, no convergence in 100
 * rounds, weights scaled to mean 1.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/survey.h"

/* q1,q2 in e1, q3 in e2 (nobody answers it in most tests), sex, age */
static const char *sex_opts[] = {"male", "female"};
static const char *age_opts[] = {"young", "old"};
static const char *ch_opts[] = {"desk", "online", "post"};
static struct survey_question qs[] = {
	{"q1", "", "", SQ_LIKERT5, NULL, 0, 0},
	{"q2", "", "", SQ_LIKERT5, NULL, 0, 0},
	{"q3", "", "", SQ_LIKERT5, NULL, 0, 1},
	{"sex", "", "", SQ_CHOICE, sex_opts, 2, -1},
	{"age", "", "", SQ_CHOICE, age_opts, 2, -1},
};
static struct survey_element es[] = {{"e1", "", ""}, {"e2", "", ""}};
static long over[] = {0, 1};
static struct survey_index ix[] = {{"all", over, 2}};
static struct survey_instrument inst = {"T", "t", qs, 5, es, 2, ix, 1, 3};

enum { Q1, Q2, Q3, SEX, AGE, NQ };

static void test_answers(void **state)
{
	(void)state;
	char buf[SURVEY_TEXT_MAX + 16];
	int16_t cell;
	const char *norm, *vi, *en;
	assert_true(survey_answer_check(&qs[Q1], "1", 1, buf, &cell, &norm, &vi, &en));
	assert_int_equal(cell, 1);
	assert_true(survey_answer_check(&qs[Q1], "5", 1, buf, &cell, &norm, &vi, &en));
	assert_int_equal(cell, 5);
	assert_false(survey_answer_check(&qs[Q1], "0", 1, buf, &cell, &norm, &vi, &en));
	assert_false(survey_answer_check(&qs[Q1], "6", 1, buf, &cell, &norm, &vi, &en));
	assert_false(survey_answer_check(&qs[Q1], "45", 2, buf, &cell, &norm, &vi, &en));
	assert_true(survey_answer_check(&qs[SEX], "female", 6, buf, &cell, &norm, &vi, &en));
	assert_int_equal(cell, 2);
	assert_false(survey_answer_check(&qs[SEX], "Female", 6, buf, &cell, &norm, &vi, &en));
	struct survey_question multi = {"ch", "", "", SQ_MULTI, ch_opts, 3, -1};
	assert_true(survey_answer_check(&multi, "post; desk", 10, buf, &cell, &norm, &vi, &en));
	assert_string_equal(norm, "desk;post");
	assert_false(survey_answer_check(&multi, "desk;desk", 9, buf, &cell, &norm, &vi, &en));
	assert_false(survey_answer_check(&multi, ";", 1, buf, &cell, &norm, &vi, &en));
	struct survey_question num = {"n", "", "", SQ_NUMBER, NULL, 0, -1};
	assert_true(survey_answer_check(&num, "1,5", 3, buf, &cell, &norm, &vi, &en));
	assert_string_equal(norm, "1.5");
	assert_false(survey_answer_check(&num, "1e3", 3, buf, &cell, &norm, &vi, &en));
	assert_false(survey_answer_check(&num, "1.", 2, buf, &cell, &norm, &vi, &en));
}

static void test_wilson(void **state)
{
	(void)state;
	double lo, hi;
	survey_wilson(0.8, 10, SURVEY_Z, &lo, &hi);
	assert_true(fabs(lo - 0.4902) < 1e-4 && fabs(hi - 0.9433) < 1e-4);
	/* one respondent, satisfied: [1 / (1 + z^2), 1] */
	survey_wilson(1, 1, SURVEY_Z, &lo, &hi);
	assert_true(fabs(lo - 1 / (1 + SURVEY_Z * SURVEY_Z)) < 1e-15);
	assert_true(fabs(hi - 1) < 1e-15);
	survey_wilson(0.5, 4, SURVEY_Z, &lo, &hi);
	assert_true(fabs(lo + hi - 1) < 1e-15); /* symmetric around 1/2 */
}

static const struct survey_result *find(const struct survey_result *r, size_t n, long unit,
                                        enum survey_measure m, long idx)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].unit == unit && r[i].measure == m && r[i].idx == idx)
			return &r[i];
	fail();
	return NULL;
}

static void test_statistics(void **state)
{
	(void)state;
	/* unit 0: three respondents, q1 = 5, 2, 4 (weights 1, 3, 1), q2 only
	 * by the first (5), q3 by nobody; unit 1: one respondent, q1 = 4 */
	int16_t cell[4 * NQ] = {
		5, 5, 0, 1, 1,
		2, 0, 0, 2, 1,
		4, 0, 0, 1, 2,
		4, 0, 0, 2, 2,
	};
	size_t unit[4] = {0, 0, 0, 1};
	struct survey_data data = {4, 2, cell, unit, NULL};
	double w[4] = {1, 3, 1, 1};
	struct survey_result r[64];
	size_t n = survey_results(&inst, &data, w, r);
	assert_int_equal(n, survey_results_max(&inst, 2));
	const struct survey_result *q1 = find(r, n, 0, SURVEY_QUESTION, Q1);
	assert_int_equal(q1->n, 3);
	assert_true(fabs(q1->value - 2.0 / 5.0) < 1e-15);  /* (1 + 1) / (1 + 3 + 1) */
	assert_true(fabs(q1->n_eff - 25.0 / 11.0) < 1e-12); /* 5^2 / (1 + 9 + 1) */
	assert_true(q1->has_ci && q1->ci_low < q1->value && q1->value < q1->ci_high);
	assert_false(q1->insufficient); /* exactly min_n = 3 respondents */
	const struct survey_result *q3 = find(r, n, 0, SURVEY_QUESTION, Q3);
	assert_int_equal(q3->n, 0);
	assert_false(q3->has_value);
	assert_false(q3->has_ci);
	/* e1 = mean(share q1, share q2) = (2/5 + 1) / 2; e2 has no value, so
	 * the index is e1's */
	const struct survey_result *e1 = find(r, n, 0, SURVEY_ELEMENT, 0);
	assert_true(fabs(e1->value - 0.7) < 1e-15);
	assert_int_equal(e1->n, 3);
	assert_false(find(r, n, 0, SURVEY_ELEMENT, 1)->has_value);
	const struct survey_result *all = find(r, n, 0, SURVEY_INDEX, 0);
	assert_true(fabs(all->value - 0.7) < 1e-15);
	/* unit 1: one respondent, below min_n */
	const struct survey_result *u1 = find(r, n, 1, SURVEY_QUESTION, Q1);
	assert_int_equal(u1->n, 1);
	assert_true(u1->insufficient);
	assert_true(u1->value == 1);
	/* all units: q1 = (1 + 1 + 1) / 6 */
	const struct survey_result *star = find(r, n, -1, SURVEY_QUESTION, Q1);
	assert_int_equal(star->n, 4);
	assert_true(fabs(star->value - 0.5) < 1e-15);
}

static struct survey_margin_var mv[2];
static double sex_share[2], age_share[2];

static struct survey_margins margins(double male, double young)
{
	sex_share[0] = male;
	sex_share[1] = 1 - male;
	age_share[0] = young;
	age_share[1] = 1 - young;
	mv[0] = (struct survey_margin_var){SEX, sex_share};
	mv[1] = (struct survey_margin_var){AGE, age_share};
	return (struct survey_margins){mv, 2};
}

static void test_rake(void **state)
{
	(void)state;
	/* balanced: one of each (sex, age) cell; margins 1/2: weights stay 1 */
	int16_t cell[5 * NQ] = {
		4, 0, 0, 1, 1,
		4, 0, 0, 1, 2,
		4, 0, 0, 2, 1,
		4, 0, 0, 2, 2,
		4, 0, 0, 0, 0, /* answered neither weighting variable */
	};
	size_t unit[5] = {0, 0, 0, 0, 1};
	size_t start[3] = {0, 4, 5}; /* grouped by unit: the same answers */
	struct survey_data data = {5, 2, cell, unit, start};
	double w[5] = {9, 9, 9, 9, 9};
	size_t var, val;
	int rounds;
	struct survey_margins m = margins(0.5, 0.5);
	assert_int_equal(survey_rake_unit(&inst, &data, &m, 0, w, &rounds, &var, &val), SURVEY_RAKE_OK);
	for (int i = 0; i < 4; i++)
		assert_true(w[i] == 1);
	assert_true(w[4] == 9); /* another unit's: untouched */
	assert_int_equal(rounds, 1);
	/* 30% men: men weigh 0.6, women 1.4 (mean 1) */
	m = margins(0.3, 0.5);
	assert_int_equal(survey_rake_unit(&inst, &data, &m, 0, w, NULL, &var, &val), SURVEY_RAKE_OK);
	assert_true(fabs(w[0] - 0.6) < 1e-9 && fabs(w[2] - 1.4) < 1e-9);
	/* unit 1: its respondent answered neither variable: a positive share
	 * with no respondent is an error naming the variable and the value */
	assert_int_equal(survey_rake_unit(&inst, &data, &m, 1, w, NULL, &var, &val),
	                 SURVEY_RAKE_EMPTY_VALUE);
	assert_int_equal(var, 0);
	assert_int_equal(val, 0);
	/* a share of 0 for a value nobody has is no error */
	m = margins(0.5, 1);
	cell[1 * NQ + AGE] = 1;
	cell[3 * NQ + AGE] = 1;
	assert_int_equal(survey_rake_unit(&inst, &data, &m, 0, w, NULL, &var, &val), SURVEY_RAKE_OK);
	/* structural zero: (female, old) missing, margins 1/2 each: the
	 * fitted weight of (male, young) creeps to 0 and never settles */
	int16_t nc[3 * NQ] = {
		4, 0, 0, 1, 1,
		4, 0, 0, 1, 2,
		4, 0, 0, 2, 1,
	};
	size_t nu[3] = {0, 0, 0};
	struct survey_data ncd = {3, 1, nc, nu, NULL};
	m = margins(0.5, 0.5);
	assert_int_equal(survey_rake_unit(&inst, &ncd, &m, 0, w, &rounds, &var, &val),
	                 SURVEY_RAKE_NO_CONVERGENCE);
	assert_int_equal(rounds, SURVEY_RAKE_ROUNDS);
	/* an empty unit: nothing to rake */
	struct survey_data none = {0, 1, nc, nu, NULL};
	assert_int_equal(survey_rake_unit(&inst, &none, &m, 0, w, NULL, &var, &val), SURVEY_RAKE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_statistics),
		cmocka_unit_test(test_rake),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
