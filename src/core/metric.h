/*
 * Metric values in memory, as the scoring engine's callers need them:
 * (unit, metric, period) -> value with its source. A year or quarter with
 * no value of its own is derived from finer periods when the metric's
 * catalogue entry says how: 'sum' or 'mean' over ALL of its quarters, or
 * failing that ALL of its months. A partial set derives nothing: a value
 * is never silently made from part of a period, and never zero-filled.
 */
#ifndef PARINDEX_CORE_METRIC_H
#define PARINDEX_CORE_METRIC_H
#include <stdbool.h>
#include <stddef.h>

#include "base/datetime.h"
#include "base/map.h"

struct arena;

enum metric_aggregate { AGG_NONE, AGG_SUM, AGG_MEAN };

struct metric_value {
	double value;
	const char *source;
};

struct metric_table {
	struct map values;     /* "unit\x1fmetric\x1fperiod" -> struct metric_value * */
	struct map aggregates; /* metric -> (enum metric_aggregate + 1) */
	struct arena *arena;
};

void metric_table_init(struct metric_table *t, struct arena *a);
void metric_table_free(struct metric_table *t);
void metric_table_put(struct metric_table *t, const char *unit, const char *metric,
                      struct period p, double value, const char *source);
void metric_table_set_aggregate(struct metric_table *t, const char *metric,
                                enum metric_aggregate agg);
/* The value for (unit, metric, p), stored or derived. *derived tells
 * which; *source is the stored source or "derived: sum of 4 quarters".
 * Returns false when missing. */
bool metric_table_get(const struct metric_table *t, const char *unit, const char *metric,
                      struct period p, double *value, const char **source, bool *derived);
bool metric_aggregate_parse(const char *s, enum metric_aggregate *out);
const char *metric_aggregate_name(enum metric_aggregate a);
/* Letters, digits, '_' and '.', starting with a letter, at most 128. */
bool metric_code_valid(const char *s, size_t n);
#endif
