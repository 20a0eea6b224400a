/*
 * The Decision 766 service index (Quyết định 766/QĐ-TTg, 2022) as pure
 * rules: five groups of indicators, each indicator a rate scored against
 * its target, the group points and the total over the groups that have
 * data. No I/O: the rules come from data/service-index-766.json through
 * app/service_index.c, the rates through a lookup function; the same
 * rules score any source of rates, and the boundaries are unit-tested
 * (tests/unit/test_service_index.c). Contract: docs/internals/dossier.md.
 *
 * The common rule: points = min(1, rate / target) x the indicator's
 * maximum, the rate clamped to 0..1 first (an indicator without a target
 * has target 1: rate x maximum). A rate is one metric's value, or its
 * complement (invert: 1 - value), or 1 minus a sum of such terms (the
 * dossier satisfaction: 1 - (late share + complaint or dislike share)).
 */
#ifndef PARINDEX_CORE_SERVICE_INDEX_H
#define PARINDEX_CORE_SERVICE_INDEX_H
#include <stdbool.h>
#include <stddef.h>

#define SERVICE_GROUPS 5
#define SERVICE_MAX_INDICATORS 16
#define SERVICE_MAX_TERMS 4

struct service_term {
	const char *metric; /* a metric code */
	bool invert;        /* the term is 1 - the metric's value */
};

struct service_indicator {
	const char *code;   /* for messages: the metric, or the rules' code */
	struct service_term terms[SERVICE_MAX_TERMS];
	size_t nterms;      /* 1 unless complement */
	bool complement;    /* rate = 1 - (sum of the terms) */
	double points;      /* the indicator's maximum */
	double target;      /* in (0, 1]; 1 when the rules give none */
	bool illustrative;  /* its points are not the official figure */
};

struct service_group {
	const char *code, *name_vi, *name_en;
	double max_points;
	struct service_indicator ind[SERVICE_MAX_INDICATORS];
	size_t n;
};

struct service_rules {
	const char *code; /* prefix of the stored metrics, "service766" */
	struct service_group groups[SERVICE_GROUPS];
};

/* Checks that each group's indicators add up to its maximum; false with
 * the first group that does not (*bad_group) and its total. */
bool service_rules_check(const struct service_rules *r, int *bad_group, double *total);

/* min(1, rate / target) x max_points, rate clamped to 0..1 (target > 0). */
double service_points(double rate, double target, double max_points);

/* The value of a metric for the unit and period being scored; false
 * when there is none. */
typedef bool (*service_value_fn)(void *ctx, const char *metric, double *value);

/* The indicator's rate (clamped to 0..1) from its terms; false when a
 * term has no value (every term is asked, so all missing ones are seen). */
bool service_indicator_rate(const struct service_indicator *x, service_value_fn get, void *ctx,
                            double *rate);

struct service_score {
	double group_points[SERVICE_GROUPS];
	bool group_known[SERVICE_GROUPS]; /* every indicator of the group has a value */
	double points, max_points, index; /* over the known groups; index in % */
};

/* Scores one unit: get is asked for every term of every indicator of
 * every group, in order (so it can list the missing ones). */
void service_score(const struct service_rules *r, service_value_fn get, void *ctx,
                   struct service_score *out);
#endif
