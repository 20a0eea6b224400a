/*
 * Storage of the unit register and staff. Reads load the whole register
 * into a struct unit_set (core/register.h); writes are one row at a time
 * inside the caller's transaction.
 */
#ifndef PARINDEX_STORE_REPO_UNIT_H
#define PARINDEX_STORE_REPO_UNIT_H
#include "core/register.h"
#include "store/db.h"

/* Loads every unit and its successor links into s (strings in s->arena),
 * with line = 0, then calls register_index. */
enum px_err repo_unit_load(struct db *db, struct unit_set *s);
/* Inserts or updates u by code (not its parent or successors). */
enum px_err repo_unit_upsert(struct db *db, const struct unit_rec *u);
/* Sets the parent of code (NULL parent: a root). */
enum px_err repo_unit_set_parent(struct db *db, const char *code, const char *parent);
/* Replaces the successor links of code. */
enum px_err repo_unit_set_successors(struct db *db, const char *code,
                                     const char *const *succ, size_t n);
/* Number of units (0 on an empty register). */
long repo_unit_count(struct db *db);

struct staff_rec {
	const char *code, *name, *unit_code, *category, *position;
	int32_t valid_from, valid_to;
	long line;
};

enum staff_change { STAFF_SAME, STAFF_NEW, STAFF_CHANGED };
/* Inserts or updates a staff member by code; *what says whether the row
 * was new, changed, or already identical (then nothing is written). */
enum px_err repo_staff_upsert(struct db *db, const struct staff_rec *s,
                              enum staff_change *what);
long repo_staff_count(struct db *db);
/* Staff of one unit (or all when unit is NULL), by unit code then staff
 * code; rows and strings in a. */
enum px_err repo_staff_list(struct db *db, const char *unit, struct arena *a,
                            struct staff_rec **out, size_t *n);
/* Deletes every row of every data table (not the audit log, which is
 * append-only): the demo's --force. Call inside a transaction. */
enum px_err repo_wipe_data(struct db *db);
#endif
