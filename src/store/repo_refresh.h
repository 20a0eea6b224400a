/* Storage of the daily refresh's runs (migration 0012, app/refresh.c). */
#ifndef PARINDEX_STORE_REPO_REFRESH_H
#define PARINDEX_STORE_REPO_REFRESH_H
#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct refresh_run_rec {
	const char *day, *started_at, *finished_at, *by_host; /* finished_at "" while running */
};

/* Claims day for by_host: *won is true for exactly one caller per day,
 * whatever the number of servers on the database. */
enum px_err repo_refresh_claim(struct db *db, const char *day, const char *started_at,
                               const char *by_host, bool *won);
/* Marks day's run finished at finished_at. */
enum px_err repo_refresh_finish(struct db *db, const char *day, const char *finished_at);
/* Whether day has a run (finished or not). */
enum px_err repo_refresh_exists(struct db *db, const char *day, bool *yes);
/* Every run, newest day first, in a. */
enum px_err repo_refresh_list(struct db *db, struct arena *a, struct refresh_run_rec **out,
                              size_t *n);
#endif
