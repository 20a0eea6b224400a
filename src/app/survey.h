/*
 * Use cases of surveys (docs/formats/surveys.md): import an instrument;
 * open, close and list campaigns; import responses (all or nothing);
 * one response typed in or sent from the public form; the results with
 * weighting; the survey.* metrics. A campaign's states are survey_machine
 * (workflow.h): open (WF_NONE -> open), close, reopen, import, respond
 * and weigh are its transitions, decided in the write transaction.
 *
 * The survey.<instrument>.<element or index> metrics of the campaign's
 * period are recomputed whole inside the transaction of every change
 * (open, import, respond, weigh), with the margins last given to
 * `survey results --margins` (none: weight 1), so they never disagree
 * with the responses. Their source says n, n_eff and the interval.
 */
#ifndef PARINDEX_APP_SURVEY_H
#define PARINDEX_APP_SURVEY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/workflow.h"
#include "core/survey.h"
#include "store/repo_survey.h"

enum survey_state { SURVEY_OPEN, SURVEY_CLOSED, SURVEY_NSTATES };
extern const char *const survey_state_names[];
extern const struct wf_machine survey_machine;

/* Imports an instrument file (JSON) named name, len bytes: validated,
 * stored, audited. An instrument that campaigns use cannot change
 * (import it under a new code). *code gets its code. */
enum px_err app_survey_instrument_import(struct app *app, const struct actor *who,
                                         const char *name, const char *data, size_t len,
                                         struct diags *d, bool *is_new, const char **code);
enum px_err app_survey_instruments(struct app *app, struct survey_instrument_rec **out,
                                   size_t *n);
/* The instrument code, parsed (PX_NOTFOUND). */
enum px_err app_survey_instrument(struct app *app, const char *code,
                                  struct survey_instrument **out, struct diags *d);

struct survey_open_args {
	const char *instrument, *campaign, *period;
	const char *units_file; /* CSV/XLSX unit_code[,quota]; NULL: by group */
	const char *group;      /* a unit kind; NULL with no file: every unit */
	long codes;             /* one-time codes per unit, 0: none */
	size_t nunits;          /* out */
};
enum px_err app_survey_open(struct app *app, const struct actor *who, struct survey_open_args *a,
                            struct diags *d);
enum px_err app_survey_close(struct app *app, const struct actor *who, const char *campaign,
                             struct diags *d);
enum px_err app_survey_reopen(struct app *app, const struct actor *who, const char *campaign,
                              struct diags *d);
/* Campaigns the actor may see (with their counts). */
enum px_err app_survey_list(struct app *app, const struct actor *who,
                            struct survey_campaign_rec **out, size_t *n);
/* One campaign (PX_NOTFOUND when absent or not visible). */
enum px_err app_survey_get(struct app *app, const struct actor *who, const char *campaign,
                           struct survey_campaign_rec *out, struct diags *d);
/* The campaign's units with responses against quota. */
enum px_err app_survey_units(struct app *app, const struct actor *who, const char *campaign,
                             struct survey_unit_rec **out, size_t *n, struct diags *d);
/* The campaign's one-time codes (of unit, NULL: all). */
enum px_err app_survey_codes(struct app *app, const struct actor *who, const char *campaign,
                             const char *unit, struct survey_code_rec **out, size_t *n,
                             struct diags *d);

/* Imports a response file (path, or the len bytes of data named path)
 * into the open campaign: all or nothing, FILE:LINE:COLUMN errors. */
enum px_err app_survey_import(struct app *app, const struct actor *who, const char *campaign,
                              const char *path, const char *data, size_t len, struct diags *d,
                              struct import_summary *sum);

/* One response: answers[q] the typed text of question q (NULL or "":
 * not answered); source "paper" or "web"; code the one-time code (the
 * web form of a campaign with codes needs one). Errors name the field
 * (the question code, "code"). *respondent gets the id given. */
struct survey_respond_args {
	const char *unit, *code, *source;
	const char *const *answers;
	const char *respondent; /* out */
};
enum px_err app_survey_respond(struct app *app, const struct actor *who, const char *campaign,
                               struct survey_respond_args *a, struct diags *d);

struct survey_results_view {
	struct survey_campaign_rec c;
	struct survey_instrument *s;
	const char **units; /* by unit index */
	size_t nunits;
	struct survey_result *r;
	size_t n;
	bool weighted;
};
/* The results of a campaign (surveys.md "Statistics"). With margins
 * (a file path, or data != NULL its len bytes), each unit is raked to
 * them (errors name the unit) and they become the campaign's margins for
 * its metrics (the "weigh" transition); without, every weight is 1. */
enum px_err app_survey_results(struct app *app, const struct actor *who, const char *campaign,
                               const char *margins_path, const char *margins_data,
                               size_t margins_len, struct survey_results_view *out,
                               struct diags *d);
/* The metric code of an element or index: survey.<instrument lower-case>.<code>. */
const char *app_survey_metric_code(struct app *app, const char *instrument, const char *code);
struct doc;
/* The results (unweighted, as the page shows them) and the progress per
 * unit as a document for XLSX/PDF (io/doc.h), in app->arena; lang "vi"
 * (default) or "en". */
enum px_err app_survey_report(struct app *app, const struct actor *who, const char *campaign,
                              const char *lang, struct doc **out, struct diags *d);
struct report;
/* The tables of `survey list` and `survey results` (io/report.h), the
 * same for the command line and the JSON API; in a. */
struct report *app_survey_campaigns_table(struct arena *a, const struct survey_campaign_rec *v,
                                          size_t n);
struct report *app_survey_results_table(struct arena *a, const struct survey_results_view *v);
/* The demo's SIPAS 2026 campaign over the departments with synthetic
 * responses (app/demo_surveys.c; illustrative). */
enum px_err app_demo_surveys(struct app *app, struct diags *d);
#endif
