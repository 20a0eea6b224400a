/*
 * The one-time message of a session ("flash"): a form's outcome, shown by
 * the next page the same session draws and then gone. It lives on the
 * server (store/repo_flash.c), never in a URL, so no link can make the
 * site show a text as its own; it works across several servers on one
 * database. Only signed-in browser sessions have one (anonymous forms
 * draw their page again instead). Housekeeping, not audited.
 */
#ifndef PARINDEX_APP_FLASH_H
#define PARINDEX_APP_FLASH_H
#include <stdbool.h>

#include "app/app.h"

#define FLASH_MAX_BYTES 2000     /* a longer message is cut (at a UTF-8 boundary) */
#define FLASH_PURGE_SECONDS 3600 /* a flash nobody took is purged after this */

/* Stores the flash of the session whose cookie value is session_token
 * (it replaces an earlier one). error false: message is an English msgid
 * that the page translates when it shows it; true: a diagnostic already
 * in the user's language. */
enum px_err app_flash_set(struct app *app, const char *session_token, bool error,
                          const char *message);
/* Takes the session's flash (read and deleted): PX_NOTFOUND when there is
 * none; *message in app->arena. */
enum px_err app_flash_take(struct app *app, const char *session_token, bool *error,
                           const char **message);
#endif
