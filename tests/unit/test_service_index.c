/*
 * Unit tests for core/service_index (Decision 766 scoring) and the rules
 * file embedded from data/service-index-766.json, each boundary named:
 * - the common rule min(1, rate / target) x maximum: a rate exactly at
 *   its target gives the maximum, above it the maximum, half of it half,
 *   zero nothing; rates outside 0..1 are clamped;
 * - every indicator of the embedded rules at its boundaries, with the
 *   targets of the rule (50% for online submission, 90% for the two
 *   satisfaction indicators, 80% for the others);
 * - the official group order and maxima; progress: all 20 points on the
 *   on-time rate; satisfaction 6 + 6 + 6 with dossier satisfaction =
 *   1 - (late share + complaint or dislike share);
 * - a group with a missing metric is not known and is left out of the
 *   total and its maximum; rules whose points do not add up are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "app/dossier.h"
#include "base/arena.h"
#include "base/err.h"
#include "core/service_index.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* Metric values by code; a metric not listed has no value. */
struct values {
	const char *metric[16];
	double v[16];
	size_t n;
	int asked;
};

static bool get(void *ctx, const char *metric, double *out)
{
	struct values *vs = ctx;
	vs->asked++;
	for (size_t i = 0; i < vs->n; i++)
		if (!strcmp(vs->metric[i], metric)) {
			*out = vs->v[i];
			return true;
		}
	return false;
}

static void set(struct values *vs, const char *metric, double v)
{
	for (size_t i = 0; i < vs->n; i++)
		if (!strcmp(vs->metric[i], metric)) {
			vs->v[i] = v;
			return;
		}
	vs->metric[vs->n] = metric;
	vs->v[vs->n++] = v;
}

static void test_common_rule(void **state)
{
	(void)state;
	/* testcase: exactly at the target */
	NEAR(service_points(0.8, 0.8, 20), 20);
	/* testcase: above the target: no more than the maximum */
	NEAR(service_points(0.95, 0.8, 20), 20);
	NEAR(service_points(1, 0.5, 8), 8);
	/* below: proportional to rate / target */
	NEAR(service_points(0.4, 0.8, 20), 10);
	NEAR(service_points(0.25, 0.5, 8), 4);
	/* testcase: zero */
	NEAR(service_points(0, 0.9, 6), 0);
	/* testcase: out of range rates are clamped */
	NEAR(service_points(-0.5, 0.8, 20), 0);
	NEAR(service_points(1.5, 1, 10), 10);
	/* without a target (1): rate x maximum */
	NEAR(service_points(0.3, 1, 10), 3);
}

static struct service_rules load(struct arena *a)
{
	struct service_rules r;
	struct diags d;
	diags_init(&d);
	assert_int_equal(app_service_rules(NULL, a, &d, &r), PX_OK);
	diags_free(&d);
	return r;
}

static const struct service_indicator *find(const struct service_rules *r, const char *code,
                                            int *group)
{
	for (int g = 0; g < SERVICE_GROUPS; g++)
		for (size_t k = 0; k < r->groups[g].n; k++)
			if (!strcmp(r->groups[g].ind[k].code, code)) {
				*group = g;
				return &r->groups[g].ind[k];
			}
	fail_msg("no indicator %s", code);
	return NULL;
}

/* The official groups in the official order, with their maxima. */
static void test_groups(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct service_rules r = load(a);
	static const char *const names[SERVICE_GROUPS] = {
		"Publicity and transparency", "Progress and results of processing",
		"Digitisation of dossiers", "Online service provision", "Satisfaction"};
	static const double max[SERVICE_GROUPS] = {18, 20, 22, 22, 18};
	double total = 0;
	for (int g = 0; g < SERVICE_GROUPS; g++) {
		assert_string_equal(r.groups[g].name_en, names[g]);
		NEAR(r.groups[g].max_points, max[g]);
		total += r.groups[g].max_points;
	}
	NEAR(total, 100);
	/* progress: all 20 points on the on-time rate */
	assert_int_equal(r.groups[1].n, 1);
	assert_string_equal(r.groups[1].ind[0].code, "dossier.on_time_rate");
	NEAR(r.groups[1].ind[0].points, 20);
	/* satisfaction: 6 + 6 + 6 */
	assert_int_equal(r.groups[4].n, 3);
	for (size_t k = 0; k < 3; k++)
		NEAR(r.groups[4].ind[k].points, 6);
	arena_free(a);
}

/* Every indicator of the embedded rules at its target, above it, at
 * half of it and at zero, with the rule's target. */
