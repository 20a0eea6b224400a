/*
 * Citizen ratings of finished dossiers (issue 15, shared/formats/
 * surveys.md "Public form and ratings"): the tokens printed on receipts,
 * the rating itself (1..5 and a comment of at most 1000 characters;
 * rating again replaces), the list, and the dossier.* metrics that
 * follow. One function per action for the CLI (cli/cmd_rating.c) and the
 * pages (web/page_rating.c).
 *
 * Durability: app_rating_put answers PX_OK only when the rating is
 * committed to disk. In the web server the ratings of concurrent
 * requests share one transaction and one fsync (group commit,
 * store/group_commit.c, started by app_rating_commit_start); elsewhere
 * (the CLI) each rating is its own transaction. Same batch function on
 * both paths. docs/internals/group-commit.md.
 */
#ifndef PARINDEX_APP_RATING_H
#define PARINDEX_APP_RATING_H
#include <stdbool.h>
#include <stddef.h>

#include "app/access.h"
#include "app/app.h"
#include "store/repo_rating.h"

#define RATING_COMMENT_MAX 1000 /* characters */
#define RATING_TOKEN_PREFIX "pxr_"

/* The tokens of a unit's dossiers finished in month ("YYYY-MM"), or of
 * one dossier (dossier not NULL: unit and month are then ignored),
 * with create, created where missing (one transaction, one audit entry;
 * idempotent: a second run prints the same tokens; without, a dossier
 * without one has token NULL). The office over the unit only
 * (PX_DENIED). Strings in app->arena; PX_BADINPUT for a bad month,
 * PX_NOTFOUND for an unknown unit or a dossier that is not finished. */
enum px_err app_rating_tokens(struct app *app, const struct actor *who, const char *unit,
                              const char *month, const char *dossier, bool create,
                              struct rating_token_rec **out, size_t *n, struct diags *d);
/* url of a token under base (no trailing slash needed): BASE/rate/TOKEN
 * (in app->arena). */
const char *app_rating_url(struct app *app, const char *base, const char *token);

/* What a token rates; PX_NOTFOUND for a token that is not one. */
enum px_err app_rating_target(struct app *app, const char *token, struct rating_target *out);

/* Stores a citizen's rating (text as typed: "1".."5") and comment (may
 * be NULL) for the token's dossier, replacing an earlier one; the
 * dossier's rating and its month's rated/satisfied counters change in
 * the same transaction (its dossier.* metric values at the next refresh,
 * app_rating_metrics_refresh). PX_OK only once committed; PX_BADINPUT
 * with the field (where: "rating" or "comment") in d; PX_NOTFOUND for an
 * unknown token; PX_FAIL when the database failed (nothing stored). */
enum px_err app_rating_put(struct app *app, const char *token, const char *rating,
                           const char *comment, struct diags *d);

/* app_rating_put in three steps, for a caller that must not block while
 * the group commit runs (the web server: its worker serves other
 * connections meanwhile): check (PX_OK: *out ready; else as
 * app_rating_put, nothing queued), submit (done(ctx) is called once, on
 * another thread, when the rating is committed or failed), then read the
 * answer as app_rating_put's. Asynchronous only while the group commit
 * runs (app_rating_async). */
struct rating_put;
enum px_err app_rating_check(struct app *app, const char *token, const char *rating,
                             const char *comment, struct diags *d, struct rating_put **out);
bool app_rating_async(void);
void app_rating_submit_async(struct rating_put *p, void (*done)(void *ctx), void *ctx);
enum px_err app_rating_result(struct rating_put *p, struct diags *d);

/* The ratings of dossiers finished in month (NULL: any) of unit (NULL:
 * all units), by dossier code. The office (any grant) only. */
enum px_err app_rating_list(struct app *app, const struct actor *who, const char *unit,
                            const char *month, struct rating_rec **out, size_t *n,
                            struct diags *d);

/* Recomputes the dossier.* metric values of the units whose ratings
 * changed since the last time (part of app_metrics_refresh); runs in the
 * caller's transaction when one is open. */
enum px_err app_rating_metrics_refresh(struct app *app, struct diags *d);

/* The server's group commit for ratings (one per process): started on
 * db_url before the server takes requests, stopped after the last one.
 * While it runs, app_rating_put goes through it. */
enum px_err app_rating_commit_start(const char *db_url, char **errmsg);
void app_rating_commit_stop(void);
#endif
