/*
 * What the inspection files of app/ share (inspection.c: visibility,
 * import, reading, the machines; inspection_follow.c: the JSON shape,
 * notices, metrics, the demo's history). Not for other modules.
 */
#ifndef PARINDEX_APP_INSPECTION_IMPL_H
#define PARINDEX_APP_INSPECTION_IMPL_H
#include "app/inspection.h"
#include "base/map.h"
#include "core/register.h"

/* Every inspection and what hangs on it, loaded at once. */
struct insp_world {
	struct insp_rec *insp;
	size_t ninsp;
	struct insp_item_rec *items;
	size_t nitems;
	struct insp_finding_rec *findings;
	size_t nfindings;
	struct insp_reco_rec *recos;
	size_t nrecos;
	struct map idx; /* code -> index + 1 */
};

enum px_err insp_world_load(struct app *app, struct insp_world *w);
void insp_world_free(struct insp_world *w);
struct insp_rec *insp_find(const struct insp_world *w, const char *code);
/* The date of "YYYY-MM-DD..." (DATE_MIN when none) and back. */
int32_t insp_day(const char *s);
const char *insp_day_str(struct arena *a, int32_t d);
enum px_err insp_db_error(struct app *app, struct diags *d);
bool insp_city_admin(const struct actor *who);
/* Not accepted by asof and due before it. */
bool insp_reco_overdue(const struct insp_reco_rec *r, int32_t asof);
/* Builds r's checklist: its template's items, then every recommendation
 * not accepted of earlier inspections of r's unit or its predecessors
 * (*items, *rechecked of them). PX_FAIL on a database error. */
enum px_err insp_checklist(struct app *app, const struct insp_world *w,
                           const struct unit_set *units, const struct insp_rec *r, long *items,
                           long *rechecked);
#endif
