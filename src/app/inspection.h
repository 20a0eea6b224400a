/*
 * Use cases of PAR inspections (formats/inspections.md): import of the
 * yearly inspection plan, list and show, the on-site work (start, the
 * checklist, findings, recommendations, the conclusion), the unit's
 * remediation and the lead's verification, the follow-up list, the
 * re-check of earlier recommendations and the inspection.* metrics.
 *
 * An inspection moves on inspection_machine, a recommendation on
 * recommendation_machine (app/workflow.c): who may do what in which state
 * is decided by their tables, in the write transaction.
 *
 * Visibility by construction: app_inspection_visible is THE rule, and
 * every function here that reads inspections (lists, views, counts,
 * notices, the follow-up list, the machines' load) filters through it,
 * so an unannounced inspection that has not started does not exist for
 * the inspected unit's users (PX_NOTFOUND, never PX_DENIED).
 */
#ifndef PARINDEX_APP_INSPECTION_H
#define PARINDEX_APP_INSPECTION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/workflow.h"
#include "base/datetime.h"
#include "core/inspection.h"
#include "store/repo_inspection.h"

extern const struct wf_machine inspection_machine;     /* key: the inspection code */
extern const struct wf_machine recommendation_machine; /* key: the recommendation id */

/* THE visibility rule: whether who may know that insp exists (core
 * insp_visible over the facts of who's grants). addressee (NULL: none) is
 * the unit a recommendation of insp is addressed to, when the question is
 * about that recommendation: the inspected side is the inspected unit
 * and, below it, the units it must remedy. */
bool app_inspection_visible(struct app *app, const struct actor *who, const struct insp_rec *insp,
                            const char *addressee);

/* Imports an inspection plan (an app_import_fn, as the command line's
 * city-wide actor): all or nothing; a row of an inspection that has
 * started is an error. */
enum px_err app_inspection_import(struct app *app, struct table *t, struct diags *d,
                                  struct import_summary *sum);
/* The same as who (a department-scoped office plans its own subtree);
 * path/data/len as app_import_table. */
enum px_err app_inspection_import_as(struct app *app, const struct actor *who, const char *path,
                                     const char *data, size_t len, struct diags *d,
                                     struct import_summary *sum);

/* The inspections who may see, of year (0: any) and of unit or below
 * (NULL: any), by code, in app->arena. */
enum px_err app_inspection_list(struct app *app, const struct actor *who, int year,
                                const char *unit, struct insp_rec **out, size_t *n,
                                struct diags *d);

struct insp_view {
	struct insp_rec insp;
	struct insp_item_rec *items;
	size_t nitems;
	struct insp_finding_rec *findings;
	size_t nfindings;
	struct insp_reco_rec *recos;
	size_t nrecos;
	struct insp_evidence_rec *evidence;
	size_t nevidence;
};
/* One inspection (PX_NOTFOUND when none or not visible: the same answer). */
enum px_err app_inspection_view(struct app *app, const struct actor *who, const char *code,
                                struct insp_view *out, struct diags *d);

struct str;
/* The inspection as one JSON object (the CLI's `show --format json` and
 * the API's answer): its plan row, state, conclusion, items (with re-checks
 * and whether remedied), findings, recommendations, and `allowed` (the
 * verbs[0..nv) the reader may do now). */
void app_inspection_json(const struct insp_view *v, const char *const *verbs, size_t nv,
                         struct str *out);

struct insp_file {
	const char *filename;
	const void *data;
	size_t len;
};
struct insp_check_args {
	const char *item, *result, *note;
	const struct insp_file *files;
	size_t nfiles;
};
struct insp_finding_args {
	const char *kind, *area, *text, *criterion;
	long n; /* out */
};
struct insp_recommend_args {
	const char *finding, *text, *due, *unit; /* unit NULL: the inspected unit */
	int64_t id;                              /* out */
};
struct insp_conclude_args {
	const char *number, *date, *summary;
};
struct reco_report_args {
	const char *date, *note;
	const struct insp_file *files;
	size_t nfiles;
};
struct reco_verify_args {
	const char *reason;
};

enum px_err app_inspection_start(struct app *app, const struct actor *who, const char *code,
                                 struct diags *d);
enum px_err app_inspection_check(struct app *app, const struct actor *who, const char *code,
                                 struct insp_check_args *a, struct diags *d);
enum px_err app_inspection_finding(struct app *app, const struct actor *who, const char *code,
                                   struct insp_finding_args *a, struct diags *d);
enum px_err app_inspection_recommend(struct app *app, const struct actor *who, const char *code,
                                     struct insp_recommend_args *a, struct diags *d);
enum px_err app_inspection_conclude(struct app *app, const struct actor *who, const char *code,
                                    struct insp_conclude_args *a, struct diags *d);
enum px_err app_inspection_close(struct app *app, const struct actor *who, const char *code,
                                 struct diags *d);
/* The verbs who may do on the inspection now (for pages and `allowed`). */
size_t app_inspection_allowed(struct app *app, const struct actor *who, const char *code,
                              const char **verbs, size_t max);

