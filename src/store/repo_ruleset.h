/*
 * Rule sets kept whole (their JSON body) with their validity: the one
 * shape the evaluation (eval_ruleset, migration 0015) and emulation
 * (emu_ruleset, 0016) tables share. The table is chosen by an enum mapped
 * to literal SQL, never by a name spliced into the text.
 */
#ifndef PARINDEX_STORE_REPO_RULESET_H
#define PARINDEX_STORE_REPO_RULESET_H
#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct arena;

enum ruleset_table { RULESET_EVALUATION, RULESET_EMULATION };

struct ruleset_rec {
	const char *code, *valid_from, *valid_to, *body, *imported_at; /* valid_to NULL: open */
};
/* Inserts or replaces a rule set; *is_new says which. */
enum px_err repo_ruleset_put(struct db *db, enum ruleset_table t, const struct ruleset_rec *r,
                             bool *is_new);
/* Every rule set of t, by valid_from then code (strings in a). */
enum px_err repo_ruleset_all(struct db *db, enum ruleset_table t, struct arena *a,
                             struct ruleset_rec **out, size_t *n);
#endif
