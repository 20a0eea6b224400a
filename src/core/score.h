/*
 * The scoring engine: framework + units + appraised points + metric values
 * in, per-unit results out (points of every node, applicable maximum,
 * index, status with what is missing, rank, grade). Pure: no I/O, no
 * database; the app layer loads the inputs and stores the results.
 *
 * Why it is built this way: 12,000 units x 150 criteria must score and
 * rank in well under 100 ms, so the data is columnar. Every input and
 * output array is one column per criterion or metric slot, nunits long:
 *
 *   appraised[a * nunits + u]   assessed leaf a (node->assessed_index)
 *   self[a * nunits + u]
 *   metrics[slot * nunits + u]  slot from frm_metric_slots()
 *   points[node * nunits + u]   result, every node
 *
 * A missing value is NaN in the input columns (use the setters, which
 * also reject out-of-range indexes). Formulas are evaluated one criterion
 * at a time over blocks of units (formula_eval_block), group nodes sum
 * their children's columns, and only the rare incomplete units are
 * re-evaluated one by one to say what is missing.
 *
 * Rules (docs/formats/framework.md): a leaf's points are clamped to its
 * [min, max]; a group's points = clamp(sum of children, min, max). A node
 * that does not apply to a unit's kind (applies_to, inherited from its
 * ancestors) has points 0 and leaves the maximum; a group whose children
 * do not all apply has the applicable maximum min(max, sum of its
 * applicable children's applicable maxima), and a group none of whose
 * children apply does not apply. The unit's maximum is the sum over
 * applicable top-level nodes that are not `extra`; its points are the sum
 * of all top-level nodes. index = points * 100 / maximum clamped to
 * [0, 100], full precision. A unit is incomplete when an applicable
 * assessed leaf has no appraised points (self points never count) or an
 * applicable formula is missing; incomplete units get provisional points
 * (missing leaves count 0), no rank and no grade.
 * Contract: docs/internals/scoring.md.
 */
#ifndef PARINDEX_CORE_SCORE_H
#define PARINDEX_CORE_SCORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/framework.h"

struct arena;

/* A unit being scored. Strings are the caller's and must outlive the
 * input and results. */
struct score_unit {
	const char *code;
	const char *name;
	const char *kind;
};

struct score_input {
	const struct framework *fw; /* finished */
	const struct score_unit *units;
	size_t nunits;
	double *appraised; /* fw->nassessed columns of nunits, NaN = none */
	double *self;      /* same shape */
	double *metrics;   /* fw->symbols.n columns of nunits, NaN = none */
};

/* Allocates the input columns in a, all missing. fw must be finished
 * (else PX_USAGE). units must outlive the input. */
enum px_err score_input_init(struct score_input *in, struct arena *a,
                             const struct framework *fw,
                             const struct score_unit *units, size_t nunits);
/* Set the appraised / self points of unit u for an assessed leaf (node
 * index). Non-finite points mean "none". Return false (nothing set) when u
 * or node is out of range or node is not an assessed leaf. The engine
 * clamps to [min, max]; use frm_check_points() to reject bad entries. */
bool score_set_appraised(struct score_input *in, size_t u, int node, double points);
bool score_set_self(struct score_input *in, size_t u, int node, double points);
/* Sets the value of metric slot for unit u (non-finite = no value). */
bool score_set_metric(struct score_input *in, size_t u, size_t slot, double value);

enum score_status {
	SCORE_OK,
	SCORE_INCOMPLETE,
};

enum score_why {
	SCORE_WHY_NO_APPRAISAL, /* assessed leaf without appraised points */
	SCORE_WHY_METRIC,       /* a formula's metric has no value */
	SCORE_WHY_DIVZERO,      /* a formula divides by zero */
	SCORE_WHY_RATEZERO,     /* rate(n, 0) */
	SCORE_WHY_OVERFLOW,     /* a formula's result is not a finite number */
	SCORE_WHY_NOTHING_APPLIES, /* no criterion applies to the unit's kind */
};

/* One thing that keeps a unit's score incomplete; score_missing_text()
 * says it in words. */
