/*
 * Storage of frameworks (canonical JSON text), assessment scores and
 * publications. A publication is written once and never updated: a
 * re-publication is a new version.
 */
#ifndef PARINDEX_STORE_REPO_FRAMEWORK_H
#define PARINDEX_STORE_REPO_FRAMEWORK_H
#include <stdbool.h>

#include "store/db.h"

struct arena;

struct framework_row {
	const char *code, *title, *groups, *body, *imported_at;
	const char *unit; /* the owner unit's code; NULL = the root (city-wide) */
	int year;
	long versions; /* publications (filled by list) */
};

/* Inserts or replaces by code. *changed is false when the stored body was
 * already byte-identical (then nothing is written). */
enum px_err repo_framework_put(struct db *db, const struct framework_row *f, bool *changed);
/* PX_NOTFOUND when there is no such framework. */
enum px_err repo_framework_get(struct db *db, const char *code, struct arena *a,
                               struct framework_row *out);
/* Every framework by year then code. */
enum px_err repo_framework_list(struct db *db, struct arena *a, struct framework_row **out,
                                size_t *n);

struct score_row {
	const char *unit, *criterion, *note;
	bool has_self, has_appraised;
	double self, appraised;
};

/* Sets a unit's points for a criterion (absent values become NULL).
 * *had_old says whether a row existed; *old receives it. */
enum px_err repo_score_put(struct db *db, const char *framework, const struct score_row *s,
                           const char *actor, const char *at, bool *had_old,
                           struct score_row *old, struct arena *a);
/* One unit's points for a criterion (zeroed, note "", when none). */
enum px_err repo_score_get(struct db *db, const char *framework, const char *unit,
                           const char *criterion, struct arena *a, struct score_row *out);
/* Whether version of the framework was published from exactly these
 * inputs and results. */
enum px_err repo_publication_same(struct db *db, const char *framework, long version,
                                  const char *inputs, const char *results, bool *same);
/* Every score of the framework, by unit then criterion. */
enum px_err repo_score_list(struct db *db, const char *framework, struct arena *a,
                            struct score_row **out, size_t *n);

struct publication_result_row {
	const char *unit_code, *unit_name, *grade, *status;
	long rank; /* 0 = not ranked */
	double points, max, index;
	bool has_index;
};

/* The newest version number (0 when never published). */
long repo_publication_latest(struct db *db, const char *framework);
/* Writes version `version` with its snapshot texts and result rows. */
enum px_err repo_publication_add(struct db *db, const char *framework, long version,
                                 const char *at, const char *by, const char *inputs,
                                 const char *results,
                                 const struct publication_result_row *rows, size_t n);
/* The result rows of a version, by rank then code (unranked last). */
enum px_err repo_publication_results(struct db *db, const char *framework, long version,
                                     struct arena *a, struct publication_result_row **out,
                                     size_t *n);
/* When and by whom a version was published (PX_NOTFOUND if not). */
enum px_err repo_publication_info(struct db *db, const char *framework, long version,
                                  struct arena *a, const char **at, const char **by);
/* The frozen results JSON of a version (PX_NOTFOUND if none). */
enum px_err repo_publication_results_json(struct db *db, const char *framework, long version,
                                          struct arena *a, const char **json);

struct publication_history_row {
	const char *framework, *title, *groups;
	int year;
	long version, rank;
	double index;
	bool has_index;
	const char *grade;
};
/* The newest published version of every framework that ranked unit,
 * by year then framework code. */
enum px_err repo_publication_history(struct db *db, const char *unit, struct arena *a,
                                     struct publication_history_row **out, size_t *n);
#endif
