/*
 * Private to the dossier parts of app/ (dossier.c, procedure.c,
 * calendar_data.c, calendar_rules.c, dossier_metrics.c, service_index.c): what they share
 * and nobody else needs. The public use cases are in app/dossier.h.
 */
#ifndef PARINDEX_APP_DOSSIER_IMPL_H
#define PARINDEX_APP_DOSSIER_IMPL_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/dossier.h"
#include "base/embedded.h"
#include "base/map.h"

/* data/calendar/YYYY.json and data/service-index-766.json, compiled in by
 * tools/embed (CMakeLists.txt, table "dossier_data"). */
extern const struct embedded_file dossier_data_files[];

/* A whole small data file (16 MiB at most) in a malloc'd buffer with a
 * NUL after it; NULL with the problem in d. (calendar_data.c) */
char *dossier_data_read(const char *path, size_t *len, struct diags *d);

/* data[0..len) parsed as JSON (duplicate keys refused), the caller's to
 * json_decref; NULL with the syntax error's line and column under name in
 * d. (calendar_data.c) */
json_t *dossier_json_load(const char *name, const char *data, size_t len, struct diags *d);

/* The procedure catalogue an analysis or an import completes deadlines
 * from (procedure.c). */
struct catalogue;
/* A file (path), the database (from_db), or none: *out NULL. */
enum px_err catalogue_load(struct app *app, const char *path, bool from_db, struct diags *d,
                           struct catalogue **out);
void catalogue_free(struct catalogue *c);
/* The procedure of code[0..n), NULL when unknown or c is NULL. */
const struct procedure *catalogue_find(const struct catalogue *c, const char *code, size_t n);

/* The dossier.* metrics (dossier_metrics.c). */
/* Declares every dossier.* metric in the catalogue (idempotent). */
enum px_err dossier_metrics_define(struct db *db);
/* Recomputes the stored dossier.* values of the units in scope (NULL:
 * every unit) from the whole aggregate of the stored counters, for the
 * data's months first..last; sum->units and sum->values are set. */
enum px_err dossier_metrics_write(struct db *db, const struct dossier_agg *all, int32_t first,
                                  int32_t last, const struct map *scope, const char *as_of,
                                  struct dossier_import_summary *sum);
#endif
