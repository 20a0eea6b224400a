/*
 * Users, sign-in, sessions and API tokens: the use cases behind
 * `parindex user ...`, `parindex token ...`, the sign-in pages and the
 * router's authentication. Every change runs in one transaction with its
 * audit entry; secrets (passwords, session and API tokens) are never
 * stored or logged: passwords as argon2id (libsodium crypto_pwhash_str),
 * tokens as their SHA-256. Housekeeping writes that no person asked for
 * (throttling counters, a session's last activity, purging expired
 * sessions) are not audited: they change no data of the system, and an
 * attacker must not be able to flood the audit chain.
 */
#ifndef PARINDEX_APP_USER_H
#define PARINDEX_APP_USER_H
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "store/repo_user.h"

#define USER_MIN_PASSWORD 8                 /* characters */
#define USER_MAX_PASSWORD 1024              /* bytes */
#define SESSION_IDLE_SECONDS (2 * 3600)     /* signed out after 2 h idle */
#define SESSION_MAX_SECONDS (12 * 3600)     /* and after 12 h in any case */
#define LOGIN_WINDOW_SECONDS (15 * 60)      /* throttling window */
#define LOGIN_MAX_FAILURES_LOGIN 5          /* per (address, login) and window */
#define LOGIN_MAX_FAILURES_ADDR 20          /* per client address and window */
#define LOGIN_SLOW_DELAY_MS 200             /* a login with 5 failures from
                                               anywhere: each try waits this */
#define DEMO_PASSWORD "demo-parindex"       /* every demo user's password */

/* A login as stored: ASCII letters lowercased (in a). The one place
 * logins are normalised: every use case that takes a login from a person
 * (add, sign-in, disable, token create) looks it up through this. */
const char *app_login_normal(struct arena *a, const char *login);

/* Adds a user. login: 1-64 of [a-z0-9._-] (lowercased); role: roles.h;
 * unit_code: required for roles that need a unit, must exist; password
 * at least USER_MIN_PASSWORD characters; name defaults to the login;
 * lang "vi" or "en" (NULL: "vi"). Problems go to d (PX_BADINPUT), a
 * login taken is PX_BADINPUT too. */
enum px_err app_user_add(struct app *app, const char *login, const char *name,
                         const char *role, const char *unit_code, const char *password,
                         const char *lang, struct diags *d);
/* Gives login a further grant: role over unit_code's subtree (NULL or "":
 * the root, city-wide). The same checks as app_user_add's role and unit;
 * a grant the user already holds is PX_BADINPUT; PX_NOTFOUND for an
 * unknown login. Audited ("grant"). */
enum px_err app_user_grant(struct app *app, const char *login, const char *role,
                           const char *unit_code, struct diags *d);
/* Revokes login's active grant (role, unit_code): stamped, never deleted;
 * audited ("revoke"). PX_NOTFOUND when there is no such login or active
 * grant, PX_BADINPUT for the user's last grant (disable the user instead).
 * The user's shown role and unit become its first remaining grant. */
enum px_err app_user_revoke(struct app *app, const char *login, const char *role,
                            const char *unit_code, struct diags *d);
/* The grants of login (NULL: every user's), revoked ones too when all;
 * rows in app->arena, by login then age. */
enum px_err app_grant_list(struct app *app, const char *login, bool all, struct grant_rec **out,
                           size_t *n);
/* Every user (no hashes), by login; rows in app->arena. */
enum px_err app_user_list(struct app *app, struct user_rec **out, size_t *n);
/* Disables a user (PX_NOTFOUND): sessions end, tokens stop working. */
enum px_err app_user_disable(struct app *app, const char *login);
/* Sets a user's language preference ("vi" or "en"). */
enum px_err app_user_set_lang(struct app *app, int64_t user_id, const char *lang);

enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_THROTTLED, LOGIN_ERROR };

struct session {
	const char *token;     /* the cookie value (only from app_login) */
	const char *csrf;
	struct user_rec user;
};

/* Checks login and password, with the same work whether or not the
 * login exists. LOGIN_THROTTLED after LOGIN_MAX_FAILURES_LOGIN failures
 * in the window for this (addr, login), or LOGIN_MAX_FAILURES_ADDR for
 * addr; failures of the login from other addresses never refuse, they
 * delay each try by LOGIN_SLOW_DELAY_MS. On LOGIN_OK a new session is in
 * out (strings in app->arena), the (addr, login) counter is cleared and
 * the sign-in is audited. */
enum login_result app_login(struct app *app, const char *login, const char *password,
                            const char *addr, struct session *out);
/* The session of a cookie token, if valid now (PX_NOTFOUND otherwise);
 * records activity at most once a minute. */
enum px_err app_session_lookup(struct app *app, const char *token, struct session *out);
/* Ends the session of token (audited as the session's user). */
enum px_err app_logout(struct app *app, const char *token);
/* Changes a user's password after checking the current one (PX_DENIED
 * when wrong, PX_BADINPUT with d when the new one is too short); every
 * other session of the user ends (keep_token's stays; may be NULL). */
enum px_err app_password_change(struct app *app, int64_t user_id, const char *current,
                                const char *new_password, const char *keep_token,
                                struct diags *d);

/* Creates an API bearer token for login; *token (app->arena) is shown
 * once and never stored. PX_NOTFOUND for an unknown login. */
enum px_err app_token_create(struct app *app, const char *login, const char *label,
                             int64_t *id, const char **token);
/* Revokes a token (PX_NOTFOUND: no such valid token). */
enum px_err app_token_revoke(struct app *app, int64_t id);
/* The user of a valid bearer token, or PX_NOTFOUND. */
enum px_err app_token_lookup(struct app *app, const char *token, struct user_rec *out);
enum px_err app_token_list(struct app *app, struct token_rec **out, size_t *n);
/* The tokens of one user (valid and revoked), for their own token page. */
enum px_err app_token_list_of(struct app *app, const char *login, struct token_rec **out,
                              size_t *n);
/* Revokes a valid token of login (any user's when any_user: the admin);
 * PX_NOTFOUND for another user's token, as for one that does not exist. */
enum px_err app_token_revoke_of(struct app *app, const char *login, bool any_user, int64_t id);

/* The demo's users (DESIGN.md roles; password DEMO_PASSWORD), logins that
 * exist are left alone; marks the database as demo (setting demo = 1).
 * Called at the end of app_demo. */
enum px_err app_demo_users(struct app *app, struct diags *d);
/* The demo sign-ins, NULL-terminated {login, role, unit} rows. */
extern const char *const app_demo_logins[][3];

/* A setting's value (app->arena), or NULL. */
const char *app_setting_get(struct app *app, const char *name);

/* A page of the audit log, newest first, and the chain check. */
enum px_err app_audit_page(struct app *app, long offset, long limit, struct audit_rec **out,
                           size_t *n, long *total);
#endif
