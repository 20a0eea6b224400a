/*
 * Storage of dossiers, the procedure catalogue and the monthly dossier
 * counters (migration 0004), and the dossier.* metric values they
 * produce. Loads of many dossiers go through db_bulk_*: straight into an
 * empty table (its indexes rebuilt afterwards), through a staging table
 * otherwise, so a re-imported code replaces the stored dossier.
 */
#ifndef PARINDEX_STORE_REPO_DOSSIER_H
#define PARINDEX_STORE_REPO_DOSSIER_H
#include <stdbool.h>
#include <stdint.h>

#include "base/map.h"
#include "core/dossier.h"
#include "store/db.h"

struct arena;

/* Source of the metric values written by dossier import. */
#define REPO_DOSSIER_SOURCE "dossier import"

/* Columns of a dossier row for repo_dossier_load_begin, in this order:
 * code, unit_code, procedure_code, channel, online_kind, received_at,
 * due_at, due_source, finished_at, status, paid_online, digitized,
 * result_digitized, rating, maybe_late (1: processing, or finished after
 * due_at). Instants as repo_dossier_instant writes. */
#define REPO_DOSSIER_NCOLS 15
/* "YYYY-MM-DDTHH:MM:SSZ" and a NUL (21 bytes). */
void repo_dossier_instant(int64_t t, char out[21]);

/* A large write ahead (true) or over (false): on SQLite the connection's
 * page cache grows to 256 MiB for it, so a transaction of millions of
 * rows does not spill pages to the WAL and read them back; back to the
 * default afterwards. Nothing on PostgreSQL. */
void repo_dossier_bulk_mode(struct db *db, bool on);

/* Writing the dossier.* metric values of some units (source
 * REPO_DOSSIER_SOURCE, as_of): begin, add every value, end. End upserts
 * them in one statement and deletes the units' older dossier.* values of
 * that source that were not written again. Values of other sources for
 * the same (unit, period, metric) are replaced. */
struct dossier_metrics_load;
struct dossier_metrics_load *repo_dossier_metrics_begin(struct db *db);
void repo_dossier_metrics_unit(struct dossier_metrics_load *l, const char *unit);
void repo_dossier_metrics_add(struct dossier_metrics_load *l, const char *unit,
                              const char *period, const char *metric, double value);
enum px_err repo_dossier_metrics_end(struct dossier_metrics_load *l, const char *as_of);

/* Inserts or updates a catalogue entry; *change: 0 unchanged, 1 new,
 * 2 updated. */
enum px_err repo_procedure_put(struct db *db, const struct procedure *p, const char *now,
                               int *change);
/* Every catalogue entry by code (strings in a). */
enum px_err repo_procedure_all(struct db *db, struct arena *a, struct procedure **out, size_t *n);

/* The days a unit existed (valid_from..valid_to, both included; DATE_MIN
 * and DATE_MAX when open). */
struct repo_unit_span {
	int32_t from, to;
};
/* The codes of every unit in the register, as keys of out, each with its
 * struct repo_unit_span (in a). */
enum px_err repo_dossier_unit_codes(struct db *db, struct arena *a, struct map *out);
/* True when no dossier is stored. */
enum px_err repo_dossier_is_empty(struct db *db, bool *empty);

/* Starts a load of dossier rows (inside the caller's transaction):
 * direct into the empty table with its indexes dropped, or into a
 * staging table. */
struct db_bulk *repo_dossier_load_begin(struct db *db, bool direct);
/* Finishes the load after db_bulk_end: direct, the indexes are rebuilt;
 * staged, fn sees every stored dossier that a loaded row replaces (with
 * its unit), those are deleted and the loaded rows move in. */
enum px_err repo_dossier_load_finish(struct db *db, bool direct,
                                     void (*fn)(void *ctx, const char *unit,
                                                const struct dossier *d),
                                     void *ctx, long *replaced);

/* Staging outside the main database's write lock (SQLite): the rows go
 * into table dossier_stage of a separate staging file through its own
 * connection (stage_begin, then db_bulk_end; stage_index adds the index
 * the switch walks); the main connection then attaches the file
 * (outside a transaction) and, inside its write transaction, switches
 * them in (stage_switch, as load_finish does: direct into an empty
 * table, or replacing the stored versions, which fn sees); detach after
 * the transaction. */
struct db_bulk *repo_dossier_stage_begin(struct db *stage);
enum px_err repo_dossier_stage_index(struct db *stage);
enum px_err repo_dossier_stage_attach(struct db *db, const char *path);
void repo_dossier_stage_detach(struct db *db);
enum px_err repo_dossier_stage_switch(struct db *db, bool direct,
                                      void (*fn)(void *ctx, const char *unit,
                                                 const struct dossier *d),
                                      void *ctx, long *replaced);

/* Every stored monthly cell (DOSSIER_NCELL values), by unit and month. */
enum px_err repo_dossier_month_each(struct db *db,
                                    void (*fn)(void *ctx, const char *unit, int32_t month,
                                               const int64_t *cell),
                                    void *ctx);
/* Adds a cell to the stored one of (unit, month). */
enum px_err repo_dossier_month_add(struct db *db, const char *unit, int32_t month,
                                   const int64_t *cell);
/* Deletes cells that became all zero. */
enum px_err repo_dossier_month_prune(struct db *db);

/* Deletes every value of period whose metric code starts with
 * "prefix." (the service index before it is written again). */
enum px_err repo_dossier_metric_clear(struct db *db, const char *period, const char *prefix);

struct stored_dossier {
	const char *code, *procedure, *procedure_name, *due_source;
	struct dossier d; /* months set */
};
/* True when the unit has a stored dossier. */
enum px_err repo_dossier_unit_has(struct db *db, const char *unit, bool *has);
/* The unit's dossiers received until `until` and not finished before
 * `from` (instants), by received_at then code: the candidates for the
 * late list of a month. Strings valid during the call of fn. */
enum px_err repo_dossier_candidates(struct db *db, const char *unit, int64_t from, int64_t until,
                                    void (*fn)(void *ctx, const struct stored_dossier *s),
                                    void *ctx);
#endif
