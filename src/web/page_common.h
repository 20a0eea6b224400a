/*
 * Helpers shared by the result pages and their JSON twins: who may see a
 * unit, error answers in the request's format, the framework a page shows
 * when none is chosen, and number formatting for JSON.
 */
#ifndef PARINDEX_WEB_PAGE_COMMON_H
#define PARINDEX_WEB_PAGE_COMMON_H
#include <stdbool.h>

#include "app/access.h"
#include "app/scoring.h"
#include "web/http.h"

/* The signed-in user as the app layer's actor ("anonymous" otherwise). */
struct actor web_actor(const struct req *r);
/* Whether the signed-in user holds capability c city-wide (a grant at the
 * root: app_grant_covers with no unit); when not, a 403 page or JSON
 * error is written. For the views of every unit of the city (the live
 * ranking, service quality of all units, a city import), which a grant
 * over one department's subtree does not reach. */
bool page_city_wide(struct req *r, enum cap c);
/* The same question, answered without writing anything. */
bool page_holds_city_wide(const struct req *r, enum cap c);
/* The framework named by the route's first parameter when the signed-in
 * user may manage it (c == CAP_OFFICE: app_may_manage_framework) or see
 * its cycle (otherwise: app_may_see_framework); else the answer is
 * written (404 unknown framework, 403 with the reason) and NULL. */
const struct framework *page_framework_for(struct req *r, enum cap c);
/* app_may_see_unit for the signed-in user (app/access.c decides). */
bool page_can_see_unit(const struct req *r, const char *unit_code);
/* An error page (HTML) or {"error": ...} (JSON routes), msgid in English,
 * translated for HTML. */
void page_error(struct req *r, int status, const char *msgid);
/* HTTP status for an app error: 403 denied, 404, 422 bad input, 500. */
int web_status_of(enum px_err e);
/* The first diagnostic in the request's language (with its locator). */
const char *web_diag_text(const struct req *r, const struct diags *d);
/* Answers an app error as JSON: {"error": the first diag in English} with
 * web_status_of(e), and "field" (its locator) when the input was refused. */
void api_app_error(struct req *r, enum px_err e, const struct diags *d);
/* Answers an app error with web_status_of(e) and the first diag. */
void page_app_error(struct req *r, enum px_err e, const struct diags *d);
/* The ?framework= code if it exists, else the newest framework with
 * assessment scores (by year, then code); NULL when there is none. */
const char *page_pick_framework(struct req *r, struct framework_row *rows, size_t n);
/* Leaves a one-time message for the next page this browser session draws
 * (app/flash.h), never in the URL: error false: an English msgid
 * (translated when shown), true: a diagnostic already in the request's
 * language. Nothing for anonymous or bearer-token requests (their pages
 * draw the outcome themselves). */
void page_flash(struct req *r, bool error, const char *message);
/* A number as JSON (null for NaN) appended to r->out. */
void page_json_num(struct req *r, double v);
struct chart_ranking_spec;
/* The ranking chart of a scoring run: ranked units as bars coloured by
 * grade, the grade legend, the group average; allocated in r->arena. */
void page_ranking_spec(struct req *r, const struct app_scoring *sc,
                       struct chart_ranking_spec *spec);
#endif
