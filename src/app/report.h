/*
 * Reports: one function per report the office sends, each building a
 * struct doc (io/doc.h) from app data. The CLI (`parindex report KIND`)
 * and the pages' "Tải Excel" / "Tải PDF" links call the same function and
 * render the same doc, so both give the same bytes for the same inputs.
 *
 * The doc and everything in it live in app->arena. Errors are in d
 * (bilingual): PX_NOTFOUND for an unknown framework, unit or version,
 * PX_USAGE for bad arguments. lang: "vi" (default) or "en", for the PDF's
 * numbers and words.
 */
#ifndef PARINDEX_APP_REPORT_H
#define PARINDEX_APP_REPORT_H
#include <stdint.h>

#include "app/app.h"
#include "io/doc.h"

/* The ranking: rank, unit, index, grade, every top-level criterion, rank
 * change since the previous framework. version 0: live scores (what
 * `score` prints); N > 0: published version N (frozen); -1: the newest
 * published version. The PDF is the ranking decision with its annex
 * (template data/documents/ranking-decision.json) and the ranking chart. */
enum px_err app_report_ranking(struct app *app, const char *fw, const char *group, long version,
                               const char *lang, struct doc **out, struct diags *d);
/* A unit's scorecard: every criterion with self, appraised and final
 * points, formula inputs; rank and grade; the published history chart. */
enum px_err app_report_unit(struct app *app, const char *fw, const char *unit,
                            const char *lang, struct doc **out, struct diags *d);
/* `unit stats` by kind between two dates, with the units merged and
 * dissolved in between. */
enum px_err app_report_streamlining(struct app *app, int32_t from, int32_t to,
                                    const char *lang, struct doc **out, struct diags *d);
/* The Decision 766 service-quality points of a year (one unit or all). */
enum px_err app_report_dossiers(struct app *app, int year, const char *unit, const char *lang,
                                struct doc **out, struct diags *d);
/* The late dossiers of a unit in a month (core/dossier.h's month
 * number, dossier_month_parse), each needing an apology letter. */
enum px_err app_report_late(struct app *app, const char *unit, int32_t month, const char *lang,
                            struct doc **out, struct diags *d);
/* The assessment cycle: who submitted, who is late, appraisal progress. */
enum px_err app_report_cycle(struct app *app, const char *fw, const char *lang,
                             struct doc **out, struct diags *d);

struct actor;
/* The urging letter (đôn đốc) to unit: an official letter in the Decree
 * 30 layout (template data/documents/urging-letter.json) with the unit's
 * tasks overdue on asof (its own and those of the units below it) as the
 * annex. PX_NOTFOUND for an unknown unit. */
enum px_err app_report_urging(struct app *app, const struct actor *who, const char *unit,
                              int32_t asof, const char *lang, struct doc **out,
                              struct diags *d);

/* The conclusion of an inspection (kết luận kiểm tra) in the Decree 30
 * layout (template data/documents/inspection-conclusion.json), its
 * findings, recommendations and re-checked recommendations as the annex.
 * PX_NOTFOUND when who may not see it; PX_BADINPUT before its conclusion. */
enum px_err app_report_inspection(struct app *app, const struct actor *who, const char *code,
                                  const char *lang, struct doc **out, struct diags *d);

/* The lists of the JSON API as documents (?format=xlsx|pdf): the units
 * (on a date; 0: all), the frameworks. */
enum px_err app_report_units(struct app *app, int32_t on, const char *lang, struct doc **out,
                             struct diags *d);
enum px_err app_report_frameworks(struct app *app, const char *lang, struct doc **out,
                                  struct diags *d);

/* A file name for a download: "Bang-xep-hang-CODE.xlsx" style, ASCII
 * (filename=) and UTF-8 Vietnamese (filename*=), for Content-Disposition. */
const char *app_report_disposition(struct arena *a, const char *vi_name, const char *ascii_name,
                                   enum doc_format f);
/* The plans (app/report_plans.c, issue 13): every plan of year whose
 * unit an office grant of who covers, with its tasks, done, on time, in
 * progress, overdue and completion, and the bar chart of completion per
 * unit (`report plans`, /plans/overview); one plan's tasks on asof
 * (`report plan`, /plans/{plan}?format=), PX_NOTFOUND when who may not
 * see it. */
enum px_err app_report_plans(struct app *app, const struct actor *who, int year,
                             const char *lang, struct doc **out, struct diags *d);
enum px_err app_report_plan(struct app *app, const struct actor *who, const char *code,
                            int32_t asof, const char *lang, struct doc **out, struct diags *d);
/* Staff evaluation (app/report_evaluation.c, issue 16): a unit's month
 * (points per component, total, grade, state; the rows who may see) and
 * a unit's annual classification (levels with reasons, the chart of the
 * levels), as the pages /evaluation/units/{unit}/{month} and .../year/{y}. */
enum px_err app_report_eval_month(struct app *app, const struct actor *who, const char *unit,
                                  const char *month, const char *lang, struct doc **out,
                                  struct diags *d);
enum px_err app_report_eval_year(struct app *app, const struct actor *who, const char *unit,
                                 int year, const char *lang, struct doc **out, struct diags *d);
/* The Decree 30 frame from template data/documents/NAME (the common
 * placeholders {city} {CITY} {place} {dd} {mm} {yyyy} and keys/vals). */
struct doc_issuer;
enum px_err app_report_issuer(struct app *app, const char *name, const char *const *keys,
                              const char *const *vals, size_t n, struct doc_issuer **out,
                              struct diags *d);
/* The emulation council's minutes of unit and year (template
 * data/documents/emulation-minutes.json): members, quorum, every vote. */
enum px_err app_report_emu_minutes(struct app *app, const struct actor *who, const char *unit,
                                   int year, const char *lang, struct doc **out,
                                   struct diags *d);
/* The award decision numbered number and its annex (template
 * data/documents/emulation-decision.json): every award with its cash. */
enum px_err app_report_emu_decision(struct app *app, const struct actor *who,
                                    const char *number, const char *lang, struct doc **out,
                                    struct diags *d);
/* s in upper case (Vietnamese letters included), in a. */
const char *app_report_upper(struct arena *a, const char *s);
/* The lists of the emulation pages as XLSX/PDF (app/report_emulation.c):
 * the proposals (title NULL: every title; eligible first), a candidate's
 * awards over the years, a movement's registrations. */
enum px_err app_report_emu_proposals(struct app *app, const struct actor *who, const char *unit,
                                     int year, const char *title, const char *lang,
                                     struct doc **out, struct diags *d);
enum px_err app_report_emu_history(struct app *app, const struct actor *who,
                                   const char *candidate, const char *lang, struct doc **out,
                                   struct diags *d);
enum px_err app_report_emu_registrations(struct app *app, const struct actor *who,
                                         const char *unit, int year, const char *lang,
                                         struct doc **out, struct diags *d);
#endif
