/*
 * The unit register as pure logic: effective-dated units with a parent
 * and successor links (merge, split, rename, dissolve). The store loads
 * every unit into a struct unit_set (a city has thousands, a country tens
 * of thousands: small enough to hold), the importer overlays the file's
 * rows, and this module validates the whole, answers "what existed on
 * date D", traces lineage and counts units for streamlining reports.
 *
 * Dates are day numbers (base/datetime.h); an open start is DATE_MIN and
 * an open end DATE_MAX. Strings belong to the caller's arena.
 */
#ifndef PARINDEX_CORE_REGISTER_H
#define PARINDEX_CORE_REGISTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/map.h"

struct arena;

struct unit_rec {
	const char *code, *name, *kind;
	const char *parent; /* parent's code, NULL for a root */
	int32_t valid_from, valid_to;
	bool has_quota;
	int64_t payroll_quota;
	const char **successors;
	size_t nsucc;
	long line; /* line in the file being imported; 0 = already stored */
	/* set by register_index: */
	long parent_idx; /* -1 for a root or an unknown parent */
	size_t *preds;   /* indexes of units naming this one as successor */
	size_t npreds;
};

struct unit_set {
	struct unit_rec *v;
	size_t n, cap;
	struct map by_code; /* code -> index + 1 */
	struct arena *arena;
};

/* Columns of the import file, for messages (1-based; 0 = not present). */
struct register_cols {
	long code, parent, valid_from, valid_to, successor;
};

void unit_set_init(struct unit_set *s, struct arena *a);
void unit_set_free(struct unit_set *s);
/* Appends or, when the code exists, replaces; returns the index. */
size_t unit_set_put(struct unit_set *s, const struct unit_rec *u);
/* Index of code, or -1. */
long unit_set_find(const struct unit_set *s, const char *code);
/* Resolves parents and predecessor lists; call after the last put. */
void register_index(struct unit_set *s);

/* Validates the whole set after register_index: unknown parent, a cycle
 * of parents, a child valid outside its parent's validity, a successor
 * that does not exist or is the unit itself, valid_to before valid_from.
 * Only units with line > 0 (new from file) are blamed, at their line.
 * Returns the number of errors added to d. */
size_t register_validate(const struct unit_set *s, const char *file,
                         const struct register_cols *cols, struct diags *d);

bool unit_active_on(const struct unit_rec *u, int32_t date);
/* Whether unit s->v[idx] lies in the subtree of the unit coded ancestor
 * on date: it is that unit, or its parents up to it are each active on
 * date (the register's answer of app/access.c's repo_unit_within, in
 * memory). */
bool register_within(const struct unit_set *s, size_t idx, const char *ancestor, int32_t date);

/* Units active on date in tree order (depth-first from the roots; siblings
 * by kind rank, then Vietnamese name order). A unit whose parent is not
 * active on that date is shown as a root. *depth_out[i] is the depth.
 * Arrays are allocated in a. Returns the count. */
size_t register_tree(const struct unit_set *s, int32_t date, struct arena *a,
                     size_t **order_out, int **depth_out);

/* Sorts unit indexes by kind rank, then Vietnamese name order, then code. */
void register_sort(const struct unit_set *s, size_t *v, size_t n);

enum lineage_event { LINEAGE_RENAME, LINEAGE_MERGE, LINEAGE_SPLIT };

struct lineage_step {
	size_t from, to;  /* unit indexes: from handed over to to */
	int depth;        /* 1 = direct, 2 = one step further ... */
	bool backward;    /* true: a predecessor of the unit asked about */
	int32_t date;     /* the hand-over day: from's last day + 1, else
	                     to's first day, else DATE_MIN (unknown) */
	enum lineage_event event;
};

/* Predecessors (transitively, nearest first) then successors of unit idx.
 * Allocated in a; returns the count. */
size_t register_lineage(const struct unit_set *s, size_t idx, struct arena *a,
                        struct lineage_step **out);
const char *lineage_event_name(enum lineage_event e);

struct kind_stats {
	const char *kind;
	long count_from, count_to;
	int64_t payroll_from, payroll_to;
};

/* Per kind (sorted by kind rank then name), units active on d1 and d2 and
 * their payroll quota totals. Allocated in a; returns the count. */
size_t register_stats(const struct unit_set *s, int32_t d1, int32_t d2,
                      struct arena *a, struct kind_stats **out);

/* Sort rank of the built-in kinds (country, province, city, ministry,
 * department, district, commune, ward, township (thị trấn), division,
 * public_unit), others after them. */
int unit_kind_rank(const char *kind);
#endif
