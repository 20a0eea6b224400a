/*
 * The Decision 766 service index (Quyết định 766/QĐ-TTg, 2022) as pure
 * rules: five groups of indicators, each indicator a rate scored against
 * its target, the group points and the total over the groups that have
 * data. No I/O: the rules come from data/service-index-766.json through
 * app/service_index.c, the rates through a lookup function; the same
 * rules score any source of rates, and the boundaries are unit-tested
 * (tests/unit/test_service_index.c). Contract: docs/internals/dossier.md.
 */
#ifndef PARINDEX_CORE_SERVICE_INDEX_H
#define PARINDEX_CORE_SERVICE_INDEX_H
#include <stdbool.h>
#include <stddef.h>

#define SERVICE_GROUPS 5
#define SERVICE_MAX_INDICATORS 16

struct service_indicator {
	const char *metric; /* the rate's metric code */
	double points;      /* the indicator's maximum */
	bool invert;        /* scores 1 - value */
	bool has_target;
	double target;      /* 0..1 */
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

/* The points of one indicator for a metric value (any real number: a
 * rate is clamped to 0..1). */
double service_indicator_points(const struct service_indicator *x, double value);

/* The value of a metric for the unit and period being scored; false
 * when there is none. */
typedef bool (*service_value_fn)(void *ctx, const char *metric, double *value);

struct service_score {
	double group_points[SERVICE_GROUPS];
	bool group_known[SERVICE_GROUPS]; /* every indicator of the group has a value */
	double points, max_points, index; /* over the known groups; index in % */
};

/* Scores one unit: get is asked once for every indicator of every
 * group, in order (so it can list the missing ones). */
void service_score(const struct service_rules *r, service_value_fn get, void *ctx,
                   struct service_score *out);
#endif