static void test_every_indicator(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct service_rules r = load(a);
	static const struct {
		const char *code;
		double target, points;
	} want[] = {
		{"publicity.procedures_published_rate", 0.8, 9},
		{"publicity.dossier_status_synced_rate", 0.8, 9},
		{"dossier.on_time_rate", 0.8, 20},
		{"dossier.digitized_rate", 0.8, 11},
		{"dossier.result_digitized_rate", 0.8, 11},
		{"dossier.online_rate", 0.5, 8},
		{"dossier.full_online_rate", 0.8, 8},
		{"dossier.paid_online_rate", 0.8, 6},
		{"feedback.handled_on_time_rate", 0.8, 6},
		{"feedback.handling_satisfied_rate", 0.9, 6},
	};
	size_t count = 0;
	for (int g = 0; g < SERVICE_GROUPS; g++)
		count += r.groups[g].n;
	assert_int_equal(count, sizeof want / sizeof *want + 1); /* + dossier satisfaction */
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		int g;
		const struct service_indicator *x = find(&r, want[i].code, &g);
		NEAR(x->target, want[i].target);
		NEAR(x->points, want[i].points);
		const double rates[4] = {want[i].target, (1 + want[i].target) / 2, want[i].target / 2, 0};
		const double pts[4] = {want[i].points, want[i].points, want[i].points / 2, 0};
		for (int c = 0; c < 4; c++) {
			struct values vs = {0};
			set(&vs, want[i].code, rates[c]);
			double rate;
			assert_true(service_indicator_rate(x, get, &vs, &rate));
			NEAR(service_points(rate, x->target, x->points), pts[c]);
		}
	}
	arena_free(a);
}

/* Dossier satisfaction = 1 - (late share + complaint or dislike share),
 * target 90%: at, above, below, zero, and never below zero. */
static void test_dossier_satisfaction(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct service_rules r = load(a);
	int g;
	const struct service_indicator *x = find(&r, "service766.dossier_satisfaction", &g);
	assert_int_equal(g, 4);
	NEAR(x->target, 0.9);
	static const struct {
		double on_time, complaint, points;
	} cases[] = {
		{0.95, 0.05, 6},  /* testcase: 1 - (0.05 + 0.05) = 0.9, at the target */
		{1.0, 0.0, 6},    /* testcase: above */
		{0.8, 0.35, 3},   /* 1 - (0.2 + 0.35) = 0.45: half the target */
		{0.5, 0.5, 0},    /* testcase: zero */
		{0.2, 0.6, 0},    /* below zero: clamped to 0 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct values vs = {0};
		set(&vs, "dossier.on_time_rate", cases[i].on_time);
		set(&vs, "feedback.complaint_or_dislike_rate", cases[i].complaint);
		double rate;
		assert_true(service_indicator_rate(x, get, &vs, &rate));
		NEAR(service_points(rate, x->target, x->points), cases[i].points);
	}
	/* a missing term: no value, and both terms are asked */
	struct values vs = {0};
	set(&vs, "dossier.on_time_rate", 1);
	double rate;
	assert_false(service_indicator_rate(x, get, &vs, &rate));
	assert_int_equal(vs.asked, 2);
	arena_free(a);
}

/* A whole unit: the groups with data and the total over them. */
static void test_score(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct service_rules r = load(a);
	struct values vs = {0};
	set(&vs, "dossier.on_time_rate", 0.9);         /* g2: 20 */
	set(&vs, "dossier.digitized_rate", 0.4);        /* g3: 11 x 0.5 = 5.5 */
	set(&vs, "dossier.result_digitized_rate", 0.8); /*     + 11 */
	set(&vs, "dossier.online_rate", 0.5);           /* g4: 8 */
	set(&vs, "dossier.full_online_rate", 0.2);      /*     + 8 x 0.25 = 2 */
	set(&vs, "dossier.paid_online_rate", 0);        /*     + 0 */
	struct service_score sc;
	service_score(&r, get, &vs, &sc);
	assert_false(sc.group_known[0]); /* no publicity metrics */
	assert_false(sc.group_known[4]); /* no feedback metrics */
	assert_true(sc.group_known[1] && sc.group_known[2] && sc.group_known[3]);
	NEAR(sc.group_points[1], 20);
	NEAR(sc.group_points[2], 16.5);
	NEAR(sc.group_points[3], 10);
	NEAR(sc.points, 46.5);
	NEAR(sc.max_points, 64);
	NEAR(sc.index, 46.5 / 64 * 100);
	set(&vs, "publicity.procedures_published_rate", 1);
	set(&vs, "publicity.dossier_status_synced_rate", 0.4);
	set(&vs, "feedback.handled_on_time_rate", 0.8);
	set(&vs, "feedback.handling_satisfied_rate", 0.45);
	set(&vs, "feedback.complaint_or_dislike_rate", 0);
	service_score(&r, get, &vs, &sc);
	NEAR(sc.group_points[0], 9 + 4.5);
	/* 6 + 3 + (1 - 0.1) / 0.9 x 6 = 6 */
	NEAR(sc.group_points[4], 15);
	NEAR(sc.max_points, 100);
	NEAR(sc.points, 46.5 + 13.5 + 15);
	arena_free(a);
}

static void test_rules_check(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct service_rules r = load(a);
	int bad;
	double total;
	assert_true(service_rules_check(&r, &bad, &total));
	r.groups[3].ind[0].points = 7;
	assert_false(service_rules_check(&r, &bad, &total));
	assert_int_equal(bad, 3);
	NEAR(total, 21);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_rule),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_every_indicator),
		cmocka_unit_test(test_dossier_satisfaction),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_rules_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
