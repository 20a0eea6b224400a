/*
 * Use cases of frameworks and the PAR index: import, check, list, export
 * frameworks; import assessment scores; score (load everything, run the
 * pure engine); explain; publish a frozen snapshot; read a publication.
 */
#ifndef PARINDEX_APP_SCORING_H
#define PARINDEX_APP_SCORING_H
#include <stdbool.h>

#include "app/access.h"
#include "app/app.h"
#include "base/str.h"
#include "core/framework.h"
#include "core/metric.h"
#include "core/rank.h"
#include "core/score.h"
#include "io/framework_io.h"
#include "store/repo_framework.h"

/* Reads and validates a framework file, with warnings for unit kinds no
 * unit has and metrics with no values; stores nothing. */
enum px_err app_framework_check(struct app *app, const char *path,
                                const struct frm_header *over, struct diags *d,
                                struct framework **out);
/* Imports a framework file (JSON, CSV, XLSX). *changed is false when the
 * stored framework was already identical (importing an export is a
 * no-op). */
/* The actor must be allowed to manage the framework, and the stored one of
 * the same code (app_may_manage_framework): PX_DENIED otherwise, nothing
 * written. An owner unit ("unit") that is not in the register is an error
 * at the file and the field. */
enum px_err app_framework_import(struct app *app, const struct actor *who, const char *path,
                                 const struct frm_header *over, struct diags *d,
                                 struct framework **out, bool *changed);
/* The same from JSON bytes (the embedded examples). */
enum px_err app_framework_import_json(struct app *app, const struct actor *who,
                                      const char *name, const char *data, size_t len,
                                      struct diags *d, struct framework **out, bool *changed);
/* Whether the framework ranks and scores unit s->v[i]: a unit of its
 * group and, for a framework owned by a unit ("unit"), in that unit's
 * subtree on the framework's year end (or on the unit's last day, when it
 * ended before). */
bool app_framework_scopes(const struct framework *fw, const struct unit_set *s, size_t i);
/* Loads a stored framework (PX_NOTFOUND with a message in d). */
enum px_err app_framework_load(struct app *app, const char *code, struct diags *d,
                               struct framework **out);

/* Imports self/appraised points (formats/tables.md), all or nothing. */
enum px_err app_assessment_import(struct app *app, const char *path, const char *framework,
                                  struct diags *d, struct import_summary *sum);

enum px_err app_assessment_import_mem(struct app *app, const char *name, const char *data,
                                      size_t len, const char *framework, struct diags *d,
                                      struct import_summary *sum);

/* Everything one scoring run used and produced. */
struct app_scoring {
	struct framework *fw;
	struct score_unit *units;
	size_t nunits;
	struct score_input in;
	struct score_result res;
	const char **metric_source; /* [slot * nunits + u]: where the value came from */
	struct score_row *scores;   /* the assessment rows used */
	size_t nscores;
};

/* Scores a framework: units of its group (only kind `group` when not
 * NULL) that exist on the last day of its year or have scores for it;
 * appraised points from the assessment table; metric values for its year
 * (derived from months or quarters where the catalogue says how). */
enum px_err app_score(struct app *app, const char *framework, const char *group,
                      struct diags *d, struct app_scoring *out);
/* Scores the framework's previous one (fw->previous) for the same group,
 * when there is one: PX_NOTFOUND otherwise. */
enum px_err app_score_previous(struct app *app, const struct app_scoring *cur,
                               const char *group, struct diags *d, struct app_scoring *out);

/* The same as app_score and app_score_previous, through the live cache
 * (app/live_cache.h): the results of the current data version, computed
 * once and shared, so *out must be treated as read-only; valid until the
 * end of the request (live_release). For pages and the API. */
enum px_err app_score_live(struct app *app, const char *framework, const char *group,
                           struct diags *d, struct app_scoring *out);
enum px_err app_score_previous_live(struct app *app, const struct app_scoring *cur,
                                    const char *group, struct diags *d,
                                    struct app_scoring *out);
/* A stored framework, parsed once per data version (read-only, shared;
 * valid until the end of the request). */
enum px_err app_framework_live(struct app *app, const char *code, struct diags *d,
                               const struct framework **out);

/* The register (app_register_load) through the live cache: *out is a
 * shared, read-only view (its arena is NULL: never unit_set_put or
 * unit_set_free it), valid until the end of the request. */
enum px_err app_register_live(struct app *app, struct unit_set *out);

/* Publishes a new version: scores, freezes inputs and results, writes
 * them with an audit entry. *version is the new number; *changes lists
 * (in app->arena) the units whose rank, index or grade differ from the
 * previous version. */
struct publish_change {
	const char *unit, *what; /* what: "rank 3 -> 2", "new", ... */
};
enum px_err app_publish(struct app *app, const char *framework, struct diags *d,
                        long *version, struct publish_change **changes, size_t *nchanges);
/* The published ranking of a version (0 = the newest); PX_NOTFOUND when
 * the framework was never published. */
enum px_err app_published(struct app *app, const char *framework, long *version,
                          struct publication_result_row **rows, size_t *n,
                          const char **at, const char **by, struct diags *d);
/* Every framework, by year then code, with its number of publications. */
enum px_err app_framework_list(struct app *app, struct framework_row **out, size_t *n);
/* The same through the live cache: shared rows, read-only, valid until
 * the end of the request (live_release). */
enum px_err app_framework_list_live(struct app *app, struct framework_row **out, size_t *n);
/* The newest published version of a framework (0 when never published). */
long app_published_latest(struct app *app, const char *framework);
/* The frozen results JSON of a published version (0 = newest). */
enum px_err app_published_json(struct app *app, const char *framework, long *version,
                               const char **json, struct diags *d);
/* The published history of one unit (newest version of each framework). */
enum px_err app_unit_history(struct app *app, const char *unit,
                             struct publication_history_row **out, size_t *n);

/* The demo's frameworks (2021-2025), scores and metrics, and the
 * publications of the years before 2025 (app/demo_scores.c). */
enum px_err app_demo_scores(struct app *app, struct diags *d);
#endif
