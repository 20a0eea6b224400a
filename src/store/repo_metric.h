/* Storage of the metric catalogue and metric values. */
#ifndef PARINDEX_STORE_REPO_METRIC_H
#define PARINDEX_STORE_REPO_METRIC_H
#include <stdbool.h>

#include "core/metric.h"
#include "store/db.h"

struct metric_def {
	const char *code, *name_vi, *name_en, *unit_of_measure, *description;
	enum metric_aggregate aggregate;
	long values; /* filled by repo_metric_list */
};

/* Inserts or replaces a catalogue entry. */
enum px_err repo_metric_define(struct db *db, const struct metric_def *m);
/* Adds code to the catalogue with placeholder names if absent; *added
 * says whether it did. */
enum px_err repo_metric_ensure(struct db *db, const char *code, bool *added);
/* Every catalogue entry with its number of values, by code. */
enum px_err repo_metric_list(struct db *db, struct arena *a, struct metric_def **out,
                             size_t *n);
/* Stores a value; *had_old and *old tell what it replaced. */
enum px_err repo_metric_put(struct db *db, const char *unit, const char *period,
                            const char *metric, double value, const char *source,
                            const char *as_of, bool *had_old, double *old);

/* Many values of one source and as_of in few statements (METRIC_BATCH_ROWS
 * rows each): put copies its strings into the arena and writes a full
 * batch; flush writes what is left. Within one batch no (unit, period,
 * metric) may appear twice. An error sticks: later calls return PX_FAIL. */
#define METRIC_BATCH_ROWS 32
struct metric_put {
	const char *unit, *period, *metric;
	double value;
};
struct metric_batch {
	struct db *db;
	struct arena *arena;
	const char *source, *as_of;
	struct metric_put v[METRIC_BATCH_ROWS];
	size_t n;
	bool failed;
};
void repo_metric_batch_init(struct metric_batch *b, struct db *db, struct arena *a,
                            const char *source, const char *as_of);
enum px_err repo_metric_batch_put(struct metric_batch *b, const char *unit, const char *period,
                                  const char *metric, double value);
enum px_err repo_metric_batch_flush(struct metric_batch *b);

struct metric_row {
	const char *unit, *period, *metric, *source, *as_of;
	double value;
};
/* Values filtered by unit, metric and period prefix ("2024" matches every
 * period of 2024); NULL means any. Ordered by unit, metric, period. */
enum px_err repo_metric_values(struct db *db, const char *unit, const char *metric,
                               const char *period_prefix, struct arena *a,
                               struct metric_row **out, size_t *n);
#endif
