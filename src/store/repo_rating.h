/*
 * Storage of the citizens' ratings of finished dossiers (migration 0017):
 * one token per dossier (the capability printed on the receipt), the
 * latest rating of each dossier, and the units whose dossier.* metric
 * values wait for the refresh. Each function is its SQL.
 */
#ifndef PARINDEX_STORE_REPO_RATING_H
#define PARINDEX_STORE_REPO_RATING_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct arena;

/* A finished dossier of a unit and its token (NULL when it has none). */
struct rating_token_rec {
	const char *dossier_code, *token;
};
/* The unit's dossiers finished (status finished) with finished_at in
 * [from, until] (ISO UTC instants), by code, with their tokens. */
enum px_err repo_rating_finished(struct db *db, const char *unit, const char *from,
                                 const char *until, struct arena *a,
                                 struct rating_token_rec **out, size_t *n);
/* The dossier's token, NULL when none (PX_NOTFOUND when the dossier is
 * not a finished one). */
enum px_err repo_rating_token_of(struct db *db, const char *dossier, struct arena *a,
                                 struct rating_token_rec *out);
/* Stores a new token for a dossier that has none (*added false when one
 * was there already: a concurrent run; then nothing changes). */
enum px_err repo_rating_token_put(struct db *db, const char *dossier, const char *token,
                                  const char *now, bool *added);

/* What a token leads to: a finished dossier, its unit, procedure,
 * finished_at (ISO UTC) and current rating (0: none) and comment. */
struct rating_target {
	const char *dossier_code, *unit_code, *procedure_code, *procedure_name, *finished_at;
	int64_t rating; /* the dossier's rating column (imported or rated), 0 when NULL */
	int64_t rated;  /* the citizen's last rating through the token, 0 when none */
	const char *comment; /* the citizen's last comment, "" when none */
};
/* PX_NOTFOUND for an unknown token or a dossier no longer finished. */
enum px_err repo_rating_target(struct db *db, const char *token, struct arena *a,
                               struct rating_target *out);

/* Stores the rating of a dossier (replacing an earlier one) and sets the
 * dossier's rating column. */
enum px_err repo_rating_put(struct db *db, const char *dossier, int64_t rating,
                            const char *comment, const char *at);
/* Marks a unit's dossier.* metric values as waiting for the refresh. */
enum px_err repo_rating_stale_mark(struct db *db, const char *unit);

struct rating_rec {
	const char *dossier_code, *unit_code, *comment, *rated_at;
	int64_t rating;
};
/* The ratings of dossiers of unit (NULL: all) finished in [from, until]
 * (NULL: any time), by dossier code. */
enum px_err repo_rating_list(struct db *db, const char *unit, const char *from,
                             const char *until, struct arena *a, struct rating_rec **out,
                             size_t *n);

/* Whether the register has a unit of that code. */
enum px_err repo_rating_unit_known(struct db *db, const char *unit, bool *yes);

/* The stale units (keys of out, values 1), then forgets them. */
struct map;
enum px_err repo_rating_stale_take(struct db *db, struct arena *a, struct map *out);
#endif