struct score_missing {
	enum score_why why;
	int node;         /* the leaf, -1 for the whole unit */
	long slot;        /* SCORE_WHY_METRIC: the metric slot, else -1 */
	bool has_self;    /* SCORE_WHY_NO_APPRAISAL: self points were given */
};

struct score_unit_result {
	double points;         /* total points (provisional when incomplete) */
	double max;            /* applicable maximum */
	double index;          /* [0, 100], full precision */
	double index_rounded;  /* to fw->rank_precision, half away from zero */
	enum score_status status;
	struct score_missing *missing;
	size_t nmissing;
	int rank;              /* 1-based; 0 = not ranked */
	int grade;             /* index into fw->grades; -1 = none */
	bool in_group;         /* kind is in the framework's group */
	int kind;              /* index into score_result.kinds */
};

struct score_result {
	const struct framework *fw;
	const struct score_input *in;
	size_t nunits, nnodes;
	struct score_unit_result *units;
	double *points;         /* nnodes x nunits, see the top of this file */
	const char **kinds;     /* distinct unit kinds, first seen first */
	size_t nkinds;
	uint8_t *applies;       /* nkinds x nnodes: node applies to kind */
	double *amax;           /* nkinds x nnodes: applicable maximum */
	double *kind_max;       /* nkinds: the unit maximum for that kind */
	size_t *order;          /* nunits: ranked units by rank then code, then
	                           the others by code */
	size_t nranked;
};

/* Scores every unit and ranks them. Everything in *out is allocated in a
 * (which must outlive it); in must outlive *out too (explain reads it).
 * Returns PX_USAGE when in was not set up for a finished framework. */
enum px_err score_run(const struct score_input *in, struct arena *a,
                      struct score_result *out);

/* Points of node for unit u (0 when it does not apply or is missing). */
static inline double score_points(const struct score_result *r, size_t u, int node)
{
	return r->points[(size_t)node * r->nunits + u];
}
/* Applicable maximum of node for unit u (0 when it does not apply). */
static inline double score_node_max(const struct score_result *r, size_t u, int node)
{
	return r->amax[(size_t)r->units[u].kind * r->nnodes + (size_t)node];
}
static inline bool score_node_applies(const struct score_result *r, size_t u, int node)
{
	return r->applies[(size_t)r->units[u].kind * r->nnodes + (size_t)node] != 0;
}

/* The sentence for m, in Vietnamese and English, naming the criterion
 * and the metric and period ("criterion 1.2: metric plan.tasks_total for
 * 2025 has no value"), allocated in a. kind is the unit's kind (used by
 * SCORE_WHY_NOTHING_APPLIES). */
void score_missing_text(const struct framework *fw, const struct score_missing *m,
                        const char *kind, struct arena *a, const char **vi,
                        const char **en);

/* ---- explain ---------------------------------------------------------- */

struct score_explain_metric {
	long slot;
	const char *ref;     /* "m" or "m@2024-Q1" */
	const char *metric;
	const char *period;  /* NULL = the framework's year */
	double value;        /* valid when present */
	bool present;
	const char *source;  /* NULL; the caller may fill it (file, module) */
};

struct score_explain_node {
	int node;
	bool applies;
	double max;              /* applicable maximum (0 when not applicable) */
	double points;           /* as counted (after clamping) */
	bool has_self, has_appraised;
	double self, appraised;  /* assessed leaves */
	const char *formula;     /* formula leaves: the text */
	bool has_value;
	double value;            /* formula result before clamping */
	struct score_explain_metric *metrics; /* the formula's metrics */
	size_t nmetrics;
	bool missing;            /* this node or a descendant lacks a value */
	struct score_missing *why; /* leaves: why the value is missing */
	size_t nwhy;
};

struct score_explain {
	size_t unit;
	const struct score_unit *u;
	const struct score_unit_result *result;
	struct score_explain_node *nodes; /* fw->nnodes, display order */
	size_t nnodes;
};

/* Explains every number of unit u: for each node the self and appraised
 * points, computed points, applicable maximum, formula text and value,
 * the metric values used and why anything is missing. Allocated in a. */
enum px_err score_explain(const struct score_result *r, size_t u,
                          struct arena *a, struct score_explain *out);
#endif