enum px_err app_reco_report(struct app *app, const struct actor *who, const char *id,
                            struct reco_report_args *a, struct diags *d);
/* accept (accepted) or reject (back to open; a reason is needed). */
enum px_err app_reco_verify(struct app *app, const struct actor *who, const char *id, bool accept,
                            struct reco_verify_args *a, struct diags *d);

/* The verbs (report, accept, reject) who may do on recommendation id now. */
size_t app_reco_allowed(struct app *app, const struct actor *who, const char *id,
                        const char **verbs, size_t max);

/* A recommendation for the follow-up list, on day asof. */
struct reco_row {
	const struct insp_reco_rec *r;
	const char *inspected_unit;
	bool overdue;
	long days_late;
};
/* Recommendations of inspections who may see, whose responsible unit is
 * unit or below (NULL: any), in state (NULL: any; "open", "done",
 * "accepted", or "overdue": not accepted and due before asof); by id. */
enum px_err app_reco_list(struct app *app, const struct actor *who, const char *unit,
                          const char *state, int32_t asof, struct reco_row **out, size_t *n,
                          struct diags *d);

/* The good-practice findings of every inspection who may see (city-wide
 * list of models to replicate), by inspection and number. */
enum px_err app_good_practices(struct app *app, const struct actor *who,
                               struct insp_finding_rec **out, size_t *n);

/* One evidence file with its bytes, when who may see its inspection
 * (else PX_NOTFOUND). */
enum px_err app_inspection_evidence_get(struct app *app, const struct actor *who, int64_t id,
                                        struct insp_evidence_rec *row, const void **data,
                                        struct diags *d);

struct notice;
/* Notices about inspections, appended to *v: a scheduled inspection
 * within 7 days to the unit, overdue recommendations to the responsible
 * unit's reporters. Only of inspections who may see. */
enum px_err app_inspection_notices(struct app *app, const struct actor *who, struct notice **v,
                                   size_t *n, size_t *cap);

/* The demo's inspections: the 2026 plan (data/demo/inspections.csv), the
 * 2025 history (inspections_2025.csv: departments and wards, whose
 * unremedied recommendations make the 2025 frameworks' penalty 9.1, and a
 * ward merged on 01/07/2025), the Department of Culture
 * and Sports' self-inspections of its divisions, and their history up to
 * today (started, findings, recommendations, conclusions, remediation;
 * some overdue). Wording illustrative. After the demo users. */
enum px_err app_inspection_demo(struct app *app, struct diags *d);

/* Recomputes every inspection.* value (inspections.md "Metrics written")
 * inside the caller's transaction, or its own. */
enum px_err app_inspection_metrics_refresh(struct app *app, struct diags *d);

/* Why a unit's inspection.* values of a period are what they are, as who
 * may see it (app_inspection_visible, so an unannounced inspection not yet
 * started is never named to the inspected side), of the kinds in want:
 * INSP_CAUSE_INSPECTIONS the unit's inspections of the period (reco NULL;
 * started: counted in inspection.count), INSP_CAUSE_OVERDUE the
 * recommendations overdue at the period's end
 * (inspection.recommendations_overdue), INSP_CAUSE_LATE those due in it
 * and not remedied on time (inspection.remedy_rate), by the same rule as
 * the metrics. The records are in app->arena. */
enum { INSP_CAUSE_INSPECTIONS = 1, INSP_CAUSE_OVERDUE = 2, INSP_CAUSE_LATE = 4 };
/* The kinds of cause behind one metric (0: not an inspection.* metric). */
unsigned app_inspection_metric_causes(const char *metric);
struct insp_cause {
	const struct insp_rec *insp;
	const struct insp_reco_rec *reco; /* NULL: the inspection itself */
	bool started;                     /* the inspection started in the period */
	bool overdue, late;               /* the recommendation's part */
};
enum px_err app_inspection_causes(struct app *app, const struct actor *who, const char *unit,
                                  struct period per, unsigned want, struct insp_cause **out,
                                  size_t *n, struct diags *d);

struct score_explain_node;
/* The causes behind an explained node's inspection.* inputs (each metric
 * of the framework's year or of its own period), as who may see them; none
 * for a node without such inputs. In app->arena. */
enum px_err app_inspection_explain_node(struct app *app, const struct actor *who, int year,
                                        const struct score_explain_node *node, const char *unit,
                                        struct insp_cause **out, size_t *n, struct diags *d);

/* One cause as a line after its inspection's code, in Vietnamese (dates
 * dd/mm/yyyy) or English: kind and state, then the recommendation's
 * number, text, due date, state and why it costs points. In a. */
const char *app_inspection_cause_text(struct arena *a, const struct insp_cause *c, bool en);

/* Whether a metric code is one of the inspection.* metrics that
 * app_inspection_metrics_refresh writes (inspections.md "Metrics
 * written"); inspection.units_planned and the like are not. */
bool app_inspection_metric(const char *code);
#endif
