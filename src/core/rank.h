/*
 * Ranking, grades and the views built on scored results: the sensitivity
 * of the ranking to domain weights, and the year-on-year comparison.
 *
 * Why it is built this way: ranking is competition ranking ("1, 2, 2, 4")
 * on the index rounded to the framework's rank_precision, compared as the
 * exact integer formula_round_scaled() gives, so two units tie exactly
 * when their published values are equal; ties are listed by unit code
 * (byte order). Incomplete units and units outside the framework's group
 * are not ranked. The views only read a struct score_result; they
 * allocate their output in the caller's arena and change nothing.
 */
#ifndef PARINDEX_CORE_RANK_H
#define PARINDEX_CORE_RANK_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct arena;
struct framework;
struct score_result;

/* Ranks the n items with eligible[i] true by keys[i] descending
 * (competition ranking: equal keys share a rank, the next rank skips),
 * ties by codes[i] (strcmp). rank[i] is 1-based, 0 for ineligible items.
 * order[] (n entries) lists the eligible items in rank order, then the
 * others by code. *nranked = number of eligible items. Keys are compared
 * exactly: pass formula_round_scaled() values. */
void rank_competition(const double *keys, const char *const *codes,
                      const bool *eligible, size_t n, int *rank,
                      size_t *order, size_t *nranked);

/* The first grade of fw whose min <= rounded_index, or -1. */
int rank_grade(const struct framework *fw, double rounded_index);

/* Sensitivity of the ranking: for each top-level domain, the ranking
 * recomputed with that domain's points and maximum weighted by low and by
 * high (bonus/penalty domains: points only), and each unit's movement. */
struct rank_sensitivity {
	double low, high;
	const int *domains;     /* top-level node indices */
	size_t ndomains;
	int *rank_low;          /* nunits x ndomains: [u * ndomains + d]; 0 = not ranked */
	int *rank_high;
	int *max_shift;         /* nunits: max |new rank - rank| (ranked units) */
	int *domain_max_shift;  /* ndomains: the largest shift any unit makes */
	int max_shift_all;      /* over everything; 0 = the ranking is robust */
};

/* Computes the view for the ranked units of r (weights e.g. 0.9, 1.1;
 * both > 0, else PX_USAGE). Allocated in a. */
enum px_err rank_sensitivity(const struct score_result *r, double low, double high,
                             struct arena *a, struct rank_sensitivity *out);

/* Year-on-year comparison of a result with the previous year's. */
struct rank_move {
	int node, prev_node;
	double points, prev_points;
	double max, prev_max;   /* applicable maxima */
	double change;          /* (points/max - prev_points/prev_max) * 100:
	                           percentage points of the criterion's maximum */
};

struct rank_yoy_unit {
	long prev;              /* the unit's index in prev, -1 = not there */
	bool has_index_change;  /* both years complete */
	double index_change;    /* full precision, this year minus last */
	double index_change_rounded; /* difference of the published values */
	bool has_rank_change;   /* ranked both years */
	int rank_change;        /* last year's rank minus this year's: > 0 = up */
	struct rank_move *moves; /* the leaves that moved most, |change| desc */
	size_t nmoves;
};

struct rank_yoy {
	bool mapped;            /* fw->previous_map was used (prev's code is fw->previous) */
	int *node_map;          /* this year's node -> last year's node, -1 */
	struct rank_yoy_unit *units; /* one per unit of this year's result */
	size_t nunits;
};

/* Compares cur with prev. Criteria are matched through cur's
 * previous_map when prev is cur->previous (else by equal code). Units are
 * matched by prev_unit_of[u] (index into prev, -1 none) when given (for
 * merged or renamed units), else by equal code. moves keeps at most top_k
 * leaves per unit that apply in both years and whose change is not 0.
 * Allocated in a. */
enum px_err rank_compare(const struct score_result *cur,
                         const struct score_result *prev,
                         const long *prev_unit_of, size_t top_k,
                         struct arena *a, struct rank_yoy *out);
#endif
